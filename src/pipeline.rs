//! Wires the pure stages to the file system: what each subcommand reads, runs and writes.

use crate::cli::{AlignArgs, ExportArgs, Format};
use crate::diag::{Diagnostic, Staged};
use crate::io::{self, Project};
use crate::normalize::{self, ids::Registry, Normalized};

/// Loads the config, source text and ID registry, and normalizes (no writes).
pub fn load_normalized(project: &Project) -> Staged<(crate::config::Config, Normalized)> {
    let config = match project.load_config() {
        Ok(c) => c,
        Err(d) => return Staged::failed(vec![d]),
    };
    let src = project.source_path(&config);
    let shown = project.display(&src);
    let bytes = match io::read(&src, &shown) {
        Ok(b) => b,
        Err(d) => return Staged::failed(vec![d]),
    };
    let reg_path = project.registry_path(&config);
    let reg_shown = project.display(&reg_path);
    let registry: Option<Registry> = match io::read_optional(&reg_path, &reg_shown) {
        Ok(None) => None,
        Ok(Some(b)) => match serde_json::from_slice(&b) {
            Ok(r) => Some(r),
            Err(e) => {
                return Staged::failed(vec![Diagnostic::error("registry", format!("the ID registry is damaged: {e}"))
                    .file(&reg_shown)
                    .at(e.line() as u32, e.column() as u32)
                    .hint("restore it from version control; deleting it renumbers every segment and orphans translations")])
            }
        },
        Err(d) => return Staged::failed(vec![d]),
    };
    let input = normalize::Input {
        bytes: &bytes,
        file: &shown,
        config: &config,
        registry: registry.as_ref(),
    };
    let staged = normalize::normalize(&input);
    match staged.value {
        Some(n) => Staged::ok((config, n), staged.diags),
        None => Staged::failed(staged.diags),
    }
}

/// Persists the ID registry when it changed (atomic replace).
pub fn save_registry(
    project: &Project,
    config: &crate::config::Config,
    n: &Normalized,
) -> Result<(), Diagnostic> {
    let path = project.registry_path(config);
    let json = n.registry.to_json();
    let current = std::fs::read_to_string(&path).ok();
    if current.as_deref() != Some(json.as_str()) {
        io::write_atomic(&path, json.as_bytes())?;
    }
    Ok(())
}

/// `stele normalize`: writes `out/ast/<lang>.json` and `out/ast/references.json` (or prints the AST).
pub fn normalize_cmd(project: &Project, stdout: bool) -> Vec<Diagnostic> {
    let staged = load_normalized(project);
    let mut diags = staged.diags;
    let Some((config, n)) = staged.value else {
        return diags;
    };
    if let Err(d) = save_registry(project, &config, &n) {
        diags.push(d);
        return diags;
    }
    let json = crate::pandoc::to_json(&n.doc.ast);
    if stdout {
        print!("{json}");
        return diags;
    }
    let mut csl = serde_json::to_string_pretty(&n.csl).expect("csl serializes");
    csl.push('\n');
    let ast_dir = project.out.join("ast");
    for (name, bytes) in [
        (format!("{}.json", n.doc.lang), json.into_bytes()),
        ("references.json".into(), csl.into_bytes()),
    ] {
        if let Err(d) = io::write_atomic(&ast_dir.join(name), &bytes) {
            diags.push(d);
        }
    }
    diags
}

// ---- align (issue 3): sync, align, status, and the Edition every exporter consumes ----

/// The translation files, other `*.md` files and glossary of a project, as read.
struct AlignFiles {
    translations: Vec<(crate::model::Lang, std::path::PathBuf, Option<Vec<u8>>)>,
    other: Vec<std::path::PathBuf>,
    glossary: Option<(std::path::PathBuf, Vec<u8>)>,
}

impl AlignFiles {
    // Diagnostic is the crate-wide error type; boxing it here alone would not help.
    #[allow(clippy::result_large_err)]
    fn read(project: &Project, config: &crate::config::Config) -> Result<AlignFiles, Diagnostic> {
        let dir = project.translations_dir();
        let mut translations = Vec::new();
        let mut used = Vec::new();
        for lang in &config.document.target_langs {
            let path = translation_path(project, config, lang);
            let shown = project.display(&path);
            let bytes = io::read_optional(&path, &shown)?;
            used.push(path);
            translations.push((lang.clone(), shown, bytes));
        }
        let other = io::list_dir(&dir)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md") && !used.contains(p))
            .map(|p| project.display(&p))
            .collect();
        let glossary = match &config.align.glossary {
            Some(name) => {
                let path = dir.join(name);
                let shown = project.display(&path);
                io::read_optional(&path, &shown)?.map(|b| (shown, b))
            }
            None => None,
        };
        Ok(AlignFiles {
            translations,
            other,
            glossary,
        })
    }

