//! `stele import` (issue 14): reading an existing translation without segment IDs and aligning
//! its paragraphs to the source segments. Pure functions: the command (`crate::app::import`)
//! reads the files, calls these and writes the results.
//!
//! - [`read_paragraphs`]: plain text (paragraphs separated by blank lines), Markdown (paragraph
//!   blocks; heading and quote markers, fences, comments and front matter dropped), or a
//!   translation file of another stele project (its divs' texts, in order).
//! - [`align`]: dynamic programming over the two paragraph sequences with moves 1:1, 1:0, 0:1,
//!   2:1, 1:2, "untranslated" (a target paragraph still in the source language, matched to the
//!   source segment it copies) and a swap of two neighbours (two crossed 1:1 links). The cost of a move is a Gale–Church-style length cost (on the log
//!   length ratio, its mean and spread calibrated on this pair of documents from a first pass of
//!   confident 1:1 anchors) plus anchor evidence that holds across languages ([`Anchors`]:
//!   numbers of every digit system, `[n]` markers, URLs and e-mail addresses, Latin-script tokens,
//!   sentence counts, quotes and parentheses, heading shape, glossary terms; a split's first part
//!   as long as a prefix of the segment's sentences). The model is learnt again from the full
//!   pass and the DP rerun with it (`calibrate`, also how much a sentence more or fewer
//!   weighs). The DP runs in a band around the
//!   diagonal (memory linear in the document length), widened and rerun when the best path
//!   touches the band's edge.
//! - [`render_new`], [`render_merge`]: the translation file's text; [`report_json`],
//!   [`report_html`]: the import report.

use crate::model::{Lang, SegmentKind};
use crate::normalize::SourceSegment;
use std::collections::BTreeMap;

/// The evidence of one paragraph and what a pairing of two costs.
mod anchors;
use anchors::{anchor_cost, common, move_cost};
pub use anchors::{evidence, Anchors, Evidence, Terms};

/// The length model and sentence weight, learnt per pair of documents.
mod calibrate;
use calibrate::{calibrate, initial_ratio};
pub use calibrate::{Calibration, SENTENCE_WEIGHT};

/// One paragraph of the file being imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The paragraph's lines (trimmed), as written.
    pub lines: Vec<String>,
    /// 1-based line of its first line in the file.
    pub line: u32,
}

impl Paragraph {
    pub fn text(&self) -> String {
        self.lines.join(" ")
    }
}

/// What kind of file was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    SteleFile,
}

/// Splits an imported file into paragraphs. `Err` says why the file cannot be imported (binary,
/// not UTF-8, empty).
pub fn read_paragraphs(bytes: &[u8]) -> Result<(InputKind, Vec<Paragraph>), String> {
    if bytes.contains(&0) {
        return Err("the file is binary (it contains NUL bytes), not a text file".into());
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            return Err(format!(
                "the file is not UTF-8 text (first invalid byte on line {line}); convert it, e.g. with iconv -t UTF-8"
            ));
        }
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    // Front matter: skipped.
    let mut start = 0;
    if lines.first().map(|l| l.trim_end()) == Some("---") {
        if let Some(end) = lines
            .iter()
            .skip(1)
            .position(|l| matches!(l.trim_end(), "---" | "..."))
        {
            start = end + 2;
        }
    }
    let is_open = |l: &str| {
        let t = l.trim();
        t.starts_with(":::") && t.trim_start_matches(':').trim_start().starts_with("{#")
    };
    let stele = lines[start..].iter().any(|l| is_open(l));
    let mut out = Vec::new();
    let mut cur: Option<Paragraph> = None;
    let mut in_comment = false;
    let mut in_div = false;
    let flush = |cur: &mut Option<Paragraph>, out: &mut Vec<Paragraph>| {
        if let Some(p) = cur.take() {
            if !p.lines.is_empty() {
                out.push(p);
            }
        }
    };
    for (i, raw) in lines.iter().enumerate().skip(start) {
        let t = raw.trim();
        if in_comment {
            in_comment = !t.contains("-->");
            continue;
        }
        if t.starts_with("<!--") {
            in_comment = !t.contains("-->");
            continue;
        }
        if t.starts_with(":::") {
            // A fence: in a stele file it opens or closes a segment (one paragraph per div).
            flush(&mut cur, &mut out);
            in_div = is_open(t);
            continue;
        }
        if stele && !in_div {
            continue;
        }
        if t.is_empty() {
            if !stele {
                flush(&mut cur, &mut out);
            }
            continue;
        }
        let mut body = t;
        if !stele {
            // Markdown block markers that are not part of the text.
            let hashes = body.chars().take_while(|c| *c == '#').count();
            if hashes > 0 && hashes <= 6 && body[hashes..].starts_with(' ') {
                body = body[hashes..].trim();
            }
            while let Some(rest) = body.strip_prefix('>') {
                body = rest.trim_start();
            }
            if body.is_empty() {
                continue;
            }
        }
        cur.get_or_insert_with(|| Paragraph {
            lines: Vec::new(),
            line: i as u32 + 1,
        })
        .lines
        .push(body.to_string());
    }
    flush(&mut cur, &mut out);
    if out.is_empty() {
        return Err("the file has no paragraphs (it is empty or holds only markup)".into());
    }
    let kind = if stele {
        InputKind::SteleFile
    } else {
        InputKind::Text
    };
    Ok((kind, out))
}

