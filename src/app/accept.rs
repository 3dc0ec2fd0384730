//! `stele accept` (issue 14): records the current source fingerprint (`source="…"`) in reviewed
//! divs of a translation file, keeping every other byte; and the source history
//! (`source/<stem>.history.json`, [`crate::normalize::history`]) read and written for the commands
//! that normalize, so a `stale` finding can show what changed.

use super::translations::TranslationSet;
use super::{load_normalized, run_align, save_registry};
use crate::align::format;
use crate::diag::{Diagnostic, Severity};
use crate::io::{self, Project};
use crate::model::{Lang, SegmentId};
use crate::normalize::history::History;
use crate::normalize::ids::Registry;
use crate::normalize::Normalized;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Which divs `stele accept` records the current fingerprint in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// These segment IDs, each of which must have a div with text (else nothing is written).
    Ids(Vec<String>),
    /// Every div with text whose recorded fingerprint is not the current one.
    All,
    /// As `All`, but only divs without open content findings (`stele align`'s checks: warnings
    /// and errors that are not holes; findings silenced by `ignore` count as reviewed).
    ReviewedOnly,
}

/// What `stele accept` is asked for.
#[derive(Debug, Clone)]
pub struct AcceptRequest {
    /// The language tag as given (validated when the request is run).
    pub lang: String,
    pub selection: Selection,
}

/// `stele accept --lang xx (ID… | --all | --reviewed-only)`: sets `source` to the current source
/// fingerprint in the selected divs, by an atomic replace of the file that keeps every other
/// byte (line endings, BOM, comments, other attributes and their order, orphans). Any problem
/// with the request (an unknown ID, a div without text, a missing or unreadable file, a file
/// with errors) is an error and nothing is written. Accepting twice is accepting once.
pub fn accept_cmd(project: &Project, req: &AcceptRequest) -> Vec<Diagnostic> {
    let mut at = None;
    let diags = accept_in(project, req, &mut at);
    match at {
        // Per-chapter files (issue 16): each finding names its chapter file and line.
        Some((map, segments)) => diags
            .into_iter()
            .map(|d| TranslationSet::remap(Some(&map), &segments, d))
            .collect(),
        None => diags,
    }
}

/// Where the lines of a joined translation are, and the segments (their chapters).
type JoinedAt = Option<(
    crate::align::parts::PartMap,
    Vec<crate::normalize::SourceSegment>,
)>;

fn accept_in(project: &Project, req: &AcceptRequest, at: &mut JoinedAt) -> Vec<Diagnostic> {
    let staged = load_normalized(project);
    let mut diags = staged.diags;
    let Some((config, n)) = staged.value else {
        return diags;
    };
    let lang = match target_lang(project, &config, &req.lang) {
        Ok(l) => l,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    let l = lang.as_str().to_string();
    let set = match TranslationSet::read(project, &config, &lang) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d.lang(&l).hint("nothing was written"));
            return diags;
        }
    };
    let shown = set.shown.clone();
    let Some(Read { map, file, text }) = read_translation(&set, &n.segments, at, &mut diags) else {
        return diags;
    };
    let Picked {
        mut updates,
        current,
        skipped_empty,
    } = match pick(&req.selection, &n.segments, &file, &shown, &lang) {
        Ok(p) => p,
        Err(errors) => {
            diags.extend(errors);
            return diags;
        }
    };
    if req.selection == Selection::ReviewedOnly && !updates.is_empty() {
        match open_findings(project, &lang) {
            Ok(open) => diags.extend(hold_back_open(&mut updates, &open, &file, &shown, &lang)),
            Err(ds) => {
                diags.extend(ds);
                diags.push(
                    Diagnostic::error(
                        "accept",
                        "the translations could not be checked; nothing was written",
                    )
                    .file(&shown)
                    .lang(&l),
                );
                return diags;
            }
        }
    }
    if !skipped_empty.is_empty() {
        diags.push(
            Diagnostic::info(
                "accept",
                format!(
                    "skipped {} div(s) without text: {}",
                    skipped_empty.len(),
                    skipped_empty.join(", ")
                ),
            )
            .file(&shown)
            .lang(&l),
        );
    }
    if updates.is_empty() {
        let msg = nothing_to_accept(&req.selection, &current);
        diags.push(Diagnostic::info("accept", msg).file(&shown).lang(&l));
        return diags;
    }
    let new_text = match recorded(&text, &file, &updates, &shown, &lang) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    if let Err(d) = save_registry(project, &config, &n) {
        diags.push(d);
        return diags;
    }
    let written = match set.write_joined(map.as_ref(), &new_text) {
        Ok(w) => w,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    let also = match set.per_chapter {
        true => format!(" (in {})", names(&written)),
        false => String::new(),
    };
    diags.push(
        Diagnostic::info("accept", recorded_message(&updates, &current, &also))
            .file(&shown)
            .lang(&l)
            .hint("`stele align` now counts them as translated"),
    );
    diags
}

