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
//!   (prefixed with [`XhtmlOptions::id_prefix`]); a segment whose `status` is `stale`,
//!   `untranslated` or `stale-source` gets the class `status-<status>`, `data-status` and a visible, localized note
//!   with the reason; a stand-in in another language (`lang` kv) gets `lang` and `dir`.
//! - Direction: text is isolated against its context with attributes, never CSS. A `Span` with a
//!   `lang` kv gets `lang` and `dir` (an element with `dir` is a bidi isolate). Inside
//!   right-to-left text, runs of left-to-right letters and numbers (with their `%`, `[ ]`, internal
//!   `.,:/-`) become `<bdi dir="ltr">`; inside left-to-right text, right-to-left runs become
//!   `<bdi dir="rtl">`. Links, code and citation markers whose direction differs get `dir`.
//! - Citations: a `Cite` becomes `<a class="cite" id="cite-SEG-K" href="#ref-N">` (K counts the
//!   citations of segment SEG from 1: [`crate::model::cite_id`], the PDF's labels too); each
//!   reference entry shows its number and back-links to every citation of it, in document order.
//! - Footnotes (structured sources): the marker is a `role="doc-noteref"` link, the note a
//!   `role="doc-footnote"` div whose text ends with a `role="doc-backlink"` link to the marker
//!   (EPUB adds `epub:type` `noteref`/`footnote`); no back-link when no text holds the marker.
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
    /// The document's citation index ([`crate::model::Edition::citations`]: citation IDs and
    /// back-links are the same in every format); `None`: built when a reference entry needs it
    /// ([`pandoc::cites::index`], a walk of the whole AST).
    pub cites: Option<&'a CitationIndex>,
    /// Added to every heading's level but the title's (see [`pandoc::heading_shift`]): the
    /// document's top heading level is written `<h2>`, under the title's `<h1>`.
    pub heading_shift: i64,
    /// The edition's images (issue 16): a local image target found here is written as
    /// `<img src="media/<name>">` (the page and the files share a directory); others by their
    /// description.
    pub media: Option<&'a crate::media::MediaSet>,
}

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
/// `epub:type="biblioref"` and its matching `role="doc-biblioref"`, back-links
/// `role="doc-backlink"` (entries need no type of their own: SSV deprecates `biblioentry`; the
/// enclosing `bibliography` section says it). The document must declare the `epub` namespace on `<html>`.
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
    /// Where each footnote is referenced ([`pandoc::footnotes::owners`], computed on first need).
    own_notes: Option<BTreeMap<String, String>>,
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
            own_notes: None,
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

pub use crate::bidi::first_strong;

mod blocks;
mod escape;
mod inlines;

pub use crate::model::CitationIndex;
use escape::safe_href;
pub use escape::{escape_attr, escape_text, push_attr, push_text};

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
