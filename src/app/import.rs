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
    let lang = match target_lang(project, &config, &req.lang) {
        Ok(l) => l,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    let shown_in = req.file.clone();
    let paras = match imported_paragraphs(&shown_in, &lang) {
        Ok(p) => p,
        Err(d) => {
            diags.push(d);
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
        (Some(b), true) => match parse_for_merge(b, &shown, &lang, &joined, &n.segments) {
            Ok(p) => Some(p),
            Err(d) => {
                diags.extend(d);
                return diags;
            }
        },
        _ => None,
    };
    let glossary = project_glossary(project, &config);
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
    let out = Written {
        set: &set,
        segments: &n.segments,
        fills: &fills,
        notes: &notes,
        from: &from,
        lang: &lang,
    };
    let written = match write_translation(req, &out, parsed.as_ref(), &mut diags) {
        Ok(w) => w,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };

    // Findings for what needs a look.
    diags.extend(rows.iter().filter_map(|r| row_finding(r, &shown_in, &lang)));
    let done = Done {
        lang: &lang,
        file: &shown_in,
        written: written.as_deref(),
        segments: n.segments.len(),
        paras: paras.len(),
        alignment: &a,
        rows: &rows,
    };
    diags.push(summary(&done, req.dry_run));
    diags.extend(write_reports(project, &config.document.source_lang, &done));
    diags
}

/// An import's alignment, for its summary and reports.
struct Done<'a> {
    lang: &'a Lang,
    /// The imported file.
    file: &'a std::path::Path,
    /// The translation files written, if any.
    written: Option<&'a str>,
    segments: usize,
    paras: usize,
    alignment: &'a imp::Alignment,
    rows: &'a [imp::Row],
}

/// One line: how many paragraphs were aligned how.
fn summary(d: &Done, dry_run: bool) -> Diagnostic {
    let counts = imp::counts(d.rows)
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect::<Vec<_>>()
        .join(", ");
    let lang = d.lang;
    Diagnostic::info(
        "import",
        format!(
            "{} paragraphs aligned to {} segments: {counts} (length ratio {:.2}, spread {:.2}){}",
            d.paras,
            d.segments,
            d.alignment.calibration.ratio,
            d.alignment.calibration.sigma,
            if dry_run {
                "; --dry-run: only the report was written"
            } else {
                ""
            }
        ),
    )
    .file(d.file)
    .lang(lang.as_str())
    .hint(format!(
        "the pairs side by side: out/reports/import-{lang}.html"
    ))
}

/// `out/reports/import-<lang>.{json,html}`.
fn write_reports(project: &Project, source_lang: &Lang, d: &Done) -> Vec<Diagnostic> {
    let lang = d.lang;
    let file_shown = d.file.display().to_string();
    let json = imp::report_json(
        lang,
        &file_shown,
        d.written,
        d.segments,
        d.paras,
        d.alignment,
        d.rows,
    );
    let html = imp::report_html(lang, source_lang, &file_shown, d.rows);
    let mut diags = Vec::new();
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

/// The paragraphs of the file to import.
fn imported_paragraphs(
    file: &std::path::Path,
    lang: &Lang,
) -> Result<Vec<imp::Paragraph>, Diagnostic> {
    let bytes = io::read(file, file)?;
    imp::read_paragraphs(&bytes).map(|(_, p)| p).map_err(|msg| {
        error(
            msg,
            "give a UTF-8 text, Markdown or stele translation file; nothing was written",
        )
        .file(file)
        .lang(lang.as_str())
    })
}

/// The `--lang` tag, which must be a target language of the edition.
fn target_lang(
    project: &Project,
    config: &crate::config::Config,
    tag: &str,
) -> Result<Lang, Diagnostic> {
    match Lang::parse(tag) {
        Ok(l) if config.document.target_langs.contains(&l) => Ok(l),
        Ok(l) => Err(error(
            format!("`{l}` is not a target language of this edition"),
            "add it to document.target_langs in source/edition.toml first",
        )
        .file(project.display(&project.config_path()))),
        Err(e) => Err(error(e, "give a language tag, e.g. --lang ar")),
    }
}

/// The existing translation, for `--merge`: its text and its divs; its errors (and one saying
/// nothing was imported) when it does not parse, since a broken file is never rewritten.
fn parse_for_merge(
    bytes: &[u8],
    shown: &std::path::Path,
    lang: &Lang,
    joined: &crate::app::translations::Joined,
    segments: &[crate::normalize::SourceSegment],
) -> Result<(String, crate::align::format::TranslationFile), Vec<Diagnostic>> {
    let (f, d) = crate::align::format::parse(bytes, shown, lang);
    if let Some(f) = f {
        return Ok((String::from_utf8_lossy(bytes).into_owned(), f));
    }
    let remap =
        |d| crate::app::translations::TranslationSet::remap(joined.map.as_ref(), segments, d);
    let mut diags: Vec<Diagnostic> = d.into_iter().map(remap).collect();
    diags.push(
        error(
            "the translation file has errors; nothing was imported",
            "fix the errors above, then import again",
        )
        .file(shown)
        .lang(lang.as_str()),
    );
    Err(diags)
}

/// The glossary, when there is one that reads (its errors are `stele align`'s to report).
fn project_glossary(
    project: &Project,
    config: &crate::config::Config,
) -> Option<crate::align::glossary::Glossary> {
    let name = config.align.glossary.as_ref()?;
    let p = project
        .confine("align.glossary", &project.translations_dir().join(name))
        .ok()?;
    let b = io::read_optional(&p, &project.display(&p)).ok()??;
    crate::align::glossary::Glossary::parse(&b, &p, config).ok()
}

/// What the import writes into the translation set.
struct Written<'a> {
    set: &'a crate::app::translations::TranslationSet,
    segments: &'a [crate::normalize::SourceSegment],
    fills: &'a [imp::Fill],
    notes: &'a std::collections::BTreeMap<usize, Vec<String>>,
    /// The imported file's name, recorded in a new file's front matter.
    from: &'a str,
    lang: &'a Lang,
}

