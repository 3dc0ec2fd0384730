//! URLs in the PDF (issue 18): a URL breaks only after `/`, `.` or `-` (never right after the
//! `scheme://` of its start: that stays with the host's first label) and is never hyphenated. Each piece up to a break point is an
//! unbreakable `box` set left to right; Typst may break between boxes and nowhere else. A piece
//! longer than [`LONG_PIECE`] characters (a hash, a token) is cut into pieces of that length,
//! so it cannot run out of the measure.

use super::super::bidi::{LRI, PDI};
use super::{escape_markup, Writer};
use crate::model::Dir;

/// The longest piece kept whole.
const LONG_PIECE: usize = 30;

/// Whether a text token is a URL the writer sets with [`Writer::url`].
pub(super) fn is_url(s: &str) -> bool {
    let s = s.trim_start_matches(['(', '[', '<', '«', '"']);
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("www.")
}

/// `url` cut after every `/`, `.` and `-` (the scheme, `//` and the first label are one piece).
pub(super) fn pieces(url: &str) -> Vec<&str> {
    let start = url.find("://").map_or(0, |i| i + 3);
    let mut out = Vec::new();
    let mut from = 0;
    let mut chars = 0;
    for (i, c) in url[start..].char_indices() {
        let end = start + i + c.len_utf8();
        chars += 1;
        if matches!(c, '/' | '.' | '-') || chars >= LONG_PIECE {
            out.push(&url[from..end]);
            from = end;
            chars = 0;
        }
    }
    out.push(&url[from..]);
    out.retain(|p| !p.is_empty());
    out
}

impl Writer<'_> {
    /// A URL as unbreakable left-to-right pieces, isolated in right-to-left text.
    pub(super) fn url(&mut self, url: &str) {
        let rtl = self.dir == Dir::Rtl;
        if rtl {
            self.out.push_str(LRI);
        }
        for piece in pieces(url) {
            self.out.push_str("#box[#text(dir: ltr, hyphenate: false)[");
            escape_markup(piece, &mut self.out);
            self.out.push_str("]]");
        }
        if rtl {
            self.out.push_str(PDI);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue18_urls_break_only_after_slash_dot_and_hyphen() {
        assert_eq!(
            pieces("https://bitly.cx/oGXoY"),
            ["https://bitly.", "cx/", "oGXoY"]
        );
        assert_eq!(
            pieces("www.state-news.org/a.b"),
            ["www.", "state-", "news.", "org/", "a.", "b"]
        );
        let long = format!("https://x.org/{}", "a".repeat(70));
        assert!(pieces(&long)
            .iter()
            .all(|p| p.chars().count() <= LONG_PIECE));
        assert_eq!(pieces(&long).concat(), long);
        assert!(is_url("(https://a.b") && !is_url("httpx"));
    }
}