/// Why nothing was written: every selected div already records the current fingerprint.
fn nothing_to_accept(selection: &Selection, current: &[SegmentId]) -> String {
    match (selection, current.len()) {
        (Selection::Ids(_), c) if c > 0 => format!(
            "nothing to accept: {} already record(s) the current source fingerprint",
            current.join(", ")
        ),
        _ => format!(
            "nothing to accept ({} div(s) already record the current source fingerprint)",
            current.len()
        ),
    }
}

/// What was recorded; `files`: where, for a per-chapter translation (" (in ...)").
fn recorded_message(
    updates: &BTreeMap<SegmentId, String>,
    current: &[SegmentId],
    files: &str,
) -> String {
    let ids: Vec<&str> = updates.keys().map(String::as_str).collect();
    let also = if current.is_empty() {
        String::new()
    } else {
        format!(" ({} already current)", current.len())
    };
    format!(
        "recorded the current source fingerprint in {} div(s): {}{also}{files}",
        ids.len(),
        ids.join(", "),
    )
}

/// The translation to accept in, read and parsed.
struct Read {
    /// Where each line of a per-chapter translation is.
    map: Option<crate::align::parts::PartMap>,
    file: format::TranslationFile,
    text: String,
}

/// The set's text, joined and parsed; `None` (with the errors in `diags`) when there is none or
/// it has errors, for nothing is written then.
fn read_translation(
    set: &TranslationSet,
    segments: &[crate::normalize::SourceSegment],
    at: &mut JoinedAt,
    diags: &mut Vec<Diagnostic>,
) -> Option<Read> {
    let (shown, l) = (&set.shown, set.lang.as_str());
    let joined = set.joined();
    diags.extend(joined.diags);
    let refused = |msg: &str| {
        Diagnostic::error("accept", msg.to_string())
            .file(shown)
            .lang(l)
    };
    if let Some(m) = &joined.map {
        *at = Some((m.clone(), segments.to_vec()));
        if m.broken {
            diags.push(
                refused("a chapter file has errors; nothing was written")
                    .hint("fix the errors above, then accept again"),
            );
            return None;
        }
    }
    let Some(bytes) = joined.bytes.map(|b| b.into_owned()) else {
        diags.push(
            refused("no translation file: there is nothing to accept").hint(format!(
                "run `stele sync --lang {l}` to create it, translate the divs, then accept them"
            )),
        );
        return None;
    };
    let (file, d) = format::parse(&bytes, shown, &set.lang);
    diags.extend(d);
    let Some(file) = file else {
        diags.push(
            refused("the file has errors; nothing was written")
                .hint("fix the errors above, then accept again"),
        );
        return None;
    };
    // The parser accepted the bytes as UTF-8.
    let Ok(text) = String::from_utf8(bytes) else {
        diags.push(refused("the file is not UTF-8; nothing was written"));
        return None;
    };
    Some(Read {
        map: joined.map,
        file,
        text,
    })
}

/// What a selection asks to accept.
struct Picked {
    /// Divs to record the current fingerprint in, with it.
    updates: BTreeMap<SegmentId, String>,
    /// Divs that already record it.
    current: Vec<SegmentId>,
    /// Divs without text (skipped by `--all`).
    skipped_empty: Vec<SegmentId>,
}

