//! The application layer: typed requests ([`request`]), and what each command reads, runs and
//! writes, wiring the pure stages to [`crate::io`]; `build` is the whole build. The CLI converts
//! its clap types into these requests; nothing here knows about clap.

pub mod accept;
pub mod build;
pub mod exchange;
pub mod gates;
pub mod import;
pub mod incremental;
pub mod init;
pub mod media;
pub mod refuse;
pub mod request;
pub mod serve;
pub mod status;
pub mod sync;
pub mod translations;

use crate::diag::{Diagnostic, Staged};
use crate::io::{self, Project};
use crate::normalize::{self, ids::Registry, Normalized};
pub use request::{AlignRequest, BuildRequest, ExportRequest, Format};
pub use sync::sync_cmd;

/// Loads the config, source text and ID registry, and normalizes (no writes).
pub fn load_normalized(project: &Project) -> Staged<(crate::config::Config, Normalized)> {
    let config = match project.load_config() {
        Ok(c) => c,
        Err(ds) => return Staged::failed(ds),
    };
    let paths = project
        .source_path(&config)
        .and_then(|s| Ok((s, project.registry_path(&config)?)));
    let (src, reg_path) = match paths {
        Ok(p) => p,
        Err(d) => return Staged::failed(vec![d]),
    };
    let shown = project.display(&src);
    let bytes = match io::read(&src, &shown) {
        Ok(b) => b,
        Err(d) => return Staged::failed(vec![d]),
    };
    let reg_shown = project.display(&reg_path);
    // A damaged registry stops every command before anything is written, the registry included.
    let registry: Option<Registry> = match io::read_optional(&reg_path, &reg_shown) {
        Ok(None) => None,
        Ok(Some(b)) => match Registry::parse(&b, &reg_shown) {
            Ok(r) => Some(r),
            Err(diags) => return Staged::failed(diags),
        },
        Err(d) => return Staged::failed(vec![d]),
    };
    let input = normalize::Input {
        bytes: &bytes,
        file: &shown,
        config: &config,
        registry: registry.as_ref(),
    };
    let staged = if config.document.source.is_book() {
        let mut chapters = Vec::new();
        let paths = match project.chapter_paths(&config) {
            Ok(p) => p,
            Err(d) => return Staged::failed(vec![d]),
        };
        for path in paths {
            let shown = project.display(&path);
            match io::read(&path, &shown) {
                Ok(b) => chapters.push((shown, b)),
                Err(d) => return Staged::failed(vec![d]),
            }
        }
        crate::source::normalize_book(&chapters, &input)
    } else if crate::source::is_structured(&config.document.source) {
        crate::source::normalize(&input)
    } else {
        normalize::normalize(&input)
    };
    match staged.value {
        Some(n) => Staged::ok((config, n), staged.diags),
        None => Staged::failed(staged.diags),
    }
}

