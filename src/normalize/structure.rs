//! Block structure of cleaned text: paragraphs classified as title, heading, pull quote, body
//! paragraph or reference entry; debris dropped; every heuristic overridable from `edition.toml`.

use super::levels::{self, HeadingRules};
use crate::config::NormalizeConfig;
use crate::diag::Diagnostic;
use crate::model::SegmentKind;
use std::path::Path;

/// One classified block of source text, before inline parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBlock {
    pub kind: SegmentKind,
    /// The block's text with outer pull-quote marks and the `[n]` entry number removed.
    pub text: String,
    /// 1-based line where the block starts in the source file.
    pub line: u32,
    /// The entry number of a reference entry.
    pub number: Option<u32>,
    /// Whether this heading opens the reference list.
    pub references_heading: bool,
    /// A heading's level (1 to 6; the title is above them): from its numbering, else the
    /// document's default (`normalize.heading_level`). 0 for other blocks.
    pub level: i64,
}

/// Splits cleaned text into paragraphs (separated by blank lines) with their first line numbers.
pub fn paragraphs(text: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(u32, Vec<&str>)> = None;
    for (i, line) in text.split('\n').enumerate() {
        let t = line.trim();
        if t.is_empty() {
            if let Some((l, lines)) = cur.take() {
                out.push((l, lines.join(" ")));
            }
        } else {
            cur.get_or_insert((i as u32 + 1, Vec::new())).1.push(t);
        }
    }
    if let Some((l, lines)) = cur {
        out.push((l, lines.join(" ")));
    }
    out
}

/// A reference entry's number and the rest of its text: `[12] Text` or `12. Text`.
pub fn entry_number(text: &str) -> Option<(u32, &str)> {
    let (num, rest) = if let Some(r) = text.strip_prefix('[') {
        let end = r.find(']')?;
        (&r[..end], &r[end + 1..])
    } else {
        let end = text.find(". ")?;
        (&text[..end], &text[end + 1..])
    };
    // "2025. A year" is a sentence, not entry 2025: the dotted style takes up to three digits.
    let max = if text.starts_with('[') { 4 } else { 3 };
    if num.is_empty() || num.len() > max || !num.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest = rest.trim_start();
    if rest.is_empty() {
        return None;
    }
    Some((num.parse().ok()?, rest))
}

/// The largest reference entry number: `[n]` markers have at most four digits.
pub const MAX_ENTRY_NUMBER: u32 = 9999;

/// The digits of an entry written `[digits] Text` whose number has more digits than any entry can
/// have (`[18446744073709551616] …`): not an entry, and not to be kept silently as text.
pub fn oversized_entry_number(text: &str) -> Option<&str> {
    let r = text.strip_prefix('[')?;
    let end = r.find(']')?;
    let num = &r[..end];
    let long = num.len() > 4 && num.bytes().all(|b| b.is_ascii_digit());
    (long && !r[end + 1..].trim().is_empty()).then_some(num)
}

/// The inside of a paragraph wholly enclosed in one pair of quotation marks.
pub fn pull_quote_body(text: &str) -> Option<&str> {
    let open = text.chars().next()?;
    let close = match open {
        '“' => '”',
        '«' => '»',
        '"' => '"',
        '„' => '“',
        _ => return None,
    };
    let inner = text.strip_prefix(open)?.strip_suffix(close)?;
    if inner.trim().is_empty() {
        return None;
    }
    // The opening mark must close at the very end, not earlier ("a" and "b" is no pull quote).
    if open != close {
        let mut depth = 0i32;
        for c in inner.chars() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
        }
    } else if inner.contains(close) {
        return None;
    }
    Some(inner.trim())
}

fn has_citation_marker(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(p) = text[i..].find('[') {
        let s = i + p + 1;
        let mut e = s;
        while e < b.len() && b[e].is_ascii_digit() {
            e += 1;
        }
        if e > s && e < b.len() && b[e] == b']' {
            return true;
        }
        i = s;
    }
    false
}

