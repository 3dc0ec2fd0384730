//! Pandoc AST helpers: JSON read/write with an API-version check, text runs, segment walking, metadata.
//!
//! The segment contract every stage and exporter relies on (see `lib.rs`):
//! - title: `Header 1 ("title", ["title"], [fingerprint])`
//! - heading: `Header n (id, [], [fingerprint])`, n from 1 to 6: its level, from its numbering or the
//!   document's default (2) (class `references-heading` for the references heading)
//! - paragraph: `Div (id, ["paragraph"], [fingerprint]) [Para]`
//! - pull quote: `Div (id, ["pull-quote"], [fingerprint]) [BlockQuote [Para]]`
//! - reference entry: `Div (ref-N, ["csl-entry"], [fingerprint, number]) [Para]`, inside
//!   `Div ("refs", ["references"], [])`
//! - code block (structured sources): `Div (codeN, ["code"], [fingerprint]) [CodeBlock]`
//! - footnote: `Div (fnN, ["footnote"], [fingerprint, number]) [Para]`, inside
//!   `Div ("footnotes", ["footnotes"], [])`; its marker in the text is
//!   `Superscript [Link ("", ["footnote-ref"], []) [Str N] ("#fnN", "")]`
//! - lists, tables, block quotes and figures of structured sources are containers whose leaves
//!   (list item and cell paragraphs, captions) are paragraph segments (see [`containers`]).
//!
//! A segment's key-value attributes may also carry `status` (`stale`, `untranslated`) and `lang`
//! (when its text is in another language than the document, e.g. an untranslated stand-in).

pub mod cites;
pub mod containers;
pub mod footnotes;
pub mod table;

use crate::diag::Diagnostic;
use crate::model::{SegmentInfo, SegmentKind, Status};
use pandoc_ast::{Attr, Block, Inline, MetaValue, Pandoc};

/// The pandoc API version stele writes (pandoc 3.x, pandoc-types 1.23).
pub const API_VERSION: [u32; 4] = [1, 23, 1, 1];

/// The deepest nesting of inline markup (spans, links, emphasis) stele reads from a translation:
/// deeper markup is an error (`nesting`), so every walker of the AST sees a bounded tree.
pub const MAX_DEPTH: usize = 256;

/// The deepest nesting (blocks and inlines together) the writers and walkers descend into: the
/// readers' bound plus room for what stele wraps around a segment. Deeper content is written as
/// its plain text, never by recursing further.
pub const MAX_WRITE_DEPTH: usize = 2 * MAX_DEPTH;

pub const FINGERPRINT_KEY: &str = "fingerprint";
pub const STATUS_KEY: &str = "status";

/// Whether a `status` value marks a segment that is not a current translation (exporters label
/// it): `stale` (an outdated translation shown), `untranslated` (the source stands in for a
/// missing one), `stale-source` (the source stands in for an outdated one).
pub fn is_marked_status(s: &str) -> bool {
    Status::parse(s).is_some_and(is_marked)
}

/// [`is_marked_status`] of a [`Status`]: the statuses a document's segment can be marked with.
pub fn is_marked(s: Status) -> bool {
    s == Status::Stale || s.shows_source()
}
/// The class of a sentence span inside a segment (issue 19): `Span(("p12.s3", ["sentence"], …))`.
pub const SENTENCE_CLASS: &str = "sentence";
/// A translated sentence's source sentences, space-separated (`counterpart="p12.s2 p12.s3"`).
pub const COUNTERPART_KEY: &str = "counterpart";

