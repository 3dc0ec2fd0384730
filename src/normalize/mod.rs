//! Raw source text -> Pandoc AST: character cleanup, block structure, inlines with citations and
//! script-tagged runs, reference fields and CSL JSON, and stable segment IDs with fingerprints.

mod findings;
pub mod history;
pub mod ids;
pub mod inline;
pub mod levels;
pub mod references;
pub mod structure;
pub mod text;
mod tree;
pub mod url;

use crate::config::Config;
use crate::diag::{Diagnostic, Staged};
use crate::model::{Document, SegmentId, SegmentKind};
use crate::pandoc::{self, attr_get};
use ids::{Candidate, Changes, Registry};
use pandoc_ast::{Block, Inline, MetaValue};
use sha2::{Digest, Sha256};
use std::path::Path;

/// What normalization reads.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The source file's bytes as received.
    pub bytes: &'a [u8],
    /// The source file's name as shown in diagnostics.
    pub file: &'a Path,
    /// Document metadata and normalization options (`[document]`, `[normalize]`, `[[reference]]`).
    pub config: &'a Config,
    /// The persisted IDs from the last run; `None` on the first run.
    pub registry: Option<&'a Registry>,
}

/// One source segment with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSegment {
    pub id: SegmentId,
    pub kind: SegmentKind,
    pub fingerprint: String,
    /// 1-based line in the source file.
    pub line: u32,
    pub text: String,
    /// The book chapter (index into `document.source`) the segment is in; 0 for one source file.
    pub chapter: usize,
}

/// The normalized source document.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// Shared with the Edition and the reports (never copied on the build path).
    pub doc: std::sync::Arc<Document>,
    pub segments: Vec<SourceSegment>,
    /// CSL JSON items (an array), one per reference entry.
    pub csl: serde_json::Value,
    /// The registry to persist (unchanged when the text is unchanged).
    pub registry: Registry,
    pub changes: Changes,
    /// One hash over the normalized source (IDs and fingerprints of every segment).
    pub source_fingerprint: String,
    /// Which `[n]` are citations, for reading the translations by the same rule.
    pub citations: inline::Citations,
}