fn looks_like_heading(text: &str, cfg: &NormalizeConfig, rules: &HeadingRules) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let last = text.chars().last().unwrap_or(' ');
    let numbered = rules.numbered(text).is_some();
    text.chars().count() <= cfg.max_heading_chars
        && (!matches!(last, '.' | '!' | ';' | ':' | ',' | '…') || levels::is_label_only(text))
        && (numbered || !is_long_question(text, cfg))
        && !ends_with_url(text)
        && !has_citation_marker(text)
        && (first.is_uppercase() || !first.is_lowercase() && first.is_alphanumeric())
}

/// A question (`?`, Arabic `؟`) of more words than `question_heading_words`: a sentence, not a
/// heading ("How do I reset the pump when the light stays red?").
fn is_long_question(text: &str, cfg: &NormalizeConfig) -> bool {
    text.ends_with(['?', '؟']) && text.split_whitespace().count() > cfg.question_heading_words
}

/// Whether the paragraph's last word is a URL (`See https://example.org/manual`): a line of
/// text pointing somewhere, not a heading.
fn ends_with_url(text: &str) -> bool {
    let start = text
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    super::url::at(text, start).is_some_and(|f| {
        text[f.end..]
            .chars()
            .all(|c| !c.is_alphanumeric() && !c.is_whitespace())
    })
}

