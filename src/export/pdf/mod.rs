//! PDF editions typeset in process with Typst: one per language and one parallel edition per
//! target language (`en-ar.pdf`: source and translation side by side, one row per segment).
//!
//! - [`typst_writer`] turns the Pandoc AST into Typst markup (complete escaping, labels).
//! - [`template`] wraps it in the page templates (metadata, running head, page numbers, grid).
//! - [`world`] is the Typst `World`: the generated source, embedded fonts, nothing else.
//!
//! Every segment is a named destination with its ID (`ar.pdf#p3`); in a parallel edition the IDs
//! are prefixed with the language (`en-ar.pdf#en-p3`, `en-ar.pdf#ar-p3`). Typst's font fallback
//! is switched off: a character no font covers, or an unknown font family, is an error.

pub mod template;
pub mod typst_writer;
pub mod world;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rayon::prelude::*;
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
use crate::export::OutputFile;
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
    /// Plain PDF 1.7, tagged (structure tree with `/Lang`), no conformance claim.
    #[default]
    None,
    /// PDF/UA-1 (accessible PDF).
    Ua1,
    /// PDF/A-2a (archival, accessible level).
    A2a,
}

/// Options of [`pdf`].
#[derive(Debug, Clone, Default)]
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
}

/// Builds `pdf/<lang>.pdf` for every document and `pdf/<source>-<target>.pdf` for every target.
/// Any error (a missing glyph, a segment without its named destination, a standard violated)
/// fails the whole export: no files are returned.
pub fn pdf(edition: &Edition, opts: &PdfOptions) -> Staged<Vec<OutputFile>> {
    let mut diags = Vec::new();
    let Some(today) = parse_date(&edition.date) else {
        return Staged::failed(vec![Diagnostic::error(
            "pdf-date",
            format!("edition date `{}` is not a date (YYYY-MM-DD)", edition.date),
        )
        .hint("set document.date in source/edition.toml")]);
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
    let families = |lang: &Lang| families(&fonts, lang);
    let setup = Setup {
        paper: opts.paper.typst_name(),
        families: &families,
    };
    let selected = |lang: &Lang| opts.langs.is_empty() || opts.langs.contains(lang);
    let mut jobs: Vec<Job> = Vec::new();
    let Some(source) = edition.docs.first() else {
        return Staged::failed(vec![Diagnostic::error(
            "pdf-empty",
            "the edition has no documents",
        )]);
    };
    for doc in &edition.docs {
        if selected(&doc.lang) {
            jobs.push(Job::Single(doc));
        }
    }
    for doc in edition.docs.iter().skip(1) {
        if selected(&doc.lang) {
            jobs.push(Job::Parallel(source, doc));
        }
    }
    let library = world::library();
    let results: Vec<(Option<OutputFile>, Vec<Diagnostic>)> = jobs
        .par_iter()
        .map(|job| {
            let (name, generated) = match job {
                Job::Single(doc) => (doc.lang.to_string(), template::single(edition, doc, &setup)),
                Job::Parallel(l, r) => (
                    format!("{}-{}", l.lang, r.lang),
                    template::parallel(edition, l, r, &setup),
                ),
            };
            let world = EditionWorld::new(
                &library,
                &fonts,
                &format!("{name}.typ"),
                generated.source.clone(),
                today,
            );
            let file = format!("pdf/{name}.pdf");
            let built = build(edition, &world, generated, &name, &file, &standards, today);
            (
                built.value.map(|bytes| OutputFile {
                    path: PathBuf::from(&file),
                    bytes,
                }),
                built.diags,
            )
        })
        .collect();
    let mut files = Vec::new();
    for (file, d) in results {
        diags.extend(d);
        files.extend(file);
    }
    if crate::diag::has_errors(&diags) {
        Staged::failed(diags)
    } else {
        Staged::ok(files, diags)
    }
}

enum Job<'a> {
    Single(&'a Document),
    Parallel(&'a Document, &'a Document),
}

fn standards(list: &[typst_pdf::PdfStandard]) -> typst_pdf::PdfStandards {
    typst_pdf::PdfStandards::new(list).expect("one standard alone is always a valid combination")
}

/// `YYYY-MM-DD` as a Typst date.
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
fn build(
    edition: &Edition,
    world: &EditionWorld,
    generated: Generated,
    name: &str,
    file: &str,
    standards: &typst_pdf::PdfStandards,
    today: Datetime,
) -> Staged<Vec<u8>> {
    let Generated {
        anchors: expected,
        spans,
        mut diags,
        ..
    } = generated;
    let locate = |range: Option<std::ops::Range<usize>>| -> Option<&typst_writer::SegmentSpan> {
        let r = range?;
        spans
            .iter()
            .rev()
            .find(|s| s.range.start <= r.start && r.start < s.range.end)
    };
    let convert = |d: &SourceDiagnostic, as_error: bool| -> Diagnostic {
        let font = d.message.starts_with("unknown font family");
        let mut out = if as_error || font {
            Diagnostic::error(
                if font { "pdf-font" } else { "pdf-typst" },
                lower(&d.message),
            )
        } else {
            Diagnostic::warning("pdf-typst", lower(&d.message))
        }
        .file(file);
        if let Some(seg) = locate(world.range(d.span)) {
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
    };

    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    diags.extend(warnings.iter().map(|w| convert(w, false)));
    let document = match output {
        Ok(doc) => doc,
        Err(errors) => {
            diags.extend(errors.iter().map(|e| convert(e, true)));
            return Staged::failed(diags);
        }
    };

    // A glyph 0 is a character no listed font covers: with fallback off, typst draws a box.
    let mut missing: BTreeSet<(Option<String>, char)> = BTreeSet::new();
    for (page, p) in document.pages().iter().enumerate() {
        missing_glyphs(&p.frame, &mut |text, glyph_span| {
            let seg = locate(world.range(glyph_span));
            for c in text.chars() {
                if missing.insert((seg.map(|s| s.id.clone()), c)) {
                    let mut d = Diagnostic::error(
                        "pdf-font",
                        format!(
                            "no font has a glyph for `{c}` (U+{:04X}) on page {}",
                            c as u32,
                            page + 1
                        ),
                    )
                    .file(file)
                    .hint("add a font that covers this script with --font-path DIR");
                    if let Some(s) = seg {
                        d = d.segment(&s.id).lang(s.lang.as_str());
                    }
                    diags.push(d);
                }
            }
        });
    }

    // Every segment label becomes a named destination; check that each one is there exactly once.
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
    for name in &expected {
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
    if crate::diag::has_errors(&diags) {
        return Staged::failed(diags);
    }

    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(format!("{}/{name}", edition.id)),
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
    match typst_pdf::pdf_in_bundle(&document, &options, &anchors, resolver.track()) {
        Ok(bytes) => Staged::ok(bytes, diags),
        Err(errors) => {
            diags.extend(errors.iter().map(|e| convert(e, true)));
            Staged::failed(diags)
        }
    }
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

fn lower(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
