//! The Pandoc AST -> markup serializer shared by the HTML and EPUB exporters: polyglot HTML5/XHTML
//! (well-formed XML that is also valid HTML5), complete escaping, segment IDs as element ids,
//! `lang`/`dir` on foreign runs, direction isolation, citation links and back-links, status markers.
//!
//! # API
//!
//! - [`blocks`] / [`inlines`] write markup for a slice of a [`Document`]'s AST into a `String`,
//!   configured by [`XhtmlOptions`] (ID prefix, where other elements live, interface strings, a
//!   per-segment hook).
//! - [`escape_text`] / [`escape_attr`] (and [`push_text`] / [`push_attr`]) escape any string for
//!   element content or a double-quoted attribute; characters XML and HTML forbid become U+FFFD.
//! - [`ui`] writes a formatted interface string, isolating its arguments.
//!
//! # What the markup guarantees
//!
//! - Segment blocks (see the contract in [`crate::pandoc`]) keep their ID as the element `id`
//!   (prefixed with [`XhtmlOptions::id_prefix`]); a segment whose `status` is `stale` or
//!   `untranslated` gets the class `status-<status>`, `data-status` and a visible, localized note
//!   with the reason; a stand-in in another language (`lang` kv) gets `lang` and `dir`.
//! - Direction: text is isolated against its context with attributes, never CSS. A `Span` with a
//!   `lang` kv gets `lang` and `dir` (an element with `dir` is a bidi isolate). Inside
//!   right-to-left text, runs of left-to-right letters and numbers (with their `%`, `[ ]`, internal
//!   `.,:/-`) become `<bdi dir="ltr">`; inside left-to-right text, right-to-left runs become
//!   `<bdi dir="rtl">`. Links, code and citation markers whose direction differs get `dir`.
//! - Citations: a `Cite` becomes `<a class="cite" id="cite-SEG-K" href="#ref-N">` (K counts the
//!   citations of segment SEG from 1); each reference entry shows its number and back-links to
//!   every citation of it, in document order.
//! - Raw HTML/TeX in the AST is shown as text (translations cannot inject markup); links with a
//!   scheme other than http, https, mailto or ftp lose their `href`; images become links (no
//!   request leaves the page).

use crate::i18n::{Msg, Part, Ui};
use crate::model::{Dir, Document, Lang, SegmentKind};
use crate::pandoc::{self, attr_get};
use pandoc_ast::{Attr, Block, Inline, QuoteType};
use std::collections::BTreeMap;

/// Where an element ID lives: the file name, or `None` for the current document.
pub type Locate<'a> = &'a dyn Fn(&str) -> Option<String>;
/// Markup to append to a segment, given its unprefixed ID and kind.
pub type SegmentExtra<'a> = &'a dyn Fn(&str, SegmentKind) -> String;

/// How [`blocks`] and [`inlines`] write markup.
#[derive(Clone, Copy, Default)]
pub struct XhtmlOptions<'a> {
    /// Prepended to every `id` written and every same-document fragment linked to: `""` in a
    /// single-language page, `"en-"` for the English column of a parallel page.
    pub id_prefix: &'a str,
    /// The file an element ID (unprefixed: `ref-3`, or the citing segment's ID `p5`) lives in,
    /// when that is not the current document (an EPUB spread over several files); `None` or a
    /// `None` answer means the current document.
    pub locate: Option<Locate<'a>>,
    /// Interface strings in the page's language, for status notes and back-link titles; without
    /// them the notes are left out (the class and `data-status` stay).
    pub ui: Option<&'a Ui>,
    /// The edition's source language, named in status notes ("the English original").
    pub source_lang: Option<&'a Lang>,
    /// Markup appended to each segment (inside a Div segment; after a heading): e.g. links to the
    /// same segment in other languages. Arguments: the unprefixed segment ID and its kind.
    pub segment_extra: Option<SegmentExtra<'a>>,
    /// The document's [`citation_index`], computed once by a caller that writes a document in
    /// many calls; `None`: computed when a reference entry needs it (a walk of the whole AST).
    pub cites: Option<&'a CitationIndex>,
}

/// Entry ID -> (citation element ID, citing segment ID) for every citation, in document order.
pub type CitationIndex = BTreeMap<String, Vec<(String, String)>>;

/// Writes `blocks` (a slice of `doc`'s AST, or all of `doc.ast.blocks`) as markup.
///
/// `doc` supplies the language context (its `lang`) and the citation index for back-links.
pub fn blocks(doc: &Document, blocks: &[Block], opts: &XhtmlOptions, out: &mut String) {
    let mut w = Writer::new(doc, opts, out);
    let ctx = Ctx::of(&doc.lang);
    w.blocks(blocks, &ctx);
}

