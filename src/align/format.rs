//! The translation file format: YAML front matter plus one fenced div per segment, keyed by ID.
//! Parses it with precise diagnostics (file, line, column, ID) and inserts empty divs (`stele sync`).
//!
//! ```text
//! ---
//! lang: ar
//! title: "…"
//! translators:
//!   - name: "…"
//!     role: "…"
//! notes: "…"
//! ---
//!
//! ::: {#p1 source="8ed63808273a"}
//! the translated text of segment p1
//! :::
//! ```
//!
//! `source` is the fingerprint of the source segment the text was translated from. A div without
//! `source` (as `stele sync` writes them) has never been checked against the source: empty, it is
//! a hole; with text, it counts as stale until someone records the fingerprint.

use crate::diag::Diagnostic;
use crate::model::{Lang, Person, SegmentId};
use crate::normalize::SourceSegment;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod fence;
use fence::parse_attrs;
pub use fence::{attr_items, fence, strip_comments, Fence};

/// The YAML front matter (strict: unknown keys are errors).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The file's language tag; must be the language the file is for.
    pub lang: String,
    /// The translated document title (Pandoc Markdown inlines).
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub translators: Vec<Person>,
    /// Free-form notes for the next translator or reviewer; not published.
    #[serde(default)]
    pub notes: Option<String>,
}

/// One line of a div's body as written, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLine {
    pub line: u32,
    pub text: String,
}

/// One segment's div.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Div {
    pub id: SegmentId,
    /// The recorded source fingerprint; `None` when the attribute is absent or empty.
    pub source: Option<String>,
    /// Finding codes the translator has reviewed and silenced for this segment (`ignore="..."`).
    pub ignore: Vec<String>,
    /// Line of the opening fence.
    pub line: u32,
    /// The lines between the fences.
    pub body: Vec<BodyLine>,
}

