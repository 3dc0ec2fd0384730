//! `source = "*.md"`: CommonMark read with `pulldown-cmark` (tables and footnotes on) into raw
//! Pandoc blocks, before segments and IDs (see [`super`]). Inline content is read by the same
//! reader as the translation files ([`crate::align::markdown`]), so `[text]{lang=ru}` spans,
//! `*emphasis*`, links and script tagging mean the same on both sides; a footnote reference
//! becomes a `Note` holding its definition.
//!
//! Fenced divs (`::: {.note}` … `:::`) are marked before CommonMark reads the text
//! ([`super::divs`]) and become `Div` containers; inline code becomes `Code` inlines (held out of
//! the inline reader as placeholders, so its text is never read as markup).
//!
//! Every leaf block comes wrapped in `Div ("", ["stele-line"], [("line", N)])` so that the
//! segment builder can name the source line; the builder removes the wrapper.

use crate::align::markdown as inline_md;
use crate::diag::Diagnostic;
use crate::normalize::inline::ScriptTagging;
use pandoc_ast::{Alignment, Block, Inline, ListNumberDelim, ListNumberStyle};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::path::Path;

/// The class of the line-carrying wrapper Div.
pub const LINE_CLASS: &str = "stele-line";
/// The placeholder of inline code `N` in the text given to the inline reader: `\u{FDD0}N\u{FDD1}`
/// (noncharacters, which a source cannot hold: text cleanup removes them).
const CODE_OPEN: char = '\u{FDD0}';
const CODE_CLOSE: char = '\u{FDD1}';
/// The class of the placeholder span a footnote reference is read into before notes resolve.
const FNREF_CLASS: &str = "stele-fnref";

/// Reads a Markdown text into raw blocks; errors name the construct and its line.
pub fn read(text: &str, file: &Path, tagging: &ScriptTagging) -> (Vec<Block>, Vec<Diagnostic>) {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |off: usize| starts.partition_point(|&s| s <= off) as u32;
    let marked = super::divs::mark(text, file);
    let mut r = Reader {
        file,
        tagging,
        diags: marked.diags,
        divs: marked.attrs,
        codes: Vec::new(),
        stack: vec![Frame::Blocks(Vec::new())],
        notes: BTreeMap::new(),
        line: 1,
        escaped: false,
    };
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    for (ev, range) in Parser::new_ext(&marked.text, opts).into_offset_iter() {
        r.line = line_of(range.start);
        // `\[3]` is literal brackets, never a citation (CommonMark drops the backslash).
        let before = &marked.text[..range.start];
        r.escaped = marked.text[range.start..].starts_with("\\[")
            || marked.text[range.start..].starts_with('[')
                && before.ends_with('\\')
                && !before.ends_with("\\\\");
        r.event(ev);
    }
    let mut blocks = match r.stack.pop() {
        Some(Frame::Blocks(b)) => b,
        _ => Vec::new(),
    };
    let notes = std::mem::take(&mut r.notes);
    resolve_notes(&mut blocks, &notes, &mut r, 0);
    (blocks, r.diags)
}

enum Frame {
    /// Blocks of the document, a block quote, a list item or a footnote definition.
    Blocks(Vec<Block>),
    Quote(Vec<Block>),
    Item(Vec<Block>),
    Note(String, Vec<Block>),
    List(Option<u64>, Vec<Vec<Block>>),
    /// Inline Markdown being collected: a paragraph (`None`), a heading, a table cell, or the
    /// implicit paragraph of a tight list item; links' targets; an image alone in it.
    Inline {
        level: Option<i64>,
        md: String,
        links: Vec<String>,
        image: Option<(String, String, String)>,
        in_image: bool,
        implicit: bool,
        line: u32,
    },
    Code(String, String, u32),
    Table(Vec<Alignment>, Vec<Vec<Block>>, Vec<Vec<Vec<Block>>>),
    Row(Vec<Vec<Block>>),
    /// An HTML block being read (a fenced div's marker, else an error) and its line.
    Html(String, u32),
    /// A fenced div's attributes and blocks.
    Div(pandoc_ast::Attr, Vec<Block>),
}

