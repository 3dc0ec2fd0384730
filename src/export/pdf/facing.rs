//! Facing-page parallel PDF (issue 20, "Loeb style"): `pdf/<source>-<lang>-facing.pdf`, one
//! language on the left page and the other on the right, every spread starting at the same
//! segment in both languages.
//!
//! Typst cannot break two flows together, so the pages are planned in Rust in four steps:
//!
//! 1. **Markup.** Each unit (a segment, or a whole list/table/quote of segments, as in the
//!    two-column edition) is written once per language with the shared [`Writer`], labels
//!    prefixed with the language (`en-p3`, `ar-p3`).
//! 2. **Measure.** One measuring document sets every unit alone on a page of the text width and
//!    `height: auto`, with the very rules of the final page; each page's height is the unit's
//!    height (one typesetter pass for both languages, see [`measure_source`]).
//! 3. **Split.** A paragraph taller than a page in either language is replaced by pieces cut at
//!    corresponding sentence boundaries ([`split`]: the edition's sentence alignment, each
//!    candidate piece measured in further passes), one row each, so that it continues on the
//!    next spreads in both languages; the label stays on the first piece. Only a unit that
//!    cannot be split (a list or table, sentences not aligned, no corresponding boundary, or one
//!    sentence group taller than a page) gets a spread of its own and is scaled down to fit,
//!    with a `pdf-facing` warning saying why.
//! 4. **Pair and lay out.** [`paginate`] fills spreads row by row: a row goes on the current
//!    spread when it fits on both pages, else it opens the next spread; a heading is kept with
//!    the row after it. The shorter page simply ends early (white space, no stretching). Units are
//!    set with no spacing of their own and a fixed gap between them, so the measured heights
//!    add up exactly.
//!
//! Pages: spread `n` is pages `2n-1` (the first language) and `2n` (the second), so the page
//! count is always even; numbers are consecutive and shared by nothing (`1`, `2`, …, printed at
//! the foot). Running heads carry each page's title in its own language (from the second spread
//! on). The first language's headings are the bookmarks. Which language comes first is
//! `[pdf] facing_first` (`source`, the default, or `translation`): a Latin-first book keeps
//! English on the left pages; when the first language is right-to-left (an Arabic-first book,
//! bound on the right) the catalog says `/ViewerPreferences << /Direction /R2L >>`, so viewers
//! show page `2n-1` on the right of page `2n`; every facing PDF also asks for `/PageLayout
//! /TwoPageLeft` so that a viewer pairs pages `2n-1` and `2n` ([`viewer_preferences`]).

use std::fmt::Write as _;

use pandoc_ast::Block;

use super::template::{
    colophon, column_rules, document_rules, loose_blocks, running_title, style_rules, Generated,
    Setup,
};
use super::typst_writer::{markup, SegmentSpan, Writer};
use crate::diag::Diagnostic;
use crate::model::{Document, Edition, SegmentKind, SegmentTable};
use crate::pandoc;

mod split;

/// Which language stands on the first page of every spread (`[pdf] facing_first`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FacingFirst {
    /// The source language (the default).
    #[default]
    Source,
    /// The translation.
    Translation,
}

/// Gap between two units on a page (pt): fixed, so that the measured heights add up.
const GAP_PT: f64 = 9.0;
/// Kept free at the foot of every page (pt) against rounding in the measured heights.
const SLACK_PT: f64 = 2.0;
/// Page margins (cm): the text width is the paper width less `2 * MARGIN_X`.
const MARGIN_X: f64 = 2.3;
const MARGIN_TOP: f64 = 2.7;
const MARGIN_BOTTOM: f64 = 2.5;

/// One unit's markup in one language, with its segment spans relative to the markup.
#[derive(Debug, Clone, Default)]
struct Side {
    markup: String,
    spans: Vec<SegmentSpan>,
}

/// One row: the same unit in both languages (either may be missing), in the order of the pages.
#[derive(Debug, Clone)]
struct Row {
    sides: [Option<Side>; 2],
    /// A title or heading: kept on the spread of the row after it.
    keep_with_next: bool,
    /// A paragraph in both languages that can be cut at corresponding sentences.
    split: Option<split::Split>,
    /// Why the row is set smaller when it is taller than a page (it could not be split).
    why: String,
}

