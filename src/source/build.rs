//! Raw Pandoc blocks -> the segment contract: every leaf gets its segment Div (or Header) with
//! an ID from the persisted registry and a fingerprint; footnotes move to the `footnotes` list.
//!
//! The walk runs twice over the same blocks: once to collect the segments (their kinds, texts
//! and fingerprints, which the ID matching needs), once with the assigned IDs to build the AST.

use super::{markdown::LINE_CLASS, unsupported, Position};
use crate::diag::{Diagnostic, Staged};
use crate::model::{Document, SegmentId, SegmentKind};
use crate::normalize::ids::{self, Candidate, Registry};
use crate::normalize::inline::ScriptTagging;
use crate::normalize::{change_notes, fingerprint, hex, Input, Normalized, SourceSegment};
use crate::pandoc::{self, attr_get, FINGERPRINT_KEY};
use pandoc_ast::{Attr, Block, Inline};
use sha2::{Digest, Sha256};

/// One segment found by the walk.
struct Seg {
    kind: SegmentKind,
    line: u32,
    /// The book chapter it is in (issue 16: per-chapter translation files).
    chapter: usize,
    /// What a translator sees (`sync` comments, history): footnote markers as `[^N]`.
    text: String,
    fp: String,
    /// A reference entry's number (its ID is `ref-N`).
    number: Option<u32>,
}

struct Walk<'a> {
    pos: Position<'a>,
    files: &'a [std::path::PathBuf],
    /// The book chapter being walked (0 outside a book).
    chapter: usize,
    diags: Vec<Diagnostic>,
    segs: Vec<Seg>,
    notes: Vec<(Seg, Vec<Inline>)>,
    /// The IDs of the second pass: body segments first, then footnotes.
    ids: Option<&'a [SegmentId]>,
    n_body: usize,
    seen_content: bool,
    depth: usize,
    /// Script tagging of Pandoc JSON text (a Markdown source's inlines come tagged).
    tagging: &'a ScriptTagging,
    /// Inside a span with its own `lang`: no tagging.
    in_lang: bool,
    cfg: &'a crate::config::Config,
    /// Under the references heading (until the next heading).
    in_refs: bool,
    /// Reference lists made so far, and the CSL JSON item of each entry.
    ref_lists: usize,
    csl: Vec<serde_json::Value>,
}

const NO_ID: &str = "";

use super::CHAPTER_CLASS;

