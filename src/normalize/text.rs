//! Character-level normalization of raw source text: UTF-8 check, BOM, line ends, NFC, invisible
//! characters, Arabic presentation forms and tatweel, Latin look-alikes inside Cyrillic words.

use crate::diag::Diagnostic;
use crate::model::Script;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// Decodes UTF-8; invalid bytes are an error with the line and column of the first one.
pub fn decode(bytes: &[u8], file: &Path) -> Result<String, Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let line_start = good
                .iter()
                .rposition(|b| *b == b'\n')
                .map(|i| i + 1)
                .unwrap_or(0);
            let col = String::from_utf8_lossy(&good[line_start..]).chars().count() as u32 + 1;
            Err(Diagnostic::error(
                "encoding",
                format!("invalid UTF-8 byte 0x{:02x}", bytes[e.valid_up_to()]),
            )
            .file(file)
            .at(line, col)
            .hint("save the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)"))
        }
    }
}

/// Invisible characters removed from the text: zero-width and bidi controls.
pub fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters no output can carry: C0 controls but tab, LF and CR (line ends are handled by the
/// readers), DEL and the C1 controls, and the noncharacters (U+FDD0–U+FDEF, U+nFFFE, U+nFFFF).
/// XML forbids most of them and fonts have no glyph for any, so HTML and EPUB would show U+FFFD
/// and the PDF would fail on a missing glyph far from the line that holds it.
pub fn is_control_char(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || (0x7F..=0x9F).contains(&u)
        || (0xFDD0..=0xFDEF).contains(&u)
        || u & 0xFFFE == 0xFFFE
}

/// Removes [`is_control_char`] characters from a text as read (before anything else sees it),
/// with one `control-char` warning per line naming the first one's column (1-based, in
/// characters), the count and its code point. Every other character is kept as it is.
pub fn remove_control_chars(text: &str, file: &Path) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if !text.chars().any(is_control_char) {
        return (text.to_string(), diags);
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut first = None;
        let mut count = 0u32;
        for (col, c) in line.chars().enumerate() {
            if is_control_char(c) {
                first.get_or_insert((col as u32 + 1, c));
                count += 1;
            } else {
                out.push(c);
            }
        }
        if let Some((col, c)) = first {
            diags.push(
                Diagnostic::warning(
                    "control-char",
                    format!(
                        "removed {count} control character(s), first U+{:04X} at column {col}",
                        c as u32
                    ),
                )
                .file(file)
                .at(i as u32 + 1, col)
                .hint("no edition can show them; if one stood for a space, a line break or a dash, type that instead"),
            );
        }
    }
    (out, diags)
}

/// Latin letters that look like Cyrillic ones, with their Cyrillic counterparts.
pub fn cyrillic_lookalike(c: char) -> Option<char> {
    Some(match c {
        'a' => 'а',
        'c' => 'с',
        'e' => 'е',
        'o' => 'о',
        'p' => 'р',
        'x' => 'х',
        'y' => 'у',
        'A' => 'А',
        'B' => 'В',
        'C' => 'С',
        'E' => 'Е',
        'H' => 'Н',
        'K' => 'К',
        'M' => 'М',
        'O' => 'О',
        'P' => 'Р',
        'T' => 'Т',
        'X' => 'Х',
        'i' => 'і',
        _ => return None,
    })
}

