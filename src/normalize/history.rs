//! What each fingerprint stood for: the source history (`source/<stem>.history.json`, committed
//! beside the ID registry) and the word diff a `stale` finding shows.
//!
//! A translation records the fingerprint of the source text it was made from; the history keeps
//! that text (`fingerprint -> text`), so when the source changes, stele can say *what* changed
//! between the text a translation was made from and the current one. Entries are only added,
//! never removed or changed (a fingerprint always stands for the same text), and the file is
//! sorted by fingerprint with one entry per line, so two branches that each add entries merge
//! without conflict.
//!
//! ```json
//! {
//!   "format": 1,
//!   "texts": {
//!     "5dd3cd51452d": "The station had no road until 1936. …",
//!     "8ed63808273a": "The visit of Syrian President …"
//!   }
//! }
//! ```
//!
//! This module is pure: the app layer reads and writes the file through [`crate::io`].

use crate::diag::Diagnostic;
use crate::normalize::ids::Registry;
use crate::normalize::SourceSegment;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use unicode_segmentation::UnicodeSegmentation;

/// History format version written by this code.
pub const FORMAT: u32 = 1;

const HINT: &str = "the history is written by stele (normalize, align, build); restore it from version control (after a merge conflict keep the entries of both sides: each line is independent)";

/// The source texts by fingerprint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct History {
    pub format: u32,
    /// Fingerprint -> the normalized segment text it was computed from (sorted).
    pub texts: BTreeMap<String, String>,
}

/// The history file beside a registry: `article.ids.json` -> `article.history.json`.
pub fn path_for(registry: &Path) -> PathBuf {
    let name = registry
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".ids.json")
        .map(str::to_string)
        .or_else(|| {
            registry
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "source".into());
    registry.with_file_name(format!("{stem}.history.json"))
}

impl History {
    /// An empty history of the current format.
    pub fn new() -> History {
        History {
            format: FORMAT,
            texts: BTreeMap::new(),
        }
    }

    /// Reads a history file: valid JSON of the expected shape and format, and every text
    /// hashing to its fingerprint (a hand-edited entry would show translators a wrong diff).
    /// A damaged history is refused, not repaired, so no command overwrites and loses it.
    pub fn parse(bytes: &[u8], file: &Path) -> Result<History, Vec<Diagnostic>> {
        let err = |msg: String, line: u32, col: u32| {
            Diagnostic::error("history", msg)
                .file(file)
                .at(line.max(1), col.max(1))
                .hint(HINT)
        };
        let h: History = serde_json::from_slice(bytes).map_err(|e| {
            vec![err(
                format!(
                    "the source history is not valid: {}",
                    crate::diag::lowercase_first(&strip_position(&e.to_string()))
                ),
                e.line() as u32,
                e.column() as u32,
            )]
        })?;
        if h.format != FORMAT {
            return Err(vec![err(
                format!(
                    "source history format {} is not supported (this stele writes format {FORMAT})",
                    h.format
                ),
                1,
                1,
            )]);
        }
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<Diagnostic> = h
            .texts
            .iter()
            .filter(|(fp, t)| crate::normalize::fingerprint(t) != **fp)
            .map(|(fp, _)| {
                let line = text
                    .lines()
                    .position(|l| l.contains(&format!("\"{fp}\"")))
                    .map_or(1, |i| i as u32 + 1);
                err(
                    format!(
                        "the text of entry `{fp}` does not have that fingerprint (edited by hand?)"
                    ),
                    line,
                    1,
                )
            })
            .collect();
        if bad.is_empty() {
            Ok(h)
        } else {
            Err(bad)
        }
    }

    /// Pretty-printed, sorted, ending with a newline: the same history gives the same bytes.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("history serializes");
        s.push('\n');
        s
    }

    /// The text a fingerprint stood for.
    pub fn get(&self, fingerprint: &str) -> Option<&str> {
        self.texts.get(fingerprint).map(String::as_str)
    }

    /// Adds an entry unless the fingerprint is known (or the text does not hash to it);
    /// returns whether it was added.
    pub fn add(&mut self, fingerprint: &str, text: &str) -> bool {
        if self.texts.contains_key(fingerprint)
            || crate::normalize::fingerprint(text) != fingerprint
        {
            return false;
        }
        self.texts.insert(fingerprint.to_string(), text.to_string());
        true
    }

    /// Adds the texts of the current segments; returns how many were new.
    pub fn record(&mut self, segments: &[SourceSegment]) -> usize {
        segments
            .iter()
            .filter(|s| self.add(&s.fingerprint, &s.text))
            .count()
    }

    /// Adds the texts a registry holds (the previous source text, before this run's edits): a
    /// project that had no history yet still shows what changed on its first edit.
    pub fn record_registry(&mut self, registry: &Registry) -> usize {
        registry
            .segments
            .iter()
            .filter(|e| self.add(&e.fingerprint, &e.text))
            .count()
    }
}

