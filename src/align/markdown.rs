//! The Pandoc Markdown inlines translators write, read into AST inlines: `*emph*`, `**strong**`,
//! `[text](url)`, `[text]{lang=ru}` spans and `\` escapes; plain runs go through
//! [`crate::normalize::inline`] (`[n]` citations, bare URLs, foreign-script spans).

use crate::model::Lang;
use crate::normalize::inline::{self, ScriptTagging};
use crate::pandoc::{push_inlines, trim_spaces};
use pandoc_ast::Inline;

/// Parses one segment's Markdown into inlines. `tagging` wraps runs of other scripts in language
/// spans; problems with the markup (e.g. an invalid language tag) are returned as messages.
pub fn parse(text: &str, tagging: &ScriptTagging) -> (Vec<Inline>, Vec<String>) {
    let mut problems = Vec::new();
    let mut out = parse_run(text, tagging, true, &mut problems);
    trim_spaces(&mut out);
    (out, problems)
}

fn is_ws(c: char) -> bool {
    c.is_whitespace() && c != '\u{a0}'
}

/// Inlines of a plain chunk, keeping a `Space` for whitespace at either edge; `tag` wraps runs
/// of other scripts in language spans (not inside a span that has its own `lang`).
fn plain(chunk: &str, tagging: &ScriptTagging, tag: bool) -> Vec<Inline> {
    let mut out = Vec::new();
    if chunk.is_empty() {
        return out;
    }
    if chunk.starts_with(is_ws) {
        out.push(Inline::Space);
    }
    let (x, _) = if tag {
        inline::parse(chunk, tagging)
    } else {
        inline::parse_plain(chunk, &tagging.citations)
    };
    push_inlines(&mut out, x);
    if chunk.ends_with(is_ws) && !chunk.trim().is_empty() {
        out.push(Inline::Space);
    }
    out
}

/// The byte index of the delimiter closing an opener at `open` (depth-counted, escapes skipped).
fn matching(s: &str, open: usize, o: char, c: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut it = s[open..].char_indices();
    while let Some((i, ch)) = it.next() {
        if ch == '\\' {
            it.next();
        } else if ch == o {
            depth += 1;
        } else if ch == c {
            depth -= 1;
            if depth == 0 {
                return Some(open + i);
            }
        }
    }
    None
}