/// Classifies paragraphs into blocks; returns an error diagnostic for an empty document.
pub fn blocks(text: &str, file: &Path, cfg: &NormalizeConfig) -> (Vec<RawBlock>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out: Vec<RawBlock> = Vec::new();
    let mut in_references = false;
    let rules = HeadingRules::new(cfg);
    let block = |kind, text: &str, line, number, references_heading| RawBlock {
        kind,
        text: text.to_string(),
        line,
        number,
        references_heading,
        level: match kind {
            SegmentKind::Heading if references_heading => rules.default_level,
            SegmentKind::Heading => rules.level(text),
            _ => 0,
        },
    };
    for (line, para) in paragraphs(text) {
        if cfg.drop.iter().any(|d| d.trim() == para) {
            diags.push(
                Diagnostic::info("dropped", format!("dropped web-page debris `{para}`"))
                    .file(file)
                    .line(line)
                    .hint("listed in edition.toml normalize.drop"),
            );
            continue;
        }
        let forced_heading = rules.forced_heading(&para);
        let forced_body = rules.forced_body(&para);
        if out.is_empty() {
            if para.chars().count() > 2 * cfg.max_heading_chars
                || para.ends_with('.') && !forced_heading
            {
                diags.push(
                    Diagnostic::warning("no-title", "the first paragraph does not look like a title")
                        .file(file)
                        .line(line)
                        .hint("the first paragraph is taken as the title; set document.title in edition.toml to override"),
                );
            }
            out.push(block(SegmentKind::Title, &para, line, None, false));
            continue;
        }
        if cfg
            .references_headings
            .iter()
            .any(|h| h.eq_ignore_ascii_case(&para))
        {
            in_references = true;
            out.push(block(SegmentKind::Heading, &para, line, None, true));
            continue;
        }
        if in_references {
            if let Some((n, rest)) = entry_number(&para) {
                out.push(block(SegmentKind::Reference, rest, line, Some(n), false));
                continue;
            }
            if let Some(digits) = oversized_entry_number(&para) {
                diags.push(
                    Diagnostic::error(
                        "reference-number",
                        format!("reference number {digits} is too large"),
                    )
                    .file(file)
                    .line(line)
                    .hint(format!("entry numbers run from 1 to {MAX_ENTRY_NUMBER} (a `[n]` marker has at most four digits); renumber the entry and its citations")),
                );
            }
        }
        if forced_heading
            || (!forced_body
                && pull_quote_body(&para).is_none()
                && looks_like_heading(&para, cfg, &rules))
        {
            out.push(block(SegmentKind::Heading, &para, line, None, false));
        } else if let (Some(inner), false) = (pull_quote_body(&para), forced_body) {
            out.push(block(SegmentKind::PullQuote, inner, line, None, false));
        } else {
            out.push(block(SegmentKind::Paragraph, &para, line, None, false));
        }
    }
    if out.is_empty() {
        diags.push(
            Diagnostic::error("empty", "the source has no text")
                .file(file)
                .line(1)
                .hint("put the article's plain text in this file: title first, then paragraphs separated by blank lines"),
        );
    } else if out.len() == 1 {
        diags.push(
            Diagnostic::warning("no-body", "the source has a title but no body text")
                .file(file)
                .line(out[0].line)
                .hint("separate paragraphs with blank lines"),
        );
    }
    let mut seen: Vec<(u32, u32)> = Vec::new();
    for b in &out {
        if let Some(n) = b.number {
            if let Some((_, first)) = seen.iter().find(|(m, _)| *m == n) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-reference",
                        format!("reference [{n}] is numbered twice (first on line {first})"),
                    )
                    .file(file)
                    .line(b.line)
                    .hint("give each reference entry its own number"),
                );
            } else {
                seen.push((n, b.line));
            }
        }
    }
    (out, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_quotes_need_one_enclosing_pair() {
        assert_eq!(pull_quote_body("“A quote.”"), Some("A quote."));
        assert_eq!(pull_quote_body("“A” and “B”"), None);
        assert_eq!(pull_quote_body("«Цитата»"), Some("Цитата"));
        assert_eq!(pull_quote_body("No quote."), None);
    }

    #[test]
    fn entry_numbers() {
        assert_eq!(entry_number("[12] Reuters."), Some((12, "Reuters.")));
        assert_eq!(entry_number("3. Reuters."), Some((3, "Reuters.")));
        assert_eq!(entry_number("[x] Reuters."), None);
        assert_eq!(entry_number("2025. A year"), None);
        assert_eq!(entry_number("[18446744073709551616] Huge."), None);
        assert_eq!(
            oversized_entry_number("[18446744073709551616] Huge."),
            Some("18446744073709551616")
        );
        assert_eq!(oversized_entry_number("[9999] Fits."), None);
        assert_eq!(oversized_entry_number("[12345]"), None);
    }

    #[test]
    fn headings_by_shape_with_overrides() {
        let mut cfg = NormalizeConfig::default();
        let text = "Title\n\nA Heading\n\nA sentence.\n\nLooks Like A Heading";
        let (b, _) = blocks(text, Path::new("t"), &cfg);
        let kinds: Vec<_> = b.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                SegmentKind::Title,
                SegmentKind::Heading,
                SegmentKind::Paragraph,
                SegmentKind::Heading
            ]
        );
        cfg.not_headings.push("Looks Like A Heading".into());
        cfg.headings.push("A sentence.".into());
        let (b, _) = blocks(text, Path::new("t"), &cfg);
        assert_eq!(b[2].kind, SegmentKind::Heading);
        assert_eq!(b[3].kind, SegmentKind::Paragraph);
    }

    /// Issue 16: levels from numbering, long questions and URL-ending lines are body text,
    /// `Chapter 8.` alone is a heading.
    #[test]
    fn issue16_levels_questions_and_urls() {
        let cfg = NormalizeConfig::default();
        let text = "Title\n\nChapter 8.\n\n8.9. Filter\n\n6.2.1. Torque\n\nSafety\n\n\
            How do I reset the pump when the light stays red?\n\nWhat next?\n\n\
            See the manual at https://example.org/manual\n\nNarrow\u{202f}https://example.org\n\n2025. A year";
        let (b, _) = blocks(text, Path::new("t"), &cfg);
        let got: Vec<(SegmentKind, i64)> = b.iter().map(|b| (b.kind, b.level)).collect();
        use SegmentKind::*;
        assert_eq!(
            got,
            [
                (Title, 0),
                (Heading, 1),
                (Heading, 2),
                (Heading, 3),
                (Heading, 2),
                (Paragraph, 0),
                (Heading, 2),
                (Paragraph, 0),
                (Paragraph, 0),
                (Heading, 2)
            ]
        );
    }
}
