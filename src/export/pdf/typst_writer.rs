//! Pandoc AST -> Typst markup: complete escaping, inlines, blocks and segment blocks with their
//! labels (the named destinations), citation links and back-links, status markers, and bidi
//! isolation of runs written in the other direction.
//!
//! Escaping rule: in markup every ASCII punctuation character is written with a backslash
//! (Typst's `\c` is the literal `c` for any non-space `c`), markup whitespace and newline
//! characters become one space, other control characters become `\u{..}`. So no text from the
//! AST can open a function, label, reference, heading, list, math, raw, comment or shorthand.
//! String literals (URLs, code) escape `\` and `"` and control characters.

mod cites;
mod footnote;
mod segment;
mod trial;
mod url;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::ops::Range;

use pandoc_ast::{Attr, Block, Inline, QuoteType};

use super::bidi::{isolate_runs, LRI, PDI, RLI};
use crate::diag::Diagnostic;
use crate::i18n::{Arg, Ui};
use crate::model::{CitationIndex, Dir, Document, Lang, Script};
use crate::pandoc::{self, attr_get};

/// `text` as part of a Typst identifier: every character but ASCII letters and digits as `-`
/// (`pt-BR` stays `pt-BR`, `en_GB` becomes `en-GB`).
pub fn identifier_part(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// Appends `text` to `out` as Typst markup that shows exactly `text`.
pub fn escape_markup(text: &str, out: &mut String) {
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c == ' ' || c == '\t' || typst::syntax::is_newline(c) {
            out.push(' ');
        } else if c.is_control() {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
}

/// `text` as Typst markup (see [`escape_markup`]).
pub fn markup(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 8);
    escape_markup(text, &mut s);
    s
}

/// `text` as a Typst string literal, quotes included.
pub fn string_literal(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if c.is_control() || typst::syntax::is_newline(c) => {
                let _ = write!(s, "\\u{{{:x}}}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// `lang: "xx"` (and `region: "YY"`) arguments for Typst's `text`, if Typst can take the tag.
pub fn lang_args(lang: &Lang) -> String {
    let primary = lang.primary();
    if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return String::new();
    }
    let mut s = format!("lang: {}", string_literal(primary));
    if let Some(region) = lang
        .as_str()
        .split('-')
        .skip(1)
        .find(|s| s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic()))
    {
        let _ = write!(s, ", region: {}", string_literal(region));
    }
    s
}

/// A Typst array literal of strings.
pub fn string_array(items: &[String]) -> String {
    let mut s = String::from("(");
    for item in items {
        s.push_str(&string_literal(item));
        s.push_str(", ");
    }
    s.push(')');
    s
}

/// The inter-word spacing range of justified Arabic text (issue 18; no kashida in Typst 0.15).
pub const ARABIC_JUSTIFICATION: &str =
    "#set par(justification-limits: (spacing: (min: 80%, max: 125%)))\n";

/// Body text size (pt), line spacing and paragraph spacing (em) for text in a language.
pub struct Metrics {
    pub size: f64,
    pub leading: f64,
    pub spacing: f64,
}

/// Amiri is set larger and looser than Libertinus so that both read at the same size and Arabic
/// marks keep clear of the line above; parallel editions are set smaller (two columns).
pub fn metrics(lang: &Lang, parallel: bool) -> Metrics {
    let (size, leading, spacing) = match (lang.script(), parallel) {
        (Script::Arabic, false) => (13.5, 0.85, 1.45),
        (Script::Arabic, true) => (11.2, 0.8, 1.3),
        (_, false) => (11.0, 0.68, 1.05),
        (_, true) => (9.6, 0.62, 0.95),
    };
    Metrics {
        size,
        leading,
        spacing,
    }
}

/// Where one segment's markup sits in the generated source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentSpan {
    pub range: Range<usize>,
    /// The segment ID (unprefixed) and the language of the document it belongs to.
    pub id: String,
    pub lang: Lang,
}

/// How the writer picks fonts: the family list for text in a language, most preferred first.
pub type Families<'a> = &'a (dyn Fn(&Lang) -> Vec<String> + Sync);

/// Writes one document's blocks (the whole of a single edition, or one column of a parallel one).
pub struct Writer<'a> {
    pub out: String,
    doc: &'a Document,
    /// The edition's source language (what stale and untranslated markers refer to).
    source_lang: Lang,
    /// Interface strings in the document's language.
    pub ui: Ui,
    /// Prepended to every label: `""` in single editions, `"en-"` in parallel ones.
    prefix: String,
    /// The document's segment IDs (link and citation targets).
    ids: BTreeSet<String>,
    /// The document's citation index ([`crate::model::Edition::citations`]): the ID of each
    /// citation's label and the back-links of each reference entry, as in HTML and EPUB.
    citations: &'a CitationIndex,
    /// The segment being written (`""` outside any) and its citations written so far: the next
    /// citation's ID is [`crate::model::cite_id`] of both, as in the index.
    seg: String,
    cite_k: usize,
    /// The direction of the paragraph being written.
    dir: Dir,
    families: Families<'a>,
    /// Set in a column of a parallel edition (smaller text).
    parallel: bool,
    /// Headings of this column go to the PDF outline (bookmarks).
    pub bookmarked: bool,
    /// [`pandoc::heading_shift`]: the top heading level present is outline level 1.
    pub heading_shift: i64,
    /// The outline level of the last heading written (0 before the first): PDF/UA-1 refuses a
    /// skipped level (2 then 4), so a heading is set at most one level below the previous one.
    /// A parallel edition's second column starts one higher, as its headings are one deeper.
    pub prev_heading: i64,
    /// Lines under the title (byline, date, fingerprint), as markup.
    pub colophon: String,
    pub spans: Vec<SegmentSpan>,
    /// Labels written for segments (prefixed), in order: the named destinations.
    pub anchors: Vec<String>,
    pub diags: Vec<Diagnostic>,
    /// Blocks and inlines enclosing the one being written: past [`pandoc::MAX_WRITE_DEPTH`]
    /// the rest is written as plain text, never by recursing (issue 12).
    depth: usize,
    /// Inline containers (`#emph[…]`, `#text(…)[…]`, `#link(…)[…]`) open around the one being
    /// written: Typst's parser refuses markup nested about 256 parser levels deep, a few per
    /// container, so deeper containers are set as their plain text.
    nesting: usize,
    /// Whether the `pdf-nesting` warning was given.
    flattened: bool,
    /// The stand-in wrappers written (rule, marker, text rules), each defined once as a function
    /// ([`Self::marker_defs`]) and called by name: typst then lays a marker out once, not once
    /// per stand-in segment (issue 13), and parses its rules once (issue 12).
    markers: Vec<String>,
    /// The edition's images (issue 16), served to typst as `/media/<name>` by the world.
    pub media: Option<&'a crate::media::MediaSet>,
}

