//! Inline parsing of one block's text: `Str`/`Space` runs, `[n]` markers as `Cite` (only where
//! the document has an entry `n`), bare URLs as links, and runs in a foreign script wrapped in a
//! `Span` with `lang` (and `dir=rtl` for Arabic).

use crate::model::{Lang, Script};
use crate::pandoc::{push_inlines, text_inlines_edges, trim_spaces};
use pandoc_ast::{Citation, CitationMode, Inline};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Which `[n]` markers are citations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Citations {
    /// None: every `[n]` is text (`[normalize] citations = false`).
    Off,
    /// `[n]` is a citation when `n` is one of these entry numbers; with no reference list the
    /// set is empty and every `[n]` is text.
    #[default]
    AnyNumber,
    Entries(Arc<BTreeSet<u32>>),
}

impl Citations {
    /// Whether `[n]` (as written, `digits`) is a citation under this rule.
    pub fn accepts(&self, n: u32) -> bool {
        match self {
            Citations::Off => false,
            Citations::AnyNumber => true,
            Citations::Entries(set) => set.contains(&n),
        }
    }
}

/// How runs in other scripts than the document's are tagged, and which markers are citations.
#[derive(Debug, Clone)]
pub struct ScriptTagging {
    /// The document's own script: runs in it stay untagged.
    pub own: Script,
    /// Language of each other script (`Cyrl` -> `ru`); a script not listed stays untagged.
    pub langs: BTreeMap<String, Lang>,
    /// Which `[n]` become citations; the others stay text (and are returned as markers).
    pub citations: Citations,
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

/// The `[n]` markers of a text: those that became citations, and those left as text because
/// the rule has no entry `n` (for the caller to report).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markers {
    pub cited: Vec<u32>,
    pub text: Vec<u32>,
}

/// Parses a block's text into inlines; also returns its `[n]` markers, in order.
pub fn parse(text: &str, tagging: &ScriptTagging) -> (Vec<Inline>, Markers) {
    let mut out = Vec::new();
    let mut m = Markers::default();
    let mut pos = 0;
    for (start, end, lang) in script_runs(text, tagging) {
        push_inlines(
            &mut out,
            tokens(&text[pos..start], &tagging.citations, &mut m),
        );
        let inner = tokens(&text[start..end], &tagging.citations, &mut m);
        out.push(Inline::Span(lang_attr(&lang, vec![]), inner));
        pos = end;
    }
    push_inlines(&mut out, tokens(&text[pos..], &tagging.citations, &mut m));
    trim_spaces(&mut out);
    (out, m)
}

/// Parses text without script tagging (for content that is already wrapped in a language span).
pub fn parse_plain(text: &str, citations: &Citations) -> (Vec<Inline>, Markers) {
    let mut m = Markers::default();
    let mut x = tokens(text, citations, &mut m);
    trim_spaces(&mut x);
    (x, m)
}

/// Byte ranges of maximal runs of a tagged foreign script: from its first letter to its last,
/// through neutral characters (spaces, punctuation, digits) but not through letters of another
/// script; a left-to-right run then takes in the digits and joiners of its first and last token
/// ([`crate::bidi::extend_to_token`]), so `IPv6` is tagged whole and isolates agree with it.
pub fn script_runs(text: &str, tagging: &ScriptTagging) -> Vec<(usize, usize, Lang)> {
    let mut runs: Vec<(usize, usize, Lang)> = Vec::new();
    let mut push = |st: usize, en: usize, s: Script| {
        let Some(l) = tagging.lang_of(s) else {
            return;
        };
        let (st, en) = if matches!(s, Script::Arabic | Script::Hebrew) {
            (st, en)
        } else {
            crate::bidi::extend_to_token(text, st, en)
        };
        // Never overlap the previous run (two scripts meeting inside one token).
        let st = runs.last().map_or(st, |r| st.max(r.1));
        runs.push((st, en, l.clone()));
    };
    let mut cur: Option<(usize, usize, Script)> = None;
    for (i, c) in text.char_indices() {
        let Some(s) = Script::of_char(c) else {
            continue;
        };
        match cur {
            Some((st, _, cs)) if cs == s => cur = Some((st, i + c.len_utf8(), cs)),
            _ => {
                if let Some((st, en, cs)) = cur.take() {
                    push(st, en, cs);
                }
                cur = Some((i, i + c.len_utf8(), s));
            }
        }
    }
    if let Some((st, en, cs)) = cur {
        push(st, en, cs);
    }
    if matches!(tagging.own, Script::Arabic | Script::Hebrew) {
        widen_to_isolation_runs(text, &mut runs);
    }
    runs
}

