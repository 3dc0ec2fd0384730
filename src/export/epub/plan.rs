//! The shape of one EPUB: the AST split into one file per section, bilingual interleaving with
//! prefixed counterpart IDs, citations turned into cross-file links with back-links.
//!
//! Everything here is an AST -> AST transform; turning the result into XHTML is the shared
//! serializer's job ([`crate::export::xhtml`]).

use crate::diag::Diagnostic;
use crate::model::{Document, Lang, SegmentKind};
use crate::pandoc::{self, segment_kind};
use pandoc_ast::{Attr, Block, Inline};
use std::collections::BTreeMap;

/// What a content document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChapterKind {
    /// Everything before the first level-2 heading: the title and the opening paragraphs.
    Opening,
    /// One level-2 heading and what follows it up to the next.
    Section,
    /// The references heading and the reference list.
    References,
}

/// A heading as the navigation document lists it.
#[derive(Debug, Clone)]
pub struct TocEntry {
    pub level: i64,
    pub id: String,
    /// Plain text in the primary language.
    pub text: String,
    /// Plain text of the counterpart heading (bilingual editions).
    pub counterpart: Option<String>,
}

/// One XHTML content document.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// File name inside the package directory (`title.xhtml`, `h1.xhtml`, `references.xhtml`).
    pub file: String,
    pub kind: ChapterKind,
    /// Top-level blocks, transformed (pairs, citation links, back-links).
    pub blocks: Vec<Block>,
    /// The headings in this file, in order (the first one titles the file).
    pub headings: Vec<TocEntry>,
}

/// Interface strings the transforms put into the text.
#[derive(Debug, Clone)]
pub struct Labels {
    /// Accessible name of a reference's back-link (`Back to citation`), in the entry's language.
    pub back_to_citation: BTreeMap<Lang, String>,
    /// The name of each language in itself (`English`, `العربية`), for links between counterparts.
    pub endonyms: BTreeMap<Lang, String>,
}

/// The class of the wrapper `Div` around a segment and its counterpart.
pub const PAIR_CLASS: &str = "pair";
/// The extra class of a pair whose members are headings (rendered as an `hgroup`).
pub const HEADING_PAIR_CLASS: &str = "heading-pair";
/// The class marking the counterpart member of a pair.
pub const COUNTERPART_CLASS: &str = "counterpart";

/// The ID a counterpart segment gets in a bilingual edition: `<lang>-<id>` (`ar-p3`).
pub fn counterpart_id(lang: &Lang, id: &str) -> String {
    format!("{lang}-{id}")
}

/// Splits `primary` into chapters and, with a `counterpart`, interleaves every segment with its
/// counterpart; then links citations across files and adds back-links to the reference entries.
pub fn plan(
    primary: &Document,
    counterpart: Option<&Document>,
    labels: &Labels,
) -> (Vec<Chapter>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut chapters = split(&primary.ast.blocks);
    if let Some(other) = counterpart {
        let mut pairing = Pairing::new(primary, other, labels);
        for ch in &mut chapters {
            ch.blocks = pairing.interleave(std::mem::take(&mut ch.blocks));
            for h in &mut ch.headings {
                h.counterpart = pairing.heading_text.get(&h.id).cloned();
            }
        }
        diags.extend(pairing.finish());
    }
    link_citations(&mut chapters, primary, labels, &mut diags);
    (chapters, diags)
}

