//! `stele build`: normalize, align and every edition in one command. Independent formats are
//! exported in parallel; each file is written by atomic replace, so a failing edition leaves the
//! previous file in place; `out/manifest.json` records what was built from which source revision.

use super::incremental::{self, Inputs};
use super::{BuildRequest, Format};
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
    /// Languages left out of this build and why (issue 17); their previous editions are listed
    /// in `failed`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<super::refuse::Refused>,
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
    /// Hash of everything the edition was built from ([`super::incremental`]).
    pub inputs: String,
}

/// One line of the final table (not in the manifest: durations differ between builds).
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    pub path: String,
    pub size: u64,
    /// Time from the start of its format's export until the edition was written.
    pub seconds: f64,
    /// Left as it was: its inputs are those of the previous build.
    pub up_to_date: bool,
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
pub fn build(project: &Project, opts: &BuildRequest) -> Vec<Diagnostic> {
    let lock = match io::lock_build(&project.out) {
        Ok(l) => l,
        Err(d) => return vec![d],
    };
    let progress = Progress::new(2 + opts.formats.len() as u64, opts.quiet);
    io::remove_stale_temp_files(&project.out);

    // Normalize and align: the ASTs and the alignment reports are part of every build.
    let aligned = super::run_align(project, opts.export.policy, true);
    let mut diags = aligned.diags;
    let Some(mut run) = aligned.value else {
        progress.finish();
        return diags;
    };
    if let Err(d) = super::save_registry(project, &run.config, &run.normalized) {
        diags.push(d);
        progress.finish();
        return diags;
    }
    progress.step("normalized and aligned");
    // Issue 17: a language that cannot be built is left out, the others are built; the reports
    // keep every finding, the terminal those of the languages `--lang` selects.
    let report_diags = diags.clone();
    let split = super::refuse::split(&run, diags, &super::refuse::selected(&opts.export.langs));
    diags = split.diags;
    let Some(edition) = split.edition else {
        progress.finish();
        diags.push(
            Diagnostic::error("build", "no edition could be assembled")
                .hint("fix the errors above (or choose `--policy source`) and build again"),
        );
        return diags;
    };
    let refused = split.refused;
    let previous = previous_editions(project);
    let mut inputs = Inputs::new(&edition, &options_digest(&run.config, opts));
    if let Some(first) = facing_first(&run.config, opts) {
        inputs = inputs.with_facing(first);
    }
    let facing = facing_first(&run.config, opts).is_some();
    let fresh = up_to_date(project, opts, &edition, &inputs, &previous, facing);
    match start_writing(project, &edition) {
        Ok(d) => diags.extend(d),
        Err(d) => {
            diags.push(d);
            progress.finish();
            return diags;
        }
    }
    super::align_outputs(&run, &report_diags, &mut |f| {
        if let Err(d) = io::write_atomic(&project.out.join(&f.path), &f.bytes) {
            diags.push(d);
        }
    });
    // The reports are written: the run lets go of its documents, so the edition is their only
    // owner and the typography pass edits them in place (each copy of a 20 MB paragraph's AST
    // is about 1 GB: issue 12), and of the tables behind the reports.
    run.release_tables();
    crate::memory::give_back();
    // Each language's typography rules, applied once for every format (each format applying
    // them held its own copy of every document: issue 13).
    let edition = crate::export::typography::edition(edition);

    let (edition_id, fingerprint) = (edition.id.clone(), edition.source_fingerprint.clone());
    let outcome = export_all(
        project,
        &run.config,
        opts,
        edition,
        &progress,
        &inputs,
        fresh,
    );
    progress.finish();
    diags.extend(outcome.diags);
    let Outcome {
        mut entries,
        mut written,
        mut failed,
        ..
    } = outcome;
    failed.extend(refused_editions(&previous, &refused));
    diags.extend(carry_over_or_prune(
        project,
        &run.config,
        &previous,
        &mut entries,
        &failed,
    ));
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
        document: edition_id.clone(),
        source_fingerprint: fingerprint.clone(),
        policy: run.aligned.policy,
        languages,
        editions: entries,
        failed,
        refused: refused.clone(),
    };
    let mut json = serde_json::to_string_pretty(&manifest).expect("manifest serializes");
    json.push('\n');
    match io::write_atomic(&project.out.join("manifest.json"), json.as_bytes()) {
        Ok(()) => io::finish_build_marker(&project.out),
        Err(d) => diags.push(d),
    }
    drop(lock);
    // Each format builds its own interface catalog, so one missing string would be told per format.
    diag::dedup(&mut diags);

    if opts.json {
        let summary = serde_json::json!({ "manifest": manifest, "written": written, "errors": diags.iter().filter(|d| d.is_error()).count(), "warnings": diags.iter().filter(|d| d.severity == diag::Severity::Warning).count() });
        println!(
            "{}",
            serde_json::to_string_pretty(&summary).expect("summary serializes")
        );
    } else if !opts.quiet {
        eprint!("{}", table(&written, (&edition_id, &fingerprint), &refused));
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

/// The previous manifest's editions by path (none when there is no readable manifest).
fn previous_editions(project: &Project) -> BTreeMap<String, serde_json::Value> {
    let path = project.out.join("manifest.json");
    let Ok(Some(bytes)) = io::read_optional(&path, &path) else {
        return BTreeMap::new();
    };
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    json["editions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| Some((e["path"].as_str()?.to_string(), e.clone())))
        .collect()
}

/// Editions of the previous build that this build did not write: an edition of a language the
/// project no longer has is removed (only when the file is still the one stele wrote, so a file
/// the user put there is never deleted); one of a format or language this build was not asked
/// for stays and stays listed, so that `out/` holds exactly what the manifest lists.
fn carry_over_or_prune(
    project: &Project,
    config: &crate::config::Config,
    previous: &BTreeMap<String, serde_json::Value>,
    entries: &mut Vec<EditionEntry>,
    failed: &[String],
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let langs: Vec<String> = std::iter::once(&config.document.source_lang)
        .chain(&config.document.target_langs)
        .map(|l| l.to_string())
        .collect();
    let done: std::collections::BTreeSet<String> = entries.iter().map(|e| e.path.clone()).collect();
    for (path, old) in previous {
        if done.contains(path) || failed.contains(path) {
            continue;
        }
        let file = project.out.join(path);
        let ours = io::read_optional(&file, &file)
            .ok()
            .flatten()
            .is_some_and(|b| old["sha256"] == sha256_hex(&b).as_str());
        if !ours {
            continue;
        }
        let old_langs: Vec<String> = old["languages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l.as_str().map(String::from))
            .collect();
        let format = match old["format"].as_str() {
            Some("html") => Format::Html,
            Some("epub") => Format::Epub,
            Some("pdf") => Format::Pdf,
            _ => continue,
        };
        if old_langs.iter().all(|l| langs.contains(l)) {
            entries.push(EditionEntry {
                path: path.clone(),
                format,
                languages: old_langs,
                size: old["size"].as_u64().unwrap_or(0),
                sha256: old["sha256"].as_str().unwrap_or("").to_string(),
                inputs: old["inputs"].as_str().unwrap_or("").to_string(),
            });
        } else {
            match io::remove_output(&file) {
                Ok(()) => diags.push(
                    Diagnostic::info(
                        "pruned",
                        format!(
                            "removed {path}: the edition has no `{}` any more",
                            old_langs.join("`, `")
                        ),
                    )
                    .file(&file),
                ),
                Err(d) => diags.push(d),
            }
        }
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    diags
}

/// The previous editions that include a refused language: left in place, listed as failed.
fn refused_editions(
    previous: &BTreeMap<String, serde_json::Value>,
    refused: &[super::refuse::Refused],
) -> Vec<String> {
    previous
        .iter()
        .filter(|(_, e)| {
            e["languages"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|l| refused.iter().any(|r| l.as_str() == Some(r.lang.as_str())))
        })
        .map(|(p, _)| p.clone())
        .collect()
}

/// What of the request and the environment changes the output, beyond the edition itself.
fn options_digest(config: &crate::config::Config, opts: &BuildRequest) -> String {
    // `--layout facing` adds editions and changes none (issue 20): not an input of the others.
    let export = crate::app::ExportRequest {
        facing: false,
        ..opts.export.clone()
    };
    let mut digest = format!(
        "{:?}|paper={}|SOURCE_DATE_EPOCH={:?}",
        export,
        config.pdf.paper,
        std::env::var("SOURCE_DATE_EPOCH").ok()
    );
    // Only when set, so that the inputs of an edition without it stay as they were (issue 16).
    if let Some(level) = config.epub.split_level {
        digest.push_str(&format!("|epub.split_level={level}"));
    }
    digest
}

/// Which language comes first in the facing-page PDFs (issue 20), when they are built.
/// (`[pdf] facing` or `--layout facing`).
fn facing_first<'a>(config: &'a crate::config::Config, opts: &BuildRequest) -> Option<&'a str> {
    (config.pdf.facing || opts.export.facing).then_some(config.pdf.facing_first.as_str())
}

/// Editions whose inputs equal the previous build's and whose file is still the one it wrote:
/// their previous manifest entries, per format (nothing under `--force`); `facing`: the
/// facing-page PDFs are built too.
fn up_to_date(
    project: &Project,
    opts: &BuildRequest,
    edition: &Edition,
    inputs: &Inputs,
    previous: &BTreeMap<String, serde_json::Value>,
    facing: bool,
) -> BTreeMap<String, EditionEntry> {
    let mut out = BTreeMap::new();
    if opts.force {
        return out;
    }
    let selected: Vec<crate::model::Lang> = opts
        .export
        .langs
        .iter()
        .filter_map(|t| crate::model::Lang::parse(t).ok())
        .collect();
    for format in &opts.formats {
        for p in incremental::planned(*format, edition, &selected, facing) {
            let Some(old) = previous.get(&p.path) else {
                continue;
            };
            let key = inputs.of(*format, &p);
            let path = project.out.join(&p.path);
            let same_file = io::read_optional(&path, &path)
                .ok()
                .flatten()
                .is_some_and(|b| old["sha256"] == sha256_hex(&b).as_str());
            if old["inputs"] == key.as_str() && same_file {
                out.insert(
                    p.path.clone(),
                    EditionEntry {
                        path: p.path,
                        format: *format,
                        languages: p.langs.iter().map(|l| l.to_string()).collect(),
                        size: old["size"].as_u64().unwrap_or(0),
                        sha256: old["sha256"].as_str().unwrap_or("").to_string(),
                        inputs: key,
                    },
                );
            }
        }
    }
    out
}

/// What the exporters wrote.
#[derive(Default)]
struct Outcome {
    entries: Vec<EditionEntry>,
    written: Vec<Written>,
    failed: Vec<String>,
    diags: Vec<Diagnostic>,
}

/// Exports every format of `edition` (typography applied) in parallel; each edition is written the
/// moment it is ready (a build killed later keeps it), and its bytes are dropped right after.
/// The PDFs are planned alongside the other formats and typeset once those are done and the
/// edition is gone: at book size its documents would otherwise sit beside typst's layout
/// (about 420 MB of the 100x project's 3.1 GB peak: issue 13).
fn export_all(
    project: &Project,
    config: &crate::config::Config,
    opts: &BuildRequest,
    edition: Edition,
    progress: &Progress,
    inputs: &Inputs,
    fresh: BTreeMap<String, EditionEntry>,
) -> Outcome {
    let mut first = Outcome::default();
    for e in fresh.values() {
        first.written.push(Written {
            path: e.path.clone(),
            size: e.size,
            seconds: 0.0,
            up_to_date: true,
        });
        first.entries.push(e.clone());
    }
    let skip: std::collections::BTreeSet<String> = fresh.keys().cloned().collect();
    let outcome = std::sync::Mutex::new(first);
    let sinks = Sinks {
        project,
        inputs,
        skip: &skip,
        outcome: &outcome,
    };
    let lock = || outcome.lock().unwrap_or_else(|e| e.into_inner());
    let pdf_plan = std::sync::Mutex::new(None);
    opts.formats.par_iter().for_each(|format| {
        let start = Instant::now();
        let sink = |ready: Ready| sinks.record(*format, start, ready);
        if *format == Format::Pdf {
            match super::build_pdf_options(project, config, &opts.export, &skip) {
                Ok(o) => {
                    let planned = crate::export::pdf::plan(&edition, &o);
                    lock().diags.extend(planned.diags);
                    match planned.value {
                        Some(p) => {
                            *pdf_plan.lock().unwrap_or_else(|e| e.into_inner()) = Some((p, start))
                        }
                        None => sink(Ready::Failed("pdf".into())),
                    }
                }
                Err(d) => {
                    sink(Ready::Failed("pdf".into()));
                    lock().diags.extend(d);
                }
            }
            return;
        }
        let d = match super::typeset_exporter(*format, project, config, &opts.export, &skip) {
            Ok(e) => e(&edition, &sink),
            Err(d) => {
                sink(Ready::Failed(format.name().into()));
                d
            }
        };
        lock().diags.extend(d);
        progress.step(&format!("{} done", format.name()));
    });
    drop(edition);
    if let Some((plan, start)) = pdf_plan.into_inner().unwrap_or_else(|e| e.into_inner()) {
        let sink = |ready: Ready| sinks.record(Format::Pdf, start, ready);
        let staged = crate::export::pdf::typeset(plan, &sink);
        lock().diags.extend(staged.diags);
        progress.step("pdf done");
    }
    outcome.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Where the exporters' editions go: written into `out/` and entered in the outcome.
struct Sinks<'a> {
    project: &'a Project,
    inputs: &'a Inputs,
    /// Up to date: not written again.
    skip: &'a std::collections::BTreeSet<String>,
    outcome: &'a std::sync::Mutex<Outcome>,
}

impl Sinks<'_> {
    fn record(&self, format: Format, start: Instant, ready: Ready) {
        let lock = || self.outcome.lock().unwrap_or_else(|e| e.into_inner());
        match ready {
            Ready::File(f) if self.skip.contains(&rel(&f.path)) => {}
            Ready::File(f) => {
                let path = rel(&f.path);
                let key = self.inputs.of(
                    format,
                    &incremental::Planned {
                        path: path.clone(),
                        langs: f.langs.clone(),
                    },
                );
                match io::write_atomic(&self.project.out.join(&f.path), &f.bytes) {
                    Ok(()) => {
                        let mut o = lock();
                        o.entries.push(EditionEntry {
                            path: path.clone(),
                            format,
                            languages: f.langs.iter().map(|l| l.to_string()).collect(),
                            size: f.bytes.len() as u64,
                            sha256: sha256_hex(&f.bytes),
                            inputs: key,
                        });
                        o.written.push(Written {
                            path,
                            size: f.bytes.len() as u64,
                            seconds: start.elapsed().as_secs_f64(),
                            up_to_date: false,
                        });
                    }
                    Err(d) => {
                        let mut o = lock();
                        o.diags.push(
                            Diagnostic::error("edition-failed", format!("edition {path} was not written; the previous file is left in place"))
                                .file(self.project.out.join(&f.path))
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
        }
    }
}

/// The final table: what was written, with sizes and the exporter's duration.
/// `edition`: its ID and source fingerprint.
fn table(written: &[Written], edition: (&str, &str), refused: &[super::refuse::Refused]) -> String {
    let mut s = format!(
        "\nbuilt {} editions of `{}` (source {}), {} up to date\n",
        written.iter().filter(|w| !w.up_to_date).count(),
        edition.0,
        edition.1,
        written.iter().filter(|w| w.up_to_date).count()
    );
    let width = written
        .iter()
        .map(|w| w.path.len())
        .max()
        .unwrap_or(4)
        .max(4);
    s.push_str(&format!(
        "  {:<width$}  {:>10}  {:>10}\n",
        "file", "size", "time"
    ));
    for w in written {
        let time = if w.up_to_date {
            "up to date".to_string()
        } else {
            format!("{:.2}s", w.seconds)
        };
        s.push_str(&format!(
            "  {:<width$}  {:>10}  {:>10}\n",
            w.path,
            human(w.size),
            time
        ));
    }
    for r in refused {
        s.push_str(&format!(
            "  refused {} ({}): {}\n",
            r.lang, r.file, r.reason
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