/// Serializes an AST exactly as pandoc 3 does: `pandoc-api-version`, `meta`, `blocks`, compact,
/// ending in a newline (so `pandoc -f json -t json` gives back the same bytes).
pub fn to_json(doc: &Pandoc) -> String {
    // Written into one buffer: serializing the blocks to a string of their own and formatting
    // it into the document held a book's JSON (six times its text) twice (issue 12).
    let mut out = Vec::new();
    write_json(doc, &mut out).expect("writing to a vector never fails");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// [`to_json`] into a writer (a hasher needs no copy of the JSON at all).
pub fn write_json(doc: &Pandoc, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let v = &doc.pandoc_api_version;
    let version = v.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    write!(out, "{{\"pandoc-api-version\":[{version}],\"meta\":")?;
    serde_json::to_writer(&mut *out, &doc.meta)?;
    out.write_all(b",\"blocks\":")?;
    serde_json::to_writer(&mut *out, &doc.blocks)?;
    out.write_all(b"}\n")
}

/// Reads pandoc JSON, refusing other API major.minor versions than 1.23 with a diagnostic.
/// Nesting is bounded by serde_json's recursion limit (128 JSON levels, about 40 levels of
/// Pandoc inlines): deeper JSON is a `pandoc-json` error, never a stack overflow (issue 12).
pub fn from_json(json: &str) -> Result<Pandoc, Diagnostic> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        Diagnostic::error("pandoc-json", format!("not valid JSON: {e}"))
            .at(e.line() as u32, e.column() as u32)
    })?;
    let version: Vec<u64> = value
        .get("pandoc-api-version")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|x| x.as_u64()).collect())
        .unwrap_or_default();
    if version.len() < 2 || version[0] != 1 || version[1] != 23 {
        return Err(Diagnostic::error(
            "pandoc-api-version",
            format!("pandoc api version {version:?} is not supported (expected 1.23.x)"),
        )
        .hint("use pandoc 3.x (pip install pypandoc_binary), whose JSON is api 1.23"));
    }
    serde_json::from_value(value).map_err(|e| {
        Diagnostic::error("pandoc-json", format!("not a pandoc document: {e}"))
            .hint("the file must be pandoc's JSON (pandoc -t json)")
    })
}

/// A new empty document with stele's API version.
pub fn new_doc() -> Pandoc {
    Pandoc {
        meta: Default::default(),
        blocks: Vec::new(),
        pandoc_api_version: API_VERSION.to_vec(),
    }
}

/// Splits text into `Str` and `Space` as pandoc's readers do: a `Str` never holds a space.
/// Runs of whitespace (including newlines) become one `Space`; U+00A0 stays inside words.
pub fn text_inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    push_words(&mut out, text);
    fit(&mut out);
    out
}

/// Like [`text_inlines`] but keeps a leading and a trailing `Space` for whitespace at the edges,
/// for a chunk of text that sits between other inlines.
pub fn text_inlines_edges(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let is_ws = |c: char| c.is_whitespace() && c != '\u{a0}';
    if text.starts_with(is_ws) {
        out.push(Inline::Space);
    }
    // Appended in place: a paragraph's inlines are built once, not copied (issue 12).
    push_words(&mut out, text);
    if text.ends_with(is_ws) && !out.is_empty() && out.last() != Some(&Inline::Space) {
        out.push(Inline::Space);
    }
    fit(&mut out);
    out
}

/// Appends the words of `text` with a `Space` between each two (see [`text_inlines`]).
fn push_words(out: &mut Vec<Inline>, text: &str) {
    let mut word = String::new();
    let mut pending_space = false;
    let mut any = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !word.is_empty() {
                out.push(Inline::Str(std::mem::take(&mut word)));
                any = true;
            }
            pending_space = true;
        } else {
            if pending_space && any {
                out.push(Inline::Space);
            }
            pending_space = false;
            word.push(c);
        }
    }
    if !word.is_empty() {
        out.push(Inline::Str(word));
    }
}

/// Gives back the room a long vector grew into (up to as much again as it holds; an inline is
/// about 150 bytes, a 20 MB paragraph has 7 million of them: issue 12).
fn fit(inlines: &mut Vec<Inline>) {
    if inlines.capacity() > 1024 {
        inlines.shrink_to_fit();
    }
}