/// A segment's fingerprint: the first 12 hex digits of SHA-256 over its whitespace-collapsed text.
pub fn fingerprint(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    hex(&Sha256::digest(collapsed.as_bytes()))[..12].to_string()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Normalizes a source text into a Pandoc AST with stable segment IDs.
pub fn normalize(input: &Input) -> Staged<Normalized> {
    let cfg = input.config;
    let file = input.file;
    let raw = match text::decode(input.bytes, file) {
        Ok(t) => t,
        Err(d) => return Staged::failed(vec![d]),
    };
    let source_lang = &cfg.document.source_lang;
    let arabic_is_arabic = cfg
        .normalize
        .scripts
        .get("Arab")
        .is_none_or(|l| l.primary() == "ar");
    let (clean, mut diags) = text::clean(&raw, file, arabic_is_arabic);
    let (mut blocks, d) = structure::blocks(&clean, file, &cfg.normalize);
    diags.extend(d);
    if crate::diag::has_errors(&diags) {
        return Staged::failed(diags);
    }
    if let (Some(title), Some(first)) = (&cfg.document.title, blocks.first_mut()) {
        first.text = title.clone();
    }
    // `[n]` is a citation only where the document has entry `n` (issue 11: `argv[0]` is text).
    let entries: std::collections::BTreeSet<u32> = blocks.iter().filter_map(|b| b.number).collect();
    let citations = if cfg.normalize.citations {
        inline::Citations::Entries(std::sync::Arc::new(entries))
    } else {
        inline::Citations::Off
    };
    let tagging = inline::ScriptTagging {
        own: source_lang.script(),
        langs: cfg.normalize.scripts.clone(),
        citations: citations.clone(),
    };

    // Inlines, citations and fingerprints per block.
    let mut parsed: Vec<(Vec<Inline>, inline::Markers, String)> = Vec::new();
    // Each block's plain text, stringified once (the fingerprint, ID matching and the segment).
    let mut texts: Vec<String> = Vec::new();
    let mut fields = Vec::new();
    for b in &blocks {
        if b.kind == SegmentKind::Reference {
            let n = b.number.unwrap_or(0);
            let f = references::parse_fields(n, &b.text);
            let x = references::entry_inlines(
                &b.text,
                &f,
                cfg.reference(n),
                &tagging,
                cfg.normalize.transliteration,
            );
            fields.push(f);
            let text = pandoc::stringify(&x);
            parsed.push((x, inline::Markers::default(), fingerprint(&text)));
            texts.push(text);
        } else {
            let (x, cites) = inline::parse(&b.text, &tagging);
            let text = pandoc::stringify(&x);
            parsed.push((x, cites, fingerprint(&text)));
            texts.push(text);
        }
    }
    let cands: Vec<Candidate> = blocks
        .iter()
        .zip(&parsed)
        .zip(&texts)
        .map(|((b, (_, _, fp)), t)| Candidate {
            kind: b.kind,
            text: t,
            fingerprint: fp,
            number: b.number,
        })
        .collect();
    let empty = Registry::default();
    let (ids, registry, changes) = ids::assign(&cands, input.registry.unwrap_or(&empty));
    if input.registry.is_some() {
        diags.extend(change_notes(&changes, file));
    }

    let markers: Vec<&inline::Markers> = parsed.iter().map(|p| &p.1).collect();
    diags.extend(findings::source(&findings::Src {
        cfg,
        file,
        blocks: &blocks,
        marks: &markers,
        ids: &ids,
    }));
    if crate::diag::has_errors(&diags) {
        return Staged::failed(diags);
    }

    let (out_blocks, segments, csl) = tree::blocks(cfg, &blocks, parsed, &ids, texts, &fields);

    let mut h = Sha256::new();
    for s in &segments {
        h.update(format!("{}\t{}\n", s.id, s.fingerprint));
    }
    let source_fingerprint = hex(&h.finalize())[..16].to_string();

    let mut ast = pandoc::new_doc();
    document_meta(&mut ast, cfg, &out_blocks, &source_fingerprint);
    ast.blocks = out_blocks;

    Staged::ok(
        Normalized {
            doc: std::sync::Arc::new(Document {
                lang: source_lang.clone(),
                ast,
            }),
            segments,
            csl: serde_json::Value::Array(csl),
            registry,
            changes,
            source_fingerprint,
            citations,
        },
        diags,
    )
}

/// The source document's metadata (title from its first heading, language, direction, date,
/// authors, publisher, source fingerprint, identifier), shared by every source reader.
pub fn document_meta(
    ast: &mut pandoc_ast::Pandoc,
    cfg: &Config,
    out_blocks: &[Block],
    source_fingerprint: &str,
) {
    let source_lang = &cfg.document.source_lang;
    let title_inlines = match out_blocks.first() {
        Some(Block::Header(_, _, x)) => x.clone(),
        _ => vec![],
    };
    ast.meta
        .insert("title".into(), MetaValue::MetaInlines(title_inlines));
    ast.meta.insert(
        "lang".into(),
        MetaValue::MetaString(source_lang.to_string()),
    );
    if source_lang.is_rtl() {
        ast.meta
            .insert("dir".into(), MetaValue::MetaString("rtl".into()));
    }
    ast.meta.insert(
        "date".into(),
        MetaValue::MetaString(cfg.document.date.clone()),
    );
    if !cfg.document.authors.is_empty() {
        ast.meta.insert(
            "author".into(),
            MetaValue::MetaList(
                cfg.document
                    .authors
                    .iter()
                    .map(|a| pandoc::meta_inlines(a))
                    .collect(),
            ),
        );
    }
    if let Some(p) = &cfg.document.publisher {
        ast.meta.insert("publisher".into(), pandoc::meta_inlines(p));
    }
    ast.meta.insert(
        "source-fingerprint".into(),
        MetaValue::MetaString(source_fingerprint.to_string()),
    );
    ast.meta.insert(
        "identifier".into(),
        MetaValue::MetaString(cfg.document.id.clone()),
    );
}

/// Writes a normalized AST back as plain source text (title, paragraphs, quoted pull quotes,
/// numbered references): normalizing this text again gives the same AST.
pub fn to_plain_text(doc: &pandoc_ast::Pandoc) -> String {
    let mut parts = Vec::new();
    pandoc::walk_segments(&doc.blocks, &mut |block, kind, attr| {
        let text = source_text(block);
        parts.push(match kind {
            SegmentKind::PullQuote => format!("“{text}”"),
            SegmentKind::Reference => {
                format!("[{}] {text}", attr_get(attr, "number").unwrap_or("0"))
            }
            _ => text,
        });
    });
    let mut s = parts.join("\n\n");
    s.push('\n');
    s
}

/// A segment's text as source: a literal `[n]` (text, not a citation) is written `\[n]` so that
/// normalizing it again keeps it literal.
fn source_text(block: &Block) -> String {
    fn walk(inlines: &[Inline], s: &mut String) {
        for i in inlines {
            match i {
                Inline::Str(t) => {
                    for (k, c) in t.char_indices() {
                        let rest = &t[k + c.len_utf8()..];
                        let digits = rest.chars().take_while(char::is_ascii_digit).count();
                        let marker = (1..=4).contains(&digits) && !rest.starts_with('0');
                        if c == '[' && marker && rest[digits..].starts_with(']') {
                            s.push('\\');
                        }
                        s.push(c);
                    }
                }
                Inline::Cite(_, x) => s.push_str(&pandoc::stringify(x)),
                Inline::Space | Inline::SoftBreak | Inline::LineBreak => s.push(' '),
                other => match pandoc::inline_children(other) {
                    Some(x) => walk(x, s),
                    None => s.push_str(&pandoc::stringify(std::slice::from_ref(other))),
                },
            }
        }
    }
    fn paras<'a>(blocks: &'a [Block], out: &mut Vec<&'a [Inline]>) {
        for b in blocks {
            match b {
                Block::Plain(x) | Block::Para(x) | Block::Header(_, _, x) => out.push(x),
                Block::BlockQuote(x) | Block::Div(_, x) => paras(x, out),
                _ => {}
            }
        }
    }
    let mut v = Vec::new();
    paras(std::slice::from_ref(block), &mut v);
    let parts: Vec<String> = v
        .into_iter()
        .map(|x| {
            let mut s = String::new();
            walk(x, &mut s);
            s
        })
        .filter(|p| !p.is_empty())
        .collect();
    parts.join(" ")
}

/// The info lines for segments added and retired since the last run (every source reader).
pub(crate) fn change_notes(changes: &ids::Changes, file: &std::path::Path) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for id in &changes.added {
        diags.push(
            Diagnostic::info("new-segment", "new segment, given a new ID")
                .file(file)
                .segment(id.clone()),
        );
    }
    for id in &changes.retired {
        diags.push(
            Diagnostic::info(
                "retired-segment",
                "segment deleted from the source; its ID is retired for good",
            )
            .segment(id.clone()),
        );
    }
    diags
}