/// Writes `inlines` (e.g. the title from the metadata) as markup in the language context of `doc`.
pub fn inlines(doc: &Document, inlines: &[Inline], opts: &XhtmlOptions, out: &mut String) {
    let mut w = Writer::new(doc, opts, out);
    let ctx = Ctx::of(&doc.lang);
    w.inlines(inlines, &ctx);
}

/// [`blocks`] with EPUB structural semantics (added for the EPUB exporter): citation links get
/// `epub:type="noteref"` and `role="doc-biblioref"`, back-links `role="doc-backlink"` (entries
/// need no type of their own: SSV deprecates `biblioentry`; the enclosing `bibliography` section
/// says it). The document must declare the `epub` namespace on `<html>`.
pub fn blocks_epub(doc: &Document, blocks: &[Block], opts: &XhtmlOptions, out: &mut String) {
    let mut w = Writer::new(doc, opts, out);
    w.epub = true;
    let ctx = Ctx::of(&doc.lang);
    w.blocks(blocks, &ctx);
}

/// [`inlines`] with EPUB structural semantics (see [`blocks_epub`]).
pub fn inlines_epub(doc: &Document, inlines: &[Inline], opts: &XhtmlOptions, out: &mut String) {
    let mut w = Writer::new(doc, opts, out);
    w.epub = true;
    let ctx = Ctx::of(&doc.lang);
    w.inlines(inlines, &ctx);
}

/// Writes a formatted interface string in the context of `ctx_lang`: wrapped in `lang`/`dir` when
/// it fell back to another language, each text argument isolated in `<bdi>`.
pub fn ui(msg: &Msg, ctx_lang: &Lang, out: &mut String) {
    let foreign = msg.lang != *ctx_lang;
    if foreign {
        out.push_str("<span");
        lang_attrs(out, &msg.lang, true);
        out.push('>');
    }
    for part in &msg.parts {
        match part {
            Part::Lit(s) => push_text(out, s),
            Part::Arg(s) => {
                out.push_str("<bdi>");
                push_text(out, s);
                out.push_str("</bdi>");
            }
        }
    }
    if foreign {
        out.push_str("</span>");
    }
}

/// Writes plain text in the context of `lang`, isolating runs in the other direction.
pub fn plain_text(text: &str, lang: &Lang, out: &mut String) {
    let doc = Document {
        lang: lang.clone(),
        ast: pandoc::new_doc(),
    };
    let opts = XhtmlOptions::default();
    let mut w = Writer::new(&doc, &opts, out);
    w.text_run(text, &Ctx::of(lang));
}

/// Escapes text for element content (`&`, `<`, `>`; forbidden characters become U+FFFD).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// Escapes text for a double-quoted attribute value (also `"` and `'`).
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_attr(&mut out, s);
    out
}

/// Appends `s` escaped for element content.
pub fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if forbidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Appends `s` escaped for a double-quoted attribute value.
pub fn push_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(' '),
            c if forbidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Characters XML 1.0 or HTML's parser reject: C0/C1 controls (but tab and newline), CR (HTML
/// normalizes it away, XML keeps it), and noncharacters.
fn forbidden(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\t' && c != '\n')
        || (0x7F..=0x9F).contains(&u)
        || (0xFDD0..=0xFDEF).contains(&u)
        || (u & 0xFFFE) == 0xFFFE
}

/// ` lang="x" xml:lang="x"` and, when asked, ` dir="…"` from the language's script.
pub fn lang_attrs(out: &mut String, lang: &Lang, with_dir: bool) {
    out.push_str(" lang=\"");
    push_attr(out, lang.as_str());
    out.push_str("\" xml:lang=\"");
    push_attr(out, lang.as_str());
    out.push('"');
    if with_dir {
        out.push_str(" dir=\"");
        out.push_str(lang.dir().as_str());
        out.push('"');
    }
}

/// The citations of every reference entry: entry ID -> (citation element ID, citing segment ID),
/// in document order. Citation element IDs are `cite-SEG-K` (unprefixed).
pub fn citation_index(doc: &Document) -> CitationIndex {
    let mut index: CitationIndex = BTreeMap::new();
    let mut seg = String::new();
    let mut k = 0usize;
    visit_cites(
        &doc.ast.blocks,
        &mut seg,
        &mut k,
        &mut |cite_id, seg, cites| {
            for c in cites {
                index
                    .entry(c.citationId.clone())
                    .or_default()
                    .push((cite_id.to_string(), seg.to_string()));
            }
        },
    );
    index
}

fn cite_element_id(seg: &str, k: usize) -> String {
    if seg.is_empty() {
        format!("cite-{k}")
    } else {
        format!("cite-{seg}-{k}")
    }
}

type CiteVisitor<'v> = dyn FnMut(&str, &str, &[pandoc_ast::Citation]) + 'v;

/// Walks blocks in the order the writer renders them, numbering citations per segment.
fn visit_cites(blocks: &[Block], seg: &mut String, k: &mut usize, f: &mut CiteVisitor) {
    visit_cites_at(blocks, seg, k, f, 0)
}