/// Splits top-level blocks at level-1/2 headings (one file per section); the references heading
/// (class `references-heading`) or a bare reference list (`Div` class `references`) opens the
/// references file.
pub fn split(blocks: &[Block]) -> Vec<Chapter> {
    let mut chapters: Vec<Chapter> = Vec::new();
    for block in blocks {
        let opens = match block {
            Block::Header(level, attr, _) if *level <= 2 => {
                Some(if has_class(attr, "references-heading") {
                    ChapterKind::References
                } else if *level == 1 && chapters.is_empty() {
                    ChapterKind::Opening
                } else {
                    ChapterKind::Section
                })
            }
            Block::Div(attr, _) if has_class(attr, "references") => Some(ChapterKind::References),
            _ => None,
        };
        let current = chapters.last().map(|c| c.kind);
        let open = match (opens, current) {
            (opens, None) => Some(opens.unwrap_or(ChapterKind::Opening)),
            (None, Some(_)) => None,
            // a reference list stays in the file its heading opened
            (Some(ChapterKind::References), Some(ChapterKind::References))
                if !matches!(block, Block::Header(..)) =>
            {
                None
            }
            (Some(kind), Some(_)) => Some(kind),
        };
        if let Some(kind) = open {
            chapters.push(Chapter {
                file: String::new(),
                kind,
                blocks: Vec::new(),
                headings: Vec::new(),
            });
        }
        let ch = chapters.last_mut().expect("a chapter is open");
        if let Block::Header(level, attr, inlines) = block {
            ch.headings.push(TocEntry {
                level: *level,
                id: attr.0.clone(),
                text: pandoc::stringify(inlines),
                counterpart: None,
            });
        }
        ch.blocks.push(block.clone());
    }
    name_files(&mut chapters);
    chapters
}

/// `references.xhtml` for the references, else the first ID in the file (`title.xhtml`,
/// `h1.xhtml`): names that stay put when other sections change. Clashes get a numeric suffix.
fn name_files(chapters: &mut [Chapter]) {
    let mut used: Vec<String> = vec!["nav".into()];
    for (i, ch) in chapters.iter_mut().enumerate() {
        let base = match ch.kind {
            ChapterKind::References => "references".to_string(),
            _ => first_id(&ch.blocks)
                .filter(|id| is_safe_file_stem(id))
                .unwrap_or_else(|| format!("section-{}", i + 1)),
        };
        let mut stem = base.clone();
        let mut n = 2;
        while used.contains(&stem) {
            stem = format!("{base}-{n}");
            n += 1;
        }
        used.push(stem.clone());
        ch.file = format!("{stem}.xhtml");
    }
}

fn is_safe_file_stem(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn first_id(blocks: &[Block]) -> Option<String> {
    blocks.iter().find_map(|b| match b {
        Block::Header(_, attr, _) | Block::Div(attr, _) if !attr.0.is_empty() => {
            Some(attr.0.clone())
        }
        _ => None,
    })
}

pub fn has_class(attr: &Attr, class: &str) -> bool {
    attr.1.iter().any(|c| c == class)
}

/// Interleaves the primary document's segments with the counterpart document's.
struct Pairing<'a> {
    primary_lang: &'a Lang,
    other_lang: &'a Lang,
    other: BTreeMap<&'a str, &'a Block>,
    used: Vec<String>,
    missing: Vec<String>,
    heading_text: BTreeMap<String, String>,
    labels: &'a Labels,
}

impl<'a> Pairing<'a> {
    fn new(primary: &'a Document, other: &'a Document, labels: &'a Labels) -> Self {
        let mut map = BTreeMap::new();
        pandoc::walk_segments(&other.ast.blocks, &mut |block, _, attr| {
            map.insert(attr.0.as_str(), block);
        });
        Pairing {
            primary_lang: &primary.lang,
            other_lang: &other.lang,
            other: map,
            used: Vec::new(),
            missing: Vec::new(),
            heading_text: BTreeMap::new(),
            labels,
        }
    }

    fn interleave(&mut self, blocks: Vec<Block>) -> Vec<Block> {
        let mut out = Vec::with_capacity(blocks.len() * 2);
        for block in blocks {
            let seg = segment_kind(&block).map(|(k, a)| (k, a.0.clone()));
            match (seg, block) {
                (Some((kind, id)), block) => out.push(self.pair(kind, &id, block)),
                (None, Block::Div(attr, inner)) => {
                    out.push(Block::Div(attr, self.interleave(inner)))
                }
                (None, other) => out.push(other),
            }
        }
        out
    }

