//! XHTML content documents: one per chapter, the blocks serialized by the shared
//! [`crate::export::xhtml`] serializer inside a `<section>` with EPUB structural semantics.

use super::nav::{lang_attrs, xhtml_head};
use super::plan::{has_class, Chapter, ChapterKind, COUNTERPART_CLASS, HEADING_PAIR_CLASS};
use super::xml::attr as esc_attr;
use crate::model::Lang;
use crate::pandoc;
use pandoc_ast::{Block, Inline};

/// The two calls content documents need from the XHTML serializer, for one document language.
pub trait Serialize {
    /// Block-level XHTML for `blocks`.
    fn blocks(&self, blocks: &[Block]) -> String;
    /// Phrasing XHTML for `inlines`.
    fn inlines(&self, inlines: &[Inline]) -> String;
}

/// Renders one chapter as a complete XHTML content document in `lang`.
pub fn content_xhtml(ch: &Chapter, lang: &Lang, book_title: &str, ser: &dyn Serialize) -> String {
    let title = ch
        .headings
        .first()
        .map(|h| h.text.as_str())
        .unwrap_or(book_title);
    let mut o = xhtml_head(lang, title);
    let (matter, section_type, role) = match ch.kind {
        ChapterKind::References => ("backmatter", "bibliography", "doc-bibliography"),
        _ => ("bodymatter", "chapter", "doc-chapter"),
    };
    o.push_str(&format!("<body epub:type=\"{matter}\">\n"));
    o.push_str(&format!(
        "<section epub:type=\"{section_type}\" role=\"{role}\""
    ));
    if let Some(h) = ch.headings.first().filter(|h| !h.id.is_empty()) {
        o.push_str(&format!(" aria-labelledby=\"{}\"", esc_attr(&h.id)));
    }
    o.push_str(">\n");
    for block in &ch.blocks {
        match block {
            Block::Div(attr, pair) if has_class(attr, HEADING_PAIR_CLASS) => {
                o.push_str(&heading_pair(pair, ser));
            }
            other => o.push_str(&ser.blocks(std::slice::from_ref(other))),
        }
        if !o.ends_with('\n') {
            o.push('\n');
        }
    }
    o.push_str("</section>\n</body>\n</html>\n");
    o
}

/// A heading and its counterpart: `<hgroup>` with the heading and a `<p>` in the other language,
/// so the outline keeps one heading per section.
fn heading_pair(pair: &[Block], ser: &dyn Serialize) -> String {
    let mut o = String::from("<hgroup>\n");
    for block in pair {
        match block {
            Block::Header(_, attr, inlines) if has_class(attr, COUNTERPART_CLASS) => {
                let classes = attr.1.join(" ");
                let lang = pandoc::attr_get(attr, "lang").and_then(|l| Lang::parse(l).ok());
                o.push_str(&format!(
                    "<p id=\"{}\" class=\"{}\"",
                    esc_attr(&attr.0),
                    esc_attr(&classes)
                ));
                if let Some(l) = &lang {
                    o.push_str(&lang_attrs(l));
                }
                o.push('>');
                o.push_str(&ser.inlines(inlines));
                o.push_str("</p>\n");
            }
            other => o.push_str(&ser.blocks(std::slice::from_ref(other))),
        }
    }
    o.push_str("</hgroup>");
    o
}