struct Reader<'a> {
    file: &'a Path,
    tagging: &'a ScriptTagging,
    diags: Vec<Diagnostic>,
    stack: Vec<Frame>,
    notes: BTreeMap<String, Vec<Block>>,
    line: u32,
    /// The attributes of each fenced div, by marker number.
    divs: Vec<pandoc_ast::Attr>,
    /// Inline code, by placeholder number.
    codes: Vec<String>,
    /// The current text event was written `\[` in the source.
    escaped: bool,
}

impl Reader<'_> {
    fn unsupported(&mut self, what: &str, hint: &str) {
        self.diags.push(
            Diagnostic::error(
                "source-construct",
                format!("{what} cannot be carried by stele"),
            )
            .file(self.file)
            .line(self.line)
            .hint(hint.to_string()),
        );
    }

    fn push_block(&mut self, b: Block) {
        if let Some(
            Frame::Blocks(v)
            | Frame::Quote(v)
            | Frame::Item(v)
            | Frame::Note(_, v)
            | Frame::Div(_, v),
        ) = self.stack.last_mut()
        {
            v.push(b)
        }
    }

    fn open_inline(&mut self, level: Option<i64>, implicit: bool) {
        self.stack.push(Frame::Inline {
            level,
            md: String::new(),
            links: Vec::new(),
            image: None,
            in_image: false,
            implicit,
            line: self.line,
        });
    }

    /// Closes the implicit paragraph of a tight list item before a block starts or the item ends.
    fn close_implicit(&mut self) {
        if matches!(
            self.stack.last(),
            Some(Frame::Inline { implicit: true, .. })
        ) {
            let b = self.close_inline();
            if let Some(b) = b {
                self.push_block(b);
            }
        }
    }

    /// The inline text collected so far, read into a paragraph or heading (wrapped with its line).
    fn close_inline(&mut self) -> Option<Block> {
        let Some(Frame::Inline {
            level,
            md,
            image,
            line,
            ..
        }) = self.stack.pop()
        else {
            return None;
        };
        let block = if let Some((url, title, alt)) = image {
            if !md.trim().is_empty() {
                self.line = line;
                self.unsupported(
                    "an image inside a paragraph of text",
                    "put the image in a paragraph of its own (its text is its description)",
                );
                return None;
            }
            let alt = self.parse(&alt);
            let img = Inline::Image((String::new(), vec![], vec![]), alt, (url, title));
            Block::Para(vec![img])
        } else {
            let x = self.parse(&md);
            if x.is_empty() {
                return None;
            }
            match level {
                Some(l) => Block::Header(l, (String::new(), vec![], vec![]), x),
                None => Block::Para(x),
            }
        };
        Some(with_line(block, line))
    }

    fn parse(&mut self, md: &str) -> Vec<Inline> {
        let (x, problems) = inline_md::parse(md.trim(), self.tagging);
        let x = restore_code(x, &self.codes);
        for p in problems {
            self.diags.push(
                Diagnostic::warning("source-markup", p.to_string())
                    .file(self.file)
                    .line(self.line),
            );
        }
        x
    }

    fn inline_text(&mut self, s: &str) {
        if let Some(Frame::Inline {
            md,
            image,
            in_image,
            ..
        }) = self.stack.last_mut()
        {
            match (in_image, image) {
                (true, Some((_, _, alt))) => alt.push_str(s),
                _ => md.push_str(s),
            }
        }
    }

    fn ensure_inline(&mut self) {
        if matches!(self.stack.last(), Some(Frame::Item(_))) {
            self.open_inline(None, true);
        }
    }

    fn event(&mut self, ev: Event) {
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if let Some(Frame::Code(_, code, _)) = self.stack.last_mut() {
                    code.push_str(&t);
                } else if let Some(Frame::Html(h, _)) = self.stack.last_mut() {
                    h.push_str(&t);
                } else {
                    self.ensure_inline();
                    if self.escaped {
                        self.inline_text("\\");
                    }
                    self.inline_text(&escape(&t));
                }
            }
            Event::Code(c) => {
                self.ensure_inline();
                let n = self.codes.len();
                self.codes.push(c.to_string());
                self.inline_text(&format!("{CODE_OPEN}{n}{CODE_CLOSE}"));
            }
            Event::SoftBreak | Event::HardBreak => self.inline_text(" "),
            Event::FootnoteReference(label) => {
                self.ensure_inline();
                self.inline_text(&format!("[^{label}]"));
            }
            Event::Html(h) => {
                if let Some(Frame::Html(s, _)) = self.stack.last_mut() {
                    s.push_str(&h);
                }
            }
            Event::InlineHtml(h) => {
                self.unsupported(
                    &format!("raw HTML `{}`", h.trim()),
                    "write the text without HTML tags",
                );
            }
            Event::Rule => {
                self.close_implicit();
                self.push_block(with_line(Block::HorizontalRule, self.line));
            }
            other => {
                self.unsupported(&format!("the Markdown construct {other:?}"), "remove it");
            }
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Emphasis => self.inline_text("*"),
            Tag::Strong => self.inline_text("**"),
            Tag::Link { dest_url, .. } => {
                self.ensure_inline();
                self.inline_text("[");
                if let Some(Frame::Inline { links, .. }) = self.stack.last_mut() {
                    links.push(dest_url.to_string());
                }
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.ensure_inline();
                let dup = match self.stack.last_mut() {
                    Some(Frame::Inline {
                        image, in_image, ..
                    }) => {
                        let dup = image.is_some();
                        *image = Some((dest_url.to_string(), title.to_string(), String::new()));
                        *in_image = true;
                        dup
                    }
                    _ => false,
                };
                if dup {
                    self.unsupported(
                        "two images in one paragraph",
                        "put each image in a paragraph of its own",
                    );
                }
            }
            Tag::Paragraph => {
                self.close_implicit();
                self.open_inline(None, false)
            }
            Tag::Heading { level, .. } => self.open_inline(Some(heading_level(level)), false),
            Tag::TableCell => self.open_inline(None, false),
            Tag::BlockQuote(_) => {
                self.close_implicit();
                self.stack.push(Frame::Quote(Vec::new()))
            }
            Tag::CodeBlock(kind) => {
                self.close_implicit();
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.stack.push(Frame::Code(lang, String::new(), self.line));
            }
            Tag::List(start) => {
                self.close_implicit();
                self.stack.push(Frame::List(start, Vec::new()))
            }
            Tag::Item => self.stack.push(Frame::Item(Vec::new())),
            Tag::FootnoteDefinition(label) => {
                self.stack.push(Frame::Note(label.to_string(), Vec::new()))
            }
            Tag::Table(aligns) => {
                let a = aligns.iter().map(|a| alignment(*a)).collect();
                self.stack.push(Frame::Table(a, Vec::new(), Vec::new()));
            }
            Tag::TableHead | Tag::TableRow => self.stack.push(Frame::Row(Vec::new())),
            Tag::HtmlBlock => {
                self.close_implicit();
                self.stack.push(Frame::Html(String::new(), self.line));
            }
            other => {
                self.unsupported(&format!("the Markdown construct {other:?}"), "remove it");
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Emphasis => self.inline_text("*"),
            TagEnd::Strong => self.inline_text("**"),
            TagEnd::Link => {
                let url = match self.stack.last_mut() {
                    Some(Frame::Inline { links, .. }) => links.pop().unwrap_or_default(),
                    _ => String::new(),
                };
                self.inline_text(&format!("]({url})"));
            }
            TagEnd::Image => {
                if let Some(Frame::Inline { in_image, .. }) = self.stack.last_mut() {
                    *in_image = false;
                }
            }
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                if let Some(b) = self.close_inline() {
                    self.push_block(b);
                }
            }
            TagEnd::TableCell => {
                let cell = self.close_inline().map(to_plain).into_iter().collect();
                if let Some(Frame::Row(cells)) = self.stack.last_mut() {
                    cells.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow | TagEnd::Table => self.end_table(tag),
            TagEnd::BlockQuote(_) => {
                self.close_implicit();
                if let Some(Frame::Quote(v)) = self.stack.pop() {
                    self.push_block(Block::BlockQuote(v));
                }
            }
            TagEnd::CodeBlock => {
                if let Some(Frame::Code(lang, mut code, line)) = self.stack.pop() {
                    if code.ends_with('\n') {
                        code.pop();
                    }
                    let classes = if lang.is_empty() { vec![] } else { vec![lang] };
                    let b = Block::CodeBlock((String::new(), classes, vec![]), code);
                    self.push_block(with_line(b, line));
                }
            }
            TagEnd::Item => {
                self.close_implicit();
                if let Some(Frame::Item(v)) = self.stack.pop() {
                    if let Some(Frame::List(_, items)) = self.stack.last_mut() {
                        items.push(v);
                    }
                }
            }
            TagEnd::List(_) => {
                if let Some(Frame::List(start, items)) = self.stack.pop() {
                    let b = match start {
                        Some(n) => Block::OrderedList(
                            (n as i64, ListNumberStyle::Decimal, ListNumberDelim::Period),
                            items,
                        ),
                        None => Block::BulletList(items),
                    };
                    self.push_block(b);
                }
            }
            TagEnd::FootnoteDefinition => {
                self.close_implicit();
                if let Some(Frame::Note(label, v)) = self.stack.pop() {
                    self.notes.insert(label, v);
                }
            }
            TagEnd::HtmlBlock => self.end_html(),
            _ => {}
        }
    }
}