/// Removes leading and trailing `Space`s (a paragraph's inlines never start or end with one).
pub fn trim_spaces(inlines: &mut Vec<Inline>) {
    while inlines.first() == Some(&Inline::Space) {
        inlines.remove(0);
    }
    while inlines.last() == Some(&Inline::Space) {
        inlines.pop();
    }
}

/// Appends inlines, merging adjacent `Str`s so the result is what a pandoc reader would give.
pub fn push_inlines(into: &mut Vec<Inline>, more: Vec<Inline>) {
    if into.is_empty() {
        // Taken as it is, merged in place: a paragraph's inlines are not copied (issue 12).
        *into = more;
        into.dedup_by(|later, earlier| match (earlier, later) {
            (Inline::Str(a), Inline::Str(b)) => {
                a.push_str(b);
                true
            }
            (Inline::Space, Inline::Space) => true,
            _ => false,
        });
        return;
    }
    into.reserve(more.len());
    for inline in more {
        match (into.last_mut(), inline) {
            (Some(Inline::Str(a)), Inline::Str(b)) => a.push_str(&b),
            (Some(Inline::Space), Inline::Space) => {}
            (_, other) => into.push(other),
        }
    }
}

/// The inline content of a container inline (emphasis, span, quote, link, image, citation), for
/// walkers that treat every container alike; `None` for leaves (and for notes, which hold blocks).
pub fn inline_children(inline: &Inline) -> Option<&[Inline]> {
    match inline {
        Inline::Emph(x)
        | Inline::Underline(x)
        | Inline::Strong(x)
        | Inline::Strikeout(x)
        | Inline::Superscript(x)
        | Inline::Subscript(x)
        | Inline::SmallCaps(x)
        | Inline::Quoted(_, x)
        | Inline::Span(_, x)
        | Inline::Link(_, x, _)
        | Inline::Image(_, x, _)
        | Inline::Cite(_, x) => Some(x),
        _ => None,
    }
}

/// The plain text of inlines (citations and links by their visible text, notes left out).
pub fn stringify(inlines: &[Inline]) -> String {
    let mut s = String::new();
    stringify_into(inlines, &mut s);
    s
}

/// Iterative (an explicit stack, not recursion), so no nesting depth can overflow the stack: the
/// writers fall back to it for content nested deeper than [`MAX_WRITE_DEPTH`] (issue 12).
fn stringify_into(inlines: &[Inline], s: &mut String) {
    enum Item<'a> {
        Inlines(&'a [Inline]),
        Close(char),
    }
    let mut stack = vec![Item::Inlines(inlines)];
    while let Some(item) = stack.pop() {
        let xs = match item {
            Item::Close(c) => {
                s.push(c);
                continue;
            }
            Item::Inlines(xs) => xs,
        };
        let Some((inline, rest)) = xs.split_first() else {
            continue;
        };
        stack.push(Item::Inlines(rest));
        match inline {
            Inline::Str(t) => s.push_str(t),
            Inline::Space | Inline::SoftBreak | Inline::LineBreak => s.push(' '),
            Inline::Quoted(q, x) => {
                let (open, close) = match q {
                    pandoc_ast::QuoteType::SingleQuote => ('‘', '’'),
                    pandoc_ast::QuoteType::DoubleQuote => ('“', '”'),
                };
                s.push(open);
                stack.push(Item::Close(close));
                stack.push(Item::Inlines(x));
            }
            Inline::Code(_, t) | Inline::Math(_, t) => s.push_str(t),
            other => {
                if let Some(x) = inline_children(other) {
                    stack.push(Item::Inlines(x));
                }
            }
        }
    }
}