    fn input<'a>(
        &'a self,
        config: &'a crate::config::Config,
        n: &'a Normalized,
    ) -> crate::align::AlignInput<'a> {
        crate::align::AlignInput {
            config,
            source: n,
            translations: self
                .translations
                .iter()
                .map(|(lang, file, bytes)| crate::align::TranslationInput {
                    lang: lang.clone(),
                    file: file.clone(),
                    bytes: bytes.as_deref(),
                })
                .collect(),
            other_files: self.other.clone(),
            glossary: self
                .glossary
                .as_ref()
                .map(|(p, b)| (p.clone(), b.as_slice())),
        }
    }
}

/// The translation file of a language: `align.files` in edition.toml, else `translations/<lang>.md`.
pub fn translation_path(
    project: &Project,
    config: &crate::config::Config,
    lang: &crate::model::Lang,
) -> std::path::PathBuf {
    let name = config
        .align
        .files
        .iter()
        .find(|(k, _)| crate::model::Lang::parse(k).ok().as_ref() == Some(lang))
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| format!("{lang}.md"));
    project.translations_dir().join(name)
}

/// Normalizes the source, aligns every translation and assembles the Edition (source first, then
/// target languages in edition.toml order), applying the policy (None = edition.toml's align.policy).
/// Writes nothing.
pub fn load_edition(
    project: &Project,
    policy: Option<crate::config::Policy>,
) -> Staged<crate::model::Edition> {
    let staged = load_normalized(project);
    let mut diags = staged.diags;
    let Some((config, n)) = staged.value else {
        return Staged::failed(diags);
    };
    let files = match AlignFiles::read(project, &config) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return Staged::failed(diags);
        }
    };
    let opts = crate::align::AlignOptions {
        policy: policy.unwrap_or(config.align.policy),
        checks: false,
    };
    let aligned = crate::align::align(&files.input(&config, &n), &opts);
    diags.extend(aligned.diags);
    match aligned.value.and_then(|a| a.edition) {
        Some(e) if !crate::diag::has_errors(&diags) => Staged::ok(e, diags),
        _ => Staged::failed(diags),
    }
}

