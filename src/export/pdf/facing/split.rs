//! A paragraph taller than a page, split for the facing editions (issue 20): it continues on the
//! next spread in both languages, cut at sentence boundaries that correspond.
//!
//! The cuts come from the sentence alignment the edition carries (issue 19,
//! `align::sentences`): the source paragraph's sentence spans and the translation's,
//! each naming its `counterpart` source sentences. [`sentence_groups`] turns them into groups of
//! corresponding sentences, cut only where no link crosses. A [`Planner`] then takes, greedily, as
//! many groups as fit on a page in both languages, each candidate piece measured by the
//! typesetter (see [`plan`]); a group taller than a page on its own is one piece, set smaller.

use std::collections::BTreeMap;
use std::ops::Range;

use pandoc_ast::{Block, Inline};

use super::super::typst_writer::{SegmentSpan, Writer};
use super::{Row, Side, GAP_PT};
use crate::diag::Diagnostic;
use crate::model::{Lang, SegmentKind};
use crate::pandoc::{self, attr_get, COUNTERPART_KEY, SENTENCE_CLASS};

/// Why a unit is not split (said in the warning when it is taller than a page).
pub(super) const NOT_A_PARAGRAPH: &str =
    "it is a list, table, quotation or heading, which is set as one unit";
pub(super) const ONE_SIDED: &str = "it has no counterpart in the other language";
pub(super) const NOT_ALIGNED: &str =
    "its sentences are not aligned (a stand-in or outdated text, or `[align] sentences = false`)";
pub(super) const ONE_GROUP: &str = "no sentence boundary corresponds in both languages";

/// A paragraph segment in both languages, cut into groups of corresponding sentences.
#[derive(Debug, Clone)]
pub(super) struct Split {
    /// Each group's inline markup per page side; a side's groups concatenate to its paragraph.
    groups: [Vec<String>; 2],
    /// The label of each side's paragraph (`en-p3`), set on its first piece only.
    labels: [Option<String>; 2],
    /// Each group's source sentences (0-based), for the warnings.
    sentences: Vec<Range<usize>>,
    id: String,
    langs: [Lang; 2],
}

/// A piece of a split paragraph: its groups, measured heights per side, and whether it is a
/// group taller than a page (set smaller).
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub groups: Range<usize>,
    pub heights: [f64; 2],
    pub scaled: bool,
}

/// Groups of corresponding sentences, in order, as `[source sentences, target sentences]`:
/// `cps[t]` names the source sentences (0-based, of `ns`) that target sentence `t` renders
/// (empty: one the translator added). A cut after target sentence `b` and source sentence
/// `a - 1` is made when every link stays on its side of it and both groups keep sentences on
/// both sides; a sentence without counterpart goes with the next group.
pub fn sentence_groups(ns: usize, cps: &[Vec<usize>]) -> Vec<[Range<usize>; 2]> {
    let nt = cps.len();
    let cps: Vec<Vec<usize>> = cps
        .iter()
        .map(|c| c.iter().copied().filter(|&s| s < ns).collect())
        .collect();
    // The highest source sentence named up to each target sentence, the lowest from it on.
    let mut left = Vec::with_capacity(nt);
    let mut max: Option<usize> = None;
    for c in &cps {
        max = c.iter().copied().chain(max).max();
        left.push(max);
    }
    let mut right = vec![None; nt + 1];
    for t in (0..nt).rev() {
        right[t] = cps[t].iter().copied().chain(right[t + 1]).min();
    }
    if ns == 0 || nt == 0 {
        return vec![[0..ns, 0..nt]];
    }
    let mut cuts = vec![[0, 0]];
    for b in 1..nt {
        // Source sentences before `a` go with target sentences before `b`.
        let a = left[b - 1].map_or(0, |m| m + 1);
        let last = cuts[cuts.len() - 1];
        let crossed = right[b].is_some_and(|m| m < a);
        if a > last[0] && a < ns && !crossed {
            cuts.push([a, b]);
        }
    }
    cuts.push([ns, nt]);
    cuts.windows(2)
        .map(|w| [w[0][0]..w[1][0], w[0][1]..w[1][1]])
        .collect()
}

/// The inlines of a paragraph segment that is the translation or the source itself (not a
/// stand-in or a text in another language), or why not.
fn paragraph(b: &Block) -> Result<&[Inline], &'static str> {
    let Some((SegmentKind::Paragraph, attr)) = pandoc::segment_kind(b) else {
        return Err(NOT_A_PARAGRAPH);
    };
    let marked = attr_get(attr, pandoc::STATUS_KEY).is_some_and(pandoc::is_marked_status)
        || attr_get(attr, "lang").is_some();
    match b {
        Block::Div(_, inner) if !marked => match inner.as_slice() {
            [Block::Para(x) | Block::Plain(x)] => Ok(x),
            _ => Err(NOT_A_PARAGRAPH),
        },
        Block::Div(..) => Err(NOT_ALIGNED),
        _ => Err(NOT_A_PARAGRAPH),
    }
}