impl Walk<'_> {
    fn id(&self, body_index: usize) -> String {
        self.ids
            .and_then(|v| v.get(body_index))
            .map_or(NO_ID.to_string(), Clone::clone)
    }

    fn note_id(&self, k: usize) -> String {
        self.ids
            .and_then(|v| v.get(self.n_body + k))
            .map_or(NO_ID.to_string(), Clone::clone)
    }

    fn err(&mut self, what: &str, hint: &str) {
        self.diags.push(unsupported(what, &self.pos, hint));
    }

    fn segment(&mut self, kind: SegmentKind, shown: String, fp: String) -> (String, Attr) {
        let id = self.id(self.segs.len());
        let line = self.pos.line.unwrap_or(0);
        self.segs.push(Seg {
            kind,
            line,
            chapter: self.chapter,
            text: shown,
            fp: fp.clone(),
            number: None,
        });
        let class = match kind {
            SegmentKind::Code => "code",
            SegmentKind::Reference => "csl-entry",
            SegmentKind::Title => "title",
            SegmentKind::Heading => "",
            _ => "paragraph",
        };
        let classes = if class.is_empty() {
            vec![]
        } else {
            vec![class.to_string()]
        };
        let attr = (id.clone(), classes, vec![(FINGERPRINT_KEY.to_string(), fp)]);
        (id, attr)
    }

    fn text_segment(&mut self, kind: SegmentKind, x: &[Inline]) -> (Vec<Inline>, Attr) {
        let x = self.inlines(x);
        let shown = shown_text(&x);
        let fp = fingerprint(&pandoc::stringify(&x));
        let (_, attr) = self.segment(kind, shown, fp);
        (x, attr)
    }

    fn blocks(&mut self, bs: &[Block]) -> Vec<Block> {
        if self.depth > pandoc::MAX_DEPTH {
            self.err("content nested this deep", "flatten the nesting");
            return vec![];
        }
        self.depth += 1;
        let mut out = Vec::new();
        for b in bs {
            if self.depth == 1 {
                self.pos.block += 1;
            }
            self.block(b, &mut out);
        }
        self.depth -= 1;
        out
    }

    fn block(&mut self, b: &Block, out: &mut Vec<Block>) {
        let first = !self.seen_content;
        if !matches!(b, Block::Div(..) | Block::Null) {
            self.seen_content = true;
        }
        match b {
            Block::Div(a, inner) if a.1.iter().any(|c| c == CHAPTER_CLASS) => {
                let i: usize = attr_get(a, "chapter")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                if let Some(f) = self.files.get(i) {
                    self.pos.file = f;
                }
                self.chapter = i;
                let json = attr_get(a, "json") == Some("true");
                self.pos.line = if json { None } else { Some(1) };
                self.pos.block = 0;
                for x in inner {
                    if json {
                        self.pos.block += 1;
                    }
                    self.block(x, out);
                }
            }
            Block::Div(a, inner) if a.1.iter().any(|c| c == LINE_CLASS) => {
                self.pos.line = attr_get(a, "line").and_then(|l| l.parse().ok());
                for x in inner {
                    self.block(x, out);
                }
            }
            Block::Header(level, a, x) => {
                let kind = if first && *level == 1 {
                    SegmentKind::Title
                } else {
                    SegmentKind::Heading
                };
                let (x, mut attr) = self.text_segment(kind, x);
                attr.1.extend(a.1.iter().filter(|c| *c != "title").cloned());
                self.in_refs = kind == SegmentKind::Heading
                    && super::refs::is_heading(&pandoc::stringify(&x), self.cfg);
                if self.in_refs {
                    attr.1.push("references-heading".into());
                }
                out.push(Block::Header(*level, attr, x));
            }
            Block::Para(x) | Block::Plain(x) if self.in_refs && self.depth == 1 => {
                match super::refs::entry(x, self.cfg, self.tagging) {
                    Some(e) => self.reference(e, out),
                    None => {
                        let (x, attr) = self.text_segment(SegmentKind::Paragraph, x);
                        out.push(Block::Div(attr, vec![Block::Para(x)]));
                    }
                }
            }
            Block::Para(x) | Block::Plain(x) => {
                if let [Inline::Image(ia, alt, target)] = x.as_slice() {
                    out.push(self.image(ia, alt, target));
                } else if !x.is_empty() {
                    let (x, attr) = self.text_segment(SegmentKind::Paragraph, x);
                    out.push(Block::Div(attr, vec![Block::Para(x)]));
                }
            }
            Block::CodeBlock(a, code) => {
                let (_, attr) = self.segment(SegmentKind::Code, code.clone(), fingerprint(code));
                out.push(Block::Div(
                    attr,
                    vec![Block::CodeBlock(a.clone(), code.clone())],
                ));
            }
            Block::BlockQuote(inner) => out.push(Block::BlockQuote(self.blocks(inner))),
            Block::BulletList(items) => out.push(Block::BulletList(
                items.iter().map(|i| self.blocks(i)).collect(),
            )),
            Block::OrderedList(la, items) => out.push(Block::OrderedList(
                *la,
                items.iter().map(|i| self.blocks(i)).collect(),
            )),
            Block::Table(..) => out.push(self.table(b)),
            Block::Figure(a, caption, body) => self.figure(a, caption, body, out),
            Block::Div(a, inner) => {
                // A fenced div of the source is a container; segment classes are stele's own.
                let mut a = a.clone();
                a.1.retain(|c| {
                    !matches!(
                        c.as_str(),
                        "paragraph" | "pull-quote" | "csl-entry" | "code" | "footnote" | "title"
                    )
                });
                a.2.retain(|(k, _)| k != FINGERPRINT_KEY);
                out.push(Block::Div(a, self.blocks(inner)));
            }
            Block::HorizontalRule => out.push(Block::HorizontalRule),
            Block::Null => {}
            other => self.unsupported_block(other),
        }
    }

    /// Reference entry `n`: a `csl-entry` segment `ref-n` in the reference list.
    fn reference(&mut self, e: super::refs::Entry, out: &mut Vec<Block>) {
        let fp = fingerprint(&pandoc::stringify(&e.inlines));
        let (_, mut attr) = self.segment(SegmentKind::Reference, shown_text(&e.inlines), fp);
        if let Some(s) = self.segs.last_mut() {
            s.number = Some(e.number);
        }
        attr.2.push(("number".into(), e.number.to_string()));
        if let Some(l) = e.source_lang {
            attr.2.push(("source-lang".into(), l));
        }
        self.csl.push(e.csl);
        let entry = Block::Div(attr, vec![Block::Para(e.inlines)]);
        super::refs::push_entry(out, entry, &mut self.ref_lists);
    }

    /// Line blocks, raw blocks and definition lists: errors naming them.
    fn unsupported_block(&mut self, b: &Block) {
        match b {
            Block::LineBlock(_) => self.err("a line block", "write the lines as paragraphs"),
            Block::RawBlock(f, _) => self.err(
                &format!("a raw {} block", f.0),
                "write its content as text, or remove it",
            ),
            Block::DefinitionList(_) => self.err(
                "a definition list",
                "write each term and definition as a list item or a paragraph",
            ),
            _ => {}
        }
    }

    /// An image alone: its description is the segment (`Div [Para [Image]]`); the app layer
    /// reads the file (issue 16).
    fn image(&mut self, ia: &Attr, alt: &[Inline], target: &(String, String)) -> Block {
        let (x, attr) = self.text_segment(SegmentKind::Paragraph, alt);
        let mut attr = attr;
        attr.1.push("figure".into());
        let img = Inline::Image(ia.clone(), x, target.clone());
        Block::Div(attr, vec![Block::Para(vec![img])])
    }

    fn figure(
        &mut self,
        a: &Attr,
        caption: &pandoc_ast::Caption,
        body: &[Block],
        out: &mut Vec<Block>,
    ) {
        let image = match body {
            [Block::Plain(x) | Block::Para(x)] => match x.as_slice() {
                [Inline::Image(ia, alt, t)] => Some((ia, alt, t)),
                _ => None,
            },
            _ => None,
        };
        match image {
            Some((ia, alt, t)) => {
                let cap: Vec<Inline> = caption
                    .1
                    .iter()
                    .filter_map(|b| match b {
                        Block::Para(x) | Block::Plain(x) => Some(x.clone()),
                        _ => None,
                    })
                    .flatten()
                    .collect();
                let text = if cap.is_empty() { alt.clone() } else { cap };
                out.push(self.image(ia, &text, t));
            }
            None => {
                let cap = self.blocks(&caption.1);
                let body = self.blocks(body);
                out.push(Block::Figure(a.clone(), (None, cap), body));
            }
        }
    }

    fn table(&mut self, b: &Block) -> Block {
        let mut t = b.clone();
        for cell in pandoc::containers::children_mut(&mut t) {
            let v = std::mem::take(cell);
            *cell = self.blocks(&v);
        }
        t
    }

    /// A segment's inlines: notes become footnote segments (the marker stays), images inside
    /// text and raw inlines are errors.
    fn inlines(&mut self, x: &[Inline]) -> Vec<Inline> {
        let mut out = Vec::new();
        // Pandoc JSON (no line numbers) is tagged here, by the plain-text sources' rule.
        let tagged;
        let x = if self.pos.line.is_none() && !self.in_lang {
            tagged = retag(x, self.tagging);
            &tagged
        } else {
            x
        };
        for i in x {
            let mapped = match i {
                Inline::Note(blocks) => self.note(blocks),
                Inline::Image(..) => {
                    self.err(
                        "an image inside a paragraph of text",
                        "put the image in a paragraph of its own (its text is its description)",
                    );
                    continue;
                }
                Inline::RawInline(f, _) => {
                    self.err(&format!("raw {} inline markup", f.0), "write it as text");
                    continue;
                }
                Inline::Emph(c) => Inline::Emph(self.inlines(c)),
                Inline::Strong(c) => Inline::Strong(self.inlines(c)),
                Inline::Underline(c) => Inline::Underline(self.inlines(c)),
                Inline::Strikeout(c) => Inline::Strikeout(self.inlines(c)),
                Inline::Superscript(c) => Inline::Superscript(self.inlines(c)),
                Inline::Subscript(c) => Inline::Subscript(self.inlines(c)),
                Inline::SmallCaps(c) => Inline::SmallCaps(self.inlines(c)),
                Inline::Span(a, c) => {
                    let outer = self.in_lang;
                    self.in_lang |= a.2.iter().any(|(k, _)| k == "lang");
                    let c = self.inlines(c);
                    self.in_lang = outer;
                    Inline::Span(a.clone(), c)
                }
                Inline::Quoted(q, c) => Inline::Quoted(*q, self.inlines(c)),
                other => other.clone(),
            };
            out.push(mapped);
        }
        out
    }

    fn note(&mut self, blocks: &[Block]) -> Inline {
        let k = self.notes.len();
        let n = k + 1;
        let id = self.note_id(k);
        let mut x: Vec<Inline> = Vec::new();
        for b in unwrap_lines(blocks) {
            match b {
                Block::Para(p) | Block::Plain(p) => {
                    if !x.is_empty() {
                        x.push(Inline::Space);
                    }
                    x.extend(p.iter().filter(|i| !matches!(i, Inline::Note(_))).cloned());
                }
                other => {
                    self.err(
                        &format!("a footnote holding a {}", block_name(other)),
                        "keep footnotes to text",
                    );
                }
            }
        }
        let fp = fingerprint(&pandoc::stringify(&x));
        let line = self.pos.line.unwrap_or(0);
        let seg = Seg {
            kind: SegmentKind::Footnote,
            line,
            chapter: self.chapter,
            text: shown_text(&x),
            fp,
            number: None,
        };
        self.notes.push((seg, x));
        pandoc::footnotes::marker(&id, n)
    }
}

