//! The Typst `World` of the PDF editions: one in-memory source, embedded fonts (plus fonts the
//! caller loaded from `--font-path`), no file system, no network, and `today()` fixed to the
//! edition date so that a build never depends on the clock.

use std::path::PathBuf;
use std::sync::Arc;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Amiri (OFL), the Arabic book face, kept in `fonts/amiri/` (see its README for the origin).
const AMIRI: [&[u8]; 4] = [
    include_bytes!("../../../fonts/amiri/Amiri-Regular.ttf"),
    include_bytes!("../../../fonts/amiri/Amiri-Bold.ttf"),
    include_bytes!("../../../fonts/amiri/Amiri-Slanted.ttf"),
    include_bytes!("../../../fonts/amiri/Amiri-BoldSlanted.ttf"),
];

/// A font file the caller read from a `--font-path` directory.
#[derive(Debug, Clone)]
pub struct FontFile {
    /// Where it came from (for diagnostics only).
    pub path: PathBuf,
    pub bytes: Arc<Vec<u8>>,
}

/// Every font a build may use, in a fixed order: typst-assets, Amiri, then extra fonts in the
/// order given. Built once per export and shared by the editions' worlds.
pub struct FontSet {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// Families of the extra fonts (lowercase, sorted, deduplicated), used as explicit fallbacks.
    extra_families: Vec<String>,
}

impl FontSet {
    /// The embedded fonts plus `extra`; returns the set and the paths of files that hold no font.
    pub fn new(extra: &[FontFile]) -> (FontSet, Vec<PathBuf>) {
        let mut fonts = Vec::new();
        for data in typst_assets::fonts().chain(AMIRI) {
            fonts.extend(Font::iter(Bytes::new(data)));
        }
        let embedded = fonts.len();
        let mut rejected = Vec::new();
        for file in extra {
            let before = fonts.len();
            fonts.extend(Font::iter(Bytes::new(file.bytes.as_ref().clone())));
            if fonts.len() == before {
                rejected.push(file.path.clone());
            }
        }
        let mut extra_families: Vec<String> = fonts[embedded..]
            .iter()
            .map(|f| f.info().family.to_lowercase())
            .collect();
        extra_families.sort();
        extra_families.dedup();
        let book = FontBook::from_fonts(&fonts);
        let set = FontSet {
            book: LazyHash::new(book),
            fonts,
            extra_families,
        };
        (set, rejected)
    }

    /// Whether some font of the family has a glyph for `c`.
    pub fn family_covers(&self, family: &str, c: char) -> bool {
        self.book
            .select_family(&family.to_lowercase())
            .filter_map(|i| self.book.info(i))
            .any(|info: &FontInfo| info.coverage.contains(c as u32))
    }

    pub fn has_family(&self, family: &str) -> bool {
        self.book.contains_family(&family.to_lowercase())
    }

    pub fn extra_families(&self) -> &[String] {
        &self.extra_families
    }
}

/// One compilation: the generated Typst source of one edition.
pub struct EditionWorld<'a> {
    library: &'a LazyHash<Library>,
    fonts: &'a FontSet,
    main: Source,
    today: Datetime,
    /// The edition's images by stable name, read as `/media/<name>` (issue 16).
    media: Option<&'a crate::media::MediaSet>,
}

impl<'a> EditionWorld<'a> {
    /// `name` is the virtual file name shown in diagnostics (e.g. `en-ar.typ`).
    pub fn new(
        library: &'a LazyHash<Library>,
        fonts: &'a FontSet,
        name: &str,
        text: String,
        today: Datetime,
    ) -> Self {
        let vpath = VirtualPath::new(name).unwrap_or_else(|_| {
            VirtualPath::new("edition.typ").expect("a plain file name is a valid virtual path")
        });
        let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
        EditionWorld {
            library,
            fonts,
            main: Source::new(id, text),
            today,
            media: None,
        }
    }

    /// Serves the edition's images to the generated source (never the file system).
    pub fn with_media(mut self, media: &'a crate::media::MediaSet) -> Self {
        self.media = Some(media);
        self
    }

    pub fn source(&self) -> &Source {
        &self.main
    }
}

/// The standard library, with nothing from the environment (`sys.inputs` empty).
pub fn library() -> LazyHash<Library> {
    LazyHash::new(Library::builder().build())
}

impl World for EditionWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            // Only the edition's images (read by the app layer) exist; packages and data are refused.
            let path = id.vpath().get_with_slash();
            let name = path.strip_prefix("/media/");
            self.media
                .and_then(|m| m.values().find(|f| Some(f.name.as_str()) == name))
                .map(|f| Bytes::new(f.bytes.to_vec()))
                .ok_or_else(|| not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_fonts_cover_latin_cyrillic_and_arabic() {
        let (set, rejected) = FontSet::new(&[]);
        assert!(rejected.is_empty());
        assert!(set.family_covers("Libertinus Serif", 'ж'));
        assert!(set.family_covers("Libertinus Serif", 'é'));
        assert!(set.family_covers("Amiri", 'ش'));
        assert!(!set.family_covers("Libertinus Serif", 'ش'));
        assert!(set.extra_families().is_empty());
    }

    #[test]
    fn a_file_that_is_no_font_is_reported() {
        let junk = FontFile {
            path: "junk.ttf".into(),
            bytes: Arc::new(b"not a font".to_vec()),
        };
        let (_, rejected) = FontSet::new(&[junk]);
        assert_eq!(rejected, vec![PathBuf::from("junk.ttf")]);
    }
}
