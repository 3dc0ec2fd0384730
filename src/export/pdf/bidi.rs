//! Bidi isolation for the PDF editions: which runs of a paragraph are written in the other
//! direction and get Unicode isolates (LRI/RLI ... PDI) around them, as HTML's `<bdi>` does.

use crate::model::{Dir, Script};

pub const LRI: &str = "\\u{2066}";
pub const RLI: &str = "\\u{2067}";
pub const PDI: &str = "\\u{2069}";

/// Splits text into pieces, marking the runs that must be isolated in a paragraph of direction
/// `dir` (so the bidi algorithm neither reorders their words nor lets a following number join
/// them). In right-to-left text: runs of words with Latin, Cyrillic or Greek letters (numbers
/// between such words included), and compound numbers (`2015–2024`, `15/10/2025`) standing
/// alone. In left-to-right text: runs of Arabic or Hebrew words. Punctuation at a run's edges
/// stays outside, in the surrounding text.
pub fn isolate_runs(text: &str, dir: Dir) -> Vec<(bool, &str)> {
    let rtl = |c: char| matches!(Script::of_char(c), Some(Script::Arabic | Script::Hebrew));
    let ltr = |c: char| Script::of_char(c).is_some() && !rtl(c);
    let (own, other): (&dyn Fn(char) -> bool, &dyn Fn(char) -> bool) = match dir {
        Dir::Rtl => (&rtl, &ltr),
        Dir::Ltr => (&ltr, &rtl),
    };
    // Words (whitespace-separated) trimmed to their first and last letter or digit.
    let mut words: Vec<(usize, usize, bool, bool)> = Vec::new(); // start, end, has other, has own
    let mut pos = 0;
    for word in text.split(|c: char| c.is_whitespace() && c != '\u{a0}') {
        let at = pos;
        pos += word.len() + 1;
        let Some(first) = word.find(|c: char| c.is_alphanumeric()) else {
            continue;
        };
        let last = word
            .char_indices()
            .filter(|(_, c)| c.is_alphanumeric())
            .map(|(i, c)| i + c.len_utf8())
            .next_back()
            .unwrap_or(first);
        let body = &word[first..last];
        words.push((
            at + first,
            at + last,
            body.chars().any(other),
            body.chars().any(own),
        ));
    }
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (start, end, has_other, has_own) = words[i];
        if has_other && !has_own {
            // Extend over words without letters of the context's direction; end on one with
            // letters of the other direction.
            let mut last = i;
            let mut j = i + 1;
            while j < words.len() && !words[j].3 {
                if words[j].2 {
                    last = j;
                }
                j += 1;
            }
            runs.push((start, close_brackets(text, start, words[last].1)));
            i = last + 1;
        } else {
            let body = &text[start..end];
            let compound = dir == Dir::Rtl
                && body.chars().any(|c| c.is_ascii_digit())
                && body.chars().all(|c| !c.is_alphabetic())
                && !body.chars().all(|c| c.is_ascii_digit());
            if compound {
                runs.push((start, end));
            }
            i += 1;
        }
    }
    let mut pieces = Vec::new();
    let mut from = 0;
    for (start, end) in runs {
        if from < start {
            pieces.push((false, &text[from..start]));
        }
        pieces.push((true, &text[start..end]));
        from = end;
    }
    if from < text.len() {
        pieces.push((false, &text[from..]));
    }
    pieces
}

/// Moves a run's `end` past closing brackets whose openers are inside the run, so that a pair
/// is never split between the run and the surrounding text.
fn close_brackets(text: &str, start: usize, mut end: usize) -> usize {
    for (open, close) in [('(', ')'), ('[', ']')] {
        let body = &text[start..end];
        let mut unclosed = body
            .matches(open)
            .count()
            .saturating_sub(body.matches(close).count());
        while unclosed > 0 && text[end..].starts_with(close) {
            end += close.len_utf8();
            unclosed -= 1;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_runs_and_compound_numbers_are_isolated_in_arabic() {
        let p = isolate_runs("نشرت RIA Novosti، في 2025.", Dir::Rtl);
        assert_eq!(
            p,
            vec![
                (false, "نشرت "),
                (true, "RIA Novosti"),
                (false, "، في 2025.")
            ]
        );
        // A date before a URL stays in the Arabic text; a number after a name is not pulled in.
        let p = isolate_runs(
            "أكتوبر 2025. https://a.org/x/20 (Enab Baladi) 17 تشرين",
            Dir::Rtl,
        );
        assert_eq!(
            p,
            vec![
                (false, "أكتوبر 2025. "),
                (true, "https://a.org/x/20 (Enab Baladi)"),
                (false, " 17 تشرين")
            ]
        );
        let p = isolate_runs("RIA Novosti, 16 October 2025", Dir::Rtl);
        assert_eq!(p, vec![(true, "RIA Novosti, 16 October"), (false, " 2025")]);
        let p = isolate_runs("بين 2015–2024 فقط", Dir::Rtl);
        assert_eq!(
            p,
            vec![(false, "بين "), (true, "2015–2024"), (false, " فقط")]
        );
        let p = isolate_runs("see «سوريا» here", Dir::Ltr);
        assert_eq!(
            p,
            vec![(false, "see «"), (true, "سوريا"), (false, "» here")]
        );
        assert_eq!(
            isolate_runs("plain text", Dir::Ltr),
            vec![(false, "plain text")]
        );
    }
}
