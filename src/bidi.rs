//! Direction runs: which stretches of a text are isolated in the other direction. One rule for
//! every exporter (HTML/EPUB `<bdi>`, PDF isolates) and for script tagging in normalize/align.
//!
//! The unit is the *token*, not the script run: a maximal stretch without whitespace and without
//! letters of the context's own direction. In right-to-left text, a token is foreign when it holds
//! a left-to-right letter (Latin, Cyrillic, Greek, or an LRM): `IPv6`, `UTF-8`, `ISO-8859-1`,
//! `/etc/apt/sources.list`, `C++`, `user@host`, `argv[0]` are each one piece, digits, joiners
//! (`- . / _ : @ + #`) and a leading slash included, so the bidi algorithm cannot reorder their
//! parts. Foreign tokens separated only by spaces and neutral punctuation form one run (`RIA
//! Novosti`, `apt-get install exim4`); a run ends on a token with letters, so a number after the
//! last word (`Enab Baladi 17 تشرين`) stays with the surrounding text. Tokens of digits alone are
//! [`RunKind::Number`] runs (`2025`, `15/10/2025`, `10.0.0.1/24`), for exporters that isolate
//! numbers. In left-to-right text the same rule finds right-to-left runs (Arabic, Hebrew).

use crate::model::{Dir, Script};

/// What a run holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// Words with letters of the other direction (digits and joiners between them included).
    Words,
    /// Digits (with their separators, signs, a `%` after them, or the brackets of `[n]`) only.
    Number,
}

/// A byte range of a text to isolate, with the direction it is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    pub dir: Dir,
    pub kind: RunKind,
}

/// The bidi class that matters here.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    /// Strong left-to-right: a Latin, Cyrillic, Greek or other alphabetic letter, or LRM.
    L,
    /// Strong right-to-left: an Arabic or Hebrew letter, RLM or ALM.
    R,
    /// A European digit.
    Digit,
    /// An Arabic-Indic digit.
    ArabicDigit,
    Space,
    Neutral,
}

fn class(c: char) -> Class {
    match c {
        '0'..='9' => return Class::Digit,
        '\u{660}'..='\u{669}' | '\u{6F0}'..='\u{6F9}' => return Class::ArabicDigit,
        '\u{200E}' => return Class::L,
        '\u{200F}' | '\u{61C}' => return Class::R,
        _ => {}
    }
    if c.is_whitespace() {
        return Class::Space;
    }
    match Script::of_char(c) {
        Some(Script::Arabic | Script::Hebrew) => Class::R,
        Some(_) => Class::L,
        None if c.is_alphabetic() => Class::L,
        None => Class::Neutral,
    }
}

/// The direction of the first strong character, if any.
pub fn first_strong(text: &str) -> Option<Dir> {
    text.chars().find_map(|c| match class(c) {
        Class::L => Some(Dir::Ltr),
        Class::R => Some(Dir::Rtl),
        _ => None,
    })
}

/// Joiners that belong to a token when they stand inside it (`UTF-8`, `/etc/x`, `user@host`).
const INNER: &str = "-‐‑./\\_:@+#~=%&?,'’";
/// Joiners a token may start with (`/etc`, `.bashrc`, `--help`, `~/`, `$HOME`, `#include`, `-5`).
const LEADING: &str = "/\\.-−_~$@#+€£¥₽";
/// Joiners a token may end with (`C++`, `C#`, `/etc/apt/`, `__init__`, `50%`).
const TRAILING: &str = "+#/_%‰‱°";
const BRACKETS: [(char, char); 4] = [('(', ')'), ('[', ']'), ('{', '}'), ('<', '>')];

/// A token: byte range of its core (trimmed of outer punctuation) and what it holds.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    foreign_letters: bool,
    digits: bool,
}