/// Persists the ID registry when it changed (atomic replace), and first the source history with
/// the texts of the registry it replaces and of the current segments (issue 14).
pub fn save_registry(
    project: &Project,
    config: &crate::config::Config,
    n: &Normalized,
) -> Result<(), Diagnostic> {
    let path = project.registry_path(config)?;
    let json = n.registry.to_json();
    let current = io::read_optional(&path, &project.display(&path))?;
    accept::save_history(project, config, current.as_deref(), n)?;
    if current.as_deref() != Some(json.as_bytes()) {
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

/// A language, its file (or directory) as shown, its (joined) bytes, where its parts are.
type ReadTranslation = (
    crate::model::Lang,
    std::path::PathBuf,
    Option<Vec<u8>>,
    Option<crate::align::parts::PartMap>,
);

/// The translation files, other `*.md` files and glossary of a project, as read.
struct AlignFiles {
    /// Per language: the file (or directory) as shown, its (joined) bytes, where its parts are.
    translations: Vec<ReadTranslation>,
    /// Findings of reading them (a later chapter file's front matter).
    diags: Vec<Diagnostic>,
    other: Vec<std::path::PathBuf>,
    glossary: Option<(std::path::PathBuf, Vec<u8>)>,
    history: crate::normalize::history::History,
}

impl AlignFiles {
    // Diagnostic is the crate-wide error type; boxing it here alone would not help.
    #[allow(clippy::result_large_err)]
    fn read(project: &Project, config: &crate::config::Config) -> Result<AlignFiles, Diagnostic> {
        let dir = project.translations_dir();
        let mut translations = Vec::new();
        let mut used = Vec::new();
        let mut diags = Vec::new();
        let listed = io::list_dir(&dir);
        for lang in &config.document.target_langs {
            let set = translations::TranslationSet::read(project, config, lang)?;
            let joined = set.joined();
            diags.extend(joined.diags);
            let bytes = joined.bytes.map(|b| b.into_owned());
            translations.push((lang.clone(), set.shown.clone(), bytes, joined.map));
            if set.per_chapter {
                let one = dir.join(format!("{lang}.md"));
                if listed.contains(&one) {
                    diags.push(translations::unused_file(&project.display(&one), &set));
                    used.push(one);
                }
                // A chapter file left from a renamed or removed chapter is not read: said so.
                if let Some(chapter_dir) = set.parts.first().and_then(|p| p.path.parent()) {
                    for stray in io::list_dir(chapter_dir).iter().filter(|f| {
                        f.extension().is_some_and(|e| e == "md")
                            && !set.parts.iter().any(|p| &p.path == *f)
                    }) {
                        diags.push(translations::stray_chapter_file(
                            &project.display(stray),
                            &set,
                        ));
                    }
                }
            }
            used.extend(set.parts.into_iter().map(|p| p.path));
        }
        let other = listed
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md") && !used.contains(p))
            .map(|p| project.display(&p))
            .collect();
        let glossary = match &config.align.glossary {
            Some(name) => {
                let path = project.confine("align.glossary", &dir.join(name))?;
                let shown = project.display(&path);
                io::read_optional(&path, &shown)?.map(|b| (shown, b))
            }
            None => None,
        };
        Ok(AlignFiles {
            translations,
            diags,
            other,
            glossary,
            history: accept::load_history(project, config)?,
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
                .map(
                    |(lang, file, bytes, parts)| crate::align::TranslationInput {
                        lang: lang.clone(),
                        file: file.clone(),
                        bytes: bytes.as_deref(),
                        parts: parts.as_ref(),
                    },
                )
                .collect(),
            other_files: self.other.clone(),
            glossary: self
                .glossary
                .as_ref()
                .map(|(p, b)| (p.clone(), b.as_slice())),
            history: Some(&self.history),
        }
    }
}

/// The translation file of a language: `align.files` in edition.toml, else `translations/<lang>.md`;
/// confined to the project (issue 12).
pub fn translation_path(
    project: &Project,
    config: &crate::config::Config,
    lang: &crate::model::Lang,
) -> Result<std::path::PathBuf, Diagnostic> {
    let name = config
        .align
        .files
        .iter()
        .find(|(k, _)| crate::model::Lang::parse(k).ok().as_ref() == Some(lang))
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| format!("{lang}.md"));
    let path = project.translations_dir().join(name);
    project.confine(&format!("align.files.{lang}"), &path)
}

/// Normalizes the source, aligns every translation and assembles the Edition (source first, then
/// target languages in edition.toml order), applying the policy (None = edition.toml's align.policy).
/// Writes nothing.
pub fn load_edition(
    project: &Project,
    policy: Option<crate::config::Policy>,
) -> Staged<crate::model::Edition> {
    let staged = run_align(project, policy, false);
    let diags = staged.diags;
    match staged.value.and_then(|run| run.aligned.edition) {
        Some(e) if !crate::diag::has_errors(&diags) => Staged::ok(e, diags),
        _ => Staged::failed(diags),
    }
}

/// The normalized source and its alignment with every translation.
pub struct AlignRun {
    pub config: crate::config::Config,
    pub normalized: Normalized,
    pub aligned: crate::align::Aligned,
    /// `SOURCE_DATE_EPOCH` as the editions' timestamp, when set.
    pub modified: Option<String>,
    /// The project's interface catalogs, `i18n/<lang>.ftl` (issue 17).
    pub catalogs: std::collections::BTreeMap<crate::model::Lang, String>,
    /// The source's images, read once (issue 16).
    pub media: crate::media::MediaSet,
}

impl AlignRun {
    /// Lets go of the run's shares of the documents (the source's and every language's), once
    /// the reports are written: the edition is then their only owner and can be edited in place.
    /// What stays (config, cells, summaries) is all the rest of a build reads.
    pub fn release_documents(&mut self) {
        let empty = crate::model::Document {
            lang: self.normalized.doc.lang.clone(),
            ast: crate::pandoc::new_doc(),
        };
        self.normalized.doc = std::sync::Arc::new(empty);
        self.aligned.edition = None;
        for la in &mut self.aligned.langs {
            la.doc = None;
        }
    }

    /// [`AlignRun::release_documents`], and the tables the reports were made from (cells,
    /// sentence alignments, source segments: about 130 MB of a 600-page book), for a build
    /// that reads only the configuration and the summaries from here on.
    pub fn release_tables(&mut self) {
        self.release_documents();
        self.normalized.segments = Vec::new();
        self.aligned.source = Vec::new();
        for la in &mut self.aligned.langs {
            la.cells = Vec::new();
            la.orphans = Vec::new();
            la.sentences = Default::default();
        }
    }
}

/// The project's `i18n/<lang>.ftl` of the source and target languages that have one.
fn project_catalogs(
    project: &Project,
    config: &crate::config::Config,
) -> Result<std::collections::BTreeMap<crate::model::Lang, String>, Diagnostic> {
    let mut out = std::collections::BTreeMap::new();
    let langs = std::iter::once(&config.document.source_lang).chain(&config.document.target_langs);
    for l in langs {
        let path = project.root.join("i18n").join(format!("{l}.ftl"));
        let shown = project.display(&path);
        if let Some(bytes) = io::read_optional(&path, &shown)? {
            match String::from_utf8(bytes) {
                Ok(t) => out.insert(l.clone(), t),
                Err(_) => {
                    return Err(Diagnostic::error("i18n-syntax", "the catalog is not UTF-8")
                        .file(&shown)
                        .hint("save it as UTF-8"))
                }
            };
        }
    }
    Ok(out)
}

/// Loads and aligns (with the QA checks when `checks`) without writing anything.
/// `SOURCE_DATE_EPOCH`, when set, as the editions' timestamp (read once, for every format).
fn source_date_epoch() -> Result<Option<String>, Diagnostic> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => match v.trim().parse::<i64>() {
            Ok(secs) => Ok(Some(crate::model::modified_from_epoch(secs))),
            Err(_) => Err(Diagnostic::error(
                "source-date-epoch",
                format!("SOURCE_DATE_EPOCH `{v}` is not a number of seconds"),
            )
            .hint("set it to whole seconds since 1970-01-01 UTC, or unset it to use edition.toml's date")),
        },
        Err(_) => Ok(None),
    }
}

