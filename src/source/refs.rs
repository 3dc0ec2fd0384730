//! `[n]` citations in structured sources (issue 16), by the plain-text source's contract
//! ([`crate::normalize`]): a heading named in `normalize.references_headings` opens the reference
//! list; each paragraph under it that starts with `[n]` (or `n.`) is entry `n`, a `csl-entry`
//! segment `ref-n` inside the `references` div, with the same fields, CSL JSON item and title
//! span as in a text source; `[n]` in the text is a `Cite` to `ref-n` only where entry `n`
//! exists (elsewhere it stays text), so translations, citation parity and the exporters' links
//! and back-links work unchanged.

use super::markdown::LINE_CLASS;
use super::CHAPTER_CLASS;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::normalize::inline::{Citations, ScriptTagging};
use crate::normalize::{references, structure};
use crate::pandoc;
use pandoc_ast::{Block, Inline};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Whether a heading's text opens the reference list.
pub fn is_heading(text: &str, cfg: &Config) -> bool {
    let t = text.trim();
    cfg.normalize
        .references_headings
        .iter()
        .any(|h| h.trim().eq_ignore_ascii_case(t))
}

/// The entry numbers of the reference list in raw blocks (read before citations are resolved).
pub fn scan(blocks: &[Block], cfg: &Config) -> BTreeSet<u32> {
    let mut set = BTreeSet::new();
    let mut in_refs = false;
    scan_into(blocks, cfg, &mut in_refs, &mut set);
    set
}

fn scan_into(blocks: &[Block], cfg: &Config, in_refs: &mut bool, set: &mut BTreeSet<u32>) {
    for b in blocks {
        match b {
            Block::Div(a, inner) if a.1.iter().any(|c| c == LINE_CLASS || c == CHAPTER_CLASS) => {
                scan_into(inner, cfg, in_refs, set)
            }
            Block::Header(_, _, x) => *in_refs = is_heading(&pandoc::stringify(x), cfg),
            Block::Para(x) | Block::Plain(x) if *in_refs => {
                if let Some((n, _)) = structure::entry_number(&pandoc::stringify(x)) {
                    set.insert(n);
                }
            }
            _ => {}
        }
    }
}

/// The citation rule of a source with these entries (as [`crate::normalize::normalize`]: off
/// when `normalize.citations = false`; no entries, no citations).
pub fn rule(entries: BTreeSet<u32>, cfg: &Config) -> Citations {
    if cfg.normalize.citations && !entries.is_empty() {
        Citations::Entries(Arc::new(entries))
    } else {
        Citations::Off
    }
}

/// Entry `n` of a reference list: its text after the number, read as a text source reads it.
pub struct Entry {
    pub number: u32,
    pub inlines: Vec<Inline>,
    pub csl: serde_json::Value,
    /// The language of the entry's title, where it is another than the document's.
    pub source_lang: Option<String>,
}

/// A reference-list paragraph as entry `n`, or `None` when it does not start with a number.
pub fn entry(x: &[Inline], cfg: &Config, tagging: &ScriptTagging) -> Option<Entry> {
    let text = pandoc::stringify(x);
    let (n, rest) = structure::entry_number(&text)?;
    let f = references::parse_fields(n, rest);
    let rcfg = cfg.reference(n);
    let translit = cfg.normalize.transliteration;
    let inlines = references::entry_inlines(rest, &f, rcfg, tagging, translit);
    let detected = f
        .title
        .as_deref()
        .and_then(references::dominant_script)
        .filter(|s| *s != cfg.document.source_lang.script())
        .and_then(|s| cfg.normalize.scripts.get(s.code()));
    let csl = references::csl_item(&f, rcfg, detected, translit);
    let source_lang = rcfg
        .and_then(|r| r.lang.as_ref())
        .or(detected)
        .map(|l| l.to_string());
    Some(Entry {
        number: n,
        inlines,
        csl,
        source_lang,
    })
}

