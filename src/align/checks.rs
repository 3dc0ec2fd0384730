//! The QA checks on aligned segment pairs: untranslated text, number/citation/URL parity,
//! brackets and quotes, length-ratio outliers, sentence counts, invisible characters, Latin
//! look-alikes, tatweel, stray spaces, and inconsistent translations of identical sources.
//! (Glossary terms are in [`super::glossary`].) Each finding names file, line, language and ID.

use crate::align::format::Div;
use crate::diag::{Diagnostic, Severity};
use crate::model::{Lang, Script, SegmentKind};
use crate::normalize::SourceSegment;
use pandoc_ast::Inline;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::text::{
    code_like, numbers, pairs_for, prose, sentence_tolerance, sentences, split_or_merge, unbalanced,
};

/// One source segment and its (non-empty) translation.
#[derive(Debug, Clone, Copy)]
pub struct Pair<'a> {
    pub seg: &'a SourceSegment,
    pub src_inlines: &'a [Inline],
    pub div: &'a Div,
    pub inlines: &'a [Inline],
    /// The translation's plain text.
    pub text: &'a str,
}

/// The language and file being checked.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub lang: &'a Lang,
    pub source_lang: &'a Lang,
    pub file: &'a Path,
}

impl Ctx<'_> {
    /// A finding about a segment, at the first line of its text.
    pub fn finding(
        &self,
        sev: Severity,
        code: &'static str,
        p: &Pair,
        msg: String,
        hint: &str,
    ) -> Diagnostic {
        Diagnostic::new(sev, code, msg)
            .file(self.file)
            .line(p.div.text_line())
            .lang(self.lang.as_str())
            .segment(p.seg.id.clone())
            .hint(hint.to_string())
    }
    #[allow(clippy::too_many_arguments)]
    fn at(
        &self,
        sev: Severity,
        code: &'static str,
        p: &Pair,
        line: u32,
        col: usize,
        msg: String,
        hint: &str,
    ) -> Diagnostic {
        Diagnostic::new(sev, code, msg)
            .file(self.file)
            .at(line, col as u32)
            .lang(self.lang.as_str())
            .segment(p.seg.id.clone())
            .hint(hint.to_string())
    }
}

/// Runs every check on the pairs of one language.
pub fn run(pairs: &[Pair], ctx: &Ctx) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let typical = typical_log_ratio(pairs);
    let kept = kept_tokens(pairs, ctx);
    let mut marks = 0;
    for p in pairs {
        untranslated(p, ctx, &kept, &mut out);
        citation_parity(p, ctx, &mut out);
        url_parity(p, ctx, &mut out);
        number_parity(p, ctx, &mut out);
        brackets(p, ctx, &mut out);
        sentence_count(p, ctx, typical, &mut out);
        marks += characters(p, ctx, &mut out);
    }
    if marks > 0 {
        // Reported once per file: in right-to-left text these marks are the translator's tool
        // for placing neutral characters next to Latin runs, not an accident.
        out.push(
            Diagnostic::info(
                "invisible-char",
                format!("{marks} direction mark(s) (LRM, RLM, ALM) kept: accepted in right-to-left text"),
            )
            .file(ctx.file)
            .lang(ctx.lang.as_str())
            .hint("nothing to do; other zero-width and bidi control characters are still reported"),
        );
    }
    length_ratio(pairs, ctx, &mut out);
    inconsistent(pairs, ctx, &mut out);
    out
}

/// Words of the source's script that a translation keeps as they are in segments it otherwise
/// translates: names, commands and acronyms (`Exim`, `Debian`, `APT`).
fn kept_tokens<'a>(pairs: &[Pair<'a>], ctx: &Ctx) -> BTreeSet<&'a str> {
    let own = ctx.lang.script();
    let mut kept = BTreeSet::new();
    for p in pairs {
        if !p.text.chars().any(|c| Script::of_char(c) == Some(own)) {
            continue;
        }
        let src: BTreeSet<&str> = words(&p.seg.text).collect();
        kept.extend(words(p.text).filter(|w| src.contains(w)));
    }
    kept
}