    fn pair(&mut self, kind: SegmentKind, id: &str, mut block: Block) -> Block {
        let Some(theirs) = self.other.get(id).copied() else {
            self.missing.push(id.to_string());
            return block;
        };
        self.used.push(id.to_string());
        let their_id = counterpart_id(self.other_lang, id);
        let mut theirs = theirs.clone();
        prefix_ids(&mut theirs, &format!("{}-", self.other_lang));
        if let Block::Header(_, _, inlines) = &theirs {
            self.heading_text
                .insert(id.to_string(), pandoc::stringify(inlines));
        }
        if let Block::Header(_, attr, _) | Block::Div(attr, _) = &mut theirs {
            attr.1.push(COUNTERPART_CLASS.into());
            if pandoc::attr_get(attr, "lang").is_none() {
                pandoc::attr_set(attr, "lang", self.other_lang.as_str());
            }
            let lang = pandoc::attr_get(attr, "lang").and_then(|l| Lang::parse(l).ok());
            let dir = lang.as_ref().unwrap_or(self.other_lang).dir();
            pandoc::attr_set(attr, "dir", dir.as_str());
        }
        append_inlines(&mut block, self.pair_link(self.other_lang, &their_id));
        append_inlines(&mut theirs, self.pair_link(self.primary_lang, id));
        let mut classes = vec![PAIR_CLASS.to_string()];
        if kind == SegmentKind::Heading || kind == SegmentKind::Title {
            classes.push(HEADING_PAIR_CLASS.into());
        }
        Block::Div((String::new(), classes, Vec::new()), vec![block, theirs])
    }

    /// `Link` to the counterpart, labelled with the target language's own name.
    fn pair_link(&self, lang: &Lang, target: &str) -> Vec<Inline> {
        let name = self
            .labels
            .endonyms
            .get(lang)
            .cloned()
            .unwrap_or_else(|| lang.to_string());
        let label = Inline::Span(lang_attr(lang), vec![Inline::Str(name)]);
        vec![
            Inline::Space,
            Inline::Link(
                (
                    String::new(),
                    vec!["pair-link".into()],
                    vec![("hreflang".into(), lang.to_string())],
                ),
                vec![label],
                (format!("#{target}"), String::new()),
            ),
        ]
    }

    fn finish(self) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for id in &self.missing {
            diags.push(
                Diagnostic::warning(
                    "epub-unpaired",
                    format!(
                        "segment {id} has no {} counterpart in the bilingual edition",
                        self.other_lang
                    ),
                )
                .segment(id.clone())
                .lang(self.other_lang.to_string())
                .hint("run `stele align` and check the translation file for the segment"),
            );
        }
        for id in self.other.keys() {
            if !self.used.iter().any(|u| u == id) {
                diags.push(
                    Diagnostic::warning(
                        "epub-unpaired",
                        format!("{} segment {id} is not in the source and is left out of the bilingual edition", self.other_lang),
                    )
                    .segment(id.to_string())
                    .lang(self.other_lang.to_string())
                    .hint("remove the segment from the translation file or restore it in the source"),
                );
            }
        }
        diags
    }
}

/// `lang` and `dir` key-value attributes, as the normalizer marks foreign runs.
pub fn lang_attr(lang: &Lang) -> Attr {
    (
        String::new(),
        Vec::new(),
        vec![
            ("lang".into(), lang.to_string()),
            ("dir".into(), lang.dir().as_str().into()),
        ],
    )
}