/// The plain text of blocks, paragraphs joined by a space.
/// Iterative, as [`stringify`].
pub fn stringify_blocks(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    // Blocks still to read, in reverse document order (a quote's or div's blocks take its place).
    let mut stack: Vec<&Block> = blocks.iter().rev().collect();
    while let Some(b) = stack.pop() {
        match b {
            Block::Plain(x) | Block::Para(x) | Block::Header(_, _, x) => parts.push(stringify(x)),
            Block::BlockQuote(x) | Block::Div(_, x) => stack.extend(x.iter().rev()),
            Block::LineBlock(lines) => {
                parts.extend(lines.iter().map(|l| stringify(l)));
            }
            _ => {}
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

/// A key-value attribute's value.
pub fn attr_get<'a>(attr: &'a Attr, key: &str) -> Option<&'a str> {
    attr.2
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Sets (or replaces) a key-value attribute.
pub fn attr_set(attr: &mut Attr, key: &str, value: impl Into<String>) {
    let value = value.into();
    if let Some(kv) = attr.2.iter_mut().find(|(k, _)| k == key) {
        kv.1 = value;
    } else {
        attr.2.push((key.to_string(), value));
    }
}

/// The ID of sentence `k` (0-based) of segment `seg`: `p12.s1` (the segment contract of
/// sentence spans, issue 19: written by `align::sentences`, read by the exporters).
pub fn sentence_id(seg: &str, k: usize) -> String {
    format!("{seg}.s{}", k + 1)
}

/// The segment kind a block's attributes declare, if the block is a segment.
pub fn segment_kind(block: &Block) -> Option<(SegmentKind, &Attr)> {
    let (attr, kind) = match block {
        Block::Header(_, attr, _) if attr.1.iter().any(|c| c == "title") => {
            (attr, SegmentKind::Title)
        }
        Block::Header(_, attr, _) => (attr, SegmentKind::Heading),
        Block::Div(attr, _) => {
            let has = |c: &str| attr.1.iter().any(|x| x == c);
            let kind = if has("paragraph") {
                SegmentKind::Paragraph
            } else if has("pull-quote") {
                SegmentKind::PullQuote
            } else if has("csl-entry") {
                SegmentKind::Reference
            } else if has("code") {
                SegmentKind::Code
            } else if has("footnote") {
                SegmentKind::Footnote
            } else {
                return None;
            };
            (attr, kind)
        }
        _ => return None,
    };
    if attr.0.is_empty() || attr_get(attr, FINGERPRINT_KEY).is_none() {
        return None;
    }
    Some((kind, attr))
}

/// The text content of a segment block.
pub fn segment_text(block: &Block) -> String {
    match block {
        Block::Header(_, _, x) => stringify(x),
        Block::Div(_, x) => stringify_blocks(x),
        _ => String::new(),
    }
}

/// Every segment of a document, in document order.
impl crate::model::Document {
    /// The segments of this document's AST, in order.
    pub fn segments(&self) -> Vec<SegmentInfo> {
        segments(&self.ast)
    }
    /// The document's title (metadata `title`), as text.
    pub fn title(&self) -> String {
        meta_text(&self.ast, "title").unwrap_or_default()
    }
}

pub fn segments(doc: &Pandoc) -> Vec<SegmentInfo> {
    let mut out = Vec::new();
    walk_segments(&doc.blocks, &mut |block, kind, attr| {
        let status = match attr_get(attr, STATUS_KEY).and_then(Status::parse) {
            Some(s) if is_marked(s) => s,
            _ => Status::Current,
        };
        out.push(SegmentInfo {
            id: attr.0.clone(),
            kind,
            fingerprint: attr_get(attr, FINGERPRINT_KEY)
                .unwrap_or_default()
                .to_string(),
            status,
            text: segment_text(block),
        });
    });
    out
}

/// Calls `f` on every segment block, descending into non-segment Divs (e.g. the references list).
/// Segments nested deeper than [`MAX_WRITE_DEPTH`] blocks are not visited (issue 12).
pub fn walk_segments<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block, SegmentKind, &'a Attr)) {
    walk_segments_at(blocks, f, 0)
}

fn walk_segments_at<'a>(
    blocks: &'a [Block],
    f: &mut dyn FnMut(&'a Block, SegmentKind, &'a Attr),
    depth: usize,
) {
    if depth >= MAX_WRITE_DEPTH {
        return;
    }
    for block in blocks {
        if let Some((kind, attr)) = segment_kind(block) {
            f(block, kind, attr);
        } else {
            for inner in containers::children(block) {
                walk_segments_at(inner, f, depth + 1);
            }
        }
    }
}