/// Puts a `csl-entry` block into the reference list: the `references` div at the end of `out`,
/// or a new one (`refs`, then `refs-2` … for a list that another block interrupted).
pub fn push_entry(out: &mut Vec<Block>, entry: Block, lists: &mut usize) {
    if let Some(Block::Div(a, v)) = out.last_mut() {
        if a.1.iter().any(|c| c == "references") {
            v.push(entry);
            return;
        }
    }
    *lists += 1;
    let id = if *lists == 1 {
        "refs".to_string()
    } else {
        format!("refs-{lists}")
    };
    out.push(Block::Div(
        (id, vec!["references".into()], vec![]),
        vec![entry],
    ));
}

/// The reference numbers cited anywhere in these blocks.
pub fn cited(blocks: &[Block]) -> BTreeSet<u32> {
    let mut set = BTreeSet::new();
    let mut f = |x: &[Inline]| collect_cites(x, &mut set);
    for_inlines(blocks, &mut f, 0);
    set
}

/// Warnings as the text source gives them: an entry never cited, and (where the document has a
/// reference list) a body `[n]` with no entry `n`, kept as text.
pub fn checks(
    blocks: &[Block],
    entries: &BTreeSet<u32>,
    cfg: &Config,
    file: &std::path::Path,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if entries.is_empty() || !cfg.normalize.citations {
        return diags;
    }
    let cited = cited(blocks);
    for n in entries.difference(&cited) {
        diags.push(
            Diagnostic::warning(
                "uncited-reference",
                format!("reference [{n}] is never cited in the text"),
            )
            .file(file)
            .segment(format!("ref-{n}"))
            .hint(format!("cite it with `[{n}]` or remove the entry")),
        );
    }
    pandoc::walk_segments(blocks, &mut |b, kind, attr| {
        if kind == crate::model::SegmentKind::Reference {
            return;
        }
        let mut texts = BTreeSet::new();
        let mut f = |x: &[Inline]| literal_markers(x, &mut texts);
        for_inlines(std::slice::from_ref(b), &mut f, 0);
        for n in texts.iter().filter(|n| !entries.contains(n)) {
            diags.push(
                Diagnostic::warning("unresolved-citation", format!("`[{n}]` is kept as text: the reference list has no entry {n}"))
                    .file(file)
                    .segment(attr.0.clone())
                    .hint(format!("add an entry `[{n}] ...` under the references heading, correct the marker, or write `\\[{n}]` for literal brackets")),
            );
        }
    });
    diags
}

fn for_inlines(blocks: &[Block], f: &mut dyn FnMut(&[Inline]), depth: usize) {
    if depth > pandoc::MAX_WRITE_DEPTH {
        return;
    }
    for b in blocks {
        match b {
            Block::Para(x) | Block::Plain(x) | Block::Header(_, _, x) => f(x),
            other => {
                for inner in pandoc::containers::children(other) {
                    for_inlines(inner, f, depth + 1);
                }
            }
        }
    }
}

fn collect_cites(x: &[Inline], set: &mut BTreeSet<u32>) {
    for i in x {
        match i {
            Inline::Cite(c, _) => set.extend(
                c.iter()
                    .filter_map(|c| c.citationId.strip_prefix("ref-")?.parse::<u32>().ok()),
            ),
            other => {
                if let Some(c) = pandoc::inline_children(other) {
                    collect_cites(c, set);
                }
            }
        }
    }
}

/// `[n]` written in text (not a citation): the numbers.
fn literal_markers(x: &[Inline], set: &mut BTreeSet<u32>) {
    for i in x {
        match i {
            Inline::Str(s) => {
                let mut rest = s.as_str();
                while let Some(p) = rest.find('[') {
                    rest = &rest[p + 1..];
                    let digits = rest.chars().take_while(char::is_ascii_digit).count();
                    if (1..=4).contains(&digits) && rest[digits..].starts_with(']') {
                        if let Ok(n) = rest[..digits].parse() {
                            set.insert(n);
                        }
                    }
                }
            }
            Inline::Code(..) | Inline::Cite(..) | Inline::Link(..) => {}
            other => {
                if let Some(c) = pandoc::inline_children(other) {
                    literal_markers(c, set);
                }
            }
        }
    }
}
