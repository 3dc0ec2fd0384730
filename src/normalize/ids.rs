//! Stable segment IDs: the persisted registry (`source/*.ids.json`) and the matching that keeps an
//! ID through edits and moves, gives inserts new IDs and retires deleted IDs for good.

use crate::diag::Diagnostic;
use crate::model::{SegmentId, SegmentKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::Path;

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
    // The previous IDs by position (each ID is live once; the first wins as `position` would).
    let mut prev_at: HashMap<&str, usize> = HashMap::new();
    for (j, e) in prev.segments.iter().enumerate() {
        prev_at.entry(e.id.as_str()).or_insert(j);
    }
    // Natural keys first: the title and numbered reference entries.
    for (i, c) in cands.iter().enumerate() {
        let natural = match (c.kind, c.number) {
            (SegmentKind::Title, _) => Some("title".to_string()),
            (SegmentKind::Reference, Some(n)) => Some(format!("ref-{n}")),
            _ => None,
        };
        if let Some(id) = natural {
            if taken.insert(id.clone()) {
                if let Some(&j) = prev_at.get(id.as_str()) {
                    used[j] = true;
                }
                ids[i] = Some(id);
            }
        }
    }
    // Unchanged text (possibly moved): same kind and fingerprint, the first unused such entry.
    let mut by_text: HashMap<(SegmentKind, &str), VecDeque<usize>> = HashMap::new();
    for (j, e) in prev.segments.iter().enumerate() {
        if !used[j] {
            by_text
                .entry((e.kind, e.fingerprint.as_str()))
                .or_default()
                .push_back(j);
        }
    }
    for (i, c) in cands.iter().enumerate() {
        if ids[i].is_some() {
            continue;
        }
        let found = by_text
            .get_mut(&(c.kind, c.fingerprint))
            .and_then(|q| q.pop_front());
        if let Some(j) = found {
            used[j] = true;
            taken.insert(prev.segments[j].id.clone());
            ids[i] = Some(prev.segments[j].id.clone());
        }
    }
    // Edited text: best word overlap above the threshold, ties broken by position (the words
    // only of the blocks and entries still unmatched).
    let cand_words: Vec<_> = cands
        .iter()
        .zip(&ids)
        .map(|(c, id)| {
            if id.is_none() {
                words(c.text)
            } else {
                BTreeSet::new()
            }
        })
        .collect();
    let prev_words: Vec<_> = prev
        .segments
        .iter()
        .zip(&used)
        .map(|(e, u)| if *u { BTreeSet::new() } else { words(&e.text) })
        .collect();
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
            if !taken.contains(&id) && !retired.contains(&id) && !prev_at.contains_key(id.as_str())
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
    // A natural key (`ref-N`, `title`) names the entry by what it is, so re-adding entry N brings
    // its ID back: it leaves `retired`, which must never list a live ID.
    let mut retired_all: Vec<SegmentId> = prev
        .retired
        .iter()
        .filter(|id| !taken.contains(*id))
        .cloned()
        .collect();
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

    /// Reads a persisted registry and checks it: valid JSON of the expected shape, format
    /// [`FORMAT`], every ID of the form its kind is given out in (`title`, `hN`, `pN`, `qN`,
    /// `ref-N`), no ID twice (live and retired together), well-formed fingerprints and counters.
    ///
    /// The IDs become HTML/EPUB `id`s and PDF destinations, so a damaged registry is refused (one
    /// `registry` error per problem, naming `file` and the line) rather than repaired: repairing
    /// it would renumber segments behind the translators' backs.
    pub fn parse(bytes: &[u8], file: &Path) -> Result<Registry, Vec<Diagnostic>> {
        let err = |msg: String, (line, col): (u32, u32)| {
            Diagnostic::error("registry", msg)
                .file(file)
                .at(line, col)
                .hint(REGISTRY_HINT)
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(vec![err("the ID registry is empty".into(), (1, 1))]);
        }
        const OBJECT: &str = "the ID registry does not have the expected shape: \
            expected an object with `format`, `next`, `segments` and `retired`";
        // serde also reads a struct from an array of its fields; the registry is objects only.
        let object = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        let reg: Registry = match serde_json::from_slice(bytes) {
            Ok(r) if object => r,
            Ok(_) => return Err(vec![err(OBJECT.into(), (1, 1))]),
            Err(e) => {
                let mut msg = e.to_string();
                if let Some(i) = msg.rfind(" at line ") {
                    msg.truncate(i);
                }
                let at = (e.line().max(1) as u32, e.column().max(1) as u32);
                let msg = match e.classify() {
                    serde_json::error::Category::Data if !object => OBJECT.into(),
                    serde_json::error::Category::Data => {
                        format!("the ID registry does not have the expected shape: {msg}")
                    }
                    _ => format!("the ID registry is not valid JSON: {msg}"),
                };
                return Err(vec![err(msg, at)]);
            }
        };
        // It parsed, so it is UTF-8 JSON of the registry's shape: the locator can be simple.
        let json = std::str::from_utf8(bytes).unwrap_or_default();
        let at = |pointer: &[&str]| locate(json, pointer).unwrap_or((1, 1));
        let mut diags = Vec::new();
        let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
        let entries = value["segments"].as_array().map_or(&[][..], Vec::as_slice);
        for (i, _) in entries.iter().enumerate().filter(|(_, e)| !e.is_object()) {
            diags.push(err(
                format!("the ID registry does not have the expected shape: segment {} is not an object with `id`, `kind`, `fingerprint` and `text`", i + 1),
                at(&["segments", &i.to_string()]),
            ));
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        if reg.format != FORMAT {
            diags.push(err(
                format!(
                    "ID registry format {} is not supported (this stele reads format {FORMAT})",
                    reg.format
                ),
                at(&["format"]),
            ));
        }
        for (prefix, n) in &reg.next {
            let known = KINDS.iter().any(|k| k.prefix() == prefix);
            if !known {
                diags.push(err(
                    format!(
                        "`next` has a counter for `{}`, which is not an ID prefix (title, h, p, q, ref-, code, fn)",
                        shown(prefix)
                    ),
                    at(&["next", prefix]),
                ));
            } else if *n == 0 || *n > MAX_NUMBER {
                diags.push(err(
                    format!(
                        "`next` counter `{prefix}` is {n}; stele counts from 1 to {MAX_NUMBER}"
                    ),
                    at(&["next", prefix]),
                ));
            }
        }
        // Where each ID was first seen (live?, index); lines are looked up only for a finding,
        // since each look-up scans the file (doing it for every ID was quadratic).
        let mut seen: BTreeMap<&str, (bool, usize)> = BTreeMap::new();
        let line_of = |live: bool, i: usize| {
            let list = if live { "segments" } else { "retired" };
            let idx = i.to_string();
            if live {
                at(&[list, &idx, "id"]).0
            } else {
                at(&[list, &idx]).0
            }
        };
        for (i, e) in reg.segments.iter().enumerate() {
            let idx = i.to_string();
            let here = || at(&["segments", &idx, "id"]);
            match id_kind(&e.id) {
                None => diags.push(err(
                    format!(
                        "`{}` is not a segment ID stele gives out (title, hN, pN, qN, ref-N, codeN, fnN)",
                        shown(&e.id)
                    ),
                    here(),
                )),
                Some(k) if k != e.kind => diags.push(err(
                    format!(
                        "segment `{}` has kind `{}`, whose IDs are {}",
                        e.id,
                        e.kind.as_str(),
                        id_form(e.kind)
                    ),
                    here(),
                )),
                Some(_) => {}
            }
            if let Some(&(live, j)) = seen.get(e.id.as_str()) {
                let first = line_of(live, j);
                diags.push(err(
                    format!(
                        "segment ID `{}` appears twice (first at line {first})",
                        shown(&e.id)
                    ),
                    here(),
                ));
            } else {
                seen.insert(&e.id, (true, i));
            }
            let hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
            if e.fingerprint.len() != 12 || !e.fingerprint.chars().all(hex) {
                diags.push(err(
                    format!(
                        "fingerprint `{}` of segment `{}` is not 12 lowercase hex digits",
                        shown(&e.fingerprint),
                        shown(&e.id)
                    ),
                    at(&["segments", &idx, "fingerprint"]),
                ));
            }
        }
        for (i, id) in reg.retired.iter().enumerate() {
            let here = || at(&["retired", &i.to_string()]);
            if id_kind(id).is_none() {
                diags.push(err(
                    format!(
                        "retired `{}` is not a segment ID stele gives out (title, hN, pN, qN, ref-N, codeN, fnN)",
                        shown(id)
                    ),
                    here(),
                ));
            }
            match seen.get(id.as_str()) {
                Some(&(true, j)) => diags.push(err(
                    format!(
                        "retired ID `{}` is also the ID of a live segment (line {})",
                        shown(id),
                        line_of(true, j)
                    ),
                    here(),
                )),
                Some(&(false, j)) => diags.push(err(
                    format!(
                        "retired ID `{}` appears twice (first at line {})",
                        shown(id),
                        line_of(false, j)
                    ),
                    here(),
                )),
                None => {
                    seen.insert(id, (false, i));
                }
            }
        }
        if diags.is_empty() {
            Ok(reg)
        } else {
            Err(diags)
        }
    }
}

/// What to do about a damaged registry; deleting it is the way out, and its cost is stated.
pub const REGISTRY_HINT: &str = "restore it from version control, or delete it to assign new IDs (translations keyed by the old IDs become orphans)";

const KINDS: [SegmentKind; 7] = [
    SegmentKind::Title,
    SegmentKind::Heading,
    SegmentKind::Paragraph,
    SegmentKind::PullQuote,
    SegmentKind::Reference,
    SegmentKind::Code,
    SegmentKind::Footnote,
];

/// The largest number in an ID or counter a registry may hold: far beyond any document, and
/// far enough below `u32::MAX` that counting on never overflows.
pub const MAX_NUMBER: u32 = 1_000_000_000;

/// The kind whose IDs have this form (`title`, `title-N`, `hN`, `pN`, `qN`, `ref-N`, with N in
/// canonical decimal), or `None` for anything stele never gives out. Every such ID is an XML
/// NCName, which is what lets it be an HTML/EPUB `id` and a PDF destination unescaped.
pub fn id_kind(id: &str) -> Option<SegmentKind> {
    let number = |n: &str, min: u32| {
        let ok = !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
            && (n == "0" || !n.starts_with('0'));
        ok && n
            .parse::<u32>()
            .is_ok_and(|v| (min..=MAX_NUMBER).contains(&v))
    };
    if id == "title" {
        return Some(SegmentKind::Title);
    }
    // Reference numbers are the entry's own (`[0]` is an entry number too); counters start at 1.
    let (kind, rest, min) = if let Some(n) = id.strip_prefix("ref-") {
        (SegmentKind::Reference, n, 0)
    } else if let Some(n) = id.strip_prefix("title-") {
        (SegmentKind::Title, n, 1)
    } else if let Some(n) = id.strip_prefix('h') {
        (SegmentKind::Heading, n, 1)
    } else if let Some(n) = id.strip_prefix('p') {
        (SegmentKind::Paragraph, n, 1)
    } else if let Some(n) = id.strip_prefix('q') {
        (SegmentKind::PullQuote, n, 1)
    } else if let Some(n) = id.strip_prefix("code") {
        (SegmentKind::Code, n, 1)
    } else if let Some(n) = id.strip_prefix("fn") {
        (SegmentKind::Footnote, n, 1)
    } else {
        return None;
    };
    number(rest, min).then_some(kind)
}

fn id_form(kind: SegmentKind) -> &'static str {
    match kind {
        SegmentKind::Title => "title (or title-N)",
        SegmentKind::Heading => "hN",
        SegmentKind::Paragraph => "pN",
        SegmentKind::PullQuote => "qN",
        SegmentKind::Reference => "ref-N",
        SegmentKind::Code => "codeN",
        SegmentKind::Footnote => "fnN",
    }
}