// ---------------------------------------------------------------------------------------------
// The aligner

/// A move of the alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Move {
    #[serde(rename = "1:1")]
    OneOne,
    /// A source segment without translation.
    #[serde(rename = "1:0")]
    OneZero,
    /// A target paragraph without source segment.
    #[serde(rename = "0:1")]
    ZeroOne,
    /// Two source segments translated by one paragraph.
    #[serde(rename = "2:1")]
    TwoOne,
    /// One source segment translated by two paragraphs.
    #[serde(rename = "1:2")]
    OneTwo,
    /// A target paragraph left in the source language: the segment is untranslated.
    #[serde(rename = "untranslated")]
    Untranslated,
}

impl Move {
    pub fn as_str(self) -> &'static str {
        match self {
            Move::OneOne => "1:1",
            Move::OneZero => "1:0",
            Move::ZeroOne => "0:1",
            Move::TwoOne => "2:1",
            Move::OneTwo => "1:2",
            Move::Untranslated => "untranslated",
        }
    }
    fn steps(self) -> (usize, usize) {
        match self {
            Move::OneOne | Move::Untranslated => (1, 1),
            Move::OneZero => (1, 0),
            Move::ZeroOne => (0, 1),
            Move::TwoOne => (2, 1),
            Move::OneTwo => (1, 2),
        }
    }
}

/// One link of the alignment: source segment indices and target paragraph indices (0-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub kind: Move,
    pub src: Vec<usize>,
    pub tgt: Vec<usize>,
    /// Confidence in 0..1.
    pub score: f64,
}

/// Bound of the split evidence ([`split_fit`]), like [`HEADING_MERGE_CLIP`].
const SPLIT_CLIP: f64 = 3.0;

/// Move costs (-ln prior): paragraph merges and splits are rarer than in sentence alignment.
const COST_11: f64 = 0.0;
const COST_GAP: f64 = 7.0;
const COST_21: f64 = 4.5;
/// Cost of a swap of two neighbours (on top of its two pairs' costs): a reorder is rarer than a
/// merge, and taken only when both crossed pairs fit clearly better than the straight ones.
const COST_SWAP: f64 = 5.0;
/// Extra cost of a merge or split involving a heading (source kind, or target shape).
const HEADING_IN_GROUP: f64 = 3.0;
/// Bound of the first-sentence evidence on a merged heading ([`heading_merge`]): a first
/// sentence restructured in translation must not outweigh the rest.
const HEADING_MERGE_CLIP: f64 = 3.0;
/// Cost of aligning a paragraph left in the source language to a source segment, less the
/// evidence of its word overlap.
const COST_UNTRANSLATED: f64 = 1.0;

/// The alignment of one document pair.
#[derive(Debug, Clone)]
pub struct Alignment {
    pub links: Vec<Link>,
    pub calibration: Calibration,
}

struct Seqs<'a> {
    s: &'a [Anchors],
    t: &'a [Anchors],
    s2: Vec<Anchors>,
    t2: Vec<Anchors>,
    /// Paragraphs (`stele import`), not the sentences of one pair (issue 19): the evidence of
    /// [`move_cost`] and [`heading_merge`] is about paragraphs and applies only then.
    paragraphs: bool,
}