/// Measures Typst source: the height (pt) of each page of the compiled document.
pub type Measure<'a> = &'a dyn Fn(String) -> Result<Vec<f64>, Vec<Diagnostic>>;

/// The page height (pt) the text of a page may fill.
fn text_height(paper: &str) -> f64 {
    let mm = if paper == "us-letter" { 279.4 } else { 297.0 };
    (mm / 10.0 - MARGIN_TOP - MARGIN_BOTTOM) * 72.0 / 2.54
}

/// Appends what `write` adds to `w.out` as a [`Side`].
fn capture(w: &mut Writer, write: impl FnOnce(&mut Writer)) -> Side {
    let start = w.out.len();
    let first = w.spans.len();
    write(w);
    let spans = w.spans[first..]
        .iter()
        .map(|s| SegmentSpan {
            range: s.range.start - start..s.range.end - start,
            ..s.clone()
        })
        .collect();
    Side {
        markup: w.out[start..].to_string(),
        spans,
    }
}

/// The facing edition of `source` and `target`: Typst source of the final pages, after
/// measuring every unit with `measure`. Labels are prefixed with the language.
pub fn facing(
    edition: &Edition,
    source: &Document,
    target: &Document,
    setup: &Setup,
    first: FacingFirst,
    measure: Measure,
) -> Generated {
    let docs: [&Document; 2] = match first {
        FacingFirst::Source => [source, target],
        FacingFirst::Translation => [target, source],
    };
    let mut writers = writers(edition, &docs, setup);
    let mut diags = loose_warnings(&docs);
    let rows = rows(&edition.table, &docs, &mut writers);
    let rules = [0, 1].map(|i| column_rules(&writers[i], &docs[i].lang, false));
    let titles = docs.map(running_title);
    let mut head = document_rules(
        edition,
        &[source, target],
        &format!("{} / {}", titles[0], titles[1]),
    ) + &style_rules(&(setup.families)(&docs[0].lang));
    // The stand-ins' status markers are defined once per writer and placed by name (issue 13),
    // in the measuring document as in the final one.
    for w in &writers {
        head.push_str(&w.marker_defs());
    }

    let measure_pages =
        |pages: &[(usize, &str)]| measure(measure_source(&head, setup.paper, &rules, pages));
    let units: Vec<(usize, &str)> = rows
        .iter()
        .flat_map(|r| r.sides.iter().enumerate())
        .filter_map(|(i, s)| s.as_ref().map(|s| (i, s.markup.as_str())))
        .collect();
    let height = text_height(setup.paper) - SLACK_PT;
    let measured = measure_pages(&units).map(|m| row_heights(&rows, &m));
    // Paragraphs taller than a page are planned in pieces, measured in further passes.
    let measured = measured.and_then(|h| split::split_rows(rows, h, height, &measure_pages));
    let (rows, heights) = match measured {
        Ok(x) => x,
        Err(d) => {
            diags.extend(d);
            return Generated {
                source: String::new(),
                anchors: Vec::new(),
                spans: Vec::new(),
                diags,
            };
        }
    };
    let keep: Vec<bool> = rows.iter().map(|r| r.keep_with_next).collect();
    let spreads = paginate(&heights, &keep, height);
    oversized_warnings(&rows, &heights, height, &mut diags);

    let mut out = head;
    out.push_str(&page_rules(setup.paper, &writers, &docs, &titles));
    let spans = assemble(&mut out, &spreads, &rows, &heights, &rules, height);
    for w in &mut writers {
        diags.extend(w.take_diags());
    }
    let [a, b] = writers;
    let mut anchors = a.anchors;
    anchors.extend(b.anchors);
    Generated {
        source: out,
        anchors,
        spans,
        diags,
    }
}

/// The two languages' writers. Only the first language's headings are bookmarks; the other's
/// are one level deeper so that they never flatten the outline (as in the two-column edition).
fn writers<'a>(
    edition: &'a Edition,
    docs: &[&'a Document; 2],
    setup: &Setup<'a>,
) -> [Writer<'a>; 2] {
    let mut writers = docs.map(|d| {
        let mut w = Writer::new(
            d,
            &edition.source_lang,
            &format!("{}-", d.lang),
            edition.citations(&d.lang),
            setup.families,
            false,
        );
        w.colophon = colophon(edition, &w, d);
        w.media = Some(&edition.media);
        w
    });
    writers[1].bookmarked = false;
    let mut levels = std::collections::BTreeSet::new();
    pandoc::walk_segments(&docs[1].ast.blocks, &mut |b, kind, _| {
        if let (SegmentKind::Heading, Block::Header(l, _, _)) = (kind, b) {
            levels.insert(*l);
        }
    });
    if levels.len() > 1 {
        writers[1].heading_shift += 1;
        writers[1].prev_heading += 1;
    }
    writers
}