/// The top (smallest) level of the document's headings, the title aside; `None` without headings.
pub fn top_heading_level(blocks: &[Block]) -> Option<i64> {
    let mut top: Option<i64> = None;
    walk_segments(blocks, &mut |b, kind, _| {
        if let (SegmentKind::Heading, Block::Header(level, _, _)) = (kind, b) {
            top = Some(top.map_or(*level, |t| t.min(*level)));
        }
    });
    top
}

/// How far the exporters move heading levels so the top level present sits right under the
/// title: `<h2>` in HTML (the title is the one `<h1>`), the first outline level in a PDF.
/// 0 for a document whose headings start at level 2.
pub fn heading_shift(blocks: &[Block]) -> i64 {
    top_heading_level(blocks).map_or(0, |t| 2 - t)
}

/// Mutable variant of [`walk_segments`].
pub fn walk_segments_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block, SegmentKind)) {
    walk_segments_mut_at(blocks, f, 0)
}

fn walk_segments_mut_at(
    blocks: &mut [Block],
    f: &mut dyn FnMut(&mut Block, SegmentKind),
    depth: usize,
) {
    if depth >= MAX_WRITE_DEPTH {
        return;
    }
    for block in blocks {
        if let Some((kind, _)) = segment_kind(block) {
            f(block, kind);
        } else {
            for inner in containers::children_mut(block) {
                walk_segments_mut_at(inner, f, depth + 1);
            }
        }
    }
}

/// A metadata field as plain text.
pub fn meta_text(doc: &Pandoc, key: &str) -> Option<String> {
    doc.meta.get(key).map(meta_value_text)
}

pub fn meta_value_text(v: &MetaValue) -> String {
    match v {
        MetaValue::MetaString(s) => s.clone(),
        MetaValue::MetaInlines(x) => stringify(x),
        MetaValue::MetaBlocks(b) => stringify_blocks(b),
        MetaValue::MetaBool(b) => b.to_string(),
        MetaValue::MetaList(l) => l.iter().map(meta_value_text).collect::<Vec<_>>().join(", "),
        MetaValue::MetaMap(_) => String::new(),
    }
}

