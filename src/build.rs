//! `stele build`: normalize, align and every edition in one command. Independent formats are
//! exported in parallel; each file is written by atomic replace, so a failing edition leaves the
//! previous file in place; `out/manifest.json` records what was built from which source revision.

use crate::cli::{ExportArgs, Format};
use crate::diag::{self, Diagnostic};
use crate::export::Ready;
use crate::io::{self, Project};
use crate::model::Edition;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// What `stele build` builds and how it reports.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Formats to build.
    pub formats: Vec<Format>,
    /// Languages, policy, paper, fonts and PDF standard, as for `stele export`.
    pub export: ExportArgs,
    /// Print the summary as JSON on stdout.
    pub json: bool,
    /// No progress display and no table.
    pub quiet: bool,
}

/// `out/manifest.json`. It holds no timings and no clock, so two builds of the same inputs give
/// the same bytes.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub stele_version: String,
    pub document: String,
    /// One hash over the normalized source; every edition carries it in its metadata.
    pub source_fingerprint: String,
    pub policy: crate::config::Policy,
    /// Coverage per target language (the counts of `stele align`).
    pub languages: BTreeMap<String, crate::align::Summary>,
    pub editions: Vec<EditionEntry>,
    /// Editions that failed in this build; their previous files, if any, are left as they were.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<String>,
}

/// One written edition.
#[derive(Debug, Clone, Serialize)]
pub struct EditionEntry {
    /// Path relative to the output directory, with `/` separators.
    pub path: String,
    pub format: Format,
    pub languages: Vec<String>,
    pub size: u64,
    pub sha256: String,
}

/// One line of the final table (not in the manifest: durations differ between builds).
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    pub path: String,
    pub size: u64,
    /// Time from the start of its format's export until the edition was written.
    pub seconds: f64,
}

/// Progress: a bar on a terminal, plain lines otherwise, nothing when quiet.
struct Progress {
    bar: Option<ProgressBar>,
    plain: bool,
}

impl Progress {
    fn new(steps: u64, quiet: bool) -> Progress {
        let tty = std::io::stderr().is_terminal();
        let bar = (!quiet && tty).then(|| {
            let b = ProgressBar::new(steps);
            b.set_style(
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {wide_msg}")
                    .expect("valid template")
                    .progress_chars("=> "),
            );
            b.enable_steady_tick(Duration::from_millis(120));
            b
        });
        Progress {
            bar,
            plain: !quiet && !tty,
        }
    }
    fn step(&self, msg: &str) {
        if let Some(b) = &self.bar {
            b.set_message(msg.to_string());
            b.inc(1);
        } else if self.plain {
            eprintln!("stele: {msg}");
        }
    }
    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    crate::normalize::hex(&Sha256::digest(bytes))
}

