//! PDF editions typeset in process with Typst: one per language and one parallel edition per
//! target language (`en-ar.pdf`: source and translation side by side, one row per segment).
//!
//! - [`typst_writer`] turns the Pandoc AST into Typst markup (complete escaping, labels).
//! - [`template`] wraps it in the page templates (metadata, running head, page numbers, grid).
//! - [`world`] is the Typst `World`: the generated source, embedded fonts, nothing else.
//! - [`facing`] plans the facing-page editions (`en-ar-facing.pdf`, issue 20, `[pdf] facing`):
//!   units measured in this world, paired into spreads, then typeset.
//!
//! Every segment is a named destination with its ID (`ar.pdf#p3`); in a parallel edition the IDs
//! are prefixed with the language (`en-ar.pdf#en-p3`, `en-ar.pdf#ar-p3`). Typst's font fallback
//! is switched off: a character no font covers, or an unknown font family, is an error.

pub mod bidi;
pub mod facing;
mod late_links;
mod pool;
pub mod template;
pub mod typst_writer;
pub mod world;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use typst::comemo::Track;
use typst::diag::{SourceDiagnostic, Warned};
use typst::ecow::EcoString;
use typst::foundations::{Datetime, Smart};
use typst::introspection::{Introspector, Location};
use typst::layout::{Frame, FrameItem};
use typst::model::LateLinkResolver;
use typst::WorldExt;
use typst_layout::PagedDocument;

use self::template::{Generated, Setup};
pub use self::world::FontFile;
use self::world::{EditionWorld, FontSet};
use crate::diag::{Diagnostic, Staged};
use crate::export::{OutputFile, Ready, Sink};
use crate::model::{Document, Edition, Lang, Script};

/// Paper size of the PDF editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm (the default).
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "us-letter",
        }
    }
}

/// A PDF standard the editions are checked against while they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standard {
    /// Plain PDF 1.7, tagged (structure tree with `/Lang`), no conformance claim
    /// (`--pdf-standard none`).
    None,
    /// PDF/UA-1 (accessible PDF: title shown, PDF/UA identification in XMP): the default.
    #[default]
    Ua1,
    /// PDF/A-2a (archival, accessible level).
    A2a,
}

/// Options of [`pdf`].
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Paper size: A4 (default) or US Letter.
    pub paper: Paper,
    /// PDF standard to conform to; violations are errors.
    pub standard: Standard,
    /// Fonts read from `--font-path` directories (the caller reads the files, see
    /// [`crate::io::read_font_dirs`]). They come after the embedded fonts in every font list,
    /// so they serve scripts the embedded fonts (Latin, Cyrillic, Greek, Arabic) do not cover.
    pub extra_fonts: Vec<FontFile>,
    /// Languages to build (empty: all). A parallel edition is built for each selected target.
    pub langs: Vec<Lang>,
    /// Bytes of memory the editions typeset at once may take (`[pdf] memory_mb`); at least one
    /// edition is always typeset, however large.
    pub memory_budget: u64,
    /// Editions not to typeset (output paths such as `pdf/en-ar.pdf`): up to date already.
    pub skip: std::collections::BTreeSet<String>,
    /// Also build the facing-page editions `pdf/<source>-<target>-facing.pdf` (issue 20), with
    /// this language first on every spread (None: not built).
    pub facing: Option<facing::FacingFirst>,
}

/// The default [`PdfOptions::memory_budget`]: 2 GiB.
pub const DEFAULT_MEMORY_BUDGET: u64 = 2 << 30;

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            paper: Paper::default(),
            standard: Standard::default(),
            extra_fonts: Vec::new(),
            langs: Vec::new(),
            memory_budget: DEFAULT_MEMORY_BUDGET,
            skip: Default::default(),
            facing: None,
        }
    }
}

