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

pub fn sync_cmd(_project: &Project, _lang: &str) -> Vec<Diagnostic> {
    vec![Diagnostic::error("unavailable", "sync is not built yet")]
}

pub fn align_cmd(_project: &Project, _args: &AlignArgs) -> Vec<Diagnostic> {
    vec![Diagnostic::error("unavailable", "align is not built yet")]
}

pub fn status_cmd(_project: &Project) -> Vec<Diagnostic> {
    vec![Diagnostic::error("unavailable", "status is not built yet")]
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

pub fn export_html(_project: &Project, _opts: &ExportArgs) -> Vec<Diagnostic> {
    vec![Diagnostic::error(
        "unavailable",
        "html export is not built yet",
    )]
}

pub fn export_epub(_project: &Project, _opts: &ExportArgs) -> Vec<Diagnostic> {
    vec![Diagnostic::error(
        "unavailable",
        "epub export is not built yet",
    )]
}

/// `stele export pdf`: typesets every PDF edition (`out/pdf/<lang>.pdf`, `out/pdf/<src>-<lang>.pdf`)
/// and writes them only if all of them could be built.
pub fn export_pdf(project: &Project, opts: &ExportArgs) -> Vec<Diagnostic> {
    use crate::export::pdf::{self, FontFile, Paper, PdfOptions, Standard};
    let staged = pdf_edition(project, opts.policy);
    let mut diags = staged.diags;
    let Some((config, edition)) = staged.value else {
        return diags;
    };
    let paper = match opts.paper {
        Some(crate::cli::Paper::A4) => Paper::A4,
        Some(crate::cli::Paper::Letter) => Paper::Letter,
        None => match config.pdf.paper.to_ascii_lowercase().as_str() {
            "a4" => Paper::A4,
            "letter" | "us-letter" => Paper::Letter,
            other => {
                diags.push(
                    Diagnostic::error("config", format!("unknown paper size `{other}`"))
                        .file(project.display(&project.config_path()))
                        .hint("pdf.paper is `a4` or `letter`"),
                );
                return diags;
            }
        },
    };
    let standard = match opts.pdf_standard {
        None => Standard::None,
        Some(crate::cli::PdfStandard::Ua1) => Standard::Ua1,
        Some(crate::cli::PdfStandard::A2a) => Standard::A2a,
    };
    let extra_fonts = match io::read_font_dirs(&opts.font_path) {
        Ok(files) => files
            .into_iter()
            .map(|(path, bytes)| FontFile {
                path,
                bytes: std::sync::Arc::new(bytes),
            })
            .collect(),
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    let mut langs = Vec::new();
    for tag in &opts.lang {
        match crate::model::Lang::parse(tag) {
            Ok(l) => langs.push(l),
            Err(e) => {
                diags.push(
                    Diagnostic::error("lang", e).hint("--lang takes language tags, e.g. `ar,ru`"),
                );
                return diags;
            }
        }
    }
    let options = PdfOptions {
        paper,
        standard,
        extra_fonts,
        langs,
    };
    let built = pdf::pdf(&edition, &options);
    diags.extend(built.diags);
    if let Some(files) = built.value {
        for f in files {
            if let Err(d) = io::write_atomic(&project.out.join(&f.path), &f.bytes) {
                diags.push(d);
            }
        }
    }
    diags
}

/// The edition the PDF export typesets.
// INTEGRATOR: the source-only stand-in below is replaced by `load_edition` (issue 3) on merge.
fn pdf_edition(
    project: &Project,
    _policy: Option<crate::config::Policy>,
) -> Staged<(crate::config::Config, crate::model::Edition)> {
    let staged = load_normalized(project);
    let Some((config, n)) = staged.value else {
        return Staged::failed(staged.diags);
    };
    let edition = crate::model::Edition {
        id: config.document.id.clone(),
        source_lang: config.document.source_lang.clone(),
        docs: vec![n.doc],
        authors: config.document.authors.clone(),
        publisher: config.document.publisher.clone(),
        date: config.document.date.clone(),
        source_fingerprint: n.source_fingerprint,
        translators: Default::default(),
    };
    Staged::ok((config, edition), staged.diags)
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
