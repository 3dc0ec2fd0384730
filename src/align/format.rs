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
}

impl TranslationFile {
    pub fn div(&self, id: &str) -> Option<&Div> {
        self.divs.iter().find(|d| d.id == id)
    }
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
        Diagnostic::error(code, msg)
            .file(path)
            .at(line as u32, col as u32)
            .lang(lang.as_str())
    };

    // Front matter.
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
    for (i, raw) in lines.iter().enumerate().skip(body_start) {
        let lineno = i + 1;
        let trimmed = raw.trim();
        if in_comment {
            in_comment = !trimmed.contains("-->");
            continue;
        }
        match fence(raw) {
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
                    div.body.push(BodyLine {
                        line: lineno as u32,
                        text: raw.to_string(),
                    });
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
    for div in &divs {
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
            divs,
            eol,
        }),
        diags,
    )
}

enum Fence<'a> {
    Open(&'a str),
    Close,
}

/// A fence line: at least three colons, then attributes (opening) or nothing (closing).
fn fence(line: &str) -> Option<Fence<'_>> {
    let t = line.trim_end();
    let colons = t.chars().take_while(|c| *c == ':').count();
    if colons < 3 {
        return None;
    }
    let rest = t[colons..].trim().trim_end_matches(':').trim_end();
    if rest.is_empty() {
        Some(Fence::Close)
    } else {
        Some(Fence::Open(rest))
    }
}

/// Attributes of an opening fence.
#[derive(Debug, Default)]
struct DivAttrs {
    id: String,
    source: Option<String>,
    ignore: Vec<String>,
    unknown: Vec<(String, String)>,
}

fn parse_attrs(s: &str) -> Result<DivAttrs, String> {
    let mut out = DivAttrs::default();
    let Some(inner) = s.strip_prefix('{') else {
        // `::: word` is a class-only div in pandoc: no ID.
        out.unknown.push((format!(".{s}"), String::new()));
        return Ok(out);
    };
    let Some(inner) = inner.strip_suffix('}') else {
        return Err("the div's attributes are not closed with `}`".into());
    };
    for (key, value) in attr_items(inner)? {
        match key.as_str() {
            k if k.starts_with('#') => out.id = k[1..].to_string(),
            "source" => out.source = Some(value),
            "ignore" => {
                out.ignore = value
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|x| !x.is_empty())
                    .map(String::from)
                    .collect()
            }
            _ => out.unknown.push((key, value)),
        }
    }
    Ok(out)
}

/// Splits Pandoc attribute text (`#id .class key=value key="v a l"`) into (key, value) items;
/// `#id` and `.class` items have an empty value.
pub fn attr_items(inner: &str) -> Result<Vec<(String, String)>, String> {
    let mut items = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' {
                break;
            }
            key.push(c);
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            if matches!(chars.peek(), Some('"') | Some('\'')) {
                let q = chars.next().unwrap_or('"');
                let mut closed = false;
                while let Some(c) = chars.next() {
                    if c == '\\' {
                        if let Some(n) = chars.next() {
                            value.push(n);
                        }
                    } else if c == q {
                        closed = true;
                        break;
                    } else {
                        value.push(c);
                    }
                }
                if !closed {
                    return Err(format!("the value of `{key}` has no closing quote"));
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    value.push(c);
                    chars.next();
                }
            }
        }
        if key.is_empty() {
            return Err("an attribute has no name".into());
        }
        items.push((key, value));
    }
    Ok(items)
}

/// The text of a new translation file for `lang`: front matter and an empty div per segment.
pub fn new_file(lang: &Lang, segments: &[SourceSegment]) -> String {
    let mut s = format!("---\nlang: {lang}\ntitle: \"\"\n---\n");
    for seg in segments {
        s.push('\n');
        s.push_str(&empty_div(&seg.id, "\n"));
    }
    s
}

