//! A language's translation as a set of files (issue 16): one file (`translations/<lang>.md`,
//! or `align.files`), or with `align.per_chapter` one file per chapter of a book
//! (`translations/<lang>/<chapter stem>.md`), read through [`io`] and joined by
//! [`crate::align::parts`] into the one sequence every command reads; writes go back to the
//! file each part came from.

use crate::align::parts::{self, PartMap};
use crate::diag::Diagnostic;
use crate::io::{self, Project};
use crate::model::Lang;
use crate::normalize::SourceSegment;
use std::borrow::Cow;
use std::path::PathBuf;

/// One file of a set.
#[derive(Debug, Clone)]
pub struct PartFile {
    pub path: PathBuf,
    pub shown: PathBuf,
    /// The chapter whose segments it holds (0 for one file).
    pub chapter: usize,
    /// `None`: the file does not exist.
    pub bytes: Option<Vec<u8>>,
}

/// A language's translation files, as read.
#[derive(Debug, Clone)]
pub struct TranslationSet {
    pub lang: Lang,
    /// What the set is called in findings: the file, or the language's directory.
    pub shown: PathBuf,
    pub parts: Vec<PartFile>,
    pub per_chapter: bool,
}

/// The joined text of a set and where its lines are.
pub struct Joined<'a> {
    pub bytes: Option<Cow<'a, [u8]>>,
    /// `None` for one file (its lines are its own).
    pub map: Option<PartMap>,
    /// A later chapter file's front-matter errors.
    pub diags: Vec<Diagnostic>,
}

impl TranslationSet {
    /// The set's files (confined), not read.
    pub fn locate(
        project: &Project,
        config: &crate::config::Config,
        lang: &Lang,
    ) -> Result<TranslationSet, Diagnostic> {
        if !config.align.per_chapter {
            let path = super::translation_path(project, config, lang)?;
            let shown = project.display(&path);
            return Ok(TranslationSet {
                lang: lang.clone(),
                shown: shown.clone(),
                parts: vec![PartFile {
                    path,
                    shown,
                    chapter: 0,
                    bytes: None,
                }],
                per_chapter: false,
            });
        }
        let name = config
            .align
            .files
            .iter()
            .find(|(k, _)| Lang::parse(k).ok().as_ref() == Some(lang))
            .map_or_else(|| lang.to_string(), |(_, v)| v.clone());
        let key = format!("align.files.{lang}");
        let dir = project.confine(&key, &project.translations_dir().join(name))?;
        let mut parts = Vec::new();
        for (i, f) in config.document.source.files().iter().enumerate() {
            let stem = crate::config::chapter_stem(f);
            let path = project.confine(&key, &dir.join(format!("{stem}.md")))?;
            parts.push(PartFile {
                shown: project.display(&path),
                path,
                chapter: i,
                bytes: None,
            });
        }
        Ok(TranslationSet {
            lang: lang.clone(),
            shown: project.display(&dir),
            parts,
            per_chapter: true,
        })
    }

    /// The set's files, read.
    pub fn read(
        project: &Project,
        config: &crate::config::Config,
        lang: &Lang,
    ) -> Result<TranslationSet, Diagnostic> {
        let mut set = Self::locate(project, config, lang)?;
        for p in &mut set.parts {
            p.bytes = io::read_optional(&p.path, &p.shown)?;
        }
        Ok(set)
    }

    /// Whether any file of the set exists.
    pub fn exists(&self) -> bool {
        self.parts.iter().any(|p| p.bytes.is_some())
    }

