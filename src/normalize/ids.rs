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
mod tests;