/// [`visit_cites`] `depth` levels down: no deeper than the writer writes structure.
fn visit_cites_at(
    blocks: &[Block],
    seg: &mut String,
    k: &mut usize,
    f: &mut CiteVisitor,
    depth: usize,
) {
    if depth >= pandoc::MAX_WRITE_DEPTH {
        return;
    }
    let depth = depth + 1;
    for b in blocks {
        let entered = pandoc::segment_kind(b).map(|(_, a)| a.0.clone());
        let saved = entered.as_ref().map(|id| {
            let prev = (std::mem::replace(seg, id.clone()), *k);
            *k = 0;
            prev
        });
        match b {
            Block::Plain(x) | Block::Para(x) | Block::Header(_, _, x) => {
                visit_inline_cites(x, seg, k, f, depth)
            }
            Block::LineBlock(lines) => lines
                .iter()
                .for_each(|l| visit_inline_cites(l, seg, k, f, depth)),
            Block::BlockQuote(x) | Block::Div(_, x) => visit_cites_at(x, seg, k, f, depth),
            Block::OrderedList(_, items) | Block::BulletList(items) => items
                .iter()
                .for_each(|i| visit_cites_at(i, seg, k, f, depth)),
            Block::DefinitionList(items) => {
                for (term, defs) in items {
                    visit_inline_cites(term, seg, k, f, depth);
                    defs.iter()
                        .for_each(|d| visit_cites_at(d, seg, k, f, depth));
                }
            }
            Block::Figure(_, caption, body) => {
                visit_cites_at(body, seg, k, f, depth);
                visit_cites_at(&caption.1, seg, k, f, depth);
            }
            Block::Table(_, caption, _, head, bodies, foot) => {
                visit_cites_at(&caption.1, seg, k, f, depth);
                for row in table_rows(head, bodies, foot) {
                    for cell in &row.1 {
                        visit_cites_at(&cell.4, seg, k, f, depth);
                    }
                }
            }
            _ => {}
        }
        if let Some((prev, pk)) = saved {
            *seg = prev;
            *k = pk;
        }
    }
}

fn visit_inline_cites(
    inlines: &[Inline],
    seg: &str,
    k: &mut usize,
    f: &mut CiteVisitor,
    depth: usize,
) {
    if depth >= pandoc::MAX_WRITE_DEPTH {
        return;
    }
    let depth = depth + 1;
    for i in inlines {
        match i {
            Inline::Cite(cites, _) => {
                *k += 1;
                f(&cite_element_id(seg, *k), seg, cites);
            }
            Inline::Note(blocks) => {
                let mut s = seg.to_string();
                visit_cites_at(blocks, &mut s, k, f, depth);
            }
            other => {
                if let Some(x) = pandoc::inline_children(other) {
                    visit_inline_cites(x, seg, k, f, depth);
                }
            }
        }
    }
}

fn table_rows<'t>(
    head: &'t pandoc_ast::TableHead,
    bodies: &'t [pandoc_ast::TableBody],
    foot: &'t pandoc_ast::TableFoot,
) -> impl Iterator<Item = &'t pandoc_ast::Row> {
    head.1
        .iter()
        .chain(bodies.iter().flat_map(|b| b.2.iter().chain(b.3.iter())))
        .chain(foot.1.iter())
}

/// The language and direction text is written in at a point of the tree.
#[derive(Clone)]
struct Ctx {
    lang: Lang,
    dir: Dir,
}

impl Ctx {
    fn of(lang: &Lang) -> Ctx {
        Ctx {
            lang: lang.clone(),
            dir: lang.dir(),
        }
    }
    fn with_dir(&self, dir: Dir) -> Ctx {
        Ctx {
            lang: self.lang.clone(),
            dir,
        }
    }
}

struct Writer<'a, 'o> {
    opts: &'a XhtmlOptions<'o>,
    doc: &'a Document,
    /// The citation index when the options did not bring one (computed on first need).
    own_cites: Option<CitationIndex>,
    out: &'a mut String,
    seg: String,
    k: usize,
    /// EPUB structural semantics ([`blocks_epub`]).
    epub: bool,
    /// How many blocks and inlines enclose the one being written (issue 12): past
    /// [`pandoc::MAX_WRITE_DEPTH`] the rest is written as plain text, never by recursing.
    depth: usize,
}

impl<'a, 'o> Writer<'a, 'o> {
    fn new(doc: &'a Document, opts: &'a XhtmlOptions<'o>, out: &'a mut String) -> Self {
        Writer {
            opts,
            doc,
            own_cites: None,
            out,
            seg: String::new(),
            k: 0,
            epub: false,
            depth: 0,
        }
    }

    /// `href` value for an element ID: `[file]#prefix-id`.
    fn href_to(&mut self, target: &str, owner: &str) {
        if let Some(file) = self.opts.locate.and_then(|f| f(owner)) {
            push_attr(self.out, &file);
        }
        self.out.push('#');
        push_attr(self.out, self.opts.id_prefix);
        push_attr(self.out, target);
    }

