//! Text primitives shared by the QA checks ([`super::checks`]), the import aligner
//! ([`super::import`]) and sentence alignment ([`super::sentences`]): prose without markers,
//! digits of every script, numbers, bracket pairs, sentences. Their own module so that the
//! aligner does not import the checks (issue 13: no import cycle).

use crate::model::Lang;
use pandoc_ast::Inline;
use unicode_segmentation::UnicodeSegmentation;

/// How far a segment's length ratio may stray from the document's typical one (as a factor)
/// and still count as typical: translations of one document vary about this much per segment.
pub const TYPICAL_RATIO_BAND: f64 = 1.25;

/// A command, path, version or acronym rather than a word of prose: `exim4`, `apt-get`,
/// `/etc/x`, `IPv6`, `APT`. Also how the import aligner tells kept names from prose.
pub fn code_like(w: &str) -> bool {
    let upper = w.chars().filter(|c| c.is_uppercase()).count();
    w.chars()
        .any(|c| c.is_ascii_digit() || "-_./@+#:\\".contains(c))
        || (upper >= 2 && upper * 2 >= w.chars().count())
        || w.chars().skip(1).any(char::is_uppercase)
}

/// Visible text without citation markers and bare URLs (which their own parity checks cover).
pub fn prose(inlines: &[Inline]) -> String {
    let mut s = String::new();
    prose_into(inlines, &mut s);
    s
}

fn prose_into(inlines: &[Inline], s: &mut String) {
    for i in inlines {
        match i {
            Inline::Cite(..) => s.push(' '),
            Inline::Link(a, _, _) if a.1.iter().any(|c| c == "uri") => s.push(' '),
            Inline::Str(t) => s.push_str(t),
            Inline::Space | Inline::SoftBreak | Inline::LineBreak => s.push(' '),
            Inline::Code(_, t) | Inline::Math(_, t) => s.push_str(t),
            Inline::Image(..) => {}
            other => {
                if let Some(x) = crate::pandoc::inline_children(other) {
                    prose_into(x, s);
                }
            }
        }
    }
}

/// The value of a decimal digit in Western, Arabic-Indic or Extended Arabic-Indic (Persian) form.
pub fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{660}'..='\u{669}' => Some(c as u32 - 0x660),
        '\u{6F0}'..='\u{6F9}' => Some(c as u32 - 0x6F0),
        _ => None,
    }
}

/// Numbers in a text as digit strings: any script's digits become Western; thousands separators
/// (`,` `.` space, no-break space, thin space, narrow no-break space, `٬`) and decimal marks (`.`
/// `,` `٫`) between digits are dropped, so `20,000`, `20 000`, `٢٠٬٠٠٠` and `20.000` all read
/// `20000` and `1.5` matches `1,5`. A space only groups when it is followed by exactly three digits
/// after a leading group of at most three (so `2025 300` stays two numbers).
pub fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let run = |from: usize| {
        chars[from..]
            .iter()
            .take_while(|c| digit(**c).is_some())
            .count()
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let first = run(i);
        let mut groups = vec![(i, first)];
        let mut j = i + first;
        while j + 1 < chars.len() && digit(chars[j + 1]).is_some() {
            let sep = chars[j];
            let next = run(j + 1);
            let ok = match sep {
                ',' | '.' | '\u{66C}' | '\u{66B}' => true,
                ' ' | '\u{A0}' | '\u{2009}' | '\u{202F}' => next == 3 && groups[0].1 <= 3,
                _ => false,
            };
            if !ok {
                break;
            }
            groups.push((j + 1, next));
            j += 1 + next;
        }
        let s: String = groups
            .iter()
            .flat_map(|(st, n)| chars[*st..st + n].iter())
            .filter_map(|c| digit(*c))
            .map(|d| char::from_digit(d, 10).unwrap_or('0'))
            .collect();
        out.push(s);
        i = j;
    }
    out
}

/// Bracket and quote pairs for a language (opening, closing): every quotation style the
/// language uses. Arabic writes ”…“ (the marks mirrored in logical order) as well as «…» and
/// “…”; Russian «…» with „…“ inside (and “…”); English “…” and ‘…’.
pub fn pairs_for(lang: &Lang) -> Vec<(char, char)> {
    let mut v = vec![('(', ')'), ('[', ']'), ('{', '}')];
    match lang.primary() {
        "ru" | "uk" | "be" | "bg" | "de" | "cs" | "sk" | "lt" => v.extend([
            ('«', '»'),
            ('„', '“'),
            ('„', '”'),
            ('“', '”'),
            ('‚', '‘'),
            ('‘', '’'),
        ]),
        "ar" | "fa" | "ur" => v.extend([('«', '»'), ('”', '“'), ('“', '”'), ('‹', '›')]),
        "fr" | "es" | "it" | "pt" | "el" => {
            v.extend([('«', '»'), ('“', '”'), ('‹', '›'), ('‘', '’')])
        }
        _ => v.extend([('“', '”'), ('‘', '’'), ('«', '»')]),
    }
    v
}

