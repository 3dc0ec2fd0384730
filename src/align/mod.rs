//! Translation files -> aligned segments, QA checks, reports and translated ASTs.
//!
//! One entry, [`align`]: it parses every translation file ([`format`]), matches its divs to the
//! source segments by ID, classifies each segment (current, stale, empty, missing; orphans are
//! divs the source no longer has), runs the QA checks ([`checks`], [`glossary`]) and builds each
//! language's document under the build policy ([`assemble`]). [`report`] renders the result.
//!
//! Severities: file-structure problems (encoding, front matter, unclosed div, div without ID, ID
//! twice, text outside divs) are errors and the language gets no document. Holes (missing, empty,
//! stale) are warnings under the policies `source` and `stale`, which fill them, and errors under
//! `fail`, which refuses. Content checks are warnings, except citation parity (an error: a lost
//! `[n]` silently drops a source attribution).

pub mod assemble;
pub mod checks;
pub mod codefence;
pub mod format;
pub mod glossary;
pub mod import;
mod lang;
pub mod markdown;
pub mod misaligned;
pub mod parts;
pub mod report;
pub mod review;
pub mod sentences;
pub mod text;

use crate::config::{Config, Policy};
use crate::diag::{Diagnostic, Severity, Staged};
use crate::model::{Document, Edition, Lang, Person, SegmentKind, Status};
use crate::normalize::inline::{Citations, ScriptTagging};
use crate::normalize::{Normalized, SourceSegment};
use assemble::{DocMeta, Fill};
use pandoc_ast::{Block, Inline};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One target language's translation file as read (or not found).
#[derive(Debug, Clone)]
pub struct TranslationInput<'a> {
    pub lang: Lang,
    /// The path as shown in diagnostics (`translations/ar.md`).
    pub file: PathBuf,
    /// The file's bytes; `None` when the file does not exist.
    pub bytes: Option<&'a [u8]>,
    /// Per-chapter files (issue 16): `bytes` is their joined sequence, read under `file`.
    pub parts: Option<&'a parts::PartMap>,
}

/// Everything alignment reads.
#[derive(Debug, Clone)]
pub struct AlignInput<'a> {
    pub config: &'a Config,
    pub source: &'a Normalized,
    /// One entry per target language, in edition.toml order.
    pub translations: Vec<TranslationInput<'a>>,
    /// Other `*.md` files found in `translations/` (shown paths): a file named after a language
    /// edition.toml does not list is reported.
    pub other_files: Vec<PathBuf>,
    /// The glossary (shown path, bytes), if the project has one.
    pub glossary: Option<(PathBuf, &'a [u8])>,
    /// The source texts of earlier fingerprints (issue 14): a `stale` finding shows what changed.
    pub history: Option<&'a crate::normalize::history::History>,
}

/// How to align.
#[derive(Debug, Clone, Copy)]
pub struct AlignOptions {
    /// What fills missing and stale segments in the translated documents.
    pub policy: Policy,
    /// Run the content QA checks (parity, typography, glossary, ...); the structural findings
    /// (parse errors, holes, orphans) are always reported.
    pub checks: bool,
}

/// One source segment in one language.
#[derive(Debug, Clone)]
pub struct Cell {
    /// `Current`, `Stale`, `Empty` or `Missing` ([`Status::TRANSLATION`]).
    pub state: Status,
    /// The segment's line in the translation file: [`format::Div::text_line`], the one line
    /// every finding about the segment names (issue 18: the report and the terminal agree).
    pub line: Option<u32>,
    /// The translation's plain text.
    pub text: Option<String>,
    /// The fingerprint the translation records.
    pub recorded: Option<String>,
    /// For a stale translation whose recorded fingerprint is in the source history: the word diff
    /// from the source text it was made from to the current one.
    pub source_diff: Option<Vec<crate::normalize::history::Change>>,
}

/// A div whose ID the source does not have: kept in the file, reported, not published.
#[derive(Debug, Clone)]
pub struct Orphan {
    pub id: String,
    pub line: u32,
    pub text: String,
}

/// Per-language counts for the summary table and the reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub total: usize,
    /// Segments with a current translation.
    pub translated: usize,
    /// Segments without text (no div, or an empty one).
    pub missing: usize,
    pub stale: usize,
    pub orphan: usize,
    /// Segments with at least one content finding (warning or error).
    pub flagged: usize,
    /// `translated / total` in percent, one decimal.
    pub coverage: f64,
}

