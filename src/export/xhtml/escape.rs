//! Escaping for XHTML that is also HTML5: element text, attribute values, characters XML forbids,
//! and which link targets may stay links.

/// Escapes text for element content (`&`, `<`, `>`; forbidden characters become U+FFFD).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// Escapes text for a double-quoted attribute value (also `"` and `'`).
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_attr(&mut out, s);
    out
}

/// Appends `s` escaped for element content.
pub fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if forbidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Appends `s` escaped for a double-quoted attribute value.
pub fn push_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(' '),
            c if forbidden(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Characters XML 1.0 or HTML's parser reject: C0/C1 controls (but tab and newline), CR (HTML
/// normalizes it away, XML keeps it), and noncharacters.
fn forbidden(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\t' && c != '\n')
        || (0x7F..=0x9F).contains(&u)
        || (0xFDD0..=0xFDEF).contains(&u)
        || (u & 0xFFFE) == 0xFFFE
}

/// `href` for a link target, or `None` for schemes that could run code (`javascript:`, `data:`, …).
pub(super) fn safe_href(url: &str) -> Option<String> {
    // Browsers ignore ASCII whitespace and controls inside a scheme (`java\tscript:`).
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect();
    if squeezed.is_empty() {
        return None;
    }
    let scheme_end = squeezed.find(':');
    let path_start = squeezed.find(['/', '?', '#']).unwrap_or(squeezed.len());
    match scheme_end {
        Some(i) if i < path_start => {
            let scheme = squeezed[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto" | "ftp")
                .then(|| url.trim().to_string())
        }
        _ => Some(url.trim().to_string()),
    }
}
