//! EPUB 3 editions: one per language and one bilingual (source + target, interleaved) per
//! target language, each a reproducible OCF zip; entry point [`epub`].
//!
//! Layout of every book:
//!
//! ```text
//! mimetype                 stored, first
//! META-INF/container.xml
//! EPUB/package.opf         package.rs
//! EPUB/nav.xhtml           nav.rs: table of contents + landmarks, localized
//! EPUB/style.css
//! EPUB/fonts/*.otf|ttf     Libertinus Serif; Amiri with an Arabic-script language (issue 18)
//! EPUB/media/<hash>.<ext>  the source's images (issue 16), named by content
//! EPUB/<first id>.xhtml    the title and the opening paragraphs (`title.xhtml`)
//! EPUB/<heading id>.xhtml  one per section at the split level (`h1.xhtml`, `h2.xhtml`, ...)
//! EPUB/references.xhtml    the reference list
//! ```
//!
//! IDs: every segment keeps the ID it has in the HTML editions (`p3`, `h1`, `ref-3`). In a
//! bilingual book the source segment keeps it and the counterpart that follows it gets the
//! target language as a prefix (`ar-p3`, `ar-ref-3`), so IDs stay unique within the book.
//! Citations are `cite-<segment>-<k>` (`cite-p5-1`; `ar-cite-p5-1` in the counterpart), linked
//! to `references.xhtml#ref-1` (`#ar-ref-1`), whose entry links back to each of them.

mod container;
mod content;
mod nav;
mod package;
mod plan;
mod xml;

pub use package::{identifier, is_modified, modified_from_date, modified_from_epoch};
pub use plan::counterpart_id;

use self::container::Bytes;
use crate::diag::{Diagnostic, Staged};
use crate::export::OutputFile;
use crate::i18n::{Arg, Ui};
use crate::model::{Document, Edition, Lang};
use std::path::PathBuf;

/// What to build.
#[derive(Debug, Clone)]
pub struct EpubOptions {
    /// Languages whose editions to write (empty: every language of the edition). A bilingual
    /// edition is written for each selected target language.
    pub langs: Vec<Lang>,
    /// Also write the bilingual editions (`en-ar.epub`, ...).
    pub bilingual: bool,
    /// `dcterms:modified` and the zip timestamps, `YYYY-MM-DDThh:mm:ssZ` (the pipeline passes
    /// `SOURCE_DATE_EPOCH` here); `None`: midnight UTC of the edition date. Never the clock.
    pub modified: Option<String>,
    /// Headings of this level or above (a smaller number) open a content file; `None`: the top
    /// heading level the document has (edition.toml `epub.split_level`).
    pub split_level: Option<i64>,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            langs: Vec::new(),
            bilingual: true,
            modified: None,
            split_level: None,
        }
    }
}

/// The stylesheet of every book (no `direction`/`unicode-bidi`: direction comes from `dir`).
const STYLE_CSS: &str = include_str!("style.css");

/// The book's stylesheet: the embedded fonts' `@font-face` rules (issue 18), the shared rules,
/// then per language its family and, for Arabic script, the optical size of
/// [`crate::export::webfonts::ARABIC_SCALE`] (set once on the outermost element of the
/// language; a stand-in in another language inside it goes back to the Latin face and size).
fn style_css(langs: &[Lang], fonts: &[&crate::export::webfonts::WebFont]) -> String {
    use crate::export::webfonts::{ARABIC_SCALE, ARABIC_STACK, SERIF_STACK};
    let mut s = crate::export::webfonts::font_faces(fonts, "fonts/");
    s.push_str(STYLE_CSS);
    s.push_str(&format!("body {{ font-family: {SERIF_STACK}; }}\n"));
    for l in langs
        .iter()
        .filter(|l| l.script() == crate::model::Script::Arabic)
    {
        let t = l.as_str();
        s.push_str(&format!(
            ":lang({t}) {{ font-family: {ARABIC_STACK}; }}\n\
             html[lang=\"{t}\"] body, body [lang=\"{t}\"] {{ font-size: {ARABIC_SCALE}em; line-height: 1.8; }}\n\
             [lang=\"{t}\"] [lang=\"{t}\"] {{ font-size: 1em; }}\n\
             [lang=\"{t}\"] div[lang]:not([lang=\"{t}\"]) {{ font-family: {SERIF_STACK}; font-size: .83em; line-height: 1.5; }}\n"
        ));
    }
    s
}

