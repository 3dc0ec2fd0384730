//! Typed requests of the application layer: what a command asks for, with every value already
//! parsed (the CLI converts its clap types into these; nothing below the app layer sees clap).

use crate::config::Policy;
use crate::export::pdf::{Paper, Standard};
use std::path::PathBuf;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Html,
    Epub,
    Pdf,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Epub => "epub",
            Format::Pdf => "pdf",
        }
    }
}

/// The CI gates of `align`, `build` and `export` ([`super::gates`]): checked after the command's
/// work, so reports and editions are written whether a gate fails or not.
#[derive(Debug, Clone, Default)]
pub struct Gates {
    /// Fail when a language's coverage is below this percentage.
    pub fail_under: Option<f64>,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
}

/// What `stele align` is asked for.
#[derive(Debug, Clone, Default)]
pub struct AlignRequest {
    /// What stands in for missing or stale translations (None: edition.toml's align.policy).
    pub policy: Option<Policy>,
    pub gates: Gates,
}

/// What an export (of one format, or of every format in a build) is asked for.
#[derive(Debug, Clone, Default)]
pub struct ExportRequest {
    /// Language tags as given (validated when the request is run); empty: all.
    pub langs: Vec<String>,
    pub policy: Option<Policy>,
    /// PDF paper (None: edition.toml's pdf.paper).
    pub paper: Option<Paper>,
    /// Extra font directories for the PDF editions.
    pub font_path: Vec<PathBuf>,
    /// PDF standard to check while writing (default PDF/UA-1; `Standard::None`: tagged, no
    /// standard claimed).
    pub pdf_standard: Standard,
    /// Also the facing-page PDFs, whatever `[pdf] facing` says (`--layout facing`, issue 20).
    pub facing: bool,
}

/// What `stele build` is asked for.
#[derive(Debug, Clone)]
pub struct BuildRequest {
    pub formats: Vec<Format>,
    pub export: ExportRequest,
    /// Print the summary as JSON on stdout.
    pub json: bool,
    /// No progress display and no table.
    pub quiet: bool,
    /// Rebuild every edition, even those whose inputs are unchanged.
    pub force: bool,
    /// Checked after the build (not part of the editions' inputs).
    pub gates: Gates,
}

/// What `stele import` is asked for.
#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    /// The target language tag, as given.
    pub lang: String,
    /// The file to import (the caller's own choice, not confined to the project).
    pub file: PathBuf,
    /// Fill only missing or empty divs of an existing translation file.
    pub merge: bool,
    /// Write only the reports.
    pub dry_run: bool,
}