/// One target language's alignment.
#[derive(Debug, Clone)]
pub struct LangAlignment {
    pub lang: Lang,
    pub file: PathBuf,
    /// Per-chapter files (issue 16): where each line of the cells and orphans is.
    pub parts: Option<parts::PartMap>,
    /// Whether the file exists.
    pub exists: bool,
    /// Whether the file was read without structural errors.
    pub readable: bool,
    pub title: Option<String>,
    pub translators: Vec<Person>,
    /// One cell per source segment, in source order.
    pub cells: Vec<Cell>,
    pub orphans: Vec<Orphan>,
    /// The translated document; `None` when the file is unreadable or the policy refused.
    pub doc: Option<std::sync::Arc<Document>>,
    pub summary: Summary,
    /// Sentence alignment of every current prose segment (issue 19), by segment ID.
    pub sentences: BTreeMap<String, sentences::SegmentSentences>,
}

/// The result of [`align`].
#[derive(Debug, Clone)]
pub struct Aligned {
    pub source_lang: Lang,
    pub policy: Policy,
    pub source: Vec<SourceSegment>,
    pub langs: Vec<LangAlignment>,
    /// Source document and every translated one, when all could be built.
    pub edition: Option<Edition>,
}

/// Finding codes for holes: their severity follows the policy, and they never "flag" a segment.
pub const HOLE_CODES: [&str; 4] = ["missing", "empty", "stale", "missing-file"];
pub use crate::diag::STRUCTURAL_CODES;

/// The severity of a hole under a policy: filled (warning) or refused (error).
pub fn hole_severity(policy: Policy) -> Severity {
    match policy {
        Policy::Fail => Severity::Error,
        Policy::Source | Policy::Stale => Severity::Warning,
    }
}

/// How runs in other scripts are tagged in a document of `lang`: edition.toml's
/// `normalize.scripts`, plus the source language for the source's script.
/// `citations` is the source's rule, so a translation's `[n]` is a citation exactly where the
/// source's would be.
pub fn tagging_for(config: &Config, lang: &Lang, citations: &Citations) -> ScriptTagging {
    let mut langs = config.normalize.scripts.clone();
    let src = &config.document.source_lang;
    langs
        .entry(src.script().code().to_string())
        .or_insert_with(|| src.clone());
    ScriptTagging {
        own: lang.script(),
        langs,
        citations: citations.clone(),
    }
}

/// Each source segment's content inlines, by ID.
pub fn segment_inlines(doc: &Document) -> SegmentInlines<'_> {
    let mut out = BTreeMap::new();
    crate::pandoc::walk_segments(&doc.ast.blocks, &mut |block, _, attr| {
        let x = match block {
            Block::Header(_, _, x) => Cow::Borrowed(x.as_slice()),
            Block::Div(_, inner) => match inner.as_slice() {
                [Block::CodeBlock(_, code)] => Cow::Owned(vec![Inline::Code(
                    (String::new(), vec![], vec![]),
                    code.clone(),
                )]),
                _ => Cow::Borrowed(first_para(inner)),
            },
            _ => Cow::Borrowed(&[][..]),
        };
        out.insert(attr.0.clone(), x);
    });
    out
}

/// Each segment's source inlines, by ID ([`segment_inlines`]): borrowed from the document (a
/// copy held every paragraph twice while the translations were aligned: issue 12).
pub type SegmentInlines<'a> = BTreeMap<String, Cow<'a, [Inline]>>;

fn first_para(blocks: &[Block]) -> &[Inline] {
    for b in blocks {
        match b {
            Block::Para(x) | Block::Plain(x) => return x,
            Block::BlockQuote(inner) | Block::Div(_, inner) => return first_para(inner),
            _ => {}
        }
    }
    &[]
}

