//! `stele export xliff|po|tmx` and `stele import FILE.xlf|.xliff|.po` (issue 15): the CAT-tool
//! exchange of [`crate::exchange`] wired to the project. Exports go to `out/exchange/`
//! (`<lang>.xlf` XLIFF 2.1, `<lang>.xliff12.xlf` XLIFF 1.2, `<lang>.po`, `memory.tmx`), each an
//! atomic write; an import merges into `translations/<lang>.md` by atomic replace, and writes
//! nothing when the file is damaged or any unit has an error.

use crate::align::format::{self, TranslationFile};
use crate::app::translations::TranslationSet;
use crate::diag::Diagnostic;
use crate::exchange::{self, Format};
use crate::io::{self, Project};
use crate::model::Lang;
use std::collections::BTreeMap;

/// What `stele export xliff|po|tmx` is asked for.
#[derive(Debug, Clone)]
pub struct ExchangeRequest {
    pub format: Format,
    /// Target languages as given (empty: every target language).
    pub langs: Vec<String>,
}

fn error(msg: impl Into<String>, hint: &str) -> Diagnostic {
    Diagnostic::error("exchange", msg).hint(hint.to_string())
}

fn target_lang(config: &crate::config::Config, tag: &str) -> Result<Lang, Diagnostic> {
    match Lang::parse(tag) {
        Ok(l) if config.document.target_langs.contains(&l) => Ok(l),
        Ok(l) => Err(error(
            format!("`{l}` is not a target language of this edition"),
            "give one of document.target_langs in source/edition.toml",
        )),
        Err(e) => Err(error(e, "give a language tag, e.g. --lang ar")),
    }
}

/// A translation file as read: its text and what it parses to.
type Existing = (String, TranslationFile);

/// Reads and parses a language's translation (its chapter files joined, issue 16; `None` when
/// there is none).
fn translation(
    project: &Project,
    config: &crate::config::Config,
    lang: &Lang,
    segments: &[crate::normalize::SourceSegment],
) -> Result<(TranslationSet, Option<Existing>), Vec<Diagnostic>> {
    let set = TranslationSet::read(project, config, lang).map_err(|d| vec![d])?;
    let shown = set.shown.clone();
    let joined = set.joined();
    let Some(bytes) = joined.bytes.as_deref() else {
        return Ok((set, None));
    };
    let remap = |d| TranslationSet::remap(joined.map.as_ref(), segments, d);
    match format::parse(bytes, &shown, lang) {
        (Some(f), _) if joined.diags.is_empty() => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            Ok((set, Some((text, f))))
        }
        (_, d) => {
            let mut d: Vec<Diagnostic> = joined
                .diags
                .iter()
                .cloned()
                .chain(d.into_iter().map(remap))
                .collect();
            d.push(
                error(
                    format!("the translation file has errors; nothing was exported or imported for `{lang}`"),
                    "fix the errors above (stele align lists them), then run the command again",
                )
                .file(&shown)
                .lang(lang.as_str()),
            );
            // Every error of a broken file is this language's: the export leaves out only it.
            for x in &mut d {
                if x.lang.is_none() {
                    x.lang = Some(lang.to_string());
                }
            }
            Err(d)
        }
    }
}

pub fn export_cmd(project: &Project, req: &ExchangeRequest) -> Vec<Diagnostic> {
    let staged = crate::app::load_normalized(project);
    let mut diags: Vec<Diagnostic> = staged.diags.into_iter().filter(|d| d.is_error()).collect();
    let Some((config, n)) = staged.value else {
        return diags;
    };
    let config = &config;
    let tags: Vec<String> = if req.langs.is_empty() {
        config
            .document
            .target_langs
            .iter()
            .map(|l| l.to_string())
            .collect()
    } else {
        req.langs.clone()
    };
    let mut langs = Vec::new();
    for t in &tags {
        match target_lang(config, t) {
            Ok(l) => langs.push(l),
            Err(d) => diags.push(d.file(project.display(&project.config_path()))),
        }
    }
    let history = crate::app::accept::load_history(project, config).ok();
    let source = project.source_path(config).map(|p| project.display(&p));
    let opts = exchange::ExportOptions {
        source_lang: config.document.source_lang.clone(),
        original: source.map(|p| p.display().to_string()).unwrap_or_default(),
        // A book's units name their own chapter's file (issue 16).
        chapter_files: project
            .chapter_paths(config)
            .map(|v| {
                v.iter()
                    .map(|p| project.display(p).display().to_string())
                    .collect()
            })
            .unwrap_or_default(),
        citations: n.citations.clone(),
    };
    let report = last_report(project, &n.source_fingerprint);
    if report.is_none() {
        diags.push(
            Diagnostic::info(
                "exchange",
                "no QA notes: out/reports/alignment.json is missing or from another source text",
            )
            .hint("run `stele align` first to add its findings to the units' notes"),
        );
    }
    let cites = exchange::source_cites(&n.doc);
    let mut per_lang = Vec::new();
    // A language whose file is broken is refused with its diagnostics; the others are exported
    // (the exit status is non-zero all the same, from those errors).
    let global_errors = crate::diag::has_errors(&diags);
    for lang in langs {
        let file = match translation(project, config, &lang, &n.segments) {
            Ok((_, f)) => f,
            Err(d) => {
                diags.extend(d);
                continue;
            }
        };
        let file = file.as_ref().map(|(_, f)| f);
        let findings = report.as_ref().map(|r| findings(r, &lang, file));
        // Without QA results (no report) nothing can be called reviewed (`Unit::checked`).
        let units = exchange::units(
            &n.segments,
            file,
            findings.as_ref(),
            history.as_ref(),
            &cites,
        );
        per_lang.push((lang, units));
    }
    if global_errors || per_lang.is_empty() {
        return diags;
    }
    diags.extend(write_exports(project, req.format, &per_lang, &opts));
    diags
}

