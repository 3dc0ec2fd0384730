//! The page templates of the PDF editions: document metadata, page setup (paper, running head,
//! page numbers), text and paragraph rules, and the assembly of a single-language edition or a
//! parallel one (a two-column grid, one row per segment).

use std::fmt::Write as _;

use pandoc_ast::Block;

use super::typst_writer::{
    identifier_part, markup, metrics, string_array, string_literal, Families, SegmentSpan, Writer,
};
use crate::diag::Diagnostic;
use crate::model::{Document, Edition, Lang, Script};
use crate::pandoc;

/// Typesetting choices shared by every edition of one export.
pub struct Setup<'a> {
    /// Typst's paper name (`a4`, `us-letter`).
    pub paper: &'static str,
    pub families: Families<'a>,
}

/// The Typst source of one edition and what the compiled PDF must be checked against.
pub struct Generated {
    pub source: String,
    /// The named destinations every segment must get, in document order.
    pub anchors: Vec<String>,
    pub spans: Vec<SegmentSpan>,
    pub diags: Vec<Diagnostic>,
}

/// The rules for text in `lang` inside a column or a whole edition.
pub(super) fn column_rules(w: &Writer, lang: &Lang, parallel: bool) -> String {
    let m = metrics(lang, parallel);
    let mut s = w.text_rules(lang);
    // Sizes are absolute: Typst's own title and heading sizes are relative and would compound.
    let _ = writeln!(
        s,
        "#show title: set text(size: {:.1}pt)\n#show title: set par(leading: {}em)\n#show heading: set text(size: {:.1}pt)",
        m.size * if parallel { 1.5 } else { 1.75 },
        if lang.script() == Script::Arabic { 0.7 } else { 0.4 },
        m.size * 1.15
    );
    // Slanted Arabic is not a book convention; pull quotes stand out by size there.
    let style = if lang.is_rtl() { "normal" } else { "italic" };
    let _ = writeln!(
        s,
        "#show quote.where(block: true): set text(style: \"{style}\")"
    );
    s
}

pub(super) fn document_rules(edition: &Edition, docs: &[&Document], title: &str) -> String {
    let mut authors: Vec<String> = edition.authors.clone();
    for d in docs {
        if let Some(ts) = edition.translators.get(&d.lang) {
            authors.extend(ts.iter().map(|p| p.name.clone()));
        }
    }
    let langs: Vec<&str> = docs.iter().map(|d| d.lang.as_str()).collect();
    let keywords = vec![
        format!("source-fingerprint:{}", edition.source_fingerprint),
        format!("edition:{}", edition.id),
        format!("languages:{}", langs.join(",")),
    ];
    let description = format!(
        "{} ({}), {}; source fingerprint {}",
        edition.id,
        langs.join(", "),
        edition.date,
        edition.source_fingerprint
    );
    format!(
        "#set document(title: {}, author: {}, keywords: {}, description: {})\n",
        string_literal(title),
        string_array(&authors),
        string_array(&keywords),
        string_literal(&description)
    )
}

pub(super) fn style_rules(families: &[String]) -> String {
    let mut mono = vec!["DejaVu Sans Mono".to_string()];
    mono.extend(families.iter().cloned());
    format!(
        r##"#set text(fallback: false)
#set par(justify: true)
#show title: set text(weight: "bold", hyphenate: false)
#show title: set par(justify: false)
#show title: set block(below: 0.7em)
#show heading: set text(weight: "bold", hyphenate: false)
#show heading: set par(justify: false)
#show heading: set block(above: 1.5em, below: 0.8em)
#show link: set text(fill: rgb("#1f4e8c"), hyphenate: false)
#show raw: set text(font: {mono})
#show quote.where(block: true): it => block(width: 100%, above: 1.3em, below: 1.3em, inset: (x: 1.4em, y: 0.75em), stroke: (top: 0.6pt + luma(140), bottom: 0.6pt + luma(140)))[#set text(size: 1.12em, fill: luma(35), hyphenate: false); #set par(justify: false); #it.body]
"##,
        mono = string_array(&mono)
    )
}