    fn id_attr(&mut self, id: &str) {
        if !id.is_empty() {
            self.out.push_str(" id=\"");
            push_attr(self.out, self.opts.id_prefix);
            push_attr(self.out, id);
            self.out.push('"');
        }
    }

    fn class_attr(&mut self, classes: &[String], extra: &[&str]) {
        let all: Vec<&str> = classes
            .iter()
            .map(String::as_str)
            .chain(extra.iter().copied())
            .filter(|c| !c.is_empty())
            .collect();
        if !all.is_empty() {
            self.out.push_str(" class=\"");
            push_attr(self.out, &all.join(" "));
            self.out.push('"');
        }
    }

    /// `lang`/`dir` from an Attr's kvs; returns the context inside the element.
    fn lang_dir_attrs(&mut self, attr: &Attr, ctx: &Ctx) -> Ctx {
        let lang = attr_get(attr, "lang").and_then(|l| Lang::parse(l).ok());
        let explicit_dir = match attr_get(attr, "dir") {
            Some("rtl") => Some(Dir::Rtl),
            Some("ltr") => Some(Dir::Ltr),
            _ => None,
        };
        let mut inner = ctx.clone();
        if let Some(l) = &lang {
            if *l != ctx.lang {
                lang_attrs(self.out, l, false);
                inner.lang = l.clone();
                // Another language always gets a direction: `dir` makes the element an isolate.
                let d = explicit_dir.unwrap_or(l.dir());
                self.out.push_str(" dir=\"");
                self.out.push_str(d.as_str());
                self.out.push('"');
                inner.dir = d;
                return inner;
            }
        }
        if let Some(d) = explicit_dir {
            self.out.push_str(" dir=\"");
            self.out.push_str(d.as_str());
            self.out.push('"');
            inner.dir = d;
        }
        inner
    }

    fn blocks(&mut self, blocks: &[Block], ctx: &Ctx) {
        for b in blocks {
            self.block(b, ctx);
        }
    }

    fn block(&mut self, b: &Block, ctx: &Ctx) {
        if self.depth >= pandoc::MAX_WRITE_DEPTH {
            let text = pandoc::stringify_blocks(std::slice::from_ref(b));
            self.text_run(&text, ctx);
            return;
        }
        self.depth += 1;
        self.block_nested(b, ctx);
        self.depth -= 1;
    }