/// Writes the export of every language (one TMX for all) under `out/exchange/`.
fn write_exports(
    project: &Project,
    format: Format,
    per_lang: &[(Lang, Vec<exchange::Unit>)],
    opts: &exchange::ExportOptions,
) -> Vec<Diagnostic> {
    let outputs: Vec<(String, String)> = match format {
        Format::Tmx => vec![(
            Format::Tmx.file_name(&opts.source_lang),
            exchange::export_tmx(per_lang, opts),
        )],
        f => per_lang
            .iter()
            .map(|(l, u)| (f.file_name(l), exchange::export(f, l, u, opts)))
            .collect(),
    };
    let mut diags = Vec::new();
    for (name, text) in outputs {
        let path = project.out.join("exchange").join(&name);
        match io::write_atomic(&path, text.as_bytes()) {
            Ok(()) => diags.push(Diagnostic::info(
                "exchange",
                format!("wrote {}", project.display(&path).display()),
            )),
            Err(d) => diags.push(d),
        }
    }
    diags
}

/// The last `stele align` report (`out/reports/alignment.json`) when it is of the current source.
fn last_report(project: &Project, source_fingerprint: &str) -> Option<serde_json::Value> {
    let path = project.out.join("reports/alignment.json");
    let bytes = io::read_optional(&path, &project.display(&path)).ok()??;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    (v["source"]["fingerprint"].as_str() == Some(source_fingerprint)).then_some(v)
}

/// The report's open QA findings of `lang` by segment (`code: message`), for the segments whose
/// text is still the one the report checked (an edited div's findings are not carried over).
fn findings(
    report: &serde_json::Value,
    lang: &Lang,
    file: Option<&TranslationFile>,
) -> BTreeMap<String, Vec<String>> {
    let checked: BTreeMap<&str, &str> = report["segments"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| {
            Some((
                s["id"].as_str()?,
                s["translations"][lang.as_str()]["text"].as_str()?,
            ))
        })
        .collect();
    let unchanged = |id: &str| {
        let now = file
            .and_then(|f| f.div(id))
            .map(|d| d.text())
            .unwrap_or_default();
        checked.get(id).is_some_and(|t| *t == now)
    };
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in report["findings"].as_array().into_iter().flatten() {
        let (Some(id), Some(code), Some(sev)) = (
            f["segment"].as_str(),
            f["code"].as_str(),
            f["severity"].as_str(),
        ) else {
            continue;
        };
        if f["lang"].as_str() != Some(lang.as_str())
            || sev == "info"
            || crate::align::HOLE_CODES.contains(&code)
            || !unchanged(id)
        {
            continue;
        }
        let msg = f["message"].as_str().unwrap_or_default();
        m.entry(id.to_string())
            .or_default()
            .push(format!("{code}: {msg}"));
    }
    m
}

/// `stele import FILE.xlf|.xliff|.po [--lang xx] [--dry-run]`.
pub fn import_cmd(
    project: &Project,
    req: &crate::app::request::ImportRequest,
    fmt: Format,
) -> Vec<Diagnostic> {
    let staged = crate::app::load_normalized(project);
    let mut diags = staged.diags;
    let Some((config, n)) = staged.value else {
        return diags;
    };
    let shown_in = req.file.clone();
    let bytes = match io::read(&req.file, &shown_in) {
        Ok(b) => b,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    let read = exchange::read(&bytes, fmt, &shown_in);
    diags.extend(read.diags);
    let Some(file) = read.value else {
        return diags;
    };
    let lang = match import_lang(&config, &req.lang, file.target_lang.as_deref()) {
        Ok(l) => l,
        Err(d) => {
            diags.push(d.file(&shown_in));
            return diags;
        }
    };
    let (set, existing) = match translation(project, &config, &lang, &n.segments) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            return diags;
        }
    };
    let cites = exchange::source_cites(&n.doc);
    let against = exchange::Against {
        segments: &n.segments,
        existing: existing.as_ref().map(|(_, f)| f),
        citations: &n.citations,
        cites: &cites,
        file: &shown_in,
        lang: &lang,
    };
    let rec = exchange::reconcile(&file, &against);
    diags.extend(rec.diags);
    let Some(updates) = rec.value else {
        diags.push(
            error(
                "the file has errors; nothing was written",
                "fix the units named above in the CAT tool, export again, then import",
            )
            .file(&shown_in)
            .lang(lang.as_str()),
        );
        return diags;
    };
    let target = (&set, existing.as_ref());
    diags.extend(write_import(
        req,
        target,
        &n.segments,
        &file,
        &updates,
        &lang,
    ));
    diags
}

