//! Stable segment IDs: the persisted registry (`source/*.ids.json`) and the matching that keeps an
//! ID through edits and moves, gives inserts new IDs and retires deleted IDs for good.

use crate::model::{SegmentId, SegmentKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Registry format version written by this code.
pub const FORMAT: u32 = 1;

/// The persisted IDs of one source text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    pub format: u32,
    /// Next number per ID prefix (`p` -> 42): numbers only grow, so no ID is ever reused.
    pub next: BTreeMap<String, u32>,
    /// Live segments in document order.
    pub segments: Vec<Entry>,
    /// IDs of deleted segments; never given out again.
    pub retired: Vec<SegmentId>,
}

/// One live segment: its ID, kind, current fingerprint and text (the text lets an edit be matched).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: SegmentId,
    pub kind: SegmentKind,
    pub fingerprint: String,
    pub text: String,
}

/// A block asking for an ID.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub kind: SegmentKind,
    pub text: &'a str,
    pub fingerprint: &'a str,
    /// Reference entries are keyed by their number (`ref-N`), which citations use.
    pub number: Option<u32>,
}

/// What changed against the previous registry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<SegmentId>,
    pub edited: Vec<SegmentId>,
    pub retired: Vec<SegmentId>,
}

/// Words of a text, lowercased, for similarity.
fn words(text: &str) -> BTreeSet<String> {
    use unicode_segmentation::UnicodeSegmentation;
    text.unicode_words().map(|w| w.to_lowercase()).collect()
}

fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let inter = a.intersection(b).count() as f64;
    inter / (a.len() + b.len()) as f64 * 2.0
}

/// Minimum word-overlap (Dice) for an edited block to keep its old ID.
pub const EDIT_THRESHOLD: f64 = 0.5;

