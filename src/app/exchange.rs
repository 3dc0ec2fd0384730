//! `stele export xliff|po|tmx` and `stele import FILE.xlf|.xliff|.po` (issue 15): the CAT-tool
//! exchange of [`crate::exchange`] wired to the project. Exports go to `out/exchange/`
//! (`<lang>.xlf` XLIFF 2.1, `<lang>.xliff12.xlf` XLIFF 1.2, `<lang>.po`, `memory.tmx`), each an
//! atomic write; an import merges into `translations/<lang>.md` by atomic replace, and writes
//! nothing when the file is damaged or any unit has an error.

use crate::align::format::{self, TranslationFile};
use crate::diag::{Diagnostic, Severity};
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

/// Reads and parses a language's translation file (`None` when there is none).
fn translation(
    project: &Project,
    config: &crate::config::Config,
    lang: &Lang,
) -> Result<(std::path::PathBuf, Option<(String, TranslationFile)>), Vec<Diagnostic>> {
    let path = crate::app::translation_path(project, config, lang).map_err(|d| vec![d])?;
    let shown = project.display(&path);
    let Some(bytes) = io::read_optional(&path, &shown).map_err(|d| vec![d])? else {
        return Ok((path, None));
    };
    match format::parse(&bytes, &shown, lang) {
        (Some(f), _) => Ok((
            path,
            Some((String::from_utf8_lossy(&bytes).into_owned(), f)),
        )),
        (None, mut d) => {
            d.push(
                error(
                    "the translation file has errors; nothing was exported or imported",
                    "fix the errors above (stele align lists them), then run the command again",
                )
                .file(&shown)
                .lang(lang.as_str()),
            );
            Err(d)
        }
    }
}

pub fn export_cmd(project: &Project, req: &ExchangeRequest) -> Vec<Diagnostic> {
    let staged = crate::app::run_align(project, None, true);
    let all = staged.diags;
    let mut diags: Vec<Diagnostic> = all.iter().filter(|d| d.is_error()).cloned().collect();
    let Some(run) = staged.value else {
        return diags;
    };
    let config = &run.config;
    let tags: Vec<String> = match req.format {
        _ if !req.langs.is_empty() => req.langs.clone(),
        _ => config
            .document
            .target_langs
            .iter()
            .map(|l| l.to_string())
            .collect(),
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
        citations: run.normalized.citations.clone(),
    };
    let mut per_lang = Vec::new();
    for lang in langs {
        let file = match translation(project, config, &lang) {
            Ok((_, f)) => f,
            Err(d) => {
                diags.extend(d);
                continue;
            }
        };
        let findings = findings(&all, &lang);
        let units = exchange::units(
            &run.normalized.segments,
            file.as_ref().map(|(_, f)| f),
            &findings,
            history.as_ref(),
        );
        per_lang.push((lang, units));
    }
    if crate::diag::has_errors(&diags) {
        return diags;
    }
    let outputs: Vec<(String, String)> = match req.format {
        Format::Tmx => vec![(
            Format::Tmx.file_name(&opts.source_lang),
            exchange::export_tmx(&per_lang, &opts),
        )],
        f => per_lang
            .iter()
            .map(|(l, u)| (f.file_name(l), exchange::export(f, l, u, &opts)))
            .collect(),
    };
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

/// Open QA findings of `lang` by segment (`code: message`), as the export's notes.
fn findings(all: &[Diagnostic], lang: &Lang) -> BTreeMap<String, Vec<String>> {
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in all {
        if d.lang.as_deref() != Some(lang.as_str())
            || d.severity == Severity::Info
            || crate::align::HOLE_CODES.contains(&d.code)
        {
            continue;
        }
        if let Some(id) = &d.segment {
            m.entry(id.clone())
                .or_default()
                .push(format!("{}: {}", d.code, d.message));
        }
    }
    m
}

/// `stele import FILE.xlf|.xliff|.po [--lang xx] [--dry-run]`.
pub fn import_cmd(
    project: &Project,
    req: &crate::app::import::ImportRequest,
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
    let declared = file.target_lang.as_deref().map(Lang::parse);
    let lang = match (req.lang.as_str(), &declared) {
        ("", Some(Ok(l))) => target_lang(&config, l.as_str()),
        ("", _) => Err(error(
            "the file declares no target language",
            "give it with --lang, e.g. --lang ar",
        )),
        (t, _) => target_lang(&config, t),
    };
    let lang = match lang {
        Ok(l) => l,
        Err(d) => {
            diags.push(d.file(&shown_in));
            return diags;
        }
    };
    if let Some(Ok(d)) = &declared {
        if *d != lang {
            diags.push(
                error(
                    format!(
                        "the file is a translation into `{d}`, not `{lang}`; nothing was written"
                    ),
                    &format!("import it with --lang {d}, or export the file for {lang} again"),
                )
                .file(&shown_in)
                .lang(lang.as_str()),
            );
            return diags;
        }
    }
    let (path, existing) = match translation(project, &config, &lang) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            return diags;
        }
    };
    let rec = exchange::reconcile(
        &file,
        &n.segments,
        existing.as_ref().map(|(_, f)| f),
        &n.citations,
        &shown_in,
        &lang,
    );
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
    let shown = project.display(&path);
    let summary = format!(
        "{} unit(s) read, {} div(s) to update in {}",
        file.units.len(),
        updates.len(),
        shown.display()
    );
    if req.dry_run || updates.is_empty() {
        let why = if req.dry_run {
            "--dry-run: nothing was written"
        } else {
            "nothing changed"
        };
        diags.push(
            Diagnostic::info("exchange", format!("{summary}; {why}"))
                .file(&shown_in)
                .lang(lang.as_str()),
        );
        return diags;
    }
    let original = existing.as_ref().map(|(t, _)| t.as_str());
    let text = match exchange::merge::apply(original, &shown, &lang, &n.segments, &updates) {
        Ok(t) => t,
        Err(m) => {
            diags.push(
                error(
                    format!("{m}; nothing was written"),
                    "report this with the file",
                )
                .file(&shown),
            );
            return diags;
        }
    };
    match io::write_atomic(&path, text.as_bytes()) {
        Ok(()) => diags.push(
            Diagnostic::info("exchange", summary)
                .file(&shown_in)
                .lang(lang.as_str()),
        ),
        Err(d) => diags.push(d),
    }
    diags
}