impl Div {
    /// The body's non-blank lines, trimmed of blank lines at both ends.
    pub fn lines(&self) -> &[BodyLine] {
        let blank = |l: &BodyLine| l.text.trim().is_empty();
        let start = self
            .body
            .iter()
            .position(|l| !blank(l))
            .unwrap_or(self.body.len());
        let end = self
            .body
            .iter()
            .rposition(|l| !blank(l))
            .map_or(start, |i| i + 1);
        &self.body[start..end]
    }
    /// The raw Markdown text (lines joined by newlines).
    pub fn text(&self) -> String {
        self.lines()
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
    pub fn is_empty(&self) -> bool {
        self.lines().is_empty()
    }
    /// The line findings about the text point at: its first line, else the fence.
    pub fn text_line(&self) -> u32 {
        self.lines().first().map_or(self.line, |l| l.line)
    }
}

/// A parsed translation file.
#[derive(Debug, Clone)]
pub struct TranslationFile {
    pub path: PathBuf,
    pub lang: Lang,
    pub front: FrontMatter,
    /// Divs in file order (a duplicated ID is an error, so IDs are unique here).
    pub divs: Vec<Div>,
    /// The line ending the file uses (`\n` or `\r\n`), kept by `sync`.
    pub eol: &'static str,
    /// Each ID's place in `divs`: `div` is called several times per segment, and a linear search
    /// made a book's alignment quadratic (issue 13).
    by_id: BTreeMap<String, usize>,
}

impl TranslationFile {
    pub fn div(&self, id: &str) -> Option<&Div> {
        if self.by_id.len() != self.divs.len() {
            // `divs` was changed after parsing: the index no longer describes it.
            return self.divs.iter().find(|d| d.id == id);
        }
        let i = *self.by_id.get(id)?;
        self.divs
            .get(i)
            .filter(|d| d.id == id)
            .or_else(|| self.divs.iter().find(|d| d.id == id))
    }
}

/// The first place of each ID in `divs`.
fn index_of(divs: &[Div]) -> BTreeMap<String, usize> {
    let mut by_id = BTreeMap::new();
    for (i, d) in divs.iter().enumerate() {
        by_id.entry(d.id.clone()).or_insert(i);
    }
    by_id
}

/// An error at `line:col` of the translation file.
fn located(
    path: &Path,
    lang: &Lang,
    code: &'static str,
    line: usize,
    col: usize,
    msg: String,
) -> Diagnostic {
    Diagnostic::error(code, msg)
        .file(path)
        .at(line as u32, col as u32)
        .lang(lang.as_str())
}

/// The YAML front matter (checked against the file's language) and the index of the first line
/// after it.
fn front_matter(
    lines: &[&str],
    path: &Path,
    lang: &Lang,
    diags: &mut Vec<Diagnostic>,
) -> (Option<FrontMatter>, usize) {
    let err = |code: &'static str, line: usize, col: usize, msg: String| {
        located(path, lang, code, line, col, msg)
    };
    let mut front = None;
    let mut body_start = 0;
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        diags.push(
            err(
                "front-matter",
                1,
                1,
                "the file does not start with YAML front matter".into(),
            )
            .hint(format!(
                "begin the file with `---`, `lang: {lang}`, `title: \"…\"`, `---`"
            )),
        );
    } else if let Some(end) = lines
        .iter()
        .skip(1)
        .position(|l| matches!(l.trim_end(), "---" | "..."))
    {
        let end = end + 1;
        body_start = end + 1;
        let yaml = lines[1..end].join("\n");
        match serde_norway::from_str::<FrontMatter>(&yaml) {
            Ok(fm) => {
                let lang_line = lines[1..end]
                    .iter()
                    .position(|l| l.starts_with("lang:"))
                    .map_or(1, |i| i + 2);
                match Lang::parse(fm.lang.trim()) {
                    Ok(l) if &l == lang => front = Some(fm),
                    Ok(l) => diags.push(
                        err(
                            "front-matter",
                            lang_line,
                            1,
                            format!(
                                "front matter says `lang: {l}` but this is the file for `{lang}`"
                            ),
                        )
                        .hint(format!(
                            "write `lang: {lang}`, or move the text to translations/{l}.md"
                        )),
                    ),
                    Err(e) => diags.push(
                        err(
                            "front-matter",
                            lang_line,
                            1,
                            format!("front matter `lang`: {e}"),
                        )
                        .hint(format!("write `lang: {lang}`")),
                    ),
                }
            }
            Err(e) => {
                let (line, col) = e.location().map_or((2, 1), |l| (l.line() + 1, l.column()));
                let mut msg = e.to_string();
                if let Some(i) = msg.find(" at line ") {
                    msg.truncate(i);
                }
                diags.push(
                    err("front-matter", line, col.max(1), format!("front matter: {msg}"))
                        .hint("the front matter knows `lang`, `title`, `translators` (a list of `name` and optional `role`) and `notes`"),
                );
            }
        }
    } else {
        diags.push(
            err(
                "front-matter",
                1,
                1,
                "the front matter is not closed".into(),
            )
            .hint("end the front matter with a line `---` before the first div"),
        );
        body_start = lines.len();
    }

    (front, body_start)
}