/// An empty div as `stele sync` writes it: no `source`, so it never looks translated.
pub fn empty_div(id: &str, eol: &str) -> String {
    format!("::: {{#{id}}}{eol}{eol}:::{eol}")
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
        let block = empty_div(&seg.id, eol);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ar() -> Lang {
        Lang::parse("ar").unwrap()
    }

    fn parse_str(s: &str) -> (Option<TranslationFile>, Vec<Diagnostic>) {
        parse(s.as_bytes(), Path::new("ar.md"), &ar())
    }

    const OK: &str = "---\nlang: ar\ntitle: \"ت\"\n---\n\n::: {#p1 source=\"abc\"}\nنص\nوسطر\n:::\n\n<!-- a note -->\n::: {#p2}\n\n:::\n";

    #[test]
    fn parses_front_matter_and_divs() {
        let (f, d) = parse_str(OK);
        assert!(d.is_empty(), "{d:?}");
        let f = f.unwrap();
        assert_eq!(f.front.title.as_deref(), Some("ت"));
        assert_eq!(f.divs.len(), 2);
        assert_eq!(f.divs[0].source.as_deref(), Some("abc"));
        assert_eq!(f.divs[0].text(), "نص\nوسطر");
        assert_eq!(f.divs[0].text_line(), 7);
        assert!(f.divs[1].is_empty() && f.divs[1].source.is_none());
    }

    #[test]
    fn issue_12_control_characters_are_removed_before_the_file_is_read() {
        // In the front matter (where YAML would refuse them) and in a div, after a BOM and with
        // CRLF line ends: the columns count characters of the line as the translator sees it.
        let text = "\u{FEFF}---\r\nlang: ar\r\ntitle: \"ت\u{FFFE}\"\r\n---\r\n::: {#p1}\r\nنص\u{B}\u{0}x\r\n:::\r\n";
        let (f, d) = parse_str(text);
        let f = f.unwrap_or_else(|| panic!("{d:?}"));
        assert_eq!(f.front.title.as_deref(), Some("ت"));
        assert_eq!(f.divs[0].text(), "نصx");
        assert_eq!(f.eol, "\r\n");
        let found: Vec<_> = d
            .iter()
            .map(|d| (d.code, d.line, d.col, d.lang.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                ("control-char", Some(3), Some(10), Some("ar")),
                ("control-char", Some(6), Some(3), Some("ar")),
            ]
        );
        assert!(d[1]
            .message
            .contains("removed 2 control character(s), first U+000B"));
    }

    #[test]
    fn attributes_parse_like_pandoc() {
        let items = attr_items(r#"#p1 .x source="a b" k=v"#).unwrap();
        assert_eq!(items[2], ("source".into(), "a b".into()));
        assert!(attr_items(r#"source="open"#).is_err());
    }

    #[test]
    fn sync_keeps_crlf_line_ends_and_every_other_byte() {
        let text = OK.replace('\n', "\r\n");
        let file = parse_str(&text).0.unwrap();
        let seg = |id: &str| SourceSegment {
            id: id.into(),
            kind: crate::model::SegmentKind::Paragraph,
            fingerprint: "f".into(),
            line: 1,
            text: String::new(),
        };
        let source = [seg("p0"), seg("p1"), seg("p2"), seg("p3")];
        let (out, added) = with_new_divs(&text, &file, &source).unwrap();
        assert_eq!(added, ["p0", "p3"]);
        assert!(out.contains("::: {#p0}\r\n\r\n:::\r\n\r\n::: {#p1 "));
        assert!(out.ends_with(":::\r\n\r\n::: {#p3}\r\n\r\n:::\r\n"));
        let back = out
            .replacen("::: {#p0}\r\n\r\n:::\r\n\r\n", "", 1)
            .replacen("\r\n::: {#p3}\r\n\r\n:::\r\n", "", 1);
        assert_eq!(back, text);
        assert!(with_new_divs(&text, &file, &source[1..3]).is_none());
    }

    #[test]
    fn unknown_front_matter_key_is_an_error_with_its_line() {
        let (f, d) = parse_str("---\nlang: ar\ntitel: x\n---\n");
        assert!(f.is_none());
        assert_eq!(d[0].code, "front-matter");
        assert_eq!(d[0].line, Some(3), "{}", d[0]);
        assert!(d[0].message.contains("titel"), "{}", d[0]);
    }
}