/// Letter-bearing words of a text, trimmed of surrounding punctuation.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().any(char::is_alphabetic))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_letters(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// `untranslated`: the text is the source's, or has letters but none of the target script.
/// Not reported when every word is a name, command or acronym of the source segment that stays
/// as it is (kept elsewhere in this translation, or code-like): `Exim 4`, `dpkg-reconfigure`.
fn untranslated(p: &Pair, ctx: &Ctx, kept: &BTreeSet<&str>, out: &mut Vec<Diagnostic>) {
    // A code block is carried verbatim: the same code is the expected translation (issue 16).
    if p.seg.kind == SegmentKind::Code {
        return;
    }
    let script = ctx.lang.script();
    let src: BTreeSet<&str> = words(&p.seg.text).collect();
    let names_only = words(p.text).all(|w| src.contains(w) && (kept.contains(w) || code_like(w)));
    if names_only {
        return;
    }
    let identical = has_letters(&p.seg.text) && collapse(p.text) == collapse(&p.seg.text);
    let foreign =
        has_letters(p.text) && !p.text.chars().any(|c| Script::of_char(c) == Some(script));
    if identical {
        out.push(ctx.finding(
            Severity::Warning,
            "untranslated",
            p,
            "the text is identical to the source".into(),
            "translate it (a name that stays as it is can be silenced with ignore=\"untranslated\")",
        ));
    } else if foreign {
        out.push(ctx.finding(
            Severity::Warning,
            "untranslated",
            p,
            format!(
                "the text has no letters of the {} script",
                script_name(script)
            ),
            "translate it, or check that the right language's text is in this div",
        ));
    }
}

fn script_name(s: Script) -> &'static str {
    match s {
        Script::Latin => "Latin",
        Script::Cyrillic => "Cyrillic",
        Script::Arabic => "Arabic",
        Script::Greek => "Greek",
        Script::Hebrew => "Hebrew",
        Script::Other => "document's",
    }
}

/// Walks inlines collecting citation IDs and link targets.
fn walk(inlines: &[Inline], cites: &mut Vec<String>, links: &mut Vec<String>) {
    for i in inlines {
        match i {
            Inline::Cite(c, _) => cites.extend(c.iter().map(|c| c.citationId.clone())),
            Inline::Link(_, x, (url, _)) => {
                links.push(url.clone());
                walk(x, cites, links);
            }
            Inline::Image(..) => {}
            other => {
                if let Some(x) = crate::pandoc::inline_children(other) {
                    walk(x, cites, links);
                }
            }
        }
    }
}

/// The multiset difference `a - b`, sorted.
fn minus(a: &[String], b: &[String]) -> Vec<String> {
    let mut rest: Vec<&String> = b.iter().collect();
    let mut out = Vec::new();
    for x in a {
        if let Some(i) = rest.iter().position(|y| *y == x) {
            rest.remove(i);
        } else {
            out.push(x.clone());
        }
    }
    out.sort();
    out
}

fn parity_message(what: &str, missing: &[String], extra: &[String]) -> String {
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("the translation lacks {}", missing.join(" ")));
    }
    if !extra.is_empty() {
        parts.push(format!("the source has no {}", extra.join(" ")));
    }
    format!("{what} differ: {}", parts.join("; "))
}

/// `citation-parity`: the same `[n]` markers as the source (as a multiset; order may change).
fn citation_parity(p: &Pair, ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let (mut a, mut b, mut l) = (Vec::new(), Vec::new(), Vec::new());
    walk(p.src_inlines, &mut a, &mut l);
    walk(p.inlines, &mut b, &mut l);
    let show = |v: Vec<String>| -> Vec<String> {
        v.iter()
            .map(|c| format!("[{}]", c.trim_start_matches("ref-")))
            .collect()
    };
    let (missing, extra) = (show(minus(&a, &b)), show(minus(&b, &a)));
    if !missing.is_empty() || !extra.is_empty() {
        out.push(ctx.finding(
            Severity::Error,
            "citation-parity",
            p,
            parity_message("citation markers", &missing, &extra),
            "keep every `[n]` marker of the source, with its number, next to the claim it supports",
        ));
    }
}