/// Writes the translation (a new file, the merged file, or the chapter files), telling what it
/// did; returns the files written, if any. Nothing is written with `--dry-run`.
fn write_translation(
    req: &ImportRequest,
    out: &Written,
    parsed: Option<&(String, crate::align::format::TranslationFile)>,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<String>, Diagnostic> {
    let (set, lang, shown) = (out.set, out.lang, &out.set.shown);
    let told = |what: String| {
        Diagnostic::info("import", what)
            .file(shown)
            .lang(lang.as_str())
            .hint("review the divs marked import=\"review\"")
    };
    if req.dry_run {
        return Ok(None);
    }
    if set.per_chapter {
        // Issue 16: the imported translation split across the chapter files.
        let (files, filled) = crate::app::translations::import_parts(
            set,
            out.segments,
            out.fills,
            out.notes,
            out.from,
        )?;
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        let what = match req.merge {
            true => format!(
                "--merge: filled {filled} missing or empty div(s); divs with text were kept"
            ),
            false => format!("wrote {} chapter file(s)", files.len()),
        };
        diags.push(told(format!("{what}: {}", names.join(", "))));
        return Ok((!names.is_empty()).then(|| names.join(", ")));
    }
    let text = match parsed {
        Some((original, f)) => {
            let (text, filled) = imp::render_merge(original, f, out.segments, out.fills);
            diags.push(told(format!(
                "--merge: filled {} missing or empty div(s); divs with text were kept",
                filled.len()
            )));
            (!filled.is_empty()).then_some(text)
        }
        None => Some(imp::render_new(
            lang,
            out.segments,
            out.fills,
            out.notes,
            out.from,
        )),
    };
    let Some(text) = text else {
        return Ok(None);
    };
    io::write_atomic(&set.parts[0].path, text.as_bytes())?;
    Ok(Some(shown.display().to_string()))
}

/// The finding for an aligned row that needs a look (a pair kept or recorded as it was has none).
fn row_finding(r: &imp::Row, shown_in: &std::path::Path, lang: &Lang) -> Option<Diagnostic> {
    let seg = r.source.first().cloned();
    let (sev, msg) = match (r.kind, r.status.as_str()) {
        (_, "kept") => return None,
        (imp::Move::OneOne, "recorded") => return None,
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
        .file(shown_in)
        .line(r.target_lines.first().copied().unwrap_or(1))
        .lang(lang.as_str())
        .hint("see out/reports/import-".to_string() + lang.as_str() + ".html");
    if let Some(s) = seg {
        d = d.segment(s);
    }
    Some(d)
}