/// The deepest nesting of inline containers written as Typst functions (see `Writer::nesting`).
pub const MAX_TYPST_NESTING: usize = 16;

impl<'a> Writer<'a> {
    /// The Typst level of a heading of AST level `level`: shifted so that the top level present
    /// is 1, and never more than one below the previous heading (see `prev_heading`).
    fn outline_level(&mut self, level: i64) -> i64 {
        let l = (level + self.heading_shift - 1)
            .max(1)
            .min(self.prev_heading + 1);
        self.prev_heading = l;
        l
    }

    pub fn new(
        doc: &'a Document,
        source_lang: &Lang,
        prefix: &str,
        citations: &'a CitationIndex,
        families: Families<'a>,
        parallel: bool,
    ) -> Self {
        let mut ids = BTreeSet::new();
        pandoc::walk_segments(&doc.ast.blocks, &mut |_, _, attr| {
            ids.insert(attr.0.clone());
        });
        Writer {
            out: String::new(),
            doc,
            source_lang: source_lang.clone(),
            ui: Ui::new(&doc.lang),
            prefix: prefix.to_string(),
            ids,
            citations,
            seg: String::new(),
            cite_k: 0,
            dir: doc.lang.dir(),
            families,
            parallel,
            bookmarked: true,
            heading_shift: pandoc::heading_shift(&doc.ast.blocks),
            prev_heading: 0,
            colophon: String::new(),
            spans: Vec::new(),
            anchors: Vec::new(),
            diags: Vec::new(),
            depth: 0,
            nesting: 0,
            flattened: false,
            markers: Vec::new(),
            media: None,
        }
    }