impl Reader<'_> {
    /// The end of an HTML block: a fenced div's marker opens or closes it; real HTML is an error.
    fn end_html(&mut self) {
        let Some(Frame::Html(html, line)) = self.stack.pop() else {
            return;
        };
        self.line = line;
        match super::divs::marker(&html) {
            Some(super::divs::Marker::Open(n)) => {
                let attr = self.divs.get(n).cloned().unwrap_or_default();
                self.stack.push(Frame::Div(attr, Vec::new()));
            }
            Some(super::divs::Marker::Close) => {
                self.close_implicit();
                if let Some(Frame::Div(attr, v)) = self.stack.last_mut() {
                    let b = Block::Div(std::mem::take(attr), std::mem::take(v));
                    self.stack.pop();
                    self.push_block(b);
                } else {
                    self.unsupported(
                        "a fenced div closing inside another block",
                        "open and close the div at the same level, each `:::` on a line of its own",
                    );
                }
            }
            None => self.unsupported("a raw HTML block", "write it as Markdown"),
        }
    }

    /// The end of a table's head, of a row, or of the table.
    fn end_table(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableHead | TagEnd::TableRow => {
                let Some(Frame::Row(cells)) = self.stack.pop() else {
                    return;
                };
                if let Some(Frame::Table(_, head, body)) = self.stack.last_mut() {
                    if matches!(tag, TagEnd::TableHead) {
                        *head = cells;
                    } else {
                        body.push(cells);
                    }
                }
            }
            TagEnd::Table => {
                if let Some(Frame::Table(aligns, head, body)) = self.stack.pop() {
                    let b = super::table(&aligns, head, body);
                    self.push_block(b);
                }
            }
            _ => {}
        }
    }
}