/// `MetaInlines` from plain text.
pub fn meta_inlines(text: &str) -> MetaValue {
    MetaValue::MetaInlines(text_inlines(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_never_contains_a_space() {
        let x = text_inlines("  a  b\tc\n d\u{a0}e ");
        assert_eq!(
            x,
            vec![
                Inline::Str("a".into()),
                Inline::Space,
                Inline::Str("b".into()),
                Inline::Space,
                Inline::Str("c".into()),
                Inline::Space,
                Inline::Str("d\u{a0}e".into()),
            ]
        );
    }

    #[test]
    fn push_inlines_merges_alike_neighbours_into_an_empty_vector_too_issue_12() {
        let more = || {
            vec![
                Inline::Space,
                Inline::Str("a".into()),
                Inline::Str("b".into()),
                Inline::Space,
                Inline::Space,
                Inline::Emph(vec![]),
                Inline::Str("c".into()),
            ]
        };
        let mut empty = Vec::new();
        push_inlines(&mut empty, more());
        let mut after = vec![Inline::LineBreak];
        push_inlines(&mut after, more());
        assert_eq!(after[0], Inline::LineBreak);
        assert_eq!(empty, after[1..]);
        assert_eq!(
            empty,
            vec![
                Inline::Space,
                Inline::Str("ab".into()),
                Inline::Space,
                Inline::Emph(vec![]),
                Inline::Str("c".into()),
            ]
        );
    }

    #[test]
    fn text_inlines_edges_keeps_one_space_at_each_edge_issue_12() {
        let x = text_inlines_edges("  a b  ");
        assert_eq!(
            x,
            vec![
                Inline::Space,
                Inline::Str("a".into()),
                Inline::Space,
                Inline::Str("b".into()),
                Inline::Space,
            ]
        );
        assert_eq!(text_inlines_edges(" "), vec![Inline::Space]);
        assert_eq!(text_inlines_edges(""), vec![]);
        let long = "word ".repeat(5000);
        let x = text_inlines_edges(&long);
        assert_eq!(x.len(), 10_000);
        assert!(x.capacity() < 10_100, "room left: {}", x.capacity());
    }

    #[test]
    fn write_json_gives_the_bytes_of_to_json_issue_12() {
        let mut doc = new_doc();
        doc.blocks
            .push(Block::Para(text_inlines("hello \"world\"")));
        let mut w = Vec::new();
        write_json(&doc, &mut w).unwrap();
        assert_eq!(String::from_utf8(w).unwrap(), to_json(&doc));
        assert!(to_json(&doc).ends_with("]}\n"));
    }

    #[test]
    fn json_round_trips_and_checks_the_version() {
        let mut doc = new_doc();
        doc.blocks.push(Block::Para(text_inlines("hello world")));
        let json = to_json(&doc);
        assert!(json.starts_with("{\"pandoc-api-version\":[1,23,1,1],\"meta\":{},\"blocks\":"));
        assert_eq!(from_json(&json).unwrap(), doc);
        let old = json.replace("[1,23,1,1]", "[1,22,2,1]");
        assert_eq!(from_json(&old).unwrap_err().code, "pandoc-api-version");
        assert_eq!(from_json("{").unwrap_err().code, "pandoc-json");
    }
}

/// Issue 12: walkers and the JSON reader on deeply nested input.
#[cfg(test)]
mod issue_12_depth {
    use super::*;

    /// Takes a deep chain apart one level at a time (dropping it whole would recurse).
    fn dismantle(mut x: Vec<Inline>) {
        while let Some(Inline::Emph(inner) | Inline::Quoted(_, inner)) = x.pop() {
            x = inner;
        }
    }

    /// `stringify` is iterative: 100,000 levels on the 2 MiB test thread.
    #[test]
    fn issue_12_stringify_does_not_recurse() {
        let mut x = vec![Inline::Str("x".into())];
        for k in 0..100_000 {
            x = vec![if k % 50_000 == 0 {
                Inline::Quoted(pandoc_ast::QuoteType::DoubleQuote, x)
            } else {
                Inline::Emph(x)
            }];
        }
        assert_eq!(stringify(&x), "““x””");
        let blocks: Vec<Block> = (0..3)
            .map(|k| {
                Block::Div(
                    Default::default(),
                    vec![Block::BlockQuote(vec![Block::Para(text_inlines(
                        &format!("p{k}"),
                    ))])],
                )
            })
            .collect();
        assert_eq!(stringify_blocks(&blocks), "p0 p1 p2");
        dismantle(x);
    }

    /// JSON deeper than serde_json's recursion limit is a `pandoc-json` diagnostic, not a crash;
    /// nesting within the limit is read.
    #[test]
    fn issue_12_deep_json_is_an_error_and_allowed_nesting_is_read() {
        let wrap = |n: usize| {
            let mut inl = r#"{"t":"Str","c":"x"}"#.to_string();
            for _ in 0..n {
                inl = format!(r#"{{"t":"Emph","c":[{inl}]}}"#);
            }
            format!(
                r#"{{"pandoc-api-version":[1,23,1,1],"meta":{{}},"blocks":[{{"t":"Para","c":[{inl}]}}]}}"#
            )
        };
        let doc = from_json(&wrap(40)).unwrap();
        assert_eq!(
            segment_text(&Block::Div(Default::default(), doc.blocks)),
            "x"
        );
        for n in [100, 10_000] {
            assert_eq!(from_json(&wrap(n)).unwrap_err().code, "pandoc-json", "{n}");
        }
        let brackets = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(from_json(&brackets).unwrap_err().code, "pandoc-json");
    }
}