/// In right-to-left text a tagged span is an isolate, so it must cover the whole run the
/// exporters would isolate (`Debian 12`, `apt-get install exim4`), or the number left outside
/// it is reordered (`12 Debian`). Runs of one script inside one isolation run become one.
fn widen_to_isolation_runs(text: &str, runs: &mut Vec<(usize, usize, Lang)>) {
    let iso: Vec<crate::bidi::Run> = crate::bidi::runs(text, crate::model::Dir::Rtl)
        .into_iter()
        .filter(|r| r.kind == crate::bidi::RunKind::Words)
        .collect();
    let mut out: Vec<(usize, usize, Lang)> = Vec::new();
    for (st, en, lang) in runs.drain(..) {
        let w = iso.iter().find(|r| r.start <= st && en <= r.end);
        let one_script = w.is_some_and(|w| {
            let scripts: BTreeSet<Script> = text[w.start..w.end]
                .chars()
                .filter_map(Script::of_char)
                .collect();
            scripts.len() == 1
        });
        let (st, en) = match w {
            Some(w) if one_script => (w.start, w.end),
            _ => (st, en),
        };
        let prev_end = out.last().map_or(0, |l| l.1);
        match out.last_mut() {
            Some(last) if last.2 == lang && st < prev_end => last.1 = prev_end.max(en),
            _ if en <= prev_end => {}
            _ => out.push((st.max(prev_end), en, lang)),
        }
    }
    *runs = out;
}

/// A bare URL or autolink found by [`super::url::at`] as a link of class `uri`.
pub fn uri_link(text: &str, f: &super::url::Found) -> Inline {
    Inline::Link(
        (String::new(), vec!["uri".to_string()], vec![]),
        vec![Inline::Str(text[f.shown.0..f.shown.1].to_string())],
        (f.target.clone(), String::new()),
    )
}

/// A `[n]` marker at byte `i`: its number and end. `[0]` and numbers with a leading zero are
/// never reference numbers (`argv[0]`, `a[01]`), so they are not markers at all. The exchange
/// formats read markers by this same rule.
pub(crate) fn marker(text: &str, i: usize) -> Option<(u32, usize)> {
    let b = text.as_bytes();
    let mut e = i + 1;
    while e < b.len() && b[e].is_ascii_digit() {
        e += 1;
    }
    let digits = e - i - 1;
    if digits == 0 || digits > 4 || b.get(e) != Some(&b']') || b[i + 1] == b'0' {
        return None;
    }
    text[i + 1..e].parse().ok().map(|n| (n, e + 1))
}

/// `[n]` markers, URLs, `\[` escapes, and the rest as `Str`/`Space`.
fn tokens(text: &str, citations: &Citations, m: &mut Markers) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut i = 0;
    let flush = |out: &mut Vec<Inline>, plain: &mut String| {
        push_inlines(out, text_inlines_edges(plain));
        plain.clear();
    };
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with("\\[") {
            // A literal bracket: `\[3]` is the text `[3]`, never a citation.
            plain.push('[');
            i += 2;
            continue;
        }
        if rest.starts_with('[') {
            if let Some((n, end)) = marker(text, i) {
                if citations.accepts(n) {
                    flush(&mut out, &mut plain);
                    out.push(cite(n));
                    m.cited.push(n);
                    i = end;
                    continue;
                }
                m.text.push(n);
            }
        }
        if let Some(f) = super::url::at(text, i) {
            flush(&mut out, &mut plain);
            out.push(uri_link(text, &f));
            i = f.end;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        plain.push(c);
        i += c.len_utf8();
    }
    flush(&mut out, &mut plain);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> ScriptTagging {
        ScriptTagging {
            own: Script::Latin,
            langs: crate::config::NormalizeConfig::default().scripts,
            citations: Citations::AnyNumber,
        }
    }

    #[test]
    fn citation_markers_become_cites() {
        let (x, c) = parse("region.[1] And[2], more", &en());
        assert_eq!(c.cited, vec![1, 2]);
        assert_eq!(x[0], Inline::Str("region.".into()));
        assert_eq!(x[1], cite(1));
        assert_eq!(x[4], cite(2));
        assert_eq!(x[5], Inline::Str(",".into()));
    }

    /// Issue 11: `[n]` is a citation only where the document has entry `n`; `\[n]` is literal.
    #[test]
    fn issue_11_citations_only_for_entries_and_escapes_stay_text() {
        let mut t = en();
        t.citations = Citations::Entries(Arc::new([3].into_iter().collect()));
        let (x, m) = parse("argv[0] and x[7] but [3], not \\[3].", &t);
        assert_eq!(m.cited, vec![3]);
        assert_eq!(m.text, vec![7], "[0] is never a reference number");
        assert_eq!(
            crate::pandoc::stringify(&x),
            "argv[0] and x[7] but [3], not [3]."
        );
        assert_eq!(
            x.iter().filter(|i| matches!(i, Inline::Cite(..))).count(),
            1
        );
        t.citations = Citations::Off;
        let (x, m) = parse("see [3].", &t);
        assert!(m.cited.is_empty() && !x.iter().any(|i| matches!(i, Inline::Cite(..))));
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
