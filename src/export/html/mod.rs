//! The HTML editions: one self-contained page per language (`<lang>.html`) and a parallel reader
//! (`parallel.html`), synchronized by segment ID; one public entry, [`html`].
//!
//! # Pages and IDs
//!
//! - `html/<lang>.html`: `<html lang dir>`; every segment element carries its segment ID
//!   (`p3`, `h1`, `ref-2`); citations are `cite-<segment>-<k>` (see [`super::xhtml`]).
//! - `html/parallel.html`: one row per segment, `<div class="row" id="p3">`, holding one cell per
//!   language whose segment element is `<lang>-<ID>` (`en-p3`, `ar-p3`); IDs stay unique because
//!   every ID of a column is prefixed with its language tag and a hyphen. Rows are CSS grids, so
//!   counterparts start at the same height; below 48rem the cells of a row stack.
//! - Every segment links to the same ID in the other pages (`ar.html#p3`, `parallel.html#p3`);
//!   the language switcher links to the other pages, and an optional inline script points its
//!   links at the segment being read. Checkboxes in the parallel page choose the columns shown
//!   (CSS `:has()`); with JavaScript off, or without `:has()`, every column is shown.
//! - Self-contained: CSS and the optional script are inline; the only files the pages load
//!   are the fonts they ship in `html/fonts/` (relative URLs, so `file://` works; issue 18).
//! - Interface strings come from [`crate::i18n`] in the page's language.

mod assets;
mod reader;
mod sentences;

use super::xhtml::{self, XhtmlOptions};
use super::OutputFile;
use crate::diag::{Diagnostic, Staged};
use crate::i18n::{Arg, Ui};
use crate::model::{Document, Edition, Lang, SegmentKind, Status};
use crate::pandoc;
use pandoc_ast::Block;
use std::path::PathBuf;

/// What [`html`] writes.
#[derive(Debug, Clone)]
pub struct HtmlOptions {
    /// Languages that get a page (and a column in the parallel page); empty: every language of
    /// the edition, in edition order.
    pub langs: Vec<Lang>,
    /// Whether to write `parallel.html` (only written for two or more languages).
    pub parallel: bool,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            langs: Vec::new(),
            parallel: true,
        }
    }
}

/// Renders the HTML editions: `html/<lang>.html` per language and `html/parallel.html`.
///
/// Pure: same edition and options, byte-identical files. Diagnostics: interface strings missing
/// for a language (English is used), languages asked for that the edition lacks (an error), and
/// segments missing from a language (its cell in the parallel page stays empty).
pub fn html(edition: &Edition, opts: &HtmlOptions) -> Staged<Vec<OutputFile>> {
    let mut diags = Vec::new();
    let mut docs: Vec<&Document> = Vec::new();
    if opts.langs.is_empty() {
        docs.extend(edition.docs.iter().map(|d| &**d));
    } else {
        diags.extend(super::unknown_langs(
            edition,
            &opts.langs,
            "html-lang",
            "page",
        ));
        docs.extend(opts.langs.iter().filter_map(|l| edition.doc(l)));
        // Edition order, whatever the order asked.
        docs.sort_by_key(|d| edition.docs.iter().position(|e| e.lang == d.lang));
        docs.dedup_by_key(|d| d.lang.clone());
    }
    if diags.iter().any(Diagnostic::is_error) || docs.is_empty() {
        if docs.is_empty() && diags.is_empty() {
            diags.push(Diagnostic::error(
                "html-lang",
                "the edition has no documents",
            ));
        }
        return Staged::failed(diags);
    }
    let autonyms = docs
        .iter()
        .map(|d| (d.lang.clone(), Ui::of(edition, &d.lang).autonym()))
        .collect();
    let site = Site {
        edition,
        parallel: opts.parallel && docs.len() > 1,
        docs,
        autonyms,
    };
    let mut files = Vec::new();
    for doc in &site.docs {
        let ui = Ui::of(edition, &doc.lang);
        let page = single_page(&site, doc, &ui);
        diags.extend(ui.diagnostics());
        files.push(OutputFile {
            path: PathBuf::from(format!("html/{}.html", doc.lang)),
            bytes: page.into_bytes(),
            langs: vec![doc.lang.clone()],
        });
    }
    if site.parallel {
        let (page, d) = parallel_page(&site);
        diags.extend(d);
        files.push(OutputFile {
            path: PathBuf::from("html/parallel.html"),
            bytes: page.into_bytes(),
            langs: site.docs.iter().map(|d| d.lang.clone()).collect(),
        });
    }
    files.extend(font_files(&site.langs()));
    files.extend(media_files(edition, &site.langs()));
    crate::diag::dedup(&mut diags);
    Staged::ok(files, diags)
}