/// Runs of `Str`/`Space` read again as text by [`crate::normalize::inline::parse`]: runs in
/// another script than the document's get their language span (bidi isolation), bare URLs their
/// link, as in a plain-text source. Other inlines stay as they are (their children are walked).
fn retag(x: &[Inline], tagging: &ScriptTagging) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut Vec<Inline>| {
        if run.is_empty() {
            return;
        }
        if run.starts_with(' ') {
            out.push(Inline::Space);
        }
        pandoc::push_inlines(out, crate::normalize::inline::parse(run, tagging).0);
        if run.ends_with(' ') && !run.trim().is_empty() {
            out.push(Inline::Space);
        }
        run.clear();
    };
    for i in x {
        match i {
            Inline::Str(s) => run.push_str(s),
            Inline::Space | Inline::SoftBreak => run.push(' '),
            other => {
                flush(&mut run, &mut out);
                out.push(other.clone());
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

fn unwrap_lines(blocks: &[Block]) -> Vec<&Block> {
    let mut v = Vec::new();
    for b in blocks {
        match b {
            Block::Div(a, inner) if a.1.iter().any(|c| c == LINE_CLASS) => {
                v.extend(unwrap_lines(inner))
            }
            other => v.push(other),
        }
    }
    v
}

fn block_name(b: &Block) -> &'static str {
    match b {
        Block::BulletList(_) | Block::OrderedList(..) => "list",
        Block::Table(..) => "table",
        Block::CodeBlock(..) => "code block",
        Block::BlockQuote(_) => "block quote",
        Block::Figure(..) => "figure",
        _ => "block",
    }
}

/// A segment's text as a translator writes it: footnote markers as `[^N]`.
fn shown_text(x: &[Inline]) -> String {
    let mut s = String::new();
    for i in x {
        match i {
            Inline::Superscript(c) if pandoc::footnotes::is_marker(c) => {
                s.push_str(&format!("[^{}]", pandoc::stringify(c)));
            }
            other => s.push_str(&pandoc::stringify(std::slice::from_ref(other))),
        }
    }
    s
}

/// What every pass of the walk shares.
struct Ctx<'a> {
    pos: Position<'a>,
    files: &'a [std::path::PathBuf],
    tagging: &'a ScriptTagging,
    cfg: &'a crate::config::Config,
}

fn run<'a>(
    raw: &[Block],
    ctx: &Ctx<'a>,
    ids: Option<&'a [SegmentId]>,
    n_body: usize,
) -> (Vec<Block>, Walk<'a>) {
    let Ctx {
        pos,
        files,
        tagging,
        cfg,
    } = *ctx;
    let mut w = Walk {
        pos,
        files,
        chapter: 0,
        diags: Vec::new(),
        segs: Vec::new(),
        notes: Vec::new(),
        ids,
        n_body,
        seen_content: false,
        depth: 0,
        tagging,
        in_lang: false,
        cfg,
        in_refs: false,
        ref_lists: 0,
        csl: Vec::new(),
    };
    let blocks = w.blocks(raw);
    (blocks, w)
}