/// A string from the registry as shown in a message: control characters escaped, cut at 40
/// characters (the registry is untrusted input, and a terminal is not a place for it raw).
fn shown(s: &str) -> String {
    let mut out: String = s.chars().take(40).flat_map(char::escape_debug).collect();
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// The 1-based line and column (in characters) where the value at `pointer` (object keys and
/// array indices, as in a JSON pointer) starts in `json`, which must be valid JSON.
pub fn locate(json: &str, pointer: &[&str]) -> Option<(u32, u32)> {
    struct Scan<'a> {
        s: &'a [u8],
        pos: usize,
    }
    impl Scan<'_> {
        fn ws(&mut self) {
            while self.s.get(self.pos).is_some_and(u8::is_ascii_whitespace) {
                self.pos += 1;
            }
        }
        /// Skips a string at `pos` (its opening quote) and returns its raw text with quotes.
        fn string(&mut self) -> &[u8] {
            let start = self.pos;
            self.pos += 1;
            while let Some(&b) = self.s.get(self.pos) {
                self.pos += 1;
                match b {
                    b'\\' => self.pos += 1,
                    b'"' => break,
                    _ => {}
                }
            }
            &self.s[start..self.pos.min(self.s.len())]
        }
        /// Walks one value; returns the offset of the value at `target` if it lies inside.
        fn value(&mut self, path: &mut Vec<String>, target: &[&str]) -> Option<usize> {
            self.ws();
            if path.iter().map(String::as_str).eq(target.iter().copied()) {
                return Some(self.pos);
            }
            // Only a value on the way to the target is worth descending into.
            let on_way = path.len() < target.len() && path.iter().zip(target).all(|(a, b)| a == b);
            match self.s.get(self.pos)? {
                b'{' => {
                    self.pos += 1;
                    loop {
                        self.ws();
                        match self.s.get(self.pos)? {
                            b'}' => {
                                self.pos += 1;
                                return None;
                            }
                            b',' => self.pos += 1,
                            b'"' => {
                                let raw = self.string();
                                let key = serde_json::from_slice::<String>(raw).ok()?;
                                self.ws();
                                self.pos += 1; // the colon
                                path.push(key);
                                let found = if on_way {
                                    self.value(path, target)
                                } else {
                                    self.skip()
                                };
                                path.pop();
                                if found.is_some() {
                                    return found;
                                }
                            }
                            _ => return None,
                        }
                    }
                }
                b'[' => {
                    self.pos += 1;
                    let mut i = 0usize;
                    loop {
                        self.ws();
                        match self.s.get(self.pos)? {
                            b']' => {
                                self.pos += 1;
                                return None;
                            }
                            b',' => self.pos += 1,
                            _ => {
                                path.push(i.to_string());
                                let found = if on_way {
                                    self.value(path, target)
                                } else {
                                    self.skip()
                                };
                                path.pop();
                                if found.is_some() {
                                    return found;
                                }
                                i += 1;
                            }
                        }
                    }
                }
                _ => self.skip(),
            }
        }
        /// Skips one value without looking inside (brackets counted, strings skipped whole).
        fn skip(&mut self) -> Option<usize> {
            self.ws();
            let mut depth = 0usize;
            while let Some(&b) = self.s.get(self.pos) {
                match b {
                    b'"' => {
                        self.string();
                        if depth == 0 {
                            return None;
                        }
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth == 0 => return None,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            self.pos += 1;
                            return None;
                        }
                    }
                    b',' if depth == 0 => return None,
                    _ => {}
                }
                self.pos += 1;
            }
            None
        }
    }
    let mut scan = Scan {
        s: json.as_bytes(),
        pos: 0,
    };
    let pos = scan.value(&mut Vec::new(), pointer)?;
    let before = &json[..pos];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() as u32 + 1;
    Some((line, col))
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

    /// Issue 15 (the hashed fingerprint lookup): repeated identical paragraphs keep their IDs in
    /// document order, a deleted copy retires the last one, and an edit among copies is still found.
    #[test]
    fn issue15_repeated_texts_keep_their_ids_in_order() {
        let (ids0, reg0, _) = run(&[A, B, A, C, A], &Registry::default());
        assert_eq!(ids0, ["p1", "p2", "p3", "p4", "p5"]);
        let (ids, reg, ch) = run(&[A, B, A, C], &reg0);
        assert_eq!(ids, ["p1", "p2", "p3", "p4"]);
        assert_eq!(ch.retired, ["p5"]);
        assert!(reg.retired.contains(&"p5".to_string()));
        // Moved: the copy of A after C takes the first unused A, the new text gets a new ID.
        let edited = C.replace("at length", "at some length");
        let (ids, _, ch) = run(&[B, A, N, &edited, A], &reg);
        assert_eq!(ids, ["p2", "p1", "p6", "p4", "p3"]);
        assert_eq!(ch.edited, ["p4"]);
        assert_eq!(ch.added, ["p6"]);
    }

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

    fn registry_json() -> String {
        let (_, reg, _) = run(&[A, B, C], &Registry::default());
        reg.to_json()
    }

    fn parse_str(s: &str) -> Result<Registry, Vec<Diagnostic>> {
        Registry::parse(s.as_bytes(), Path::new("source/article.ids.json"))
    }

    #[test]
    fn issue_12_registry_written_by_stele_is_accepted() {
        let json = registry_json();
        assert_eq!(parse_str(&json).unwrap().to_json(), json);
    }

    #[test]
    fn issue_12_damaged_registries_name_the_line_of_the_offending_id() {
        let json = registry_json();
        let line = |needle: &str, nth: usize| {
            json.lines()
                .enumerate()
                .filter(|(_, l)| l.contains(needle))
                .nth(nth)
                .map(|(i, _)| i as u32 + 1)
                .unwrap()
        };
        let p2 = line("\"p2\"", 0);
        let p3 = line("\"p3\"", 0);
        let retired_line = line("\"retired\"", 0);
        // (case, damaged JSON, expected line, words the message must have)
        let table: Vec<(&str, String, u32, &str)> = vec![
            (
                "duplicate",
                json.replace("\"p2\"", "\"p1\""),
                p2,
                "`p1` appears twice (first at line",
            ),
            (
                "not an ncname",
                json.replace("\"p2\"", "\"1 <script>\""),
                p2,
                "`1 <script>` is not a segment ID",
            ),
            (
                "leading zero",
                json.replace("\"p2\"", "\"p02\""),
                p2,
                "`p02` is not a segment ID",
            ),
            (
                "wrong kind",
                json.replace("\"p3\"", "\"ref-3\""),
                p3,
                "has kind `paragraph`, whose IDs are pN",
            ),
            (
                "retired live",
                json.replace("\"retired\": []", "\"retired\": [\"p3\"]"),
                retired_line,
                "retired ID `p3` is also the ID of a live segment",
            ),
            (
                "retired twice",
                json.replace("\"retired\": []", "\"retired\": [\n\"p9\",\n\"p9\"]"),
                retired_line + 2,
                "retired ID `p9` appears twice",
            ),
            (
                "control character shown escaped",
                json.replace("\"p2\"", "\"p2\\u0007\""),
                p2,
                "`p2\\u{7}` is not",
            ),
            (
                "counter",
                json.replace("\"p\": 4", "\"p\": 0"),
                line("\"p\": 4", 0),
                "`next` counter `p` is 0",
            ),
            (
                "unknown counter",
                json.replace("\"p\": 4", "\"z\": 4"),
                line("\"p\": 4", 0),
                "counter for `z`",
            ),
            ("empty", "  \n".into(), 1, "the ID registry is empty"),
            (
                "syntax",
                json.replace("\"format\": 1,", "\"format\": 1,,"),
                2,
                "is not valid JSON",
            ),
            (
                "shape",
                json.replace("\"format\": 1,", "\"format\": \"1\","),
                2,
                "does not have the expected shape: invalid type",
            ),
            (
                "deep",
                "[".repeat(100_000),
                1,
                "does not have the expected shape: expected an object",
            ),
            (
                "positional",
                "[1, {}, [], []]".into(),
                1,
                "expected an object with `format`",
            ),
            (
                "positional entry",
                json.replacen(
                    "{\n      \"id\": \"p2\",",
                    "[\"p2\", \"paragraph\", \"0123456789ab\", \"t\"], {\"id\": \"p9\",",
                    1,
                ),
                p2 - 1,
                "segment 2 is not an object",
            ),
            (
                "deep inside",
                json.replacen(
                    "\"format\": 1,",
                    &format!("\"format\": {}", "[".repeat(1000)),
                    1,
                ),
                2,
                "does not have the expected shape: invalid type: sequence",
            ),
        ];
        for (case, text, want_line, words) in table {
            let diags = parse_str(&text).expect_err(case);
            let d = &diags[0];
            assert_eq!(d.code, "registry", "{case}");
            assert_eq!(d.line, Some(want_line), "{case}: {d}");
            assert!(d.message.contains(words), "{case}: {d}");
            assert!(
                d.hint.as_deref().unwrap().contains("version control"),
                "{case}"
            );
            assert!(
                !d.message.contains(" column "),
                "{case}: serde's position kept: {d}"
            );
        }
    }

    #[test]
    fn issue_12_ids_stele_gives_out_are_the_only_ones_accepted() {
        let good = [
            ("title", SegmentKind::Title),
            ("title-2", SegmentKind::Title),
            ("h1", SegmentKind::Heading),
            ("p12", SegmentKind::Paragraph),
            ("q3", SegmentKind::PullQuote),
            ("ref-0", SegmentKind::Reference),
            ("ref-4", SegmentKind::Reference),
        ];
        for (id, kind) in good {
            assert_eq!(id_kind(id), Some(kind), "{id}");
        }
        for id in [
            "",
            "p",
            "p0",
            "p01",
            "p-1",
            "p1x",
            "P1",
            "x1",
            "ref-",
            "ref-01",
            "title-0",
            "p99999999999",
            "1 <script>",
            "p1 ",
            "h\u{0}1",
        ] {
            assert_eq!(id_kind(id), None, "{id:?}");
        }
    }

    #[test]
    fn issue_12_re_adding_a_reference_entry_takes_its_id_out_of_retired() {
        let refs = |ns: &[u32]| -> Vec<(String, String, u32)> {
            ns.iter()
                .map(|n| {
                    (
                        format!("entry {n}"),
                        crate::normalize::fingerprint(&format!("entry {n}")),
                        *n,
                    )
                })
                .collect()
        };
        let assign_refs = |owned: &[(String, String, u32)], prev: &Registry| {
            let c: Vec<Candidate> = owned
                .iter()
                .map(|(t, fp, n)| Candidate {
                    kind: SegmentKind::Reference,
                    text: t,
                    fingerprint: fp,
                    number: Some(*n),
                })
                .collect();
            assign(&c, prev).1
        };
        let r0 = assign_refs(&refs(&[1, 2, 3]), &Registry::default());
        let r1 = assign_refs(&refs(&[1, 2]), &r0);
        assert_eq!(r1.retired, ["ref-3"]);
        let r2 = assign_refs(&refs(&[1, 2, 3]), &r1);
        assert!(r2.retired.is_empty());
        // What stele writes, stele reads back.
        parse_str(&r2.to_json()).unwrap();
    }

    #[test]
    fn issue_12_locate_finds_values_by_pointer() {
        let json = "{\n \"a\": [1,\n  {\"b\": \"x\\\"y\"}],\n \"c\": {\"d\": 2}\n}";
        assert_eq!(locate(json, &["a", "1", "b"]), Some((3, 9)));
        assert_eq!(locate(json, &["c", "d"]), Some((4, 13)));
        assert_eq!(locate(json, &["a", "0"]), Some((2, 8)));
        assert_eq!(locate(json, &["z"]), None);
    }
}
