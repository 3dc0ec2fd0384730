//! A language's translation in several files (issue 16: a book's `align.per_chapter`): the parts
//! joined into the one sequence the aligner reads, and the [`PartMap`] that takes a line of that
//! sequence back to its file and line (diagnostics, reports) and splits an edited sequence back
//! into its files (`stele accept`).
//!
//! The first present part keeps its front matter (the language's title and translators); the
//! front matter of every later part (required, `lang` checked) is read as blank lines, so each part's
//! lines keep their numbers in the sequence, shifted by the part's start.

use crate::diag::{Diagnostic, Severity};
use crate::model::Lang;
use std::path::{Path, PathBuf};

/// One part of a translation set, as read.
#[derive(Debug, Clone)]
pub struct Part<'a> {
    /// The path as shown (`translations/ar/01-preface.md`).
    pub file: PathBuf,
    /// The book chapter whose segments the part holds.
    pub chapter: usize,
    /// `None` when the file does not exist.
    pub bytes: Option<&'a [u8]>,
}

/// Where each part sits in the joined sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartMap {
    /// The name the joined sequence is read under (the language's directory).
    pub joined: PathBuf,
    /// A file has errors (returned by [`join`]): the language cannot be read.
    pub broken: bool,
    spans: Vec<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Span {
    file: PathBuf,
    chapter: usize,
    /// Its first line in the sequence (1-based) and its number of lines there (0: absent).
    start: u32,
    lines: u32,
    /// Leading lines read as blank (a later part's front matter).
    blanked: u32,
    bom: bool,
    /// A newline was added after its last line.
    added_eol: bool,
}

const BOM: &[u8] = "\u{FEFF}".as_bytes();

/// Joins the parts (in chapter order) into one sequence read under `joined`; `None` when no
/// part exists. The diagnostics are the errors of each file read on its own (naming it); with
/// any, the map is `broken`.
pub fn join(
    joined: &Path,
    lang: &Lang,
    parts: &[Part],
) -> (Option<Vec<u8>>, PartMap, Vec<Diagnostic>) {
    let mut out: Vec<u8> = Vec::new();
    let mut spans = Vec::new();
    let mut diags = Vec::new();
    let mut next = 1u32;
    let mut first = true;
    for p in parts {
        let mut span = Span {
            file: p.file.clone(),
            chapter: p.chapter,
            start: next,
            lines: 0,
            blanked: 0,
            bom: false,
            added_eol: false,
        };
        if let Some(bytes) = p.bytes {
            let body = bytes.strip_prefix(BOM);
            span.bom = body.is_some();
            let mut body = body.unwrap_or(bytes).to_vec();
            // Each file must read on its own: an error stays in its file (an unclosed div at
            // the end of one chapter file does not swallow the next file's first div).
            let (_, d) = super::format::parse(bytes, &p.file, lang);
            diags.extend(d.into_iter().filter(|d| d.severity == Severity::Error));
            if !first {
                span.blanked = front_matter_lines(&body);
                body = blank_lines(&body, span.blanked);
            }
            if !body.ends_with(b"\n") {
                body.push(b'\n');
                span.added_eol = true;
            }
            span.lines = body.iter().filter(|&&b| b == b'\n').count() as u32;
            next += span.lines;
            out.extend(body);
            first = false;
        }
        spans.push(span);
    }
    let map = PartMap {
        joined: joined.to_path_buf(),
        broken: !diags.is_empty(),
        spans,
    };
    ((!first).then_some(out), map, diags)
}

/// The number of lines of a leading front matter (`---` … `---`), 0 when there is none.
fn front_matter_lines(body: &[u8]) -> u32 {
    let text = String::from_utf8_lossy(body);
    let mut lines = text.split('\n').map(|l| l.trim_end());
    if lines.next() != Some("---") {
        return 0;
    }
    lines
        .position(|l| l == "---" || l == "...")
        .map_or(0, |i| i as u32 + 2)
}

/// `body` with its first `n` lines emptied (their line ends kept).
fn blank_lines(body: &[u8], n: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    for (i, line) in body.split_inclusive(|&b| b == b'\n').enumerate() {
        if (i as u32) < n {
            out.extend(if line.ends_with(b"\r\n") {
                &b"\r\n"[..]
            } else if line.ends_with(b"\n") {
                &b"\n"[..]
            } else {
                &b""[..]
            });
        } else {
            out.extend(line);
        }
    }
    out
}

