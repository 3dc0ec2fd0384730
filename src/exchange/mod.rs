//! CAT-tool exchange (issue 15): a target language's segments as XLIFF 2.1, XLIFF 1.2 or gettext
//! PO, every current pair of every language as TMX 1.4, and the way back: [`read`] parses an
//! XLIFF or PO file (hardened XML, [`xml`]) and [`reconcile`] checks it against the current
//! source (orphans, stale units, lost or added placeholders) into the updates [`merge`] writes
//! into the translation file. Pure functions: no file system, same input, same bytes.
//!
//! Each unit is keyed by segment ID and carries the source fingerprint it was exported with, a
//! state, notes (heading, kind, QA findings) and its inline markup as codes a CAT tool protects
//! ([`inline`]: citations `<ph>`/`<x/>`, emphasis, links and spans `<pc>`/`<g>`, each with its
//! Markdown delimiters, so the import writes back exactly the bytes exported).

pub mod inline;
pub mod merge;
pub mod po;
pub mod tmx;
pub mod xliff12;
pub mod xliff2;
pub mod xml;

use crate::diag::{Diagnostic, Staged};
use crate::model::{Lang, SegmentKind, Status};
use crate::normalize::inline::Citations;
use crate::normalize::SourceSegment;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// An exchange format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xliff2,
    Xliff12,
    Po,
    Tmx,
}

impl Format {
    /// The file an export writes under `out/exchange/` (`lang` is ignored for TMX).
    pub fn file_name(self, lang: &Lang) -> String {
        match self {
            Format::Xliff2 => format!("{lang}.xlf"),
            Format::Xliff12 => format!("{lang}.xliff12.xlf"),
            Format::Po => format!("{lang}.po"),
            Format::Tmx => "memory.tmx".to_string(),
        }
    }
}

/// One segment as exported for a target language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    pub kind: SegmentKind,
    /// The text of the heading the segment sits under.
    pub heading: Option<String>,
    /// The current source text.
    pub source: String,
    /// The current source fingerprint.
    pub fingerprint: String,
    /// The translation's Markdown ("" when there is none).
    pub target: String,
    /// Where the translation stands ([`Status::TRANSLATION`]): `Missing` (no div), `Empty`,
    /// `Current` (made from the current source text) or `Stale` (from an older one, or never
    /// checked against it). Each format maps it to its own state values (with [`Unit::reviewed`]).
    pub state: Status,
    /// Whether QA results (`stele align`'s report) were known when the unit was made: without
    /// them no translation can be called reviewed.
    pub checked: bool,
    /// For a stale translation, the source text it was made from (when the history has it).
    pub previous_source: Option<String>,
    /// Open QA findings of `stele align` (`code: message`).
    pub findings: Vec<String>,
    /// The segment's line in its source file.
    pub line: u32,
    /// The book chapter (index into `document.source`) the segment is in; 0 for one file.
    pub chapter: usize,
    /// The citations of the source segment, in order (from the normalized AST).
    pub cites: Vec<u32>,
}

/// The citation numbers of every source segment, in order, by ID (from the normalized AST, where
/// an escaped `\[n]` is text).
pub fn source_cites(doc: &crate::model::Document) -> BTreeMap<String, Vec<u32>> {
    fn walk(x: &[pandoc_ast::Inline], out: &mut Vec<u32>) {
        for i in x {
            match i {
                pandoc_ast::Inline::Cite(c, _) => {
                    out.extend(c.iter().filter_map(|c| {
                        c.citationId.trim_start_matches("ref-").parse::<u32>().ok()
                    }))
                }
                other => {
                    if let Some(inner) = crate::pandoc::inline_children(other) {
                        walk(inner, out);
                    }
                }
            }
        }
    }
    // The inlines `align::segment_inlines` gives each segment, borrowed rather than copied.
    fn first_para(blocks: &[pandoc_ast::Block]) -> &[pandoc_ast::Inline] {
        use pandoc_ast::Block;
        for b in blocks {
            match b {
                Block::Para(x) | Block::Plain(x) => return x,
                Block::BlockQuote(inner) | Block::Div(_, inner) => return first_para(inner),
                _ => {}
            }
        }
        &[]
    }
    let mut out = BTreeMap::new();
    crate::pandoc::walk_segments(&doc.ast.blocks, &mut |block, _, attr| {
        let x: &[pandoc_ast::Inline] = match block {
            pandoc_ast::Block::Header(_, _, x) => x,
            pandoc_ast::Block::Div(_, inner) => first_para(inner),
            _ => &[],
        };
        let mut v = Vec::new();
        walk(x, &mut v);
        out.insert(attr.0.clone(), v);
    });
    out
}