/// The divs `selection` names, or one error per ID that cannot be accepted (then nothing is).
fn pick(
    selection: &Selection,
    segments: &[crate::normalize::SourceSegment],
    file: &format::TranslationFile,
    shown: &std::path::Path,
    lang: &Lang,
) -> Result<Picked, Vec<Diagnostic>> {
    let l = lang.as_str();
    let err = |id: &str, line: Option<u32>, msg: String, hint: &str| {
        let d = Diagnostic::error("accept", msg)
            .file(shown)
            .lang(l)
            .segment(id)
            .hint(format!("{hint}; nothing was written"));
        match line {
            Some(x) => d.line(x),
            None => d,
        }
    };
    let mut p = Picked {
        updates: BTreeMap::new(),
        current: Vec::new(),
        skipped_empty: Vec::new(),
    };
    let mut errors = Vec::new();
    match selection {
        Selection::Ids(ids) => {
            let mut seen = std::collections::BTreeSet::new();
            for id in ids.iter().filter(|id| seen.insert(id.as_str())) {
                let seg = segments.iter().find(|s| &s.id == id);
                let div = file.div(id);
                match (seg, div) {
                    (None, Some(div)) => errors.push(err(id, Some(div.line), format!("the source has no segment `{id}`: the div is an orphan and has no fingerprint to record"), "delete the div if its paragraph left the source, or correct its ID")),
                    (None, None) => errors.push(err(id, None, format!("unknown segment ID `{id}`: neither the source nor the file has it"), "give the IDs of out/ast/en.json or of the alignment report (title, h1, p12, q3, ref-4)")),
                    (Some(_), None) => errors.push(err(id, None, "the file has no div for this segment".into(), &format!("run `stele sync --lang {l}` to add it, translate it, then accept it"))),
                    (Some(_), Some(div)) if div.is_empty() => errors.push(err(id, Some(div.line), "the div has no text: there is no translation to accept".into(), "translate the segment first (a div without text stays a hole)")),
                    (Some(seg), Some(div)) if div.source.as_deref() == Some(seg.fingerprint.as_str()) => p.current.push(id.clone()),
                    (Some(seg), Some(_)) => {
                        p.updates.insert(id.clone(), seg.fingerprint.clone());
                    }
                }
            }
        }
        Selection::All | Selection::ReviewedOnly => {
            for seg in segments {
                match file.div(&seg.id) {
                    None => {}
                    Some(d) if d.is_empty() => p.skipped_empty.push(seg.id.clone()),
                    Some(d) if d.source.as_deref() == Some(seg.fingerprint.as_str()) => {
                        p.current.push(seg.id.clone())
                    }
                    Some(_) => {
                        p.updates.insert(seg.id.clone(), seg.fingerprint.clone());
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(p)
    } else {
        Err(errors)
    }
}

/// `--reviewed`: the divs with open findings stay as they are, each told.
fn hold_back_open(
    updates: &mut BTreeMap<SegmentId, String>,
    open: &BTreeMap<String, Vec<&str>>,
    file: &format::TranslationFile,
    shown: &std::path::Path,
    lang: &Lang,
) -> Vec<Diagnostic> {
    let l = lang.as_str();
    let mut told = Vec::new();
    updates.retain(|id, _| match open.get(id.as_str()) {
        None => true,
        Some(codes) => {
            told.push(
                Diagnostic::info("accept", format!("not accepted: open findings ({})", codes.join(", ")))
                    .file(shown)
                    .line(file.div(id).map_or(1, |d| d.line))
                    .lang(l)
                    .segment(id.clone())
                    .hint(format!("review them in out/reports/alignment.html; fix the translation or silence a reviewed finding with ignore=\"CODE\", then run `stele accept --lang {l} {id}`")),
            );
            false
        }
    });
    told
}

/// The file's text with `updates` recorded, checked to change nothing else.
fn recorded(
    text: &str,
    file: &format::TranslationFile,
    updates: &BTreeMap<SegmentId, String>,
    shown: &std::path::Path,
    lang: &Lang,
) -> Result<String, Diagnostic> {
    let bug = |msg: String| {
        Diagnostic::error("accept", msg)
            .file(shown)
            .lang(lang.as_str())
            .hint("report this as a bug, with the file")
    };
    let new_text = format::with_sources(text, file, updates)
        .map_err(|m| bug(format!("{m}; nothing was written")))?;
    verify(&new_text, file, updates, shown, lang)
        .map_err(|m| bug(format!("internal check failed: {m}; nothing was written")))?;
    Ok(new_text)
}

/// Files as a list for a message.
fn names(files: &[std::path::PathBuf]) -> String {
    let v: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    v.join(", ")
}

/// The file as rewritten must read as before, with exactly the new fingerprints: same divs in the
/// same places, same texts, and `source` changed only where asked.
fn verify(
    new_text: &str,
    before: &format::TranslationFile,
    updates: &BTreeMap<SegmentId, String>,
    shown: &std::path::Path,
    lang: &Lang,
) -> Result<(), String> {
    let (after, _) = format::parse(new_text.as_bytes(), shown, lang);
    let after = after.ok_or("the rewritten file does not parse")?;
    if after.divs.len() != before.divs.len() {
        return Err("the number of divs changed".into());
    }
    for (a, b) in after.divs.iter().zip(&before.divs) {
        let want = updates.get(&a.id).cloned().or_else(|| b.source.clone());
        if a.id != b.id
            || a.line != b.line
            || a.body != b.body
            || a.ignore != b.ignore
            || a.source != want
        {
            return Err(format!("div `{}` did not come out as expected", b.id));
        }
    }
    Ok(())
}

/// Segments of `lang` with open content findings (not holes, not silenced), with their codes.
fn open_findings(
    project: &Project,
    lang: &Lang,
) -> Result<BTreeMap<String, Vec<&'static str>>, Vec<Diagnostic>> {
    let staged = run_align(project, None, true);
    if staged.value.is_none() {
        return Err(staged
            .diags
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect());
    }
    let mut open: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
    for d in &staged.diags {
        if d.lang.as_deref() != Some(lang.as_str())
            || d.severity == Severity::Info
            || crate::align::HOLE_CODES.contains(&d.code)
            || d.code == "orphan"
        {
            continue;
        }
        if let Some(id) = &d.segment {
            let codes = open.entry(id.clone()).or_default();
            if !codes.contains(&d.code) {
                codes.push(d.code);
            }
        }
    }
    Ok(open)
}

/// A `--lang` tag that must be one of edition.toml's target languages.
fn target_lang(
    project: &Project,
    config: &crate::config::Config,
    tag: &str,
) -> Result<Lang, Diagnostic> {
    match Lang::parse(tag) {
        Ok(l) if config.document.target_langs.contains(&l) => Ok(l),
        Ok(l) => {
            let listed = config
                .document
                .target_langs
                .iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            Err(Diagnostic::error(
                "accept",
                format!("`{l}` is not a target language of this edition (targets: {listed})"),
            )
            .file(project.display(&project.config_path()))
            .hint("give one of the target languages, e.g. --lang de"))
        }
        Err(e) => Err(Diagnostic::error("accept", e).hint("give a language tag, e.g. --lang ar")),
    }
}

// ---- the source history (issue 14) ----

/// `source/<stem>.history.json` beside the ID registry, confined to the project.
pub fn history_path(
    project: &Project,
    config: &crate::config::Config,
) -> Result<PathBuf, Diagnostic> {
    let registry = project.registry_path(config)?;
    project.confine(
        "the source history of document.source",
        &crate::normalize::history::path_for(&registry),
    )
}

/// The first of a parser's errors, counting the others.
fn first(mut ds: Vec<Diagnostic>) -> Diagnostic {
    let more = ds.len().saturating_sub(1);
    let mut d = ds.swap_remove(0);
    if more > 0 {
        d.message
            .push_str(&format!(" (and {more} more problem(s))"));
    }
    d
}

/// The history as align reads it: the history file, plus the texts of the ID registry on disk
/// (the source as the last run saw it), so a project without a history file yet still sees what
/// changed on its first edit. A damaged history file is an error (it would otherwise be
/// overwritten and its entries lost).
pub fn load_history(
    project: &Project,
    config: &crate::config::Config,
) -> Result<History, Diagnostic> {
    let path = history_path(project, config)?;
    let shown = project.display(&path);
    let mut history = match io::read_optional(&path, &shown)? {
        Some(b) => History::parse(&b, &shown).map_err(first)?,
        None => History::new(),
    };
    let reg = project.registry_path(config)?;
    let reg_shown = project.display(&reg);
    if let Some(b) = io::read_optional(&reg, &reg_shown)? {
        // A damaged registry has stopped the command already (load_normalized).
        if let Ok(r) = Registry::parse(&b, &reg_shown) {
            history.record_registry(&r);
        }
    }
    Ok(history)
}

/// Adds the texts of the previous registry (`previous`, the bytes on disk before this run
/// replaces them) and of the current segments to the history file; writes it (atomic replace)
/// only when something is new. Called by [`save_registry`] before the registry is replaced.
pub fn save_history(
    project: &Project,
    config: &crate::config::Config,
    previous: Option<&[u8]>,
    n: &Normalized,
) -> Result<(), Diagnostic> {
    let path = history_path(project, config)?;
    let shown = project.display(&path);
    let current = io::read_optional(&path, &shown)?;
    let mut history = match &current {
        Some(b) => History::parse(b, &shown).map_err(first)?,
        None => History::new(),
    };
    if let Some(r) = previous.and_then(|b| Registry::parse(b, &shown).ok()) {
        history.record_registry(&r);
    }
    history.record(&n.segments);
    let json = history.to_json();
    if current.as_deref() != Some(json.as_bytes()) {
        io::write_atomic(&path, json.as_bytes())?;
    }
    Ok(())
}