impl Seqs<'_> {
    /// Cost of the step ending at (i, j) (i source and j target paragraphs consumed).
    /// The cost of pairing source segment `i` with target paragraph `j` (0-based), 1:1.
    fn pair(&self, i: usize, j: usize, cal: &Calibration) -> f64 {
        pair_cost(&self.s[i], &self.t[j], cal, self.paragraphs)
    }

    /// Cost of the step ending at (i, j) (i source and j target paragraphs consumed);
    /// `pair_at(i, j)` is [`Seqs::pair`] of the 1:1 step ending at (i, j), computed once per cell.
    fn cost(
        &self,
        step: Step,
        (i, j): (usize, usize),
        cal: &Calibration,
        pair_at: &dyn Fn(usize, usize) -> f64,
    ) -> f64 {
        let pair = |s: &Anchors, t: &Anchors| pair_cost(s, t, cal, self.paragraphs);
        let m = match step {
            Step::Move(m) => m,
            Step::Swap => {
                let (a, b) = (&self.t[j - 2], &self.t[j - 1]);
                if a.foreign || b.foreign {
                    return f64::INFINITY;
                }
                return COST_SWAP + pair_at(i - 1, j) + pair_at(i, j - 1);
            }
        };
        match m {
            Move::OneOne => {
                let t = &self.t[j - 1];
                if t.foreign || copy(&self.s[i - 1], t) {
                    return f64::INFINITY;
                }
                COST_11 + pair_at(i, j)
            }
            Move::OneZero => COST_GAP,
            Move::ZeroOne => {
                if self.t[j - 1].foreign {
                    COST_GAP * 0.5
                } else {
                    COST_GAP
                }
            }
            Move::TwoOne => {
                let t = &self.t[j - 1];
                if t.foreign {
                    return f64::INFINITY;
                }
                // A heading is its own segment: merged with a paragraph only on strong evidence.
                // A merge ending in a heading ends without a final stop.
                let heading = match (self.s[i - 2].heading, self.s[i - 1].heading) {
                    (_, true) if !t.open_end() => 2.0 * HEADING_IN_GROUP,
                    (_, true) => 0.0,
                    (true, false) => HEADING_IN_GROUP,
                    (false, false) => 0.0,
                };
                COST_21
                    + heading
                    + pair(&self.s2[i - 2], t)
                    + if self.paragraphs && self.s[i - 2].heading {
                        heading_merge(&self.s[i - 2], &self.s[i - 1], t, cal)
                    } else {
                        0.0
                    }
            }
            Move::OneTwo => {
                let (a, b) = (&self.t[j - 2], &self.t[j - 1]);
                if a.foreign || b.foreign {
                    return f64::INFINITY;
                }
                let heading = a.heading || b.heading || self.s[i - 1].heading;
                COST_21
                    + HEADING_IN_GROUP * f64::from(u8::from(heading))
                    + pair(&self.s[i - 1], &self.t2[j - 2])
                    + if self.paragraphs {
                        split_fit(&self.s[i - 1], a, b, cal)
                    } else {
                        0.0
                    }
            }
            Move::Untranslated => {
                let t = &self.t[j - 1];
                if !t.foreign && !copy(&self.s[i - 1], t) {
                    return f64::INFINITY;
                }
                COST_UNTRANSLATED - 6.0 * overlap(&self.s[i - 1], t)
            }
        }
    }
}

/// The cost of pairing `s` with `t` in the DP: the length fit and the anchors (with
/// [`move_cost`] for paragraphs).
fn pair_cost(s: &Anchors, t: &Anchors, cal: &Calibration, paragraphs: bool) -> f64 {
    let extra = if paragraphs {
        move_cost(s, t, cal.sentence_weight)
    } else {
        0.0
    };
    cal.length_cost(s.len, t.len) + anchor_cost(s, t) + extra
}

/// Evidence on a heading `h` merged with the paragraph `p` after it into `t`: whether `t`'s first
/// sentence is as long as `h` and `p`'s first sentence together (merged: negative) or as `p`'s
/// first sentence alone (the heading dropped: positive).
fn heading_merge(h: &Anchors, p: &Anchors, t: &Anchors, cal: &Calibration) -> f64 {
    let with = cal.length_cost(h.len + p.first, t.first);
    let without = cal.length_cost(p.first, t.first);
    (with - without).clamp(-HEADING_MERGE_CLIP, HEADING_MERGE_CLIP)
}

