//! Structured sources (issue 16): `source = "*.md"` (CommonMark, [`markdown`]) and
//! `source = "*.json"` (a Pandoc JSON AST, API 1.23, so anything pandoc reads can be the source),
//! read into raw Pandoc blocks and then into the same contract as the plain-text reader
//! ([`crate::normalize`]): segments with persisted IDs and fingerprints, script tagging.
//!
//! What becomes a segment (each one div in `translations/<lang>.md`, keyed by its ID):
//! - the first level-1 heading when it opens the document: the title; every other heading keeps
//!   its level (`##` -> 2, `###` -> 3);
//! - a paragraph, also inside a list item, a table cell, a block quote or a fenced div;
//! - an image alone in a paragraph (or a Pandoc figure of one image): its description (alt text or
//!   caption) is the segment's text, the image stays;
//! - a code block (`codeN`): its translation div holds the code verbatim, line by line;
//! - a footnote (`fnN`): its text, in the `footnotes` list at the end; the marker in the text is
//!   written `[^N]` in the source and in translations.
//!
//! Lists, tables, block quotes and figures are containers of segments. Raw HTML/LaTeX, line
//! blocks, definition lists and images inside text are errors naming the construct and its line
//! (Markdown) or block number (Pandoc JSON): stele never drops content silently.

pub mod build;
pub mod markdown;

use crate::diag::{Diagnostic, Staged};
use crate::normalize::{inline, text, Input, Normalized};
use pandoc_ast::{Alignment, Block, ColWidth};

/// Whether a `document.source` name is read by this module (by extension).
pub fn is_structured(source: &str) -> bool {
    source.ends_with(".md") || source.ends_with(".json")
}

/// Normalizes a Markdown or Pandoc JSON source into the segment contract.
pub fn normalize(input: &Input) -> Staged<Normalized> {
    let cfg = input.config;
    let file = input.file;
    let raw = match text::decode(input.bytes, file) {
        Ok(t) => t,
        Err(d) => return Staged::failed(vec![d]),
    };
    let tagging = inline::ScriptTagging {
        own: cfg.document.source_lang.script(),
        langs: cfg.normalize.scripts.clone(),
        citations: inline::Citations::Off,
    };
    let is_json = file.extension().is_some_and(|e| e == "json");
    let (blocks, mut diags) = if is_json {
        match crate::pandoc::from_json(&raw) {
            Ok(doc) => (doc.blocks, Vec::new()),
            Err(d) => return Staged::failed(vec![d.file(file)]),
        }
    } else {
        let arabic_is_arabic = cfg
            .normalize
            .scripts
            .get("Arab")
            .is_none_or(|l| l.primary() == "ar");
        let (clean, mut diags) = text::clean(&raw, file, arabic_is_arabic);
        let (b, d) = markdown::read(&clean, file, &tagging);
        diags.extend(d);
        (b, diags)
    };
    if crate::diag::has_errors(&diags) {
        return Staged::failed(diags);
    }
    let staged = build::segments(&blocks, input, is_json);
    diags.extend(staged.diags);
    match staged.value {
        Some(n) if !crate::diag::has_errors(&diags) => Staged::ok(n, diags),
        _ => Staged::failed(diags),
    }
}

/// A Pandoc table of one header row and body rows of cells (each cell's blocks).
pub fn table(aligns: &[Alignment], head: Vec<Vec<Block>>, body: Vec<Vec<Vec<Block>>>) -> Block {
    let none = || (String::new(), vec![], vec![]);
    let cols = aligns.len().max(head.len());
    let align = |i: usize| aligns.get(i).copied().unwrap_or(Alignment::AlignDefault);
    let row = |cells: Vec<Vec<Block>>| {
        (
            none(),
            cells
                .into_iter()
                .enumerate()
                .map(|(i, c)| (none(), align(i), 1, 1, c))
                .collect(),
        )
    };
    let specs = (0..cols)
        .map(|i| (align(i), ColWidth::ColWidthDefault))
        .collect();
    let head_rows = if head.is_empty() {
        vec![]
    } else {
        vec![row(head)]
    };
    Block::Table(
        none(),
        (None, vec![]),
        specs,
        (none(), head_rows),
        vec![(none(), 0, vec![], body.into_iter().map(row).collect())],
        (none(), vec![]),
    )
}

/// The diagnostic for a construct a source has that stele cannot carry.
pub fn unsupported(what: &str, at: &Position, hint: &str) -> Diagnostic {
    let d = Diagnostic::error(
        "source-construct",
        format!("{what}{} cannot be carried by stele", at.suffix()),
    )
    .file(at.file)
    .hint(hint.to_string());
    match at.line {
        Some(l) => d.line(l),
        None => d,
    }
}

/// Where a block is: its line (Markdown), or its top-level block number (Pandoc JSON).
#[derive(Debug, Clone, Copy)]
pub struct Position<'a> {
    pub file: &'a std::path::Path,
    pub line: Option<u32>,
    pub block: usize,
}

impl Position<'_> {
    fn suffix(&self) -> String {
        match self.line {
            Some(_) => String::new(),
            None => format!(" (top-level block {})", self.block),
        }
    }
}
