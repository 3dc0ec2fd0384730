//! Fenced divs of a Markdown source (`::: {.note}` … `:::`, the Pandoc extension the translation
//! files use), which CommonMark does not know: before `pulldown-cmark` reads the text, each fence
//! line (found by the translation files' own rule, [`crate::align::format::fence`], and never
//! inside fenced code, [`crate::align::codefence`]) is replaced on its own line by an HTML comment
//! marker, which CommonMark reads as an HTML block; the reader turns the markers back into
//! `Div` containers. Line numbers do not move.

use crate::align::codefence::CodeFences;
use crate::align::format::{attr_items, fence, Fence};
use crate::diag::Diagnostic;
use pandoc_ast::Attr;
use std::path::Path;

/// The marker of an opening fence: `<!--stele-div:N-->`, N the index of its attributes.
const OPEN: &str = "<!--stele-div:";
/// The marker of a closing fence.
const CLOSE: &str = "<!--stele-div-end-->";

/// The text with fence lines replaced, each opening fence's attributes, and the problems found.
pub struct Marked {
    pub text: String,
    pub attrs: Vec<Attr>,
    pub diags: Vec<Diagnostic>,
}

/// What an HTML block of the marked text is.
#[derive(Debug, PartialEq, Eq)]
pub enum Marker {
    Open(usize),
    Close,
}

/// Reads an HTML block's text as a marker (`None`: real HTML).
pub fn marker(html: &str) -> Option<Marker> {
    let t = html.trim();
    if t == CLOSE {
        return Some(Marker::Close);
    }
    t.strip_prefix(OPEN)?
        .strip_suffix("-->")?
        .parse()
        .ok()
        .map(Marker::Open)
}

/// Replaces the fence lines of `text` (see the module documentation).
pub fn mark(text: &str, file: &Path) -> Marked {
    let mut m = Marked {
        text: String::with_capacity(text.len()),
        attrs: Vec::new(),
        diags: Vec::new(),
    };
    let mut code = CodeFences::default();
    let mut open: Vec<u32> = Vec::new();
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line = (i + 1) as u32;
        let body = raw.trim_end_matches(['\n', '\r']);
        let eol = &raw[body.len()..];
        let f = if code.line(body) { None } else { fence(body) };
        let err = |msg: String, hint: &str| {
            Diagnostic::error("source-div", msg)
                .file(file)
                .line(line)
                .hint(hint.to_string())
        };
        match f {
            None => m.text.push_str(raw),
            Some(Fence::Close) if open.pop().is_some() => {
                m.text.push_str(CLOSE);
                m.text.push_str(eol);
            }
            Some(Fence::Close) => {
                m.diags.push(err(
                    "closing `:::` without an open fenced div".into(),
                    "delete the stray fence, or open the div with `::: {.class}`",
                ));
                m.text.push_str(eol);
            }
            Some(Fence::Open(a)) => match div_attr(a) {
                Ok(attr) => {
                    open.push(line);
                    m.text.push_str(&format!("{OPEN}{}-->{eol}", m.attrs.len()));
                    m.attrs.push(attr);
                }
                Err(e) => {
                    m.diags.push(err(
                        format!("fenced div attributes: {e}"),
                        "write the fence as `::: {.class key=value}`",
                    ));
                    m.text.push_str(eol);
                }
            },
        }
    }
    for line in open {
        m.diags.push(
            Diagnostic::error(
                "source-div",
                "the fenced div is not closed before the end of the file",
            )
            .file(file)
            .line(line)
            .hint("end the div with a line `:::`"),
        );
    }
    m
}

/// `{#id .class key=value}` or a bare class word, as Pandoc reads a div fence.
fn div_attr(a: &str) -> Result<Attr, String> {
    let mut attr: Attr = (String::new(), vec![], vec![]);
    let Some(inner) = a.strip_prefix('{') else {
        attr.1.push(a.trim().to_string());
        return Ok(attr);
    };
    let inner = inner
        .strip_suffix('}')
        .ok_or("the attributes are not closed with `}`")?;
    for (k, v) in attr_items(inner)? {
        if let Some(id) = k.strip_prefix('#') {
            attr.0 = id.to_string();
        } else if let Some(c) = k.strip_prefix('.') {
            attr.1.push(c.to_string());
        } else {
            attr.2.push((k, v));
        }
    }
    Ok(attr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_fences_become_markers_except_inside_code() {
        let src = "# T\n\n::: {.note lang=ar}\nText\n\n```\n:::\n```\n:::\n::: aside\nx\n:::\n";
        let m = mark(src, Path::new("a.md"));
        assert!(m.diags.is_empty(), "{:?}", m.diags);
        assert_eq!(
            m.text,
            "# T\n\n<!--stele-div:0-->\nText\n\n```\n:::\n```\n<!--stele-div-end-->\n\
             <!--stele-div:1-->\nx\n<!--stele-div-end-->\n"
        );
        assert_eq!(m.attrs[0].1, ["note"]);
        assert_eq!(m.attrs[0].2, [("lang".to_string(), "ar".to_string())]);
        assert_eq!(m.attrs[1].1, ["aside"]);
        assert_eq!(marker("<!--stele-div:1-->\n"), Some(Marker::Open(1)));
        assert_eq!(marker("<!-- a comment -->"), None);
    }

    #[test]
    fn issue16_unbalanced_fences_are_errors_naming_the_line() {
        let m = mark("a\n:::\n\n::: {.x}\nb\n", Path::new("a.md"));
        let lines: Vec<_> = m.diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(m.diags.len(), 2, "{lines:?}");
        assert!(lines[0].contains("a.md:2") && lines[0].contains("without an open"));
        assert!(lines[1].contains("a.md:4") && lines[1].contains("not closed"));
    }
}