/// Builds the EPUB editions of `edition`: `epub/<lang>.epub` and `epub/<src>-<lang>.epub`.
pub fn epub(edition: &Edition, opts: &EpubOptions) -> Staged<Vec<OutputFile>> {
    let mut diags = Vec::new();
    let modified = match &opts.modified {
        Some(m) if is_modified(m) => m.clone(),
        Some(m) => {
            return Staged::failed(vec![Diagnostic::error(
                "epub-modified",
                format!("modification date `{m}` is not of the form YYYY-MM-DDThh:mm:ssZ"),
            )
            .hint("set SOURCE_DATE_EPOCH to whole seconds since 1970-01-01 UTC")])
        }
        None => edition.modified.clone(),
    };
    if edition.docs.is_empty() {
        return Staged::failed(vec![Diagnostic::error(
            "epub-empty",
            "the edition has no documents",
        )
        .hint("normalize the source first (`stele normalize`)")]);
    }
    diags.extend(super::unknown_langs(
        edition,
        &opts.langs,
        "epub-lang",
        "book",
    ));
    let selected = |l: &Lang| opts.langs.is_empty() || opts.langs.contains(l);
    let source = edition.source();
    let mut books: Vec<(String, &Document, Option<&Document>)> = Vec::new();
    for doc in edition.docs.iter().filter(|d| selected(&d.lang)) {
        books.push((doc.lang.to_string(), doc, None));
    }
    if opts.bilingual {
        for doc in edition.docs.iter().skip(1).filter(|d| selected(&d.lang)) {
            books.push((format!("{}-{}", source.lang, doc.lang), source, Some(doc)));
        }
    }
    // The books are made side by side (deflating is most of an EPUB's time, and the HTML pages
    // finish long before: issue 12); collected in order, so files and findings are too.
    use rayon::prelude::*;
    let built: Vec<_> = books
        .par_iter()
        .map(|(name, primary, counterpart)| {
            let path = PathBuf::from("epub").join(format!("{name}.epub"));
            let built = book(edition, primary, *counterpart, &modified, opts.split_level);
            (path, primary, counterpart, built)
        })
        .collect();
    let mut files = Vec::new();
    for (path, primary, counterpart, built) in built {
        // findings without a place of their own are about this book
        diags.extend(built.diags.into_iter().map(|d| match d.file {
            None => d.file(&path),
            Some(_) => d,
        }));
        if let Some(bytes) = built.value {
            let mut langs = vec![primary.lang.clone()];
            langs.extend(counterpart.map(|c| c.lang.clone()));
            files.push(OutputFile { path, bytes, langs });
        }
    }
    Staged::ok(files, diags)
}

/// The title of a document: its metadata title, else its title segment, else the document ID.
fn title_of(doc: &Document, edition: &Edition) -> String {
    let t = doc.title();
    if !t.trim().is_empty() {
        return t;
    }
    doc.segments()
        .into_iter()
        .find(|s| s.kind == crate::model::SegmentKind::Title)
        .map(|s| s.text)
        .unwrap_or_else(|| edition.id.clone())
}

/// `schema:accessibilitySummary` in the book's primary language; a bilingual book adds how its
/// two languages are ordered.
fn accessibility_summary(ui: &Ui, counterpart: Option<&Document>) -> String {
    let mut s = ui.text("a11y-summary", &[]);
    if let Some(c) = counterpart {
        let language = ui.lang_name(&c.lang).text();
        s.push(' ');
        s.push_str(&ui.text(
            "a11y-summary-bilingual",
            &[("language", Arg::Text(language))],
        ));
    }
    s
}