/// A URL for comparison: scheme and host lowercased, a trailing `/` dropped.
fn url_key(u: &str) -> String {
    let u = u.trim_end_matches('/');
    match u.find("://") {
        Some(i) => {
            let host_end = u[i + 3..].find('/').map_or(u.len(), |j| i + 3 + j);
            format!("{}{}", u[..host_end].to_lowercase(), &u[host_end..])
        }
        None => u.to_string(),
    }
}

/// `url-parity`: the same link targets as the source.
fn url_parity(p: &Pair, ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let (mut c, mut a, mut b) = (Vec::new(), Vec::new(), Vec::new());
    walk(p.src_inlines, &mut c, &mut a);
    walk(p.inlines, &mut c, &mut b);
    let a: Vec<String> = a.iter().map(|u| url_key(u)).collect();
    let b: Vec<String> = b.iter().map(|u| url_key(u)).collect();
    let (missing, extra) = (minus(&a, &b), minus(&b, &a));
    if !missing.is_empty() || !extra.is_empty() {
        out.push(ctx.finding(
            Severity::Warning,
            "url-parity",
            p,
            parity_message("links", &missing, &extra),
            "copy every URL of the source exactly, character for character",
        ));
    }
}

/// `number-parity`: the same numbers as the source (as a multiset; notation normalized).
fn number_parity(p: &Pair, ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let a = numbers(&prose(p.src_inlines));
    let b = numbers(&prose(p.inlines));
    let (missing, extra) = (minus(&a, &b), minus(&b, &a));
    if !missing.is_empty() || !extra.is_empty() {
        out.push(ctx.finding(
            Severity::Warning,
            "number-parity",
            p,
            parity_message("numbers", &missing, &extra),
            "check every number, date and year against the source; a number the translation writes in words can be silenced with ignore=\"number-parity\"",
        ));
    }
}

/// `unbalanced`: brackets and the language's quotation marks open and close in pairs (URLs and
/// citation markers left out). A translation that only mirrors an unbalanced source is not flagged.
fn brackets(p: &Pair, ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let text = prose(p.inlines);
    if let Some(msg) = unbalanced(&text, &pairs_for(ctx.lang)) {
        if unbalanced(&prose(p.src_inlines), &pairs_for(ctx.source_lang)).is_none() {
            out.push(ctx.finding(
                Severity::Warning,
                "unbalanced",
                p,
                format!("unbalanced brackets or quotes: {msg}"),
                "close every bracket and quotation mark; nested quotes use the language's inner marks",
            ));
        }
    }
}

/// `sentence-count`: roughly as many sentences as the source (paragraphs and pull quotes only),
/// unless the length ratio says the sentences were merged or split, not lost or added.
fn sentence_count(p: &Pair, ctx: &Ctx, typical: Option<f64>, out: &mut Vec<Diagnostic>) {
    if !matches!(p.seg.kind, SegmentKind::Paragraph | SegmentKind::PullQuote) {
        return;
    }
    let a = sentences(&prose(p.src_inlines), ctx.source_lang).len();
    let b = sentences(&prose(p.inlines), ctx.lang).len();
    let (la, lb) = (text_len(p.src_inlines), text_len(p.inlines));
    let explained =
        typical.is_some_and(|m| la > 0 && split_or_merge(a, b, lb as f64 / la as f64 / m.exp()));
    if a.abs_diff(b) > sentence_tolerance(a) && !explained {
        out.push(ctx.finding(
            Severity::Warning,
            "sentence-count",
            p,
            format!("{b} sentences where the source has {a}"),
            "check for a sentence left out or added; merged or split sentences are fine when nothing is lost",
        ));
    }
}

/// The characters the check `length-ratio` counts: visible text without spaces, citation markers
/// and URLs.
fn text_len(inlines: &[Inline]) -> usize {
    prose(inlines)
        .chars()
        .filter(|c| !c.is_whitespace())
        .count()
}

