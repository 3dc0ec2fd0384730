//! The shape of one EPUB: the primary document split into one file per section, where every ID
//! lives, and each segment's counterpart in a bilingual edition.
//!
//! Nothing here writes markup; that is [`super::content`] with the shared serializer.

use crate::model::{Document, Lang, SegmentTable};
use crate::pandoc;
use pandoc_ast::{Attr, Block, Inline};
use std::collections::BTreeMap;

/// What a content document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChapterKind {
    /// Everything before the first heading at the split level: the title and the opening
    /// paragraphs.
    Opening,
    /// One heading at the split level (or above it) and what follows it up to the next.
    Section,
    /// The references heading and the reference list.
    References,
}

/// A heading as the navigation document lists it.
#[derive(Debug, Clone)]
pub struct TocEntry {
    pub level: i64,
    /// Whether this is the document's title (a sibling of the top-level sections in the TOC).
    pub title: bool,
    pub id: String,
    /// Plain text in the primary language.
    pub text: String,
    /// The heading's content in the primary language.
    pub inlines: Vec<Inline>,
    /// The counterpart heading's content and language (bilingual editions; the language is the
    /// counterpart document's, or a stand-in's own).
    pub counterpart: Option<(Lang, Vec<Inline>)>,
}

/// One XHTML content document.
#[derive(Debug, Clone)]
pub struct Chapter<'a> {
    /// File name inside the package directory (`title.xhtml`, `h1.xhtml`, `references.xhtml`).
    pub file: String,
    pub kind: ChapterKind,
    /// Its top-level blocks: a slice of the document's, never a copy.
    pub blocks: &'a [Block],
    /// The headings in this file, in order (the first one titles the file).
    pub headings: Vec<TocEntry>,
}

/// The ID a counterpart segment gets in a bilingual edition: `<lang>-<id>` (`ar-p3`).
pub fn counterpart_id(lang: &Lang, id: &str) -> String {
    format!("{lang}-{id}")
}

/// One book's plan: its files, and for a bilingual book the counterpart of each segment.
pub struct Plan<'a> {
    pub chapters: Vec<Chapter<'a>>,
    /// Counterpart segment blocks by (shared) segment ID.
    pub counterparts: BTreeMap<String, &'a Block>,
    /// The file every (unprefixed) ID of the primary document lives in; a counterpart lives in
    /// the file of the segment it follows.
    pub files: BTreeMap<String, String>,
}

/// Splits `primary` into chapters and takes each unit's counterpart from the edition's segment
/// table (issue 13: paired once, in `align`, which reports a defect of the pairing), with the
/// segments inside a list, table, quote or figure counterpart for the links between them.
pub fn plan<'a>(
    primary: &'a Document,
    counterpart: Option<&'a Document>,
    table: &SegmentTable,
    split_level: Option<i64>,
) -> Plan<'a> {
    let level = split_level
        .or_else(|| pandoc::top_heading_level(&primary.ast.blocks))
        .unwrap_or(2);
    let mut chapters = split(&primary.ast.blocks, level);
    let mut counterparts = BTreeMap::new();
    if let Some(other) = counterpart {
        let theirs = pandoc::containers::units(&other.ast.blocks);
        let columns = (table.column(&primary.lang), table.column(&other.lang));
        if let (Some(pc), Some(oc)) = columns {
            for row in &table.rows {
                let (Some(Some(_)), Some(Some(k))) = (row.cells.get(pc), row.cells.get(oc)) else {
                    continue;
                };
                let Some((_, block)) = theirs.get(*k) else {
                    continue;
                };
                counterparts.insert(row.id.clone(), *block);
                pandoc::walk_segments(std::slice::from_ref(*block), &mut |b, _, attr| {
                    counterparts.entry(attr.0.clone()).or_insert(b);
                });
            }
        }
        for ch in &mut chapters {
            for h in &mut ch.headings {
                if let Some(Block::Header(_, attr, inlines)) = counterparts.get(&h.id) {
                    h.counterpart = Some((block_lang(attr, &other.lang), inlines.clone()));
                }
            }
        }
    }
    let files = id_files(&chapters);
    Plan {
        chapters,
        counterparts,
        files,
    }
}

/// Splits top-level blocks at headings of level `split_level` or above (one file per section;
/// the title opens the first); the references heading (class `references-heading`) or a bare
/// reference list (`Div` class `references`) opens the references file.
pub fn split(blocks: &[Block], split_level: i64) -> Vec<Chapter<'_>> {
    let mut chapters: Vec<Chapter> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let opens = match block {
            Block::Header(level, attr, _)
                if *level <= split_level
                    || has_class(attr, "title")
                    || has_class(attr, "references-heading") =>
            {
                Some(if has_class(attr, "references-heading") {
                    ChapterKind::References
                } else if (*level == 1 || has_class(attr, "title")) && chapters.is_empty() {
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
                blocks: &[],
                headings: Vec::new(),
            });
            starts.push(i);
        }
        let ch = chapters.last_mut().expect("a chapter is open");
        if let Block::Header(level, attr, inlines) = block {
            ch.headings.push(TocEntry {
                level: *level,
                title: has_class(attr, "title"),
                id: attr.0.clone(),
                text: pandoc::stringify(inlines),
                inlines: inlines.clone(),
                counterpart: None,
            });
        }
    }
    // Each chapter is the run of blocks from its start to the next chapter's.
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .copied()
        .chain([blocks.len()])
        .collect();
    for ((ch, s), e) in chapters.iter_mut().zip(&starts).zip(ends) {
        ch.blocks = &blocks[*s..e];
    }
    name_files(&mut chapters);
    chapters
}