    fn block_nested(&mut self, b: &Block, ctx: &Ctx) {
        if let Some((kind, attr)) = pandoc::segment_kind(b) {
            let saved = (
                std::mem::replace(&mut self.seg, attr.0.clone()),
                std::mem::replace(&mut self.k, 0),
            );
            self.segment(b, kind, attr, ctx);
            self.seg = saved.0;
            self.k = saved.1;
            return;
        }
        match b {
            Block::Plain(x) => self.inlines(x, ctx),
            Block::Para(x) => {
                self.out.push_str("<p>");
                self.inlines(x, ctx);
                self.out.push_str("</p>\n");
            }
            Block::LineBlock(lines) => {
                self.out.push_str("<p class=\"line-block\">");
                for (i, l) in lines.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str("<br/>");
                    }
                    self.inlines(l, ctx);
                }
                self.out.push_str("</p>\n");
            }
            Block::CodeBlock(attr, code) => {
                self.out.push_str("<pre");
                self.id_attr(&attr.0);
                self.class_attr(&attr.1, &[]);
                self.out.push_str(" dir=\"ltr\"><code>");
                push_text(self.out, code);
                self.out.push_str("</code></pre>\n");
            }
            Block::RawBlock(_, raw) => {
                // Shown as text: a translation cannot inject markup or script.
                self.out.push_str("<pre class=\"raw\">");
                push_text(self.out, raw);
                self.out.push_str("</pre>\n");
            }
            Block::BlockQuote(x) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(x, ctx);
                self.out.push_str("</blockquote>\n");
            }
            Block::OrderedList((start, _, _), items) => {
                self.out.push_str("<ol");
                if *start != 1 {
                    self.out.push_str(&format!(" start=\"{start}\""));
                }
                self.out.push_str(">\n");
                self.items(items, ctx);
                self.out.push_str("</ol>\n");
            }
            Block::BulletList(items) => {
                self.out.push_str("<ul>\n");
                self.items(items, ctx);
                self.out.push_str("</ul>\n");
            }
            Block::DefinitionList(items) => {
                self.out.push_str("<dl>\n");
                for (term, defs) in items {
                    self.out.push_str("<dt>");
                    self.inlines(term, ctx);
                    self.out.push_str("</dt>\n");
                    for d in defs {
                        self.out.push_str("<dd>");
                        self.blocks(d, ctx);
                        self.out.push_str("</dd>\n");
                    }
                }
                self.out.push_str("</dl>\n");
            }
            Block::Figure(attr, caption, body) => {
                self.out.push_str("<figure");
                self.id_attr(&attr.0);
                self.class_attr(&attr.1, &[]);
                let inner = self.lang_dir_attrs(attr, ctx);
                self.out.push_str(">\n");
                self.blocks(body, &inner);
                if !caption.1.is_empty() {
                    self.out.push_str("<figcaption>");
                    self.blocks(&caption.1, &inner);
                    self.out.push_str("</figcaption>\n");
                }
                self.out.push_str("</figure>\n");
            }
            Block::Header(level, attr, x) => {
                let n = (*level).clamp(1, 6);
                self.out.push_str(&format!("<h{n}"));
                self.id_attr(&attr.0);
                self.class_attr(&attr.1, &[]);
                let inner = self.lang_dir_attrs(attr, ctx);
                self.out.push('>');
                self.inlines(x, &inner);
                self.out.push_str(&format!("</h{n}>\n"));
            }
            Block::HorizontalRule => self.out.push_str("<hr/>\n"),
            Block::Table(attr, caption, _, head, bodies, foot) => {
                self.out.push_str("<table");
                self.id_attr(&attr.0);
                self.class_attr(&attr.1, &[]);
                let inner = self.lang_dir_attrs(attr, ctx);
                self.out.push_str(">\n");
                if !caption.1.is_empty() {
                    self.out.push_str("<caption>");
                    self.blocks(&caption.1, &inner);
                    self.out.push_str("</caption>\n");
                }
                self.rows("thead", head.1.iter(), "th", &inner);
                for body in bodies {
                    self.rows("tbody", body.2.iter().chain(body.3.iter()), "td", &inner);
                }
                self.rows("tfoot", foot.1.iter(), "td", &inner);
                self.out.push_str("</table>\n");
            }
            Block::Div(attr, x) => {
                self.out.push_str("<div");
                self.id_attr(&attr.0);
                self.class_attr(&attr.1, &[]);
                let inner = self.lang_dir_attrs(attr, ctx);
                self.out.push_str(">\n");
                self.blocks(x, &inner);
                self.out.push_str("</div>\n");
            }
            Block::Null => {}
        }
    }

    fn items(&mut self, items: &[Vec<Block>], ctx: &Ctx) {
        for item in items {
            self.out.push_str("<li>");
            self.blocks(item, ctx);
            self.out.push_str("</li>\n");
        }
    }

    fn rows<'r>(
        &mut self,
        section: &str,
        rows: impl Iterator<Item = &'r pandoc_ast::Row>,
        cell: &str,
        ctx: &Ctx,
    ) {
        let rows: Vec<_> = rows.collect();
        if rows.is_empty() {
            return;
        }
        self.out.push_str(&format!("<{section}>\n"));
        for row in rows {
            self.out.push_str("<tr>");
            for c in &row.1 {
                self.out.push_str(&format!("<{cell}"));
                if c.2 > 1 {
                    self.out.push_str(&format!(" rowspan=\"{}\"", c.2));
                }
                if c.3 > 1 {
                    self.out.push_str(&format!(" colspan=\"{}\"", c.3));
                }
                self.out.push('>');
                self.blocks(&c.4, ctx);
                self.out.push_str(&format!("</{cell}>"));
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str(&format!("</{section}>\n"));
    }

    fn segment(&mut self, b: &Block, kind: SegmentKind, attr: &Attr, ctx: &Ctx) {
        let status =
            attr_get(attr, pandoc::STATUS_KEY).filter(|s| matches!(*s, "stale" | "untranslated"));
        let status_class = status.map(|s| format!("status-{s}"));
        let extra: Vec<&str> = status_class.iter().map(String::as_str).collect();
        let id = attr.0.clone();
        match b {
            Block::Header(level, _, x) => {
                let n = (*level).clamp(1, 6);
                self.out.push_str(&format!("<h{n}"));
                self.id_attr(&id);
                self.class_attr(&attr.1, &extra);
                self.status_attr(status);
                let inner = self.lang_dir_attrs(attr, ctx);
                self.out.push('>');
                self.inlines(x, &inner);
                self.out.push_str(&format!("</h{n}>\n"));
                self.status_note(status, ctx);
                self.segment_extra(&id, kind);
            }
            Block::Div(_, children) => {
                self.out.push_str("<div");
                self.id_attr(&id);
                self.class_attr(&attr.1, &extra);
                self.status_attr(status);
                let inner = self.lang_dir_attrs(attr, ctx);
                self.out.push_str(">\n");
                if kind == SegmentKind::Reference {
                    self.reference_entry(&id, attr, children, &inner);
                } else {
                    self.blocks(children, &inner);
                }
                self.status_note(status, &inner);
                self.segment_extra(&id, kind);
                self.out.push_str("</div>\n");
            }
            other => self.block(other, ctx),
        }
    }

    fn status_attr(&mut self, status: Option<&str>) {
        if let Some(s) = status {
            self.out.push_str(" data-status=\"");
            push_attr(self.out, s);
            self.out.push('"');
        }
    }

    /// The visible, localized reason a segment is not a current translation.
    fn status_note(&mut self, status: Option<&str>, ctx: &Ctx) {
        let (Some(status), Some(strings)) = (status, self.opts.ui) else {
            return;
        };
        let source = self
            .opts
            .source_lang
            .map(|l| strings.lang_name(l).text())
            .unwrap_or_default();
        let msg = strings.msg(
            &format!("status-{status}"),
            &[("source", crate::i18n::Arg::Text(source))],
        );
        self.out.push_str("<p class=\"status-note\"");
        // The note is in the interface language even inside a stand-in in another language.
        if strings.lang() != &ctx.lang {
            lang_attrs(self.out, strings.lang(), true);
        }
        self.out.push('>');
        ui(&msg, strings.lang(), self.out);
        self.out.push_str("</p>\n");
    }

    fn segment_extra(&mut self, id: &str, kind: SegmentKind) {
        if let Some(f) = self.opts.segment_extra {
            self.out.push_str(&f(id, kind));
        }
    }

    /// A reference entry: its number, its text, and back-links to every citation of it.
    fn reference_entry(&mut self, id: &str, attr: &Attr, children: &[Block], ctx: &Ctx) {
        let number = attr_get(attr, "number").map(str::to_string);
        let backs = match self.opts.cites {
            Some(index) => index.get(id).cloned(),
            None => self
                .own_cites
                .get_or_insert_with(|| citation_index(self.doc))
                .get(id)
                .cloned(),
        }
        .unwrap_or_default();
        let (last, init) = match children.split_last() {
            Some((l @ (Block::Para(_) | Block::Plain(_)), init)) => (Some(l), init),
            _ => (None, children),
        };
        let lead = |w: &mut Self| {
            if let Some(n) = &number {
                w.out.push_str("<span class=\"ref-number\"");
                if ctx.dir == Dir::Rtl {
                    w.out.push_str(" dir=\"ltr\"");
                }
                w.out.push_str(">[");
                push_text(w.out, n);
                w.out.push_str("]</span> ");
            }
        };
        let mut first = true;
        for b in init {
            if first {
                if let Block::Para(x) = b {
                    self.out.push_str("<p>");
                    lead(self);
                    self.inlines(x, ctx);
                    self.out.push_str("</p>\n");
                    first = false;
                    continue;
                }
            }
            self.block(b, ctx);
            first = false;
        }
        let (open, close) = match last {
            Some(Block::Para(_)) => ("<p>", "</p>\n"),
            _ => ("<p class=\"backlinks-only\">", "</p>\n"),
        };
        self.out.push_str(open);
        if first {
            lead(self);
        }
        if let Some(Block::Para(x) | Block::Plain(x)) = last {
            self.inlines(x, ctx);
        }
        if !backs.is_empty() {
            // A no-break space: the arrow never starts a line alone.
            self.out.push_str("\u{a0}<span class=\"backlinks\">");
            let title = self.opts.ui.map(|u| u.text("backlink", &[]));
            let single = backs.len() == 1;
            if !single {
                self.out.push('↑');
            }
            for (i, (cite_id, seg)) in backs.iter().enumerate() {
                if i > 0 || !single {
                    self.out.push(' ');
                }
                self.out.push_str("<a class=\"backlink\"");
                if self.epub {
                    self.out.push_str(" role=\"doc-backlink\"");
                }
                self.out.push_str(" href=\"");
                self.href_to(cite_id, seg);
                self.out.push('"');
                if let Some(t) = &title {
                    self.out.push_str(" title=\"");
                    push_attr(self.out, t);
                    self.out.push('"');
                }
                self.out.push('>');
                if single {
                    self.out.push('↑');
                } else {
                    self.out.push_str(&letters(i));
                }
                self.out.push_str("</a>");
            }
            self.out.push_str("</span>");
        }
        self.out.push_str(close);
    }

    fn inlines(&mut self, inlines: &[Inline], ctx: &Ctx) {
        let mut run = String::new();
        for i in inlines {
            match i {
                Inline::Str(s) => run.push_str(s),
                Inline::Space | Inline::SoftBreak => run.push(' '),
                other => {
                    self.text_run(&run, ctx);
                    run.clear();
                    self.inline(other, ctx);
                }
            }
        }
        self.text_run(&run, ctx);
    }

    /// Plain text, with runs in the other direction isolated in `<bdi dir>`.
    fn text_run(&mut self, text: &str, ctx: &Ctx) {
        let mut pos = 0;
        for run in crate::bidi::runs(text, ctx.dir) {
            push_text(self.out, &text[pos..run.start]);
            self.out.push_str("<bdi dir=\"");
            self.out.push_str(run.dir.as_str());
            self.out.push_str("\">");
            push_text(self.out, &text[run.start..run.end]);
            self.out.push_str("</bdi>");
            pos = run.end;
        }
        push_text(self.out, &text[pos..]);
    }

    fn wrap(&mut self, tag: &str, x: &[Inline], ctx: &Ctx) {
        self.out.push_str(&format!("<{tag}>"));
        self.inlines(x, ctx);
        self.out.push_str(&format!("</{tag}>"));
    }

    fn inline(&mut self, i: &Inline, ctx: &Ctx) {
        if self.depth >= pandoc::MAX_WRITE_DEPTH {
            let text = pandoc::stringify(std::slice::from_ref(i));
            self.text_run(&text, ctx);
            return;
        }
        self.depth += 1;
        self.inline_nested(i, ctx);
        self.depth -= 1;
    }

    fn inline_nested(&mut self, i: &Inline, ctx: &Ctx) {
        match i {
            Inline::Str(s) => self.text_run(s, ctx),
            Inline::Space | Inline::SoftBreak => self.out.push(' '),
            Inline::LineBreak => self.out.push_str("<br/>"),
            Inline::Emph(x) => self.wrap("em", x, ctx),
            Inline::Strong(x) => self.wrap("strong", x, ctx),
            Inline::Underline(x) => self.wrap("u", x, ctx),
            Inline::Strikeout(x) => self.wrap("s", x, ctx),
            Inline::Superscript(x) => self.wrap("sup", x, ctx),
            Inline::Subscript(x) => self.wrap("sub", x, ctx),
            Inline::SmallCaps(x) => {
                self.out.push_str("<span class=\"smallcaps\">");
                self.inlines(x, ctx);
                self.out.push_str("</span>");
            }
            Inline::Quoted(q, x) => {
                let (open, close) = quotes(&ctx.lang, *q);
                self.out.push(open);
                self.inlines(x, ctx);
                self.out.push(close);
            }
            Inline::Cite(cites, x) => self.cite(cites, x, ctx),
            Inline::Code(attr, code) => {
                self.out.push_str("<code");
                self.class_attr(&attr.1, &[]);
                if ctx.dir == Dir::Rtl {
                    self.out.push_str(" dir=\"ltr\"");
                }
                self.out.push('>');
                push_text(self.out, code);
                self.out.push_str("</code>");
            }
            Inline::Math(_, tex) => {
                self.out.push_str("<span class=\"math\" dir=\"ltr\">");
                push_text(self.out, tex);
                self.out.push_str("</span>");
            }
            // Shown as text: a translation cannot inject markup or script.
            Inline::RawInline(_, raw) => self.text_run(raw, ctx),
            Inline::Link(attr, x, (url, title)) => self.link(attr, x, url, title, ctx),
            Inline::Image(attr, alt, (url, title)) => {
                // A link to the image instead of loading it: no request leaves the page.
                self.link(attr, alt, url, title, ctx)
            }
            Inline::Note(blocks) => {
                self.out.push_str("<span class=\"note\">(");
                let mut first = true;
                for b in blocks {
                    if let Block::Para(x) | Block::Plain(x) = b {
                        if !first {
                            self.out.push(' ');
                        }
                        self.inlines(x, ctx);
                        first = false;
                    }
                }
                self.out.push_str(")</span>");
            }
            Inline::Span(attr, x) => {
                self.out.push_str("<span");
                self.id_attr(&attr.0);
                self.class_attr(&attr.1, &[]);
                let inner = self.lang_dir_attrs(attr, ctx);
                self.out.push('>');
                self.inlines(x, &inner);
                self.out.push_str("</span>");
                // The editor's gloss (written in the source language) of a title in another
                // language, for readers of the source.
                if let Some(gloss) = attr_get(attr, "gloss") {
                    if inner.lang != ctx.lang && self.opts.source_lang == Some(&ctx.lang) {
                        self.out.push_str(" <span class=\"gloss\">[");
                        self.text_run(gloss, ctx);
                        self.out.push_str("]</span>");
                    }
                }
            }
        }
    }

    fn cite(&mut self, cites: &[pandoc_ast::Citation], x: &[Inline], ctx: &Ctx) {
        self.k += 1;
        let cite_id = cite_element_id(&self.seg, self.k);
        let Some(first) = cites.first() else {
            self.inlines(x, ctx);
            return;
        };
        self.out.push_str("<a class=\"cite\"");
        self.id_attr(&cite_id);
        if self.epub {
            self.out
                .push_str(" epub:type=\"noteref\" role=\"doc-biblioref\"");
        }
        self.out.push_str(" href=\"");
        let target = first.citationId.clone();
        self.href_to(&target, &target);
        self.out.push('"');
        let inner = self.dir_for(&pandoc::stringify(x), ctx);
        self.out.push('>');
        self.inlines(x, &inner);
        self.out.push_str("</a>");
    }

    /// Adds `dir` when the text's direction differs from the context; returns the inner context.
    fn dir_for(&mut self, text: &str, ctx: &Ctx) -> Ctx {
        let d = first_strong(text)
            .or_else(|| text.chars().any(|c| c.is_ascii_digit()).then_some(Dir::Ltr));
        match d {
            Some(d) if d != ctx.dir => {
                self.out.push_str(" dir=\"");
                self.out.push_str(d.as_str());
                self.out.push('"');
                ctx.with_dir(d)
            }
            _ => ctx.clone(),
        }
    }

    fn link(&mut self, attr: &Attr, x: &[Inline], url: &str, title: &str, ctx: &Ctx) {
        let href = safe_href(url);
        let tag = if href.is_some() { "a" } else { "span" };
        self.out.push('<');
        self.out.push_str(tag);
        self.id_attr(&attr.0);
        self.class_attr(&attr.1, &[]);
        if let Some(h) = href {
            self.out.push_str(" href=\"");
            if let Some(frag) = h.strip_prefix('#') {
                let frag = frag.to_string();
                self.href_to(&frag, &frag);
            } else {
                push_attr(self.out, &h);
            }
            self.out.push('"');
        }
        if !title.is_empty() {
            self.out.push_str(" title=\"");
            push_attr(self.out, title);
            self.out.push('"');
        }
        let text = pandoc::stringify(x);
        let inner = if attr_get(attr, "lang").is_some() || attr_get(attr, "dir").is_some() {
            self.lang_dir_attrs(attr, ctx)
        } else {
            self.dir_for(&text, ctx)
        };
        self.out.push('>');
        if x.is_empty() {
            self.text_run(url, &inner);
        } else {
            self.inlines(x, &inner);
        }
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }
}

/// `a`, `b`, … `z`, `aa`, … for the back-links of an entry cited several times.
fn letters(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ascii")
}

/// Quotation marks for a `Quoted` inline in a language.
fn quotes(lang: &Lang, q: QuoteType) -> (char, char) {
    let double = matches!(q, QuoteType::DoubleQuote);
    match (lang.primary(), double) {
        ("ru" | "uk" | "be" | "fr" | "ar" | "fa" | "el" | "es" | "it", true) => ('«', '»'),
        ("ru" | "uk" | "be", false) => ('„', '“'),
        ("de" | "cs" | "sk" | "bg", true) => ('„', '“'),
        ("de" | "cs" | "sk" | "bg", false) => ('‚', '‘'),
        ("ar" | "fa", false) => ('‹', '›'),
        (_, true) => ('“', '”'),
        (_, false) => ('‘', '’'),
    }
}

/// `href` for a link target, or `None` for schemes that could run code (`javascript:`, `data:`, …).
fn safe_href(url: &str) -> Option<String> {
    // Browsers ignore ASCII whitespace and controls inside a scheme (`java\tscript:`).
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect();
    if squeezed.is_empty() {
        return None;
    }
    let scheme_end = squeezed.find(':');
    let path_start = squeezed.find(['/', '?', '#']).unwrap_or(squeezed.len());
    match scheme_end {
        Some(i) if i < path_start => {
            let scheme = squeezed[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto" | "ftp")
                .then(|| url.trim().to_string())
        }
        _ => Some(url.trim().to_string()),
    }
}

pub use crate::bidi::first_strong;

#[cfg(test)]
mod tests;

/// Issue 12: the serializer must not recurse without bound, whatever the AST.
#[cfg(test)]
mod issue_12_depth {
    use super::*;

    /// `n` levels of emphasis in spans around `x`, with a citation at the bottom.
    fn nested(n: usize) -> Vec<Inline> {
        let mut x = vec![Inline::Str("x".into())];
        for k in 0..n {
            x = vec![if k % 2 == 0 {
                Inline::Emph(x)
            } else {
                Inline::Span(("".into(), vec![], vec![]), x)
            }];
        }
        x
    }

    /// Past `MAX_WRITE_DEPTH` levels the rest is written as text: no stack overflow on the 2 MiB
    /// test thread, the text kept, the elements balanced.
    #[test]
    fn issue_12_content_past_the_write_depth_is_written_as_text() {
        let n = pandoc::MAX_WRITE_DEPTH + 300;
        let mut ast = pandoc::new_doc();
        ast.blocks = vec![Block::Para(nested(n))];
        let d = Document {
            lang: Lang::parse("en").unwrap(),
            ast,
        };
        let mut s = String::new();
        blocks(&d, &d.ast.blocks, &XhtmlOptions::default(), &mut s);
        assert!(s.contains('x'));
        let opened = s.matches("<em>").count();
        assert_eq!(opened, s.matches("</em>").count());
        assert!(opened < pandoc::MAX_WRITE_DEPTH / 2 + 1, "{opened}");
        assert!(opened > pandoc::MAX_DEPTH / 2, "{opened}");
    }
}