/// Segments shorter than this (source characters) are too noisy to learn or judge a ratio from.
pub const RATIO_MIN_CHARS: usize = 40;
/// A ratio is flagged when its robust z-score exceeds this (Iglewicz and Hoaglin's cut-off).
pub const RATIO_Z: f64 = 3.5;
/// The spread (median absolute deviation of log ratios) is taken as at least this: even the most
/// regular translation varies about 10% per segment, and a tighter spread would flag headings
/// that are merely a few words shorter.
pub const RATIO_MIN_SPREAD: f64 = 0.1;
/// At least this many segments are needed to learn the document's ratio.
pub const RATIO_MIN_SEGMENTS: usize = 8;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Log length ratios of the pairs long enough to judge, by index.
fn log_ratios(pairs: &[Pair]) -> Vec<(usize, f64)> {
    pairs
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let (a, b) = (text_len(p.src_inlines), text_len(p.inlines));
            (a >= RATIO_MIN_CHARS && b > 0).then(|| (i, (b as f64 / a as f64).ln()))
        })
        .collect()
}

/// This document's median log length ratio, when there are enough segments to learn it.
fn typical_log_ratio(pairs: &[Pair]) -> Option<f64> {
    let logs = log_ratios(pairs);
    (logs.len() >= RATIO_MIN_SEGMENTS)
        .then(|| median(&mut logs.iter().map(|x| x.1).collect::<Vec<_>>()))
}

/// `length-ratio`: the translation/source length ratio, on a log scale, against this document's
/// own median ratio, scaled by the median absolute deviation (robust to the outliers it hunts).
fn length_ratio(pairs: &[Pair], ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let logs = log_ratios(pairs);
    if logs.len() < RATIO_MIN_SEGMENTS {
        return;
    }
    let m = median(&mut logs.iter().map(|x| x.1).collect::<Vec<_>>());
    let mad =
        median(&mut logs.iter().map(|x| (x.1 - m).abs()).collect::<Vec<_>>()).max(RATIO_MIN_SPREAD);
    for (i, x) in logs {
        let z = 0.6745 * (x - m) / mad;
        if z.abs() > RATIO_Z {
            let p = &pairs[i];
            let (word, hint) = if z < 0.0 {
                ("short", "check for an omitted sentence or clause")
            } else {
                ("long", "check for an added or repeated passage")
            };
            out.push(ctx.finding(
                Severity::Warning,
                "length-ratio",
                p,
                format!(
                    "translation unusually {word}: length ratio {:.2} against this document's typical {:.2}",
                    x.exp(),
                    m.exp()
                ),
                hint,
            ));
        }
    }
}

/// The name of an invisible control character.
fn invisible_name(c: char) -> &'static str {
    match c {
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{202A}'..='\u{202E}' => "bidi embedding or override",
        _ => "bidi isolate",
    }
}

/// A tatweel that attaches a one-letter preposition (or the article) to a following word in
/// another script, as Arabic writes `لـDebian`, `بـ IPv6`, `كـ`, `الـ`: standard, not padding.
fn attaching_tatweel(chars: &[char], i: usize) -> bool {
    let arabic = |c: char| Script::of_char(c) == Some(Script::Arabic);
    let word_start =
        |j: usize| j == 0 || !arabic(chars[j - 1]) || matches!(chars[j - 1], 'و' | 'ف');
    let prefix = match i {
        0 => false,
        _ if matches!(chars[i - 1], 'ل' | 'ب' | 'ك') && word_start(i - 1) => true,
        _ => i >= 2 && chars[i - 2] == 'ا' && chars[i - 1] == 'ل' && word_start(i - 2),
    };
    let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
    prefix && next.is_some_and(|c| !arabic(*c) && c.is_alphanumeric())
}