/// `references.xhtml` for the references, else the first ID in the file (`title.xhtml`,
/// `h1.xhtml`): names that stay put when other sections change. Clashes get a numeric suffix.
fn name_files(chapters: &mut [Chapter]) {
    let mut used: Vec<String> = vec!["nav".into()];
    // the reference list is `references.xhtml` whatever the sections' IDs: name it first
    for refs_first in [true, false] {
        for (i, ch) in chapters.iter_mut().enumerate() {
            let is_refs = ch.kind == ChapterKind::References;
            if is_refs != refs_first {
                continue;
            }
            let base = if is_refs {
                "references".to_string()
            } else {
                first_id(ch.blocks)
                    .filter(|id| is_safe_file_stem(id))
                    .unwrap_or_else(|| format!("section-{}", i + 1))
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

/// The language of a segment: its own `lang` (a stand-in), else its document's.
pub fn block_lang(attr: &Attr, doc_lang: &Lang) -> Lang {
    pandoc::attr_get(attr, "lang")
        .and_then(|l| Lang::parse(l).ok())
        .unwrap_or_else(|| doc_lang.clone())
}

pub fn has_class(attr: &Attr, class: &str) -> bool {
    attr.1.iter().any(|c| c == class)
}

/// Every ID in the chapters (blocks and spans) and the file it lives in.
fn id_files(chapters: &[Chapter]) -> BTreeMap<String, String> {
    fn blocks(bs: &[Block], file: &str, map: &mut BTreeMap<String, String>) {
        for b in bs {
            let mut put = |attr: &Attr| {
                if !attr.0.is_empty() {
                    map.insert(attr.0.clone(), file.to_string());
                }
            };
            match b {
                Block::Header(_, attr, _) | Block::CodeBlock(attr, _) => put(attr),
                Block::Div(attr, inner) | Block::Figure(attr, _, inner) => {
                    put(attr);
                    blocks(inner, file, map);
                }
                Block::BlockQuote(inner) => blocks(inner, file, map),
                Block::BulletList(items) | Block::OrderedList(_, items) => {
                    items.iter().for_each(|i| blocks(i, file, map))
                }
                _ => {}
            }
        }
    }
    let mut map = BTreeMap::new();
    for ch in chapters {
        blocks(ch.blocks, &ch.file, &mut map);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pandoc::text_inlines;

    fn seg_attr(id: &str, classes: &[&str]) -> Attr {
        (
            id.into(),
            classes.iter().map(|c| c.to_string()).collect(),
            vec![("fingerprint".into(), "f".into())],
        )
    }
    fn para(id: &str) -> Block {
        Block::Div(
            seg_attr(id, &["paragraph"]),
            vec![Block::Para(text_inlines(id))],
        )
    }
    fn head(level: i64, id: &str, classes: &[&str]) -> Block {
        Block::Header(level, seg_attr(id, classes), text_inlines(id))
    }
    fn refs() -> Block {
        Block::Div(
            ("refs".into(), vec!["references".into()], vec![]),
            vec![Block::Div(
                seg_attr("ref-1", &["csl-entry"]),
                vec![Block::Para(text_inlines("r"))],
            )],
        )
    }
    fn files<'c>(chapters: &'c [Chapter]) -> Vec<(&'c str, ChapterKind, usize)> {
        chapters
            .iter()
            .map(|c| (c.file.as_str(), c.kind, c.blocks.len()))
            .collect()
    }

    #[test]
    fn splits_at_level_two_headings_with_references_apart() {
        let blocks = vec![
            head(1, "title", &["title"]),
            para("p1"),
            head(2, "h1", &[]),
            para("p2"),
            head(3, "h2", &[]),
            para("p3"),
            head(2, "h3", &["references-heading"]),
            refs(),
        ];
        let ch = split(&blocks, 2);
        use ChapterKind::*;
        assert_eq!(
            files(&ch),
            [
                ("title.xhtml", Opening, 2),
                ("h1.xhtml", Section, 4),
                ("references.xhtml", References, 2)
            ]
        );
        let levels: Vec<(i64, &str)> = ch[1]
            .headings
            .iter()
            .map(|h| (h.level, h.id.as_str()))
            .collect();
        assert_eq!(levels, [(2, "h1"), (3, "h2")]);
    }

    #[test]
    fn a_bare_reference_list_and_a_missing_title_still_split() {
        let blocks = vec![para("p1"), head(2, "h1", &[]), para("p2"), refs()];
        let ch = split(&blocks, 2);
        use ChapterKind::*;
        assert_eq!(
            files(&ch),
            [
                ("p1.xhtml", Opening, 1),
                ("h1.xhtml", Section, 2),
                ("references.xhtml", References, 1)
            ]
        );
        assert!(ch[2].headings.is_empty());
    }

    #[test]
    fn file_names_never_clash() {
        // a heading whose ID is `nav` or `references` must not overwrite those files
        let blocks = vec![
            head(1, "nav", &[]),
            head(2, "references", &[]),
            para("p1"),
            head(2, "h9", &["references-heading"]),
            refs(),
        ];
        let names: Vec<String> = split(&blocks, 2).into_iter().map(|c| c.file).collect();
        assert_eq!(
            names,
            ["nav-2.xhtml", "references-2.xhtml", "references.xhtml"]
        );
    }
}