/// A warning per document with blocks outside any segment (only segments are paired).
fn loose_warnings(docs: &[&Document; 2]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for d in docs {
        let n = loose_blocks(&d.ast.blocks);
        if n > 0 {
            diags.push(
                Diagnostic::warning(
                    "pdf-facing",
                    format!("{n} blocks outside any segment are left out of the facing edition"),
                )
                .lang(d.lang.as_str())
                .hint("give every block a segment ID (stele normalize, stele sync)"),
            );
        }
    }
    diags
}

/// A warning for each unit taller than a page that could not be split (it is scaled down to
/// fit), saying why.
fn oversized_warnings(
    rows: &[Row],
    heights: &[[f64; 2]],
    height: f64,
    diags: &mut Vec<Diagnostic>,
) {
    for (i, h) in heights.iter().enumerate() {
        if h[0] > height || h[1] > height {
            let id = rows[i].sides.iter().flatten().flat_map(|s| &s.spans).next();
            let mut d = Diagnostic::warning(
                "pdf-facing",
                format!(
                    "segment is taller than a page and is set smaller on a spread of its own: {}",
                    rows[i].why
                ),
            )
            .hint("split the paragraph (or its long sentence) in the source to keep its size");
            if let Some(s) = id {
                d = d.segment(&s.id).lang(s.lang.as_str());
            }
            diags.push(d);
        }
    }
}

/// Appends the pages (two per spread) to `out`; returns the segment spans in `out`.
fn assemble(
    out: &mut String,
    spreads: &[Vec<usize>],
    rows: &[Row],
    heights: &[[f64; 2]],
    rules: &[String; 2],
    height: f64,
) -> Vec<SegmentSpan> {
    let mut spans = Vec::new();
    for (n, spread) in spreads.iter().enumerate() {
        for side in 0..2 {
            if n > 0 || side > 0 {
                out.push_str("#pagebreak()\n");
            }
            out.push_str("#[\n");
            out.push_str(&rules[side]);
            let mut placed = false;
            for &r in spread {
                let Some(s) = &rows[r].sides[side] else {
                    continue;
                };
                // The gap [`paginate`] counts: between two units on the same page only.
                if placed {
                    let _ = writeln!(out, "#v({GAP_PT}pt)");
                }
                placed = true;
                let (open, close) = unit_wrapper(height / heights[r][side]);
                out.push_str(&open);
                let at = out.len();
                out.push_str(&s.markup);
                spans.extend(s.spans.iter().map(|x| SegmentSpan {
                    range: x.range.start + at..x.range.end + at,
                    ..x.clone()
                }));
                out.push_str(&close);
            }
            out.push_str("]\n");
        }
    }
    spans
}

/// The height (pt) of every page of `source` typeset in the editions' world (the facing
/// editions' measuring pass).
pub(super) fn measure(
    library: &typst::utils::LazyHash<typst::Library>,
    fonts: &super::world::FontSet,
    media: &crate::media::MediaSet,
    source: String,
    today: typst::foundations::Datetime,
) -> Result<Vec<f64>, Vec<Diagnostic>> {
    // The images are measured too: the world serves them from the edition's bytes.
    let world = super::world::EditionWorld::new(library, fonts, "measure.typ", source, today)
        .with_media(media);
    let typst::diag::Warned { output, .. } = typst::compile::<typst_layout::PagedDocument>(&world);
    let heights = output.map(|doc| {
        doc.pages()
            .iter()
            .map(|p| p.frame.size().y.to_pt())
            .collect()
    });
    typst::comemo::evict(0);
    heights.map_err(|errors| {
        errors
            .iter()
            .map(|e| {
                Diagnostic::error(
                    "pdf-typst",
                    crate::diag::lowercase_first(&e.message),
                )
                .hint("measuring the facing edition's segments failed; the same error follows in its pages")
            })
            .collect()
    })
}

