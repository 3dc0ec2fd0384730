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
    let mut langs = Vec::new();
    for t in &input.translations {
        let (la, d) = align_lang(input, t, opts, hole, &src_inlines, glossary.as_ref());
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

fn align_lang(
    input: &AlignInput,
    t: &TranslationInput,
    opts: &AlignOptions,
    hole: Severity,
    src_inlines: &SegmentInlines,
    glossary: Option<&glossary::Glossary>,
) -> (LangAlignment, Vec<Diagnostic>) {
    let cfg = input.config;
    let src = input.source;
    let lang = t.lang.as_str();
    let mut diags = Vec::new();
    let missing_cells = || {
        src.segments
            .iter()
            .map(|_| Cell {
                state: Status::Missing,
                line: None,
                text: None,
                recorded: None,
                source_diff: None,
            })
            .collect::<Vec<_>>()
    };
    let mut la = LangAlignment {
        lang: t.lang.clone(),
        file: t.file.clone(),
        parts: t.parts.cloned(),
        exists: t.bytes.is_some(),
        readable: false,
        title: None,
        translators: vec![],
        cells: missing_cells(),
        orphans: vec![],
        doc: None,
        summary: Summary::default(),
        sentences: BTreeMap::new(),
    };
    let Some(bytes) = t.bytes else {
        diags.push(
            Diagnostic::new(
                hole,
                "missing-file",
                format!(
                    "no translation file for `{lang}`: all {} segments are missing",
                    src.segments.len()
                ),
            )
            .file(&t.file)
            .lang(lang)
            .hint(format!(
                "run `stele sync --lang {lang}` to create it with an empty div per segment"
            )),
        );
        if opts.policy != Policy::Fail {
            let fills = src
                .segments
                .iter()
                .map(|s| (s.id.clone(), Fill::source(Status::Missing)))
                .collect();
            la.doc = Some(std::sync::Arc::new(assemble::document(
                &src.doc,
                &t.lang,
                fills,
                &DocMeta::default(),
            )));
        }
        return (la, diags);
    };
    if t.parts.is_some_and(|m| m.broken) {
        return (la, diags); // a chapter file has errors, reported by `parts::join`
    }
    let (file, d) = format::parse(bytes, &t.file, &t.lang);
    diags.extend(d);
    let Some(file) = file else {
        return (la, diags);
    };
    la.readable = true;
    la.translators = file.front.translators.clone();
    let tagging = tagging_for(cfg, &t.lang, &src.citations);
    let markup_warning = |id: &str, line: u32, p: &markdown::Problem| {
        let d = match p {
            // Issue 12: nesting no reader or writer should follow; the segment is read as text.
            markdown::Problem::TooDeep => Diagnostic::error("nesting", p.to_string()).hint(format!(
                "spans, links and emphasis may nest at most {} levels; flatten the markup (until then the segment's text is read with its markup characters as they are)",
                crate::pandoc::MAX_DEPTH
            )),
            markdown::Problem::Markup(m) => Diagnostic::warning("markup", m.clone())
                .hint("see the Translation files section of README.md for the markup stele reads"),
        };
        d.file(&t.file).line(line).lang(lang).segment(id)
    };
    let title_text = file.front.title.clone().filter(|s| !s.trim().is_empty());
    let title_inlines = title_text.as_ref().map(|s| {
        let (x, problems) = markdown::parse(s, &tagging);
        for p in problems {
            diags.push(markup_warning("title", 1, &p));
        }
        x
    });
    la.title = title_inlines.as_ref().map(|x| crate::pandoc::stringify(x));

    let mut fills = BTreeMap::new();
    let mut refused = 0;
    // Each segment's inlines and text; the inlines move into `fills` where a fill takes them
    // (`None` here then), so a book's translation is held once, not once per stage (issue 13).
    let mut parsed: Vec<Option<(Option<Vec<Inline>>, String)>> = Vec::new();
    let notes = crate::pandoc::footnotes::numbers(&src.doc.ast.blocks);
    for (seg, cell) in src.segments.iter().zip(la.cells.iter_mut()) {
        let Some(div) = file.div(&seg.id) else {
            diags.push(
                Diagnostic::new(hole, "missing", "no div for this segment")
                    .file(&t.file)
                    .lang(lang)
                    .segment(seg.id.clone())
                    .hint(format!("run `stele sync --lang {lang}` to add an empty div for it, then translate it")),
            );
            parsed.push(None);
            if let Some(f) = assemble::fill_for(opts.policy, None, false) {
                fills.insert(seg.id.clone(), f);
            } else {
                refused += 1;
            }
            continue;
        };
        cell.line = Some(div.text_line());
        cell.recorded = div.source.clone();
        if div.is_empty() {
            cell.state = Status::Empty;
            diags.push(
                Diagnostic::new(hole, "empty", "the div has no text yet")
                    .file(&t.file)
                    .line(div.text_line())
                    .lang(lang)
                    .segment(seg.id.clone())
                    .hint(format!(
                        "translate the segment, then record source=\"{}\" in the div",
                        seg.fingerprint
                    )),
            );
            parsed.push(None);
            match assemble::fill_for(opts.policy, None, false) {
                Some(f) => {
                    fills.insert(seg.id.clone(), f);
                }
                None => refused += 1,
            }
            continue;
        }
        let (inlines, problems) = if seg.kind == SegmentKind::Code {
            // A code block's translation is its code, verbatim (issue 16).
            let code = codefence::unfenced(&div.text());
            let code = pandoc_ast::Inline::Code((String::new(), vec![], vec![]), code);
            (vec![code], vec![])
        } else {
            let (x, p) = markdown::parse(&div.text(), &tagging);
            (crate::pandoc::footnotes::read_markers(x, &notes), p)
        };
        for p in problems {
            diags.push(markup_warning(&seg.id, div.text_line(), &p));
        }
        let text = crate::pandoc::stringify(&inlines);
        cell.text = Some(text.clone());
        let current = div.source.as_deref() == Some(seg.fingerprint.as_str());
        cell.state = if current {
            Status::Current
        } else {
            Status::Stale
        };
        if !current {
            let accept = format!("`stele accept --lang {lang} {}`", seg.id);
            let old_text = div
                .source
                .as_deref()
                .and_then(|r| input.history.and_then(|h| h.get(r)));
            cell.source_diff =
                old_text.map(|old| crate::normalize::history::word_diff(old, &seg.text));
            let (msg, hint) = match (&div.source, &cell.source_diff) {
                (Some(r), Some(diff)) => (
                    format!(
                        "translated from an older source text (recorded {r}, now {}); the source changed: {}",
                        seg.fingerprint,
                        crate::normalize::history::compact(diff)
                    ),
                    format!("update the translation where the source changed ([-removed-]{{+added+}}; alignment.html shows the whole text), then run {accept} to record source=\"{}\"", seg.fingerprint),
                ),
                (Some(r), None) => (
                    format!("translated from an older source text (recorded {r}, now {})", seg.fingerprint),
                    format!("compare with the current source text (the one recorded is not in the source history), update the translation, then run {accept} to record source=\"{}\"", seg.fingerprint),
                ),
                (None, _) => (
                    "the div records no source fingerprint, so the translation cannot be checked against the source".to_string(),
                    format!("once the text translates the current source, run {accept} to record source=\"{}\"", seg.fingerprint),
                ),
            };
            diags.push(
                Diagnostic::new(hole, "stale", msg)
                    .file(&t.file)
                    .line(div.text_line())
                    .lang(lang)
                    .segment(seg.id.clone())
                    .hint(hint),
            );
        }
        let takes = current || opts.policy == Policy::Stale;
        let (kept, given) = if takes {
            (None, inlines)
        } else {
            (Some(inlines), Vec::new())
        };
        match assemble::fill_for(opts.policy, Some((given, div.source.as_deref())), current) {
            Some(f) => {
                fills.insert(seg.id.clone(), f);
            }
            None => refused += 1,
        }
        parsed.push(Some((kept, text)));
    }

    for div in &file.divs {
        if !src.segments.iter().any(|s| s.id == div.id) {
            let text = crate::pandoc::stringify(&markdown::parse(&div.text(), &tagging).0);
            diags.push(
                Diagnostic::warning("orphan", "the source has no segment with this ID; the div is kept but not published")
                    .file(&t.file)
                    .line(div.text_line())
                    .lang(lang)
                    .segment(div.id.clone())
                    .hint("if the paragraph was deleted from the source, delete the div; if the ID is mistyped, correct it"),
            );
            la.orphans.push(Orphan {
                id: div.id.clone(),
                line: div.text_line(),
                text,
            });
        }
    }

    if opts.checks {
        let mut pairs = Vec::new();
        for (seg, p) in src.segments.iter().zip(&parsed) {
            if let (Some((kept, text)), Some(div)) = (p, file.div(&seg.id)) {
                let inlines = match (kept, fills.get(&seg.id)) {
                    (Some(x), _) => x.as_slice(),
                    (None, f) => f.and_then(|f| f.text.as_deref()).unwrap_or(&[]),
                };
                pairs.push(checks::Pair {
                    seg,
                    src_inlines: src_inlines.get(&seg.id).map(|x| &**x).unwrap_or(&[]),
                    div,
                    inlines,
                    text,
                });
            }
        }
        let ctx = checks::Ctx {
            lang: &t.lang,
            source_lang: &cfg.document.source_lang,
            file: &t.file,
        };
        let mut found = checks::run(&pairs, &ctx);
        found.extend(misaligned::run(&pairs, &ctx));
        if let Some(g) = glossary {
            found.extend(g.check(&pairs, &ctx));
        }
        // A div's `ignore` attribute, or a project-wide `[[align.ignore]]` rule, silences
        // reviewed content findings (kept as info, naming what silenced them).
        for d in &mut found {
            if d.severity == Severity::Info || STRUCTURAL_CODES.contains(&d.code) {
                continue;
            }
            let by_div = d
                .segment
                .as_deref()
                .and_then(|id| file.div(id))
                .is_some_and(|div| div.ignore.iter().any(|c| c == d.code));
            let rule = cfg
                .align
                .ignore
                .iter()
                .enumerate()
                .find(|(_, r)| r.matches(d.code, Some(lang), d.segment.as_deref()));
            if by_div {
                d.severity = Severity::Info;
                d.message
                    .push_str(" (ignored: listed in the div's `ignore` attribute)");
            } else if let Some((n, r)) = rule {
                d.severity = Severity::Info;
                d.message.push_str(&format!(
                    " (ignored by edition.toml [[align.ignore]] rule {}: {}{})",
                    n + 1,
                    r.describe(),
                    r.reason
                        .as_ref()
                        .map(|x| format!("; {x}"))
                        .unwrap_or_default()
                ));
            }
        }
        diags.extend(found);
    }

    if cfg.align.sentences {
        align_sentences(
            input,
            t,
            glossary,
            src_inlines,
            &mut fills,
            &mut la,
            &mut diags,
        );
    }
    if refused == 0 {
        let meta = DocMeta {
            title: title_inlines,
            translators: file.front.translators.clone(),
        };
        la.doc = Some(std::sync::Arc::new(assemble::document(
            &src.doc, &t.lang, fills, &meta,
        )));
    } else {
        diags.push(
            Diagnostic::error("policy", format!("policy `fail`: {refused} segment(s) of `{lang}` have no current translation; no `{lang}` document is built"))
                .file(&t.file)
                .lang(lang)
                .hint("translate them, or build with --policy source (or stale)"),
        );
    }
    (la, diags)
}

/// Issue 19: pairs the sentences of every current prose segment with the source's, wraps them
/// in sentence spans in the fills, and names the sentences without counterpart in the segment's
/// `sentence-count` finding.
fn align_sentences(
    input: &AlignInput,
    t: &TranslationInput,
    glossary: Option<&glossary::Glossary>,
    src_inlines: &SegmentInlines,
    fills: &mut BTreeMap<String, Fill>,
    la: &mut LangAlignment,
    diags: &mut [Diagnostic],
) {
    let src = input.source;
    let source_lang = &input.config.document.source_lang;
    let terms = import::Terms::new(glossary, &t.lang);
    let prose_ids: std::collections::BTreeSet<&str> = src
        .segments
        .iter()
        .filter(|s| is_prose(s.kind))
        .map(|s| s.id.as_str())
        .collect();
    let prose = |id: &str| prose_ids.contains(id);
    let ratio = sentences::ratio(
        fills
            .iter()
            .filter(|(id, _)| prose(id))
            .filter_map(|(id, f)| match (f.status, &f.text) {
                (Status::Current, Some(x)) => src_inlines.get(id).map(|s| (&**s, x.as_slice())),
                _ => None,
            }),
    );
    for seg in src.segments.iter().filter(|s| is_prose(s.kind)) {
        let (Some(x), Some(sx)) = (
            fills.get_mut(&seg.id).and_then(Fill::current_mut),
            src_inlines.get(&seg.id),
        ) else {
            continue;
        };
        if matches!(&**sx, [Inline::Image(..)]) {
            continue;
        }
        let s = sentences::align(sx, source_lang, x, &t.lang, &terms, ratio);
        if s.links.is_empty() {
            continue;
        }
        let cps = sentences::counterparts(&s);
        *x = sentences::wrap(std::mem::take(x), &seg.id, &s.tgt, Some(&cps));
        la.sentences.insert(seg.id.clone(), s);
    }
    let lang = t.lang.as_str();
    for d in diags
        .iter_mut()
        .filter(|d| d.code == "sentence-count" && d.lang.as_deref() == Some(lang))
    {
        let Some(s) = d
            .segment
            .as_deref()
            .and_then(|id| la.sentences.get(id).map(|s| (id, s)))
        else {
            continue;
        };
        let (id, s) = s;
        let names = |v: Vec<usize>| v.iter().map(|k| (k + 1).to_string()).collect::<Vec<_>>();
        let (lost, added) = (
            names(sentences::unmatched_source(s)),
            names(sentences::unmatched_target(s)),
        );
        if !lost.is_empty() {
            let (word, verb) = if lost.len() == 1 {
                ("sentence", "has")
            } else {
                ("sentences", "have")
            };
            d.message.push_str(&format!(
                "; {id} {word} {} {verb} no counterpart in {lang}",
                lost.join(", ")
            ));
        }
        if !added.is_empty() {
            let (word, verb) = if added.len() == 1 {
                ("sentence", "has")
            } else {
                ("sentences", "have")
            };
            d.message.push_str(&format!(
                "; {lang} {word} {} of {id} {verb} no counterpart in the source",
                added.join(", ")
            ));
        }
    }
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