fn page_rules(paper: &str, header: &str) -> String {
    format!(
        "#set page(paper: {}, margin: (x: 2.3cm, top: 2.7cm, bottom: 2.5cm), numbering: \"1\", \
         header: context {{ if here().page() > 1 [{header}] }}, \
         footer: context [#set align(center); #set text(size: 9pt, fill: luma(60)); #counter(page).display(\"1\")])\n",
        string_literal(paper)
    )
}

/// The lines under the title: authors, translators and the stated publication date.
pub(super) fn colophon(edition: &Edition, w: &Writer, doc: &Document) -> String {
    let ui = &w.ui;
    let mut lines: Vec<String> = Vec::new();
    if !edition.authors.is_empty() {
        lines.push(w.isolated_markup(&edition.authors.join(", ")));
    }
    if let Some(line) = crate::export::credits::credit(edition, &doc.lang, ui) {
        lines.push(credit_markup(w, &line));
    }
    // Only a stated publication date, in the edition's language; the source fingerprint is in
    // the PDF's metadata (keywords, description), not in the front matter.
    if let Some(date) = crate::export::credits::published(edition, ui) {
        lines.push(w.isolated_markup(&date.text()));
    }
    if lines.is_empty() {
        return String::new();
    }
    format!(
        "#block(below: 1.8em)[#set par(justify: false); #set text(size: 0.82em, fill: luma(70)); {}]\n\n",
        lines.join(" #linebreak() ")
    )
}

/// A credit line with each short argument (a translator's name, the source language) in an
/// unbreakable box: a Latin name broken inside an Arabic line left «.reviewed)» alone on the next
/// line (issue 18). A long argument may still break, rather than overflow the column.
fn credit_markup(w: &Writer, msg: &crate::i18n::Msg) -> String {
    const SHORT: usize = 56;
    let mut out = String::new();
    for part in &msg.parts {
        match part {
            crate::i18n::Part::Arg(a) if a.chars().count() <= SHORT => {
                out.push_str("#box[");
                out.push_str(&w.isolated_markup(a));
                out.push(']');
            }
            crate::i18n::Part::Arg(a) | crate::i18n::Part::Lit(a) => {
                out.push_str(&w.isolated_markup(a))
            }
        }
    }
    out
}

/// Running head text: the document's title in its language.
pub(super) fn running_title(doc: &Document) -> String {
    let t = doc.title();
    if t.is_empty() {
        segment_title(doc).unwrap_or_default()
    } else {
        t
    }
}

fn segment_title(doc: &Document) -> Option<String> {
    let mut out = None;
    pandoc::walk_segments(&doc.ast.blocks, &mut |b, kind, _| {
        if kind == crate::model::SegmentKind::Title && out.is_none() {
            out = Some(pandoc::segment_text(b));
        }
    });
    out
}

/// A single-language edition.
pub fn single(edition: &Edition, doc: &Document, setup: &Setup) -> Generated {
    let mut w = Writer::new(
        doc,
        &edition.source_lang,
        "",
        edition.citations(&doc.lang),
        setup.families,
        false,
    );
    w.ui = crate::i18n::Ui::of(edition, &doc.lang);
    w.media = Some(&edition.media);
    w.colophon = colophon(edition, &w, doc);
    let title = running_title(doc);
    let mut head = String::new();
    head.push_str(&document_rules(edition, &[doc], &title));
    let header = format!(
        "#set text(size: 8.5pt, fill: luma(80), hyphenate: false); #block(width: 100%, inset: (bottom: 4pt), stroke: (bottom: 0.4pt + luma(170)))[#align(center)[{}]]",
        markup(&title)
    );
    head.push_str(&page_rules(setup.paper, &header));
    head.push_str(&style_rules(&(setup.families)(&doc.lang)));
    head.push_str(&column_rules(&w, &doc.lang, false));
    head.push('\n');
    w.document();
    head.push_str(&w.marker_defs());
    let offset = head.len();
    let diags = w.take_diags();
    let mut source = head;
    source.push_str(&w.out);
    Generated {
        source,
        anchors: w.anchors,
        spans: w
            .spans
            .into_iter()
            .map(|s| SegmentSpan {
                range: s.range.start + offset..s.range.end + offset,
                ..s
            })
            .collect(),
        diags,
    }
}