/// The language to import into: `--lang`, else the file's; they must agree.
fn import_lang(
    config: &crate::config::Config,
    given: &str,
    declared: Option<&str>,
) -> Result<Lang, Diagnostic> {
    let declared = declared.map(Lang::parse);
    let lang = match (given, &declared) {
        ("", Some(Ok(l))) => target_lang(config, l.as_str())?,
        ("", _) => {
            return Err(error(
                "the file declares no target language",
                "give it with --lang, e.g. --lang ar",
            ))
        }
        (t, _) => target_lang(config, t)?,
    };
    match declared {
        Some(Ok(d)) if d != lang => Err(error(
            format!("the file is a translation into `{d}`, not `{lang}`; nothing was written"),
            &format!("import it with --lang {d}, or export the file for {lang} again"),
        )
        .lang(lang.as_str())),
        _ => Ok(lang),
    }
}

/// Writes the updates into the translation file, or each into its chapter file (issue 16:
/// where the div is, else the file of its segment's chapter), unless `--dry-run` or nothing
/// changes.
fn write_import(
    req: &crate::app::request::ImportRequest,
    (set, existing): (&TranslationSet, Option<&Existing>),
    segments: &[crate::normalize::SourceSegment],
    file: &exchange::ImportedFile,
    updates: &BTreeMap<String, exchange::Update>,
    lang: &Lang,
) -> Vec<Diagnostic> {
    let summary = format!(
        "{} unit(s) read, {} div(s) to update in {}",
        file.units.len(),
        updates.len(),
        set.shown.display()
    );
    let info = |m: String| {
        Diagnostic::info("exchange", m)
            .file(&req.file)
            .lang(lang.as_str())
    };
    if req.dry_run || updates.is_empty() {
        let why = match req.dry_run {
            true => "--dry-run: nothing was written",
            false => "nothing changed",
        };
        return vec![info(format!("{summary}; {why}"))];
    }
    if !set.per_chapter {
        let original = existing.map(|(t, _)| t.as_str());
        let p = &set.parts[0];
        let written = merged(p, original, lang, segments, updates)
            .and_then(|t| io::write_atomic(&p.path, t.as_bytes()));
        return match written {
            Ok(()) => vec![info(summary)],
            Err(d) => vec![d],
        };
    }
    let mut texts = Vec::new();
    for p in &set.parts {
        let original = p.bytes.as_deref().map(String::from_utf8_lossy);
        let here = original
            .as_deref()
            .and_then(|t| format::parse(t.as_bytes(), &p.shown, lang).0);
        let mine: BTreeMap<String, exchange::Update> = updates
            .iter()
            .filter(|(id, _)| match here.as_ref().and_then(|f| f.div(id)) {
                Some(_) => true,
                None => {
                    let in_other = existing.is_some_and(|(_, f)| f.div(id).is_some());
                    !in_other
                        && segments
                            .iter()
                            .any(|s| &s.id == *id && s.chapter == p.chapter)
                }
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !mine.is_empty() {
            texts.push((p, original.map(|o| o.into_owned()), mine));
        }
    }
    // Every file's new text first: nothing is written when one cannot be made.
    let mut out = Vec::new();
    for (p, original, mine) in &texts {
        let segs = set.segments_of(p, segments);
        match merged(p, original.as_deref(), lang, &segs, mine) {
            Ok(t) => out.push((p, t)),
            Err(d) => return vec![d],
        }
    }
    for (p, t) in out {
        if let Err(d) = io::write_atomic(&p.path, t.as_bytes()) {
            return vec![d];
        }
    }
    vec![info(summary)]
}

/// One file of the set with its updates merged in (a new file when there is none).
fn merged(
    p: &crate::app::translations::PartFile,
    original: Option<&str>,
    lang: &Lang,
    segments: &[crate::normalize::SourceSegment],
    updates: &BTreeMap<String, exchange::Update>,
) -> Result<String, Diagnostic> {
    exchange::merge::apply(original, &p.shown, lang, segments, updates).map_err(|m| {
        error(
            format!("{m}; nothing was written"),
            "report this with the file",
        )
        .file(&p.shown)
    })
}