/// Parses a translation file for `lang`. Every problem found is reported (not only the first);
/// any error means no file is returned.
pub fn parse(bytes: &[u8], path: &Path, lang: &Lang) -> (Option<TranslationFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let text = match crate::normalize::text::decode(bytes, path) {
        Ok(t) => t,
        Err(d) => {
            let d = d.lang(lang.as_str()).hint(
                "save the translation as UTF-8 (e.g. iconv -f WINDOWS-1256 -t UTF-8); stele did not change the file",
            );
            return (None, vec![d]);
        }
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    // Before the front matter and the divs see the text, so no reader meets them and the
    // warning names the line where they are.
    let (text, removed) = crate::normalize::text::remove_control_chars(text, path);
    diags.extend(removed.into_iter().map(|d| d.lang(lang.as_str())));
    let text = text.as_str();
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let err = |code: &'static str, line: usize, col: usize, msg: String| {
        located(path, lang, code, line, col, msg)
    };

    let (front, body_start) = front_matter(&lines, path, lang, &mut diags);

    // Divs.
    let mut divs: Vec<Div> = Vec::new();
    let mut first_line: BTreeMap<String, u32> = BTreeMap::new();
    let mut open: Option<Div> = None;
    let mut in_comment = false;
    let close_div = |div: Div,
                     divs: &mut Vec<Div>,
                     diags: &mut Vec<Diagnostic>,
                     first: &mut BTreeMap<String, u32>| {
        if let Some(prev) = first.get(&div.id) {
            diags.push(
                err(
                    "duplicate-id",
                    div.line as usize,
                    1,
                    format!(
                        "segment ID `{}` appears twice (first at line {prev})",
                        div.id
                    ),
                )
                .segment(div.id.clone())
                .hint("keep one div per ID: merge the two texts into one and delete the other div"),
            );
        } else {
            first.insert(div.id.clone(), div.line);
            divs.push(div);
        }
    };
    // Inside a div: whether an HTML comment is open (issue 14). A comment never spans a fence.
    let mut div_comment: Option<u32> = None;
    let mut code = super::codefence::CodeFences::default();
    for (i, raw) in lines.iter().enumerate().skip(body_start) {
        let lineno = i + 1;
        let trimmed = raw.trim();
        if in_comment {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        // Inside a div, a `:::` line in fenced code is code (issue 16).
        let in_code = open.is_some() && code.line(raw);
        let f = if in_code { None } else { fence(raw) };
        if let (Some(start), Some(div)) = (div_comment, open.as_ref()) {
            if f.is_some() {
                diags.push(
                    Diagnostic::warning("markup", "an HTML comment `<!--` is not closed before the end of the div; its text is ignored")
                        .file(path)
                        .line(start)
                        .lang(lang.as_str())
                        .segment(div.id.clone())
                        .hint("end the comment with `-->`, or delete `<!--`"),
                );
                div_comment = None;
            }
        }
        match f {
            Some(Fence::Close) => match open.take() {
                Some(div) => close_div(div, &mut divs, &mut diags, &mut first_line),
                None => diags.push(
                    err("outside-div", lineno, 1, "closing `:::` without an open div".into())
                        .hint("delete the stray fence, or add the `::: {#ID source=\"…\"}` line that opens it"),
                ),
            },
            Some(Fence::Open(attrs)) => {
                if let Some(div) = open.take() {
                    diags.push(
                        err("unclosed-div", div.line as usize, 1, format!("div `{}` is not closed before the next div at line {lineno}", div.id))
                            .segment(div.id.clone())
                            .hint("end every div with a line `:::`"),
                    );
                    close_div(div, &mut divs, &mut diags, &mut first_line);
                }
                match parse_attrs(attrs) {
                    Err(msg) => diags.push(
                        err("div-attributes", lineno, raw.find('{').map_or(1, |c| raw[..c].chars().count() + 1), msg)
                            .hint("write the opening fence as `::: {#ID source=\"FINGERPRINT\"}`"),
                    ),
                    Ok(a) => {
                        if a.id.is_empty() {
                            diags.push(
                                err("div-without-id", lineno, 1, "div has no segment ID".into())
                                    .hint("write `::: {#ID source=\"…\"}` with the ID of the source segment (see out/ast/en.json or the alignment report)"),
                            );
                        }
                        for (k, _) in &a.unknown {
                            diags.push(
                                Diagnostic::warning("div-attribute", format!("unknown div attribute `{k}` ignored"))
                                    .file(path)
                                    .line(lineno as u32)
                                    .lang(lang.as_str())
                                    .segment(a.id.clone())
                                    .hint("a segment div knows `#ID`, `source` and `ignore`"),
                            );
                        }
                        // A div without ID is still consumed (so its text is not "outside"), then dropped.
                        open = Some(Div {
                            id: a.id,
                            source: a.source.filter(|s| !s.is_empty()),
                            ignore: a.ignore,
                            line: lineno as u32,
                            body: Vec::new(),
                        });
                    }
                }
            }
            None => {
                if let Some(div) = open.as_mut() {
                    // `<!-- … -->` inside a div (the source text `stele sync` writes, a
                    // translator's note) is no part of the translation: a line that is only a
                    // comment is dropped, a comment within a line is cut out.
                    let was_open = div_comment.is_some();
                    let mut open_comment = was_open;
                    let text = strip_comments(raw, &mut open_comment);
                    match (div_comment.is_some(), open_comment) {
                        (false, true) => div_comment = Some(lineno as u32),
                        (true, false) => div_comment = None,
                        _ => {}
                    }
                    let only_comment = text.trim().is_empty() && (!trimmed.is_empty() || was_open);
                    if !only_comment {
                        div.body.push(BodyLine {
                            line: lineno as u32,
                            text,
                        });
                    }
                } else if trimmed.is_empty() {
                } else if trimmed.starts_with("<!--") {
                    in_comment = !trimmed.contains("-->");
                } else {
                    let col = raw.chars().take_while(|c| c.is_whitespace()).count() + 1;
                    diags.push(
                        err("outside-div", lineno, col, "text outside any segment div".into())
                            .hint("put the text inside the div of its segment, or delete it; text outside divs belongs to no segment"),
                    );
                }
            }
        }
    }
    if let Some(div) = open.take() {
        diags.push(
            err(
                "unclosed-div",
                div.line as usize,
                1,
                format!("div `{}` is not closed at the end of the file", div.id),
            )
            .segment(div.id.clone())
            .hint("end every div with a line `:::`"),
        );
    }
    divs.retain(|d| !d.id.is_empty());
    blank_lines(&divs, path, lang, &mut diags);
    if crate::diag::has_errors(&diags) {
        return (None, diags);
    }
    let Some(front) = front else {
        return (None, diags);
    };
    (
        Some(TranslationFile {
            path: path.to_path_buf(),
            lang: lang.clone(),
            front,
            by_id: index_of(&divs),
            divs,
            eol,
        }),
        diags,
    )
}

/// `blank-line`: a div's text is one paragraph, so a blank line in it is a mistake (pandoc would
/// read two paragraphs).
fn blank_lines(divs: &[Div], path: &Path, lang: &Lang, diags: &mut Vec<Diagnostic>) {
    for div in divs {
        if let Some(b) = div.lines().iter().find(|l| l.text.trim().is_empty()) {
            diags.push(
                Diagnostic::warning(
                    "blank-line",
                    "blank line inside the div: a segment is one paragraph, its lines are joined",
                )
                .file(path)
                .line(b.line)
                .lang(lang.as_str())
                .segment(div.id.clone())
                .hint("delete the blank line (pandoc would read two paragraphs)"),
            );
        }
    }
}

/// The text of a new translation file for `lang`: front matter and an empty div per segment.
pub fn new_file(lang: &Lang, segments: &[SourceSegment]) -> String {
    let mut s = format!("---\nlang: {lang}\ntitle: \"\"\n---\n");
    for seg in segments {
        s.push('\n');
        s.push_str(&new_div(seg, "\n"));
    }
    s
}

/// An empty div as `stele sync` writes it: no `source`, so it never looks translated.
pub fn empty_div(id: &str, eol: &str) -> String {
    format!("::: {{#{id}}}{eol}{eol}:::{eol}")
}

/// A new div as `stele sync` writes it (issue 14): no `source`, and the current source text in a
/// comment on its first line, so the translator sees what to translate. The reader ignores
/// comments inside divs, so the div stays empty (a hole) until text is typed under the comment.
pub fn new_div(seg: &SourceSegment, eol: &str) -> String {
    match source_comment(&seg.text) {
        Some(c) => format!("::: {{#{}}}{eol}{c}{eol}{eol}:::{eol}", seg.id),
        None => empty_div(&seg.id, eol),
    }
}

/// `<!-- source: TEXT -->` on one line; `--` in the text is written `- -`, so the text can neither
/// close the comment early nor open another.
pub fn source_comment(text: &str) -> Option<String> {
    let mut t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return None;
    }
    while t.contains("--") {
        t = t.replace("--", "- -");
    }
    if t.ends_with('-') {
        t.push(' ');
    }
    Some(format!("<!-- source: {t} -->"))
}