/// `html/media/<name>`: the edition's images (issue 16), each once, for every page shown.
pub fn media_files(edition: &Edition, langs: &[&Lang]) -> Vec<OutputFile> {
    let mut seen = std::collections::BTreeSet::new();
    edition
        .media
        .values()
        .filter(|m| seen.insert(m.name.clone()))
        .map(|m| OutputFile {
            path: PathBuf::from(format!("html/media/{}", m.name)),
            bytes: m.bytes.to_vec(),
            langs: langs.iter().map(|l| (*l).clone()).collect(),
        })
        .collect()
}

/// `html/fonts/`: the faces the pages' `@font-face` rules name, and their licenses; each file
/// lists the languages that use it (Amiri: the Arabic-script ones).
pub fn font_files(langs: &[&Lang]) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = super::webfonts::for_langs(langs.iter().copied())
        .into_iter()
        .map(|f| OutputFile {
            path: PathBuf::from(format!("html/fonts/{}", f.file)),
            bytes: f.bytes.to_vec(),
            langs: langs
                .iter()
                .filter(|l| !f.arabic || l.script() == crate::model::Script::Arabic)
                .map(|l| (*l).clone())
                .collect(),
        })
        .collect();
    for (name, text) in super::webfonts::LICENSES {
        let users: Vec<Lang> = langs
            .iter()
            .filter(|l| !name.contains("Amiri") || l.script() == crate::model::Script::Arabic)
            .map(|l| (*l).clone())
            .collect();
        if !users.is_empty() {
            files.push(OutputFile {
                path: PathBuf::from(format!("html/fonts/{name}")),
                bytes: text.as_bytes().to_vec(),
                langs: users,
            });
        }
    }
    files
}

struct Site<'e> {
    edition: &'e Edition,
    docs: Vec<&'e Document>,
    parallel: bool,
    /// Each language's name for itself (its catalog's, the project's first, else CLDR's).
    autonyms: std::collections::BTreeMap<Lang, String>,
}

impl Site<'_> {
    fn langs(&self) -> Vec<&Lang> {
        self.docs.iter().map(|d| &d.lang).collect()
    }
}

fn file_of(lang: &Lang) -> String {
    format!("{lang}.html")
}

const PARALLEL_FILE: &str = "parallel.html";

