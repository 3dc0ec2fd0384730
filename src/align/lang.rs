//! One language's alignment: its translation file read div by div against the source segments
//! (missing, empty, stale, current, orphan), the content checks, the sentence links and its
//! document, assembled under the policy.

use super::*;
use rayon::prelude::*;

/// Aligns one language: its cells and orphans, its findings, and its document unless the policy
/// refuses one of its segments.
pub(super) fn align_lang(
    input: &AlignInput,
    t: &TranslationInput,
    opts: &AlignOptions,
    hole: Severity,
    src_inlines: &SegmentInlines,
    src_anchors: &[import::Anchors],
    glossary: Option<&glossary::Glossary>,
) -> (LangAlignment, Vec<Diagnostic>) {
    let cfg = input.config;
    let src = input.source;
    let lang = t.lang.as_str();
    let mut diags = Vec::new();
    let mut la = LangAlignment {
        lang: t.lang.clone(),
        file: t.file.clone(),
        parts: t.parts.cloned(),
        exists: t.bytes.is_some(),
        readable: false,
        title: None,
        translators: vec![],
        cells: src
            .segments
            .iter()
            .map(|_| Cell {
                state: Status::Missing,
                line: None,
                text: None,
                recorded: None,
                source_diff: None,
            })
            .collect(),
        orphans: vec![],
        doc: None,
        summary: Summary::default(),
        sentences: BTreeMap::new(),
    };
    let Some(bytes) = t.bytes else {
        no_file(input, t, opts, hole, &mut la, &mut diags);
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
    let title_text = file.front.title.clone().filter(|s| !s.trim().is_empty());
    let title_inlines = title_text.as_ref().map(|s| {
        let (x, problems) = markdown::parse(s, &tagging);
        for p in problems {
            diags.push(markup_finding(t, "title", 1, &p));
        }
        x
    });
    la.title = title_inlines.as_ref().map(|x| crate::pandoc::stringify(x));

    let cx = Reader {
        input,
        t,
        opts,
        hole,
        file: &file,
        tagging: &tagging,
        notes: crate::pandoc::footnotes::numbers(&src.doc.ast.blocks),
    };
    let mut read = Reading::default();
    for (seg, cell) in src.segments.iter().zip(la.cells.iter_mut()) {
        read_segment(&cx, seg, cell, &mut read, &mut diags);
    }
    orphans(input, t, &file, &tagging, &mut la, &mut diags);
    if opts.checks {
        diags.extend(content_checks(
            input,
            t,
            &file,
            &read,
            (src_inlines, src_anchors),
            glossary,
        ));
    }
    let Reading {
        mut fills, refused, ..
    } = read;
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

/// A language without a translation file: every segment is missing; the document is the
/// source's text throughout, unless the policy refuses.
fn no_file(
    input: &AlignInput,
    t: &TranslationInput,
    opts: &AlignOptions,
    hole: Severity,
    la: &mut LangAlignment,
    diags: &mut Vec<Diagnostic>,
) {
    let src = input.source;
    let lang = t.lang.as_str();
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
}

/// A markup problem in a segment's text (or the title's) as a finding.
fn markup_finding(t: &TranslationInput, id: &str, line: u32, p: &markdown::Problem) -> Diagnostic {
    let d = match p {
        // Issue 12: nesting no reader or writer should follow; the segment is read as text.
        markdown::Problem::TooDeep => Diagnostic::error("nesting", p.to_string()).hint(format!(
            "spans, links and emphasis may nest at most {} levels; flatten the markup (until then the segment's text is read with its markup characters as they are)",
            crate::pandoc::MAX_DEPTH
        )),
        markdown::Problem::Markup(m) => Diagnostic::warning("markup", m.clone())
            .hint("see the Translation files section of README.md for the markup stele reads"),
    };
    d.file(&t.file).line(line).lang(t.lang.as_str()).segment(id)
}

/// What reading a file's divs gives: the fills of the document, how many segments the policy
/// refused, and each segment's inlines and text for the checks.
#[derive(Default)]
struct Reading {
    fills: BTreeMap<String, Fill>,
    refused: usize,
    /// Per source segment: its inlines and text, `None` without text. The inlines move into
    /// `fills` where a fill takes them (`None` here then), so a book's translation is held once,
    /// not once per stage (issue 13).
    parsed: Vec<Option<(Option<Vec<Inline>>, String)>>,
}

impl Reading {
    fn fill(&mut self, id: &str, f: Option<Fill>) {
        match f {
            Some(f) => {
                self.fills.insert(id.to_string(), f);
            }
            None => self.refused += 1,
        }
    }
}

/// What reading one language's divs needs.
struct Reader<'a> {
    input: &'a AlignInput<'a>,
    t: &'a TranslationInput<'a>,
    opts: &'a AlignOptions,
    hole: Severity,
    file: &'a format::TranslationFile,
    tagging: &'a ScriptTagging,
    /// The source's footnote numbers, which a translation's markers refer to.
    notes: BTreeMap<String, String>,
}

/// Classifies one source segment in the file (missing, empty, stale or current), reports its
/// hole, parses its text and records what fills it.
fn read_segment(
    cx: &Reader,
    seg: &SourceSegment,
    cell: &mut Cell,
    read: &mut Reading,
    diags: &mut Vec<Diagnostic>,
) {
    let Reader {
        input,
        t,
        opts,
        hole,
        file,
        tagging,
        ..
    } = *cx;
    let lang = t.lang.as_str();
    let Some(div) = file.div(&seg.id) else {
        diags.push(
            Diagnostic::new(hole, "missing", "no div for this segment")
                .file(&t.file)
                .lang(lang)
                .segment(seg.id.clone())
                .hint(format!(
                    "run `stele sync --lang {lang}` to add an empty div for it, then translate it"
                )),
        );
        read.parsed.push(None);
        read.fill(&seg.id, assemble::fill_for(opts.policy, None, false));
        return;
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
        read.parsed.push(None);
        read.fill(&seg.id, assemble::fill_for(opts.policy, None, false));
        return;
    }
    let (inlines, problems) = if seg.kind == SegmentKind::Code {
        // A code block's translation is its code, verbatim (issue 16).
        let code = codefence::unfenced(&div.text());
        let code = pandoc_ast::Inline::Code((String::new(), vec![], vec![]), code);
        (vec![code], vec![])
    } else {
        let (x, p) = markdown::parse(&div.text(), tagging);
        (crate::pandoc::footnotes::read_markers(x, &cx.notes), p)
    };
    for p in problems {
        diags.push(markup_finding(t, &seg.id, div.text_line(), &p));
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
        diags.push(stale_finding(input, t, hole, seg, div, cell));
    }
    let takes = current || opts.policy == Policy::Stale;
    let (kept, given) = if takes {
        (None, inlines)
    } else {
        (Some(inlines), Vec::new())
    };
    let f = assemble::fill_for(opts.policy, Some((given, div.source.as_deref())), current);
    read.fill(&seg.id, f);
    read.parsed.push(Some((kept, text)));
}

/// The `stale` finding of a translation made from another source text: what changed in the
/// source when its history has the text recorded (the word diff is kept in the cell).
fn stale_finding(
    input: &AlignInput,
    t: &TranslationInput,
    hole: Severity,
    seg: &SourceSegment,
    div: &format::Div,
    cell: &mut Cell,
) -> Diagnostic {
    let lang = t.lang.as_str();
    let accept = format!("`stele accept --lang {lang} {}`", seg.id);
    let old_text = div
        .source
        .as_deref()
        .and_then(|r| input.history.and_then(|h| h.get(r)));
    cell.source_diff = old_text.map(|old| crate::normalize::history::word_diff(old, &seg.text));
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
    Diagnostic::new(hole, "stale", msg)
        .file(&t.file)
        .line(div.text_line())
        .lang(lang)
        .segment(seg.id.clone())
        .hint(hint)
}

/// Divs whose ID the source does not have: reported, kept in the file, not published.
fn orphans(
    input: &AlignInput,
    t: &TranslationInput,
    file: &format::TranslationFile,
    tagging: &ScriptTagging,
    la: &mut LangAlignment,
    diags: &mut Vec<Diagnostic>,
) {
    // A set, not a search per div: a book has thousands of both (issue 13).
    let ids: std::collections::HashSet<&str> = input
        .source
        .segments
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    for div in file.divs.iter().filter(|d| !ids.contains(d.id.as_str())) {
        let text = crate::pandoc::stringify(&markdown::parse(&div.text(), tagging).0);
        diags.push(
            Diagnostic::warning("orphan", "the source has no segment with this ID; the div is kept but not published")
                .file(&t.file)
                .line(div.text_line())
                .lang(t.lang.as_str())
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

/// The content QA checks of every segment with text ([`checks`], [`misaligned`], the
/// glossary), with the reviewed findings silenced.
fn content_checks(
    input: &AlignInput,
    t: &TranslationInput,
    file: &format::TranslationFile,
    read: &Reading,
    (src_inlines, src_anchors): (&SegmentInlines, &[import::Anchors]),
    glossary: Option<&glossary::Glossary>,
) -> Vec<Diagnostic> {
    let src = input.source;
    let mut pairs = Vec::new();
    let mut anchors = Vec::new();
    for (k, (seg, p)) in src.segments.iter().zip(&read.parsed).enumerate() {
        if let (Some((kept, text)), Some(div)) = (p, file.div(&seg.id)) {
            let inlines = match (kept, read.fills.get(&seg.id)) {
                (Some(x), _) => x.as_slice(),
                (None, f) => f.and_then(|f| f.text.as_deref()).unwrap_or(&[]),
            };
            anchors.push(&src_anchors[k]);
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
        source_lang: &input.config.document.source_lang,
        file: &t.file,
    };
    // Three independent passes over the same pairs, on the cores there are: together they were
    // a third of a book's HTML+EPUB build (issue 13). The order of their findings is fixed.
    let (mut found, (misplaced, terms)) = rayon::join(
        || checks::run(&pairs, &ctx),
        || {
            rayon::join(
                || misaligned::run(&pairs, &anchors, &ctx),
                || glossary.map(|g| g.check(&pairs, &ctx)).unwrap_or_default(),
            )
        },
    );
    found.extend(misplaced);
    found.extend(terms);
    silence_reviewed(&mut found, file, input.config, t.lang.as_str());
    found
}

/// A div's `ignore` attribute, or a project-wide `[[align.ignore]]` rule, silences reviewed
/// content findings (kept as info, naming what silenced them).
fn silence_reviewed(
    found: &mut [Diagnostic],
    file: &format::TranslationFile,
    cfg: &Config,
    lang: &str,
) {
    for d in found {
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
    // Each segment's sentences are aligned on their own, so on every core; the spans are then
    // wrapped in source order (issue 13).
    let aligned: Vec<(&str, sentences::SegmentSentences)> = {
        let fills = &*fills;
        let todo: Vec<(&str, &[Inline], &[Inline])> = src
            .segments
            .iter()
            .filter(|s| is_prose(s.kind))
            .filter_map(|seg| {
                let x = fills.get(&seg.id).and_then(Fill::current)?;
                let sx = src_inlines.get(&seg.id)?;
                (!matches!(&**sx, [Inline::Image(..)])).then_some((seg.id.as_str(), &**sx, x))
            })
            .collect();
        todo.into_par_iter()
            .map(|(id, sx, x)| {
                (
                    id,
                    sentences::align(sx, source_lang, x, &t.lang, &terms, ratio),
                )
            })
            .filter(|(_, s)| !s.links.is_empty())
            .collect()
    };
    for (id, s) in aligned {
        let Some(x) = fills.get_mut(id).and_then(Fill::current_mut) else {
            continue;
        };
        let cps = sentences::counterparts(&s);
        *x = sentences::wrap(std::mem::take(x), id, &s.tgt, Some(&cps));
        la.sentences.insert(id.to_string(), s);
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
        let words = |v: &[String]| match v.len() {
            1 => ("sentence", "has"),
            _ => ("sentences", "have"),
        };
        if !lost.is_empty() {
            let (word, verb) = words(&lost);
            d.message.push_str(&format!(
                "; {id} {word} {} {verb} no counterpart in {lang}",
                lost.join(", ")
            ));
        }
        if !added.is_empty() {
            let (word, verb) = words(&added);
            d.message.push_str(&format!(
                "; {lang} {word} {} of {id} {verb} no counterpart in the source",
                added.join(", ")
            ));
        }
    }
}
