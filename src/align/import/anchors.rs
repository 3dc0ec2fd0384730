//! The evidence the aligner weighs (issue 14): per paragraph, its length and the anchors that
//! survive translation (numbers of every digit system, `[n]` markers, URLs and addresses,
//! Latin-script tokens, glossary terms, punctuation and heading shape); [`anchor_cost`] turns two
//! paragraphs' anchors into a cost, [`evidence`] into the counts `stele align`'s `misaligned`
//! check compares.

use crate::align::text::code_like;
use crate::model::{Lang, Script};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

fn hash(s: &str) -> u64 {
    let mut h = DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn sorted(mut v: Vec<u64>) -> Vec<u64> {
    v.sort_unstable();
    v
}

/// Size of the multiset intersection of two sorted lists.
pub(super) fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Items of `a` (sorted, with repeats) found in the set `b` (sorted).
fn found_in(a: &[u64], b: &[u64]) -> usize {
    a.iter().filter(|x| b.binary_search(x).is_ok()).count()
}

fn merged(a: &[u64], b: &[u64]) -> Vec<u64> {
    sorted(a.iter().chain(b).copied().collect())
}

/// The language-independent evidence of one paragraph (or of two, combined).
#[derive(Debug, Clone, Default)]
pub struct Anchors {
    /// Characters without whitespace.
    pub len: usize,
    numbers: Vec<u64>,
    markers: Vec<u64>,
    urls: Vec<u64>,
    /// Latin-script tokens, lowercased (all words of a Latin-script source).
    latin: Vec<u64>,
    /// Code-like Latin tokens (`IPv6`, `apt-get`, `/etc/x`), lowercased.
    code: Vec<u64>,
    gloss: Vec<u64>,
    /// Lowercased words, for comparing a paragraph left in the source language.
    pub(super) words: Vec<u64>,
    quotes: bool,
    parens: bool,
    pub(super) heading: bool,
    /// Letters, but none of the target script, and prose words: left in another language.
    pub foreign: bool,
    /// Ends without a final stop (a heading, or a merged paragraph ending with one).
    open_end: bool,
    /// Sentences (final stops followed by a space or the end; not after a short abbreviation
    /// such as `Mr.`): translators mostly keep them, so a merge shows as their sum.
    pub(super) sentences: usize,
    /// Characters (without whitespace) of the first sentence, its final stop included; the whole
    /// length when there is none. A heading merged into the paragraph after it (no final stop of
    /// its own) lengthens the paragraph's first sentence by its own length: that, not the whole
    /// length, tells a merged heading from a dropped one.
    pub(super) first: usize,
    /// Characters (without whitespace) up to each sentence's final stop: where a paragraph split
    /// at a sentence end may be cut (issue 14).
    pub(super) ends: Vec<usize>,
    /// Every word also occurs in another paragraph of the same file (a name kept throughout),
    /// set by [`mark_foreign`].
    pub(super) known: bool,
    /// For a paragraph with letters but none of its language's script: its Latin words that are
    /// not code-like (names kept as they are, or words left untranslated); see [`mark_foreign`].
    bare: Option<Vec<u64>>,
}

const QUOTES: &[char] = &['«', '»', '“', '”', '„', '"', '‹', '›'];

fn trim_token(w: &str) -> &str {
    w.trim_matches(|c: char| {
        !(c.is_alphanumeric() || "/_-+#@".contains(c)) || c == '-' && w.len() == 1
    })
}

fn is_url(w: &str) -> bool {
    let starts = |p: &str| w.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    starts("http://") || starts("https://") || starts("ftp://") || starts("www.")
}

fn is_email(w: &str) -> bool {
    match w.split_once('@') {
        Some((a, b)) => !a.is_empty() && b.contains('.') && !b.starts_with('.'),
        None => false,
    }
}

/// A URL or address for comparison: lowercased, trailing punctuation and `/` dropped, scheme and
/// `www.` dropped (a translation may write the bare host).
fn url_key(w: &str) -> String {
    let w = w
        .trim_end_matches(|c: char| ".,;:!?)]»”’،؛؟…\"'".contains(c))
        .trim_end_matches('/');
    let l = w.to_lowercase();
    let l = l.split_once("://").map_or(l.as_str(), |x| x.1).to_string();
    l.strip_prefix("www.").unwrap_or(&l).to_string()
}

/// Glossary terms for the aligner: per term, the source term's words and each rendering's word
/// prefixes, all lowercased.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    terms: Vec<(Vec<String>, Vec<Vec<String>>)>,
}

