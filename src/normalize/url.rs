//! The one URL finder, shared by the source normalizer and the translation reader, so the same
//! text gives the same link in both: scheme URLs (`https://`, `http://`, `ftp://`), `www.` hosts
//! and `<…>` autolinks. Trailing punctuation of every script stays outside the link unless it is
//! balanced inside it (Wikipedia-style parentheses).

/// A URL found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range of what the link replaces (with the angle brackets of an autolink).
    pub start: usize,
    pub end: usize,
    /// Byte range of the text shown (the URL as written).
    pub shown: (usize, usize),
    /// The link target (`www.` hosts get `http://`, as CommonMark's GFM autolinks do).
    pub target: String,
}

const SCHEMES: [&str; 3] = ["https://", "http://", "ftp://"];

/// Characters that may stand right before a URL: an opening bracket or quote of any script.
fn opens_word(c: char) -> bool {
    c.is_whitespace() || "([{<«“”„‘‚\"'‹—–".contains(c)
}

/// Characters never inside a bare URL: quotes and punctuation of other scripts, angle brackets.
fn ends_url(c: char) -> bool {
    c.is_whitespace() || "<>\"«»“”„‹›‘’،؛؟…、。".contains(c) || c.is_control()
}

/// Sentence punctuation a URL does not end with (closing brackets are kept when balanced).
fn trailing(c: char) -> bool {
    ".,;:!?'*".contains(c)
}

fn starts_scheme(rest: &str) -> Option<usize> {
    SCHEMES.iter().find_map(|s| {
        let head = rest.get(..s.len())?;
        (head.eq_ignore_ascii_case(s) && rest.len() > s.len()).then_some(s.len())
    })
}

/// Whether a URL starts at byte `i` (at a word start), and where it ends.
pub fn at(text: &str, i: usize) -> Option<Found> {
    let rest = &text[i..];
    let word_start = text[..i].chars().next_back().is_none_or(opens_word);
    if !word_start {
        return None;
    }
    if let Some(inner) = rest.strip_prefix('<') {
        // Scan only to the first space (a URL has none): linear on `<<<<…`.
        let stop = inner.find(|c: char| c == '>' || c.is_whitespace())?;
        if !inner[stop..].starts_with('>') {
            return None;
        }
        let close = stop;
        let body = &inner[..close];
        let ok = starts_scheme(body).is_some();
        return ok.then(|| Found {
            start: i,
            end: i + close + 2,
            shown: (i + 1, i + 1 + close),
            target: body.to_string(),
        });
    }
    let www = rest
        .get(..4)
        .is_some_and(|h| h.eq_ignore_ascii_case("www."))
        && rest[4..].starts_with(|c: char| c.is_alphanumeric());
    let scheme = starts_scheme(rest);
    if scheme.is_none() && !www {
        return None;
    }
    let end = i + url_len(rest);
    let url = &text[i..end];
    let target = if www {
        format!("http://{url}")
    } else {
        url.to_string()
    };
    // A bare scheme (`https://` and nothing else) is no link.
    (url.len() > scheme.unwrap_or(4)).then_some(Found {
        start: i,
        end,
        shown: (i, end),
        target,
    })
}

/// The length of a bare URL at the start of `rest`: up to whitespace or a character that cannot
/// be in it, then without trailing punctuation and unbalanced closing brackets.
fn url_len(rest: &str) -> usize {
    let mut end = rest.find(ends_url).unwrap_or(rest.len());
    while let Some(last) = rest[..end].chars().next_back() {
        let unbalanced = |open: char, close: char| {
            last == close && rest[..end].matches(close).count() > rest[..end].matches(open).count()
        };
        if trailing(last) || unbalanced('(', ')') || unbalanced('[', ']') || unbalanced('{', '}') {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// Where a bare URL starting at `start` ends (for readers that have found one themselves).
pub fn url_end(text: &str, start: usize) -> usize {
    start + url_len(&text[start..])
}

/// The first URL in a text, anywhere (for reference entries, whose URL may follow any word).
pub fn first(text: &str) -> Option<(usize, usize)> {
    text.char_indices()
        .filter(|(_, c)| matches!(c, 'h' | 'H' | 'f' | 'F'))
        .find(|(i, _)| starts_scheme(&text[*i..]).is_some())
        .map(|(i, _)| (i, url_end(text, i)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Option<(String, String)> {
        text.char_indices()
            .find_map(|(i, _)| at(text, i))
            .map(|f| (text[f.shown.0..f.shown.1].to_string(), f.target))
    }

    fn url(text: &str) -> String {
        find(text).map(|f| f.1).unwrap_or_default()
    }

    /// Issue 11: punctuation of every script stays outside the link.
    #[test]
    fn issue_11_trailing_punctuation_of_every_script_stays_outside() {
        let u = "http://proxy.example.com:3128";
        for text in [
            format!("اضبط {u}، ثم"),
            format!("اضبط {u}؛ ثم"),
            format!("هل هو {u}؟"),
            format!("see {u}."),
            format!("see {u}, then"),
            format!("(see {u})"),
            format!("«{u}»"),
            format!("„{u}“"),
            format!("“{u}”"),
            format!("”{u}“"),
            format!("\"{u}\""),
            format!("[{u}]"),
            format!("{u}…"),
            format!("{u}:"),
        ] {
            assert_eq!(url(&text), u, "{text}");
        }
    }

    #[test]
    fn balanced_brackets_stay_inside() {
        assert_eq!(
            url("see https://en.wikipedia.org/wiki/Bit_(unit)."),
            "https://en.wikipedia.org/wiki/Bit_(unit)"
        );
        assert_eq!(url("(https://a.org/x_(y))"), "https://a.org/x_(y)");
        assert_eq!(url("https://a.org/q?a[1]=2."), "https://a.org/q?a[1]=2");
    }

    #[test]
    fn autolinks_and_www_hosts() {
        assert_eq!(
            find("see <https://example.org/a> now"),
            Some((
                "https://example.org/a".into(),
                "https://example.org/a".into()
            ))
        );
        assert_eq!(url("visit www.debian.org."), "http://www.debian.org");
        assert_eq!(url("an email@www.x is not"), "");
        assert_eq!(url("nothttps://x.org"), "");
        assert_eq!(url("just https:// here"), "");
        assert_eq!(url("HTTPS://A.org/X"), "HTTPS://A.org/X");
    }
}