/// Per-line character checks on the text as written: `invisible-char` (bidi controls and
/// zero-width characters; ZWNJ/ZWJ are orthography in Persian, Urdu, Pashto and Kurdish, and
/// LRM/RLM/ALM in right-to-left text, counted and returned), `lookalike` (Latin letters inside
/// Cyrillic words), `tatweel` (U+0640 kashida), `spaces` (leading, trailing and doubled
/// whitespace).
fn characters(p: &Pair, ctx: &Ctx, out: &mut Vec<Diagnostic>) -> usize {
    let joiners_ok = matches!(ctx.lang.primary(), "fa" | "ur" | "ps" | "ckb" | "ku" | "sd");
    let marks_ok = ctx.lang.is_rtl();
    let is_mark = |c: char| matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}');
    let mut marks = 0;
    for l in p.div.lines() {
        let chars: Vec<char> = l.text.chars().collect();
        if marks_ok {
            marks += chars.iter().filter(|c| is_mark(**c)).count();
        }
        let invisible: Vec<(usize, char)> = chars
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                crate::normalize::text::is_invisible_control(**c)
                    && !(joiners_ok && matches!(c, '\u{200C}' | '\u{200D}'))
                    && !(marks_ok && is_mark(**c))
            })
            .map(|(i, c)| (i + 1, *c))
            .collect();
        if let Some((col, c)) = invisible.first() {
            out.push(ctx.at(
                Severity::Warning,
                "invisible-char",
                p,
                l.line,
                *col,
                format!(
                    "{} invisible character(s), first U+{:04X} {}",
                    invisible.len(),
                    *c as u32,
                    invisible_name(*c)
                ),
                "delete it: stele sets the text direction from the language; controls break search and copying",
            ));
        }
        let (_, words) = crate::normalize::text::repair_cyrillic(&l.text);
        for w in words {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            let col = l
                .text
                .find(w)
                .map_or(1, |b| l.text[..b].chars().count() + 1);
            out.push(ctx.at(
                Severity::Warning,
                "lookalike",
                p,
                l.line,
                col,
                format!("Latin look-alike letters in the Cyrillic word `{w}`"),
                "retype the word with a Cyrillic keyboard layout",
            ));
        }
        let tatweel: Vec<usize> = chars
            .iter()
            .enumerate()
            .filter(|(i, c)| **c == '\u{640}' && !attaching_tatweel(&chars, *i))
            .map(|(i, _)| i + 1)
            .collect();
        if let Some(col) = tatweel.first() {
            out.push(ctx.at(
                Severity::Warning,
                "tatweel",
                p,
                l.line,
                *col,
                format!("{} tatweel (kashida) character(s)", tatweel.len()),
                "delete the tatweel: justification is the typesetter's job, and it breaks search",
            ));
        }
        let ws = |c: char| c.is_whitespace();
        if chars.first().is_some_and(|c| ws(*c)) {
            out.push(ctx.at(
                Severity::Warning,
                "spaces",
                p,
                l.line,
                1,
                "leading whitespace".into(),
                "start the line with its text (four spaces make a code block in Markdown)",
            ));
        }
        if chars.last().is_some_and(|c| ws(*c)) {
            let col = chars.len() - chars.iter().rev().take_while(|c| ws(**c)).count() + 1;
            out.push(ctx.at(
                Severity::Warning,
                "spaces",
                p,
                l.line,
                col,
                "trailing whitespace".into(),
                "delete it (two trailing spaces make a hard line break in Markdown)",
            ));
        }
        let body_start = chars.iter().take_while(|c| ws(**c)).count();
        if let Some(i) = (body_start + 1..chars.len())
            .find(|&i| ws(chars[i]) && ws(chars[i - 1]) && chars[i + 1..].iter().any(|c| !ws(*c)))
        {
            out.push(ctx.at(
                Severity::Warning,
                "spaces",
                p,
                l.line,
                i,
                "double space".into(),
                "use a single space between words",
            ));
        }
    }
    marks
}

