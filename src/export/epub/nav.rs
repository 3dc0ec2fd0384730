//! The navigation document (`nav.xhtml`): a localized table of contents (nested by heading level,
//! both languages in a bilingual edition) and landmarks.

use super::plan::{Chapter, ChapterKind};
use super::xml::{attr as esc_attr, text as esc};
use crate::export::xhtml::{self, XhtmlOptions};
use crate::i18n::{Msg, Ui};
use crate::model::{Document, Lang};
use pandoc_ast::Inline;

/// The navigation document's interface strings, in the book's primary language (or, where a
/// catalog lacks one, in English, and marked up as such).
pub struct NavStrings {
    /// Heading of the table of contents.
    pub contents: Msg,
    /// Heading of the (hidden) landmarks list.
    pub landmarks: Msg,
    /// Landmark of the first page of text.
    pub start: Msg,
    /// Landmark of the reference list when it has no heading of its own.
    pub references: Msg,
}

impl NavStrings {
    pub fn new(ui: &Ui) -> NavStrings {
        NavStrings {
            contents: ui.msg("contents", &[]),
            landmarks: ui.msg("landmarks", &[]),
            start: ui.msg("start-of-text", &[]),
            references: ui.msg("references", &[]),
        }
    }
}

/// A message as markup in a document in `lang`.
fn ui(msg: &Msg, lang: &Lang) -> String {
    let mut o = String::new();
    xhtml::ui(msg, lang, &mut o);
    o
}

/// The opening of every XHTML document in the book: XML declaration, doctype, `<html>` with
/// `xml:lang`, `lang` and `dir` (reading systems ignore the package's direction), and `<head>`.
pub fn xhtml_head(lang: &Lang, title: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"{l}\" lang=\"{l}\" dir=\"{d}\">\n\
         <head>\n<meta charset=\"UTF-8\"/>\n<title>{t}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n",
        l = esc_attr(lang.as_str()),
        d = lang.dir().as_str(),
        t = esc(title)
    )
}

/// Heading content as markup in the language context of `lang` (foreign runs isolated as in
/// the text).
fn heading(doc: &Document, lang: &Lang, inlines: &[Inline]) -> String {
    let mut o = String::new();
    if *lang == doc.lang {
        xhtml::inlines(doc, inlines, &XhtmlOptions::default(), &mut o);
    } else {
        let stand_in = Document {
            lang: lang.clone(),
            ast: crate::pandoc::new_doc(),
        };
        xhtml::inlines(&stand_in, inlines, &XhtmlOptions::default(), &mut o);
    }
    o
}

/// Renders `nav.xhtml` for `chapters`; `counterpart` is the second document of a bilingual book.
pub fn nav_xhtml(
    primary: &Document,
    counterpart: Option<&Document>,
    strings: &NavStrings,
    chapters: &[Chapter],
) -> String {
    let lang = &primary.lang;
    let mut o = xhtml_head(lang, &strings.contents.text());
    o.push_str("<body>\n");
    o.push_str(&format!(
        "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">{}</h1>\n",
        ui(&strings.contents, lang)
    ));
    // (level, href, label) of every heading, the title first
    let mut entries = Vec::new();
    for ch in chapters {
        for (i, h) in ch.headings.iter().enumerate() {
            let href = if i == 0 {
                ch.file.clone()
            } else {
                format!("{}#{}", ch.file, h.id)
            };
            let mut label = heading(primary, lang, &h.inlines);
            if let (Some((l, inlines)), Some(doc)) = (&h.counterpart, counterpart) {
                label.push_str(" / <span");
                xhtml::lang_attrs(&mut label, l, true);
                label.push('>');
                label.push_str(&heading(doc, l, inlines));
                label.push_str("</span>");
            }
            entries.push(((!h.title).then_some(h.level), href, label));
        }
        if ch.headings.is_empty() {
            let label = match ch.kind {
                ChapterKind::References => &strings.references,
                _ => &strings.start,
            };
            entries.push((None, ch.file.clone(), ui(label, lang)));
        }
    }
    // The title (and a file without a heading) is a sibling of the top-level sections, not
    // their parent: the TOC lists the files in reading order, deeper headings nest under their
    // section.
    let base = entries.iter().filter_map(|e| e.0).min().unwrap_or(2);
    let mut depth = 0usize;
    let mut open_li = Vec::<bool>::new();
    for (level, href, label) in &entries {
        // never skip a level: a list item must hold a link before it holds a list
        let want = (level.map_or(1, |l| (l - base) as usize + 1)).min(depth + 1);
        while depth < want {
            o.push_str("<ol>\n");
            depth += 1;
            open_li.push(false);
        }
        while depth > want {
            o.push_str("</li>\n</ol>\n");
            depth -= 1;
            open_li.pop();
        }
        if open_li.last() == Some(&true) {
            o.push_str("</li>\n");
        }
        o.push_str(&format!("<li><a href=\"{}\">{label}</a>", esc_attr(href)));
        if let Some(last) = open_li.last_mut() {
            *last = true;
        }
    }
    while depth > 0 {
        o.push_str("</li>\n</ol>\n");
        depth -= 1;
    }
    o.push_str("</nav>\n");
    o.push_str(&format!(
        "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-labelledby=\"landmarks-title\" hidden=\"hidden\">\n<h2 id=\"landmarks-title\">{}</h2>\n<ol>\n",
        ui(&strings.landmarks, lang)
    ));
    o.push_str(&format!(
        "<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">{}</a></li>\n",
        ui(&strings.contents, lang)
    ));
    if let Some(first) = chapters.first() {
        o.push_str(&format!(
            "<li><a epub:type=\"bodymatter\" href=\"{}\">{}</a></li>\n",
            esc_attr(&first.file),
            ui(&strings.start, lang)
        ));
    }
    for ch in chapters
        .iter()
        .filter(|c| c.kind == ChapterKind::References)
    {
        let label = match ch.headings.first() {
            Some(h) => heading(primary, lang, &h.inlines),
            None => ui(&strings.references, lang),
        };
        o.push_str(&format!(
            "<li><a epub:type=\"bibliography\" href=\"{}\">{label}</a></li>\n",
            esc_attr(&ch.file),
        ));
    }
    o.push_str("</ol>\n</nav>\n</body>\n</html>\n");
    o
}