/// Builds the segment contract from raw blocks.
pub fn segments(
    raw: &[Block],
    input: &Input,
    is_json: bool,
    files: &[std::path::PathBuf],
) -> Staged<Normalized> {
    let cfg = input.config;
    let file = input.file;
    let pos = Position {
        file,
        line: if is_json { None } else { Some(1) },
        block: 0,
    };
    let entries = super::refs::scan(raw, cfg);
    let citations = super::refs::rule(entries.clone(), cfg);
    let tagging = ScriptTagging {
        own: cfg.document.source_lang.script(),
        langs: cfg.normalize.scripts.clone(),
        citations: citations.clone(),
    };
    let ctx = Ctx {
        pos,
        files,
        tagging: &tagging,
        cfg,
    };
    let walk = |ids, n_body| run(raw, &ctx, ids, n_body);
    let (_, first) = walk(None, 0);
    let mut diags = first.diags;
    if crate::diag::has_errors(&diags) {
        return Staged::failed(diags);
    }
    let all: Vec<&Seg> = first
        .segs
        .iter()
        .chain(first.notes.iter().map(|(s, _)| s))
        .collect();
    if all.first().map(|s| s.kind) != Some(SegmentKind::Title) {
        diags.push(no_title(file));
        return Staged::failed(diags);
    }
    let texts: Vec<String> = all.iter().map(|s| s.text.clone()).collect();
    let cands: Vec<Candidate> = all
        .iter()
        .zip(&texts)
        .map(|(s, t)| Candidate {
            kind: s.kind,
            text: t,
            fingerprint: &s.fp,
            number: s.number,
        })
        .collect();
    let empty = Registry::default();
    let (ids, registry, changes) = ids::assign(&cands, input.registry.unwrap_or(&empty));
    if input.registry.is_some() {
        diags.extend(change_notes(&changes, file));
    }
    let n_body = first.segs.len();
    let (mut blocks, second) = walk(Some(&ids), n_body);
    if !second.notes.is_empty() {
        blocks.push(footnotes(&second.notes, &ids[n_body..]));
    }
    diags.extend(super::refs::checks(&blocks, &entries, cfg, file));
    let segments: Vec<SourceSegment> = all
        .iter()
        .zip(&ids)
        .map(|(s, id)| SourceSegment {
            id: id.clone(),
            kind: s.kind,
            fingerprint: s.fp.clone(),
            line: s.line,
            text: s.text.clone(),
            chapter: s.chapter,
        })
        .collect();
    if let Some(t) = &cfg.document.title {
        if let Some(Block::Header(_, _, x)) = blocks.first_mut() {
            *x = pandoc::text_inlines(t);
        }
    }
    let mut n = document(blocks, segments, registry, changes, cfg);
    n.csl = serde_json::Value::Array(second.csl);
    n.citations = citations;
    Staged::ok(n, diags)
}

