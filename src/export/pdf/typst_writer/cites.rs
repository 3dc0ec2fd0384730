//! Counting the citations the Typst writer writes as links (for the back-links of each reference
//! entry): the same depth and nesting limits as the writer, so the counts match what is linked.

use std::collections::{BTreeMap, BTreeSet};

use pandoc_ast::{Block, Inline};

use super::MAX_TYPST_NESTING;
use crate::pandoc;

pub(super) fn count_cites_blocks(
    blocks: &[Block],
    ids: &BTreeSet<String>,
    out: &mut BTreeMap<String, usize>,
) {
    count_cites_blocks_at(blocks, ids, out, (0, 0))
}

/// Where a walk of [`count_cites_blocks`] is: (blocks and inlines entered, inline containers
/// enclosing), so that it counts exactly the citations the writer writes as links: none past
/// [`pandoc::MAX_WRITE_DEPTH`] or inside more than [`MAX_TYPST_NESTING`] containers.
type Depth = (usize, usize);

fn count_cites_blocks_at(
    blocks: &[Block],
    ids: &BTreeSet<String>,
    out: &mut BTreeMap<String, usize>,
    (depth, nesting): Depth,
) {
    if depth >= pandoc::MAX_WRITE_DEPTH {
        return;
    }
    let at = (depth + 1, nesting);
    for b in blocks {
        match b {
            Block::Plain(x) | Block::Para(x) | Block::Header(_, _, x) => {
                count_cites(x, ids, out, at)
            }
            Block::LineBlock(lines) => lines.iter().for_each(|l| count_cites(l, ids, out, at)),
            Block::BlockQuote(inner) | Block::Div(_, inner) | Block::Figure(_, _, inner) => {
                count_cites_blocks_at(inner, ids, out, at)
            }
            Block::BulletList(items) | Block::OrderedList(_, items) => items
                .iter()
                .for_each(|i| count_cites_blocks_at(i, ids, out, at)),
            Block::DefinitionList(items) => {
                for (term, defs) in items {
                    count_cites(term, ids, out, at);
                    defs.iter()
                        .for_each(|d| count_cites_blocks_at(d, ids, out, at));
                }
            }
            Block::Table(_, caption, _, head, bodies, foot) => {
                let rows = head
                    .1
                    .iter()
                    .chain(bodies.iter().flat_map(|b| b.2.iter().chain(b.3.iter())))
                    .chain(foot.1.iter());
                for (_, cells) in rows {
                    for cell in cells {
                        count_cites_blocks_at(&cell.4, ids, out, at);
                    }
                }
                count_cites_blocks_at(&caption.1, ids, out, at);
            }
            _ => {}
        }
    }
}

pub(super) fn count_cites(
    xs: &[Inline],
    ids: &BTreeSet<String>,
    out: &mut BTreeMap<String, usize>,
    (depth, nesting): Depth,
) {
    for x in xs {
        let container = pandoc::inline_children(x).is_some() || matches!(x, Inline::Note(_));
        // As `Writer::inline`: such an inline is written as plain text.
        if depth >= pandoc::MAX_WRITE_DEPTH || (container && nesting >= MAX_TYPST_NESTING) {
            continue;
        }
        let inner = (depth + 1, nesting + usize::from(container));
        match x {
            Inline::Cite(cs, _) => {
                for c in cs {
                    if ids.contains(&c.citationId) {
                        *out.entry(c.citationId.clone()).or_insert(0) += 1;
                    }
                }
            }
            Inline::Emph(i)
            | Inline::Underline(i)
            | Inline::Strong(i)
            | Inline::Strikeout(i)
            | Inline::Superscript(i)
            | Inline::Subscript(i)
            | Inline::SmallCaps(i)
            | Inline::Quoted(_, i)
            | Inline::Link(_, i, _)
            | Inline::Image(_, i, _)
            | Inline::Span(_, i) => count_cites(i, ids, out, inner),
            Inline::Note(blocks) => count_cites_blocks_at(blocks, ids, out, inner),
            _ => {}
        }
    }
}
