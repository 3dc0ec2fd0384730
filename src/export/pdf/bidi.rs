//! Bidi isolation for the PDF editions: the runs of [`crate::bidi::runs`] get Unicode isolates
//! (LRI/RLI ... PDI), as HTML's `<bdi>` does, so the rule is the same in every format.

use crate::bidi::RunKind;
use crate::model::Dir;

pub const LRI: &str = "\\u{2066}";
pub const RLI: &str = "\\u{2067}";
pub const PDI: &str = "\\u{2069}";

/// Splits text into pieces, marking the runs to isolate in a paragraph of direction `dir`.
/// Plain digit strings stay unisolated (the bidi algorithm already keeps a lone number whole);
/// compound numbers (`2015–2024`, `15/10/2025`, `10.0.0.1/24`) and words are isolated.
pub fn isolate_runs(text: &str, dir: Dir) -> Vec<(bool, &str)> {
    let mut pieces = Vec::new();
    let mut from = 0;
    for r in crate::bidi::runs(text, dir) {
        let body = &text[r.start..r.end];
        if r.kind == RunKind::Number && body.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if from < r.start {
            pieces.push((false, &text[from..r.start]));
        }
        pieces.push((true, body));
        from = r.end;
    }
    if from < text.len() {
        pieces.push((false, &text[from..]));
    }
    pieces
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
        assert_eq!(p, vec![(true, "RIA Novosti, 16 October 2025")]);
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

    /// Issue 11: `IPv6` is one isolate with its digit, `/etc/locale.gen` with its slash.
    #[test]
    fn issue_11_tokens_are_isolated_whole_in_the_pdf() {
        let p = isolate_runs("يدعم IPv6 والملف /etc/locale.gen.", Dir::Rtl);
        assert_eq!(
            p,
            vec![
                (false, "يدعم "),
                (true, "IPv6"),
                (false, " والملف "),
                (true, "/etc/locale.gen"),
                (false, ".")
            ]
        );
    }
}
