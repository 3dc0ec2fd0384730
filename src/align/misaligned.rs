//! The `misaligned` finding (issue 14): a div whose text matches a neighbouring source segment
//! clearly better than its own. Its own module, beside [`super::checks`], because it scores pairs
//! with the import aligner's anchors ([`super::import`]), which use the checks' text primitives:
//! inside `checks` that would be an import cycle (issue 13).

use crate::align::checks::{Ctx, Pair};
use crate::align::import::{evidence, Anchors, Terms};
use crate::diag::{Diagnostic, Severity};
use crate::model::Lang;

/// `misaligned` (issue 14): the div's text matches a neighbouring source segment (±1, ±2 among
/// the translated ones) clearly better than its own, by the anchors that hold across languages
/// (numbers, `[n]` markers, URLs and addresses, Latin-script tokens kept). Strong evidence only:
/// the neighbour accounts for at least three anchors with at most one in four unmatched, and at
/// least two more than the own segment, which leaves at least two unmatched (and two more than
/// the neighbour does).
///
/// `src` holds each pair's source anchors ([`source_anchors`]).
pub fn run(pairs: &[Pair], src: &[&Anchors], ctx: &Ctx) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let none = Terms::default();
    for (k, p) in pairs.iter().enumerate() {
        let t = Anchors::of(p.text, ctx.lang.script(), &none, false);
        let own = evidence(src[k], &t);
        let best = [k.wrapping_sub(2), k.wrapping_sub(1), k + 1, k + 2]
            .into_iter()
            .filter(|j| *j < pairs.len())
            .map(|j| (j, evidence(src[j], &t)))
            .filter(|(_, e)| e.matched >= 3 && e.unmatched * 4 <= e.matched)
            .max_by_key(|(_, e)| e.matched);
        if let Some((j, nb)) = best {
            if nb.matched >= own.matched + 2
                && own.unmatched >= 2
                && own.unmatched > nb.unmatched + 1
            {
                out.push(ctx.finding(
                    Severity::Warning,
                    "misaligned",
                    p,
                    format!(
                        "the text matches source segment {} better than its own: {} of its numbers, markers, links and names agree with {}, {} with {} ({} unmatched)",
                        pairs[j].seg.id, nb.matched, pairs[j].seg.id, own.matched, p.seg.id, own.unmatched
                    ),
                    "check that the text is in the right div (a shifted import or a paste into the wrong place); move it, or silence with ignore=\"misaligned\"",
                ));
            }
        }
    }
    out
}

/// The anchors of every source segment's text, in source order: the same for every language, so
/// worked out once per build, on every core (per language, they were a tenth of a book's
/// HTML+EPUB build: issue 13).
pub fn source_anchors(segments: &[crate::normalize::SourceSegment], lang: &Lang) -> Vec<Anchors> {
    use rayon::prelude::*;
    let none = Terms::default();
    segments
        .par_iter()
        .map(|s| Anchors::of(&s.text, lang.script(), &none, true))
        .collect()
}