fn no_title(file: &std::path::Path) -> Diagnostic {
    Diagnostic::error(
        "source-title",
        "the source has no title: its first block is not a level-1 heading",
    )
    .file(file)
    .hint("start the document with `# Title` (Markdown) or a level-1 header (Pandoc)")
}

/// The `footnotes` list: one footnote segment per note, numbered in order.
fn footnotes(notes: &[(Seg, Vec<Inline>)], ids: &[SegmentId]) -> Block {
    let divs = notes
        .iter()
        .zip(ids)
        .enumerate()
        .map(|(k, ((s, x), id))| {
            let kv = vec![
                (FINGERPRINT_KEY.to_string(), s.fp.clone()),
                ("number".to_string(), (k + 1).to_string()),
            ];
            Block::Div(
                (id.clone(), vec!["footnote".into()], kv),
                vec![Block::Para(x.clone())],
            )
        })
        .collect();
    Block::Div(("footnotes".into(), vec!["footnotes".into()], vec![]), divs)
}

/// The normalized document from its blocks and segments: metadata and the source fingerprint.
fn document(
    blocks: Vec<Block>,
    segments: Vec<SourceSegment>,
    registry: Registry,
    changes: ids::Changes,
    cfg: &crate::config::Config,
) -> Normalized {
    let mut h = Sha256::new();
    for s in &segments {
        h.update(format!("{}\t{}\n", s.id, s.fingerprint));
    }
    let source_fingerprint = hex(&h.finalize())[..16].to_string();
    let mut ast = pandoc::new_doc();
    crate::normalize::document_meta(&mut ast, cfg, &blocks, &source_fingerprint);
    ast.blocks = blocks;
    Normalized {
        doc: std::sync::Arc::new(Document {
            lang: cfg.document.source_lang.clone(),
            ast,
        }),
        segments,
        csl: serde_json::Value::Array(vec![]),
        registry,
        changes,
        source_fingerprint,
        citations: crate::normalize::inline::Citations::Off,
    }
}
