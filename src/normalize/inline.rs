//! Inline parsing of one block's text: `Str`/`Space` runs, `[n]` markers as `Cite`, bare URLs as
//! links, and runs in a foreign script wrapped in a `Span` with `lang` (and `dir=rtl` for Arabic).

use crate::model::{Lang, Script};
use crate::pandoc::{push_inlines, text_inlines_edges, trim_spaces};
use pandoc_ast::{Citation, CitationMode, Inline};
use std::collections::BTreeMap;

/// How runs in other scripts than the document's are tagged.
#[derive(Debug, Clone)]
pub struct ScriptTagging {
    /// The document's own script: runs in it stay untagged.
    pub own: Script,
    /// Language of each other script (`Cyrl` -> `ru`); a script not listed stays untagged.
    pub langs: BTreeMap<String, Lang>,
}

impl ScriptTagging {
    fn lang_of(&self, s: Script) -> Option<&Lang> {
        if s == self.own {
            return None;
        }
        self.langs.get(s.code())
    }
}

/// A `Cite` to reference entry `n`, shown as `[n]`.
pub fn cite(n: u32) -> Inline {
    Inline::Cite(
        vec![Citation {
            citationId: format!("ref-{n}"),
            citationPrefix: vec![],
            citationSuffix: vec![],
            citationMode: CitationMode::NormalCitation,
            citationNoteNum: 0,
            citationHash: 0,
        }],
        vec![Inline::Str(format!("[{n}]"))],
    )
}

/// Attributes of a span in `lang`: `lang`, plus `dir=rtl` for right-to-left scripts.
pub fn lang_attr(lang: &Lang, classes: Vec<String>) -> pandoc_ast::Attr {
    let mut kv = vec![("lang".to_string(), lang.to_string())];
    if lang.is_rtl() {
        kv.push(("dir".to_string(), "rtl".to_string()));
    }
    (String::new(), classes, kv)
}

/// Parses a block's text into inlines; also returns the `[n]` numbers cited, in order.
pub fn parse(text: &str, tagging: &ScriptTagging) -> (Vec<Inline>, Vec<u32>) {
    let mut out = Vec::new();
    let mut cites = Vec::new();
    let mut pos = 0;
    for (start, end, lang) in script_runs(text, tagging) {
        push_inlines(&mut out, tokens(&text[pos..start], &mut cites));
        let inner = tokens(&text[start..end], &mut cites);
        out.push(Inline::Span(lang_attr(&lang, vec![]), inner));
        pos = end;
    }
    push_inlines(&mut out, tokens(&text[pos..], &mut cites));
    trim_spaces(&mut out);
    (out, cites)
}

/// Parses text without script tagging (for content that is already wrapped in a language span).
pub fn parse_plain(text: &str) -> (Vec<Inline>, Vec<u32>) {
    let mut cites = Vec::new();
    let mut x = tokens(text, &mut cites);
    trim_spaces(&mut x);
    (x, cites)
}

/// Byte ranges of maximal runs of a tagged foreign script: from its first letter to its last,
/// through neutral characters (spaces, punctuation, digits) but not through letters of another script.
pub fn script_runs(text: &str, tagging: &ScriptTagging) -> Vec<(usize, usize, Lang)> {
    let mut runs = Vec::new();
    let mut cur: Option<(usize, usize, Script)> = None;
    for (i, c) in text.char_indices() {
        let Some(s) = Script::of_char(c) else {
            continue;
        };
        match cur {
            Some((st, _, cs)) if cs == s => cur = Some((st, i + c.len_utf8(), cs)),
            _ => {
                if let Some((st, en, cs)) = cur.take() {
                    if let Some(l) = tagging.lang_of(cs) {
                        runs.push((st, en, l.clone()));
                    }
                }
                cur = Some((i, i + c.len_utf8(), s));
            }
        }
    }
    if let Some((st, en, cs)) = cur {
        if let Some(l) = tagging.lang_of(cs) {
            runs.push((st, en, l.clone()));
        }
    }
    runs
}