/// What every export needs besides the units.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub source_lang: Lang,
    /// The source file as named in the project (`source/article.txt`; a book's first chapter).
    pub original: String,
    /// Each chapter's file as named in the project (one for an article): what a unit's
    /// `#: file:line` reference names.
    pub chapter_files: Vec<String>,
    /// Which `[n]` are citations (the normalizer's rule).
    pub citations: Citations,
}

impl Unit {
    /// A current translation with no open QA finding, by known QA results (XLIFF 2's
    /// `reviewed`; without QA results a current translation is only `translated`).
    pub fn reviewed(&self) -> bool {
        self.state == Status::Current && self.checked && self.findings.is_empty()
    }
}

/// Builds the units of one target language: every source segment in order, with the text and
/// fingerprint of its div (when the file has one), the heading above it and its open findings.
pub fn units(
    segments: &[SourceSegment],
    file: Option<&crate::align::format::TranslationFile>,
    findings: Option<&BTreeMap<String, Vec<String>>>,
    history: Option<&crate::normalize::history::History>,
    cites: &BTreeMap<String, Vec<u32>>,
) -> Vec<Unit> {
    let mut heading: Option<String> = None;
    let mut out = Vec::with_capacity(segments.len());
    for seg in segments {
        let div = file.and_then(|f| f.div(&seg.id));
        let target = div.map(|d| d.text()).unwrap_or_default();
        let recorded = div.and_then(|d| d.source.clone());
        let open = findings
            .and_then(|f| f.get(&seg.id))
            .cloned()
            .unwrap_or_default();
        let state = match (&recorded, target.is_empty()) {
            (_, true) if div.is_none() => Status::Missing,
            (_, true) => Status::Empty,
            (Some(r), false) if *r == seg.fingerprint => Status::Current,
            _ => Status::Stale,
        };
        let previous_source = match (&recorded, state) {
            (Some(r), Status::Stale) => history.and_then(|h| h.get(r)).map(str::to_string),
            _ => None,
        };
        out.push(Unit {
            id: seg.id.clone(),
            kind: seg.kind,
            heading: heading.clone(),
            source: seg.text.clone(),
            fingerprint: seg.fingerprint.clone(),
            target,
            state,
            checked: findings.is_some(),
            previous_source,
            findings: open,
            line: seg.line,
            chapter: seg.chapter,
            cites: cites.get(&seg.id).cloned().unwrap_or_default(),
        });
        if seg.kind == SegmentKind::Heading {
            heading = Some(seg.text.clone());
        }
    }
    out
}

/// The context notes of a unit, as `(category, text)`.
pub fn notes(u: &Unit) -> Vec<(&'static str, String)> {
    let mut n = vec![("kind", u.kind.as_str().to_string())];
    if let Some(h) = &u.heading {
        n.push(("heading", h.clone()));
    }
    n.extend(u.findings.iter().map(|f| ("qa", f.clone())));
    n
}

/// One target language's units in `format` (XLIFF 2.1, XLIFF 1.2 or PO).
pub fn export(format: Format, target: &Lang, units: &[Unit], opts: &ExportOptions) -> String {
    match format {
        Format::Xliff2 => xliff2::write(target, units, opts),
        Format::Xliff12 => xliff12::write(target, units, opts),
        Format::Po | Format::Tmx => po::write(target, units, opts),
    }
}