pub fn run_align(
    project: &Project,
    policy: Option<crate::config::Policy>,
    checks: bool,
) -> Staged<AlignRun> {
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
    diags.extend(files.diags.iter().cloned());
    let opts = crate::align::AlignOptions {
        policy: policy.unwrap_or(config.align.policy),
        checks,
    };
    let aligned = crate::align::align(&files.input(&config, &n), &opts);
    diags.extend(aligned.diags);
    let modified = match source_date_epoch() {
        Ok(m) => m,
        Err(d) => {
            diags.push(d);
            return Staged::failed(diags);
        }
    };
    let catalogs = match project_catalogs(project, &config) {
        Ok(c) => c,
        Err(d) => {
            diags.push(d);
            return Staged::failed(diags);
        }
    };
    let Some(mut a) = aligned.value else {
        return Staged::failed(diags);
    };
    if let (Some(e), Some(m)) = (a.edition.as_mut(), &modified) {
        e.modified = m.clone();
    }
    if let Some(e) = a.edition.as_mut() {
        e.i18n.catalogs = catalogs.clone();
    }
    let source_file = project
        .source_path(&config)
        .unwrap_or_else(|_| project.source_dir());
    let (media, media_diags) = media::read_media(project, &source_file, &n.doc);
    diags.extend(media_diags);
    if let Some(e) = a.edition.as_mut() {
        e.media = media.clone();
    }
    Staged::ok(
        AlignRun {
            config,
            normalized: n,
            aligned: a,
            modified,
            catalogs,
            media,
        },
        diags,
    )
}