/// Builds `pdf/<lang>.pdf` for every document and `pdf/<source>-<target>.pdf` for every target.
/// Any error (a missing glyph, a segment without its named destination, a standard violated)
/// fails the whole export: no files are returned.
pub fn pdf(edition: &Edition, opts: &PdfOptions) -> Staged<Vec<OutputFile>> {
    let files = std::sync::Mutex::new(Vec::new());
    let staged = pdf_each(edition, opts, &|r| {
        if let Ready::File(f) = r {
            files.lock().unwrap_or_else(|e| e.into_inner()).push(f);
        }
    });
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    // In edition order (single-language editions in the edition's order, then the parallel ones),
    // whatever order the pool finished them in.
    let order = |f: &OutputFile| {
        let single = f.langs.len() == 1;
        let pos = edition
            .docs
            .iter()
            .position(|d| Some(&d.lang) == f.langs.last());
        let facing = f.path.to_string_lossy().ends_with("-facing.pdf");
        (!single, facing, pos)
    };
    files.sort_by_key(order);
    // Each edition is all or nothing: the ones that built are returned even when another failed.
    match staged.value {
        Some(()) => Staged::ok(files, staged.diags),
        None => Staged::failed(staged.diags),
    }
}

/// [`pdf`], handing each edition to `sink` as soon as it is typeset (a failed one as
/// [`Ready::Failed`]); returns the diagnostics: [`plan`], then [`typeset`].
pub fn pdf_each(edition: &Edition, opts: &PdfOptions, sink: Sink) -> Staged<()> {
    let planned = plan(edition, opts);
    let Some(plan) = planned.value else {
        return Staged::failed(planned.diags);
    };
    let mut typeset = typeset(plan, sink);
    let mut diags = planned.diags;
    diags.append(&mut typeset.diags);
    Staged {
        value: typeset.value,
        diags,
    }
}

/// The PDF editions of one export with their Typst sources written: everything [`typeset`]
/// needs, and none of the edition's documents, so a caller can let go of those (most of a
/// book's memory) before typst lays out a single page (issue 13).
pub struct Plan {
    jobs: Vec<Planned>,
    library: typst::utils::LazyHash<typst::Library>,
    fonts: FontSet,
    media: crate::media::MediaSet,
    edition_id: String,
    /// The date in the text (`today`) and the files' timestamp (`SOURCE_DATE_EPOCH` when set).
    today: Datetime,
    stamp: Datetime,
    standards: typst_pdf::PdfStandards,
    memory_budget: u64,
}

/// One edition to typeset.
struct Planned {
    /// File stem: `ar`, `en-ar`, `en-ar-facing`.
    name: String,
    langs: Vec<Lang>,
    generated: Generated,
    /// Its estimated layout memory ([`layout_bytes`]).
    layout: u64,
    /// A facing edition: whether its first page is right-to-left (the viewer's page order).
    facing_rtl: Option<bool>,
}

/// Writes the Typst source of every edition `opts` asks for (facing editions are measured here).
pub fn plan(edition: &Edition, opts: &PdfOptions) -> Staged<Plan> {
    let mut diags = Vec::new();
    let Some(today) = parse_date(&edition.date) else {
        return Staged::failed(vec![Diagnostic::error(
            "pdf-date",
            format!("edition date `{}` is not a date (YYYY-MM-DD)", edition.date),
        )
        .hint("set document.date in source/edition.toml")]);
    };
    // The file's timestamp is the edition's (SOURCE_DATE_EPOCH when set); `today` in the text
    // stays the edition date.
    let stamp = if edition.modified == crate::model::modified_from_date(&edition.date) {
        today
    } else {
        parse_timestamp(&edition.modified).unwrap_or(today)
    };
    let standards = match opts.standard {
        Standard::None => typst_pdf::PdfStandards::default(),
        Standard::Ua1 => standards(&[typst_pdf::PdfStandard::Ua_1]),
        Standard::A2a => standards(&[typst_pdf::PdfStandard::A_2a]),
    };
    let (fonts, rejected) = FontSet::new(&opts.extra_fonts);
    for path in rejected {
        diags.push(
            Diagnostic::warning("pdf-font", "not a font file typst can read; skipped")
                .file(path)
                .hint("--font-path takes directories of .ttf, .otf, .ttc files"),
        );
    }
    if edition.docs.is_empty() {
        diags.push(Diagnostic::error(
            "pdf-empty",
            "the edition has no documents",
        ));
        return Staged::failed(diags);
    }
    let mut jobs = jobs(edition, opts);
    jobs.retain(|j| !opts.skip.contains(&format!("pdf/{}.pdf", job_name(j))));
    let library = world::library();
    let generate = |job: Job| generate(edition, opts, &job, &library, &fonts, today);
    // Facing editions are measured by typst while their source is written: in the same bounded
    // pool as the typesetting. The others are plain text work, written side by side.
    let measured = |j: &Job| match j {
        Job::Facing(..) => layout_bytes(j),
        _ => 0,
    };
    let planned = pool::run(jobs, measured, opts.memory_budget, threads(), generate);
    Staged::ok(
        Plan {
            jobs: planned,
            library,
            fonts,
            media: edition.media.clone(),
            edition_id: edition.id.clone(),
            today,
            stamp,
            standards,
            memory_budget: opts.memory_budget,
        },
        diags,
    )
}

