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
    /// Import an existing translation without segment IDs: align its paragraphs to the source.
    Import {
        /// The language of the file (for XLIFF and PO: default the file's target language).
        #[arg(long)]
        lang: Option<String>,
        /// Plain text, Markdown, a translation file of another stele project, or a CAT tool's
        /// XLIFF (`.xlf`, `.xliff`) or PO (`.po`) file, merged by segment ID.
        file: PathBuf,
        /// Fill only missing or empty divs of the existing translation file.
        #[arg(long)]
        merge: bool,
        /// Write only the report (out/reports/import-<lang>.json and .html).
        #[arg(long)]
        dry_run: bool,
    },
    /// Record the current source fingerprint (`source="…"`) in reviewed divs of a translation file
    /// (atomic replace; every other byte kept).
    #[command(group(clap::ArgGroup::new("which").required(true).args(["ids", "all", "reviewed_only"])))]
    Accept {
        /// The language whose file to update.
        #[arg(long)]
        lang: String,
        /// Segment IDs to accept (each must have a div with text).
        ids: Vec<String>,
        /// Every div with text whose recorded fingerprint is not the current one.
        #[arg(long)]
        all: bool,
        /// As --all, but only divs without open content findings of `stele align`.
        #[arg(long)]
        reviewed_only: bool,
    },
    /// Align translations with the source: QA checks, reports, translated ASTs.
    Align(AlignArgs),
    /// Print the coverage per language (table, `--json`, or `--list` of segments) without building anything.
    Status(StatusArgs),
    /// Export editions of one format, or a CAT-tool exchange file (xliff, po, tmx) under out/exchange/.
    Export {
        #[arg(value_enum)]
        format: ExportFormat,
        /// XLIFF version of `export xliff`.
        #[arg(long, value_enum, default_value = "2.1")]
        xliff_version: XliffVersion,
        #[command(flatten)]
        opts: ExportArgs,
        #[command(flatten)]
        gates: GateArgs,
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
        #[command(flatten)]
        gates: GateArgs,
    },
    /// Create a new project: edition.toml, an example article, synced translation files, .gitignore.
    Init(InitArgs),
    /// Build, serve out/ on 127.0.0.1, rebuild on every change and reload the open pages.
    Serve {
        /// The loopback port (0: any free port; the address is printed).
        #[arg(long, default_value_t = 8030)]
        port: u16,
        #[command(flatten)]
        watch: WatchArgs,
    },
    /// Build, then rebuild on every change of source/, translations/, edition.toml or i18n/.
    Watch(WatchArgs),
    /// Print a shell completion script (e.g. `stele completions bash > ~/.local/share/bash-completion/completions/stele`).
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of stele, which lists its subcommands, or of one subcommand.
    Man {
        /// A subcommand whose page to print (`stele-SUBCOMMAND(1)`), e.g. `init`.
        subcommand: Option<String>,
    },
}

/// What `serve` and `watch` build on every change.
#[derive(Debug, Args, Clone)]
pub struct WatchArgs {
    /// Formats to rebuild, comma-separated (default: html, quick to rebuild).
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = vec![Format::Html])]
    pub format: Vec<Format>,
    #[command(flatten)]
    pub opts: ExportArgs,
}

impl WatchArgs {
    fn request(&self, port: Option<u16>, quiet: bool) -> app::serve::ServeRequest {
        app::serve::ServeRequest {
            build: app::BuildRequest {
                formats: self.format.iter().map(|f| (*f).into()).collect(),
                export: (&self.opts).into(),
                json: false,
                quiet,
                force: false,
                gates: Default::default(),
            },
            port,
        }
    }
}

#[derive(Debug, Args, Clone, Default)]
pub struct StatusArgs {
    /// Print the counts as JSON on stdout (the numbers of the table).
    #[arg(long)]
    pub json: bool,
    /// Also list the segments that are missing, empty, stale or orphaned, with file:line.
    #[arg(long)]
    pub list: bool,
    /// Target languages to show, comma-separated (default: all).
    #[arg(long, value_delimiter = ',')]
    pub lang: Vec<String>,
}

#[derive(Debug, Args, Clone)]
pub struct InitArgs {
    /// The project directory, created when missing (default: --root, i.e. `.`).
    pub dir: Option<PathBuf>,
    /// The language of the source text.
    #[arg(long, default_value = "en")]
    pub source_lang: String,
    /// The languages to translate into, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = vec!["ar".to_string(), "ru".to_string()])]
    pub langs: Vec<String>,
}