    /// The Typst function wrapping a stand-in's content in `block` (a `block(...)[...]`
    /// expression of `body`: the rule, the marker and the text rules).
    fn marker_name(&mut self, block: String) -> String {
        let k = match self.markers.iter().position(|m| *m == block) {
            Some(k) => k,
            None => {
                self.markers.push(block);
                self.markers.len() - 1
            }
        };
        self.marker_var(k)
    }

    fn marker_var(&self, k: usize) -> String {
        format!("stele-marker-{}{k}", identifier_part(&self.prefix))
    }

    /// `#let` definitions of the markers used so far: they must precede the blocks written.
    pub fn marker_defs(&self) -> String {
        let mut s = String::new();
        for (k, block) in self.markers.iter().enumerate() {
            let _ = writeln!(s, "#let {}(body) = {block}", self.marker_var(k));
        }
        s
    }

    fn label(&self, id: &str) -> String {
        format!("{}{}", self.prefix, id)
    }

    /// A set rule for text in `lang`: language, direction, fonts and hyphenation (one line).
    pub fn lang_rules(&self, lang: &Lang) -> String {
        let families = (self.families)(lang);
        let hyphenate = if lang.is_rtl() { "false" } else { "true" };
        let mut s = String::from("#set text(");
        let la = lang_args(lang);
        if !la.is_empty() {
            s.push_str(&la);
            s.push_str(", ");
        }
        let _ = writeln!(
            s,
            "dir: {}, font: {}, hyphenate: {hyphenate})",
            lang.dir().as_str(),
            string_array(&families)
        );
        s
    }

    /// [`Self::lang_rules`] plus the size and spacing of body text in `lang`.
    pub fn text_rules(&self, lang: &Lang) -> String {
        let m = metrics(lang, self.parallel);
        let mut s = self.lang_rules(lang);
        let _ = writeln!(s, "#set text(size: {}pt)", m.size);
        let _ = writeln!(
            s,
            "#set par(leading: {}em, spacing: {}em)",
            m.leading, m.spacing
        );
        if lang.script() == Script::Arabic {
            // Typst 0.15 has no kashida (tatweel) justification: justified Arabic lines are
            // set with a tighter inter-word range than Typst's default (2/3 to 150 %) instead.
            s.push_str(ARABIC_JUSTIFICATION);
        }
        s
    }

    /// All blocks of the document.
    pub fn document(&mut self) {
        let doc = self.doc;
        self.blocks(&doc.ast.blocks);
    }

    pub fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    pub fn block(&mut self, b: &Block) {
        if self.depth >= pandoc::MAX_WRITE_DEPTH {
            let text = pandoc::stringify_blocks(std::slice::from_ref(b));
            self.text(&text);
            return;
        }
        self.depth += 1;
        self.block_nested(b);
        self.depth -= 1;
    }