/// Appends what `write` adds to `w.out` to `out`, keeping segment spans pointing into `out`.
fn cell(
    out: &mut String,
    spans: &mut Vec<SegmentSpan>,
    w: &mut Writer,
    write: impl FnOnce(&mut Writer),
) {
    let start = w.out.len();
    let first_span = w.spans.len();
    write(w);
    let shift = out.len() as isize - start as isize;
    for s in &mut w.spans[first_span..] {
        let a = (s.range.start as isize + shift) as usize;
        let b = (s.range.end as isize + shift) as usize;
        spans.push(SegmentSpan {
            range: a..b,
            id: s.id.clone(),
            lang: s.lang.clone(),
        });
    }
    out.push_str(&w.out[start..]);
}

/// Leaf blocks that belong to no segment (a parallel edition pairs segments only).
pub(super) fn loose_blocks(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            _ if pandoc::segment_kind(b).is_some() => 0,
            Block::Div(_, inner) => loose_blocks(inner),
            // a list, table, quote or figure holding segments is set whole in one row
            _ if pandoc::containers::first_segment_id(b).is_some() => 0,
            Block::Null => 0,
            _ => 1,
        })
        .sum()
}

/// `#let name(body) = { rules; body }`: markup rules (`#set ...`, `#show ...` lines) as one
/// function applying them to its argument.
pub(super) fn code_function(name: &str, rules: &str) -> String {
    let mut s = format!("#let {name}(body) = {{\n");
    for line in rules.lines().filter(|l| !l.trim().is_empty()) {
        let _ = writeln!(s, "  {}", line.strip_prefix('#').unwrap_or(line));
    }
    s.push_str("  body\n}\n");
    s
}