/// Trims a piece `chars[a..b]` (no whitespace, no letters of the context's direction) to its
/// core: from the first letter or digit (leading joiners attached to it included) to the last
/// (trailing joiners included), with brackets whose partner is inside.
fn core(chars: &[(usize, char)], a: usize, b: usize, foreign: Class) -> Option<(usize, usize)> {
    let is_body = |c: char| {
        let k = class(c);
        k == foreign || k == Class::Digit || (foreign == Class::R && k == Class::ArabicDigit)
    };
    let first = (a..b).find(|&i| is_body(chars[i].1))?;
    let last = (a..b).rev().find(|&i| is_body(chars[i].1))?;
    let mut s = first;
    if foreign == Class::L {
        while s > a && LEADING.contains(chars[s - 1].1) {
            s -= 1;
        }
    }
    let mut e = last + 1;
    if foreign == Class::L {
        while e < b && TRAILING.contains(chars[e].1) {
            e += 1;
        }
    }
    // Inner joiners only: a trailing `.`/`:`/`,` ends a sentence or clause, not the token.
    for (open, close) in BRACKETS {
        while e < b && chars[e].1 == close && unmatched(&chars[s..e], open, close).1 > 0 {
            e += 1;
        }
        while s > a && chars[s - 1].1 == open && unmatched(&chars[s..e], open, close).0 > 0 {
            s -= 1;
        }
    }
    Some((s, e))
}

/// In `chars`: closers without an opener before them, and openers left open at the end.
fn unmatched(chars: &[(usize, char)], open: char, close: char) -> (usize, usize) {
    let (mut unopened, mut depth) = (0usize, 0usize);
    for (_, c) in chars {
        if *c == open {
            depth += 1;
        } else if *c == close {
            if depth == 0 {
                unopened += 1;
            } else {
                depth -= 1;
            }
        }
    }
    (unopened, depth)
}

/// The tokens of `text` that are not of the context's direction, in order.
fn tokens(chars: &[(usize, char)], ctx: Dir) -> Vec<Token> {
    let (own, foreign) = match ctx {
        Dir::Rtl => (Class::R, Class::L),
        Dir::Ltr => (Class::L, Class::R),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let k = class(chars[i].1);
        if k == Class::Space || k == own {
            i += 1;
            continue;
        }
        let a = i;
        while i < chars.len()
            && !matches!(class(chars[i].1), Class::Space)
            && class(chars[i].1) != own
        {
            i += 1;
        }
        if let Some((s, e)) = core(chars, a, i, foreign) {
            let body = &chars[s..e];
            out.push(Token {
                start: s,
                end: e,
                foreign_letters: body.iter().any(|(_, c)| class(*c) == foreign),
                digits: body.iter().any(|(_, c)| class(*c) == Class::Digit),
            });
        }
    }
    out
}

/// Byte ranges of `text` to isolate in a context of direction `ctx`, in order.
pub fn runs(text: &str, ctx: Dir) -> Vec<Run> {
    // In left-to-right text only a right-to-left letter starts a run (digits are isolated in
    // right-to-left text only): text without one has none, and is not copied char by char (16
    // bytes a char, a paragraph at a time: issue 12).
    if ctx == Dir::Ltr && !text.chars().any(|c| class(c) == Class::R) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let own = match ctx {
        Dir::Rtl => Class::R,
        Dir::Ltr => Class::L,
    };
    let other = match ctx {
        Dir::Rtl => Dir::Ltr,
        Dir::Ltr => Dir::Rtl,
    };
    let toks = tokens(&chars, ctx);
    let byte = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    // Tokens join when nothing between them is a letter of the context's direction or a bracket
    // of a `[n]` marker.
    let joins = |a: &Token, b: &Token| {
        chars[a.end..b.start]
            .iter()
            .all(|(_, c)| class(*c) != own && !"[]".contains(*c))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if !t.foreign_letters {
            if ctx == Dir::Rtl && t.digits {
                let (s, e) = number_edges(&chars, t.start, t.end);
                out.push(Run {
                    start: byte(s),
                    end: byte(e),
                    dir: other,
                    kind: RunKind::Number,
                });
            }
            i += 1;
            continue;
        }
        let mut last = i;
        let mut j = i + 1;
        while j < toks.len() && joins(&toks[j - 1], &toks[j]) {
            if toks[j].foreign_letters {
                last = j;
            }
            j += 1;
        }
        // A number right after the last word, with only a space between, reads with it, as the
        // bidi algorithm itself would read it without isolation (`Debian 12`, `kernel 6.1`,
        // `Exim 4`); not before an Arabic month (`Enab Baladi 17 تشرين`), and not after
        // punctuation (`(Enab Baladi) 17`, `RIA Novosti, 2025`).
        if let Some(n) = toks.get(last + 1) {
            let gap = &chars[toks[last].end..n.start];
            let spaced = !gap.is_empty() && gap.iter().all(|(_, c)| class(*c) == Class::Space);
            if ctx == Dir::Rtl
                && !n.foreign_letters
                && n.digits
                && spaced
                && !month_after(&chars, n.end)
            {
                last += 1;
            }
        }
        let (s, e) = balance(&chars, t.start, toks[last].end);
        out.push(Run {
            start: byte(s),
            end: byte(e),
            dir: other,
            kind: RunKind::Words,
        });
        i = last + 1;
    }
    out
}