/// The file's text with an empty div for every source segment it lacks, each placed before the
/// div of the next source segment the file has (at the end when none follows), or `None` when the
/// file already has every segment. Every other byte of the file is kept as it was.
pub fn with_new_divs(
    original: &str,
    file: &TranslationFile,
    segments: &[SourceSegment],
) -> Option<(String, Vec<SegmentId>)> {
    let eol = file.eol;
    let mut before_line: BTreeMap<u32, String> = BTreeMap::new();
    let mut at_end = String::new();
    let mut added = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        if file.div(&seg.id).is_some() {
            continue;
        }
        added.push(seg.id.clone());
        let next = segments[i + 1..].iter().find_map(|s| file.div(&s.id));
        let block = new_div(seg, eol);
        match next {
            Some(d) => {
                let e = before_line.entry(d.line).or_default();
                e.push_str(&block);
                e.push_str(eol);
            }
            None => {
                at_end.push_str(eol);
                at_end.push_str(&block);
            }
        }
    }
    if added.is_empty() {
        return None;
    }
    let bom = if original.starts_with('\u{FEFF}') {
        "\u{FEFF}"
    } else {
        ""
    };
    let body = &original[bom.len()..];
    let mut out = String::with_capacity(original.len() + 64 * added.len());
    out.push_str(bom);
    for (i, piece) in body.split_inclusive('\n').enumerate() {
        if let Some(block) = before_line.get(&(i as u32 + 1)) {
            out.push_str(block);
        }
        out.push_str(piece);
    }
    if !at_end.is_empty() {
        if !out.ends_with('\n') {
            out.push_str(eol);
        }
        out.push_str(&at_end);
    }
    Some((out, added))
}