/// A parallel edition: `left` (the source) and `right` side by side, one grid row per segment,
/// so that counterparts start on the same line; rows break across pages. Labels are prefixed
/// with the language (`en-p3`, `ar-p3`).
pub fn parallel(edition: &Edition, left: &Document, right: &Document, setup: &Setup) -> Generated {
    let mut lw = Writer::new(
        left,
        &edition.source_lang,
        &format!("{}-", left.lang),
        edition.citations(&left.lang),
        setup.families,
        true,
    );
    let mut rw = Writer::new(
        right,
        &edition.source_lang,
        &format!("{}-", right.lang),
        edition.citations(&right.lang),
        setup.families,
        true,
    );
    lw.ui = crate::i18n::Ui::of(edition, &left.lang);
    rw.ui = crate::i18n::Ui::of(edition, &right.lang);
    lw.media = Some(&edition.media);
    rw.media = Some(&edition.media);
    rw.bookmarked = false;
    // Typst nests a bookmark under the last bookmarked heading of a smaller level unless an
    // unbookmarked heading of that level or less came in between: each counterpart heading,
    // set right after its source heading, would flatten the outline at its own level. One level
    // deeper, it never does (issue 16: nested bookmarks in the parallel editions too). With one
    // level of headings there is nothing to nest, and the markup stays as it was.
    let mut levels = std::collections::BTreeSet::new();
    pandoc::walk_segments(&right.ast.blocks, &mut |b, kind, _| {
        if let (crate::model::SegmentKind::Heading, Block::Header(l, _, _)) = (kind, b) {
            levels.insert(*l);
        }
    });
    if levels.len() > 1 {
        rw.heading_shift += 1;
        rw.prev_heading += 1;
    }
    lw.colophon = colophon(edition, &lw, left);
    rw.colophon = colophon(edition, &rw, right);
    let lt = running_title(left);
    let rt = running_title(right);
    let title = format!("{lt} / {rt}");

    let mut out = String::new();
    out.push_str(&document_rules(edition, &[left, right], &title));
    let half = |w: &Writer, lang: &Lang, t: &str, align: &str| {
        format!(
            "[{}#set text(hyphenate: false); #set par(justify: false); #align({align})[{}]]",
            w.lang_rules(lang).trim_end().to_string() + "; ",
            markup(t)
        )
    };
    let header = format!(
        "#set text(size: 7.5pt, fill: luma(80)); #block(width: 100%, inset: (bottom: 4pt), stroke: (bottom: 0.4pt + luma(170)))[#grid(columns: (1fr, 1fr), column-gutter: 1.6em, {}, {})]",
        half(&lw, &left.lang, &lt, "left"),
        half(&rw, &right.lang, &rt, "right")
    );
    out.push_str(&page_rules(setup.paper, &header));
    out.push_str(&style_rules(&(setup.families)(&left.lang)));
    out.push_str(&column_rules(&lw, &left.lang, true));

    let mut diags = Vec::new();
    for d in [left, right] {
        let n = loose_blocks(&d.ast.blocks);
        if n > 0 {
            diags.push(
                Diagnostic::warning(
                    "pdf-parallel",
                    format!("{n} blocks outside any segment are left out of the parallel edition"),
                )
                .lang(d.lang.as_str())
                .hint("give every block a segment ID (stele normalize, stele sync)"),
            );
        }
    }

    // One row per unit: a segment, or a whole list/table/quote/figure of segments (issue 16),
    // as the edition's segment table pairs them (issue 13).
    let left_units = pandoc::containers::units(&left.ast.blocks);
    let right_units = pandoc::containers::units(&right.ast.blocks);
    let columns = [
        edition.table.column(&left.lang),
        edition.table.column(&right.lang),
    ];

    // The left column's rules are the document's (set above): repeating them in each of its
    // cells cost typst about 12% of a parallel edition's time (issue 13). The right column's
    // are one function its cells call: written in each cell they cost a third of the time of a
    // parallel edition and a sixth of its memory (issue 12).
    let column_fn = format!("stele-column-{}", identifier_part(right.lang.as_str()));
    let column_def = code_function(&column_fn, &column_rules(&rw, &right.lang, true));
    let (lopen, lclose) = (String::new(), String::new());
    let (ropen, rclose) = (format!("#{column_fn}[\n"), "]\n".to_string());
    let mut spans = Vec::new();
    // The grid is written apart: the status markers it uses are defined before it.
    let mut grid = String::new();
    grid.push_str("\n#grid(columns: (1fr, 1fr), column-gutter: 1.6em, row-gutter: 1.1em,\n");
    let rows: Vec<(Option<&Block>, Option<&Block>)> = edition
        .table
        .rows
        .iter()
        .map(|r| {
            (
                pandoc::table::cell(&left_units, columns[0], r),
                pandoc::table::cell(&right_units, columns[1], r),
            )
        })
        .filter(|(l, r)| l.is_some() || r.is_some())
        .collect();
    for (l, r) in rows {
        for (w, (open, close), b) in [
            (&mut lw, (&lopen, &lclose), l),
            (&mut rw, (&ropen, &rclose), r),
        ] {
            grid.push_str("  [\n");
            grid.push_str(open);
            if let Some(b) = b {
                cell(&mut grid, &mut spans, w, |w| w.block(b));
            }
            grid.push_str(close);
            grid.push_str("  ],\n");
        }
    }
    grid.push_str(")\n");
    out.push_str(&lw.marker_defs());
    out.push_str(&rw.marker_defs());
    out.push_str(&column_def);
    let offset = out.len();
    for s in &mut spans {
        s.range = s.range.start + offset..s.range.end + offset;
    }
    out.push_str(&grid);

    diags.extend(lw.take_diags());
    diags.extend(rw.take_diags());
    let mut anchors = lw.anchors;
    anchors.extend(rw.anchors);
    Generated {
        source: out,
        anchors,
        spans,
        diags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pandoc::{new_doc, text_inlines, STATUS_KEY};

    fn stand_in(id: &str, status: &str) -> Block {
        let attr = (
            id.to_string(),
            vec!["paragraph".to_string()],
            vec![
                ("fingerprint".to_string(), "0123456789ab".to_string()),
                (STATUS_KEY.to_string(), status.to_string()),
                ("lang".to_string(), "en".to_string()),
            ],
        );
        Block::Div(attr, vec![Block::Para(text_inlines("Some text."))])
    }

    #[test]
    fn issue13_status_markers_are_defined_once_and_placed_by_name() {
        let mut ast = new_doc();
        for (i, status) in ["untranslated", "untranslated", "stale", "untranslated"]
            .iter()
            .enumerate()
        {
            ast.blocks.push(stand_in(&format!("p{i}"), status));
        }
        let lang = Lang::parse("ar").unwrap();
        let doc = Document { lang, ast };
        let en = Document {
            lang: Lang::parse("en").unwrap(),
            ast: new_doc(),
        };
        let edition = crate::pandoc::table::test_edition("t", vec![en, doc.clone()]);
        let families = |_: &Lang| vec!["Amiri".to_string()];
        let setup = Setup {
            paper: "a4",
            families: &families,
        };
        for (source, stem) in [
            (single(&edition, &doc, &setup).source, "stele-marker-"),
            (
                parallel(&edition, &edition.docs[0], &doc, &setup).source,
                "stele-marker-ar-",
            ),
        ] {
            // Two markers (untranslated, stale), each defined once before its first use.
            for (k, uses) in [(0, 3), (1, 1)] {
                let def = format!("#let {stem}{k}(body) = block(");
                let at = source.find(&def).expect("defined");
                assert_eq!(source.matches(&def).count(), 1);
                let used = format!("#{stem}{k}[\n");
                assert_eq!(source.matches(&used).count(), uses, "{source}");
                assert!(source.find(&used).unwrap() > at);
            }
            assert!(!source.contains(&format!("{stem}2")));
        }
    }

    #[test]
    fn issue18_a_short_translator_name_is_not_broken_inside_an_arabic_credit_line() {
        use crate::i18n::{Msg, Part};
        let doc = Document {
            lang: Lang::parse("ar").unwrap(),
            ast: new_doc(),
        };
        let families = |_: &Lang| vec!["Amiri".to_string()];
        let none = Default::default();
        let w = Writer::new(
            &doc,
            &Lang::parse("en").unwrap(),
            "",
            &none,
            &families,
            false,
        );
        let name = "stele translation desk (machine-assisted, reviewed)";
        let long = "x".repeat(80);
        let msg = |arg: &str| Msg {
            lang: doc.lang.clone(),
            parts: vec![
                Part::Lit("ترجمة عن الإنجليزية: ".into()),
                Part::Arg(arg.into()),
                Part::Lit(".".into()),
            ],
        };
        let short = credit_markup(&w, &msg(name));
        // The markup escapes (`\u{2066}` is the isolate, `\.` the stop): the whole name, isolated,
        // is one box and the stop follows it.
        assert!(short.contains("#box[\\u{2066}stele"), "{short}");
        assert!(short.ends_with("reviewed\\)\\u{2069}]\\."), "{short}");
        assert!(!credit_markup(&w, &msg(&long)).contains("#box["));
    }
}
