//! Markup written on trial: what the writer writes for consecutive pieces of a paragraph's
//! inlines, with the writer left as it was (the facing editions' split paragraphs, issue 20).

use std::ops::Range;

use pandoc_ast::Inline;

use super::Writer;

impl Writer<'_> {
    /// The markup [`Self::inlines`] writes for each of `ranges` of `x` in turn, as if inside
    /// segment `seg`'s block; the writer is left as it was before (its output, citation numbering,
    /// diagnostics), so that the paragraph is then written whole with the same citation labels.
    /// Ranges that cover `x` end to end at inline boundaries concatenate to the markup of `x`.
    pub fn inline_pieces(
        &mut self,
        seg: &str,
        x: &[Inline],
        ranges: &[Range<usize>],
    ) -> Vec<String> {
        let (len, diags, flattened) = (self.out.len(), self.diags.len(), self.flattened);
        let outer = (
            std::mem::replace(&mut self.seg, seg.to_string()),
            self.cite_k,
        );
        self.cite_k = 0;
        // A segment's paragraph is written one block deeper than the unit (see `Self::block`).
        self.depth += 1;
        let pieces = ranges
            .iter()
            .map(|r| {
                let at = self.out.len();
                self.inlines(x.get(r.clone()).unwrap_or_default());
                self.out[at..].to_string()
            })
            .collect();
        self.depth -= 1;
        self.out.truncate(len);
        self.diags.truncate(diags);
        self.flattened = flattened;
        (self.seg, self.cite_k) = outer;
        pieces
    }

    /// The label of segment `id` in this writer's output (`en-p3` in a facing edition), or
    /// `None` when it cannot be a Typst label (the writer reports it where it writes the segment).
    pub fn label_for(&self, id: &str) -> Option<String> {
        let label = self.label(id);
        typst::syntax::is_valid_label_literal_id(&label).then_some(label)
    }
}