/// Escapes what the inline reader would take as markup but CommonMark already read as text.
fn escape(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        if matches!(c, '\\' | '*' | '`') {
            s.push('\\');
        }
        s.push(c);
    }
    s
}

fn heading_level(l: HeadingLevel) -> i64 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn alignment(a: pulldown_cmark::Alignment) -> Alignment {
    match a {
        pulldown_cmark::Alignment::None => Alignment::AlignDefault,
        pulldown_cmark::Alignment::Left => Alignment::AlignLeft,
        pulldown_cmark::Alignment::Center => Alignment::AlignCenter,
        pulldown_cmark::Alignment::Right => Alignment::AlignRight,
    }
}

fn with_line(b: Block, line: u32) -> Block {
    Block::Div(
        (
            String::new(),
            vec![LINE_CLASS.into()],
            vec![("line".into(), line.to_string())],
        ),
        vec![b],
    )
}

/// A table cell's paragraph is `Plain` in Pandoc.
fn to_plain(b: Block) -> Block {
    match b {
        Block::Div(a, mut inner) => {
            if let Some(Block::Para(x)) = inner.pop() {
                inner.push(Block::Plain(x));
            }
            Block::Div(a, inner)
        }
        other => other,
    }
}

/// The inlines with each inline-code placeholder replaced by its `Code` inline.
fn restore_code(x: Vec<Inline>, codes: &[String]) -> Vec<Inline> {
    let mut out = Vec::with_capacity(x.len());
    let none = || (String::new(), vec![], vec![]);
    for i in x {
        match i {
            Inline::Str(s) if s.contains(CODE_OPEN) => {
                let mut rest = s.as_str();
                while let Some(p) = rest.find(CODE_OPEN) {
                    let after = &rest[p + CODE_OPEN.len_utf8()..];
                    let Some(e) = after.find(CODE_CLOSE) else {
                        break;
                    };
                    if p > 0 {
                        out.push(Inline::Str(rest[..p].to_string()));
                    }
                    let code = after[..e].parse::<usize>().ok().and_then(|n| codes.get(n));
                    out.push(Inline::Code(none(), code.cloned().unwrap_or_default()));
                    rest = &after[e + CODE_CLOSE.len_utf8()..];
                }
                if !rest.is_empty() {
                    out.push(Inline::Str(rest.to_string()));
                }
            }
            Inline::Emph(c) => out.push(Inline::Emph(restore_code(c, codes))),
            Inline::Strong(c) => out.push(Inline::Strong(restore_code(c, codes))),
            Inline::Span(a, c) => out.push(Inline::Span(a, restore_code(c, codes))),
            Inline::Link(a, c, t) => out.push(Inline::Link(a, restore_code(c, codes), t)),
            other => out.push(other),
        }
    }
    out
}

