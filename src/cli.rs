//! The command line: clap types, their conversion into the app layer's typed requests
//! ([`crate::app::request`]), and the dispatch. Nothing else in the crate imports this module.

use crate::app;
use crate::config::Policy;
use crate::diag::{self, Diagnostic};
use crate::io::Project;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "stele",
    version,
    about = "Synchronized multilingual editions: one text, every paragraph in step"
)]
pub struct Cli {
    /// Project directory (holding source/ and translations/).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// Output directory (default: `<root>/out`).
    #[arg(long, global = true)]
    pub out: Option<PathBuf>,
    /// Let paths from the project (edition.toml, symlinks) resolve outside its root.
    #[arg(long, global = true)]
    pub allow_outside: bool,
    /// Print only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Normalize the source text into a Pandoc AST with stable segment IDs (`out/ast/<src>.json`).
    Normalize {
        /// Print the AST JSON on stdout instead of writing out/ast.
        #[arg(long)]
        stdout: bool,
    },
    /// Add empty divs for new source segments to a translation file (atomic replace; drops nothing).
    Sync {
        /// The language whose file to bring up to date.
        #[arg(long)]
        lang: String,
    },
    /// Align translations with the source: QA checks, reports, translated ASTs.
    Align(AlignArgs),
    /// Print the coverage table per language without building anything.
    Status,
    /// Export editions of one format.
    Export {
        #[arg(value_enum)]
        format: Format,
        #[command(flatten)]
        opts: ExportArgs,
    },
    /// Normalize, align and export every edition, with a manifest.
    Build {
        /// Formats to build, comma-separated.
        #[arg(long, value_enum, value_delimiter = ',', default_values_t = vec![Format::Html, Format::Epub, Format::Pdf])]
        format: Vec<Format>,
        #[command(flatten)]
        opts: ExportArgs,
        /// Print a machine-readable summary on stdout.
        #[arg(long)]
        json: bool,
        /// Rebuild every edition, even those whose inputs are unchanged since the last build.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args, Clone, Default)]
pub struct AlignArgs {
    /// What stands in for missing or stale translations (default: edition.toml's align.policy).
    #[arg(long)]
    pub policy: Option<Policy>,
    /// Fail when a language's coverage is below this percentage.
    #[arg(long)]
    pub fail_under: Option<f64>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct ExportArgs {
    /// Languages to build, comma-separated (default: all).
    #[arg(long, value_delimiter = ',')]
    pub lang: Vec<String>,
    /// What stands in for missing or stale translations.
    #[arg(long)]
    pub policy: Option<Policy>,
    /// PDF paper size (default: edition.toml's pdf.paper).
    #[arg(long, value_enum)]
    pub paper: Option<Paper>,
    /// Extra font directories for the PDF editions.
    #[arg(long)]
    pub font_path: Vec<PathBuf>,
    /// PDF standard to conform to.
    #[arg(long, value_enum)]
    pub pdf_standard: Option<PdfStandard>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum)]
pub enum Format {
    Html,
    Epub,
    Pdf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Paper {
    A4,
    Letter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PdfStandard {
    #[value(name = "ua-1")]
    Ua1,
    #[value(name = "a-2a")]
    A2a,
}

impl From<Format> for app::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Html => app::Format::Html,
            Format::Epub => app::Format::Epub,
            Format::Pdf => app::Format::Pdf,
        }
    }
}

impl From<&AlignArgs> for app::AlignRequest {
    fn from(a: &AlignArgs) -> Self {
        app::AlignRequest {
            policy: a.policy,
            fail_under: a.fail_under,
            deny_warnings: a.deny_warnings,
        }
    }
}

impl From<&ExportArgs> for app::ExportRequest {
    fn from(a: &ExportArgs) -> Self {
        use crate::export::pdf::{Paper as P, Standard as S};
        app::ExportRequest {
            langs: a.lang.clone(),
            policy: a.policy,
            paper: a.paper.map(|p| match p {
                Paper::A4 => P::A4,
                Paper::Letter => P::Letter,
            }),
            font_path: a.font_path.clone(),
            pdf_standard: match a.pdf_standard {
                None => S::None,
                Some(PdfStandard::Ua1) => S::Ua1,
                Some(PdfStandard::A2a) => S::A2a,
            },
        }
    }
}

/// Runs a parsed command line; returns the process exit code (0 clean, 1 errors, 2 usage).
pub fn run(cli: Cli) -> u8 {
    let project = Project::new(&cli.root, cli.out.clone()).allow_outside(cli.allow_outside);
    let diags: Vec<Diagnostic> = match &cli.command {
        Command::Normalize { stdout } => app::normalize_cmd(&project, *stdout),
        Command::Sync { lang } => app::sync_cmd(&project, lang),
        Command::Align(args) => app::align_cmd(&project, &args.into()),
        Command::Status => app::status_cmd(&project),
        Command::Export { format, opts } => {
            app::export_cmd(&project, &[(*format).into()], &opts.into())
        }
        Command::Build {
            format,
            opts,
            json,
            force,
        } => {
            let request = app::BuildRequest {
                formats: format.iter().map(|f| (*f).into()).collect(),
                export: opts.into(),
                json: *json,
                quiet: cli.quiet,
                force: *force,
            };
            app::build_cmd(&project, &request)
        }
    };

    let shown: Vec<Diagnostic> = if cli.quiet {
        diags.iter().filter(|d| d.is_error()).cloned().collect()
    } else {
        diags.clone()
    };
    eprint!("{}", diag::render_capped(&shown, diag::TERMINAL_CAP));
    if diag::has_errors(&diags) {
        1
    } else {
        0
    }
}