/// What normalize and align publish: `out/ast/<lang>.json` for every language that could be
/// built, `out/ast/references.json` (CSL JSON) and `out/reports/alignment.{json,html}`, handed
/// to `sink` one by one (a book's AST JSON is several times its text: issue 12).
pub fn align_outputs(
    run: &AlignRun,
    diags: &[Diagnostic],
    sink: &mut dyn FnMut(crate::export::OutputFile),
) {
    let (n, a) = (&run.normalized, &run.aligned);
    let file =
        |path: String, text: String, langs: Vec<crate::model::Lang>| crate::export::OutputFile {
            path: path.into(),
            bytes: text.into_bytes(),
            langs,
        };
    let all: Vec<crate::model::Lang> = std::iter::once(n.doc.lang.clone())
        .chain(a.langs.iter().map(|l| l.lang.clone()))
        .collect();
    let mut csl = serde_json::to_string_pretty(&n.csl).expect("csl serializes");
    csl.push('\n');
    sink(file(
        "reports/alignment.json".into(),
        crate::align::report::json(a, &run.config.document.id, &n.source_fingerprint, diags),
        all.clone(),
    ));
    sink(file(
        "reports/alignment.html".into(),
        crate::align::review::html(a, &n.doc.title(), diags),
        all,
    ));
    sink(file(
        format!("ast/{}.json", n.doc.lang),
        crate::pandoc::to_json(&n.doc.ast),
        vec![n.doc.lang.clone()],
    ));
    sink(file(
        "ast/references.json".into(),
        csl,
        vec![n.doc.lang.clone()],
    ));
    for doc in a.langs.iter().filter_map(|l| l.doc.as_ref()) {
        sink(file(
            format!("ast/{}.json", doc.lang),
            crate::pandoc::to_json(&doc.ast),
            vec![doc.lang.clone()],
        ));
    }
}

/// `stele align`: QA findings, the summary table (stdout), `out/reports/alignment.{json,html}`
/// and `out/ast/<lang>.json` for every language that could be built.
pub fn align_cmd(project: &Project, args: &AlignRequest) -> Vec<Diagnostic> {
    let staged = run_align(project, args.policy, true);
    let mut diags = staged.diags;
    let Some(run) = staged.value else {
        return diags;
    };
    if let Err(d) = save_registry(project, &run.config, &run.normalized) {
        diags.push(d);
        return diags;
    }
    let a = &run.aligned;
    print!("{}", crate::align::report::summary_table(a));
    let mut failed_writes = Vec::new();
    align_outputs(&run, &diags, &mut |f| {
        if let Err(d) = io::write_atomic(&project.out.join(&f.path), &f.bytes) {
            failed_writes.push(d);
        }
    });
    diags.extend(failed_writes);
    let failed = gates::check(&args.gates, &a.langs, &diags);
    diags.extend(failed);
    diags
}

// ---- export (issues 5, 6, 7) and build (issue 8) ----

/// A format's exporter with its options bound: a pure function of the edition.
/// A format's exporter bound to its options: hands each edition to the sink as it is ready and
/// returns the diagnostics.
pub type Exporter =
    Box<dyn Fn(&crate::model::Edition, crate::export::Sink) -> Vec<Diagnostic> + Send + Sync>;

/// Hands the files of an all-at-once exporter to the sink (or the format's directory as failed).
fn hand_over(
    staged: Staged<Vec<crate::export::OutputFile>>,
    dir: &str,
    sink: crate::export::Sink,
) -> Vec<Diagnostic> {
    use crate::export::Ready;
    match staged.value {
        Some(files) => files.into_iter().for_each(|f| sink(Ready::File(f))),
        None => sink(Ready::Failed(std::path::PathBuf::from(dir))),
    }
    staged.diags
}