/// Replaces each `[^label]` in the text with a `Note` holding the definition; a reference without
/// a definition is an error naming its line.
fn resolve_notes(
    blocks: &mut [Block],
    notes: &BTreeMap<String, Vec<Block>>,
    r: &mut Reader,
    depth: usize,
) {
    if depth > crate::pandoc::MAX_DEPTH {
        return;
    }
    for b in blocks.iter_mut() {
        if let Block::Div(a, _) = b {
            if a.1.iter().any(|c| c == LINE_CLASS) {
                if let Some(l) = crate::pandoc::attr_get(a, "line").and_then(|l| l.parse().ok()) {
                    r.line = l;
                }
            }
        }
        match b {
            Block::Para(x) | Block::Plain(x) | Block::Header(_, _, x) => {
                *x = split_markers(std::mem::take(x), notes, r);
            }
            other => {
                for inner in crate::pandoc::containers::children_mut(other) {
                    resolve_notes(inner, notes, r, depth + 1);
                }
            }
        }
    }
}

fn split_markers(
    x: Vec<Inline>,
    notes: &BTreeMap<String, Vec<Block>>,
    r: &mut Reader,
) -> Vec<Inline> {
    let mut out = Vec::new();
    for i in x {
        let Inline::Str(s) = &i else {
            out.push(i);
            continue;
        };
        let mut rest = s.as_str();
        while let Some(p) = rest.find("[^") {
            let Some(e) = rest[p..].find(']') else {
                break;
            };
            let label = &rest[p + 2..p + e];
            if p > 0 {
                out.push(Inline::Str(rest[..p].to_string()));
            }
            match notes.get(label) {
                Some(def) => out.push(Inline::Note(def.clone())),
                None => {
                    r.unsupported(
                        &format!("footnote reference [^{label}] without a definition"),
                        "add `[^label]: text` below the paragraph, or remove the reference",
                    );
                    out.push(Inline::Span(
                        (String::new(), vec![FNREF_CLASS.into()], vec![]),
                        vec![Inline::Str(format!("[^{label}]"))],
                    ));
                }
            }
            rest = &rest[p + e + 1..];
        }
        if !rest.is_empty() {
            out.push(Inline::Str(rest.to_string()));
        }
    }
    out
}
