//! Citations in Typst: each `Cite` labelled with its ID from the edition's citation index
//! ([`crate::model::cite_id`], as in HTML and EPUB), and each reference entry's back-links.

use std::fmt::Write as _;

use pandoc_ast::{Citation, Inline};

use super::{internal_link, Writer, MAX_TYPST_NESTING};

impl Writer<'_> {
    /// A citation: a link to the first entry it names that the document has, labelled with its
    /// ID; numbered as the citation index numbers it whether or not it is written as a link.
    pub(super) fn cite(&mut self, citations: &[Citation], xs: &[Inline]) {
        self.cite_k += 1;
        let label = self.label(&crate::model::cite_id(&self.seg, self.cite_k));
        let Some(first) = citations
            .iter()
            .map(|c| c.citationId.as_str())
            .find(|id| self.ids.contains(*id))
        else {
            self.inlines(xs);
            return;
        };
        let target = self.label(first);
        let _ = write!(self.out, "#link({})[", internal_link(&target));
        self.inlines(xs);
        self.out.push(']');
        if typst::syntax::is_valid_label_literal_id(&label) {
            let _ = write!(self.out, "<{label}>");
        }
    }

    /// Links from a reference entry back to each place that cites it: every citation of the
    /// index this writer writes as a link (not one nested past [`MAX_TYPST_NESTING`]).
    pub(super) fn backlinks(&mut self, ref_id: &str) {
        let targets: Vec<String> = self
            .citations
            .get(ref_id)
            .into_iter()
            .flatten()
            .filter(|c| c.nesting < MAX_TYPST_NESTING)
            .map(|c| self.label(&c.id))
            .filter(|l| typst::syntax::is_valid_label_literal_id(l))
            .collect();
        let n = targets.len();
        for (i, target) in targets.iter().enumerate() {
            let k = i + 1;
            let mark = if n == 1 {
                "↑".to_string()
            } else {
                format!("↑#super[{k}]")
            };
            let _ = write!(self.out, " #link({})[{mark}]", internal_link(target));
        }
    }
}
