//! Blocks that hold segments without being one (lists, tables, block quotes, figures, plain
//! Divs): where the segment walkers descend, and the "units" the parallel editions set in rows.

use super::segment_kind;
use crate::model::SegmentKind;
use pandoc_ast::{Block, Row};

/// The block lists directly inside a non-segment block, in document order.
pub fn children(block: &Block) -> Vec<&[Block]> {
    fn rows(rows: &[Row]) -> Vec<&[Block]> {
        rows.iter()
            .flat_map(|r| r.1.iter().map(|c| c.4.as_slice()))
            .collect()
    }
    match block {
        Block::Div(_, inner) | Block::BlockQuote(inner) => vec![inner.as_slice()],
        Block::BulletList(items) | Block::OrderedList(_, items) => {
            items.iter().map(Vec::as_slice).collect()
        }
        Block::DefinitionList(items) => items
            .iter()
            .flat_map(|(_, defs)| defs.iter().map(Vec::as_slice))
            .collect(),
        Block::Figure(_, caption, body) => vec![caption.1.as_slice(), body.as_slice()],
        Block::Table(_, caption, _, head, bodies, foot) => {
            let mut v = vec![caption.1.as_slice()];
            v.extend(rows(&head.1));
            for b in bodies {
                v.extend(rows(&b.2));
                v.extend(rows(&b.3));
            }
            v.extend(rows(&foot.1));
            v
        }
        _ => vec![],
    }
}

/// Mutable variant of [`children`] (same order).
pub fn children_mut(block: &mut Block) -> Vec<&mut Vec<Block>> {
    fn rows(rows: &mut [Row]) -> impl Iterator<Item = &mut Vec<Block>> {
        rows.iter_mut()
            .flat_map(|r| r.1.iter_mut().map(|c| &mut c.4))
    }
    match block {
        Block::Div(_, inner) | Block::BlockQuote(inner) => vec![inner],
        Block::BulletList(items) | Block::OrderedList(_, items) => items.iter_mut().collect(),
        Block::DefinitionList(items) => items.iter_mut().flat_map(|(_, d)| d.iter_mut()).collect(),
        Block::Figure(_, caption, body) => vec![&mut caption.1, body],
        Block::Table(_, caption, _, head, bodies, foot) => {
            let mut v: Vec<&mut Vec<Block>> = vec![&mut caption.1];
            v.extend(rows(&mut head.1));
            for b in bodies.iter_mut() {
                v.extend(rows(&mut b.2));
                v.extend(rows(&mut b.3));
            }
            v.extend(rows(&mut foot.1));
            v
        }
        _ => vec![],
    }
}

/// The first segment ID inside a block (the block itself when it is a segment).
pub fn first_segment_id(block: &Block) -> Option<&str> {
    first_at(block, 0)
}

fn first_at(block: &Block, depth: usize) -> Option<&str> {
    if depth >= super::MAX_WRITE_DEPTH {
        return None;
    }
    if let Some((_, attr)) = segment_kind(block) {
        return Some(attr.0.as_str());
    }
    children(block)
        .into_iter()
        .flat_map(|bs| bs.iter())
        .find_map(|b| first_at(b, depth + 1))
}

/// The units a parallel edition sets one per row, in document order, each with its row ID: a
/// segment (its ID), or a list, table, block quote or figure holding segments (the ID of its
/// first segment), so a whole list or table stands side by side with its translation; a source's
/// fenced div without headings is a unit too, and other Divs (the reference and footnote lists)
/// are looked into.
pub fn units(blocks: &[Block]) -> Vec<(&str, &Block)> {
    let mut out = Vec::new();
    units_at(blocks, &mut out, 0);
    out
}

fn units_at<'a>(blocks: &'a [Block], out: &mut Vec<(&'a str, &'a Block)>, depth: usize) {
    if depth >= super::MAX_WRITE_DEPTH {
        return;
    }
    for b in blocks {
        if let Some((_, attr)) = segment_kind(b) {
            out.push((attr.0.as_str(), b));
        } else if let Some(id) = wrapper_unit(b) {
            // A source's fenced div (`.note`) stands whole in its row, its wrapper kept.
            out.push((id, b));
        } else if let Block::Div(_, inner) = b {
            units_at(inner, out, depth + 1);
        } else if let Some(id) = first_segment_id(b) {
            out.push((id, b));
        }
    }
}

/// The row ID of a Div that is a unit of its own: a source's fenced div (issue 16: `::: {.note}`)
/// holding segments but no heading; stele's reference and footnote lists and a div around whole
/// sections are looked into instead.
fn wrapper_unit(b: &Block) -> Option<&str> {
    let Block::Div(a, inner) = b else {
        return None;
    };
    if a.1.iter().any(|c| c == "references" || c == "footnotes") {
        return None;
    }
    let mut heading = false;
    super::walk_segments(inner, &mut |_, kind, _| {
        heading |= matches!(kind, SegmentKind::Heading | SegmentKind::Title)
    });
    if heading {
        return None;
    }
    first_segment_id(b)
}

/// Whether a unit is a container (not itself a segment).
pub fn is_container(block: &Block) -> bool {
    segment_kind(block).is_none()
}