/// Every edition `opts` selects: single-language ones, then the parallel ones, then facing.
fn jobs<'e>(edition: &'e Edition, opts: &PdfOptions) -> Vec<Job<'e>> {
    let selected = |lang: &Lang| opts.langs.is_empty() || opts.langs.contains(lang);
    let source = &edition.docs[0];
    let targets = || edition.docs.iter().skip(1).filter(|d| selected(&d.lang));
    let mut jobs: Vec<Job> = edition
        .docs
        .iter()
        .filter(|d| selected(&d.lang))
        .map(|d| Job::Single(d))
        .collect();
    jobs.extend(targets().map(|d| Job::Parallel(source, d)));
    if opts.facing.is_some() {
        jobs.extend(targets().map(|d| Job::Facing(source, d)));
    }
    jobs
}

/// One edition's Typst source.
fn generate(
    edition: &Edition,
    opts: &PdfOptions,
    job: &Job,
    library: &typst::utils::LazyHash<typst::Library>,
    fonts: &FontSet,
    today: Datetime,
) -> Planned {
    let families = |lang: &Lang| families(fonts, lang);
    let setup = Setup {
        paper: opts.paper.typst_name(),
        families: &families,
    };
    let (langs, generated, facing_rtl) = match job {
        Job::Single(doc) => (
            vec![doc.lang.clone()],
            template::single(edition, doc, &setup),
            None,
        ),
        Job::Parallel(l, r) => (
            vec![l.lang.clone(), r.lang.clone()],
            template::parallel(edition, l, r, &setup),
            None,
        ),
        Job::Facing(l, r) => {
            let order = opts.facing.unwrap_or_default();
            let measure = |src| facing::measure(library, fonts, &edition.media, src, today);
            let first = match order {
                facing::FacingFirst::Source => l,
                facing::FacingFirst::Translation => r,
            };
            (
                vec![l.lang.clone(), r.lang.clone()],
                facing::facing(edition, l, r, &setup, order, &measure),
                Some(first.lang.is_rtl()),
            )
        }
    };
    Planned {
        name: job_name(job),
        langs,
        generated,
        layout: layout_bytes(job),
        facing_rtl,
    }
}