/// Every current pair (a translation whose fingerprint is the current one) of every language.
pub fn export_tmx(langs: &[(Lang, Vec<Unit>)], opts: &ExportOptions) -> String {
    tmx::write(langs, opts)
}

/// One unit as read from an exchange file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub id: String,
    /// The unit's line in the file.
    pub line: u32,
    /// The source text in the file (Markdown, codes rendered back).
    pub source: String,
    /// The source fingerprint the unit was exported with, when the file kept it.
    pub fingerprint: Option<String>,
    /// The target's Markdown ("" when there is none).
    pub target: String,
    /// Whether the translator confirmed the target for this source (XLIFF 2 `translated`/
    /// `reviewed`/`final`; 1.2 `translated`/`signed-off`/`final`; PO not `fuzzy`).
    pub confirmed: bool,
}

/// An exchange file as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedFile {
    pub format: Format,
    /// The target language the file declares.
    pub target_lang: Option<String>,
    pub units: Vec<Imported>,
}

/// The format of a file to import, by its extension (`None`: not an exchange file). An XLIFF
/// file is [`Format::Xliff2`] here; [`read`] tells 1.2 from 2.x by the root's `version`.
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "po" => Some(Format::Po),
        "xlf" | "xliff" => Some(Format::Xliff2),
        _ => None,
    }
}

/// Reads an XLIFF (1.2 or 2.x, by its root) or PO file; every problem found is reported
/// (errors mean nothing to import).
pub fn read(bytes: &[u8], format: Format, file: &Path) -> Staged<ImportedFile> {
    match format {
        Format::Po => po::read(bytes, file),
        Format::Xliff2 | Format::Xliff12 => {
            let root = match xml::parse(bytes) {
                Ok(r) => r,
                Err(e) => {
                    return Staged::failed(vec![problem(file, e.line, None, "exchange", e.message)])
                }
            };
            match (root.name.as_str(), root.attr("version")) {
                ("xliff", Some("1.2")) => xliff12::read(&root, file),
                ("xliff", Some(v)) if v.starts_with("2.") => xliff2::read(&root, file),
                _ => Staged::failed(vec![problem(
                    file,
                    root.line,
                    None,
                    "exchange",
                    "the root is not <xliff version=\"1.2\"> or <xliff version=\"2.x\">: not an XLIFF file".into(),
                )]),
            }
        }
        Format::Tmx => Staged::failed(vec![Diagnostic::error(
            "exchange",
            "a TMX file is a translation memory for a CAT tool; stele imports XLIFF or PO",
        )
        .file(file)
        .hint("export the translation from the CAT tool as XLIFF or PO and import that")]),
    }
}

/// What an import writes into one div.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// The fingerprint to record (`None`: keep the div's, or none for a new div).
    pub source: Option<String>,
    /// The new text (Markdown lines joined by `\n`).
    pub text: String,
}

/// What imported units are checked against: the current source and the existing file.
pub struct Against<'a> {
    pub segments: &'a [SourceSegment],
    pub existing: Option<&'a crate::align::format::TranslationFile>,
    pub citations: &'a Citations,
    /// The source segments' citations ([`source_cites`]).
    pub cites: &'a BTreeMap<String, Vec<u32>>,
    /// The imported file, as named in diagnostics.
    pub file: &'a Path,
    pub lang: &'a Lang,
}

impl Against<'_> {
    fn at(&self, u: &Imported, d: Diagnostic) -> Diagnostic {
        d.file(self.file)
            .line(u.line)
            .segment(&u.id)
            .lang(self.lang.as_str())
    }
}