/// Where an emphasis run opened at `start` with `delim` closes: the next `delim` not preceded by
/// whitespace (and, for `*`, not part of a `**`).
fn closing_emph(s: &str, start: usize, delim: &str) -> Option<usize> {
    let body = start + delim.len();
    if s[body..].starts_with(is_ws) || s[body..].is_empty() {
        return None;
    }
    let mut i = body;
    while i < s.len() {
        let rest = &s[i..];
        if let Some(escaped) = rest.strip_prefix('\\') {
            i += 1 + escaped.chars().next().map_or(0, char::len_utf8);
            continue;
        }
        if rest.starts_with(delim) && i > body && !s[..i].ends_with(is_ws) {
            let double_star = delim == "*" && rest.starts_with("**");
            if !double_star {
                return Some(i);
            }
            // Skip a nested `**…**` inside single emphasis.
            if let Some(e) = closing_emph(s, i, "**") {
                i = e + 2;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn parse_run(
    s: &str,
    tagging: &ScriptTagging,
    tag: bool,
    problems: &mut Vec<String>,
) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut chunk_start = 0;
    let mut i = 0;
    let flush = |out: &mut Vec<Inline>, from: usize, to: usize| {
        push_inlines(out, plain(&s[from..to], tagging, tag));
    };
    while i < s.len() {
        let rest = &s[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if c == '\\' {
            if let Some(n) = rest[1..]
                .chars()
                .next()
                .filter(|n| n.is_ascii_punctuation())
            {
                flush(&mut out, chunk_start, i);
                push_inlines(&mut out, vec![Inline::Str(n.to_string())]);
                i += 1 + n.len_utf8();
                chunk_start = i;
                continue;
            }
        } else if let Some(f) = crate::normalize::url::at(s, i) {
            // A bare URL becomes a link, never part of a foreign-script span; the finder is the
            // source's, so both find the same links.
            flush(&mut out, chunk_start, i);
            out.push(inline::uri_link(s, &f));
            i = f.end;
            chunk_start = i;
            continue;
        } else if c == '[' {
            if let Some(close) = matching(s, i, '[', ']') {
                let inner = &s[i + 1..close];
                let after = &s[close + 1..];
                let is_cite = !inner.is_empty()
                    && inner.len() <= 4
                    && inner.bytes().all(|b| b.is_ascii_digit());
                if !is_cite && after.starts_with('{') {
                    if let Some(end) = matching(s, close + 1, '{', '}') {
                        if let Ok(items) = super::format::attr_items(&s[close + 2..end]) {
                            flush(&mut out, chunk_start, i);
                            let attr = span_attr(items, problems);
                            let has_lang = attr.2.iter().any(|(k, _)| k == "lang");
                            let mut content = parse_run(inner, tagging, tag && !has_lang, problems);
                            trim_spaces(&mut content);
                            out.push(Inline::Span(attr, content));
                            i = end + 1;
                            chunk_start = i;
                            continue;
                        }
                    }
                } else if !is_cite && after.starts_with('(') {
                    if let Some(end) = matching(s, close + 1, '(', ')') {
                        let target = s[close + 2..end].trim();
                        let url = target.split_whitespace().next().unwrap_or("");
                        let url = url.trim_start_matches('<').trim_end_matches('>');
                        flush(&mut out, chunk_start, i);
                        let mut content = parse_run(inner, tagging, tag, problems);
                        trim_spaces(&mut content);
                        out.push(Inline::Link(
                            (String::new(), vec![], vec![]),
                            content,
                            (url.to_string(), String::new()),
                        ));
                        i = end + 1;
                        chunk_start = i;
                        continue;
                    }
                }
            }
        } else if c == '*' {
            let delim = if rest.starts_with("**") { "**" } else { "*" };
            if let Some(end) = closing_emph(s, i, delim) {
                flush(&mut out, chunk_start, i);
                let mut content = parse_run(&s[i + delim.len()..end], tagging, tag, problems);
                trim_spaces(&mut content);
                out.push(if delim == "**" {
                    Inline::Strong(content)
                } else {
                    Inline::Emph(content)
                });
                i = end + delim.len();
                chunk_start = i;
                continue;
            }
        }
        i += c.len_utf8();
    }
    flush(&mut out, chunk_start, s.len());
    out
}

/// A span's attributes as written, with `dir=rtl` added for a right-to-left `lang`.
fn span_attr(items: Vec<(String, String)>, problems: &mut Vec<String>) -> pandoc_ast::Attr {
    let mut id = String::new();
    let mut classes = Vec::new();
    let mut kv: Vec<(String, String)> = Vec::new();
    for (k, v) in items {
        if let Some(x) = k.strip_prefix('#') {
            id = x.to_string();
        } else if let Some(x) = k.strip_prefix('.') {
            classes.push(x.to_string());
        } else if k == "lang" {
            match Lang::parse(&v) {
                Ok(l) => {
                    kv.push(("lang".into(), l.to_string()));
                    if l.is_rtl() {
                        kv.push(("dir".into(), "rtl".into()));
                    }
                }
                Err(e) => {
                    problems.push(format!("span language: {e}"));
                    kv.push((k, v));
                }
            }
        } else if !kv.iter().any(|(x, _)| *x == k) {
            kv.push((k, v));
        }
    }
    (id, classes, kv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Script;
    use crate::pandoc::stringify;

    fn ar() -> ScriptTagging {
        let mut langs = crate::config::NormalizeConfig::default().scripts;
        langs.insert("Latn".into(), Lang::parse("en").unwrap());
        ScriptTagging {
            own: Script::Arabic,
            langs,
            citations: inline::Citations::AnyNumber,
        }
    }

    #[test]
    fn markup_spans_links_and_citations() {
        let (x, p) = parse(
            "نص *مائل* و**عريض** «[Опять мимо]{lang=ru}» [رابط](https://a.org/x) [3] https://b.org/y.",
            &ar(),
        );
        assert!(p.is_empty());
        assert!(matches!(&x[2], Inline::Emph(c) if stringify(c) == "مائل"));
        assert!(x
            .iter()
            .any(|i| matches!(i, Inline::Strong(c) if stringify(c) == "عريض")));
        assert!(x.iter().any(|i| matches!(i, Inline::Span(a, c)
            if a.2 == vec![("lang".to_string(), "ru".to_string())] && stringify(c) == "Опять мимо")));
        assert!(x
            .iter()
            .any(|i| matches!(i, Inline::Link(_, _, (u, _)) if u == "https://a.org/x")));
        assert!(x
            .iter()
            .any(|i| matches!(i, Inline::Cite(c, _) if c[0].citationId == "ref-3")));
        assert!(x.iter().any(|i| matches!(i, Inline::Link(a, _, (u, _)) if u == "https://b.org/y" && a.1 == vec!["uri".to_string()])));
        assert_eq!(
            stringify(&x),
            "نص مائل وعريض «Опять мимо» رابط [3] https://b.org/y."
        );
    }

    #[test]
    fn latin_runs_are_tagged_as_the_source_language_and_escapes_are_literal() {
        let (x, _) = parse("موقع Kremlin.ru و\\*نجمة\\*", &ar());
        assert!(
            matches!(&x[2], Inline::Span(a, c) if a.2[0].1 == "en" && stringify(c) == "Kremlin.ru")
        );
        assert!(stringify(&x).ends_with("و*نجمة*"));
    }

    /// Issue 11: the source's URL finder: an Arabic comma stays outside, an autolink loses its
    /// angle brackets, a URL after an ASCII quote is a link as in the source.
    #[test]
    fn issue_11_urls_are_found_as_in_the_source() {
        let links = |t: &str| -> Vec<String> {
            parse(t, &ar())
                .0
                .iter()
                .filter_map(|i| match i {
                    Inline::Link(_, _, (u, _)) => Some(u.clone()),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            links("على http://proxy.example.com:3128، ثم"),
            ["http://proxy.example.com:3128"]
        );
        assert_eq!(
            links("انظر <https://example.org/a> هنا"),
            ["https://example.org/a"]
        );
        assert_eq!(links("\"https://a.org/x\""), ["https://a.org/x"]);
        assert_eq!(
            links("«http://deb.debian.org/debian»."),
            ["http://deb.debian.org/debian"]
        );
    }

    #[test]
    fn lone_stars_and_urls_with_stars_stay_text() {
        let (x, _) = parse("a * b https://x.org/*y* c", &ar());
        assert_eq!(stringify(&x), "a * b https://x.org/*y* c");
        assert!(!x.iter().any(|i| matches!(i, Inline::Emph(_))));
    }
}