/// Typesets the planned editions in a pool sized so that the editions running at once fit
/// the memory budget, emptying typst's caches after each, and hands each to `sink` as soon as
/// it is written.
pub fn typeset(plan: Plan, sink: Sink) -> Staged<()> {
    let Plan {
        jobs,
        library,
        fonts,
        media,
        edition_id,
        today,
        stamp,
        standards,
        memory_budget,
    } = plan;
    let run = |job: Planned| -> (Option<OutputFile>, Vec<Diagnostic>, String) {
        let Planned {
            name,
            langs,
            generated,
            facing_rtl,
            ..
        } = job;
        let world = EditionWorld::new(
            &library,
            &fonts,
            &format!("{name}.typ"),
            generated.source.clone(),
            today,
        )
        .with_media(&media);
        let file = format!("pdf/{name}.pdf");
        let target = Target {
            edition: &edition_id,
            name: &name,
            file: &file,
            langs: &langs,
        };
        let mut built = build(&world, generated, &target, &standards, stamp);
        if let (Some(rtl), Some(bytes)) = (facing_rtl, &mut built.value) {
            if let Some(b) = facing::viewer_preferences(bytes, rtl) {
                *bytes = b;
            }
        }
        // Typst's memoized layout would otherwise stay alive until the process ends.
        typst::comemo::evict(0);
        let out = built.value.map(|bytes| OutputFile {
            path: PathBuf::from(&file),
            bytes,
            langs,
        });
        (out, built.diags, file)
    };
    let diags = std::sync::Mutex::new(Vec::new());
    pool::run(
        jobs,
        |j| j.layout,
        memory_budget,
        threads(),
        |job| {
            let (file, d, path) = run(job);
            diags.lock().unwrap_or_else(|e| e.into_inner()).extend(d);
            sink(match file {
                Some(f) => Ready::File(f),
                None => Ready::Failed(PathBuf::from(path)),
            });
        },
    );
    Staged::ok((), diags.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// The edition's file stem: `ar`, `en-ar`.
fn job_name(job: &Job) -> String {
    match job {
        Job::Single(d) => d.lang.to_string(),
        Job::Parallel(l, r) => format!("{}-{}", l.lang, r.lang),
        Job::Facing(l, r) => format!("{}-{}-facing", l.lang, r.lang),
    }
}

/// A job's estimated layout memory: what typst holds while it lays the edition out, the pages
/// it keeps for the PDF writer included. Measured on the editions of `benches/gen-scaled.py
/// 100` (issue 13): 210-215 bytes per byte of text for the two-column editions (1,000-1,200
/// pages each), 87-150 for the single-language ones; rounded up, plus a share per block for
/// what every grid cell or stand-in costs whatever its length.
fn layout_bytes(job: &Job) -> u64 {
    let text = |d: &Document| crate::pandoc::stringify_blocks(&d.ast.blocks).len() as u64;
    let blocks = |d: &Document| d.ast.blocks.len() as u64;
    let cost =
        |d: &Document| text(d) * LAYOUT_BYTES_PER_TEXT_BYTE + blocks(d) * LAYOUT_BYTES_PER_BLOCK;
    match job {
        Job::Single(d) => cost(d),
        Job::Parallel(l, r) => cost(l) + cost(r),
        // measured, then typeset: about twice the work of the two-column edition
        Job::Facing(l, r) => 2 * (cost(l) + cost(r)),
    }
}

const LAYOUT_BYTES_PER_TEXT_BYTE: u64 = 250;
const LAYOUT_BYTES_PER_BLOCK: u64 = 20_000;

/// Editions typeset at once at most: one per core.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

enum Job<'a> {
    Single(&'a Document),
    Parallel(&'a Document, &'a Document),
    Facing(&'a Document, &'a Document),
}

fn standards(list: &[typst_pdf::PdfStandard]) -> typst_pdf::PdfStandards {
    typst_pdf::PdfStandards::new(list).expect("one standard alone is always a valid combination")
}

/// `YYYY-MM-DD` as a Typst date.
/// `YYYY-MM-DDThh:mm:ssZ` as a typst datetime.
fn parse_timestamp(s: &str) -> Option<Datetime> {
    let (date, time) = s.strip_suffix('Z')?.split_once('T')?;
    let d = parse_date(date)?;
    let mut t = time.split(':').map(|x| x.parse::<u8>().ok());
    let (h, m, sec) = (t.next()??, t.next()??, t.next()??);
    Datetime::from_ymd_hms(d.year()?, d.month()?, d.day()?, h, m, sec)
}

fn parse_date(s: &str) -> Option<Datetime> {
    let mut parts = s.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Datetime::from_ymd(y, m, d)
}

/// The font families for text in `lang`, most preferred first: the embedded face made for its
/// script, the other embedded faces, then every family from `--font-path`.
fn families(fonts: &FontSet, lang: &Lang) -> Vec<String> {
    let mut v: Vec<String> = match lang.script() {
        Script::Arabic => vec!["Amiri".into(), "Libertinus Serif".into()],
        _ => vec!["Libertinus Serif".into(), "Amiri".into()],
    };
    v.retain(|f| fonts.has_family(f));
    v.extend(fonts.extra_families().iter().cloned());
    v
}

/// Compiles one edition, checks it (warnings, glyphs, anchors) and writes the PDF bytes.
/// The edition a [`build`] typesets: its file stem (`en-ar`), output path and languages.
struct Target<'a> {
    /// The edition's ID (the PDF's identifier starts with it).
    edition: &'a str,
    name: &'a str,
    file: &'a str,
    langs: &'a [Lang],
}

fn build(
    world: &EditionWorld,
    generated: Generated,
    target: &Target,
    standards: &typst_pdf::PdfStandards,
    today: Datetime,
) -> Staged<Vec<u8>> {
    let Generated {
        anchors: expected,
        spans,
        mut diags,
        ..
    } = generated;
    let at = Places {
        world,
        spans: &spans,
        file: target.file,
    };
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    diags.extend(warnings.iter().map(|w| at.convert(w, false)));
    let document = match output {
        Ok(doc) => doc,
        Err(errors) => {
            diags.extend(errors.iter().map(|e| at.convert(e, true)));
            return Staged::failed(diags);
        }
    };
    // Links were written as placeholders (see `late_links`); a parallel edition's labels carry
    // their column's language (`ar-p3`).
    let lang_of = |label: &str| -> String {
        let lang = target
            .langs
            .iter()
            .find(|l| label.starts_with(&format!("{l}-")))
            .or(target.langs.first());
        lang.map(|l| l.primary().to_string()).unwrap_or_default()
    };
    // The layout is done: what typst memoized for it (every pass's paragraphs and pages) would
    // otherwise stay alive through the checks and the PDF writer (issue 13).
    typst::comemo::evict(0);
    let (document, unresolved) = late_links::resolve(document, &lang_of);
    for label in unresolved {
        diags.push(
            Diagnostic::error(
                "pdf-link",
                format!("link to `{label}` has no single target in the document"),
            )
            .file(target.file)
            .hint("this is a bug in the pdf writer; please report it"),
        );
    }
    diags.extend(glyph_errors(&document, &at));
    let anchors = destinations(&document, &expected, target.file, &mut diags);
    if crate::diag::has_errors(&diags) {
        return Staged::failed(diags);
    }
    match write(&document, target, standards, today, &anchors) {
        Ok(bytes) => Staged::ok(bytes, diags),
        Err(errors) => {
            diags.extend(errors.iter().map(|e| at.convert(e, true)));
            Staged::failed(diags)
        }
    }
}

/// Where in an edition a typst span is: its file, and the segment its source range falls in.
struct Places<'a> {
    world: &'a EditionWorld<'a>,
    spans: &'a [typst_writer::SegmentSpan],
    file: &'a str,
}