/// The block a unit is set in: no spacing of its own; scaled down when taller than a page.
fn unit_wrapper(scale: f64) -> (String, String) {
    let open = "#block(width: 100%, above: 0pt, below: 0pt)[\n".to_string();
    if scale < 1.0 {
        (
            format!(
                "{open}#scale({:.4}%, origin: top + start, reflow: true)[\n",
                scale * 99.0
            ),
            "]]\n".into(),
        )
    } else {
        (open, "]\n".into())
    }
}

/// The rows of the edition: the first language's units in order with their counterparts, then
/// units of the second language that have none.
fn rows(table: &SegmentTable, docs: &[&Document; 2], writers: &mut [Writer; 2]) -> Vec<Row> {
    let langs = [&docs[0].lang, &docs[1].lang];
    // The edition's segment table pairs the units (issue 13); a unit only one language has
    // (reported once, by align, as `unpaired`) has its spread on one page.
    let units = docs.map(|d| pandoc::containers::units(&d.ast.blocks));
    let columns = docs.map(|d| table.column(&d.lang));
    let pairs: Vec<[Option<&Block>; 2]> = table
        .rows
        .iter()
        .map(|r| [0, 1].map(|i| pandoc::table::cell(&units[i], columns[i], r)))
        .filter(|p| p.iter().any(Option::is_some))
        .collect();
    pairs
        .into_iter()
        .map(|pair| {
            let keep = pair.iter().flatten().any(|b| {
                matches!(
                    pandoc::segment_kind(b),
                    Some((SegmentKind::Title | SegmentKind::Heading, _))
                )
            });
            // The sentence groups' markup is written on trial before the unit itself.
            let split = split::split(pair, writers, langs);
            let mut sides: [Option<Side>; 2] = [None, None];
            for i in 0..2 {
                if let Some(b) = pair[i] {
                    sides[i] = Some(capture(&mut writers[i], |w| w.block(b)));
                }
            }
            let (split, why) = match split {
                Ok(s) => (Some(s), String::new()),
                Err(why) => (None, why.to_string()),
            };
            Row {
                sides,
                keep_with_next: keep,
                split,
                why,
            }
        })
        .collect()
}

/// The measuring document: every unit of `pages` (its side, its markup) alone on a page of the
/// text width, in order.
fn measure_source(head: &str, paper: &str, rules: &[String; 2], pages: &[(usize, &str)]) -> String {
    let mut s = head.to_string();
    let _ = writeln!(
        s,
        "#set page(paper: {}, height: auto, margin: (x: {MARGIN_X}cm, y: 0pt), header: none, footer: none)",
        super::typst_writer::string_literal(paper)
    );
    // Each side's rules as one function, called per unit: typst parses them once, not once per
    // unit measured (issue 12, as in the two-column editions).
    for (side, r) in rules.iter().enumerate() {
        s.push_str(&super::template::code_function(
            &format!("stele-side-{side}"),
            r,
        ));
    }
    for (k, (side, unit)) in pages.iter().enumerate() {
        if k > 0 {
            s.push_str("#pagebreak()\n");
        }
        let (open, close) = unit_wrapper(1.0);
        let _ = write!(s, "#stele-side-{side}[\n{open}{unit}{close}]\n");
    }
    s
}

/// Each row's measured height per side (0 where the side is missing).
fn row_heights(rows: &[Row], measured: &[f64]) -> Vec<[f64; 2]> {
    let mut pages = measured.iter().copied();
    rows.iter()
        .map(|r| {
            r.sides
                .each_ref()
                .map(|s| s.as_ref().map_or(0.0, |_| pages.next().unwrap_or(0.0)))
        })
        .collect()
}