/// `--lang` tags, validated.
fn parse_langs(opts: &ExportRequest) -> Result<Vec<crate::model::Lang>, Vec<Diagnostic>> {
    let mut langs = Vec::new();
    let mut diags = Vec::new();
    for tag in &opts.langs {
        match crate::model::Lang::parse(tag) {
            Ok(l) => langs.push(l),
            Err(e) => diags.push(
                Diagnostic::error("lang", format!("--lang: {e}"))
                    .hint("give BCP 47 tags, comma-separated: --lang en,ar"),
            ),
        }
    }
    if diags.is_empty() {
        Ok(langs)
    } else {
        Err(diags)
    }
}

/// Binds a format's options (from the command line and edition.toml) to its exporter, for an
/// edition the caller has already passed through [`crate::export::typography::edition`]: the
/// typography is applied once for all formats rather than each format copying every document
/// again (issue 13). `skip`: editions (output paths) the caller knows are up to date; the PDF
/// exporter does not typeset them (the others are cheap to make, and the caller does not write
/// them). Builds and `export` typeset PDFs in two steps instead ([`build_pdf_options`]).
pub(crate) fn typeset_exporter(
    format: Format,
    project: &Project,
    config: &crate::config::Config,
    opts: &ExportRequest,
    skip: &std::collections::BTreeSet<String>,
) -> Result<Exporter, Vec<Diagnostic>> {
    format_exporter(format, project, config, parse_langs(opts)?, opts, skip)
}

/// The PDF exporter's options for a build, which plans the PDFs and typesets them in two steps
/// ([`crate::export::pdf::plan`], then [`crate::export::pdf::typeset`]) so that the edition's
/// documents can go before typst lays out a page (issue 13).
pub(crate) fn build_pdf_options(
    project: &Project,
    config: &crate::config::Config,
    opts: &ExportRequest,
    skip: &std::collections::BTreeSet<String>,
) -> Result<crate::export::pdf::PdfOptions, Vec<Diagnostic>> {
    typeset_pdf_options(project, config, opts, parse_langs(opts)?, skip)
}

fn typeset_pdf_options(
    project: &Project,
    config: &crate::config::Config,
    opts: &ExportRequest,
    langs: Vec<crate::model::Lang>,
    skip: &std::collections::BTreeSet<String>,
) -> Result<crate::export::pdf::PdfOptions, Vec<Diagnostic>> {
    let mut o = pdf_options(project, config, opts, langs)?;
    o.skip = skip.clone();
    Ok(o)
}

/// [`typeset_exporter`] with the languages parsed.
fn format_exporter(
    format: Format,
    project: &Project,
    config: &crate::config::Config,
    langs: Vec<crate::model::Lang>,
    opts: &ExportRequest,
    skip: &std::collections::BTreeSet<String>,
) -> Result<Exporter, Vec<Diagnostic>> {
    match format {
        Format::Html => {
            let o = crate::export::html::HtmlOptions {
                langs,
                ..Default::default()
            };
            Ok(Box::new(move |e, sink| {
                hand_over(crate::export::html::html(e, &o), "html", sink)
            }))
        }
        Format::Pdf => {
            let o = typeset_pdf_options(project, config, opts, langs, skip)?;
            Ok(Box::new(move |e, sink| {
                let staged = crate::export::pdf::pdf_each(e, &o, sink);
                if staged.value.is_none() {
                    sink(crate::export::Ready::Failed("pdf".into()));
                }
                staged.diags
            }))
        }
        Format::Epub => {
            let mut o = epub_options(langs)?;
            o.split_level = config.epub.split_level;
            Ok(Box::new(move |e, sink| {
                hand_over(crate::export::epub::epub(e, &o), "epub", sink)
            }))
        }
    }
}

/// EPUB options: languages, and `SOURCE_DATE_EPOCH` (when set) as the books' date instead of
/// edition.toml's.
fn epub_options(
    langs: Vec<crate::model::Lang>,
) -> Result<crate::export::epub::EpubOptions, Vec<Diagnostic>> {
    // The books' timestamp is the edition's (`SOURCE_DATE_EPOCH` resolved in `run_align`).
    Ok(crate::export::epub::EpubOptions {
        langs,
        ..Default::default()
    })
}