/// Assigns IDs to blocks in document order against the previous registry.
pub fn assign(cands: &[Candidate], prev: &Registry) -> (Vec<SegmentId>, Registry, Changes) {
    let mut ids: Vec<Option<SegmentId>> = vec![None; cands.len()];
    let mut used = vec![false; prev.segments.len()];
    let mut taken: BTreeSet<SegmentId> = BTreeSet::new();
    // Natural keys first: the title and numbered reference entries.
    for (i, c) in cands.iter().enumerate() {
        let natural = match (c.kind, c.number) {
            (SegmentKind::Title, _) => Some("title".to_string()),
            (SegmentKind::Reference, Some(n)) => Some(format!("ref-{n}")),
            _ => None,
        };
        if let Some(id) = natural {
            if taken.insert(id.clone()) {
                if let Some(j) = prev.segments.iter().position(|e| e.id == id) {
                    used[j] = true;
                }
                ids[i] = Some(id);
            }
        }
    }
    // Unchanged text (possibly moved): same kind and fingerprint.
    for (i, c) in cands.iter().enumerate() {
        if ids[i].is_some() {
            continue;
        }
        if let Some(j) = (0..prev.segments.len()).find(|&j| {
            !used[j]
                && prev.segments[j].kind == c.kind
                && prev.segments[j].fingerprint == c.fingerprint
        }) {
            used[j] = true;
            taken.insert(prev.segments[j].id.clone());
            ids[i] = Some(prev.segments[j].id.clone());
        }
    }
    // Edited text: best word overlap above the threshold, ties broken by position.
    let cand_words: Vec<_> = cands.iter().map(|c| words(c.text)).collect();
    let prev_words: Vec<_> = prev.segments.iter().map(|e| words(&e.text)).collect();
    let mut pairs = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        if ids[i].is_some() {
            continue;
        }
        for (j, e) in prev.segments.iter().enumerate() {
            if used[j] || e.kind != c.kind {
                continue;
            }
            let s = similarity(&cand_words[i], &prev_words[j]);
            if s >= EDIT_THRESHOLD {
                pairs.push((s, i.abs_diff(j), i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut changes = Changes::default();
    for (_, _, i, j) in pairs {
        if ids[i].is_none() && !used[j] {
            used[j] = true;
            taken.insert(prev.segments[j].id.clone());
            ids[i] = Some(prev.segments[j].id.clone());
            changes.edited.push(prev.segments[j].id.clone());
        }
    }
    // New blocks: the next free number of their kind.
    let mut next = prev.next.clone();
    let retired: BTreeSet<&SegmentId> = prev.retired.iter().collect();
    for (i, c) in cands.iter().enumerate() {
        if ids[i].is_some() {
            continue;
        }
        let prefix = c.kind.prefix();
        let counter = next.entry(prefix.to_string()).or_insert(1);
        let id = loop {
            let id = match c.kind {
                SegmentKind::Title => format!("title-{counter}"),
                _ => format!("{prefix}{counter}"),
            };
            *counter += 1;
            if !taken.contains(&id)
                && !retired.contains(&id)
                && !prev.segments.iter().any(|e| e.id == id)
            {
                break id;
            }
        };
        taken.insert(id.clone());
        changes.added.push(id.clone());
        ids[i] = Some(id);
    }
    let ids: Vec<SegmentId> = ids
        .into_iter()
        .map(|x| x.expect("every block got an ID"))
        .collect();
    // Keep counters ahead of every natural key too, so numbering never goes backwards.
    for id in &ids {
        for kind in [
            SegmentKind::Heading,
            SegmentKind::Paragraph,
            SegmentKind::PullQuote,
        ] {
            if let Some(n) = id
                .strip_prefix(kind.prefix())
                .and_then(|n| n.parse::<u32>().ok())
            {
                let c = next.entry(kind.prefix().to_string()).or_insert(1);
                *c = (*c).max(n + 1);
            }
        }
    }
    let mut retired_all = prev.retired.clone();
    for (j, e) in prev.segments.iter().enumerate() {
        if !used[j] && !taken.contains(&e.id) {
            retired_all.push(e.id.clone());
            changes.retired.push(e.id.clone());
        }
    }
    let segments = cands
        .iter()
        .zip(&ids)
        .map(|(c, id)| Entry {
            id: id.clone(),
            kind: c.kind,
            fingerprint: c.fingerprint.to_string(),
            text: c.text.to_string(),
        })
        .collect();
    (
        ids,
        Registry {
            format: FORMAT,
            next,
            segments,
            retired: retired_all,
        },
        changes,
    )
}

impl Registry {
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("registry serializes");
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands<'a>(texts: &'a [(&'a str, String)]) -> Vec<Candidate<'a>> {
        texts
            .iter()
            .map(|(t, fp)| Candidate {
                kind: SegmentKind::Paragraph,
                text: t,
                fingerprint: fp,
                number: None,
            })
            .collect()
    }

    fn run(texts: &[&str], prev: &Registry) -> (Vec<String>, Registry, Changes) {
        let owned: Vec<(&str, String)> = texts
            .iter()
            .map(|t| (*t, crate::normalize::fingerprint(t)))
            .collect();
        assign(&cands(&owned), prev)
    }

    const A: &str = "the first paragraph talks about moscow and damascus";
    const B: &str = "the second paragraph is about bases in latakia and tartus";
    const C: &str = "a third paragraph discusses transitional justice at length";
    const N: &str = "an entirely new paragraph on something unrelated here";

    #[test]
    fn id_stability_table() {
        let (ids0, reg0, _) = run(&[A, B, C], &Registry::default());
        assert_eq!(ids0, ["p1", "p2", "p3"]);
        // (case, texts, expected ids, expected retired)
        let edited_b = B.replace("latakia", "the province of latakia");
        type Case<'a> = (&'a str, Vec<&'a str>, Vec<&'a str>, Vec<&'a str>);
        let table: Vec<Case> = vec![
            ("re-run", vec![A, B, C], vec!["p1", "p2", "p3"], vec![]),
            (
                "insert",
                vec![A, N, B, C],
                vec!["p1", "p4", "p2", "p3"],
                vec![],
            ),
            ("delete", vec![A, C], vec!["p1", "p3"], vec!["p2"]),
            (
                "edit",
                vec![A, &edited_b, C],
                vec!["p1", "p2", "p3"],
                vec![],
            ),
            ("move", vec![C, A, B], vec!["p3", "p1", "p2"], vec![]),
        ];
        for (case, texts, want, retired) in table {
            let (ids, reg, ch) = run(&texts, &reg0);
            assert_eq!(ids, want, "{case}");
            assert_eq!(ch.retired, retired, "{case}");
            assert_eq!(reg.next["p"], 4 + u32::from(case == "insert"), "{case}");
        }
    }

    #[test]
    fn retired_ids_are_never_reused() {
        let (_, reg0, _) = run(&[A, B, C], &Registry::default());
        let (_, reg1, _) = run(&[A, C], &reg0);
        let (ids2, reg2, _) = run(&[A, N, C], &reg1);
        assert_eq!(ids2, ["p1", "p4", "p3"]);
        assert_eq!(reg2.retired, ["p2"]);
        // Re-adding the deleted text later does not resurrect p2 either.
        let (ids3, _, _) = run(&[A, N, C, B], &reg2);
        assert_eq!(ids3[3], "p5");
    }
}