/// The CI gates of `align`, `build` and `export`: checked after the work, so reports and
/// editions are written either way; a failing gate is an error (exit status 1).
#[derive(Debug, Args, Clone, Default)]
pub struct GateArgs {
    /// Fail when a language's coverage is below this percentage.
    #[arg(long, value_name = "PCT")]
    pub fail_under: Option<f64>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct AlignArgs {
    /// What stands in for missing or stale translations (default: edition.toml's align.policy).
    #[arg(long)]
    pub policy: Option<Policy>,
    #[command(flatten)]
    pub gates: GateArgs,
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
    /// PDF standard to conform to (default: ua-1; `none`: tagged, no conformance claimed).
    #[arg(long, value_enum)]
    pub pdf_standard: Option<PdfStandard>,
    /// `facing`: also the facing-page PDFs <src>-<lang>-facing.pdf, as `[pdf] facing = true`.
    #[arg(long, value_enum)]
    pub layout: Option<Layout>,
}

/// Extra layouts of the parallel PDFs (issue 20).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Layout {
    /// Facing pages: one language on the left page, the other on the right.
    Facing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum)]
pub enum Format {
    Html,
    Epub,
    Pdf,
}

/// What `stele export` writes: an edition format, or a CAT-tool exchange file (issue 15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Html,
    Epub,
    Pdf,
    /// XLIFF per target language (out/exchange/<lang>.xlf; 1.2: <lang>.xliff12.xlf).
    Xliff,
    /// gettext PO per target language (out/exchange/<lang>.po).
    Po,
    /// A TMX memory of every current pair of every language (out/exchange/memory.tmx).
    Tmx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum XliffVersion {
    #[value(name = "2.1")]
    V21,
    #[value(name = "1.2")]
    V12,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Paper {
    A4,
    Letter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PdfStandard {
    #[value(name = "none")]
    None,
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
            gates: (&a.gates).into(),
        }
    }
}

impl From<&GateArgs> for app::request::Gates {
    fn from(g: &GateArgs) -> Self {
        app::request::Gates {
            fail_under: g.fail_under,
            deny_warnings: g.deny_warnings,
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
                None => S::default(),
                Some(PdfStandard::None) => S::None,
                Some(PdfStandard::Ua1) => S::Ua1,
                Some(PdfStandard::A2a) => S::A2a,
            },
            facing: a.layout == Some(Layout::Facing),
        }
    }
}

/// An example for the `--help` of each subcommand (clap `after_help`), by subcommand name; a
/// test checks that every subcommand has one.
const EXAMPLES: &[(&str, &str)] = &[
    ("normalize", "stele normalize                  # writes out/ast/en.json and out/ast/references.json\n  stele normalize --stdout | pandoc -f json -o article.docx"),
    ("sync", "stele sync --lang ar             # adds an empty div for every new source segment to translations/ar.md"),
    ("import", "stele import --lang ar old-translation.txt --dry-run   # report only\n  stele import --lang ar old-translation.txt --merge     # fill only missing or empty divs\n  stele import ar-translated.xlf                       # a CAT tool's XLIFF or PO, merged by segment ID"),
    ("accept", "stele accept --lang ar p3 p7     # record the current fingerprint for reviewed divs\n  stele accept --lang ar --reviewed-only"),
    ("align", "stele align --fail-under 90 --deny-warnings   # a CI gate: exit status 1 when it fails"),
    ("status", "stele status --list --lang ar    # what is missing, empty or stale in Arabic, with file:line\n  stele status --json | jq '.languages[] | {lang, coverage}'"),
    ("export", "stele export html --lang en,ar\n  stele export pdf --paper letter --fail-under 100\n  stele export xliff --lang ar   # out/exchange/ar.xlf for a CAT tool; then: stele import out/exchange/ar.xlf"),
    ("build", "stele build\n  stele build --format html,epub --deny-warnings --fail-under 95   # in CI"),
    ("init", "stele init my-article --langs fr,ar   # then: cd my-article && stele build"),
    ("serve", "stele serve                      # then open http://127.0.0.1:8030/ and edit translations/ar.md\n  stele serve --port 0 --format html,epub"),
    ("watch", "stele watch --format html,pdf    # rebuild on every save, no server"),
    ("completions", "stele completions bash > ~/.local/share/bash-completion/completions/stele\n  stele completions zsh > ~/.zfunc/_stele"),
    ("man", "stele man > stele.1 && man ./stele.1\n  stele man init > stele-init.1"),
];

/// The clap command with an example under every subcommand's `--help`: what [`parse`], the
/// completion scripts and the man page are made from.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command()
        .after_help("Example:\n  stele init my-article && cd my-article && stele build")
        .mut_subcommands(
            |sub| match EXAMPLES.iter().find(|(name, _)| *name == sub.get_name()) {
                Some((_, example)) => sub.after_help(format!("Examples:\n  {example}")),
                None => sub,
            },
        )
}

/// Parses the process's arguments (exits with clap's message and status 2 on a usage error).
pub fn parse() -> Cli {
    use clap::FromArgMatches;
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Writes generated text to stdout; a closed pipe (`stele man | head`) is not an error.
fn print_bytes(bytes: &[u8], what: &str) -> Vec<Diagnostic> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            vec![Diagnostic::error("io", format!("cannot write {what}: {e}"))]
        }
        _ => Vec::new(),
    }
}