/// Evidence on segment `s` split into target paragraphs `a` and `b` (issue 14): a split at the end
/// of `s`'s k-th sentence (k: `a`'s sentences, `a` and `b` holding all of `s`'s) predicts `a`'s
/// length as well as the pair's. A fit within the length model is evidence for the split (down
/// to -[`SPLIT_CLIP`]), a misfit none: a translated sentence the translator cut elsewhere is not
/// evidence against it. What tells a split paragraph (its first sentence a paragraph of its own)
/// from a dropped segment whose place the first part takes.
fn split_fit(s: &Anchors, a: &Anchors, b: &Anchors, cal: &Calibration) -> f64 {
    let k = a.sentences;
    if k == 0 || k >= s.sentences || k + b.sentences != s.sentences {
        return 0.0;
    }
    -(SPLIT_CLIP - cal.length_cost(s.ends[k - 1], a.len)).clamp(0.0, SPLIT_CLIP)
}

/// Whether target paragraph `t` is source segment `s` left as it is: three words or more, at least
/// half of them (Jaccard) the segment's, or the segment's words exactly and not all found
/// elsewhere in the file. What tells an untranslated paragraph when the two languages share a
/// script (English left in a German file); a name kept as it is (`Exim 4`, Exim written so
/// throughout the translation) is a translation.
fn copy(s: &Anchors, t: &Anchors) -> bool {
    let o = overlap(s, t);
    t.words.len() >= 3 && o >= 0.5 || o == 1.0 && !t.known
}

/// Word overlap (Jaccard) of two texts in the same language.
fn overlap(a: &Anchors, b: &Anchors) -> f64 {
    let m = common(&a.words, &b.words) as f64;
    let u = (a.words.len() + b.words.len()) as f64 - m;
    if u == 0.0 {
        0.0
    } else {
        m / u
    }
}

/// A step of the DP: a move of the alignment, or two neighbouring segments whose translations
/// come in the other order (a slight reorder), which becomes two crossed 1:1 links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Move(Move),
    Swap,
}

const STEPS: [Step; 7] = [
    Step::Move(Move::OneOne),
    Step::Move(Move::OneZero),
    Step::Move(Move::ZeroOne),
    Step::Move(Move::TwoOne),
    Step::Move(Move::OneTwo),
    Step::Move(Move::Untranslated),
    Step::Swap,
];

impl Step {
    /// The step of a backpointer code (its index in [`STEPS`] plus one; 0: no way into the cell).
    fn from_code(c: u8) -> Step {
        STEPS[c as usize - 1]
    }
    fn steps(self) -> (usize, usize) {
        match self {
            Step::Move(m) => m.steps(),
            Step::Swap => (2, 2),
        }
    }
}

/// The band's center for source position i.
fn center(i: usize, n: usize, m: usize) -> i64 {
    (i * m).checked_div(n).unwrap_or(0) as i64
}

/// One banded DP pass; `None` when the best path touches the band's edge (and the band could
/// still grow).
fn dp(q: &Seqs, cal: &Calibration, w: usize, steps: &[Step]) -> Option<Vec<(Step, usize, usize)>> {
    let (n, m) = (q.s.len(), q.t.len());
    let width = 2 * w + 1;
    let full = w >= n.max(m);
    let lo = |i: usize| center(i, n, m) - w as i64;
    // Rolling rows of costs (i, i-1, i-2) and a full array of backpointers (u8 per cell).
    let mut rows = vec![vec![f64::INFINITY; width]; 3];
    // The same rows of 1:1 pair costs (NaN: not computed), which a swap reuses.
    let mut pairs = vec![vec![f64::NAN; width]; 3];
    let mut back = vec![0u8; (n + 1) * width];
    let idx = |i: usize, j: usize| -> Option<usize> {
        let k = j as i64 - lo(i);
        (0..width as i64).contains(&k).then_some(k as usize)
    };
    for i in 0..=n {
        let r = i % 3;
        rows[r].iter_mut().for_each(|x| *x = f64::INFINITY);
        pairs[r].iter_mut().for_each(|x| *x = f64::NAN);
        for k in 0..width {
            let j = lo(i) + k as i64;
            if j < 0 || j > m as i64 {
                continue;
            }
            let j = j as usize;
            if i == 0 && j == 0 {
                rows[r][k] = 0.0;
                continue;
            }
            if i > 0 && j > 0 {
                pairs[r][k] = q.pair(i - 1, j - 1, cal);
            }
            let pair_at = |pi: usize, pj: usize| match idx(pi, pj).map(|pk| pairs[pi % 3][pk]) {
                Some(c) if !c.is_nan() => c,
                _ => q.pair(pi - 1, pj - 1, cal),
            };
            let mut best = f64::INFINITY;
            let mut arg = 0u8;
            for (code, &mv) in steps.iter().enumerate() {
                let (di, dj) = mv.steps();
                if di > i || dj > j {
                    continue;
                }
                let Some(pk) = idx(i - di, j - dj) else {
                    continue;
                };
                let prev = rows[(i - di) % 3][pk];
                if !prev.is_finite() {
                    continue;
                }
                let c = prev + q.cost(mv, (i, j), cal, &pair_at);
                if c < best {
                    best = c;
                    arg = code as u8 + 1;
                }
            }
            rows[r][k] = best;
            back[i * width + k] = arg;
        }
    }
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    idx(n, m)?;
    while i > 0 || j > 0 {
        let k = idx(i, j)?;
        if !full && (k == 0 || k == width - 1) && !(i == n && j == m) {
            return None;
        }
        let code = back[i * width + k];
        if code == 0 {
            return None;
        }
        let mv = Step::from_code(code);
        let (di, dj) = mv.steps();
        path.push((mv, i, j));
        i -= di;
        j -= dj;
    }
    path.reverse();
    Some(path)
}