/// Prefixes every ID in a block (and its citations' targets and in-document link targets).
fn prefix_ids(block: &mut Block, prefix: &str) {
    let fix_attr = |attr: &mut Attr| {
        if !attr.0.is_empty() {
            attr.0 = format!("{prefix}{}", attr.0);
        }
    };
    walk_block_attrs(block, &mut |attr| fix_attr(attr));
    map_inlines_in_block(block, &mut |inline| match inline {
        Inline::Span(attr, _) | Inline::Code(attr, _) | Inline::Image(attr, _, _) => fix_attr(attr),
        Inline::Link(attr, _, target) => {
            fix_attr(attr);
            if let Some(frag) = target.0.strip_prefix('#') {
                target.0 = format!("#{prefix}{frag}");
            }
        }
        Inline::Cite(cites, _) => {
            for c in cites {
                c.citationId = format!("{prefix}{}", c.citationId);
            }
        }
        _ => {}
    });
}

/// Calls `f` on the attributes of every block in the tree.
fn walk_block_attrs(block: &mut Block, f: &mut dyn FnMut(&mut Attr)) {
    match block {
        Block::Header(_, attr, _) | Block::CodeBlock(attr, _) => f(attr),
        Block::Div(attr, inner) | Block::Figure(attr, _, inner) => {
            f(attr);
            inner.iter_mut().for_each(|b| walk_block_attrs(b, f));
        }
        Block::BlockQuote(inner) => inner.iter_mut().for_each(|b| walk_block_attrs(b, f)),
        Block::BulletList(items) | Block::OrderedList(_, items) => items
            .iter_mut()
            .flatten()
            .for_each(|b| walk_block_attrs(b, f)),
        _ => {}
    }
}

/// Calls `f` on every inline of a block tree, children before their parent.
pub fn map_inlines_in_block(block: &mut Block, f: &mut dyn FnMut(&mut Inline)) {
    match block {
        Block::Plain(x) | Block::Para(x) | Block::Header(_, _, x) => map_inlines(x, f),
        Block::LineBlock(lines) => lines.iter_mut().for_each(|l| map_inlines(l, f)),
        Block::Div(_, inner) | Block::BlockQuote(inner) | Block::Figure(_, _, inner) => {
            inner.iter_mut().for_each(|b| map_inlines_in_block(b, f))
        }
        Block::BulletList(items) | Block::OrderedList(_, items) => items
            .iter_mut()
            .flatten()
            .for_each(|b| map_inlines_in_block(b, f)),
        Block::DefinitionList(items) => {
            for (term, defs) in items {
                map_inlines(term, f);
                defs.iter_mut()
                    .flatten()
                    .for_each(|b| map_inlines_in_block(b, f));
            }
        }
        _ => {}
    }
}

fn map_inlines(inlines: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for inline in inlines {
        match inline {
            Inline::Emph(x)
            | Inline::Underline(x)
            | Inline::Strong(x)
            | Inline::Strikeout(x)
            | Inline::Superscript(x)
            | Inline::Subscript(x)
            | Inline::SmallCaps(x)
            | Inline::Quoted(_, x)
            | Inline::Cite(_, x)
            | Inline::Link(_, x, _)
            | Inline::Image(_, x, _)
            | Inline::Span(_, x) => map_inlines(x, f),
            Inline::Note(blocks) => blocks.iter_mut().for_each(|b| map_inlines_in_block(b, f)),
            _ => {}
        }
        f(inline);
    }
}

/// Appends inlines to the last paragraph (or heading) of a segment block.
fn append_inlines(block: &mut Block, more: Vec<Inline>) {
    match block {
        Block::Plain(x) | Block::Para(x) | Block::Header(_, _, x) => x.extend(more),
        Block::Div(_, inner) | Block::BlockQuote(inner) => match inner.last_mut() {
            Some(
                last @ (Block::Plain(_) | Block::Para(_) | Block::Div(..) | Block::BlockQuote(_)),
            ) => append_inlines(last, more),
            _ => inner.push(Block::Plain(more)),
        },
        _ => {}
    }
}