/// Spreads as lists of row indices: a row joins the current spread when both pages still have
/// room for it (after the gap), else it starts the next one; a `keep` row (a heading) moves to
/// the next spread with the row after it when that one would not fit behind it.
pub fn paginate(heights: &[[f64; 2]], keep: &[bool], height: f64) -> Vec<Vec<usize>> {
    let mut spreads: Vec<Vec<usize>> = Vec::new();
    let mut used = [0.0f64; 2];
    let mut current: Vec<usize> = Vec::new();
    let add = |used: [f64; 2], h: [f64; 2]| -> [f64; 2] {
        [0, 1].map(|i| match (used[i] > 0.0, h[i] > 0.0) {
            (true, true) => used[i] + GAP_PT + h[i],
            _ => used[i] + h[i],
        })
    };
    let fits = |u: [f64; 2]| u[0] <= height && u[1] <= height;
    for (i, h) in heights.iter().enumerate() {
        let mut next = add(used, *h);
        let mut room = fits(next);
        if room && keep.get(i).copied().unwrap_or(false) {
            if let Some(h2) = heights.get(i + 1) {
                room = fits(add(next, *h2)) || !fits(add(*h, *h2));
            }
        }
        if !room && !current.is_empty() {
            spreads.push(std::mem::take(&mut current));
            used = [0.0; 2];
            next = add(used, *h);
        }
        current.push(i);
        used = next;
        // A unit taller than a page (scaled down to fit) stands alone.
        if !fits(*h) {
            spreads.push(std::mem::take(&mut current));
            used = [0.0; 2];
        }
    }
    if !current.is_empty() || spreads.is_empty() {
        spreads.push(current);
    }
    spreads
}

/// The page rules of the facing edition: odd pages are the first language's, even pages the
/// second's, each with its running head (from the second spread on) and its number.
fn page_rules(
    paper: &str,
    writers: &[Writer; 2],
    docs: &[&Document; 2],
    titles: &[String; 2],
) -> String {
    let head = |i: usize| {
        let align = if docs[i].lang.is_rtl() {
            "right"
        } else {
            "left"
        };
        format!(
            "[{}#set text(size: 8.5pt, fill: luma(80), hyphenate: false); #set par(justify: false); #block(width: 100%, inset: (bottom: 4pt), stroke: (bottom: 0.4pt + luma(170)))[#align({align})[{}]]]",
            writers[i].lang_rules(&docs[i].lang).trim_end().to_string() + "; ",
            markup(&titles[i])
        )
    };
    format!(
        "#set page(paper: {}, margin: (x: {MARGIN_X}cm, top: {MARGIN_TOP}cm, bottom: {MARGIN_BOTTOM}cm), numbering: \"1\", \
         header: context {{ let p = here().page(); if p > 2 {{ if calc.odd(p) {} else {} }} }}, \
         footer: context [#set align(center); #set text(size: 9pt, fill: luma(60)); #counter(page).display(\"1\")])\n",
        super::typst_writer::string_literal(paper),
        head(0),
        head(1)
    )
}