    /// The one sequence the aligner and the commands read.
    pub fn joined(&self) -> Joined<'_> {
        if !self.per_chapter {
            return Joined {
                bytes: self.parts[0].bytes.as_deref().map(Cow::Borrowed),
                map: None,
                diags: vec![],
            };
        }
        let parts: Vec<parts::Part> = self
            .parts
            .iter()
            .map(|p| parts::Part {
                file: p.shown.clone(),
                chapter: p.chapter,
                bytes: p.bytes.as_deref(),
            })
            .collect();
        let (bytes, map, diags) = parts::join(&self.shown, &self.lang, &parts);
        Joined {
            bytes: bytes.map(Cow::Owned),
            map: Some(map),
            diags,
        }
    }

    /// The source segments a file of the set holds, in source order.
    pub fn segments_of(&self, part: &PartFile, segments: &[SourceSegment]) -> Vec<SourceSegment> {
        segments
            .iter()
            .filter(|s| !self.per_chapter || s.chapter == part.chapter)
            .cloned()
            .collect()
    }

    /// Writes an edit of the joined text that kept every line in place (`stele accept`) back
    /// into the files it came from, each only when it changed. Returns the files written.
    pub fn write_joined(
        &self,
        map: Option<&PartMap>,
        edited: &str,
    ) -> Result<Vec<PathBuf>, Diagnostic> {
        let Some(map) = map else {
            io::write_atomic(&self.parts[0].path, edited.as_bytes())?;
            return Ok(vec![self.parts[0].shown.clone()]);
        };
        let originals: Vec<Option<&[u8]>> = self.parts.iter().map(|p| p.bytes.as_deref()).collect();
        let texts = map.split(edited, &originals).map_err(|m| {
            Diagnostic::error("accept", format!("{m}; nothing was written"))
                .file(&self.shown)
                .hint("report this as a bug, with the files")
        })?;
        let mut written = Vec::new();
        for (p, t) in self.parts.iter().zip(texts) {
            if let Some(t) = t.filter(|t| Some(t.as_bytes()) != p.bytes.as_deref()) {
                io::write_atomic(&p.path, t.as_bytes())?;
                written.push(p.shown.clone());
            }
        }
        Ok(written)
    }

    /// A diagnostic about the joined text moved to its file and line.
    pub fn remap(map: Option<&PartMap>, segments: &[SourceSegment], d: Diagnostic) -> Diagnostic {
        match map {
            Some(m) => m.remap(d, &|id| {
                segments.iter().find(|s| s.id == id).map(|s| s.chapter)
            }),
            None => d,
        }
    }
}

/// `stele sync --lang xx` with per-chapter files: each chapter's file gets an empty div for
/// every segment of its chapter that no file of the set has (a div in another chapter's file is
/// kept where it is); a missing chapter file is created. Nothing is written when a file is broken.
pub fn sync_parts(set: &TranslationSet, segments: &[SourceSegment]) -> Vec<Diagnostic> {
    let lang = &set.lang;
    let mut diags = Vec::new();
    let mut parsed = Vec::new();
    for p in &set.parts {
        let Some(bytes) = &p.bytes else {
            parsed.push(None);
            continue;
        };
        let (file, d) = crate::align::format::parse(bytes, &p.shown, lang);
        diags.extend(d);
        match file {
            Some(f) => parsed.push(Some(f)),
            None => {
                diags.push(
                    Diagnostic::error("sync", "the file has errors; nothing was written")
                        .file(&p.shown)
                        .lang(lang.as_str())
                        .hint("fix the errors above, then run sync again"),
                );
                return diags;
            }
        }
    }
    let anywhere: std::collections::BTreeSet<&str> = parsed
        .iter()
        .flatten()
        .flat_map(|f| f.divs.iter().map(|d| d.id.as_str()))
        .collect();
    let first = set
        .parts
        .iter()
        .position(|p| p.bytes.is_some())
        .unwrap_or(0);
    for (i, (p, file)) in set.parts.iter().zip(&parsed).enumerate() {
        let segs = set.segments_of(p, segments);
        let info = |m: String| {
            Diagnostic::info("sync", m)
                .file(&p.shown)
                .lang(lang.as_str())
        };
        let Some(file) = file else {
            let text = parts::new_part(lang, &segs, i == first);
            match io::write_atomic(&p.path, text.as_bytes()) {
                Ok(()) => diags.push(info(format!("created the file with {} empty divs", segs.len()))
                    .hint("translate each div (the first chapter's file holds the title and translators)")),
                Err(d) => diags.push(d),
            }
            continue;
        };
        for div in file
            .divs
            .iter()
            .filter(|d| !segments.iter().any(|s| s.id == d.id))
        {
            diags.push(
                Diagnostic::warning("orphan", "the source has no segment with this ID; the div is kept")
                    .file(&p.shown)
                    .line(div.line)
                    .lang(lang.as_str())
                    .segment(div.id.clone())
                    .hint("if the paragraph was deleted from the source, delete the div; if the ID is mistyped, correct it"),
            );
        }
        let wanted: Vec<SourceSegment> = segs
            .into_iter()
            .filter(|s| file.div(&s.id).is_some() || !anywhere.contains(s.id.as_str()))
            .collect();
        let text = String::from_utf8_lossy(p.bytes.as_deref().unwrap_or_default());
        match crate::align::format::with_new_divs(&text, file, &wanted) {
            None => diags.push(info("up to date: the file has a div for every segment of its chapter".into())),
            Some((new_text, added)) => match io::write_atomic(&p.path, new_text.as_bytes()) {
                Ok(()) => diags.push(info(format!("added {} empty div(s): {}", added.len(), added.join(", ")))
                    .hint(format!("translate them under the `<!-- source: … -->` comment, then run `stele accept --lang {lang} ID…` to record their fingerprints"))),
                Err(d) => diags.push(d),
            },
        }
    }
    diags
}

