//! Citations: the index of every citation of each reference entry (for back-links) and the
//! one citation-ID scheme (`cite-<segment>-<k>`) both walkers use.

use super::*;

/// Entry ID -> (citation element ID, citing segment ID) for every citation, in document order.
pub type CitationIndex = BTreeMap<String, Vec<(String, String)>>;

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

pub(super) fn cite_element_id(seg: &str, k: usize) -> String {
    if seg.is_empty() {
        format!("cite-{k}")
    } else {
        format!("cite-{seg}-{k}")
    }
}

pub(super) type CiteVisitor<'v> = dyn FnMut(&str, &str, &[pandoc_ast::Citation]) + 'v;

/// Walks blocks in the order the writer renders them, numbering citations per segment.
pub(super) fn visit_cites(blocks: &[Block], seg: &mut String, k: &mut usize, f: &mut CiteVisitor) {
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

pub(super) fn visit_inline_cites(
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
