//! The navigation document (`nav.xhtml`): a localized table of contents (nested by heading level,
//! both languages in a bilingual edition) and landmarks.

use super::plan::{Chapter, ChapterKind};
use super::strings::Strings;
use super::xml::{attr as esc_attr, text as esc};
use crate::model::Lang;

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

/// `lang`, `xml:lang` and `dir` attributes for an element in another language than its parent.
pub fn lang_attrs(lang: &Lang) -> String {
    format!(
        " lang=\"{l}\" xml:lang=\"{l}\" dir=\"{}\"",
        lang.dir().as_str(),
        l = esc_attr(lang.as_str())
    )
}

/// Renders `nav.xhtml` for `chapters`; `counterpart` is the second language of a bilingual book.
pub fn nav_xhtml(
    lang: &Lang,
    counterpart: Option<&Lang>,
    strings: &Strings,
    chapters: &[Chapter],
) -> String {
    let mut o = xhtml_head(lang, strings.contents);
    o.push_str("<body>\n");
    o.push_str(&format!(
        "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">{}</h1>\n",
        esc(strings.contents)
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
            let mut label = esc(&h.text);
            if let (Some(other), Some(l)) = (&h.counterpart, counterpart) {
                label.push_str(&format!(" / <span{}>{}</span>", lang_attrs(l), esc(other)));
            }
            entries.push((h.level, href, label));
        }
        if ch.headings.is_empty() {
            let label = match ch.kind {
                ChapterKind::References => strings.references,
                _ => strings.start,
            };
            entries.push((2, ch.file.clone(), esc(label)));
        }
    }
    // The title (level 1) is a sibling of the sections, not their parent: the TOC lists the
    // files in reading order, deeper headings nest under their section.
    let base = entries.iter().map(|e| e.0.max(2)).min().unwrap_or(2);
    let mut depth = 0usize;
    let mut open_li = Vec::<bool>::new();
    for (level, href, label) in &entries {
        // never skip a level: a list item must hold a link before it holds a list
        let want = ((level.max(&2) - base) as usize + 1).min(depth + 1);
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
        esc(strings.landmarks)
    ));
    o.push_str(&format!(
        "<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">{}</a></li>\n",
        esc(strings.contents)
    ));
    if let Some(first) = chapters.first() {
        o.push_str(&format!(
            "<li><a epub:type=\"bodymatter\" href=\"{}\">{}</a></li>\n",
            esc_attr(&first.file),
            esc(strings.start)
        ));
    }
    for ch in chapters
        .iter()
        .filter(|c| c.kind == ChapterKind::References)
    {
        let label = ch
            .headings
            .first()
            .map(|h| h.text.as_str())
            .unwrap_or(strings.references);
        o.push_str(&format!(
            "<li><a epub:type=\"bibliography\" href=\"{}\">{}</a></li>\n",
            esc_attr(&ch.file),
            esc(label)
        ));
    }
    o.push_str("</ol>\n</nav>\n</body>\n</html>\n");
    o
}