/// The DP in a band of half-width `w` around the diagonal, doubled until the best path keeps off
/// its edges. The diagonal is scaled to the two lengths, so a band of a few dozen cells holds the
/// path unless gaps cluster in one part of the document.
/// `steps` is a prefix of [`STEPS`] (the backpointer codes are indices into it).
fn banded(
    q: &Seqs,
    cal: &Calibration,
    mut w: usize,
    steps: &[Step],
) -> (Vec<(Step, usize, usize)>, usize) {
    let (n, m) = (q.s.len(), q.t.len());
    loop {
        let w_eff = w.min(n.max(m).max(1));
        if let Some(p) = dp(q, cal, w_eff, steps) {
            return (p, w_eff);
        }
        if w_eff >= n.max(m) {
            // Unreachable in practice (the full table always has a path); keep every segment
            // as a gap rather than fail.
            let mut p: Vec<_> = (1..=n).map(|i| (Step::Move(Move::OneZero), i, 0)).collect();
            p.extend((1..=m).map(|j| (Step::Move(Move::ZeroOne), n, j)));
            return (p, w_eff);
        }
        w *= 2;
    }
}

/// The first band's half-width.
const FIRST_BAND: usize = 32;

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Aligns source segments (their anchors) with target paragraphs (theirs).
pub fn align(src: &[Anchors], tgt: &[Anchors]) -> Alignment {
    let q = Seqs {
        s: src,
        t: tgt,
        s2: src.windows(2).map(|w| w[0].join(&w[1])).collect(),
        t2: tgt.windows(2).map(|w| w[0].join(&w[1])).collect(),
        paragraphs: true,
    };
    let mut cal = Calibration {
        ratio: initial_ratio(src, tgt),
        sigma: 0.35,
        anchors: 0,
        band: 0,
        sentence_weight: SENTENCE_WEIGHT,
    };
    // The first pass only finds the 1:1 pairs the length model is learnt from.
    let (mut path, mut band) = banded(&q, &cal, FIRST_BAND, &STEPS[..3]);
    if let Some(better) = calibrate(&path, src, tgt, &cal) {
        cal = better;
    }
    (path, band) = banded(&q, &cal, band, &STEPS);
    // The full pass (merges, splits, swaps and copies no longer read as 1:1 pairs) has more and
    // better pairs to learn from: learnt again from them, and rerun when the model changed.
    if let Some(better) = calibrate(&path, src, tgt, &cal) {
        if better != cal {
            cal = better;
            (path, band) = banded(&q, &cal, band, &STEPS);
        }
    }
    cal.band = band;
    Alignment {
        links: path.iter().flat_map(|&p| links_of(&q, &cal, p)).collect(),
        calibration: cal,
    }
}

/// [`align`] with a length model given beforehand: the sentences of one paragraph pair are too
/// few to learn it from, so the sentence aligner (issue 19) passes the document's.
pub fn align_calibrated(src: &[Anchors], tgt: &[Anchors], cal: Calibration) -> Alignment {
    let q = Seqs {
        s: src,
        t: tgt,
        s2: src.windows(2).map(|w| w[0].join(&w[1])).collect(),
        t2: tgt.windows(2).map(|w| w[0].join(&w[1])).collect(),
        paragraphs: false,
    };
    let (path, band) = banded(&q, &cal, FIRST_BAND, &STEPS);
    let cal = Calibration { band, ..cal };
    Alignment {
        links: path.iter().flat_map(|&p| links_of(&q, &cal, p)).collect(),
        calibration: cal,
    }
}