/// Arabic month names (Levantine and Egyptian/Gulf), which a number before them belongs to.
const ARABIC_MONTHS: [&str; 24] = [
    "كانون",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين",
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "إبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
    "ابريل",
];

/// Whether the next word after `i` is an Arabic month name.
fn month_after(chars: &[(usize, char)], i: usize) -> bool {
    let word: String = chars[i..]
        .iter()
        .map(|(_, c)| *c)
        .skip_while(|c| c.is_whitespace())
        .take_while(|c| !c.is_whitespace() && !matches!(c, '،' | '.' | '/' | ','))
        .collect();
    ARABIC_MONTHS.iter().any(|m| word == *m)
}

/// A number's run: a sign before it, and the brackets of a literal `[n]` around it.
fn number_edges(chars: &[(usize, char)], mut s: usize, mut e: usize) -> (usize, usize) {
    if s > 0 && e < chars.len() && chars[s - 1].1 == '[' && chars[e].1 == ']' {
        s -= 1;
        e += 1;
    }
    (s, e)
}

/// Brackets and quotes around a run whose partner is inside it come along, so that no pair is
/// split between the run and the surrounding text.
fn balance(chars: &[(usize, char)], mut s: usize, mut e: usize) -> (usize, usize) {
    for (open, close) in [('(', ')'), ('[', ']'), ('<', '>'), ('“', '”'), ('«', '»')] {
        if s > 0 && chars[s - 1].1 == open && unmatched(&chars[s..e], open, close).0 > 0 {
            s -= 1;
        }
        while e < chars.len() && chars[e].1 == close && unmatched(&chars[s..e], open, close).1 > 0 {
            e += 1;
        }
    }
    (s, e)
}