impl Places<'_> {
    /// The segment a source range (`world.range(span)`) falls in.
    fn segment(&self, range: Option<std::ops::Range<usize>>) -> Option<&typst_writer::SegmentSpan> {
        let r = range?;
        self.spans
            .iter()
            .rev()
            .find(|s| s.range.start <= r.start && r.start < s.range.end)
    }

    /// A typst diagnostic as ours, naming the file and the segment; an unknown font family is
    /// always an error (fallback is off).
    fn convert(&self, d: &SourceDiagnostic, as_error: bool) -> Diagnostic {
        let font = d.message.starts_with("unknown font family");
        let mut out = if as_error || font {
            Diagnostic::error(
                if font { "pdf-font" } else { "pdf-typst" },
                crate::diag::lowercase_first(&d.message),
            )
        } else {
            Diagnostic::warning("pdf-typst", crate::diag::lowercase_first(&d.message))
        }
        .file(self.file);
        if let Some(seg) = self.segment(self.world.range(d.span)) {
            out = out.segment(&seg.id).lang(seg.lang.as_str());
        }
        let hints: Vec<&str> = d.hints.iter().map(|h| h.v.as_str()).collect();
        if font {
            out.hint("fonts come from the binary and --font-path; typst's silent fallback is off")
        } else if !hints.is_empty() {
            out.hint(hints.join("; "))
        } else {
            out
        }
    }
}