/// Confidence of pairing `s` with `t`: the length fit and the anchors, squashed into 0..1.
fn pair_score(s: &Anchors, t: &Anchors, cal: &Calibration) -> f64 {
    let len = (-cal.length_cost(s.len, t.len)).exp();
    sigmoid(1.0 + 0.7 * len.max(1e-9).ln() - anchor_cost(s, t))
}

/// The links of one DP step ending at (i, j): one, or two crossed 1:1 links for a swap.
fn links_of(q: &Seqs, cal: &Calibration, (step, i, j): (Step, usize, usize)) -> Vec<Link> {
    let link = |kind, src: Vec<usize>, tgt: Vec<usize>, score: f64| Link {
        kind,
        src,
        tgt,
        score: (score * 1000.0).round() / 1000.0,
    };
    let mv = match step {
        Step::Move(m) => m,
        Step::Swap => {
            let (a, b) = (i - 2, i - 1);
            let (x, y) = (j - 2, j - 1);
            return vec![
                link(
                    Move::OneOne,
                    vec![a],
                    vec![y],
                    pair_score(&q.s[a], &q.t[y], cal),
                ),
                link(
                    Move::OneOne,
                    vec![b],
                    vec![x],
                    pair_score(&q.s[b], &q.t[x], cal),
                ),
            ];
        }
    };
    let (di, dj) = mv.steps();
    let score = match mv {
        // A gap is taken because nothing else fits.
        Move::OneZero | Move::ZeroOne => 1.0,
        Move::Untranslated => overlap(&q.s[i - 1], &q.t[j - 1]).clamp(0.0, 1.0),
        _ => {
            let s = if di == 2 { &q.s2[i - 2] } else { &q.s[i - 1] };
            let t = if dj == 2 { &q.t2[j - 2] } else { &q.t[j - 1] };
            pair_score(s, t, cal)
        }
    };
    vec![link(
        mv,
        (i - di..i).collect(),
        (j - dj..j).collect(),
        score,
    )]
}

/// Whether a link's translation is confident enough to record the fingerprint: a 1:1 pair whose
/// score clears 0.5, or 0.8 next to a gap, merge or split (where the boundary could be off).
/// A pair of a swap (its paragraph comes after its neighbour's) is always for review.
pub fn confident(links: &[Link], k: usize) -> bool {
    let l = &links[k];
    if l.kind != Move::OneOne || crossed(links, k) {
        return false;
    }
    let near_odd = [k.wrapping_sub(1), k + 1]
        .iter()
        .filter_map(|x| links.get(*x))
        .any(|n| n.kind != Move::OneOne);
    l.score >= if near_odd { 0.8 } else { 0.5 }
}

/// Whether link `k`'s paragraphs come in the other order than a neighbour's (a swap).
pub fn crossed(links: &[Link], k: usize) -> bool {
    let l = &links[k];
    let (Some(first), Some(last)) = (l.tgt.first(), l.tgt.last()) else {
        return false;
    };
    let before = k.checked_sub(1).and_then(|p| links[p].tgt.last());
    let after = links.get(k + 1).and_then(|n| n.tgt.first());
    before.is_some_and(|b| b > first) || after.is_some_and(|a| a < last)
}

/// Anchors of the source segments.
pub fn source_anchors(
    segments: &[SourceSegment],
    source_lang: &Lang,
    terms: &Terms,
) -> Vec<Anchors> {
    segments
        .iter()
        .map(|s| {
            let mut a = Anchors::of(&s.text, source_lang.script(), terms, true);
            a.heading = matches!(s.kind, SegmentKind::Title | SegmentKind::Heading);
            a
        })
        .collect()
}

/// Anchors of the target paragraphs.
pub fn target_anchors(paras: &[Paragraph], lang: &Lang, terms: &Terms) -> Vec<Anchors> {
    let mut a: Vec<Anchors> = paras
        .iter()
        .map(|p| Anchors::of(&p.text(), lang.script(), terms, false))
        .collect();
    anchors::mark_foreign(&mut a);
    a
}

/// Output: refusals, the divs to fill, the rewritten file and the reports.
mod output;
pub use output::*;

#[cfg(test)]
mod tests;
