//! Footnotes of structured sources: the marker in the text (a superscript link to the footnote
//! segment), written `[^N]` by translators and read back into the same marker.

use pandoc_ast::{Block, Inline};
use std::collections::BTreeMap;

/// The marker of footnote `n` whose segment is `id`: `Superscript [Link ("id-ref",
/// ["footnote-ref"], []) [Str n] ("#id", "")]`.
pub fn marker(id: &str, n: usize) -> Inline {
    Inline::Superscript(vec![Inline::Link(
        (format!("{id}-ref"), vec!["footnote-ref".into()], vec![]),
        vec![Inline::Str(n.to_string())],
        (format!("#{id}"), String::new()),
    )])
}

/// Whether a superscript's content is a footnote marker.
pub fn is_marker(content: &[Inline]) -> bool {
    matches!(content, [Inline::Link(a, _, _)] if a.1.iter().any(|x| x == "footnote-ref"))
}

/// The footnote segments of a document by number (`"1"` -> `fn1`), from its `footnotes` list.
pub fn numbers(blocks: &[Block]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for b in blocks {
        if let Block::Div(a, inner) = b {
            if a.0 == "footnotes" {
                for n in inner {
                    if let Block::Div(na, _) = n {
                        if let Some(num) = super::attr_get(na, "number") {
                            out.insert(num.to_string(), na.0.clone());
                        }
                    }
                }
            }
        }
    }
    out
}

/// Replaces each `[^N]` in the text runs (at any depth of markup) with the marker of footnote
/// `N`, when the document has it; any other `[^…]` stays text.
pub fn read_markers(x: Vec<Inline>, notes: &BTreeMap<String, String>) -> Vec<Inline> {
    if notes.is_empty() {
        return x;
    }
    let mut out = Vec::new();
    for i in x {
        match i {
            Inline::Str(s) => split(&s, notes, &mut out),
            Inline::Emph(c) => out.push(Inline::Emph(read_markers(c, notes))),
            Inline::Strong(c) => out.push(Inline::Strong(read_markers(c, notes))),
            Inline::Span(a, c) => out.push(Inline::Span(a, read_markers(c, notes))),
            other => out.push(other),
        }
    }
    out
}

fn split(s: &str, notes: &BTreeMap<String, String>, out: &mut Vec<Inline>) {
    let mut rest = s;
    let mut text = String::new();
    while let Some(p) = rest.find("[^") {
        let Some(e) = rest[p..].find(']') else {
            break;
        };
        let label = &rest[p + 2..p + e];
        match notes.get(label) {
            Some(id) => {
                text.push_str(&rest[..p]);
                if !text.is_empty() {
                    out.push(Inline::Str(std::mem::take(&mut text)));
                }
                out.push(marker(id, label.parse().unwrap_or(0)));
            }
            None => text.push_str(&rest[..p + e + 1]),
        }
        rest = &rest[p + e + 1..];
    }
    text.push_str(rest);
    if !text.is_empty() {
        out.push(Inline::Str(text));
    }
}

/// Where each footnote is referenced: footnote ID -> the ID of the segment whose text holds its
/// marker (the first one), for the back-link from the note; a note no text refers to is absent.
pub fn owners(blocks: &[Block]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    super::walk_segments(blocks, &mut |block, kind, attr| {
        if kind == crate::model::SegmentKind::Footnote {
            return;
        }
        let mut found = Vec::new();
        markers_in_block(block, &mut found, 0);
        for f in found {
            out.entry(f).or_insert_with(|| attr.0.clone());
        }
    });
    out
}

fn markers_in_block(b: &Block, found: &mut Vec<String>, depth: usize) {
    match b {
        Block::Para(x) | Block::Plain(x) | Block::Header(_, _, x) => markers_in(x, found, depth),
        other => {
            for inner in super::containers::children(other) {
                for b in inner {
                    markers_in_block(b, found, depth + 1);
                }
            }
        }
    }
}

fn markers_in(x: &[Inline], found: &mut Vec<String>, depth: usize) {
    if depth > super::MAX_WRITE_DEPTH {
        return;
    }
    for i in x {
        if let Inline::Link(a, _, (url, _)) = i {
            if a.1.iter().any(|c| c == "footnote-ref") {
                if let Some(id) = url.strip_prefix('#') {
                    found.push(id.to_string());
                }
            }
        }
        if let Some(c) = super::inline_children(i) {
            markers_in(c, found, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_read_where_the_footnote_exists() {
        let notes: BTreeMap<String, String> = [("1".to_string(), "fn1".to_string())].into();
        let x = read_markers(vec![Inline::Str("end.[^1][^2]".into())], &notes);
        assert_eq!(
            x,
            vec![
                Inline::Str("end.".into()),
                marker("fn1", 1),
                Inline::Str("[^2]".into())
            ]
        );
    }
}