    fn block_nested(&mut self, b: &Block) {
        if let Some((kind, attr)) = pandoc::segment_kind(b) {
            self.segment(b, kind, attr);
            return;
        }
        match b {
            Block::Plain(x) | Block::Para(x) => {
                self.par(x);
                self.out.push_str("\n\n");
            }
            Block::Header(level, _, x) => {
                let level = self.outline_level(*level);
                let _ = write!(
                    self.out,
                    "#heading(level: {level}, outlined: {b}, bookmarked: {b})[",
                    b = self.bookmarked
                );
                self.inlines(x);
                self.out.push_str("]\n\n");
            }
            Block::Div(_, inner) => self.blocks(inner),
            // The caption's segments under the body, as in HTML and EPUB (they were left out).
            Block::Figure(_, caption, inner) => {
                self.blocks(inner);
                self.blocks(&caption.1);
            }
            Block::BlockQuote(inner) => {
                self.out.push_str("#quote(block: true)[\n");
                self.blocks(inner);
                self.out.push_str("]\n\n");
            }
            Block::BulletList(items) => self.list("list", "", items),
            Block::OrderedList((start, _, _), items) => {
                self.list("enum", &format!("start: {start}, "), items)
            }
            Block::DefinitionList(items) => {
                self.out.push_str("#terms(");
                for (term, defs) in items {
                    self.out.push_str("terms.item[");
                    self.inlines(term);
                    self.out.push_str("][\n");
                    for d in defs {
                        self.blocks(d);
                    }
                    self.out.push_str("], ");
                }
                self.out.push_str(")\n\n");
            }
            Block::LineBlock(lines) => {
                self.out.push_str("#par[");
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str("#linebreak()");
                    }
                    self.inlines(line);
                }
                self.out.push_str("]\n\n");
            }
            Block::CodeBlock(_, code) => {
                let _ = write!(self.out, "#raw(block: true, {})\n\n", string_literal(code));
            }
            Block::HorizontalRule => self.out.push_str("#line(length: 100%, stroke: 0.5pt)\n\n"),
            Block::Table(_, caption, cols, head, bodies, foot) => {
                let _ = write!(self.out, "#table(columns: {}, ", cols.len().max(1));
                let rows = head
                    .1
                    .iter()
                    .chain(bodies.iter().flat_map(|b| b.2.iter().chain(b.3.iter())))
                    .chain(foot.1.iter());
                for (_, cells) in rows {
                    for (_, _, rowspan, colspan, content) in cells {
                        let _ = writeln!(
                            self.out,
                            "table.cell(rowspan: {}, colspan: {})[",
                            rowspan.max(&1),
                            colspan.max(&1)
                        );
                        self.blocks(content);
                        self.out.push_str("], ");
                    }
                }
                self.out.push_str(")\n\n");
                self.blocks(&caption.1);
            }
            Block::RawBlock(format, _) => {
                self.diags.push(
                    Diagnostic::warning(
                        "pdf-raw",
                        format!("a raw `{}` block is left out of the pdf edition", format.0),
                    )
                    .lang(self.doc.lang.as_str())
                    .hint("raw blocks are not typeset; write the content as text"),
                );
            }
            Block::Null => {}
        }
    }

    fn list(&mut self, func: &str, args: &str, items: &[Vec<Block>]) {
        let _ = write!(self.out, "#{func}({args}");
        for item in items {
            self.out.push_str("[\n");
            self.blocks(item);
            self.out.push_str("], ");
        }
        self.out.push_str(")\n\n");
    }

    pub fn inlines(&mut self, xs: &[Inline]) {
        let mut text = String::new();
        for x in xs {
            match x {
                Inline::Str(s) if url::is_url(s) => {
                    self.text(&std::mem::take(&mut text));
                    self.url(s);
                }
                Inline::Str(s) => text.push_str(s),
                Inline::Space | Inline::SoftBreak => text.push(' '),
                other => {
                    self.text(&std::mem::take(&mut text));
                    self.inline(other);
                }
            }
        }
        self.text(&text);
    }

    /// A paragraph; a long one is set as consecutive paragraphs spaced like its lines, split
    /// after sentence ends, in one block (which takes the paragraph's label).
    fn par(&mut self, x: &[Inline]) {
        let parts = pieces(x);
        if parts.len() == 1 {
            self.out.push_str("#par[");
            self.inlines(x);
            self.out.push(']');
            return;
        }
        let m = metrics(&self.doc.lang, self.parallel);
        let _ = write!(self.out, "#block[#set par(spacing: {}em); ", m.leading);
        for part in parts {
            self.out.push_str("#par[");
            self.inlines(part);
            self.out.push_str("] ");
        }
        self.out.push(']');
    }

    /// `text` as markup, with runs in the other direction isolated (see [`isolate_runs`]).
    pub fn isolated_markup(&self, text: &str) -> String {
        let mut out = String::new();
        for (isolated, piece) in isolate_runs(text, self.dir) {
            if isolated {
                out.push_str(if self.dir == Dir::Rtl { LRI } else { RLI });
                escape_markup(piece, &mut out);
                out.push_str(PDI);
            } else {
                escape_markup(piece, &mut out);
            }
        }
        out
    }

    /// Findings of the writer and of its interface strings.
    pub fn take_diags(&mut self) -> Vec<Diagnostic> {
        let mut d = std::mem::take(&mut self.diags);
        d.extend(self.ui.diagnostics());
        d
    }

    fn text(&mut self, text: &str) {
        let m = self.isolated_markup(text);
        self.out.push_str(&m);
    }

    fn wrapped(&mut self, func: &str, xs: &[Inline]) {
        let _ = write!(self.out, "#{func}[");
        self.inlines(xs);
        self.out.push(']');
    }

    fn inline(&mut self, x: &Inline) {
        let container = pandoc::inline_children(x).is_some() || matches!(x, Inline::Note(_));
        let too_deep = self.depth >= pandoc::MAX_WRITE_DEPTH
            || (container && self.nesting >= MAX_TYPST_NESTING);
        if too_deep {
            if !self.flattened {
                self.flattened = true;
                self.diags.push(
                    Diagnostic::warning(
                        "pdf-nesting",
                        format!(
                            "markup nested deeper than {MAX_TYPST_NESTING} levels is set as plain text in the pdf edition"
                        ),
                    )
                    .lang(self.doc.lang.as_str())
                    .hint("flatten the markup of the translation"),
                );
            }
            let text = match x {
                Inline::Note(blocks) => pandoc::stringify_blocks(blocks),
                other => pandoc::stringify(std::slice::from_ref(other)),
            };
            self.text(&text);
            // The citations set as text keep their numbers: the later ones' IDs stay the index's.
            self.cite_k += pandoc::cites::count(std::slice::from_ref(x), &self.seg, self.depth);
            return;
        }
        self.depth += 1;
        self.nesting += usize::from(container);
        self.inline_nested(x);
        self.nesting -= usize::from(container);
        self.depth -= 1;
    }

    fn inline_nested(&mut self, x: &Inline) {
        match x {
            Inline::Str(_) | Inline::Space | Inline::SoftBreak => {
                self.inlines(std::slice::from_ref(x))
            }
            Inline::Emph(xs) => self.wrapped("emph", xs),
            Inline::Strong(xs) => self.wrapped("strong", xs),
            Inline::Underline(xs) => self.wrapped("underline", xs),
            Inline::Strikeout(xs) => self.wrapped("strike", xs),
            Inline::Superscript(xs) => self.wrapped("super", xs),
            Inline::Subscript(xs) => self.wrapped("sub", xs),
            Inline::SmallCaps(xs) => self.wrapped("smallcaps", xs),
            Inline::Quoted(q, xs) => {
                let (open, close) =
                    quote_marks(&self.doc.lang, matches!(q, QuoteType::DoubleQuote));
                self.out.push_str(open);
                self.inlines(xs);
                self.out.push_str(close);
            }
            Inline::Cite(citations, xs) => self.cite(citations, xs),
            Inline::Code(_, code) => {
                let _ = write!(self.out, "#raw({})", string_literal(code));
            }
            Inline::Math(_, tex) => {
                // TeX math is shown as written (the editions carry no formula typesetting).
                let _ = write!(self.out, "#raw({})", string_literal(tex));
            }
            Inline::LineBreak => self.out.push_str("#linebreak()"),
            Inline::RawInline(format, _) => {
                self.diags.push(
                    Diagnostic::warning(
                        "pdf-raw",
                        format!("raw `{}` text is left out of the pdf edition", format.0),
                    )
                    .lang(self.doc.lang.as_str()),
                );
            }
            Inline::Link(_, xs, (url, _)) => {
                if let Some(id) = url.strip_prefix('#') {
                    if self.ids.contains(id) {
                        let _ = write!(self.out, "#link({})[", internal_link(&self.label(id)));
                        self.inlines(xs);
                        self.out.push(']');
                    } else {
                        self.diags.push(
                            Diagnostic::warning(
                                "pdf-link",
                                format!("link to `{url}` has no target in the document"),
                            )
                            .lang(self.doc.lang.as_str())
                            .hint("link to an existing segment ID (#p3) or a full URL"),
                        );
                        self.inlines(xs);
                    }
                } else {
                    let _ = write!(self.out, "#link({})[", string_literal(url));
                    self.inlines(xs);
                    self.out.push(']');
                }
            }
            Inline::Image(_, alt, (url, _)) => {
                // An image of the project (issue 16) is served by the world; one that could not
                // be read (an error already), or a web image, is represented by its description.
                match self.media.and_then(|m| m.get(url)) {
                    Some(m) => {
                        let _ = write!(
                            self.out,
                            "#box(image({}, alt: {}))",
                            string_literal(&format!("/media/{}", m.name)),
                            string_literal(&pandoc::stringify(alt))
                        );
                    }
                    None => self.inlines(alt),
                }
            }
            Inline::Note(blocks) => {
                self.out.push_str("#footnote[");
                for (i, b) in blocks.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str("#parbreak()");
                    }
                    match b {
                        // One block deeper, as `Self::block` would count it (and the index).
                        Block::Para(xs) | Block::Plain(xs) => {
                            self.depth += 1;
                            self.inlines(xs);
                            self.depth -= 1;
                        }
                        other => self.block(other),
                    }
                }
                self.out.push(']');
            }
            Inline::Span(attr, xs) => self.span(attr, xs),
        }
    }

    fn span(&mut self, attr: &Attr, xs: &[Inline]) {
        let lang = attr_get(attr, "lang").and_then(|l| Lang::parse(l).ok());
        let has = |c: &str| attr.1.iter().any(|x| x == c);
        let mut closers = String::new();
        let saved = self.dir;
        if let Some(lang) = &lang {
            let dir = match attr_get(attr, "dir") {
                Some("rtl") => Dir::Rtl,
                Some("ltr") => Dir::Ltr,
                _ => lang.dir(),
            };
            let isolate = dir != self.dir;
            if isolate {
                self.out.push_str(if dir == Dir::Rtl { RLI } else { LRI });
            }
            let la = lang_args(lang);
            let _ = write!(
                self.out,
                "#text({}{}dir: {})[",
                la,
                if la.is_empty() { "" } else { ", " },
                dir.as_str()
            );
            closers.push(']');
            if isolate {
                closers.push_str(PDI);
            }
            self.dir = dir;
        }
        if has("smallcaps") {
            self.out.push_str("#smallcaps[");
            closers.insert(0, ']');
        }
        if has("underline") {
            self.out.push_str("#underline[");
            closers.insert(0, ']');
        }
        self.inlines(xs);
        self.out.push_str(&closers);
        self.dir = saved;
    }
}

