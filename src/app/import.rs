//! `stele import --lang xx FILE [--merge] [--dry-run]` (issue 14): aligns an existing translation
//! without segment IDs to the source segments ([`crate::align::import`]) and writes
//! `translations/<lang>.md` (atomic; with `--merge` only into missing or empty divs) and
//! `out/reports/import-<lang>.{json,html}`. `--dry-run` writes only the reports. A file that
//! cannot be imported (binary, not UTF-8, empty, in another language, one giant paragraph) is an
//! error and nothing is written.

use crate::align::import as imp;
use crate::diag::Diagnostic;
use crate::io::{self, Project};
use crate::model::Lang;

pub use super::request::ImportRequest;

fn error(msg: impl Into<String>, hint: &str) -> Diagnostic {
    Diagnostic::error("import", msg).hint(hint.to_string())
}

pub fn import_cmd(project: &Project, req: &ImportRequest) -> Vec<Diagnostic> {
    // An XLIFF or PO file from a CAT tool (issue 15), keyed by segment ID: no alignment needed.
    if let Some(fmt) = crate::exchange::format_of(&req.file) {
        return crate::app::exchange::import_cmd(project, req, fmt);
    }
    let staged = crate::app::load_normalized(project);
    let mut diags = staged.diags;
    let Some((config, n)) = staged.value else {
        return diags;
    };
    let lang = match Lang::parse(&req.lang) {
        Ok(l) if config.document.target_langs.contains(&l) => l,
        Ok(l) => {
            diags.push(
                error(
                    format!("`{l}` is not a target language of this edition"),
                    "add it to document.target_langs in source/edition.toml first",
                )
                .file(project.display(&project.config_path())),
            );
            return diags;
        }
        Err(e) => {
            diags.push(error(e, "give a language tag, e.g. --lang ar"));
            return diags;
        }
    };
    let shown_in = req.file.clone();
    let bytes = match io::read(&req.file, &shown_in) {
        Ok(b) => b,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    let paras = match imp::read_paragraphs(&bytes) {
        Ok((_, p)) => p,
        Err(msg) => {
            diags.push(
                error(
                    msg,
                    "give a UTF-8 text, Markdown or stele translation file; nothing was written",
                )
                .file(&shown_in)
                .lang(lang.as_str()),
            );
            return diags;
        }
    };
    let set = match crate::app::translations::TranslationSet::read(project, &config, &lang) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    let path = set.parts[0].path.clone();
    let shown = set.shown.clone();
    let joined = set.joined();
    if joined.map.as_ref().is_some_and(|m| m.broken) {
        diags.extend(joined.diags);
        diags.push(
            error(
                "a chapter file has errors; nothing was imported",
                "fix the errors above, then import again",
            )
            .file(&shown)
            .lang(lang.as_str()),
        );
        return diags;
    }
    let existing = joined.bytes.as_deref();
    if existing.is_some() && !req.merge && !req.dry_run {
        diags.push(
            error(
                format!("{} exists; stele import does not replace a translation file", shown.display()),
                "add --merge to fill only its missing and empty divs, or --dry-run to see the alignment",
            )
            .file(&shown)
            .lang(lang.as_str()),
        );
        return diags;
    }
    // The existing file, for --merge: must parse (never rewrite a broken file).
    let parsed = match (&existing, req.merge) {
        (Some(b), true) => {
            let (f, d) = crate::align::format::parse(b, &shown, &lang);
            match f {
                Some(f) => Some((String::from_utf8_lossy(b).into_owned(), f)),
                None => {
                    let remap = |d| {
                        crate::app::translations::TranslationSet::remap(
                            joined.map.as_ref(),
                            &n.segments,
                            d,
                        )
                    };
                    diags.extend(d.into_iter().map(remap));
                    diags.push(
                        error(
                            "the translation file has errors; nothing was imported",
                            "fix the errors above, then import again",
                        )
                        .file(&shown)
                        .lang(lang.as_str()),
                    );
                    return diags;
                }
            }
        }
        _ => None,
    };
    // The glossary, when there is one that reads (its errors are `stele align`'s to report).
    let glossary = config.align.glossary.as_ref().and_then(|name| {
        let p = project
            .confine("align.glossary", &project.translations_dir().join(name))
            .ok()?;
        let b = io::read_optional(&p, &project.display(&p)).ok()??;
        crate::align::glossary::Glossary::parse(&b, &p, &config).ok()
    });
    let terms = imp::Terms::new(glossary.as_ref(), &lang);
    let src = imp::source_anchors(&n.segments, &config.document.source_lang, &terms);
    let tgt = imp::target_anchors(&paras, &lang, &terms);
    if let Some(msg) = imp::refuse(&src, &tgt, &paras, &lang) {
        diags.push(
            error(msg, "check the file and --lang; nothing was written")
                .file(&shown_in)
                .lang(lang.as_str()),
        );
        return diags;
    }
    let a = imp::align(&src, &tgt);
    let (fills, notes) = imp::fills(&n.segments, &paras, &a);
    let kept = |id: &str| {
        parsed
            .as_ref()
            .and_then(|(_, f)| f.div(id))
            .is_some_and(|d| !d.is_empty())
    };
    let rows = imp::rows(&n.segments, &paras, &a, &kept);
    let from = req
        .file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();

    // The translation file.
    let mut written = None;
    if !req.dry_run && set.per_chapter {
        // Issue 16: the imported translation split across the chapter files.
        let parts =
            crate::app::translations::import_parts(&set, &n.segments, &fills, &notes, &from);
        match parts {
            Ok((files, filled)) => {
                let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                let what = match req.merge {
                    true => format!("--merge: filled {filled} missing or empty div(s); divs with text were kept"),
                    false => format!("wrote {} chapter file(s)", files.len()),
                };
                diags.push(
                    Diagnostic::info("import", format!("{what}: {}", names.join(", ")))
                        .file(&shown)
                        .lang(lang.as_str())
                        .hint("review the divs marked import=\"review\""),
                );
                written = (!names.is_empty()).then(|| names.join(", "));
            }
            Err(d) => {
                diags.push(d);
                return diags;
            }
        }
    } else if !req.dry_run {
        let text = match &parsed {
            Some((original, f)) => {
                let (text, filled) = imp::render_merge(original, f, &n.segments, &fills);
                diags.push(
                    Diagnostic::info(
                        "import",
                        format!(
                            "--merge: filled {} missing or empty div(s); divs with text were kept",
                            filled.len()
                        ),
                    )
                    .file(&shown)
                    .lang(lang.as_str())
                    .hint("review the divs marked import=\"review\""),
                );
                (!filled.is_empty()).then_some(text)
            }
            None => Some(imp::render_new(&lang, &n.segments, &fills, &notes, &from)),
        };
        if let Some(text) = text {
            if let Err(d) = io::write_atomic(&path, text.as_bytes()) {
                diags.push(d);
                return diags;
            }
            written = Some(shown.display().to_string());
        }
    }

    // Findings for what needs a look.
    for r in &rows {
        let seg = r.source.first().cloned();
        let (sev, msg) = match (r.kind, r.status.as_str()) {
            (_, "kept") => continue,
            (imp::Move::OneOne, "recorded") => continue,
            (imp::Move::OneOne, _) if r.swapped => (
                crate::diag::Severity::Warning,
                format!(
                    "paragraph {} comes in the other order than its neighbour's (the two are swapped; score {:.2}): marked import=\"review\"",
                    r.target[0], r.score
                ),
            ),
            (imp::Move::OneOne, _) => (
                crate::diag::Severity::Warning,
                format!(
                    "low-confidence pair (score {:.2}) with paragraph {}: marked import=\"review\"",
                    r.score, r.target[0]
                ),
            ),
            (imp::Move::TwoOne, _) => (
                crate::diag::Severity::Warning,
                format!(
                    "paragraph {} translates {} together (2:1): put into the first div for review",
                    r.target[0],
                    r.source.join(" and ")
                ),
            ),
            (imp::Move::OneTwo, _) => (
                crate::diag::Severity::Warning,
                format!(
                    "paragraphs {} translate this segment together (1:2): joined for review",
                    r.target
                        .iter()
                        .map(|t| t.to_string())
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            ),
            (imp::Move::Untranslated, _) => (
                crate::diag::Severity::Warning,
                format!(
                    "paragraph {} is still in the source language: the segment is untranslated",
                    r.target[0]
                ),
            ),
            (imp::Move::OneZero, _) => (
                crate::diag::Severity::Warning,
                "no paragraph of the imported file translates this segment (1:0)".to_string(),
            ),
            (imp::Move::ZeroOne, _) => (
                crate::diag::Severity::Warning,
                format!(
                    "paragraph {} matches no source segment (0:1): kept as a comment",
                    r.target[0]
                ),
            ),
        };
        let mut d = Diagnostic::new(sev, "import", msg)
            .file(&shown_in)
            .line(r.target_lines.first().copied().unwrap_or(1))
            .lang(lang.as_str())
            .hint("see out/reports/import-".to_string() + lang.as_str() + ".html");
        if let Some(s) = seg {
            d = d.segment(s);
        }
        diags.push(d);
    }
    let summary = imp::counts(&rows)
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect::<Vec<_>>()
        .join(", ");
    diags.push(
        Diagnostic::info(
            "import",
            format!(
                "{} paragraphs aligned to {} segments: {summary} (length ratio {:.2}, spread {:.2}){}",
                paras.len(),
                n.segments.len(),
                a.calibration.ratio,
                a.calibration.sigma,
                if req.dry_run { "; --dry-run: only the report was written" } else { "" }
            ),
        )
        .file(&shown_in)
        .lang(lang.as_str())
        .hint(format!("the pairs side by side: out/reports/import-{lang}.html")),
    );

    let file_shown = shown_in.display().to_string();
    let json = imp::report_json(
        &lang,
        &file_shown,
        written.as_deref(),
        n.segments.len(),
        paras.len(),
        &a,
        &rows,
    );
    let html = imp::report_html(&lang, &config.document.source_lang, &file_shown, &rows);
    for (name, text) in [
        (format!("reports/import-{lang}.json"), json),
        (format!("reports/import-{lang}.html"), html),
    ] {
        if let Err(d) = io::write_atomic(&project.out.join(name), text.as_bytes()) {
            diags.push(d);
        }
    }
    diags
}