/// The top-level sentence spans of a paragraph: inline index, sentence ID, counterparts.
fn sentence_spans(x: &[Inline]) -> Vec<(usize, &str, Option<&str>)> {
    x.iter()
        .enumerate()
        .filter_map(|(i, x)| match x {
            Inline::Span(a, _) if a.1.iter().any(|c| c == SENTENCE_CLASS) => {
                Some((i, a.0.as_str(), attr_get(a, COUNTERPART_KEY)))
            }
            _ => None,
        })
        .collect()
}

/// The row of `pair` (page order) cut into groups of corresponding sentences, their markup
/// written on trial by each side's writer; or why it cannot be split.
pub(super) fn split(
    pair: [Option<&Block>; 2],
    writers: &mut [Writer; 2],
    langs: [&Lang; 2],
) -> Result<Split, &'static str> {
    let [Some(a), Some(b)] = pair else {
        return Err(ONE_SIDED);
    };
    let xs = [paragraph(a)?, paragraph(b)?];
    let spans = xs.map(sentence_spans);
    // The source's sentences name no counterpart; the translation's all do.
    let named = spans.each_ref().map(|s| s.iter().any(|x| x.2.is_some()));
    let src = match named {
        [false, true] => 0,
        [true, false] => 1,
        _ => return Err(NOT_ALIGNED),
    };
    if spans.iter().any(Vec::is_empty) {
        return Err(NOT_ALIGNED);
    }
    let tgt = 1 - src;
    let index: BTreeMap<&str, usize> = spans[src]
        .iter()
        .enumerate()
        .map(|(k, s)| (s.1, k))
        .collect();
    let cps: Vec<Vec<usize>> = spans[tgt]
        .iter()
        .map(|s| {
            s.2.unwrap_or_default()
                .split_whitespace()
                .filter_map(|n| index.get(n).copied())
                .collect()
        })
        .collect();
    let groups = sentence_groups(spans[src].len(), &cps);
    if groups.len() < 2 {
        return Err(ONE_GROUP);
    }
    let id = pandoc::segment_kind(a).map_or("", |(_, attr)| attr.0.as_str());
    let markup = [0, 1].map(|side| {
        let role = usize::from(side != src);
        // Each group runs from its first sentence span to the next group's (the first from 0).
        let mut cuts: Vec<usize> = groups
            .iter()
            .skip(1)
            .map(|g| spans[side][g[role].start].0)
            .collect();
        cuts.insert(0, 0);
        cuts.push(xs[side].len());
        let ranges: Vec<Range<usize>> = cuts.windows(2).map(|w| w[0]..w[1]).collect();
        writers[side].inline_pieces(id, xs[side], &ranges)
    });
    Ok(Split {
        groups: markup,
        labels: [0, 1].map(|i| writers[i].label_for(id)),
        sentences: groups.iter().map(|g| g[0].clone()).collect(),
        id: id.to_string(),
        langs: langs.map(Lang::clone),
    })
}

impl Split {
    /// Characters of markup of each group on `side` (the first guess of how many fit).
    pub(super) fn sizes(&self, side: usize) -> Vec<usize> {
        self.groups[side].iter().map(String::len).collect()
    }

    /// Groups `r` on `side` as one paragraph; with `label`, the first piece takes the segment's.
    pub(super) fn markup(&self, side: usize, r: &Range<usize>, label: bool) -> String {
        let text = self.groups[side][r.clone()].concat();
        let mut s = format!("#par[{}]", text.trim_end_matches(' '));
        if let (true, 0, Some(l)) = (label, r.start, &self.labels[side]) {
            s.push_str(&format!(" <{l}>"));
        }
        s.push_str("\n\n");
        s
    }

    /// A piece as the [`Side`]s of a row.
    pub(super) fn sides(&self, r: &Range<usize>) -> [Option<Side>; 2] {
        [0, 1].map(|side| {
            let markup = self.markup(side, r, true);
            let spans = vec![SegmentSpan {
                range: 0..markup.len(),
                id: self.id.clone(),
                lang: self.langs[side].clone(),
            }];
            Some(Side { markup, spans })
        })
    }

    /// Why piece `r` (one group, taller than a page) is set smaller.
    pub(super) fn giant(&self, r: &Range<usize>) -> String {
        let s = &self.sentences[r.start];
        let name = |k: usize| crate::pandoc::sentence_id(&self.id, k);
        let which = if s.len() <= 1 {
            format!("sentence {}", name(s.start))
        } else {
            format!("sentences {} to {}", name(s.start), name(s.end - 1))
        };
        format!(
            "{which} alone is taller than a page and has no boundary in both languages to split at"
        )
    }
}