/// `stele sync --lang xx`: adds an empty div (no `source`, so nothing looks translated) for every
/// source segment the file lacks, where the source has it; keeps every other byte, orphans
/// included; writes by atomic replace, and not at all when nothing is new or the file is broken.
pub fn sync_cmd(project: &Project, lang: &str) -> Vec<Diagnostic> {
    let staged = load_normalized(project);
    let mut diags = staged.diags;
    let Some((config, n)) = staged.value else {
        return diags;
    };
    let lang = match crate::model::Lang::parse(lang) {
        Ok(l) if config.document.target_langs.contains(&l) => l,
        Ok(l) => {
            let listed = config
                .document
                .target_langs
                .iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            diags.push(
                Diagnostic::error(
                    "sync",
                    format!("`{l}` is not a target language of this edition (targets: {listed})"),
                )
                .file(project.display(&project.config_path()))
                .hint(format!(
                    "add \"{l}\" to document.target_langs in source/edition.toml first"
                )),
            );
            return diags;
        }
        Err(e) => {
            diags.push(Diagnostic::error("sync", e).hint("give a language tag, e.g. --lang ar"));
            return diags;
        }
    };
    if let Err(d) = save_registry(project, &config, &n) {
        diags.push(d);
        return diags;
    }
    let path = translation_path(project, &config, &lang);
    let shown = project.display(&path);
    let bytes = match io::read_optional(&path, &shown) {
        Ok(b) => b,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    let Some(bytes) = bytes else {
        let text = crate::align::format::new_file(&lang, &n.segments);
        match io::write_atomic(&path, text.as_bytes()) {
            Ok(()) => diags.push(
                Diagnostic::info("sync", format!("created the file with {} empty divs", n.segments.len()))
                    .file(&shown)
                    .lang(lang.as_str())
                    .hint("fill in the title and translators in the front matter, then translate each div"),
            ),
            Err(d) => diags.push(d),
        }
        return diags;
    };
    let (file, d) = crate::align::format::parse(&bytes, &shown, &lang);
    diags.extend(d);
    let Some(file) = file else {
        diags.push(
            Diagnostic::error("sync", "the file has errors; nothing was written")
                .file(&shown)
                .lang(lang.as_str())
                .hint("fix the errors above, then run sync again"),
        );
        return diags;
    };
    for div in &file.divs {
        if !n.segments.iter().any(|s| s.id == div.id) {
            diags.push(
                Diagnostic::warning("orphan", "the source has no segment with this ID; the div is kept")
                    .file(&shown)
                    .line(div.line)
                    .lang(lang.as_str())
                    .segment(div.id.clone())
                    .hint("if the paragraph was deleted from the source, delete the div; if the ID is mistyped, correct it"),
            );
        }
    }
    // The parser accepted the bytes as UTF-8, so this cannot fail.
    let text = String::from_utf8_lossy(&bytes);
    match crate::align::format::with_new_divs(&text, &file, &n.segments) {
        None => diags.push(
            Diagnostic::info("sync", "up to date: the file has a div for every source segment")
                .file(&shown)
                .lang(lang.as_str()),
        ),
        Some((new_text, added)) => match io::write_atomic(&path, new_text.as_bytes()) {
            Ok(()) => diags.push(
                Diagnostic::info("sync", format!("added {} empty div(s): {}", added.len(), added.join(", ")))
                    .file(&shown)
                    .lang(lang.as_str())
                    .hint("translate them, then record source=\"FINGERPRINT\" in each (the report lists the fingerprints)"),
            ),
            Err(d) => diags.push(d),
        },
    }
    diags
}

/// Loads and aligns (with the QA checks) without writing anything.
fn run_align(
    project: &Project,
    policy: Option<crate::config::Policy>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(crate::config::Config, Normalized, crate::align::Aligned)> {
    let staged = load_normalized(project);
    diags.extend(staged.diags);
    let (config, n) = staged.value?;
    let files = match AlignFiles::read(project, &config) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let opts = crate::align::AlignOptions {
        policy: policy.unwrap_or(config.align.policy),
        checks: true,
    };
    let aligned = crate::align::align(&files.input(&config, &n), &opts);
    diags.extend(aligned.diags);
    let a = aligned.value?;
    Some((config, n, a))
}

/// `stele align`: QA findings, the summary table (stdout), `out/reports/alignment.{json,html}`
/// and `out/ast/<lang>.json` for every language that could be built.
pub fn align_cmd(project: &Project, args: &AlignArgs) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let Some((config, n, a)) = run_align(project, args.policy, &mut diags) else {
        return diags;
    };
    if let Err(d) = save_registry(project, &config, &n) {
        diags.push(d);
        return diags;
    }
    print!("{}", crate::align::report::summary_table(&a));
    let reports = project.out.join("reports");
    let title = n.doc.title();
    let mut outputs = vec![
        (
            reports.join("alignment.json"),
            crate::align::report::json(&a, &config.document.id, &n.source_fingerprint, &diags),
        ),
        (
            reports.join("alignment.html"),
            crate::align::report::html(&a, &title, &diags),
        ),
    ];
    let ast_dir = project.out.join("ast");
    outputs.push((
        ast_dir.join(format!("{}.json", n.doc.lang)),
        crate::pandoc::to_json(&n.doc.ast),
    ));
    for doc in a.langs.iter().filter_map(|l| l.doc.as_ref()) {
        outputs.push((
            ast_dir.join(format!("{}.json", doc.lang)),
            crate::pandoc::to_json(&doc.ast),
        ));
    }
    for (path, text) in outputs {
        if let Err(d) = io::write_atomic(&path, text.as_bytes()) {
            diags.push(d);
        }
    }
    if let Some(min) = args.fail_under {
        for la in a.langs.iter().filter(|l| l.summary.coverage < min) {
            diags.push(
                Diagnostic::error(
                    "fail-under",
                    format!(
                        "coverage {:.1}% is below --fail-under {min}",
                        la.summary.coverage
                    ),
                )
                .file(&la.file)
                .lang(la.lang.as_str())
                .hint(
                    "translate the missing and stale segments listed in out/reports/alignment.html",
                ),
            );
        }
    }
    if args.deny_warnings {
        let warnings = diags
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Warning)
            .count();
        if warnings > 0 {
            diags.push(
                Diagnostic::error("deny-warnings", format!("{warnings} warning(s), denied by --deny-warnings"))
                    .hint("fix them, or silence a reviewed content finding with the div's ignore=\"CODE\" attribute"),
            );
        }
    }
    diags
}

