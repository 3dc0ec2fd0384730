//! The length model of the aligner (issue 14), learnt per pair of documents: a Gale–Church-style
//! cost on the log length ratio (mean and spread from the confident 1:1 pairs of a pass), and
//! how much a sentence more or fewer weighs (from how often those pairs keep their count).

use super::{evidence, Anchors, Move, Step};

/// The length model, calibrated per pair of documents.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Calibration {
    /// Mean target/source length ratio.
    pub ratio: f64,
    /// Spread (standard deviation) of the log length ratio.
    pub sigma: f64,
    /// Confident 1:1 anchors the figures were learnt from (0: defaults).
    pub anchors: usize,
    /// Final half-width of the DP band.
    pub band: usize,
    /// What one sentence more or fewer in a pair adds to the cost of a move (on top of the 0.6 of
    /// a pair's score): [`SENTENCE_WEIGHT`], or learnt with the length model from how often the
    /// confident pairs keep their sentence count (issue 14).
    pub sentence_weight: f64,
}

/// A sentence-count mismatch's share of a move's cost before the document says otherwise.
pub const SENTENCE_WEIGHT: f64 = 0.4;
/// The sentence-count evidence's share in a pair's score ([`super::anchors`]'s pair cost).
const SENTENCE_IN_SCORE: f64 = 0.6;
/// Counting noise of short segments, per character (Gale–Church's variance per unit length).
const COUNT_VARIANCE: f64 = 2.0;

/// -ln(2·(1 − Φ(|δ|))): Gale–Church's length cost for a standardized deviation δ.
fn tail_cost(delta: f64) -> f64 {
    let x = delta.abs() / std::f64::consts::SQRT_2;
    if x > 5.0 {
        // ln erfc(x) ≈ -x² - ln(x·√π) for large x.
        return x * x + (x * std::f64::consts::PI.sqrt()).ln();
    }
    // erfc by Numerical Recipes' Chebyshev fit (relative error < 1.2e-7).
    let t = 1.0 / (1.0 + 0.5 * x);
    let y = t
        * (-x * x - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    -y.max(1e-300).ln()
}

impl Calibration {
    fn delta(&self, ls: usize, lt: usize) -> f64 {
        let (ls, lt) = (ls as f64, lt as f64);
        let var = self.sigma * self.sigma + COUNT_VARIANCE / (ls * self.ratio + 1.0);
        ((lt + 1.0) / (ls * self.ratio + 1.0)).ln() / var.sqrt()
    }
    pub(super) fn length_cost(&self, ls: usize, lt: usize) -> f64 {
        tail_cost(self.delta(ls, lt))
    }
}

/// The length ratio before any pair is known: the translated paragraphs' length over the source's,
/// less the length of the paragraphs left in the source language (each stands for a source
/// segment of about its own length, translated by nothing).
pub(super) fn initial_ratio(src: &[Anchors], tgt: &[Anchors]) -> f64 {
    let ls: usize = src.iter().map(|a| a.len).sum();
    let copied: usize = tgt.iter().filter(|a| a.foreign).map(|a| a.len).sum();
    let lt: usize = tgt.iter().filter(|a| !a.foreign).map(|a| a.len).sum();
    let ls = ls.saturating_sub(copied);
    if ls > 0 && lt > 0 {
        lt as f64 / ls as f64
    } else {
        1.0
    }
}

/// The length model learnt from confident 1:1 anchors of a pass: pairs with agreeing anchors (or
/// a length that fits well) and at least 40 source characters; median log ratio and a robust
/// spread (MAD). With fewer than 5 such pairs (a short document, few anchors, or a ratio guessed
/// far off by drops), the ratio alone from the median of every 1:1 pair of 40 source characters
/// or more, the spread left as it was (issue 14). `None` with fewer than 5 of those either.
pub(super) fn calibrate(
    path: &[(Step, usize, usize)],
    src: &[Anchors],
    tgt: &[Anchors],
    cal: &Calibration,
) -> Option<Calibration> {
    let pairs = || {
        path.iter()
            .filter(|(mv, i, _)| *mv == Step::Move(Move::OneOne) && src[i - 1].len >= 40)
    };
    let log =
        |&(_, i, j): &(Step, usize, usize)| (tgt[j - 1].len as f64 / src[i - 1].len as f64).ln();
    let confident: Vec<_> = pairs()
        .filter(|(_, i, j)| {
            let e = evidence(&src[i - 1], &tgt[j - 1]);
            e.matched >= 1 && e.unmatched == 0
                || cal.length_cost(src[i - 1].len, tgt[j - 1].len) < 0.5
        })
        .collect();
    let mut logs: Vec<f64> = confident.iter().copied().map(log).collect();
    if logs.len() < 5 {
        let mut all: Vec<f64> = pairs().map(log).collect();
        if all.len() < 5 {
            return None;
        }
        all.sort_by(f64::total_cmp);
        return Some(Calibration {
            ratio: all[all.len() / 2].exp(),
            anchors: 0,
            ..*cal
        });
    }
    logs.sort_by(f64::total_cmp);
    let med = logs[logs.len() / 2];
    let mut dev: Vec<f64> = logs.iter().map(|x| (x - med).abs()).collect();
    dev.sort_by(f64::total_cmp);
    let mad = dev[dev.len() / 2];
    let kept = confident
        .iter()
        .filter(|(_, i, j)| src[i - 1].sentences == tgt[j - 1].sentences)
        .count();
    Some(Calibration {
        ratio: med.exp(),
        sigma: (1.4826 * mad).clamp(0.06, 0.6),
        anchors: logs.len(),
        band: 0,
        sentence_weight: sentence_weight(kept, logs.len()),
    })
}

/// The sentence-count evidence learnt from `kept` of `n` confident pairs keeping their count: the
/// log odds of keeping it (Laplace's rule, so a few pairs say little), less its share in a pair's
/// score; at most 3.0 a sentence, at least nothing (a translator who often splits or joins
/// sentences).
pub(super) fn sentence_weight(kept: usize, n: usize) -> f64 {
    let p = (kept as f64 + 1.0) / (n as f64 + 2.0);
    ((p / (1.0 - p)).ln() - SENTENCE_IN_SCORE).clamp(0.0, 3.0)
}