/// Every ID in the chapters and the file it lives in.
fn id_files(chapters: &[Chapter]) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for ch in chapters {
        for b in &ch.blocks {
            let mut b = b.clone();
            walk_block_attrs(&mut b, &mut |attr| {
                if !attr.0.is_empty() {
                    map.insert(attr.0.clone(), ch.file.clone());
                }
            });
        }
    }
    map
}

/// Turns each `Cite` into a link `<file>#<ref-id>` (with an anchor ID `cite-<ref-id>-<n>`) and
/// gives every reference entry `epub:type="biblioentry"` and back-links to its citations.
fn link_citations(
    chapters: &mut [Chapter],
    primary: &Document,
    labels: &Labels,
    diags: &mut Vec<Diagnostic>,
) {
    let files = id_files(chapters);
    // ref ID -> [(anchor ID, file)] in reading order
    let mut cited: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for ch in chapters.iter_mut() {
        let file = ch.file.clone();
        for block in &mut ch.blocks {
            map_inlines_in_block(block, &mut |inline| {
                let Inline::Cite(cites, content) = inline else {
                    return;
                };
                let Some(target) = cites.first().map(|c| c.citationId.clone()) else {
                    return;
                };
                let content = std::mem::take(content);
                let Some(target_file) = files.get(&target) else {
                    diags.push(
                        Diagnostic::warning(
                            "epub-citation",
                            format!("citation of {target} has no reference entry"),
                        )
                        .lang(primary.lang.to_string())
                        .hint(
                            "check the reference list: the entry may be missing or have another ID",
                        ),
                    );
                    *inline = Inline::Span(
                        (String::new(), vec!["citation".into()], Vec::new()),
                        content,
                    );
                    return;
                };
                let list = cited.entry(target.clone()).or_default();
                let anchor = format!("cite-{target}-{}", list.len() + 1);
                list.push((anchor.clone(), file.clone()));
                let href = if *target_file == file {
                    format!("#{target}")
                } else {
                    format!("{target_file}#{target}")
                };
                *inline = Inline::Link(
                    (
                        anchor,
                        vec!["citation".into()],
                        vec![
                            ("epub:type".into(), "noteref".into()),
                            ("role".into(), "doc-biblioref".into()),
                        ],
                    ),
                    content,
                    (href, String::new()),
                );
            });
        }
    }
    for ch in chapters.iter_mut() {
        let file = ch.file.clone();
        pandoc::walk_segments_mut(&mut ch.blocks, &mut |block, kind| {
            if kind != SegmentKind::Reference {
                return;
            }
            let Block::Div(attr, _) = block else { return };
            pandoc::attr_set(attr, "epub:type", "biblioentry");
            let id = attr.0.clone();
            // a counterpart entry (or a stand-in) says its language; the others are the document's
            let lang = pandoc::attr_get(attr, "lang")
                .and_then(|l| Lang::parse(l).ok())
                .unwrap_or_else(|| primary.lang.clone());
            let Some(sources) = cited.get(&id) else {
                return;
            };
            let label = labels
                .back_to_citation
                .get(&lang)
                .cloned()
                .unwrap_or_else(|| "↩".into());
            let mut links = Vec::new();
            for (i, (anchor, anchor_file)) in sources.iter().enumerate() {
                let href = if *anchor_file == file {
                    format!("#{anchor}")
                } else {
                    format!("{anchor_file}#{anchor}")
                };
                let text = if sources.len() == 1 {
                    "↩".to_string()
                } else {
                    format!("↩{}", i + 1)
                };
                links.push(Inline::Space);
                links.push(Inline::Link(
                    (
                        String::new(),
                        vec!["backlink".into()],
                        vec![
                            ("role".into(), "doc-backlink".into()),
                            (
                                "aria-label".into(),
                                if sources.len() == 1 {
                                    label.clone()
                                } else {
                                    format!("{label} {}", i + 1)
                                },
                            ),
                        ],
                    ),
                    vec![Inline::Str(text)],
                    (href, String::new()),
                ));
            }
            append_inlines(block, links);
        });
    }
}