/// `[n]` markers, URLs, and the rest as `Str`/`Space`.
fn tokens(text: &str, cites: &mut Vec<u32>) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain_start = 0;
    let mut i = 0;
    let b = text.as_bytes();
    while i < b.len() {
        if b[i] == b'[' {
            let mut e = i + 1;
            while e < b.len() && b[e].is_ascii_digit() {
                e += 1;
            }
            if e > i + 1 && e - i <= 5 && e < b.len() && b[e] == b']' {
                if let Ok(n) = text[i + 1..e].parse::<u32>() {
                    push_inlines(&mut out, text_inlines_edges(&text[plain_start..i]));
                    out.push(cite(n));
                    cites.push(n);
                    i = e + 1;
                    plain_start = i;
                    continue;
                }
            }
        }
        let at_word_start =
            i == 0 || text[..i].ends_with(|c: char| c.is_whitespace() || "(<«“".contains(c));
        if at_word_start && (text[i..].starts_with("https://") || text[i..].starts_with("http://"))
        {
            let end = url_end(text, i);
            push_inlines(&mut out, text_inlines_edges(&text[plain_start..i]));
            let url = &text[i..end];
            out.push(Inline::Link(
                (String::new(), vec!["uri".to_string()], vec![]),
                vec![Inline::Str(url.to_string())],
                (url.to_string(), String::new()),
            ));
            i = end;
            plain_start = i;
            continue;
        }
        i += text[i..].chars().next().map(char::len_utf8).unwrap_or(1);
    }
    push_inlines(&mut out, text_inlines_edges(&text[plain_start..]));
    out
}

/// Where a bare URL ends: at whitespace, without trailing sentence punctuation.
pub fn url_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let mut end = start + rest.find(char::is_whitespace).unwrap_or(rest.len());
    while let Some(last) = text[start..end].chars().last() {
        let opens = text[start..end].matches('(').count();
        let closes = text[start..end].matches(')').count();
        if ".,;:!?”’»\"'".contains(last) || (last == ')' && closes > opens) {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> ScriptTagging {
        ScriptTagging {
            own: Script::Latin,
            langs: crate::config::NormalizeConfig::default().scripts,
        }
    }

    #[test]
    fn citation_markers_become_cites() {
        let (x, c) = parse("region.[1] And[2], more", &en());
        assert_eq!(c, vec![1, 2]);
        assert_eq!(x[0], Inline::Str("region.".into()));
        assert_eq!(x[1], cite(1));
        assert_eq!(x[4], cite(2));
        assert_eq!(x[5], Inline::Str(",".into()));
    }

    #[test]
    fn urls_lose_trailing_punctuation() {
        let (x, _) = parse("See https://a.org/x_(y). Then", &en());
        match &x[2] {
            Inline::Link(_, _, (url, _)) => assert_eq!(url, "https://a.org/x_(y)"),
            other => panic!("{other:?}"),
        }
        assert_eq!(x[3], Inline::Str(".".into()));
    }

    #[test]
    fn cyrillic_and_arabic_runs_are_tagged_without_outer_punctuation() {
        let (x, _) = parse("Akopov. “Опять мимо: Путин потерял.” and عنب بلدي.", &en());
        let spans: Vec<_> = x
            .iter()
            .filter_map(|i| match i {
                Inline::Span(a, c) => Some((a.2.clone(), crate::pandoc::stringify(c))),
                _ => None,
            })
            .collect();
        assert_eq!(spans[0].1, "Опять мимо: Путин потерял");
        assert_eq!(spans[0].0, vec![("lang".to_string(), "ru".to_string())]);
        assert_eq!(spans[1].1, "عنب بلدي");
        assert!(spans[1].0.contains(&("dir".to_string(), "rtl".to_string())));
    }
}