/// A link to the element labelled `label`, as a placeholder URL resolved after layout (see
/// [`super::late_links`]: a `link(<label>)` would make typst lay its paragraph out twice).
fn internal_link(label: &str) -> String {
    string_literal(&format!("{}{label}", super::late_links::URL_PREFIX))
}

/// A paragraph longer than this (bytes of text) is set in pieces: typst lays out a paragraph in
/// time that grows faster than its length (a 1 MB paragraph took 21 s, 500 kB 3 s).
pub const LONG_PARAGRAPH: usize = 16_000;

/// Splits a long paragraph's inlines after sentence ends into pieces of about
/// [`LONG_PARAGRAPH`] / 2 bytes (a short paragraph is one piece).
fn pieces(x: &[Inline]) -> Vec<&[Inline]> {
    if crate::pandoc::stringify(x).len() <= LONG_PARAGRAPH {
        return vec![x];
    }
    let mut out = Vec::new();
    let (mut start, mut len) = (0, 0);
    for (i, inline) in x.iter().enumerate() {
        len += match inline {
            Inline::Str(t) => t.len(),
            Inline::Span(_, xs) if is_sentence(inline) => crate::pandoc::stringify(xs).len(),
            _ => 1,
        };
        let ends_sentence = (is_sentence(inline)
            || matches!(inline, Inline::Str(t) if t.ends_with(['.', '!', '?', '؟', '…'])))
            && matches!(x.get(i + 1), Some(Inline::Space));
        if len >= LONG_PARAGRAPH / 2 && ends_sentence {
            out.push(&x[start..=i]);
            start = i + 2;
            len = 0;
        }
    }
    if start < x.len() {
        out.push(&x[start..]);
    }
    out
}

/// A sentence span of an aligned translation or its source (issue 19).
fn is_sentence(x: &Inline) -> bool {
    matches!(x, Inline::Span(a, _) if a.1.iter().any(|c| c == crate::pandoc::SENTENCE_CLASS))
}

/// The quotation marks of a language (outer, or inner when `double` is false).
fn quote_marks(lang: &Lang, double: bool) -> (&'static str, &'static str) {
    match (lang.primary(), double) {
        ("ru" | "uk" | "be" | "fr" | "ar" | "fa", true) => ("«", "»"),
        ("ru" | "uk" | "be", false) => ("„", "“"),
        ("ar" | "fa" | "fr", false) => ("‹", "›"),
        ("de", true) => ("„", "“"),
        ("de", false) => ("‚", "‘"),
        (_, true) => ("“", "”"),
        (_, false) => ("‘", "’"),
    }
}

#[cfg(test)]
mod tests;