/// The first unbalanced bracket or quote, as a message. `’` closes a `‘` when one is open and
/// is an apostrophe otherwise (`it’s`, `users’`), never an error.
pub fn unbalanced(text: &str, pairs: &[(char, char)]) -> Option<String> {
    let mut stack: Vec<char> = Vec::new();
    for c in text.chars() {
        let top = stack.last().copied();
        let closes_top = top.is_some_and(|t| pairs.iter().any(|(o, cl)| *o == t && *cl == c));
        if c == '’' && !closes_top {
            continue;
        }
        if c == '"' {
            if top == Some('"') {
                stack.pop();
            } else {
                stack.push(c);
            }
        } else if top.is_some_and(|t| pairs.iter().any(|(o, cl)| *o == t && *cl == c)) {
            stack.pop();
        } else if pairs.iter().any(|(o, _)| *o == c) {
            stack.push(c);
        } else if pairs.iter().any(|(_, cl)| *cl == c) {
            return Some(match top {
                Some(t) => format!("`{c}` closes `{t}`, which it does not match"),
                None => format!("`{c}` closes nothing"),
            });
        }
    }
    stack.last().map(|t| format!("`{t}` is never closed"))
}

/// Abbreviations after which a full stop does not end a sentence (lowercase, without the dot).
fn abbreviations(lang: &Lang) -> &'static [&'static str] {
    match lang.primary() {
        "en" => &[
            "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "u.s",
            "u.k", "u.n", "no", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "inc",
            "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
            "oct", "nov", "dec", "approx", "fig", "vol", "pp", "ed", "eds", "cf", "al",
        ],
        "ru" => &[
            "г", "гг", "в", "вв", "им", "ул", "см", "др", "пр", "ок", "тыс", "млн", "млрд", "руб",
            "долл", "стр", "рис", "гос", "акад", "проф", "ген", "сокр", "т.е", "т.д", "т.п", "т.к",
            "н.э",
        ],
        _ => &[],
    }
}

/// Sentences of a text: UAX #29 boundaries, then a pass that rejoins a break after an
/// abbreviation of the language or an initial (one letter and a dot, as in `V. Putin`).
pub fn sentences(text: &str, lang: &Lang) -> Vec<String> {
    let starts = sentence_starts(text, lang);
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&a, b)| text[a..b].to_string())
        .collect()
}

/// Byte offsets where the sentences of [`sentences`] begin (each runs to the next start, the
/// last to the end; text before the first start has no letters or digits).
pub fn sentence_starts(text: &str, lang: &Lang) -> Vec<usize> {
    let abbr = abbreviations(lang);
    let mut starts: Vec<usize> = Vec::new();
    // The sentence so far (its start and end), to test whether the next piece joins it.
    let mut prev: Option<(usize, usize)> = None;
    for (at, s) in text.split_sentence_bound_indices() {
        let joins = prev.is_some_and(|(a, b)| {
            let t = text[a..b].trim_end();
            let Some(word) = t
                .strip_suffix('.')
                .and_then(|w| w.split_whitespace().last())
            else {
                return false;
            };
            let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
            (word.chars().count() == 1 && word.chars().all(char::is_alphabetic))
                || abbr.contains(&word.to_lowercase().as_str())
        });
        let content = s.chars().any(char::is_alphanumeric);
        let end = at + s.len();
        match prev {
            Some((a, _)) if joins || !content => prev = Some((a, end)),
            _ => {
                if content {
                    starts.push(at);
                }
                prev = Some((at, end));
            }
        }
    }
    starts
}

/// How far sentence counts may differ before a warning: translators split and merge sentences,
/// so one sentence of difference (or a quarter of the source's count, if more) is tolerated.
pub fn sentence_tolerance(source_count: usize) -> usize {
    (source_count / 4).max(1)
}

/// Whether a sentence-count difference is explained by a split or merge: with fewer sentences
/// the translation is not short, with more it is not long, against the document's typical
/// length ratio. `relative` is the segment's ratio over the typical one. A lost or added
/// sentence changes the length too; a merge or split does not.
pub fn split_or_merge(source: usize, target: usize, relative: f64) -> bool {
    if target < source {
        relative >= 1.0 / TYPICAL_RATIO_BAND
    } else {
        relative <= TYPICAL_RATIO_BAND
    }
}
