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
pub mod divs;
pub mod markdown;
pub mod refs;

/// The class of the Div a book's chapter is read into (`chapter` = its index, `json`); the
/// builder takes its file for positions and removes the wrapper. Here, not in [`build`], because
/// [`refs`] needs it too and `build` uses `refs` (no import cycle, issue 13).
pub const CHAPTER_CLASS: &str = "stele-chapter";

use crate::diag::{Diagnostic, Staged};
use crate::normalize::inline::Citations;
use crate::normalize::{inline, text, Input, Normalized};
use pandoc_ast::{Alignment, Block, ColWidth};
use std::path::{Path, PathBuf};

/// Whether a `document.source` name is read by this module (by extension).
pub fn is_structured(source: &crate::config::SourceFiles) -> bool {
    let f = source.first();
    source.is_book() || f.ends_with(".md") || f.ends_with(".json")
}

/// Normalizes a Markdown or Pandoc JSON source into the segment contract.
pub fn normalize(input: &Input) -> Staged<Normalized> {
    let files = [input.file.to_path_buf()];
    let (blocks, mut diags) = match read_cited(input.bytes, input.file, input) {
        Ok(x) => x,
        Err(d) => return Staged::failed(d),
    };
    let is_json = input.file.extension().is_some_and(|e| e == "json");
    let staged = build::segments(&blocks, input, is_json, &files);
    diags.extend(staged.diags);
    finish(staged.value, diags)
}

/// Normalizes a book: the chapter files in order (shown path, bytes), each read like an article
/// source; `document.title` is the book's title and each chapter's level-1 heading a heading.
pub fn normalize_book(chapters: &[(PathBuf, Vec<u8>)], input: &Input) -> Staged<Normalized> {
    let Some(title) = &input.config.document.title else {
        return Staged::failed(vec![Diagnostic::error(
            "book-title",
            "a book (document.source lists several files) needs document.title in edition.toml",
        )
        .hint(
            "add title = \"...\" under [document]; each chapter starts with its own `# Heading`",
        )]);
    };
    let mut diags = Vec::new();
    let none = || (String::new(), vec![], vec![]);
    let mut blocks = vec![Block::Header(1, none(), crate::pandoc::text_inlines(title))];
    // The reference list may be in any chapter: its entries are found first, over the book, and
    // the Markdown chapters are read again with them.
    let first: Vec<_> = chapters
        .iter()
        .map(|(file, bytes)| read_one(bytes, file, input, &Citations::Off))
        .collect();
    let entries = first
        .iter()
        .flatten()
        .flat_map(|(b, _)| refs::scan(b, input.config))
        .collect();
    let rule = refs::rule(entries, input.config);
    for (i, ((file, bytes), read)) in chapters.iter().zip(first).enumerate() {
        let json = file.extension().is_some_and(|e| e == "json");
        let read = if rule == Citations::Off || json {
            read
        } else {
            read_one(bytes, file, input, &rule)
        };
        match read {
            Ok((b, d)) => {
                diags.extend(d);
                let kv = vec![
                    ("chapter".to_string(), i.to_string()),
                    ("json".to_string(), json.to_string()),
                ];
                blocks.push(Block::Div(
                    (String::new(), vec![CHAPTER_CLASS.into()], kv),
                    b,
                ));
            }
            Err(d) => diags.extend(d),
        }
    }
    if crate::diag::has_errors(&diags) {
        return Staged::failed(diags);
    }
    let files: Vec<PathBuf> = chapters.iter().map(|(f, _)| f.clone()).collect();
    let staged = build::segments(&blocks, input, false, &files);
    diags.extend(staged.diags);
    finish(staged.value, diags)
}

fn finish(value: Option<Normalized>, diags: Vec<Diagnostic>) -> Staged<Normalized> {
    match value {
        Some(n) if !crate::diag::has_errors(&diags) => Staged::ok(n, diags),
        _ => Staged::failed(diags),
    }
}

/// One source file read into raw blocks, its `[n]` citations resolved: a Markdown source with
/// a reference list is read again with the list's entry numbers (the inline reader makes the
/// citations, as in translations); a Pandoc JSON source's are made by the segment builder.
fn read_cited(
    bytes: &[u8],
    file: &Path,
    input: &Input,
) -> Result<(Vec<Block>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (blocks, diags) = read_one(bytes, file, input, &Citations::Off)?;
    let rule = refs::rule(refs::scan(&blocks, input.config), input.config);
    if rule == Citations::Off || file.extension().is_some_and(|e| e == "json") {
        return Ok((blocks, diags));
    }
    read_one(bytes, file, input, &rule)
}

/// One source file read into raw blocks (Markdown, or Pandoc JSON by extension); `[n]` is a
/// citation in Markdown text where `citations` accepts it.
fn read_one(
    bytes: &[u8],
    file: &Path,
    input: &Input,
    citations: &Citations,
) -> Result<(Vec<Block>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let cfg = input.config;
    let raw = text::decode(bytes, file).map_err(|d| vec![d])?;
    let tagging = inline::ScriptTagging {
        own: cfg.document.source_lang.script(),
        langs: cfg.normalize.scripts.clone(),
        citations: citations.clone(),
    };
    if file.extension().is_some_and(|e| e == "json") {
        return match crate::pandoc::from_json(&raw) {
            Ok(doc) => Ok((doc.blocks, Vec::new())),
            Err(d) => Err(vec![d.file(file)]),
        };
    }
    let arabic_is_arabic = cfg
        .normalize
        .scripts
        .get("Arab")
        .is_none_or(|l| l.primary() == "ar");
    let (clean, mut diags) = text::clean(&raw, file, arabic_is_arabic);
    let (b, d) = markdown::read(&clean, file, &tagging);
    diags.extend(d);
    if crate::diag::has_errors(&diags) {
        return Err(diags);
    }
    Ok((b, diags))
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