/// Checks imported units against the current source and the existing translation file and
/// returns the updates for divs whose text or fingerprint changes. Reports unknown IDs
/// (orphans, not imported), units exported from an older source (imported as stale), duplicate
/// units, and lost or added citation codes in a changed text (errors naming the unit).
pub fn reconcile(imported: &ImportedFile, ctx: &Against) -> Staged<BTreeMap<String, Update>> {
    let by_id: BTreeMap<&str, &SourceSegment> =
        ctx.segments.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut seen = BTreeSet::new();
    let mut diags = Vec::new();
    let mut updates = BTreeMap::new();
    for u in &imported.units {
        if !seen.insert(u.id.as_str()) {
            let msg = format!("unit `{}` appears twice in the file", u.id);
            diags.push(
                ctx.at(u, Diagnostic::error("exchange", msg))
                    .hint("keep one unit per segment ID; nothing was written"),
            );
            continue;
        }
        let Some(seg) = by_id.get(u.id.as_str()) else {
            let msg = format!(
                "unit `{}` matches no current source segment: not imported",
                u.id
            );
            diags.push(ctx.at(u, Diagnostic::warning("orphan", msg)).hint(
                "the segment was deleted from the source, or the ID was edited in the CAT tool",
            ));
            continue;
        };
        if let Some(up) = unit_update(u, seg, ctx, &mut diags) {
            updates.insert(u.id.clone(), up);
        }
    }
    if crate::diag::has_errors(&diags) {
        return Staged::failed(diags);
    }
    Staged::ok(updates, diags)
}

/// The update one unit asks for, if any (its problems pushed to `diags`).
fn unit_update(
    u: &Imported,
    seg: &SourceSegment,
    ctx: &Against,
    diags: &mut Vec<Diagnostic>,
) -> Option<Update> {
    // No text, or an unconfirmed copy of the source (what OmegaT's XLIFF filter leaves in a
    // target it did not translate): nothing to import.
    if u.target.trim().is_empty() || (!u.confirmed && u.target == u.source) {
        return None;
    }
    let div = ctx.existing.and_then(|f| f.div(&u.id));
    let old_text = div.map(|d| d.text()).unwrap_or_default();
    let old_source = div.and_then(|d| d.source.clone());
    let exported_fp = u
        .fingerprint
        .clone()
        .unwrap_or_else(|| crate::normalize::fingerprint(&u.source));
    let source = match u.confirmed {
        true => Some(exported_fp.clone()),
        false => old_source.clone(),
    };
    let text = u.target.trim_matches(['\n', ' ']).to_string();
    if text == old_text && source == old_source {
        return None;
    }
    if text != old_text {
        let want = ctx.cites.get(&seg.id).cloned().unwrap_or_default();
        let got = inline::cites(&inline::parse_target(&text, ctx.citations));
        let (mut w, mut g) = (want.clone(), got.clone());
        w.sort_unstable();
        g.sort_unstable();
        if w != g {
            let msg = format!(
                "unit `{}`: the source cites {} but the target {}",
                u.id,
                cite_list(&want),
                cite_list(&got)
            );
            diags.push(ctx.at(u, Diagnostic::error("citation-parity", msg)).hint(
                "keep every citation placeholder of the source in the target; nothing was written",
            ));
            return None;
        }
    }
    if u.confirmed && exported_fp != seg.fingerprint {
        let msg = format!(
            "unit `{}` was translated from an older source text (fingerprint {exported_fp}, now {}): imported as stale",
            u.id, seg.fingerprint
        );
        diags.push(ctx.at(u, Diagnostic::warning("stale", msg)).hint(format!(
            "review it against the current source, then `stele accept --lang {} {}`",
            ctx.lang, u.id
        )));
    }
    Some(Update { source, text })
}

fn cite_list(v: &[u32]) -> String {
    if v.is_empty() {
        "nothing".into()
    } else {
        v.iter()
            .map(|n| format!("[{n}]"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A diagnostic of a reader: the file, the line and, when known, the unit.
pub(crate) fn problem(
    file: &Path,
    line: u32,
    unit: Option<&str>,
    code: &'static str,
    msg: String,
) -> Diagnostic {
    let d = Diagnostic::error(code, msg)
        .file(file)
        .line(line)
        .hint("repair the file (or export it again from the CAT tool); nothing was written");
    match unit {
        Some(u) => d.segment(u),
        None => d,
    }
}