/// Where one attribute item of a fence line sits (byte offsets into the line).
#[derive(Debug)]
struct AttrSpan {
    key: String,
    /// End of the key (where `=` or the next item begins).
    key_end: usize,
    /// The value's bytes, without its quotes; `None` for an item without `=`.
    value: Option<std::ops::Range<usize>>,
}

/// The attribute items of a fence line with their positions, read by the rules of [`attr_items`];
/// `None` when the line is no opening fence with `{…}` attributes.
fn attr_spans(line: &str) -> Option<Vec<AttrSpan>> {
    let colons = line.chars().take_while(|c| *c == ':').count();
    if colons < 3 {
        return None;
    }
    let open = colons + line[colons..].find('{')?;
    let close = line.rfind('}')?;
    if close <= open {
        return None;
    }
    let inner = &line[open + 1..close];
    let base = open + 1;
    let mut spans = Vec::new();
    let mut it = inner.char_indices().peekable();
    loop {
        while it.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            it.next();
        }
        let Some(&(start, _)) = it.peek() else {
            break;
        };
        let mut key_end = inner.len();
        while let Some(&(i, c)) = it.peek() {
            if c.is_whitespace() || c == '=' {
                key_end = i;
                break;
            }
            it.next();
        }
        let key = inner[start..key_end].to_string();
        let mut value = None;
        if it.peek().is_some_and(|(_, c)| *c == '=') {
            it.next();
            match it.peek().copied() {
                Some((q_at, q)) if q == '"' || q == '\'' => {
                    it.next();
                    let mut end = None;
                    while let Some((i, c)) = it.next() {
                        if c == '\\' {
                            it.next();
                        } else if c == q {
                            end = Some(i);
                            break;
                        }
                    }
                    value = Some(base + q_at + 1..base + end?);
                }
                Some((v_at, _)) => {
                    let mut end = inner.len();
                    while let Some(&(i, c)) = it.peek() {
                        if c.is_whitespace() {
                            end = i;
                            break;
                        }
                        it.next();
                    }
                    value = Some(base + v_at..base + end);
                }
                None => value = Some(base + inner.len()..base + inner.len()),
            }
        }
        spans.push(AttrSpan {
            key,
            key_end: base + key_end,
            value,
        });
    }
    Some(spans)
}