fn strip_position(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

// ---- word diff ----

/// One run of a word diff of an old and a new text. Serialized as `{"op": "equal"|"delete"|
/// "insert", "text": "…"}`; the `equal` and `delete` texts in order give the old text, the
/// `equal` and `insert` texts the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub enum Change {
    Equal(String),
    Delete(String),
    Insert(String),
}

/// A word diff: the texts split at Unicode word boundaries (UAX #29), the tokens diffed (Myers,
/// no time limit, so the result is deterministic), and whitespace between two changes folded into
/// them, so that `[-a b-]{+c d+}` reads as one change. A change is a `Delete` followed by an
/// `Insert` (either may be absent).
pub fn word_diff(old: &str, new: &str) -> Vec<Change> {
    let a: Vec<&str> = old.split_word_bounds().collect();
    let b: Vec<&str> = new.split_word_bounds().collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b);
    // Runs: Equal(text) or a change (deleted, inserted).
    enum Run {
        Same(String),
        Changed(String, String),
    }
    let mut runs: Vec<Run> = Vec::new();
    for op in ops {
        let (old_r, new_r) = (op.old_range(), op.new_range());
        let (del, ins) = match op.tag() {
            similar::DiffTag::Equal => {
                let t = a[old_r].concat();
                match runs.last_mut() {
                    Some(Run::Same(s)) => s.push_str(&t),
                    _ => runs.push(Run::Same(t)),
                }
                continue;
            }
            similar::DiffTag::Delete => (a[old_r].concat(), String::new()),
            similar::DiffTag::Insert => (String::new(), b[new_r].concat()),
            similar::DiffTag::Replace => (a[old_r].concat(), b[new_r].concat()),
        };
        // A whitespace-only equal run between two changes belongs to both.
        if let [.., Run::Changed(d, i), Run::Same(s)] = runs.as_mut_slice() {
            if s.chars().all(char::is_whitespace) {
                let s = std::mem::take(s);
                d.push_str(&s);
                d.push_str(&del);
                i.push_str(&s);
                i.push_str(&ins);
                runs.pop();
                continue;
            }
        }
        match runs.last_mut() {
            Some(Run::Changed(d, i)) => {
                d.push_str(&del);
                i.push_str(&ins);
            }
            _ => runs.push(Run::Changed(del, ins)),
        }
    }
    let mut out = Vec::new();
    for r in runs {
        match r {
            Run::Same(s) => out.push(Change::Equal(s)),
            Run::Changed(d, i) => {
                if !d.is_empty() {
                    out.push(Change::Delete(d));
                }
                if !i.is_empty() {
                    out.push(Change::Insert(i));
                }
            }
        }
    }
    out
}

/// Words of context kept on each side of a change by [`compact`].
pub const CONTEXT_WORDS: usize = 6;

/// The diff on one line for the terminal: `[-old words-]{+new words+}` inside the unchanged text,
/// which is shortened to [`CONTEXT_WORDS`] words around each change (`…` marks a cut).
pub fn compact(diff: &[Change]) -> String {
    let mut out = String::new();
    let n = diff.len();
    // Whitespace at the edges of a change is shown outside its markers (`no {+paved+} road`).
    let mut pending = false;
    for (k, c) in diff.iter().enumerate() {
        match c {
            Change::Delete(t) | Change::Insert(t) => {
                let t = one_line(t);
                if t.starts_with(char::is_whitespace) && !out.ends_with(char::is_whitespace) {
                    out.push(' ');
                }
                let (open, close) = match c {
                    Change::Delete(_) => ("[-", "-]"),
                    _ => ("{+", "+}"),
                };
                out.push_str(open);
                out.push_str(t.trim());
                out.push_str(close);
                pending |= t.ends_with(char::is_whitespace);
            }
            Change::Equal(t) => {
                let t = one_line(t);
                if std::mem::take(&mut pending) && !t.starts_with(char::is_whitespace) {
                    out.push(' ');
                }
                let tokens: Vec<&str> = t.split_word_bounds().collect();
                let words = tokens
                    .iter()
                    .filter(|s| s.chars().any(char::is_alphanumeric))
                    .count();
                let (after_change, before_change) = (k > 0, k + 1 < n);
                let kept = CONTEXT_WORDS * (after_change as usize + before_change as usize);
                if words <= kept || (!after_change && !before_change) {
                    out.push_str(&t);
                    continue;
                }
                // The head follows a change, the tail leads to the next one.
                if after_change {
                    out.push_str(&tokens[..nth_word_end(&tokens, CONTEXT_WORDS)].concat());
                    out.push_str(" …");
                } else {
                    out.push('…');
                }
                if before_change {
                    let start = tokens.len() - nth_word_end_rev(&tokens, CONTEXT_WORDS);
                    out.push(' ');
                    out.push_str(&tokens[start..].concat());
                }
            }
        }
    }
    out
}