/// Plans one split paragraph: greedily the most groups that fit in the room of a page on both
/// sides, from the measured heights of candidate pieces `start..e`. Candidates are asked for a
/// few at a time around a first guess (from the groups' sizes), then above or below it until the
/// largest fitting piece is bounded by one that does not fit (heights grow with the text); the
/// guess only decides what is measured, never where a piece ends.
#[derive(Debug, Clone)]
pub struct Planner {
    page: f64,
    room: [f64; 2],
    start: usize,
    /// The candidate ends asked for now.
    window: Range<usize>,
    measured: BTreeMap<usize, [f64; 2]>,
    /// Each group's size per side, and how much of it a point of height holds.
    sizes: [Vec<usize>; 2],
    per_pt: [f64; 2],
    pub pieces: Vec<Piece>,
}

/// A candidate piece and its measured heights per side.
type Measured = (Range<usize>, [f64; 2]);

/// Measures pages of `(side, markup)`: one height per page.
pub(super) type MeasurePages<'a> =
    &'a dyn Fn(&[(usize, &str)]) -> Result<Vec<f64>, Vec<Diagnostic>>;

/// Rows and their heights per side.
type Rows = (Vec<Row>, Vec<[f64; 2]>);

/// How many candidates are asked for at a time.
const WINDOW: usize = 6;

impl Planner {
    /// Groups of `sizes` (per side, the same number); the first piece has `first_room` (a heading
    /// may stand above it), the others a full `page`; `per_pt` is size per point of height.
    pub fn new(
        sizes: [Vec<usize>; 2],
        per_pt: [f64; 2],
        first_room: [f64; 2],
        page: f64,
    ) -> Planner {
        let mut p = Planner {
            page,
            room: first_room,
            start: 0,
            window: 0..0,
            measured: BTreeMap::new(),
            sizes,
            per_pt,
            pieces: Vec::new(),
        };
        p.aim();
        p
    }

    fn n(&self) -> usize {
        self.sizes[0].len().min(self.sizes[1].len())
    }

    /// Centres the window on how many groups probably fit from the current start.
    fn aim(&mut self) {
        let (n, start) = (self.n(), self.start);
        let mut used = [0.0f64; 2];
        let mut guess = 0;
        while start + guess < n {
            let next = [0, 1].map(|i| used[i] + self.sizes[i][start + guess] as f64);
            if (0..2).any(|i| next[i] > self.room[i] * self.per_pt[i]) {
                break;
            }
            used = next;
            guess += 1;
        }
        let hi = (start + guess.max(1) + WINDOW / 2).min(n);
        let lo = (hi + 1).saturating_sub(WINDOW).max(start + 1);
        self.window = lo..hi + 1;
    }

    /// The pieces to measure next (`start..e`); none once the paragraph is planned.
    pub fn wanted(&self) -> Vec<Range<usize>> {
        if self.start >= self.n() {
            return Vec::new();
        }
        self.window
            .clone()
            .filter(|e| !self.measured.contains_key(e))
            .map(|e| self.start..e)
            .collect()
    }

    /// Takes the measured heights of the pieces [`Self::wanted`] gave, then places pieces or
    /// moves the window.
    pub fn take(&mut self, heights: &[Measured]) {
        for (r, h) in heights {
            if r.start == self.start {
                self.measured.insert(r.end, *h);
            }
        }
        while self.start < self.n() && self.step() {}
    }

    /// One decision: `true` when it placed a piece or widened the room (decide again at once).
    fn step(&mut self) -> bool {
        if self.measured.is_empty() {
            return false;
        }
        let n = self.n();
        let room = self.room;
        let fits = |h: &[f64; 2]| h[0] <= room[0] && h[1] <= room[1];
        let best = self.measured.iter().rev().find(|(_, h)| fits(h));
        let lowest = self
            .measured
            .keys()
            .next()
            .copied()
            .unwrap_or(self.start + 1);
        let (end, heights, scaled) = match best.map(|(e, h)| (*e, *h)) {
            Some((e, h)) if e == n || self.measured.contains_key(&(e + 1)) => (e, h, false),
            Some((e, _)) => {
                self.window = e + 1..(e + 1 + WINDOW).min(n + 1);
                return false;
            }
            None if lowest > self.start + 1 => {
                self.window = lowest.saturating_sub(WINDOW).max(self.start + 1)..lowest;
                return false;
            }
            // Not even one group fits below a heading: the piece takes a whole page.
            None if self.room != [self.page; 2] => {
                self.room = [self.page; 2];
                return true;
            }
            None => {
                let e = self.start + 1;
                (e, self.measured.get(&e).copied().unwrap_or_default(), true)
            }
        };
        self.pieces.push(Piece {
            groups: self.start..end,
            heights,
            scaled,
        });
        self.start = end;
        self.room = [self.page; 2];
        self.measured.clear();
        if self.start < n {
            self.aim();
        }
        true
    }
}