/// The credits after the title: the primary document's, then (in a bilingual book) the
/// counterpart's, each in its own language (the authors named once, in the primary's).
fn credits(
    edition: &Edition,
    primary: &Document,
    ui: &Ui,
    counterpart: Option<(&Document, &Ui)>,
) -> String {
    use crate::export::credits::front_matter_xhtml;
    let mut s = front_matter_xhtml(edition, &primary.lang, ui, true);
    if let Some((c, cui)) = counterpart {
        s.push_str(&front_matter_xhtml(edition, &c.lang, cui, false));
    }
    s
}

/// One book: plan the files, render them, zip them.
fn book(
    edition: &Edition,
    primary: &Document,
    counterpart: Option<&Document>,
    modified: &str,
    split_level: Option<i64>,
) -> Staged<Vec<u8>> {
    let mut langs = vec![primary.lang.clone()];
    let mut titles = vec![title_of(primary, edition)];
    if let Some(c) = counterpart {
        langs.push(c.lang.clone());
        titles.push(title_of(c, edition));
    }
    let plan = plan::plan(primary, counterpart, &edition.table, split_level);
    let mut diags = Vec::new();
    let ui = Ui::of(edition, &primary.lang);
    let counterpart_ui = counterpart.map(|c| Ui::of(edition, &c.lang));
    let summary = accessibility_summary(&ui, counterpart);
    let fonts = crate::export::webfonts::for_langs(&langs);
    let pkg = package::package_opf(&package::PackageInput {
        edition,
        langs: &langs,
        titles: &titles,
        chapters: &plan.chapters,
        modified,
        summary: &summary,
        fonts: &fonts,
    });
    let nav = nav::nav_xhtml(
        primary,
        counterpart,
        &nav::NavStrings::new(&ui),
        &plan.chapters,
    );
    let dir = container::PACKAGE_DIR;
    let mut files: Vec<(String, Bytes)> = vec![
        (
            "META-INF/container.xml".into(),
            Bytes::Owned(container::container_xml().into_bytes()),
        ),
        (format!("{dir}/package.opf"), Bytes::Owned(pkg.into_bytes())),
        (format!("{dir}/nav.xhtml"), Bytes::Owned(nav.into_bytes())),
        (
            format!("{dir}/style.css"),
            Bytes::Owned(style_css(&langs, &fonts).into_bytes()),
        ),
    ];
    for f in &fonts {
        files.push((format!("{dir}/fonts/{}", f.file), Bytes::Static(f.bytes)));
    }
    for m in package::media_items(edition) {
        files.push((
            format!("{dir}/media/{}", m.name),
            Bytes::Owned(m.bytes.to_vec()),
        ));
    }
    // Back-links come from each document's citation index, the edition's (the same IDs as the
    // HTML and PDF editions'), not recomputed per chapter.
    let book = content::Book {
        cites: edition.citations(&primary.lang),
        counterpart_cites: counterpart.map(|c| edition.citations(&c.lang)),
        primary,
        counterpart,
        plan: &plan,
        ui: &ui,
        counterpart_ui: counterpart_ui.as_ref(),
        source_lang: &edition.source_lang,
        media: &edition.media,
        title: &titles[0],
        credits: credits(
            edition,
            primary,
            &ui,
            counterpart.zip(counterpart_ui.as_ref()),
        ),
    };
    for ch in &plan.chapters {
        let x = content::content_xhtml(ch, &book);
        files.push((format!("{dir}/{}", ch.file), Bytes::Owned(x.into_bytes())));
    }
    diags.extend(ui.diagnostics());
    diags.extend(counterpart_ui.iter().flat_map(Ui::diagnostics));
    match container::write(&files, container::zip_time(modified)) {
        Ok(bytes) => Staged::ok(bytes, diags),
        Err(e) => {
            diags.push(
                Diagnostic::error("epub-zip", e).hint("this is a bug in stele: please report it"),
            );
            Staged::failed(diags)
        }
    }
}