/// PDF options: paper (command line, else edition.toml), standard, `--font-path` fonts, languages.
fn pdf_options(
    project: &Project,
    config: &crate::config::Config,
    opts: &ExportRequest,
    langs: Vec<crate::model::Lang>,
) -> Result<crate::export::pdf::PdfOptions, Vec<Diagnostic>> {
    use crate::export::pdf::{FontFile, Paper, PdfOptions};
    let paper = match opts.paper {
        Some(p) => p,
        None => match config.pdf.paper.to_ascii_lowercase().as_str() {
            "a4" => Paper::A4,
            "letter" => Paper::Letter,
            other => {
                return Err(vec![Diagnostic::error(
                    "config",
                    format!("unknown paper size `{other}`"),
                )
                .file(project.display(&project.config_path()))
                .hint("pdf.paper is `a4` or `letter`")])
            }
        },
    };
    let standard = opts.pdf_standard;
    let extra_fonts = io::read_font_dirs(&opts.font_path)
        .map_err(|d| vec![d])?
        .into_iter()
        .map(|(path, bytes)| FontFile {
            path,
            bytes: std::sync::Arc::new(bytes),
        })
        .collect();
    Ok(PdfOptions {
        paper,
        standard,
        extra_fonts,
        langs,
        memory_budget: config.pdf.memory_mb * 1024 * 1024,
        skip: Default::default(),
        facing: (config.pdf.facing || opts.facing).then_some(
            match config.pdf.facing_first.as_str() {
                "translation" => crate::export::pdf::facing::FacingFirst::Translation,
                _ => crate::export::pdf::facing::FacingFirst::Source,
            },
        ),
    })
}

/// `stele export FORMAT`: the edition's files of one format (no reports, no manifest), then the
/// CI gates ([`gates`]).
pub fn export_cmd(
    project: &Project,
    formats: &[Format],
    opts: &ExportRequest,
    gate_opts: &request::Gates,
) -> Vec<Diagnostic> {
    let diags = export_editions(project, formats, opts);
    gates::after(project, opts.policy, &opts.langs, gate_opts, diags)
}

fn export_editions(project: &Project, formats: &[Format], opts: &ExportRequest) -> Vec<Diagnostic> {
    let config = match project.load_config() {
        Ok(c) => c,
        Err(ds) => return ds,
    };
    let staged = load_edition(project, opts.policy);
    let mut diags = staged.diags;
    let Some(edition) = staged.value else {
        return diags;
    };
    // Each language's typography rules, applied once to what every format reads.
    let edition = crate::export::typography::edition(edition);
    let written = std::sync::Mutex::new(Vec::new());
    let sink = |r: crate::export::Ready| {
        if let crate::export::Ready::File(file) = r {
            if let Err(d) = io::write_atomic(&project.out.join(&file.path), &file.bytes) {
                written.lock().unwrap_or_else(|e| e.into_inner()).push(d);
            }
        }
    };
    let none = Default::default();
    for f in formats.iter().filter(|f| **f != Format::Pdf) {
        match typeset_exporter(*f, project, &config, opts, &none) {
            Ok(e) => diags.extend(e(&edition, &sink)),
            Err(d) => diags.extend(d),
        }
    }
    // As in a build, typst lays out the PDFs once the edition is gone (issue 13).
    if formats.contains(&Format::Pdf) {
        match build_pdf_options(project, &config, opts, &none) {
            Ok(o) => {
                let planned = crate::export::pdf::plan(&edition, &o);
                diags.extend(planned.diags);
                drop(edition);
                if let Some(plan) = planned.value {
                    diags.extend(crate::export::pdf::typeset(plan, &sink).diags);
                }
            }
            Err(d) => diags.extend(d),
        }
    }
    diags.extend(written.into_inner().unwrap_or_else(|e| e.into_inner()));
    diags
}

/// `stele build`: see [`build::build`]; then the CI gates ([`gates`]).
pub fn build_cmd(project: &Project, request: &BuildRequest) -> Vec<Diagnostic> {
    let diags = build::build(project, request);
    let e = &request.export;
    gates::after(project, e.policy, &e.langs, &request.gates, diags)
}
