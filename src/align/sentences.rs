//! Sentence alignment inside paragraphs (issue 19): a current translation's sentences paired with
//! its source segment's, by the import aligner at sentence granularity, and recorded as spans.
//!
//! Sentence boundaries are [`text::sentence_starts`] (UAX #29 plus the language's
//! abbreviations and initials) taken at the top level of the segment's inlines only: a boundary
//! inside a quotation, emphasis or link does not split it. In the ASTs a sentence is
//! `Span(("p12.s3", ["sentence"], [("counterpart", "p12.s2 p12.s3")]), …)`: the source's spans
//! are numbered in source order and carry no counterpart (a source serves every language); a
//! translation's spans are numbered in its own order and name the source sentences they render
//! (`counterpart=""`: none, a sentence added by the translator).

use super::import::{self, Anchors, Move, Terms};
use super::text;
use crate::model::Lang;
use crate::pandoc;
use pandoc_ast::{Block, Inline};
use std::collections::BTreeSet;
use std::ops::Range;

pub use crate::pandoc::{COUNTERPART_KEY as COUNTERPART, SENTENCE_CLASS as CLASS};

/// Spread of the log length ratio of sentence pairs (wider than of paragraphs: a translator
/// moves a clause from one sentence to the next more often than from one paragraph).
const SIGMA: f64 = 0.25;

/// The document's length ratio (translation over source characters, without spaces): the
/// median over the current prose segments, so that one truncated or padded translation does not
/// shift the expectation for every sentence pair.
pub fn ratio<'a>(pairs: impl Iterator<Item = (&'a [Inline], &'a [Inline])>) -> f64 {
    let chars = |x: &[Inline]| {
        pandoc::stringify(x)
            .chars()
            .filter(|c| !c.is_whitespace())
            .count()
    };
    let mut r: Vec<f64> = pairs
        .map(|(s, t)| (chars(s), chars(t)))
        .filter(|(a, b)| *a > 0 && *b > 0)
        .map(|(a, b)| b as f64 / a as f64)
        .collect();
    if r.is_empty() {
        return 1.0;
    }
    r.sort_by(f64::total_cmp);
    r[r.len() / 2]
}

/// One link of a segment's sentence alignment: 0-based source and target sentence indices.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SentenceLink {
    /// `1:1`, `1:0`, `0:1`, `2:1`, `1:2`, or `1:n`/`n:1` where one side has a single sentence.
    pub kind: String,
    pub src: Vec<usize>,
    pub tgt: Vec<usize>,
    pub score: f64,
}

/// A segment's sentences on both sides and how they pair.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentSentences {
    pub src: Vec<Range<usize>>,
    pub tgt: Vec<Range<usize>>,
    pub links: Vec<SentenceLink>,
}

/// Sentence ranges of `inlines` (top-level indices), without the spaces between sentences.
pub fn split(inlines: &[Inline], lang: &Lang) -> Vec<Range<usize>> {
    let mut text = String::new();
    let mut offsets = Vec::with_capacity(inlines.len());
    for x in inlines {
        offsets.push(text.len());
        text.push_str(&pandoc::stringify(std::slice::from_ref(x)));
    }
    let mut cuts = vec![0];
    for b in text::sentence_starts(&text, lang).into_iter().skip(1) {
        let i = offsets.partition_point(|&o| o < b);
        // a start inside an inline (a quotation holding two sentences) is not a cut
        if offsets.get(i) == Some(&b) && i > *cuts.last().unwrap_or(&0) {
            cuts.push(i);
        }
    }
    cuts.push(inlines.len());
    let blank = |x: &Inline| matches!(x, Inline::Space | Inline::SoftBreak | Inline::LineBreak);
    cuts.windows(2)
        .filter_map(|w| {
            let (mut a, mut b) = (w[0], w[1]);
            while a < b && blank(&inlines[a]) {
                a += 1;
            }
            while b > a && blank(&inlines[b - 1]) {
                b -= 1;
            }
            (a < b).then_some(a..b)
        })
        .collect()
}

/// Plain text of a range of inlines.
fn text_of(inlines: &[Inline], r: &Range<usize>) -> String {
    pandoc::stringify(&inlines[r.clone()])
}