/// Aligns every translation with the source: findings, per-language tables, translated documents.
pub fn align(input: &AlignInput, opts: &AlignOptions) -> Staged<Aligned> {
    let mut diags = Vec::new();
    let cfg = input.config;
    let src = input.source;
    let hole = hole_severity(opts.policy);

    for f in &input.other_files {
        let stem = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Ok(l) = Lang::parse(&stem) {
            if (2..=3).contains(&l.primary().len()) {
                let listed = cfg
                    .document
                    .target_langs
                    .iter()
                    .map(Lang::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                diags.push(
                    Diagnostic::warning("unknown-language", format!("translation file for `{l}`, a language edition.toml does not list (targets: {listed}); the file is not used"))
                        .file(f)
                        .lang(l.as_str())
                        .hint(format!("add \"{l}\" to document.target_langs in source/edition.toml, or remove the file")),
                );
            }
        }
    }

    let glossary = if opts.checks {
        match &input.glossary {
            Some((path, bytes)) => match glossary::Glossary::parse(bytes, path, cfg) {
                Ok(g) => Some(g),
                Err(ds) => {
                    diags.extend(ds);
                    None
                }
            },
            None => None,
        }
    } else {
        None
    };

    let src_inlines = segment_inlines(&src.doc);
    let src_anchors = if opts.checks {
        misaligned::source_anchors(&src.segments, &cfg.document.source_lang)
    } else {
        Vec::new()
    };
    let mut langs = Vec::new();
    for t in &input.translations {
        let (la, d) = lang::align_lang(
            input,
            t,
            opts,
            hole,
            &src_inlines,
            &src_anchors,
            glossary.as_ref(),
        );
        diags.extend(parts::findings(&la, &src.segments, cfg, d));
        langs.push(la);
    }

    for la in &mut langs {
        la.summary = summarize(la, &diags);
    }
    let edition = if langs.iter().all(|l| l.doc.is_some()) {
        let (e, pairing) = edition_of(cfg, src, langs.iter());
        diags.extend(pairing);
        Some(e)
    } else {
        None
    };
    Staged::ok(
        Aligned {
            source_lang: cfg.document.source_lang.clone(),
            policy: opts.policy,
            source: src.segments.clone(),
            langs,
            edition,
        },
        diags,
    )
}

/// The edition of the source and of the given languages that have a document (in the order
/// given): what [`align`] assembles when every language could be built, and what a build
/// assembles from the languages it does not refuse (issue 17). With it, the one check of the
/// pairing of its documents ([`crate::pandoc::table::build`]).
pub fn edition_of<'a>(
    cfg: &Config,
    src: &Normalized,
    langs: impl Iterator<Item = &'a LangAlignment> + Clone,
) -> (Edition, Vec<Diagnostic>) {
    let mut docs = vec![sentence_source(src, langs.clone())];
    docs.extend(langs.clone().filter_map(|l| l.doc.clone()));
    let (table, pairing) = crate::pandoc::table::build(&docs);
    let cites = docs
        .iter()
        .map(|d| crate::pandoc::cites::index(d))
        .collect();
    let edition = Edition {
        id: cfg.document.id.clone(),
        source_lang: cfg.document.source_lang.clone(),
        docs,
        table,
        cites,
        authors: cfg.document.authors.clone(),
        publisher: cfg.document.publisher.clone(),
        date: cfg.document.date.clone(),
        source_fingerprint: src.source_fingerprint.clone(),
        modified: crate::model::modified_from_date(&cfg.document.date),
        translators: langs
            .filter(|l| l.doc.is_some() && !l.translators.is_empty())
            .map(|l| (l.lang.clone(), l.translators.clone()))
            .collect(),
        i18n: crate::model::EditionI18n {
            catalogs: Default::default(),
            published: cfg.document.published.clone(),
            arabic_months: cfg.i18n.arabic_months,
        },
        media: Default::default(),
    };
    (edition, pairing)
}

/// The source document of an edition: with sentence spans on the segments whose sentences a
/// language of the edition aligned (issue 19), otherwise shared as it is.
fn sentence_source<'a>(
    src: &Normalized,
    langs: impl Iterator<Item = &'a LangAlignment>,
) -> std::sync::Arc<Document> {
    let ids: std::collections::BTreeSet<String> = langs
        .filter(|l| l.doc.is_some())
        .flat_map(|l| l.sentences.keys().cloned())
        .collect();
    if ids.is_empty() {
        return src.doc.clone();
    }
    let mut doc = (*src.doc).clone();
    sentences::annotate_source(&mut doc.ast.blocks, &doc.lang, &ids);
    std::sync::Arc::new(doc)
}

/// Counts for one language from its cells and the findings.
fn summarize(la: &LangAlignment, diags: &[Diagnostic]) -> Summary {
    let total = la.cells.len();
    let count = |s: Status| la.cells.iter().filter(|c| c.state == s).count();
    let translated = count(Status::Current);
    let mut flagged: Vec<&str> = diags
        .iter()
        .filter(|d| {
            d.lang.as_deref() == Some(la.lang.as_str())
                && d.severity != Severity::Info
                && !HOLE_CODES.contains(&d.code)
                && d.code != "orphan"
        })
        .filter_map(|d| d.segment.as_deref())
        .filter(|id| la.orphans.iter().all(|o| o.id != *id))
        .collect();
    flagged.sort_unstable();
    flagged.dedup();
    let coverage = if total == 0 {
        100.0
    } else {
        (translated as f64 * 1000.0 / total as f64).round() / 10.0
    };
    Summary {
        total,
        translated,
        missing: count(Status::Missing) + count(Status::Empty),
        stale: count(Status::Stale),
        orphan: la.orphans.len(),
        flagged: flagged.len(),
        coverage,
    }
}

/// Whether a segment kind's text is expected to hold sentences (for the sentence check).
pub fn is_prose(kind: SegmentKind) -> bool {
    matches!(
        kind,
        SegmentKind::Paragraph | SegmentKind::PullQuote | SegmentKind::Footnote
    )
}