fn rel(path: &std::path::Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Runs the whole build; returns every diagnostic (errors make the exit status non-zero).
///
/// Consistency of `out/` under a kill: the build holds `out/.stele-lock` (a second build is
/// refused), removes the old manifest before it replaces any edition, writes each edition as
/// soon as it is ready, and writes the new manifest last, listing only files of this build; a
/// marker `out/.stele-build` exists exactly while editions are being replaced, so the next build
/// can say that the previous one was interrupted.
pub fn build(project: &Project, opts: &BuildOptions) -> Vec<Diagnostic> {
    let lock = match io::lock_build(&project.out) {
        Ok(l) => l,
        Err(d) => return vec![d],
    };
    let progress = Progress::new(2 + opts.formats.len() as u64, opts.quiet);
    io::remove_stale_temp_files(&project.out);

    // Normalize and align: the ASTs and the alignment reports are part of every build.
    let aligned = crate::pipeline::run_align(project, opts.export.policy, true);
    let mut diags = aligned.diags;
    let Some(run) = aligned.value else {
        progress.finish();
        return diags;
    };
    if let Err(d) = crate::pipeline::save_registry(project, &run.config, &run.normalized) {
        diags.push(d);
        progress.finish();
        return diags;
    }
    progress.step("normalized and aligned");
    let Some(edition) = run.aligned.edition.clone() else {
        progress.finish();
        diags.push(
            Diagnostic::error("build", "no edition could be assembled")
                .hint("fix the errors above (or choose `--policy source`) and build again"),
        );
        return diags;
    };
    if diag::has_errors(&diags) {
        progress.finish();
        return diags;
    }
    match start_writing(project, &edition) {
        Ok(d) => diags.extend(d),
        Err(d) => {
            diags.push(d);
            progress.finish();
            return diags;
        }
    }
    for f in crate::pipeline::align_outputs(&run, &diags) {
        if let Err(d) = io::write_atomic(&project.out.join(&f.path), &f.bytes) {
            diags.push(d);
        }
    }

    let outcome = export_all(project, &run.config, opts, &edition, &progress);
    progress.finish();
    diags.extend(outcome.diags);
    let Outcome {
        mut entries,
        mut written,
        mut failed,
        ..
    } = outcome;
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    written.sort_by(|a, b| a.path.cmp(&b.path));
    failed.sort();

    let languages = run
        .aligned
        .langs
        .iter()
        .map(|la| (la.lang.to_string(), la.summary.clone()))
        .collect();
    let manifest = Manifest {
        stele_version: env!("CARGO_PKG_VERSION").to_string(),
        document: edition.id.clone(),
        source_fingerprint: edition.source_fingerprint.clone(),
        policy: run.aligned.policy,
        languages,
        editions: entries,
        failed,
    };
    let mut json = serde_json::to_string_pretty(&manifest).expect("manifest serializes");
    json.push('\n');
    match io::write_atomic(&project.out.join("manifest.json"), json.as_bytes()) {
        Ok(()) => io::finish_build_marker(&project.out),
        Err(d) => diags.push(d),
    }
    drop(lock);

    if opts.json {
        let summary = serde_json::json!({ "manifest": manifest, "written": written, "errors": diags.iter().filter(|d| d.is_error()).count(), "warnings": diags.iter().filter(|d| d.severity == diag::Severity::Warning).count() });
        println!(
            "{}",
            serde_json::to_string_pretty(&summary).expect("summary serializes")
        );
    } else if !opts.quiet {
        eprint!("{}", table(&written, &edition));
    }
    diags
}

/// Before the first edition is replaced: the marker goes up (saying so when a previous build
/// never finished) and the old manifest goes, so no manifest ever describes files it did not.
fn start_writing(project: &Project, edition: &Edition) -> Result<Vec<Diagnostic>, Diagnostic> {
    let mut diags = Vec::new();
    if let Some(prev) = io::start_build_marker(&project.out, &edition.source_fingerprint)? {
        diags.push(
            Diagnostic::warning(
                "interrupted-build",
                format!(
                    "the previous build (source {}) was interrupted; its editions may be of mixed revisions, and this build replaces them",
                    prev.trim()
                ),
            )
            .file(project.out.join(".stele-build"))
            .hint("nothing to do: out/manifest.json is written again when this build ends"),
        );
    }
    io::remove_output(&project.out.join("manifest.json"))?;
    Ok(diags)
}

/// What the exporters wrote.
#[derive(Default)]
struct Outcome {
    entries: Vec<EditionEntry>,
    written: Vec<Written>,
    failed: Vec<String>,
    diags: Vec<Diagnostic>,
}

/// Exports every format in parallel; each edition is written the moment it is ready (a build
/// killed later keeps it), and its bytes are dropped right after.
fn export_all(
    project: &Project,
    config: &crate::config::Config,
    opts: &BuildOptions,
    edition: &Edition,
    progress: &Progress,
) -> Outcome {
    let outcome = std::sync::Mutex::new(Outcome::default());
    let lock = || outcome.lock().unwrap_or_else(|e| e.into_inner());
    opts.formats.par_iter().for_each(|format| {
        let start = Instant::now();
        let sink = |ready: Ready| match ready {
            Ready::File(f) => {
                let path = rel(&f.path);
                match io::write_atomic(&project.out.join(&f.path), &f.bytes) {
                    Ok(()) => {
                        let mut o = lock();
                        o.entries.push(EditionEntry {
                            path: path.clone(),
                            format: *format,
                            languages: f.langs.iter().map(|l| l.to_string()).collect(),
                            size: f.bytes.len() as u64,
                            sha256: sha256_hex(&f.bytes),
                        });
                        o.written.push(Written {
                            path,
                            size: f.bytes.len() as u64,
                            seconds: start.elapsed().as_secs_f64(),
                        });
                    }
                    Err(d) => {
                        let mut o = lock();
                        o.diags.push(
                            Diagnostic::error("edition-failed", format!("edition {path} was not written; the previous file is left in place"))
                                .file(project.out.join(&f.path))
                                .hint(d.to_string()),
                        );
                        o.failed.push(path);
                    }
                }
            }
            Ready::Failed(path) => {
                let path = rel(&path);
                let mut o = lock();
                o.diags.push(
                        Diagnostic::error(
                            "edition-failed",
                            format!("edition {path} was not built; the previous file, if any, is left in place"),
                        )
                        .hint("see the errors above"),
                    );
                o.failed.push(path);
            }
        };
        let d = match crate::pipeline::exporter(*format, project, config, &opts.export) {
            Ok(e) => e(edition, &sink),
            Err(d) => {
                sink(Ready::Failed(format_name(*format).into()));
                d
            }
        };
        lock().diags.extend(d);
        progress.step(&format!("{} done", format_name(*format)));
    });
    outcome.into_inner().unwrap_or_else(|e| e.into_inner())
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Html => "html",
        Format::Epub => "epub",
        Format::Pdf => "pdf",
    }
}

/// The final table: what was written, with sizes and the exporter's duration.
fn table(written: &[Written], edition: &Edition) -> String {
    let mut s = format!(
        "\nbuilt {} editions of `{}` (source {})\n",
        written.len(),
        edition.id,
        edition.source_fingerprint
    );
    let width = written
        .iter()
        .map(|w| w.path.len())
        .max()
        .unwrap_or(4)
        .max(4);
    s.push_str(&format!(
        "  {:<width$}  {:>10}  {:>8}\n",
        "file", "size", "time"
    ));
    for w in written {
        s.push_str(&format!(
            "  {:<width$}  {:>10}  {:>7.2}s\n",
            w.path,
            human(w.size),
            w.seconds
        ));
    }
    s
}

fn human(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / 1024.0 / 1024.0)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}