/// Prints diagnostics on stderr (errors only when quiet), capped per code.
fn print_diags(diags: &[Diagnostic], quiet: bool) {
    let shown: Vec<Diagnostic> = if quiet {
        diags.iter().filter(|d| d.is_error()).cloned().collect()
    } else {
        diags.to_vec()
    };
    eprint!("{}", diag::render_capped(&shown, diag::TERMINAL_CAP));
}

/// Runs a parsed command line; returns the process exit code (0 clean, 1 errors, 2 usage).
pub fn run(cli: Cli) -> u8 {
    let project = Project::new(&cli.root, cli.out.clone()).allow_outside(cli.allow_outside);
    let diags: Vec<Diagnostic> = match &cli.command {
        Command::Normalize { stdout } => app::normalize_cmd(&project, *stdout),
        Command::Sync { lang } => app::sync_cmd(&project, lang),
        Command::Import {
            lang,
            file,
            merge,
            dry_run,
        } => app::import::import_cmd(
            &project,
            &app::import::ImportRequest {
                lang: lang.clone().unwrap_or_default(),
                file: file.clone(),
                merge: *merge,
                dry_run: *dry_run,
            },
        ),
        Command::Accept {
            lang,
            ids,
            all,
            reviewed_only,
        } => {
            use app::accept::{AcceptRequest, Selection};
            let selection = match (*all, *reviewed_only) {
                (true, _) => Selection::All,
                (_, true) => Selection::ReviewedOnly,
                _ => Selection::Ids(ids.clone()),
            };
            let request = AcceptRequest {
                lang: lang.clone(),
                selection,
            };
            app::accept::accept_cmd(&project, &request)
        }
        Command::Align(args) => app::align_cmd(&project, &args.into()),
        Command::Status(args) => app::status::status_cmd(
            &project,
            &app::status::StatusRequest {
                json: args.json,
                list: args.list,
                langs: args.lang.clone(),
            },
        ),
        Command::Export {
            format,
            xliff_version,
            opts,
            gates,
        } => {
            use crate::exchange::Format as X;
            let edition =
                |f: Format| app::export_cmd(&project, &[f.into()], &opts.into(), &gates.into());
            let exchange = |format| {
                let req = app::exchange::ExchangeRequest {
                    format,
                    langs: opts.lang.clone(),
                };
                app::exchange::export_cmd(&project, &req)
            };
            match (format, xliff_version) {
                (ExportFormat::Html, _) => edition(Format::Html),
                (ExportFormat::Epub, _) => edition(Format::Epub),
                (ExportFormat::Pdf, _) => edition(Format::Pdf),
                (ExportFormat::Xliff, XliffVersion::V21) => exchange(X::Xliff2),
                (ExportFormat::Xliff, XliffVersion::V12) => exchange(X::Xliff12),
                (ExportFormat::Po, _) => exchange(X::Po),
                (ExportFormat::Tmx, _) => exchange(X::Tmx),
            }
        }
        Command::Init(args) => app::init::init_cmd(&app::init::InitRequest {
            dir: args.dir.clone().unwrap_or_else(|| cli.root.clone()),
            source_lang: args.source_lang.clone(),
            langs: args.langs.clone(),
            allow_outside: cli.allow_outside,
        }),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut command(), "stele", &mut script);
            print_bytes(&script, "the completion script")
        }
        Command::Man { subcommand } => {
            let mut cmd = command();
            // Built, a subcommand knows its page name (`stele-init`) and usage (`stele init`).
            cmd.build();
            let page_of = match subcommand {
                None => Some(cmd),
                Some(name) => cmd.find_subcommand(name).cloned(),
            };
            let mut page = Vec::new();
            let version = concat!("stele ", env!("CARGO_PKG_VERSION"));
            let render = |c| clap_mangen::Man::new(c).source(version).render(&mut page);
            match page_of.map(render) {
                Some(Ok(())) => print_bytes(&page, "the man page"),
                Some(Err(e)) => vec![Diagnostic::error(
                    "man",
                    format!("cannot render the man page: {e}"),
                )],
                None => vec![Diagnostic::error(
                    "man",
                    format!(
                        "stele has no subcommand `{}`",
                        subcommand.as_deref().unwrap_or_default()
                    ),
                )
                .hint("see `stele --help` for the subcommands")],
            }
        }
        Command::Serve { port, watch } => {
            let request = watch.request(Some(*port), cli.quiet);
            app::serve::serve_cmd(&project, &request, &|d| print_diags(d, cli.quiet))
        }
        Command::Watch(watch) => {
            let request = watch.request(None, cli.quiet);
            app::serve::serve_cmd(&project, &request, &|d| print_diags(d, cli.quiet))
        }
        Command::Build {
            format,
            opts,
            json,
            force,
            gates,
        } => {
            let request = app::BuildRequest {
                formats: format.iter().map(|f| (*f).into()).collect(),
                export: opts.into(),
                json: *json,
                quiet: cli.quiet,
                force: *force,
                gates: gates.into(),
            };
            app::build_cmd(&project, &request)
        }
    };

    print_diags(&diags, cli.quiet);
    if diag::has_errors(&diags) {
        1
    } else {
        0
    }
}