/// Extends a script run `[start, end)` (from its first letter to its last) over the token
/// characters attached to it: digits, inner joiners and a leading slash, so that script tagging
/// and isolation agree (`IPv6` is one run, not `IPv` and `6`).
pub fn extend_to_token(text: &str, start: usize, end: usize) -> (usize, usize) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let idx = |b: usize| chars.partition_point(|(x, _)| *x < b);
    let (a, b) = (idx(start), idx(end));
    let piece = |i: usize| {
        let k = class(chars[i].1);
        k != Class::Space && k != Class::R
    };
    let mut s = a;
    while s > 0 && piece(s - 1) {
        s -= 1;
    }
    let mut e = b;
    while e < chars.len() && piece(e) {
        e += 1;
    }
    // Keep only the digits and joiners next to the run; letters of another script stay out.
    let attached =
        |c: char| matches!(class(c), Class::Digit) || INNER.contains(c) || TRAILING.contains(c);
    let mut ns = a;
    while ns > s && (attached(chars[ns - 1].1) || LEADING.contains(chars[ns - 1].1)) {
        ns -= 1;
    }
    let mut ne = b;
    while ne < e && attached(chars[ne].1) {
        ne += 1;
    }
    // Trim back to the token's core: leading joiners only when attached, trailing ones of
    // [`TRAILING`] only, and brackets as [`core`] keeps them.
    let Some((cs, ce)) = core(&chars, ns, ne, Class::L) else {
        return (start, end);
    };
    let byte = |i: usize| chars.get(i).map_or(text.len(), |(x, _)| *x);
    (byte(cs.min(a)), byte(ce.max(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_to_right_text_without_a_right_to_left_letter_has_no_runs_issue_12() {
        assert!(runs("IPv6 2025 [3] /etc/x C++ \u{660}\u{661}", Dir::Ltr).is_empty());
        assert_eq!(
            pieces("see \u{200F}x and العربية here", Dir::Ltr),
            [("\u{200F}", RunKind::Words), ("العربية", RunKind::Words)]
        );
    }

    fn pieces(text: &str, ctx: Dir) -> Vec<(&str, RunKind)> {
        runs(text, ctx)
            .into_iter()
            .map(|r| (&text[r.start..r.end], r.kind))
            .collect()
    }

    fn words(text: &str, ctx: Dir) -> Vec<&str> {
        pieces(text, ctx)
            .into_iter()
            .filter(|(_, k)| *k == RunKind::Words)
            .map(|(s, _)| s)
            .collect()
    }

    /// Issue 11: a token with letters and digits is one isolate, its leading slash inside.
    #[test]
    fn issue_11_mixed_tokens_are_one_run_in_arabic() {
        for token in [
            "IPv6",
            "UTF-8",
            "ISO-8859-1",
            "dom0",
            "exim4",
            "/etc/apt/sources.list",
            "/etc/locale.gen",
            "C++",
            "C#",
            "user@host",
            "admin@example.org",
            "x86_64",
            "argv[0]",
            "kernel.org/~user",
            "--help",
        ] {
            let text = format!("استخدم {token}، ثم تابع.");
            assert_eq!(words(&text, Dir::Rtl), vec![token], "{text}");
        }
        // A trailing full stop, colon or comma ends the sentence, not the token.
        assert_eq!(
            words("الملف /etc/locale.gen.", Dir::Rtl),
            ["/etc/locale.gen"]
        );
        assert_eq!(words("الإصدار UTF-8:", Dir::Rtl), ["UTF-8"]);
        // Numbers alone are number runs, with their separators.
        assert_eq!(
            pieces("العنوان 10.0.0.1/24 و2025", Dir::Rtl),
            [("10.0.0.1/24", RunKind::Number), ("2025", RunKind::Number)]
        );
        // An LRM after a number makes it part of the Latin run the translator meant.
        assert_eq!(
            words("ثبّت Debian 12\u{200E} الآن", Dir::Rtl),
            ["Debian 12\u{200E}"]
        );
    }

    #[test]
    fn runs_join_over_spaces_and_end_on_words() {
        assert_eq!(
            words("نشرت RIA Novosti، في 2025.", Dir::Rtl),
            ["RIA Novosti"]
        );
        assert_eq!(
            pieces(
                "أكتوبر 2025. https://a.org/x/20 (Enab Baladi) 17 تشرين",
                Dir::Rtl
            ),
            [
                ("2025", RunKind::Number),
                ("https://a.org/x/20 (Enab Baladi)", RunKind::Words),
                ("17", RunKind::Number)
            ]
        );
        assert_eq!(
            words("RIA Novosti, 16 October 2025", Dir::Rtl),
            ["RIA Novosti, 16 October 2025"]
        );
        // A version after a name reads with it; a day before an Arabic month does not.
        assert_eq!(words("ثبّت Debian 12 الآن", Dir::Rtl), ["Debian 12"]);
        assert_eq!(words("Exim 4", Dir::Rtl), ["Exim 4"]);
        assert_eq!(
            words("في Enab Baladi 17 تشرين الأول", Dir::Rtl),
            ["Enab Baladi"]
        );
        assert_eq!(
            words("شغّل apt-get install exim4 الآن", Dir::Rtl),
            ["apt-get install exim4"]
        );
        // `لـ` before a Latin word: the Arabic letters stay out of the run.
        assert_eq!(words("لـDebian", Dir::Rtl), ["Debian"]);
    }

    #[test]
    fn rtl_runs_in_ltr_text() {
        assert_eq!(words("see «سوريا» here", Dir::Ltr), ["سوريا"]);
        assert_eq!(
            words("Enab Baladi (عنب بلدي) wrote", Dir::Ltr),
            ["عنب بلدي"]
        );
        assert!(runs("plain text 2025", Dir::Ltr).is_empty());
    }

    #[test]
    fn script_runs_extend_over_attached_digits_and_joiners() {
        let t = "بروتوكول IPv6، والترميز UTF-8 والمسار /etc/x.";
        let ext = |w: &str| {
            let s = t.find(w).unwrap();
            let (a, b) = extend_to_token(t, s, s + w.len());
            &t[a..b]
        };
        assert_eq!(ext("IPv"), "IPv6");
        assert_eq!(ext("UTF"), "UTF-8");
        assert_eq!(ext("etc/x"), "/etc/x");
        let r = "MAC-адрес";
        assert_eq!(
            extend_to_token(r, 0, 3),
            (0, 3),
            "Cyrillic after the hyphen stays out"
        );
    }
}