/// `stele import` into per-chapter files: the aligned fills split across the chapter files,
/// each file written new (or with `merge` filled into its missing and empty divs). Returns the
/// files written and the number of divs filled by the merge.
pub fn import_parts(
    set: &TranslationSet,
    segments: &[SourceSegment],
    fills: &[crate::align::import::Fill],
    notes: &std::collections::BTreeMap<usize, Vec<String>>,
    from: &str,
) -> Result<(Vec<PathBuf>, usize), Diagnostic> {
    use crate::align::import as imp;
    let mut written = Vec::new();
    let mut filled = 0;
    let last = set.parts.len().saturating_sub(1);
    for (k, p) in set.parts.iter().enumerate() {
        let idx: Vec<usize> = (0..segments.len())
            .filter(|&i| !set.per_chapter || segments[i].chapter == p.chapter)
            .collect();
        let segs: Vec<SourceSegment> = idx.iter().map(|&i| segments[i].clone()).collect();
        let f: Vec<imp::Fill> = idx.iter().map(|&i| fills[i].clone()).collect();
        let mut nt: std::collections::BTreeMap<usize, Vec<String>> = idx
            .iter()
            .enumerate()
            .filter_map(|(j, i)| notes.get(i).map(|v| (j, v.clone())))
            .collect();
        if let (true, Some(v)) = (k == last, notes.get(&segments.len())) {
            nt.insert(segs.len(), v.clone());
        }
        let text = match &p.bytes {
            Some(b) => {
                let (file, mut d) = crate::align::format::parse(b, &p.shown, &set.lang);
                let Some(file) = file else {
                    return Err(d.remove(0));
                };
                let original = String::from_utf8_lossy(b);
                let (t, n) = imp::render_merge(&original, &file, &segs, &f);
                filled += n.len();
                (!n.is_empty()).then_some(t)
            }
            None => Some(imp::render_new(&set.lang, &segs, &f, &nt, from)),
        };
        if let Some(t) = text {
            io::write_atomic(&p.path, t.as_bytes())?;
            written.push(p.shown.clone());
        }
    }
    Ok((written, filled))
}

/// `translations/<lang>.md` next to per-chapter files: not read, and said so.
pub fn unused_file(file: &std::path::Path, set: &TranslationSet) -> Diagnostic {
    Diagnostic::warning(
        "unused-file",
        format!(
            "the file is not read: with align.per_chapter the `{}` translation is the chapter files in {}",
            set.lang,
            set.shown.display()
        ),
    )
    .file(file)
    .lang(set.lang.as_str())
    .hint(format!(
        "move its divs into the chapter files (`stele import --merge --lang {} {}` fills them), then delete it",
        set.lang,
        file.display()
    ))
}

/// A file in a language's chapter directory that is no chapter's (a chapter renamed or removed
/// from `document.source`): not read, and said so.
pub fn stray_chapter_file(file: &std::path::Path, set: &TranslationSet) -> Diagnostic {
    Diagnostic::warning(
        "unused-file",
        format!(
            "the file is not read: no chapter of document.source is called `{}`",
            file.file_stem().unwrap_or_default().to_string_lossy()
        ),
    )
    .file(file)
    .lang(set.lang.as_str())
    .hint(format!(
        "name a chapter file after its source file (`{}/02-intro.md` for `source/02-intro.md`), or move its divs into the right chapter file and delete it",
        set.shown.display()
    ))
}