impl PartMap {
    /// The file and line of a line of the sequence.
    pub fn place(&self, line: u32) -> (&Path, u32) {
        let span = self
            .spans
            .iter()
            .find(|s| s.lines > 0 && line >= s.start && line < s.start + s.lines)
            .or_else(|| self.spans.iter().rev().find(|s| s.lines > 0))
            .or(self.spans.first());
        match span {
            Some(s) => (&s.file, (line + 1).saturating_sub(s.start).max(1)),
            None => (&self.joined, line),
        }
    }

    /// The chapter of the part a line of the sequence is in.
    pub fn chapter_at(&self, line: u32) -> Option<usize> {
        self.spans
            .iter()
            .find(|s| s.lines > 0 && line >= s.start && line < s.start + s.lines)
            .map(|s| s.chapter)
    }

    /// The file of a chapter's part.
    pub fn file_of(&self, chapter: usize) -> Option<&Path> {
        self.spans
            .iter()
            .find(|s| s.chapter == chapter)
            .map(|s| s.file.as_path())
    }

    /// A diagnostic about the sequence moved to its part: by line, else by the segment's chapter
    /// (`chapter_of`), else left naming the directory.
    pub fn remap(
        &self,
        mut d: Diagnostic,
        chapter_of: &dyn Fn(&str) -> Option<usize>,
    ) -> Diagnostic {
        if d.file.as_deref() != Some(self.joined.as_path()) {
            return d;
        }
        if let Some(l) = d.line {
            let (f, l) = self.place(l);
            d.file = Some(f.to_path_buf());
            d.line = Some(l);
        } else if let Some(f) = d
            .segment
            .as_deref()
            .and_then(chapter_of)
            .and_then(|c| self.file_of(c))
        {
            d.file = Some(f.to_path_buf());
        }
        d
    }

    /// An edit of the joined sequence that kept every line in place, split back into the parts'
    /// texts (a part's blanked front matter restored from `originals`); `None` for an absent
    /// part, an error when the number of lines changed.
    pub fn split(
        &self,
        edited: &str,
        originals: &[Option<&[u8]>],
    ) -> Result<Vec<Option<String>>, String> {
        let lines: Vec<&str> = edited.split_inclusive('\n').collect();
        let total: u32 = self.spans.iter().map(|s| s.lines).sum();
        if lines.len() as u32 != total || originals.len() != self.spans.len() {
            return Err("the edit changed the number of lines".into());
        }
        let mut out = Vec::new();
        for (s, orig) in self.spans.iter().zip(originals) {
            let Some(orig) = orig else {
                out.push(None);
                continue;
            };
            let orig = String::from_utf8_lossy(orig.strip_prefix(BOM).unwrap_or(orig));
            let mut text = String::from(if s.bom { "\u{FEFF}" } else { "" });
            let head: String = orig
                .split_inclusive('\n')
                .take(s.blanked as usize)
                .collect();
            text.push_str(&head);
            let from = (s.start - 1 + s.blanked) as usize;
            let to = (s.start - 1 + s.lines) as usize;
            text.extend(lines[from.min(to)..to].iter().copied());
            if s.added_eol && text.ends_with('\n') {
                text.pop();
            }
            out.push(Some(text));
        }
        Ok(out)
    }
}

/// A new chapter file as `stele sync` writes it: front matter (with the title in the first
/// file of the set) and an empty div per segment of the chapter.
pub fn new_part(lang: &Lang, segments: &[crate::normalize::SourceSegment], first: bool) -> String {
    if first {
        return super::format::new_file(lang, segments);
    }
    let mut s = format!("---\nlang: {lang}\n---\n");
    for seg in segments {
        s.push('\n');
        s.push_str(&super::format::new_div(seg, "\n"));
    }
    s
}

