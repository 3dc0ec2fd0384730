//! The source's findings about its citations and sizes: `[n]` markers without an entry, no
//! references heading, entries never cited, `[[reference]]` tables without an entry, segments
//! over `max_segment_bytes`.

use super::inline::Markers;
use super::structure::{self, RawBlock};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::{SegmentId, SegmentKind};
use std::path::Path;

/// The parsed source the findings read.
#[derive(Clone, Copy)]
pub(super) struct Src<'a> {
    pub cfg: &'a Config,
    pub file: &'a Path,
    pub blocks: &'a [RawBlock],
    pub marks: &'a [&'a Markers],
    pub ids: &'a [SegmentId],
}

/// Every finding of this kind, in the order the checks run.
pub(super) fn source(s: &Src) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let cited = unresolved(s, &mut diags);
    no_references(s, &mut diags);
    oversized(s, &mut diags);
    unused_entries(s, &cited, &mut diags);
    diags
}

/// `[n]` markers without an entry; returns the entries cited.
fn unresolved(s: &Src, diags: &mut Vec<Diagnostic>) -> Vec<u32> {
    let Src {
        cfg,
        file,
        blocks,
        marks,
        ids,
    } = *s;
    let has_list = blocks.iter().any(|b| b.number.is_some());
    // Citation checks: a marker without an entry stays text, reported only where the document
    // has a reference list (elsewhere `[n]` is just brackets).
    let mut cited = Vec::new();
    for ((b, m), id) in blocks.iter().zip(marks).zip(ids) {
        cited.extend(&m.cited);
        if !has_list || !cfg.normalize.citations {
            continue;
        }
        for n in &m.text {
            diags.push(
                Diagnostic::warning("unresolved-citation", format!("`[{n}]` is kept as text: the reference list has no entry {n}"))
                    .file(file)
                    .line(b.line)
                    .segment(id.clone())
                    .hint(format!("add an entry `[{n}] ...` under the references heading, correct the marker, or write `\\[{n}]` for literal brackets")),
            );
        }
    }
    cited
}

/// The `no-references` finding.
fn no_references(s: &Src, diags: &mut Vec<Diagnostic>) {
    let Src {
        cfg,
        file,
        blocks,
        marks,
        ids,
    } = *s;
    // No references heading: every `[n]` stays text, which is right for `a[12]` but silently
    // wrong for an article whose list is headed by a name `references_headings` does not have.
    let has_heading = blocks.iter().any(|b| b.references_heading);
    if !has_heading && cfg.normalize.citations {
        let mut markers = 0;
        let mut entries = 0;
        let mut first: Option<(u32, &SegmentId)> = None;
        for ((b, m), id) in blocks.iter().zip(marks).zip(ids) {
            let entry_like =
                b.kind != SegmentKind::Title && structure::entry_number(&b.text).is_some();
            // An entry-like `[n] …` paragraph's own number is not a marker in the text.
            let own = usize::from(entry_like && b.text.starts_with('['));
            markers += m.text.len().saturating_sub(own);
            entries += usize::from(entry_like);
            if first.is_none() && (entry_like || !m.text.is_empty()) {
                first = Some((b.line, id));
            }
        }
        if let Some((line, id)) = first {
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            let marker_part = plural(
                markers,
                "`[n]` marker stays text",
                "`[n]` markers stay text",
            );
            let entry_part = plural(
                entries,
                "paragraph looks like a reference entry",
                "paragraphs look like reference entries",
            );
            let what = match (markers, entries) {
                (_, 0) => marker_part,
                (0, _) => format!("{entry_part}, kept as body text"),
                _ => format!("{marker_part}, and {entry_part}"),
            };
            let listed: Vec<String> = cfg
                .normalize
                .references_headings
                .iter()
                .map(|h| format!("\"{h}\""))
                .collect();
            let listed = if listed.is_empty() {
                "none".to_string()
            } else {
                listed.join(", ")
            };
            diags.push(
                Diagnostic::warning("no-references", format!("no references heading found: {what}"))
                    .file(file)
                    .line(line)
                    .segment(id.clone())
                    .hint(format!("add the reference list's heading to normalize.references_headings in edition.toml (now: {listed}); or set normalize.citations = false if the brackets are not citations")),
            );
        }
    }
}

/// Segments over `max_segment_bytes` (errors).
fn oversized(s: &Src, diags: &mut Vec<Diagnostic>) {
    let Src {
        cfg,
        file,
        blocks,
        ids,
        ..
    } = *s;
    if let Some(max) = cfg.normalize.max_segment_bytes {
        for (b, id) in blocks.iter().zip(ids) {
            let len = b.text.len() as u64;
            if len > max {
                diags.push(
                    Diagnostic::error(
                        "segment-size",
                        format!("segment {id} is {len} bytes, more than max_segment_bytes ({max})"),
                    )
                    .file(file)
                    .line(b.line)
                    .segment(id.clone())
                    .hint("split the text into paragraphs with blank lines, or raise normalize.max_segment_bytes in edition.toml"),
                );
            }
        }
    }
}

/// Entries never cited, and `[[reference]]` tables without an entry.
fn unused_entries(s: &Src, cited: &[u32], diags: &mut Vec<Diagnostic>) {
    let Src {
        cfg, file, blocks, ..
    } = *s;
    let numbers: Vec<u32> = blocks.iter().filter_map(|b| b.number).collect();
    for b in blocks.iter().filter(|b| b.kind == SegmentKind::Reference) {
        let n = b.number.unwrap_or(0);
        if !cited.contains(&n) {
            diags.push(
                Diagnostic::warning(
                    "uncited-reference",
                    format!("reference [{n}] is never cited in the text"),
                )
                .file(file)
                .line(b.line)
                .segment(format!("ref-{n}"))
                .hint(format!("cite it with `[{n}]` or remove the entry")),
            );
        }
    }
    for r in &cfg.references {
        if !numbers.contains(&r.number) {
            diags.push(
                Diagnostic::warning(
                    "config-reference",
                    format!(
                        "edition.toml describes reference {} but the text has no such entry",
                        r.number
                    ),
                )
                .hint("remove the [[reference]] table or fix its number"),
            );
        }
    }
}