/// Runs the planners to the end: every round measures all the pieces they ask for at once
/// (`measure` gets `(planner, piece)` pairs and returns their heights in order).
pub fn plan(
    planners: &mut [Planner],
    mut measure: impl FnMut(&[(usize, Range<usize>)]) -> Result<Vec<[f64; 2]>, Vec<Diagnostic>>,
) -> Result<(), Vec<Diagnostic>> {
    loop {
        let wanted: Vec<(usize, Range<usize>)> = planners
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.wanted().into_iter().map(move |r| (i, r)))
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let heights = measure(&wanted)?;
        let mut by_planner: BTreeMap<usize, Vec<Measured>> = BTreeMap::new();
        for (k, (i, r)) in wanted.into_iter().enumerate() {
            // A height missing from the measure counts as too tall: the plan still ends.
            let h = heights.get(k).copied().unwrap_or([f64::INFINITY; 2]);
            by_planner.entry(i).or_default().push((r, h));
        }
        for (i, hs) in by_planner {
            planners[i].take(&hs);
        }
    }
}

/// The rows with every paragraph taller than a page replaced by its pieces (consecutive rows;
/// the label on the first only), and their heights: the pieces are planned by [`plan`], each
/// candidate measured by `measure` (pages of `(side, markup)`, one height per page).
pub(super) fn split_rows(
    rows: Vec<Row>,
    heights: Vec<[f64; 2]>,
    page: f64,
    measure: MeasurePages,
) -> Result<Rows, Vec<Diagnostic>> {
    let tall = |h: &[f64; 2]| h[0] > page || h[1] > page;
    let todo: Vec<(usize, &Split)> = rows
        .iter()
        .zip(&heights)
        .enumerate()
        .filter(|(_, (_, h))| tall(h))
        .filter_map(|(r, (row, _))| row.split.as_ref().map(|s| (r, s)))
        .collect();
    if todo.is_empty() {
        return Ok((rows, heights));
    }
    let mut planners: Vec<Planner> = todo
        .iter()
        .map(|&(r, s)| {
            let sizes = [s.sizes(0), s.sizes(1)];
            let per_pt =
                [0, 1].map(|i| sizes[i].iter().sum::<usize>() as f64 / heights[r][i].max(1.0));
            Planner::new(sizes, per_pt, first_room(&rows, &heights, r, page), page)
        })
        .collect();
    plan(&mut planners, |wanted| {
        let pages: Vec<(usize, String)> = wanted
            .iter()
            .flat_map(|(i, r)| [0, 1].map(|side| (side, todo[*i].1.markup(side, r, false))))
            .collect();
        let pages: Vec<(usize, &str)> = pages.iter().map(|(i, m)| (*i, m.as_str())).collect();
        let h = measure(&pages)?;
        Ok(wanted
            .iter()
            .enumerate()
            .map(|(k, _)| [0, 1].map(|i| h.get(2 * k + i).copied().unwrap_or(f64::INFINITY)))
            .collect())
    })?;
    let mut pieces: BTreeMap<usize, Vec<Piece>> = todo
        .iter()
        .map(|(r, _)| *r)
        .zip(planners.into_iter().map(|p| p.pieces))
        .collect();
    let (mut out, mut out_heights) = (Vec::new(), Vec::new());
    for (r, (row, h)) in rows.into_iter().zip(heights).enumerate() {
        let (Some(ps), Some(s)) = (pieces.remove(&r), row.split.as_ref()) else {
            out.push(row);
            out_heights.push(h);
            continue;
        };
        for p in ps {
            out.push(Row {
                sides: s.sides(&p.groups),
                keep_with_next: false,
                split: None,
                why: if p.scaled {
                    s.giant(&p.groups)
                } else {
                    String::new()
                },
            });
            out_heights.push(p.heights);
        }
    }
    Ok((out, out_heights))
}

/// The room on a page for the first piece of row `r`: a page less the headings kept with it.
fn first_room(rows: &[Row], heights: &[[f64; 2]], r: usize, page: f64) -> [f64; 2] {
    let mut room = [page; 2];
    let mut k = r;
    while k > 0 && rows[k - 1].keep_with_next {
        k -= 1;
        for (i, h) in heights[k].iter().enumerate() {
            if *h > 0.0 {
                room[i] -= h + GAP_PT;
            }
        }
    }
    room
}

#[cfg(test)]
mod tests;