/// The page's head: doctype, `<html lang dir>`, charset, title, alternates, inline CSS.
fn head(site: &Site, lang: &Lang, title: &str, out: &mut String) {
    out.push_str("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"");
    xhtml::lang_attrs(out, lang, true);
    out.push_str(">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    // The source fingerprint tells a publisher which source revision every edition comes from.
    out.push_str("<meta name=\"generator\" content=\"stele; source ");
    xhtml::push_attr(out, &site.edition.source_fingerprint);
    out.push_str("\"/>\n<title>");
    xhtml::push_text(out, title);
    out.push_str("</title>\n");
    for l in site.langs() {
        out.push_str("<link rel=\"alternate\" hreflang=\"");
        xhtml::push_attr(out, l.as_str());
        out.push_str("\" href=\"");
        xhtml::push_attr(out, &file_of(l));
        out.push_str("\"/>\n");
    }
    out.push_str("<style>\n");
    out.push_str(&assets::css(&site.langs()));
    out.push_str(reader::CSS);
    out.push_str("</style>\n</head>\n");
}

/// Skip link and the header with the language switcher (links keep the reader's place via the
/// optional script; without it they open the other page at its top).
fn site_header(site: &Site, current: Option<&Lang>, ui: &Ui, out: &mut String) {
    out.push_str("<a class=\"skip-link\" href=\"#main\">");
    xhtml::ui(&ui.msg("skip-to-content", &[]), ui.lang(), out);
    out.push_str(
        "</a>\n<header class=\"site-header\">\n<nav class=\"lang-switcher\" aria-label=\"",
    );
    xhtml::push_attr(out, &ui.text("languages", &[]));
    out.push_str("\">\n<ul>\n");
    for l in site.langs() {
        let name = autonym(site, l);
        out.push_str("<li>");
        if Some(l) == current {
            out.push_str("<a aria-current=\"page\" href=\"");
            xhtml::push_attr(out, &file_of(l));
            out.push('"');
        } else {
            out.push_str("<a data-keep-place=\"\" href=\"");
            xhtml::push_attr(out, &file_of(l));
            out.push_str("\" hreflang=\"");
            xhtml::push_attr(out, l.as_str());
            out.push('"');
        }
        if l != ui.lang() {
            xhtml::lang_attrs(out, l, true);
        }
        out.push('>');
        xhtml::push_text(out, &name);
        out.push_str("</a></li>\n");
    }
    if site.parallel {
        out.push_str("<li><a ");
        if current.is_none() {
            out.push_str("aria-current=\"page\" ");
        } else {
            out.push_str("data-keep-place=\"\" ");
        }
        out.push_str("href=\"parallel.html\">");
        xhtml::ui(&ui.msg("parallel-edition", &[]), ui.lang(), out);
        out.push_str("</a></li>\n");
    }
    out.push_str("</ul>\n</nav>\n");
}

/// A language's name for itself: its catalog's (the project's first), else CLDR's.
fn autonym(site: &Site, l: &Lang) -> String {
    site.autonyms
        .get(l)
        .cloned()
        .unwrap_or_else(|| Ui::of(site.edition, l).autonym())
}

fn footer(site: &Site, ui: &Ui, out: &mut String) {
    let e = site.edition;
    out.push_str("<footer class=\"site-footer\">\n<p>");
    // The colophon: the stated publication date (none inferred), then the source fingerprint.
    if crate::export::credits::published_xhtml(e, ui, ui.lang(), out) {
        out.push_str(" · ");
    }
    xhtml::ui(
        &ui.msg(
            "source-fingerprint",
            &[("fingerprint", Arg::Text(e.source_fingerprint.clone()))],
        ),
        ui.lang(),
        out,
    );
    out.push_str("</p>\n</footer>\n");
}

/// The page's one inline script: the place-keeping links, then `extra` (the parallel page's).
fn script(out: &mut String, extra: &str) {
    out.push_str("<script>\n");
    out.push_str(assets::SCRIPT);
    out.push_str(extra);
    out.push_str("</script>\n");
}

/// Links from a segment to the same ID in the other pages (`ar.html#p3`, `parallel.html#p3`).
fn segment_links(site: &Site, ui: &Ui, id: &str, except: Option<&Lang>) -> String {
    let mut out = String::new();
    out.push_str("<span class=\"seg-links\" translate=\"no\" data-seg=\"");
    xhtml::push_attr(&mut out, id);
    out.push_str("\">");
    for l in site.langs() {
        if Some(l) == except {
            continue;
        }
        let name = ui.lang_name(l).text();
        out.push_str("<a href=\"");
        xhtml::push_attr(&mut out, &format!("{}#{id}", file_of(l)));
        out.push_str("\" hreflang=\"");
        xhtml::push_attr(&mut out, l.as_str());
        out.push_str("\" title=\"");
        xhtml::push_attr(
            &mut out,
            &ui.text("segment-link", &[("language", Arg::Text(name))]),
        );
        out.push('"');
        xhtml::lang_attrs(&mut out, l, true);
        out.push('>');
        xhtml::push_text(&mut out, &autonym(site, l));
        out.push_str("</a>");
    }
    if site.parallel && except.is_some() {
        out.push_str("<a href=\"");
        xhtml::push_attr(&mut out, &format!("{PARALLEL_FILE}#{id}"));
        out.push_str("\" title=\"");
        xhtml::push_attr(&mut out, &ui.text("segment-parallel", &[]));
        out.push_str("\">");
        xhtml::push_text(&mut out, &ui.text("parallel-edition", &[]));
        out.push_str("</a>");
    }
    out.push_str("</span>\n");
    out
}

/// Segments not a current translation, in document order.
fn flagged(doc: &Document) -> Vec<String> {
    doc.segments()
        .into_iter()
        .filter(|s| s.status != Status::Current)
        .map(|s| s.id)
        .collect()
}

/// The "translated from … by …" line and the count of passages needing review.
fn byline(site: &Site, doc: &Document, ui: &Ui, out: &mut String) {
    let e = site.edition;
    if let Some(msg) = crate::export::credits::credit(e, &doc.lang, ui) {
        out.push_str("<p class=\"byline\">");
        xhtml::ui(&msg, &doc.lang, out);
        out.push_str("</p>\n");
    }
    let flagged = flagged(doc);
    if let Some(first) = flagged.first() {
        out.push_str("<p class=\"review\"><a href=\"#");
        xhtml::push_attr(out, first);
        out.push_str("\">");
        let msg = ui.msg("review-count", &[("count", Arg::Num(flagged.len() as i64))]);
        xhtml::ui(&msg, &doc.lang, out);
        out.push_str("</a></p>\n");
    }
}

/// One table-of-contents entry: the heading's ID, text, level and stand-in language.
struct TocEntry {
    id: String,
    text: String,
    level: i64,
    lang: Option<Lang>,
}

/// The headings of a document, for the table of contents.
fn toc_entries(doc: &Document) -> Vec<TocEntry> {
    let mut v = Vec::new();
    pandoc::walk_segments(&doc.ast.blocks, &mut |b, kind, attr| {
        if let (SegmentKind::Heading, Block::Header(level, _, _)) = (kind, b) {
            v.push(TocEntry {
                id: attr.0.clone(),
                text: pandoc::segment_text(b),
                level: *level,
                lang: pandoc::attr_get(attr, "lang").and_then(|l| Lang::parse(l).ok()),
            });
        }
    });
    v
}

/// The table of contents: one list, nested by heading level (a heading deeper than the one
/// before it opens a list inside that one's item; a skipped level is not an empty item).
fn toc(entries: &[TocEntry], ctx: &Lang, ui: &Ui, heading_id: &str, out: &mut String) {
    let Some(top) = entries.iter().map(|e| e.level).min() else {
        return;
    };
    out.push_str("<nav class=\"toc\" aria-labelledby=\"");
    xhtml::push_attr(out, heading_id);
    out.push_str("\">\n<h2 id=\"");
    xhtml::push_attr(out, heading_id);
    out.push_str("\">");
    xhtml::ui(&ui.msg("contents", &[]), ctx, out);
    out.push_str("</h2>\n<ol>\n");
    let mut depth = 0i64;
    for e in entries {
        let want = (e.level - top + 1).clamp(1, depth + 1);
        if depth > 0 && want > depth {
            out.push_str("\n<ol>\n");
        } else if depth > 0 {
            out.push_str("</li>\n");
            for _ in want..depth {
                out.push_str("</ol>\n</li>\n");
            }
        }
        depth = want;
        out.push_str("<li><a href=\"#");
        xhtml::push_attr(out, &e.id);
        out.push('"');
        let inner = match &e.lang {
            Some(l) if l != ctx => {
                xhtml::lang_attrs(out, l, true);
                l
            }
            _ => ctx,
        };
        out.push('>');
        xhtml::plain_text(&e.text, inner, out);
        out.push_str("</a>");
    }
    out.push_str("</li>\n");
    for _ in 1..depth {
        out.push_str("</ol>\n</li>\n");
    }
    out.push_str("</ol>\n</nav>\n");
}

fn single_page(site: &Site, doc: &Document, ui: &Ui) -> String {
    let mut out = String::new();
    let title = doc.title();
    head(site, &doc.lang, &title, &mut out);
    out.push_str("<body class=\"edition\">\n");
    site_header(site, Some(&doc.lang), ui, &mut out);
    out.push_str("</header>\n<main id=\"main\" tabindex=\"-1\">\n<article>\n<header class=\"article-header\">\n");

    let extra = |id: &str, _k: SegmentKind| segment_links(site, ui, id, Some(&doc.lang));
    let cites = site.edition.citations(&doc.lang);
    let opts = XhtmlOptions {
        id_prefix: "",
        locate: None,
        ui: Some(ui),
        source_lang: Some(&site.edition.source_lang),
        segment_extra: Some(&extra),
        cites: Some(cites),
        heading_shift: pandoc::heading_shift(&doc.ast.blocks),
        media: Some(&site.edition.media),
    };
    let blocks = &doc.ast.blocks;
    let (title_block, rest) = match blocks.split_first() {
        Some((b @ Block::Header(..), rest))
            if pandoc::segment_kind(b).map(|(k, _)| k) == Some(SegmentKind::Title) =>
        {
            (Some(b), rest)
        }
        _ => (None, &blocks[..]),
    };
    match title_block {
        Some(b) => xhtml::blocks(doc, std::slice::from_ref(b), &opts, &mut out),
        None => {
            out.push_str("<h1>");
            xhtml::plain_text(&title, &doc.lang, &mut out);
            out.push_str("</h1>\n");
        }
    }
    byline(site, doc, ui, &mut out);
    out.push_str("</header>\n");
    toc(&toc_entries(doc), &doc.lang, ui, "toc-heading", &mut out);
    xhtml::blocks(doc, rest, &opts, &mut out);
    out.push_str("</article>\n</main>\n");
    footer(site, ui, &mut out);
    script(&mut out, "");
    out.push_str("</body>\n</html>\n");
    out
}

fn parallel_page(site: &Site) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let source = site.docs[0];
    let ui = Ui::of(site.edition, &source.lang);
    let uis: Vec<Ui> = site
        .docs
        .iter()
        .map(|d| Ui::of(site.edition, &d.lang))
        .collect();
    let mut out = String::new();
    let title = ui.text("parallel-title", &[("title", Arg::Text(source.title()))]);
    head(site, &source.lang, &title, &mut out);
    out.push_str("<body class=\"parallel\">\n");
    site_header(site, None, &ui, &mut out);
    // The column chooser: checkboxes, checked by default, read by CSS `:has()`.
    out.push_str("<fieldset class=\"chooser\">\n<legend>");
    xhtml::ui(&ui.msg("show-languages", &[]), ui.lang(), &mut out);
    out.push_str("</legend>\n");
    for l in site.langs() {
        out.push_str(
            "<span class=\"choice\"><input type=\"checkbox\" checked=\"checked\" id=\"show-",
        );
        xhtml::push_attr(&mut out, l.as_str());
        // the hint is read with each checkbox (the legend names the group)
        out.push_str("\" aria-describedby=\"chooser-hint\"/><label for=\"show-");
        xhtml::push_attr(&mut out, l.as_str());
        out.push('"');
        if l != ui.lang() {
            xhtml::lang_attrs(&mut out, l, true);
        }
        out.push('>');
        xhtml::push_text(&mut out, &autonym(site, l));
        out.push_str("</label></span>\n");
    }
    out.push_str("<span class=\"hint\" id=\"chooser-hint\">");
    xhtml::ui(&ui.msg("chooser-hint", &[]), ui.lang(), &mut out);
    out.push_str("</span>\n</fieldset>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");

    // Column labels, repeated in each cell when rows stack.
    out.push_str("<div class=\"row row-head\" aria-hidden=\"true\">");
    for l in site.langs() {
        out.push_str("<div class=\"cell cell-");
        xhtml::push_attr(&mut out, l.as_str());
        out.push('"');
        xhtml::lang_attrs(&mut out, l, true);
        out.push('>');
        xhtml::push_text(&mut out, &autonym(site, l));
        out.push_str("</div>");
    }
    out.push_str("</div>\n");

    let prefixes: Vec<String> = site.langs().iter().map(|l| format!("{l}-")).collect();
    let extras: Vec<BoxedExtra> = site
        .docs
        .iter()
        .zip(&uis)
        .map(|(d, u)| {
            let lang = &d.lang;
            Box::new(move |id: &str, _k: SegmentKind| own_page_link(u, lang, id)) as BoxedExtra
        })
        .collect();
    let indexes: Vec<&xhtml::CitationIndex> = site
        .docs
        .iter()
        .map(|d| site.edition.citations(&d.lang))
        .collect();
    let opts: Vec<XhtmlOptions> = (0..site.docs.len())
        .map(|i| XhtmlOptions {
            id_prefix: &prefixes[i],
            locate: None,
            ui: Some(&uis[i]),
            source_lang: Some(&site.edition.source_lang),
            segment_extra: Some(&*extras[i]),
            cites: Some(indexes[i]),
            heading_shift: pandoc::heading_shift(&site.docs[i].ast.blocks),
            media: Some(&site.edition.media),
        })
        .collect();

    // One row per unit: a segment, or a whole list/table/quote/figure of segments (issue 16),
    // as the edition's segment table pairs them (issue 13).
    let units: Vec<Vec<(&str, &Block)>> = site
        .docs
        .iter()
        .map(|d| pandoc::containers::units(&d.ast.blocks))
        .collect();
    let table = &site.edition.table;
    let columns: Vec<Option<usize>> = site.docs.iter().map(|d| table.column(&d.lang)).collect();
    let cell = |row: &crate::model::Row, i: usize| pandoc::table::cell(&units[i], columns[i], row);
    for (n, r) in table.rows.iter().enumerate() {
        let id = r.id.as_str();
        let is_heading = (0..site.docs.len())
            .filter_map(|i| cell(r, i))
            .next()
            .is_some_and(|b| matches!(pandoc::segment_kind(b), Some((SegmentKind::Heading, _))));
        out.push_str("<div class=\"row");
        if is_heading {
            out.push_str(" row-heading");
        }
        out.push_str("\" id=\"");
        xhtml::push_attr(&mut out, id);
        out.push_str("\" data-seg=\"");
        xhtml::push_attr(&mut out, id);
        out.push_str("\">\n");
        for (i, doc) in site.docs.iter().enumerate() {
            out.push_str("<div class=\"cell cell-");
            xhtml::push_attr(&mut out, doc.lang.as_str());
            out.push('"');
            xhtml::lang_attrs(&mut out, &doc.lang, true);
            out.push_str(" data-label=\"");
            xhtml::push_attr(&mut out, &autonym(site, &doc.lang));
            out.push_str("\">\n");
            if let Some(b) = cell(r, i) {
                xhtml::blocks(doc, std::slice::from_ref(b), &opts[i], &mut out);
            }
            out.push_str("</div>\n");
        }
        out.push_str("</div>\n");
        if n == 0 {
            toc_row(site, &uis, &mut out);
        }
    }
    out.push_str("</main>\n");
    footer(site, &ui, &mut out);
    script(
        &mut out,
        &format!("{}{}", reader::SCRIPT, sentences::SCRIPT),
    );
    out.push_str("</body>\n</html>\n");
    diags.extend(ui.diagnostics());
    for u in &uis {
        diags.extend(u.diagnostics());
    }
    (out, diags)
}

/// The parallel page's contents: one row, each language's headings in its own column (issue 18).
fn toc_row(site: &Site, uis: &[Ui], out: &mut String) {
    out.push_str("<div class=\"row row-toc\">\n");
    for (doc, ui) in site.docs.iter().zip(uis) {
        out.push_str("<div class=\"cell cell-");
        xhtml::push_attr(out, doc.lang.as_str());
        out.push('"');
        xhtml::lang_attrs(out, &doc.lang, true);
        out.push_str(" data-label=\"");
        xhtml::push_attr(out, &autonym(site, &doc.lang));
        out.push_str("\">\n");
        let heading = format!("toc-heading-{}", doc.lang);
        toc(&toc_entries(doc), &doc.lang, ui, &heading, out);
        out.push_str("</div>\n");
    }
    out.push_str("</div>\n");
}

/// A per-column segment hook of the parallel page.
type BoxedExtra<'a> = Box<dyn Fn(&str, SegmentKind) -> String + 'a>;

/// In a parallel cell: a link to the same segment in that language's own page.
fn own_page_link(ui: &Ui, lang: &Lang, id: &str) -> String {
    let mut out = String::new();
    out.push_str("<span class=\"seg-links\" translate=\"no\"><a href=\"");
    xhtml::push_attr(&mut out, &format!("{}#{id}", file_of(lang)));
    out.push_str("\" hreflang=\"");
    xhtml::push_attr(&mut out, lang.as_str());
    out.push_str("\" title=\"");
    let name = ui.lang_name(lang).text();
    xhtml::push_attr(
        &mut out,
        &ui.text("segment-link", &[("language", Arg::Text(name))]),
    );
    out.push_str("\">");
    // `ui` is the linked language's own: its autonym names the link.
    xhtml::push_text(&mut out, &ui.autonym());
    out.push_str("</a></span>\n");
    out
}

#[cfg(test)]
mod tests;