/// `inconsistent`: identical source segments should have identical translations.
fn inconsistent(pairs: &[Pair], ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut first: BTreeMap<String, &Pair> = BTreeMap::new();
    for p in pairs {
        if !has_letters(&p.seg.text) {
            continue;
        }
        let key = collapse(&p.seg.text);
        match first.get(&key) {
            Some(f) if collapse(f.text) != collapse(p.text) => out.push(ctx.finding(
                Severity::Warning,
                "inconsistent",
                p,
                format!(
                    "the source text is the same as segment {}'s but the translation differs",
                    f.seg.id
                ),
                "translate identical source segments identically",
            )),
            Some(_) => {}
            None => {
                first.insert(key, p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> Lang {
        Lang::parse(s).unwrap()
    }

    #[test]
    fn numbers_are_normalized_across_scripts_and_separators() {
        assert_eq!(
            numbers("On October 15, 2025, 20,000 troops"),
            ["15", "2025", "20000"]
        );
        assert_eq!(
            numbers("٢٠٬٠٠٠ و۱۵ و20\u{a0}000 و20 000"),
            ["20000", "15", "20000", "20000"]
        );
        assert_eq!(numbers("1.5 и 1,5"), ["15", "15"]);
        assert_eq!(
            numbers("in 2025 300 men, 10-15"),
            ["2025", "300", "10", "15"]
        );
        assert_eq!(numbers("the 1950s"), ["1950"]);
    }

    #[test]
    fn brackets_and_quotes_are_language_aware() {
        assert_eq!(unbalanced("«он сказал „да“»", &pairs_for(&l("ru"))), None);
        assert_eq!(unbalanced("«قال «نعم»»", &pairs_for(&l("ar"))), None);
        assert!(unbalanced("«он сказал (да»", &pairs_for(&l("ru"))).is_some());
        assert!(unbalanced("“open", &pairs_for(&l("en")))
            .unwrap()
            .contains("never closed"));
        assert_eq!(unbalanced("it’s “fine”", &pairs_for(&l("en"))), None);
    }

    /// Issue 11: each language's quotation styles pair up; a lone `’` is an apostrophe.
    #[test]
    fn issue_11_quotes_of_every_style_balance() {
        let ar = pairs_for(&l("ar"));
        assert_eq!(unbalanced("اختر ”موقع إنترنت“ ثم «تسليم»", &ar), None);
        assert_eq!(unbalanced("قال “نعم” ثم", &ar), None);
        assert!(unbalanced("اختر ”موقع إنترنت ثم", &ar).is_some());
        let ru = pairs_for(&l("ru"));
        assert_eq!(unbalanced("«он сказал „да“» и “нет”", &ru), None);
        assert!(unbalanced("«он сказал „да»", &ru).is_some());
        let en = pairs_for(&l("en"));
        assert_eq!(unbalanced("the users’ ‘own’ files, it’s “fine”", &en), None);
        assert!(unbalanced("a ‘quote", &en).is_some());
    }

    /// Issue 11: a split or merge at a typical length is fine; a loss or addition is not.
    #[test]
    fn issue_11_sentence_differences_explained_by_length() {
        assert!(split_or_merge(4, 2, 0.95), "merge, same length");
        assert!(!split_or_merge(4, 2, 0.5), "two sentences lost");
        assert!(split_or_merge(2, 4, 1.1), "split, same length");
        assert!(!split_or_merge(1, 3, 1.8), "sentences added");
    }

    /// Issue 11: `لـ` before a Latin word is standard; tatweel inside a word is padding.
    #[test]
    fn issue_11_attaching_tatweel_only_before_another_script() {
        let ok = |t: &str| {
            let c: Vec<char> = t.chars().collect();
            let i = c.iter().position(|x| *x == '\u{640}').unwrap();
            attaching_tatweel(&c, i)
        };
        assert!(ok("لـDebian"));
        assert!(ok("ولـ Exim"));
        assert!(ok("بـIPv6"));
        assert!(ok("الـDNS"));
        assert!(!ok("المصـادر"));
        assert!(!ok("لـمصادر"));
        assert!(!ok("جمـDebian"));
    }

    /// Issue 11: names and commands, not prose, may stay untranslated.
    #[test]
    fn issue_11_code_like_words() {
        for w in [
            "exim4", "apt-get", "/etc/x", "IPv6", "APT", "dom0", "x86_64",
        ] {
            assert!(code_like(w), "{w}");
        }
        for w in ["Configuring", "mail", "Exim"] {
            assert!(!code_like(w), "{w}");
        }
    }

    #[test]
    fn sentences_rejoin_after_abbreviations_and_initials() {
        assert_eq!(
            sentences("Mr. Smith met V. Putin. They talked.", &l("en")).len(),
            2
        );
        assert_eq!(
            sentences(
                "В. Путин прибыл в 2025 г. в Москву. Он говорил, т. е. выступал.",
                &l("ru")
            )
            .len(),
            2
        );
        assert_eq!(sentences("وصل. ثم تحدث؟ نعم.", &l("ar")).len(), 3);
    }
}