/// `stele status`: the coverage table per language; writes nothing and reports only errors
/// (`stele align` lists every finding).
pub fn status_cmd(project: &Project) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if let Some((_, _, a)) = run_align(project, None, &mut diags) {
        print!("{}", crate::align::report::summary_table(&a));
    }
    diags.retain(Diagnostic::is_error);
    diags
}

// ---- export (issues 5, 6, 7): one function per format, each writes its files atomically ----

/// `stele export FORMAT`: dispatches to the per-format functions below.
pub fn export_cmd(project: &Project, formats: &[Format], opts: &ExportArgs) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for f in formats {
        diags.extend(match f {
            Format::Html => export_html(project, opts),
            Format::Epub => export_epub(project, opts),
            Format::Pdf => export_pdf(project, opts),
        });
    }
    diags
}

/// `stele export html`: `out/html/<lang>.html` per language and `out/html/parallel.html`.
pub fn export_html(project: &Project, opts: &ExportArgs) -> Vec<Diagnostic> {
    let staged = load_edition(project, opts.policy);
    let mut diags = staged.diags;
    let Some(edition) = staged.value else {
        return diags;
    };
    let mut hopts = crate::export::html::HtmlOptions::default();
    for tag in &opts.lang {
        match crate::model::Lang::parse(tag) {
            Ok(l) => hopts.langs.push(l),
            Err(e) => diags.push(
                Diagnostic::error("html-lang", format!("--lang: {e}"))
                    .hint("give BCP 47 tags, comma-separated: --lang en,ar"),
            ),
        }
    }
    if crate::diag::has_errors(&diags) {
        return diags;
    }
    let out = crate::export::html::html(&edition, &hopts);
    diags.extend(out.diags);
    for f in out.value.unwrap_or_default() {
        if let Err(d) = io::write_atomic(&project.out.join(&f.path), &f.bytes) {
            diags.push(d);
        }
    }
    diags
}

/// `stele export epub`: `out/epub/<lang>.epub` per language and `out/epub/<src>-<lang>.epub` per
/// target language. `SOURCE_DATE_EPOCH`, when set, dates the books instead of edition.toml's date.
/// Writes nothing when any book fails.
pub fn export_epub(project: &Project, opts: &ExportArgs) -> Vec<Diagnostic> {
    use crate::export::epub::{self, EpubOptions};
    let staged = load_edition(project, opts.policy);
    let mut diags = staged.diags;
    let Some(edition) = staged.value else {
        return diags;
    };
    let mut langs = Vec::new();
    for tag in &opts.lang {
        match crate::model::Lang::parse(tag) {
            Ok(l) if edition.doc(&l).is_some() => langs.push(l),
            Ok(l) => diags.push(
                Diagnostic::error("lang", format!("`{l}` is not a language of this edition")).hint(
                    format!(
                        "choose among {}",
                        edition
                            .langs()
                            .iter()
                            .map(|l| l.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            ),
            Err(e) => diags.push(
                Diagnostic::error("lang", e).hint("use a BCP 47 tag such as `ar` or `pt-BR`"),
            ),
        }
    }
    let modified = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => match v.trim().parse::<i64>() {
            Ok(secs) => Some(epub::modified_from_epoch(secs)),
            Err(_) => {
                diags.push(
                    Diagnostic::error("source-date-epoch", format!("SOURCE_DATE_EPOCH `{v}` is not a number of seconds"))
                        .hint("set it to whole seconds since 1970-01-01 UTC, or unset it to use edition.toml's date"),
                );
                None
            }
        },
        Err(_) => None,
    };
    if crate::diag::has_errors(&diags) {
        return diags;
    }
    let built = epub::epub(
        &edition,
        &EpubOptions {
            langs,
            modified,
            ..EpubOptions::default()
        },
    );
    diags.extend(built.diags);
    let Some(files) = built.value.filter(|_| !crate::diag::has_errors(&diags)) else {
        return diags;
    };
    for f in files {
        if let Err(d) = io::write_atomic(&project.out.join(&f.path), &f.bytes) {
            diags.push(d);
        }
    }
    diags
}

pub fn export_pdf(_project: &Project, _opts: &ExportArgs) -> Vec<Diagnostic> {
    vec![Diagnostic::error(
        "unavailable",
        "pdf export is not built yet",
    )]
}

// ---- build (issue 8) ----

pub fn build_cmd(
    _project: &Project,
    _formats: &[Format],
    _opts: &ExportArgs,
    _json: bool,
    _quiet: bool,
) -> Vec<Diagnostic> {
    vec![Diagnostic::error("unavailable", "build is not built yet")]
}