/// The text after character normalization, plus what was changed (as warnings naming the line).
pub fn clean(raw: &str, file: &Path, arabic_is_arabic: bool) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut text = raw.strip_prefix('\u{FEFF}').unwrap_or(raw).to_string();
    if text.len() != raw.len() {
        diags.push(
            Diagnostic::info("bom", "byte order mark dropped")
                .file(file)
                .line(1),
        );
    }
    if let Some(pos) = text.find('\r') {
        let line = text[..pos].matches('\n').count() as u32 + 1;
        text = text.replace("\r\n", "\n").replace('\r', "\n");
        diags.push(
            Diagnostic::info("line-ends", "CR/CRLF line ends converted to LF")
                .file(file)
                .line(line)
                .hint("save the file with LF line ends to silence this"),
        );
    }
    let (text, removed) = remove_control_chars(&text, file);
    diags.extend(removed);
    // Most text is already NFC: the quick check spares composing it char by char.
    let text: String = match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    };
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        let lineno = i as u32 + 1;
        if i > 0 {
            out.push('\n');
        }
        let invisible = line.chars().filter(|c| is_invisible_control(*c)).count();
        if invisible > 0 {
            diags.push(
                Diagnostic::warning(
                    "invisible-char",
                    format!("removed {invisible} zero-width or bidi control character(s)"),
                )
                .file(file)
                .line(lineno)
                .hint("direction is set by stele from the language; do not embed controls"),
            );
        }
        let mut arabic_fixed = 0;
        let mut line_out = String::with_capacity(line.len());
        for c in line.chars().filter(|c| !is_invisible_control(*c)) {
            let u = c as u32;
            if (0xFB50..=0xFDFF).contains(&u) || (0xFE70..=0xFEFF).contains(&u) {
                // Presentation forms are glyphs, not letters: back to the base letters.
                line_out.extend(c.to_string().nfkc());
                arabic_fixed += 1;
            } else if c == '\u{0640}' {
                arabic_fixed += 1;
            } else if arabic_is_arabic && c == '\u{06CC}' {
                line_out.push('\u{064A}');
                arabic_fixed += 1;
            } else if arabic_is_arabic && c == '\u{06A9}' {
                line_out.push('\u{0643}');
                arabic_fixed += 1;
            } else if c == '\u{00A0}' || c == '\u{202F}' {
                line_out.push(c);
            } else if c.is_whitespace() {
                line_out.push(' ');
            } else {
                line_out.push(c);
            }
        }
        if arabic_fixed > 0 {
            diags.push(
                Diagnostic::warning(
                    "arabic-normalized",
                    format!("normalized {arabic_fixed} Arabic presentation form, tatweel or Persian letter(s)"),
                )
                .file(file)
                .line(lineno),
            );
        }
        let (fixed, words) = repair_cyrillic(&line_out);
        for w in words {
            diags.push(
                Diagnostic::warning(
                    "lookalike",
                    format!("latin look-alike letters in cyrillic word `{w}` repaired"),
                )
                .file(file)
                .line(lineno)
                .hint("type the word with a Cyrillic keyboard layout"),
            );
        }
        out.push_str(&collapse_spaces(&fixed));
    }
    (out, diags)
}

/// Repairs words that mix Cyrillic letters with Latin look-alikes; returns the repaired words.
/// A word is judged part by part between hyphens and apostrophes: `PXE-загрузка`, `MAC-адрес`
/// and `APT-а` join a Latin acronym to a Cyrillic word on purpose and are left alone.
pub fn repair_cyrillic(line: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(line.len());
    let mut repaired = Vec::new();
    // Only a word with a Cyrillic letter is repaired: a line without one stays as it is.
    if !line
        .chars()
        .any(|c| Script::of_char(c) == Some(Script::Cyrillic))
    {
        return (line.to_string(), repaired);
    }
    let parts = line.split_inclusive(|c: char| c == ' ' || "-‐‑'’".contains(c));
    for part in parts {
        let (word, sep) = match part.char_indices().next_back() {
            Some((i, c)) if c == ' ' || "-‐‑'’".contains(c) => part.split_at(i),
            _ => (part, ""),
        };
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        let cyr = letters
            .iter()
            .filter(|c| Script::of_char(**c) == Some(Script::Cyrillic))
            .count();
        let latin: Vec<&char> = letters
            .iter()
            .filter(|c| Script::of_char(**c) == Some(Script::Latin))
            .collect();
        if cyr > 0 && !latin.is_empty() && latin.iter().all(|c| cyrillic_lookalike(**c).is_some()) {
            let fixed: String = word
                .chars()
                .map(|c| cyrillic_lookalike(c).unwrap_or(c))
                .collect();
            repaired.push(word.to_string());
            out.push_str(&fixed);
        } else {
            out.push_str(word);
        }
        out.push_str(sep);
    }
    (out, repaired)
}