/// An opening fence line with `source` set to `fingerprint`: each `source` value replaced in
/// place (its quotes kept), or ` source="…"` added after the `#ID` when there is none. Every
/// other byte of the line is kept. `None` when the line is no opening fence with an ID.
pub fn set_source_attr(line: &str, fingerprint: &str) -> Option<String> {
    let spans = attr_spans(line)?;
    let mut sources: Vec<std::ops::Range<usize>> = spans
        .iter()
        .filter(|s| s.key == "source")
        .map(|s| match &s.value {
            Some(v) => v.clone(),
            // `source` without `=`: give it a quoted value.
            None => s.key_end..s.key_end,
        })
        .collect();
    let mut out = line.to_string();
    if sources.is_empty() {
        let id = spans.iter().find(|s| s.key.starts_with('#'))?;
        out.insert_str(id.key_end, &format!(" source=\"{fingerprint}\""));
        return Some(out);
    }
    // Right to left, so earlier offsets stay valid.
    sources.sort_by_key(|r| std::cmp::Reverse(r.start));
    for r in sources {
        let bare = r.is_empty()
            && !matches!(
                line.as_bytes().get(r.start.wrapping_sub(1)),
                Some(b'"' | b'\'')
            );
        let value = if bare && !line[..r.start].ends_with('=') {
            format!("=\"{fingerprint}\"")
        } else if bare {
            format!("\"{fingerprint}\"")
        } else {
            fingerprint.to_string()
        };
        out.replace_range(r, &value);
    }
    Some(out)
}

/// The file's text with `source` set in the opening fence of each div named in `updates`
/// (ID -> fingerprint), every other byte kept (line endings, BOM, comments, other attributes
/// and their order). Errors name a div whose fence cannot be rewritten.
pub fn with_sources(
    original: &str,
    file: &TranslationFile,
    updates: &BTreeMap<SegmentId, String>,
) -> Result<String, String> {
    let mut by_line: BTreeMap<u32, (&str, &str)> = BTreeMap::new();
    for (id, fp) in updates {
        let div = file
            .div(id)
            .ok_or_else(|| format!("the file has no div `{id}`"))?;
        by_line.insert(div.line, (id.as_str(), fp.as_str()));
    }
    let mut out = String::with_capacity(original.len() + 24 * updates.len());
    for (i, piece) in original.split_inclusive('\n').enumerate() {
        let Some((id, fp)) = by_line.get(&(i as u32 + 1)) else {
            out.push_str(piece);
            continue;
        };
        let body = piece.trim_end_matches(['\n', '\r']);
        let end = &piece[body.len()..];
        let (bom, body) = match body.strip_prefix('\u{FEFF}') {
            Some(b) => ("\u{FEFF}", b),
            None => ("", body),
        };
        let new = set_source_attr(body, fp).ok_or_else(|| {
            format!(
                "the opening fence of div `{id}` (line {}) cannot be rewritten",
                i + 1
            )
        })?;
        out.push_str(bom);
        out.push_str(&new);
        out.push_str(end);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