impl Terms {
    pub fn new(glossary: Option<&crate::align::glossary::Glossary>, lang: &Lang) -> Terms {
        let prefixes = |s: &str| -> Vec<String> {
            s.split_whitespace()
                .map(|w| {
                    let w: Vec<char> = w.to_lowercase().chars().collect();
                    let n = if w.len() <= 4 {
                        w.len()
                    } else {
                        (w.len() * 2 / 3).max(4)
                    };
                    w[..n].iter().collect()
                })
                .collect()
        };
        let terms = glossary
            .map(|g| {
                g.terms
                    .iter()
                    .filter_map(|t| {
                        let r = t.renderings.get(lang)?;
                        Some((prefixes(&t.source), r.iter().map(|x| prefixes(x)).collect()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Terms { terms }
    }
    fn has(text: &str, words: &[String]) -> bool {
        !words.is_empty() && words.iter().all(|w| text.contains(w.as_str()))
    }
    fn found(&self, lower: &str, source: bool) -> Vec<u64> {
        self.terms
            .iter()
            .enumerate()
            .filter(|(_, (s, r))| {
                if source {
                    Self::has(lower, s)
                } else {
                    r.iter().any(|x| Self::has(lower, x))
                }
            })
            .map(|(i, _)| i as u64)
            .collect()
    }
}

impl Anchors {
    /// The anchors of a text; `script` is the script of the text's language (the target's, for a
    /// translation: Latin tokens are those of another script; for a Latin source, every word).
    pub fn of(text: &str, script: Script, terms: &Terms, source: bool) -> Anchors {
        let mut a = Anchors::default();
        let mut rest = String::with_capacity(text.len());
        let mut prose_words = 0;
        let mut latin_words = 0;
        let mut has_letter = false;
        let mut own_letter = false;
        for c in text.chars() {
            if Script::of_char(c) == Some(script) && c.is_alphabetic() {
                has_letter = true;
                own_letter = true;
                break;
            }
            has_letter = has_letter || c.is_alphabetic();
        }
        for raw in text.split_whitespace() {
            a.len += raw.chars().count();
            let w = raw.trim_matches(|c: char| "([{<«“\"'".contains(c));
            if is_url(w) || is_email(w.trim_end_matches(|c: char| !c.is_alphanumeric())) {
                a.urls.push(hash(&url_key(w)));
                rest.push(' ');
                continue;
            }
            rest.push_str(raw);
            rest.push(' ');
            let t = trim_token(raw);
            if t.is_empty() {
                continue;
            }
            let latin = t.chars().any(|c| Script::of_char(c) == Some(Script::Latin));
            let alpha = t.chars().any(char::is_alphabetic);
            if !latin && !alpha {
                continue;
            }
            // Most tokens are ASCII, and lowercasing them needs no Unicode tables (issue 13).
            let l = if t.is_ascii() {
                hash(&t.to_ascii_lowercase())
            } else {
                hash(&t.to_lowercase())
            };
            let code = code_like(t);
            if latin && alpha {
                latin_words += 1;
            }
            if latin && (script != Script::Latin || source) {
                if code {
                    a.code.push(l);
                }
                a.latin.push(l);
            }
            if alpha {
                a.words.push(l);
                if t.chars().next().is_some_and(char::is_lowercase) && !code {
                    prose_words += 1;
                }
            }
        }
        // `[n]` markers, then the numbers outside them.
        let chars: Vec<char> = rest.chars().collect();
        let mut plain = String::with_capacity(rest.len());
        let mut i = 0;
        while i < chars.len() {
            if chars[i] == '[' && (i == 0 || chars[i - 1] != '\\') {
                let n = chars[i + 1..]
                    .iter()
                    .take_while(|c| crate::align::text::digit(**c).is_some())
                    .count();
                if n > 0 && chars.get(i + 1 + n) == Some(&']') {
                    let num: String = chars[i + 1..i + 1 + n].iter().collect();
                    let num = crate::align::text::numbers(&num).join("");
                    a.markers.push(hash(&num));
                    plain.push(' ');
                    i += n + 2;
                    continue;
                }
            }
            plain.push(chars[i]);
            i += 1;
        }
        a.numbers = crate::align::text::numbers(&plain)
            .iter()
            .map(|n| hash(n))
            .collect();
        a.quotes = text.chars().any(|c| QUOTES.contains(&c));
        a.parens = text.contains('(') || text.contains('（');
        // The final stop may sit inside closing quotes or brackets: `«… ذلك.»`, `(see [2].)`.
        let t = text
            .trim_end()
            .trim_end_matches(|c: char| "»”“’\"')]›".contains(c));
        a.open_end = !t.ends_with(|c: char| ".!?:;…。؟".contains(c));
        a.ends = sentences(text);
        a.sentences = a.ends.len();
        a.first = a.ends.first().copied().unwrap_or(a.len);
        a.heading = a.len > 0 && a.len <= 120 && a.open_end && !text.contains('\n');
        // Prose (two lowercase words) or a title-case heading of three words or more; not a name
        // or command kept as it is (`Exim 4`, `dpkg-reconfigure`).
        a.foreign = has_letter && !own_letter && (prose_words >= 2 || latin_words >= 3);
        if has_letter && !own_letter && !source {
            let code = sorted(a.code.clone());
            a.bare = Some(sorted(
                a.latin
                    .iter()
                    .filter(|h| !code.contains(h))
                    .copied()
                    .collect(),
            ));
        }
        if !terms.terms.is_empty() {
            a.gloss = terms.found(&text.to_lowercase(), source);
        }
        for v in [
            &mut a.numbers,
            &mut a.markers,
            &mut a.urls,
            &mut a.latin,
            &mut a.code,
            &mut a.gloss,
        ] {
            v.sort_unstable();
        }
        a.words.sort_unstable();
        a.words.dedup();
        a
    }

    /// Two consecutive paragraphs read as one.
    pub fn join(&self, b: &Anchors) -> Anchors {
        let mut words = merged(&self.words, &b.words);
        words.dedup();
        Anchors {
            len: self.len + b.len,
            numbers: merged(&self.numbers, &b.numbers),
            markers: merged(&self.markers, &b.markers),
            urls: merged(&self.urls, &b.urls),
            latin: merged(&self.latin, &b.latin),
            code: merged(&self.code, &b.code),
            gloss: merged(&self.gloss, &b.gloss),
            words,
            quotes: self.quotes || b.quotes,
            parens: self.parens || b.parens,
            heading: false,
            foreign: self.foreign && b.foreign,
            open_end: b.open_end,
            sentences: self.sentences + b.sentences,
            ends: self
                .ends
                .iter()
                .copied()
                .chain(b.ends.iter().map(|e| self.len + e))
                .collect(),
            first: if self.sentences > 0 {
                self.first
            } else {
                self.len + b.first
            },
            known: false,
            bare: None,
        }
    }

    /// Whether a two-segment merge ending in this paragraph's text may end with a heading.
    pub(super) fn open_end(&self) -> bool {
        self.open_end
    }
}

/// Sentences of a text: `.`, `!`, `?`, `؟`, `…` (closing quotes and brackets after them allowed)
/// before whitespace or the end, not after a word of one or two letters (`Mr.`, `St.`, `U.S.`);
/// and the length up to each one's end (characters without whitespace).
fn sentences(text: &str) -> Vec<usize> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let stop = |w: &str| {
        let w = w.trim_end_matches(|c: char| "»”“’\"')]›".contains(c));
        let Some(core) = w.strip_suffix(|c: char| ".!?؟…".contains(c)) else {
            return false;
        };
        let letters = core.chars().rev().take_while(|c| c.is_alphabetic()).count();
        !(w.ends_with('.') && (1..=2).contains(&letters) && core.chars().count() == letters)
    };
    let mut ends = Vec::new();
    let mut chars = 0;
    for w in &words {
        chars += w.chars().count();
        if stop(w) {
            ends.push(chars);
        }
    }
    ends
}

/// Marks as left in the source language each target paragraph without letters of its script
/// whose words are not all names kept elsewhere in the translation or code-like (the rule of
/// `stele align`'s `untranslated` check): `References` left in English is untranslated, `Exim 4`
/// (Exim written in Latin letters in the translated paragraphs too) is a translation.
pub(super) fn mark_foreign(paras: &mut [Anchors]) {
    let mut seen: std::collections::BTreeMap<u64, usize> = std::collections::BTreeMap::new();
    for w in paras.iter().flat_map(|a| &a.words) {
        *seen.entry(*w).or_default() += 1;
    }
    for a in paras.iter_mut() {
        a.known = !a.words.is_empty() && a.words.iter().all(|w| seen[w] >= 2);
    }
    let kept: std::collections::BTreeSet<u64> = paras
        .iter()
        .filter(|a| a.bare.is_none())
        .flat_map(|a| a.latin.iter().copied())
        .collect();
    for a in paras.iter_mut() {
        if let Some(bare) = &a.bare {
            if bare.iter().any(|w| !kept.contains(w)) {
                a.foreign = true;
            }
        }
    }
}

/// How well a source text's anchors agree with a translation's: items found on both sides and
/// items found on one side only (numbers, markers, URLs, Latin-script tokens).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Evidence {
    pub matched: usize,
    pub unmatched: usize,
}

/// The strong anchors only (numbers, `[n]` markers, URLs and addresses, Latin tokens the
/// translation keeps): what `stele align`'s `misaligned` check compares.
pub fn evidence(s: &Anchors, t: &Anchors) -> Evidence {
    let mut e = Evidence::default();
    for (a, b) in [
        (&s.numbers, &t.numbers),
        (&s.markers, &t.markers),
        (&s.urls, &t.urls),
    ] {
        let m = common(a, b);
        e.matched += m;
        e.unmatched += a.len() + b.len() - 2 * m;
    }
    let kept = found_in(&t.latin, &s.latin);
    e.matched += kept;
    e.unmatched += t.latin.len() - kept;
    let code = found_in(&s.code, &t.latin);
    e.unmatched += s.code.len() - code;
    e
}

/// Anchor cost of pairing `s` with `t` (negative: evidence for the pair, positive: against).
pub(super) fn anchor_cost(s: &Anchors, t: &Anchors) -> f64 {
    let mut c = 0.0;
    let mut sym = |a: &[u64], b: &[u64], hit: f64, miss: f64| {
        let m = common(a, b) as f64;
        let u = (a.len() + b.len()) as f64 - 2.0 * m;
        c += -hit * m.min(6.0) + miss * u.min(8.0);
    };
    sym(&s.numbers, &t.numbers, 1.5, 0.8);
    sym(&s.markers, &t.markers, 2.0, 1.5);
    sym(&s.urls, &t.urls, 3.0, 2.0);
    sym(&s.gloss, &t.gloss, 0.6, 0.3);
    let kept = found_in(&t.latin, &s.latin) as f64;
    let stray = t.latin.len() as f64 - kept;
    let lost = (s.code.len() - found_in(&s.code, &t.latin)) as f64;
    c += -kept.min(6.0) + 0.8 * stray.min(8.0) + 0.4 * lost.min(8.0);
    c += match (s.quotes, t.quotes) {
        (true, true) => -0.3,
        (false, false) => 0.0,
        _ => 0.4,
    };
    c += match (s.parens, t.parens) {
        (true, true) => -0.3,
        (false, false) => 0.0,
        _ => 0.3,
    };
    let d = s.sentences.abs_diff(t.sentences) as f64;
    c += if d == 0.0 && s.sentences >= 2 {
        -0.3
    } else {
        0.6 * d.min(4.0)
    };
    c += match (s.heading, t.heading) {
        (true, true) => -0.8,
        (false, false) => 0.0,
        _ => 1.5,
    };
    c
}

/// What the aligner adds to [`anchor_cost`] when it chooses between moves (not in a pair's
/// confidence score): a code-like source token (`user@host`, `apt-get`) missing from the
/// translation weighs 1.0 there, not 0.4, and a sentence more or fewer 0.6 plus `sentence_weight`
/// (0.4, or what the document's own pairs say of how often its translator keeps the sentence
/// count: `Calibration::sentence_weight`, issue 14), so a dropped segment's neighbour (other
/// sentences, none of its names) does not take its place and a dropped reference entry is not
/// read as merged into the next one.
pub(super) fn move_cost(s: &Anchors, t: &Anchors, sentence_weight: f64) -> f64 {
    let d = s.sentences.abs_diff(t.sentences) as f64;
    let lost = (s.code.len() - found_in(&s.code, &t.latin)) as f64;
    let sentences = sentence_weight * d.min(4.0);
    sentences + 0.6 * lost.min(8.0)
}