/// A glyph 0 is a character no listed font covers: with fallback off, typst draws a box.
/// One error per segment (a paragraph in an uncovered script would otherwise give hundreds),
/// listing its characters in order of appearance, with the page of the first.
fn glyph_errors(document: &PagedDocument, at: &Places) -> Vec<Diagnostic> {
    struct Missing<'s> {
        seg: Option<&'s typst_writer::SegmentSpan>,
        page: usize,
        chars: Vec<char>,
    }
    let mut missing: Vec<Missing> = Vec::new();
    for (page, p) in document.pages().iter().enumerate() {
        missing_glyphs(&p.frame, &mut |text, glyph_span| {
            let seg = at.segment(at.world.range(glyph_span));
            let key = seg.map(|s| &s.id);
            let i = match missing.iter().position(|m| m.seg.map(|s| &s.id) == key) {
                Some(i) => i,
                None => {
                    missing.push(Missing {
                        seg,
                        page: page + 1,
                        chars: Vec::new(),
                    });
                    missing.len() - 1
                }
            };
            for c in text.chars() {
                if !missing[i].chars.contains(&c) {
                    missing[i].chars.push(c);
                }
            }
        });
    }
    const SHOWN: usize = 10;
    let mut out = Vec::new();
    for m in missing.iter().filter(|m| !m.chars.is_empty()) {
        let mut list: Vec<String> = m
            .chars
            .iter()
            .take(SHOWN)
            .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
            .collect();
        if m.chars.len() > SHOWN {
            list.push(format!("and {} more", m.chars.len() - SHOWN));
        }
        let message = match m.chars.len() {
            1 => format!("no font has a glyph for {} on page {}", list[0], m.page),
            n => format!(
                "no font has a glyph for {n} characters (the first on page {}): {}",
                m.page,
                list.join(", ")
            ),
        };
        let mut d = Diagnostic::error("pdf-font", message)
            .file(at.file)
            .hint("add a font that covers this script with --font-path DIR");
        if let Some(s) = m.seg {
            d = d.segment(&s.id).lang(s.lang.as_str());
        }
        out.push(d);
    }
    out
}

/// Every segment label becomes a named destination: the destinations, in `expected` order, and
/// an error for each label that is not in the document.
fn destinations(
    document: &PagedDocument,
    expected: &[String],
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Location, EcoString)> {
    let wanted: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    let mut found: BTreeMap<String, Location> = BTreeMap::new();
    for elem in document.introspector().query_labelled() {
        if let (Some(label), Some(loc)) = (elem.label(), elem.location()) {
            let label = label.resolve();
            if wanted.contains(label.as_str()) {
                found.entry(label.as_str().to_string()).or_insert(loc);
            }
        }
    }
    let mut anchors: Vec<(Location, EcoString)> = Vec::new();
    for name in expected {
        match found.get(name) {
            Some(loc) => anchors.push((*loc, EcoString::from(name.as_str()))),
            None => diags.push(
                Diagnostic::error(
                    "pdf-anchor",
                    format!("`{name}` did not become a named destination"),
                )
                .file(file)
                .hint("this is a bug in the pdf writer; please report it"),
            ),
        }
    }
    anchors
}

/// The PDF bytes, tagged, with the edition's identifier and timestamp.
fn write(
    document: &PagedDocument,
    target: &Target,
    standards: &typst_pdf::PdfStandards,
    today: Datetime,
    anchors: &[(Location, EcoString)],
) -> typst::diag::SourceResult<Vec<u8>> {
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(format!("{}/{}", target.edition, target.name)),
        creator: Smart::Custom(Some(format!(
            "stele {} (Typst 0.15)",
            env!("CARGO_PKG_VERSION")
        ))),
        timestamp: Some(typst_pdf::Timestamp::new_utc(today)),
        page_ranges: None,
        standards: standards.clone(),
        tagged: true,
        pretty: false,
    };
    let resolver = LateLinkResolver::new(None, document.introspector().as_ref());
    typst_pdf::pdf_in_bundle(document, &options, anchors, resolver.track())
}

/// Calls `f` with the text and source span of every glyph that is the font's `.notdef`.
fn missing_glyphs(frame: &Frame, f: &mut dyn FnMut(&str, typst::syntax::Span)) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => missing_glyphs(&g.frame, f),
            FrameItem::Text(t) => {
                for g in t.glyphs.iter().filter(|g| g.id == 0) {
                    let text = t.text.get(g.range()).unwrap_or("");
                    f(text, g.span.0);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod citations_tests;