/// Aligns the sentences of a translated segment with its source's.
pub fn align(
    src: &[Inline],
    src_lang: &Lang,
    tgt: &[Inline],
    tgt_lang: &Lang,
    terms: &Terms,
    ratio: f64,
) -> SegmentSentences {
    let (s, t) = (split(src, src_lang), split(tgt, tgt_lang));
    let all = |n: usize| (0..n).collect::<Vec<_>>();
    let links = if s.is_empty() || t.is_empty() {
        Vec::new()
    } else if s.len() == 1 || t.len() == 1 {
        // one sentence on a side: everything on the other side renders it
        vec![SentenceLink {
            kind: format!("{}:{}", s.len(), t.len()),
            src: all(s.len()),
            tgt: all(t.len()),
            score: 1.0,
        }]
    } else {
        let anchors = |x: &[Inline], rs: &[Range<usize>], lang: &Lang, terms: &Terms, source| {
            rs.iter()
                .map(|r| Anchors::of(&text_of(x, r), lang.script(), terms, source))
                .collect::<Vec<_>>()
        };
        let sa = anchors(src, &s, src_lang, terms, true);
        let ta = anchors(tgt, &t, tgt_lang, terms, false);
        let cal = import::Calibration {
            ratio,
            sigma: SIGMA,
            anchors: 0,
            band: 0,
            sentence_weight: import::SENTENCE_WEIGHT,
        };
        import::align_calibrated(&sa, &ta, cal)
            .links
            .into_iter()
            .map(|l| SentenceLink {
                kind: match l.kind {
                    Move::Untranslated => Move::OneOne.as_str().to_string(),
                    k => k.as_str().to_string(),
                },
                src: l.src,
                tgt: l.tgt,
                score: l.score,
            })
            .collect()
    };
    SegmentSentences {
        src: s,
        tgt: t,
        links,
    }
}

pub use crate::pandoc::sentence_id;

/// `inlines` with each range wrapped in a sentence span; `counterparts[k]`, when given, names the
/// source sentences of sentence `k`.
pub fn wrap(
    inlines: Vec<Inline>,
    seg: &str,
    ranges: &[Range<usize>],
    counterparts: Option<&[Vec<usize>]>,
) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    let mut rest = inlines.into_iter().enumerate().peekable();
    for (k, r) in ranges.iter().enumerate() {
        while let Some((_, x)) = rest.next_if(|(i, _)| *i < r.start) {
            out.push(x);
        }
        let mut body = Vec::with_capacity(r.len());
        while let Some((_, x)) = rest.next_if(|(i, _)| *i < r.end) {
            body.push(x);
        }
        let mut kv = Vec::new();
        if let Some(c) = counterparts {
            let names: Vec<String> = c
                .get(k)
                .map(|v| v.iter().map(|s| sentence_id(seg, *s)).collect())
                .unwrap_or_default();
            kv.push((COUNTERPART.to_string(), names.join(" ")));
        }
        out.push(Inline::Span(
            (sentence_id(seg, k), vec![CLASS.to_string()], kv),
            body,
        ));
    }
    out.extend(rest.map(|(_, x)| x));
    out
}

/// For each target sentence, the source sentences it is linked to.
pub fn counterparts(s: &SegmentSentences) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); s.tgt.len()];
    for l in &s.links {
        for &t in &l.tgt {
            if let Some(c) = out.get_mut(t) {
                c.extend(&l.src);
            }
        }
    }
    out
}

/// Source sentences without a counterpart (1:0 links), 0-based.
pub fn unmatched_source(s: &SegmentSentences) -> Vec<usize> {
    s.links
        .iter()
        .filter(|l| l.tgt.is_empty())
        .flat_map(|l| l.src.iter().copied())
        .collect()
}

/// Target sentences without a counterpart (0:1 links), 0-based.
pub fn unmatched_target(s: &SegmentSentences) -> Vec<usize> {
    s.links
        .iter()
        .filter(|l| l.src.is_empty())
        .flat_map(|l| l.tgt.iter().copied())
        .collect()
}

/// Wraps the sentences of the source segments listed in `ids` (their inlines split as
/// [`split`] does) in sentence spans, in place.
pub fn annotate_source(blocks: &mut [Block], lang: &Lang, ids: &BTreeSet<String>) {
    pandoc::walk_segments_mut(blocks, &mut |block, _kind| {
        let Block::Div(attr, inner) = block else {
            return;
        };
        if !ids.contains(&attr.0) {
            return;
        }
        let seg = attr.0.clone();
        if let Some(x) = first_para_mut(inner) {
            let ranges = split(x, lang);
            *x = wrap(std::mem::take(x), &seg, &ranges, None);
        }
    });
}

/// The segment content the aligner reads (`align::segment_inlines`): the first paragraph,
/// inside quotes and divs too.
fn first_para_mut(blocks: &mut [Block]) -> Option<&mut Vec<Inline>> {
    for b in blocks {
        match b {
            Block::Para(x) | Block::Plain(x) => return Some(x),
            Block::BlockQuote(inner) | Block::Div(_, inner) => return first_para_mut(inner),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests;