fn nth_word_end(tokens: &[&str], n: usize) -> usize {
    let mut seen = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.chars().any(char::is_alphanumeric) {
            seen += 1;
            if seen == n {
                return i + 1;
            }
        }
    }
    tokens.len()
}

fn nth_word_end_rev(tokens: &[&str], n: usize) -> usize {
    let mut seen = 0;
    for (i, t) in tokens.iter().rev().enumerate() {
        if t.chars().any(char::is_alphanumeric) {
            seen += 1;
            if seen == n {
                return i + 1;
            }
        }
    }
    tokens.len()
}

fn one_line(s: &str) -> String {
    if s.contains(['\n', '\r']) {
        s.replace(['\n', '\r'], " ")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_14_history_file_name_derives_from_the_registry() {
        assert_eq!(
            path_for(Path::new("source/article.ids.json")),
            PathBuf::from("source/article.history.json")
        );
        assert_eq!(
            path_for(Path::new("source/book.v2.ids.json")),
            PathBuf::from("source/book.v2.history.json")
        );
    }

    #[test]
    fn issue_14_history_round_trips_and_refuses_wrong_entries() {
        let mut h = History::new();
        let fp = crate::normalize::fingerprint("Old text.");
        assert!(h.add(&fp, "Old text."));
        // Known fingerprints are never replaced; texts that do not hash to the key are refused.
        assert!(!h.add(&fp, "Old text."));
        assert!(!h.add("000000000000", "Other"));
        let json = h.to_json();
        assert_eq!(
            History::parse(json.as_bytes(), Path::new("h.json")).unwrap(),
            h
        );
        let forged = json.replace("Old text.", "Forged.");
        let e = History::parse(forged.as_bytes(), Path::new("h.json")).unwrap_err();
        assert_eq!(e[0].code, "history");
        assert_eq!(e[0].line, Some(4), "{}", e[0]);
        let e = History::parse(b"{\"format\": 1, \"texts\": [}", Path::new("h.json")).unwrap_err();
        assert!(
            e[0].message.starts_with("the source history is not valid"),
            "{}",
            e[0]
        );
    }

    #[test]
    fn issue_14_word_diff_groups_changed_words() {
        let d = word_diff(
            "The station had no road until 1936.",
            "The station had a new road until 1937.",
        );
        assert_eq!(
            compact(&d),
            "The station had [-no-]{+a new+} road until [-1936-]{+1937+}."
        );
        // The old and the new text are both in the diff.
        let old: String = d
            .iter()
            .filter_map(|c| match c {
                Change::Equal(t) | Change::Delete(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(old, "The station had no road until 1936.");
        let d = word_diff("had no road", "had no paved road");
        assert_eq!(compact(&d), "had no {+paved+} road");
        let d = word_diff("the quick brown fox", "a slow red fox");
        assert_eq!(compact(&d), "[-the quick brown-]{+a slow red+} fox");
    }

    #[test]
    fn issue_14_compact_diff_shortens_long_unchanged_text() {
        let old = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty";
        let new = old.replace("ten", "TEN");
        let c = compact(&word_diff(old, &new));
        assert_eq!(
            c,
            "… four five six seven eight nine [-ten-]{+TEN+} eleven twelve thirteen fourteen fifteen sixteen …"
        );
        // Arabic words are words too (UAX #29).
        let c = compact(&word_diff("وصلت الحارسة الأولى", "وصلت الحارسة الثانية"));
        assert_eq!(c, "وصلت الحارسة [-الأولى-]{+الثانية+}");
    }
}
