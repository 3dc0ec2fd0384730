//! The one citation index (issue 13): every `Cite` of a document numbered per segment in the
//! order the writers write it, giving each its ID ([`crate::model::cite_id`]); HTML, EPUB and
//! PDF all take their citation IDs and back-links from it.

use super::{inline_children, segment_kind, MAX_WRITE_DEPTH};
use crate::model::{cite_id, Citation, CitationIndex, Document};
use pandoc_ast::{Block, Citation as Cited, Inline};

/// The citations of every reference entry of `doc`, in document order ([`CitationIndex`]).
pub fn index(doc: &Document) -> CitationIndex {
    let mut index = CitationIndex::new();
    let mut walk = Walk {
        seg: String::new(),
        k: 0,
        visit: &mut |id: &str, seg: &str, nesting, cites: &[Cited]| {
            for (i, c) in cites.iter().enumerate() {
                // A `Cite` naming an entry twice is still one place to come back to.
                if cites[..i].iter().any(|p| p.citationId == c.citationId) {
                    continue;
                }
                index
                    .entry(c.citationId.clone())
                    .or_default()
                    .push(Citation {
                        id: id.to_string(),
                        segment: seg.to_string(),
                        nesting,
                    });
            }
        },
    };
    walk.blocks(&doc.ast.blocks, 0, 0);
    index
}

/// How many citations of segment `seg` the index numbers in `inlines`, a list that sits
/// `depth` blocks and inlines deep (as the writers count it): what a writer that sets them as
/// plain text skips in its own numbering, to stay in step with the index.
pub fn count(inlines: &[Inline], seg: &str, depth: usize) -> usize {
    let mut n = 0;
    let mut walk = Walk {
        seg: seg.to_string(),
        k: 0,
        visit: &mut |_: &str, s: &str, _, _: &[Cited]| n += usize::from(s == seg),
    };
    walk.inlines(inlines, depth, 0);
    n
}

/// Called per `Cite`: its ID, its segment, the inline containers around it, what it cites.
type Visit<'v> = dyn FnMut(&str, &str, usize, &[Cited]) + 'v;

/// A walk in the writers' order, with the segment being walked and its citations so far.
struct Walk<'v> {
    seg: String,
    k: usize,
    visit: &'v mut Visit<'v>,
}

impl Walk<'_> {
    /// `blocks` `depth` levels down: no deeper than the writers write structure
    /// ([`MAX_WRITE_DEPTH`]); `nesting` inline containers around them (inside a note).
    fn blocks(&mut self, blocks: &[Block], depth: usize, nesting: usize) {
        if depth >= MAX_WRITE_DEPTH {
            return;
        }
        let d = depth + 1;
        for b in blocks {
            let saved = segment_kind(b).map(|(_, a)| {
                let prev = (std::mem::replace(&mut self.seg, a.0.clone()), self.k);
                self.k = 0;
                prev
            });
            self.block(b, d, nesting);
            if let Some((seg, k)) = saved {
                self.seg = seg;
                self.k = k;
            }
        }
    }

    fn block(&mut self, b: &Block, d: usize, nesting: usize) {
        match b {
            Block::Plain(x) | Block::Para(x) | Block::Header(_, _, x) => {
                self.inlines(x, d, nesting)
            }
            Block::LineBlock(lines) => lines.iter().for_each(|l| self.inlines(l, d, nesting)),
            Block::BlockQuote(x) | Block::Div(_, x) => self.blocks(x, d, nesting),
            Block::OrderedList(_, items) | Block::BulletList(items) => {
                items.iter().for_each(|i| self.blocks(i, d, nesting))
            }
            Block::DefinitionList(items) => {
                for (term, defs) in items {
                    self.inlines(term, d, nesting);
                    defs.iter().for_each(|x| self.blocks(x, d, nesting));
                }
            }
            Block::Figure(_, caption, body) => {
                self.blocks(body, d, nesting);
                self.blocks(&caption.1, d, nesting);
            }
            Block::Table(_, caption, _, head, bodies, foot) => {
                self.blocks(&caption.1, d, nesting);
                let rows = head
                    .1
                    .iter()
                    .chain(bodies.iter().flat_map(|b| b.2.iter().chain(b.3.iter())))
                    .chain(foot.1.iter());
                for row in rows {
                    row.1.iter().for_each(|c| self.blocks(&c.4, d, nesting));
                }
            }
            _ => {}
        }
    }

    fn inlines(&mut self, inlines: &[Inline], depth: usize, nesting: usize) {
        if depth >= MAX_WRITE_DEPTH {
            return;
        }
        let d = depth + 1;
        for i in inlines {
            match i {
                Inline::Cite(cites, _) => {
                    self.k += 1;
                    (self.visit)(&cite_id(&self.seg, self.k), &self.seg, nesting, cites);
                }
                Inline::Note(blocks) => {
                    let seg = self.seg.clone();
                    self.blocks(blocks, d, nesting + 1);
                    self.seg = seg;
                }
                other => {
                    if let Some(x) = inline_children(other) {
                        self.inlines(x, d, nesting + 1);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use pandoc_ast::Pandoc;

    use crate::normalize::inline::cite;

    fn para(id: &str, x: Vec<Inline>) -> Block {
        Block::Div(
            (
                id.into(),
                vec!["paragraph".into()],
                vec![(crate::pandoc::FINGERPRINT_KEY.into(), "f".into())],
            ),
            vec![Block::Para(x)],
        )
    }

    #[test]
    fn each_citation_has_one_id_numbered_in_its_segment_issue_13() {
        let doc = Document {
            lang: Lang::parse("en").unwrap(),
            ast: Pandoc {
                meta: Default::default(),
                blocks: vec![
                    para("p1", vec![cite(1), Inline::Emph(vec![cite(2)]), cite(1)]),
                    para("p2", vec![cite(1)]),
                ],
                pandoc_api_version: vec![1, 23],
            },
        };
        let index = index(&doc);
        let ids = |r: &str| -> Vec<(String, String, usize)> {
            index[r]
                .iter()
                .map(|c| (c.id.clone(), c.segment.clone(), c.nesting))
                .collect()
        };
        let c = |id: &str, seg: &str, n: usize| (id.to_string(), seg.to_string(), n);
        // Cited three times: three distinct IDs, so three back-links.
        assert_eq!(
            ids("ref-1"),
            vec![
                c("cite-p1-1", "p1", 0),
                c("cite-p1-3", "p1", 0),
                c("cite-p2-1", "p2", 0)
            ]
        );
        assert_eq!(ids("ref-2"), vec![c("cite-p1-2", "p1", 1)]);
        let Block::Div(_, inner) = &doc.ast.blocks[0] else {
            unreachable!()
        };
        let Block::Para(x) = &inner[0] else {
            unreachable!()
        };
        assert_eq!(count(x, "p1", 2), 3);
        assert_eq!(count(&x[1..2], "p1", 2), 1);
        assert_eq!(count(x, "p1", MAX_WRITE_DEPTH), 0);
    }
}