/// A language's findings with per-chapter files: each moved to its chapter file and line, plus
/// a `misplaced` warning for each div that is in another chapter's file than its segment (it is
/// used all the same). One translation file: the findings as they are.
pub fn findings(
    la: &super::LangAlignment,
    segments: &[crate::normalize::SourceSegment],
    cfg: &crate::config::Config,
    diags: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let Some(map) = &la.parts else {
        return diags;
    };
    let by_id: std::collections::BTreeMap<&str, usize> = segments
        .iter()
        .map(|s| (s.id.as_str(), s.chapter))
        .collect();
    let chapter_of = |id: &str| by_id.get(id).copied();
    let mut out: Vec<Diagnostic> = diags
        .into_iter()
        .map(|d| map.remap(d, &chapter_of))
        .collect();
    let chapters = cfg.document.source.files();
    for (seg, cell) in segments.iter().zip(&la.cells) {
        let Some(line) = cell.line else { continue };
        let Some(at) = map.chapter_at(line).filter(|&c| c != seg.chapter) else {
            continue;
        };
        let (here, l) = map.place(line);
        let (Some(want), Some(_)) = (map.file_of(seg.chapter), map.file_of(at)) else {
            continue;
        };
        let chapter = chapters.get(seg.chapter).map_or("?", String::as_str);
        out.push(
            Diagnostic::warning(
                "misplaced",
                format!(
                    "the div is in {}, but its segment is in chapter {} (source/{chapter}), whose translation file is {}; the div is used all the same",
                    here.display(),
                    seg.chapter + 1,
                    want.display()
                ),
            )
            .file(here)
            .line(l)
            .lang(la.lang.as_str())
            .segment(seg.id.clone())
            .hint(format!(
                "move the div from {} to {}",
                here.display(),
                want.display()
            )),
        );
    }
    out
}

impl super::LangAlignment {
    /// The file and line a cell's or orphan's line is at: its chapter file with per-chapter
    /// files (the chapter of `segment` when there is no line), else the translation file.
    pub fn place(&self, line: Option<u32>, chapter: Option<usize>) -> (PathBuf, Option<u32>) {
        match (&self.parts, line) {
            (Some(m), Some(l)) => {
                let (f, l) = m.place(l);
                (f.to_path_buf(), Some(l))
            }
            (Some(m), None) => (
                chapter
                    .and_then(|c| m.file_of(c))
                    .unwrap_or(&self.file)
                    .to_path_buf(),
                None,
            ),
            (None, l) => (self.file.clone(), l),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(texts: &[Option<&'a str>]) -> Vec<Part<'a>> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Part {
                file: PathBuf::from(format!("translations/ar/0{}.md", i + 1)),
                chapter: i,
                bytes: t.map(str::as_bytes),
            })
            .collect()
    }

    const A: &str = "---\nlang: ar\ntitle: \"t\"\n---\n\n::: {#title}\nx\n:::\n";
    const B: &str = "\u{FEFF}---\nlang: ar\n---\n\n::: {#p1}\ny\n:::";

    #[test]
    fn issue_16_joined_lines_map_back_to_each_chapter_file() {
        let ar = Lang::parse("ar").unwrap();
        let (bytes, map, diags) = join(
            Path::new("translations/ar"),
            &ar,
            &parts(&[Some(A), None, Some(B)]),
        );
        assert!(diags.is_empty(), "{diags:?}");
        let text = String::from_utf8(bytes.unwrap()).unwrap();
        // B's front matter is read as three blank lines, its BOM dropped, a newline added.
        assert_eq!(text, format!("{A}\n\n\n\n::: {{#p1}}\ny\n:::\n"));
        assert_eq!(map.place(6), (Path::new("translations/ar/01.md"), 6));
        assert_eq!(map.place(13), (Path::new("translations/ar/03.md"), 5));
        assert_eq!(map.chapter_at(13), Some(2));
        assert_eq!(map.file_of(1), Some(Path::new("translations/ar/02.md")));
        let edited = text.replace("{#p1}", "{#p1 source=\"f\"}");
        let split = map
            .split(&edited, &[Some(A.as_bytes()), None, Some(B.as_bytes())])
            .unwrap();
        assert_eq!(split[0].as_deref(), Some(A));
        assert_eq!(split[1], None);
        assert_eq!(
            split[2].as_deref(),
            Some(B.replace("{#p1}", "{#p1 source=\"f\"}").as_str())
        );
        assert!(map.split("x\n", &[None, None, None]).is_err());
    }

    #[test]
    fn issue_16_a_later_part_for_another_language_is_an_error_naming_it() {
        let ar = Lang::parse("ar").unwrap();
        let (_, _, diags) = join(
            Path::new("translations/ar"),
            &ar,
            &parts(&[Some(A), Some("---\nlang: ru\n---\n")]),
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(
            diags[0].file.as_deref(),
            Some(Path::new("translations/ar/02.md"))
        );
        assert_eq!(diags[0].line, Some(2));
    }
}