/// The catalog entries of a facing edition, added to the PDF `typst` wrote as an incremental
/// update (a new catalog object replacing the old, a cross-reference section for it): pages
/// `2n-1` and `2n` side by side, and right-to-left page order when the first language is
/// right-to-left. `None` when the PDF's catalog cannot be found (left as it was).
pub fn viewer_preferences(pdf: &[u8], rtl: bool) -> Option<Vec<u8>> {
    let root = rfind(pdf, b"/Root")? + 5;
    let mut it = std::str::from_utf8(&pdf[root..(root + 24).min(pdf.len())])
        .ok()?
        .split_whitespace();
    let num: u32 = it.next()?.parse().ok()?;
    let gen: u32 = it.next()?.parse().ok()?;
    let header = format!("\n{num} {gen} obj");
    let start = find(pdf, header.as_bytes())? + header.len();
    let end = start + find(&pdf[start..], b"endobj")?;
    let dict = pdf[start..end].trim_ascii();
    let dict = dict.strip_prefix(b"<<")?.strip_suffix(b">>")?;
    let (want, other) = if rtl {
        (&b"/Direction/R2L"[..], &b"/Direction/L2R"[..])
    } else {
        (&b"/Direction/L2R"[..], &b"/Direction/R2L"[..])
    };
    let mut body = dict.to_vec();
    if let Some(at) = find(&body, other) {
        body.splice(at..at + other.len(), want.iter().copied());
    } else if find(&body, want).is_none() {
        match find(&body, b"/ViewerPreferences<<") {
            Some(at) => {
                let at = at + b"/ViewerPreferences<<".len();
                body.splice(at..at, want.iter().copied());
            }
            None => {
                body.extend_from_slice(b"/ViewerPreferences<<");
                body.extend_from_slice(want);
                body.extend_from_slice(b">>");
            }
        }
    }
    if find(&body, b"/PageLayout").is_none() {
        body.extend_from_slice(b"/PageLayout/TwoPageLeft");
    }
    let text = String::from_utf8_lossy(&pdf[pdf.len().saturating_sub(4096)..]);
    let prev = text.rfind("startxref")?;
    let prev: usize = text[prev + 9..].split_whitespace().next()?.parse().ok()?;
    let size = trailer_size(&text)?;
    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let offset = out.len();
    let _ = write!(VecWriter(&mut out), "{num} {gen} obj\n<<");
    out.extend_from_slice(&body);
    out.extend_from_slice(b">>\nendobj\n");
    let xref = out.len();
    let id = trailer_id(&text)
        .map(|i| format!("/ID{i}"))
        .unwrap_or_default();
    let _ = write!(
        VecWriter(&mut out),
        "xref\n0 1\n0000000000 65535 f \n{num} 1\n{offset:010} {gen:05} n \ntrailer\n<</Size {size}/Root {num} {gen} R/Prev {prev}{id}>>\nstartxref\n{xref}\n%%EOF\n"
    );
    Some(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// `/Size` of the last trailer.
fn trailer_size(text: &str) -> Option<u64> {
    let at = text.rfind("/Size")?;
    text[at + 5..]
        .trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// `/ID[...]` of the last trailer, verbatim.
fn trailer_id(text: &str) -> Option<String> {
    let at = text.rfind("/ID")?;
    let open = at + text[at..].find('[')?;
    let close = open + text[open..].find(']')?;
    Some(text[open..=close].to_string())
}

/// `fmt::Write` into a byte vector.
struct VecWriter<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for VecWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_open_a_spread_when_either_page_is_full_issue_20() {
        let h = [[100.0, 340.0], [100.0, 340.0], [50.0, 50.0]];
        let spreads = paginate(&h, &[false; 3], 700.0);
        assert_eq!(spreads, vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn a_heading_moves_with_the_row_after_it_issue_20() {
        let h = [[600.0, 600.0], [30.0, 30.0], [200.0, 200.0]];
        let spreads = paginate(&h, &[false, true, false], 700.0);
        assert_eq!(spreads, vec![vec![0], vec![1, 2]]);
    }

    #[test]
    fn a_unit_taller_than_a_page_stands_alone_issue_20() {
        let h = [[100.0, 100.0], [900.0, 800.0], [100.0, 100.0]];
        let spreads = paginate(&h, &[false; 3], 700.0);
        assert_eq!(spreads, vec![vec![0], vec![1], vec![2]]);
    }

    #[test]
    fn a_unit_that_cannot_be_split_is_scaled_with_a_warning_saying_why_issue_20() {
        let row = |why: &str| Row {
            sides: [None, None],
            keep_with_next: false,
            split: None,
            why: why.to_string(),
        };
        let rows = [row(""), row(split::NOT_A_PARAGRAPH)];
        let mut diags = Vec::new();
        oversized_warnings(&rows, &[[100.0, 100.0], [900.0, 100.0]], 700.0, &mut diags);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0].message.ends_with(split::NOT_A_PARAGRAPH),
            "{}",
            diags[0].message
        );
        assert!(diags[0].message.contains("taller than a page"));
    }

    #[test]
    fn an_arabic_first_book_reads_right_to_left_in_an_incremental_update_issue_20() {
        let pdf = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog/ViewerPreferences<</DisplayDocTitle true/Direction/L2R>>>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<</Size 2/Root 1 0 R/ID[(a)(b)]>>\nstartxref\n96\n%%EOF\n";
        let out = viewer_preferences(pdf, true).expect("catalog found");
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(out.starts_with(pdf), "the original bytes are kept");
        let update = &text[pdf.len()..];
        assert!(update.contains("/DisplayDocTitle true/Direction/R2L>>/PageLayout/TwoPageLeft>>"));
        assert!(update.contains("/Size 2/Root 1 0 R/Prev 96/ID[(a)(b)]"));
        let at = update.find("1 0 obj").unwrap() + pdf.len();
        assert!(
            update.contains(&format!("\n{at:010} 00000 n \n")),
            "{update}"
        );
        let ltr = String::from_utf8(viewer_preferences(pdf, false).unwrap()).unwrap();
        assert!(!ltr.contains("R2L") && ltr.contains("/PageLayout/TwoPageLeft"));
    }
}