/// Runs of ordinary spaces become one; a no-break space next to a space is stray and goes too.
fn collapse_spaces(line: &str) -> String {
    // No two spaces in a row and no no-break space: nothing to collapse.
    if !line.contains("  ") && !line.contains('\u{a0}') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let is_space = |x: char| x == ' ' || x == '\u{a0}';
        if is_space(c) {
            let prev_space = out.ends_with(' ') || out.ends_with('\u{a0}');
            let next_space = chars.get(i + 1).is_some_and(|n| is_space(*n));
            if c == '\u{a0}' && (prev_space || next_space) {
                if !prev_space {
                    out.push(' ');
                }
                continue;
            }
            if c == ' ' && prev_space {
                if out.ends_with('\u{a0}') {
                    out.pop();
                    out.push(' ');
                }
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean_str(s: &str) -> (String, Vec<Diagnostic>) {
        clean(s, Path::new("t.txt"), true)
    }

    #[test]
    fn line_ends_bom_and_spaces() {
        assert_eq!(clean_str("\u{FEFF}a\r\nb\rc").0, "a\nb\nc");
        assert_eq!(clean_str("a   b \u{a0} c").0, "a b c");
        assert_eq!(clean_str("20\u{a0}000").0, "20\u{a0}000");
    }

    #[test]
    fn invisible_controls_are_removed_with_a_warning_naming_the_line() {
        let (t, d) = clean_str("ok\nab\u{202E}c\u{200B}d");
        assert_eq!(t, "ok\nabcd");
        assert_eq!(d[0].code, "invisible-char");
        assert_eq!(d[0].line, Some(2));
    }

    #[test]
    fn arabic_presentation_forms_tatweel_and_persian_letters() {
        // U+FEE1 U+FEA0 = presentation forms of meem and jeem; U+0640 tatweel; U+06CC Persian yeh.
        let (t, _) = clean_str("\u{FEE1}\u{FEA0}\u{0640}\u{06CC}");
        assert_eq!(t, "\u{0645}\u{062C}\u{064A}");
        assert_eq!(clean("\u{06CC}", Path::new("x"), false).0, "\u{06CC}");
    }

    #[test]
    fn latin_lookalikes_in_cyrillic_words_are_repaired_but_english_is_not() {
        let (t, d) = clean_str("Путин пoтерял and opera");
        assert_eq!(t, "Путин потерял and opera");
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let d = decode(b"ok\nab\xffc", Path::new("t.txt")).unwrap_err();
        assert_eq!((d.line, d.col), (Some(2), Some(3)));
    }

    #[test]
    fn issue_12_control_characters_are_exactly_the_unshowable_ones() {
        for c in [
            '\u{0}',
            '\u{1}',
            '\u{8}',
            '\u{B}',
            '\u{C}',
            '\u{1F}',
            '\u{7F}',
            '\u{85}',
            '\u{9F}',
            '\u{FDD0}',
            '\u{FDEF}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{1FFFE}',
            '\u{10FFFF}',
        ] {
            assert!(is_control_char(c), "U+{:04X}", c as u32);
        }
        for c in [
            '\t',
            '\n',
            '\r',
            ' ',
            '~',
            '\u{A0}',
            '\u{FDCF}',
            '\u{FDF0}',
            '\u{FFFD}',
            '\u{FFEF}',
            '\u{1FFFD}',
            'ж',
            '٣',
        ] {
            assert!(!is_control_char(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn issue_12_control_characters_are_removed_with_line_column_count_and_first_code_point() {
        let (t, d) = remove_control_chars("ok\nжж\u{0}a\u{B}b\u{FFFE}\nc\td", Path::new("t.txt"));
        assert_eq!(t, "ok\nжжab\nc\td");
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].code, d[0].line, d[0].col),
            ("control-char", Some(2), Some(3))
        );
        assert_eq!(
            d[0].message,
            "removed 3 control character(s), first U+0000 at column 3"
        );
        // CR is left to the line-end handling of each reader.
        assert_eq!(remove_control_chars("a\r\n", Path::new("t")).0, "a\r\n");
    }

    #[test]
    fn issue_12_clean_removes_control_characters_before_anything_else_sees_them() {
        // U+FDD0 lies in the Arabic presentation-form block: removed, not "normalized".
        // U+000B and U+0085 count as white space: removed, not turned into spaces.
        let (t, d) = clean_str("\u{FEFF}a\u{FDD0}b\r\nc\u{B}d\u{85}e");
        assert_eq!(t, "ab\ncde");
        let codes: Vec<_> = d.iter().map(|d| (d.code, d.line, d.col)).collect();
        assert_eq!(
            codes,
            [
                ("bom", Some(1), None),
                ("line-ends", Some(1), None),
                ("control-char", Some(1), Some(2)),
                ("control-char", Some(2), Some(2)),
            ]
        );
    }
}
