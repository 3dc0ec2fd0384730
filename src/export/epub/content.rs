//! XHTML content documents: one per chapter, its blocks written by the shared serializer
//! ([`crate::export::xhtml`]) inside a `<section>` with EPUB structural semantics; in a bilingual
//! book each segment followed by its counterpart, linked both ways.

use super::nav::xhtml_head;
use super::plan::{block_lang, counterpart_id, Chapter, ChapterKind, Plan};
use super::xml::{attr as esc_attr, text as esc};
use crate::export::xhtml::{self, lang_attrs, XhtmlOptions};
use crate::i18n::{Arg, Ui};
use crate::model::{Document, Lang, SegmentKind};
use crate::pandoc;
use pandoc_ast::Block;

/// Everything the content documents of one book share.
pub struct Book<'a> {
    pub primary: &'a Document,
    pub counterpart: Option<&'a Document>,
    pub plan: &'a Plan<'a>,
    /// Interface strings in the primary language (status notes, back-link titles, link titles).
    pub ui: &'a Ui,
    /// The same in the counterpart's language, for what is written inside a counterpart.
    pub counterpart_ui: Option<&'a Ui>,
    pub source_lang: &'a Lang,
    /// The edition's images, written as `media/<name>` next to the chapters (issue 16).
    pub media: &'a crate::media::MediaSet,
    pub title: &'a str,
    /// Citation indexes of the primary and the counterpart document, computed once per book.
    pub cites: &'a xhtml::CitationIndex,
    pub counterpart_cites: Option<&'a xhtml::CitationIndex>,
    /// The front-matter credits (issue 18) of the primary document and of the counterpart, in
    /// their languages, written after the title ([`crate::export::credits`]).
    pub credits: String,
}

/// Renders one chapter as a complete XHTML content document.
pub fn content_xhtml(ch: &Chapter, book: &Book) -> String {
    let lang = &book.primary.lang;
    let title = ch
        .headings
        .first()
        .map(|h| h.text.as_str())
        .unwrap_or(book.title);
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

    // IDs in other files are linked as `file#id`; the serializer asks with unprefixed IDs.
    let locate = |id: &str| book.plan.files.get(id).filter(|f| **f != ch.file).cloned();
    let base = XhtmlOptions {
        locate: Some(&locate),
        cites: Some(book.cites),
        ui: Some(book.ui),
        source_lang: Some(book.source_lang),
        media: Some(book.media),
        ..Default::default()
    };
    // The credits follow the title segment, in the chapter that holds it.
    let split = ch
        .blocks
        .iter()
        .position(|b| matches!(pandoc::segment_kind(b), Some((SegmentKind::Title, _))))
        .map_or(0, |i| i + 1);
    let (head, rest) = ch.blocks.split_at(split);
    match book.counterpart {
        None => {
            xhtml::blocks_epub(book.primary, head, &base, &mut o);
            if split > 0 {
                o.push_str(&book.credits);
            }
            xhtml::blocks_epub(book.primary, rest, &base, &mut o);
        }
        Some(other) => {
            let prefix = format!("{}-", other.lang);
            let their_ui = book.counterpart_ui.unwrap_or(book.ui);
            let link_theirs = PairLink::new(book.ui, their_ui);
            let link_ours = PairLink::new(their_ui, book.ui);
            let to_theirs = |id: &str, _: SegmentKind| {
                if book.plan.counterparts.contains_key(id) {
                    link_theirs.to(&counterpart_id(&other.lang, id))
                } else {
                    String::new()
                }
            };
            let to_ours = |id: &str, _: SegmentKind| link_ours.to(id);
            let ours = XhtmlOptions {
                segment_extra: Some(&to_theirs),
                ..base
            };
            let theirs = XhtmlOptions {
                id_prefix: &prefix,
                cites: book.counterpart_cites,
                segment_extra: Some(&to_ours),
                ui: Some(their_ui),
                ..base
            };
            let pairs = Pairs {
                book,
                other,
                ours: &ours,
                theirs: &theirs,
            };
            pairs.blocks(head, &mut o);
            if split > 0 {
                o.push_str(&book.credits);
            }
            pairs.blocks(rest, &mut o);
        }
    }
    o.push_str("</section>\n</body>\n</html>\n");
    o
}

/// The link from a segment to its counterpart: the target language's name in that language,
/// with "this passage in …" as its title in the book's language.
struct PairLink {
    lang: Lang,
    name: String,
    title: String,
}

impl PairLink {
    /// `own`: the interface strings of the linked language (its autonym names the link).
    fn new(ui: &Ui, own: &Ui) -> PairLink {
        let lang = own.lang();
        let name = own.autonym();
        let title = ui.text(
            "segment-link",
            &[("language", Arg::Text(ui.lang_name(lang).text()))],
        );
        PairLink {
            lang: lang.clone(),
            name,
            title,
        }
    }

    fn to(&self, target_id: &str) -> String {
        let mut o = format!(
            "<p class=\"pair-link\"><a href=\"#{}\" hreflang=\"{}\" title=\"{}\"><span",
            esc_attr(target_id),
            esc_attr(self.lang.as_str()),
            esc_attr(&self.title)
        );
        lang_attrs(&mut o, &self.lang, true);
        o.push('>');
        o.push_str(&esc(&self.name));
        o.push_str("</span></a></p>\n");
        o
    }
}

/// Writes a bilingual chapter: each segment, then its counterpart.
struct Pairs<'a, 'o> {
    book: &'a Book<'a>,
    other: &'a Document,
    ours: &'a XhtmlOptions<'o>,
    theirs: &'a XhtmlOptions<'o>,
}

impl Pairs<'_, '_> {
    fn blocks(&self, blocks: &[Block], o: &mut String) {
        for block in blocks {
            let segment = pandoc::segment_kind(block).map(|(kind, attr)| (kind, attr.0.as_str()));
            match (segment, block) {
                (Some((kind, id)), _) => match self.book.plan.counterparts.get(id) {
                    Some(theirs) if matches!(kind, SegmentKind::Title | SegmentKind::Heading) => {
                        self.heading_pair(block, theirs, o)
                    }
                    Some(theirs) => self.pair(block, theirs, o),
                    None => xhtml::blocks_epub(
                        self.book.primary,
                        std::slice::from_ref(block),
                        self.ours,
                        o,
                    ),
                },
                // a container of segments (the reference list): pair inside it
                (None, Block::Div(attr, inner)) => {
                    o.push_str("<div");
                    if !attr.0.is_empty() {
                        o.push_str(&format!(" id=\"{}\"", esc_attr(&attr.0)));
                    }
                    if !attr.1.is_empty() {
                        o.push_str(&format!(" class=\"{}\"", esc_attr(&attr.1.join(" "))));
                    }
                    o.push_str(">\n");
                    self.blocks(inner, o);
                    o.push_str("</div>\n");
                }
                // a list, table, quote or figure of segments: paired whole (issue 16)
                (None, _) => {
                    let theirs = pandoc::containers::first_segment_id(block)
                        .and_then(|id| self.book.plan.counterparts.get(id).copied());
                    match theirs {
                        Some(t) => self.pair(block, t, o),
                        None => xhtml::blocks_epub(
                            self.book.primary,
                            std::slice::from_ref(block),
                            self.ours,
                            o,
                        ),
                    }
                }
            }
        }
    }

    /// `<div class="pair">`: the segment, then the counterpart in a wrapper carrying its language.
    fn pair(&self, ours: &Block, theirs: &Block, o: &mut String) {
        o.push_str("<div class=\"pair\">\n");
        xhtml::blocks_epub(self.book.primary, std::slice::from_ref(ours), self.ours, o);
        o.push_str("<div class=\"counterpart\"");
        lang_attrs(o, &self.other.lang, true);
        o.push_str(">\n");
        xhtml::blocks_epub(self.other, std::slice::from_ref(theirs), self.theirs, o);
        o.push_str("</div>\n</div>\n");
    }

    /// `<hgroup>`: the heading (with its link), then the counterpart heading as a `<p>` (one
    /// heading per section in the outline) and its link back.
    fn heading_pair(&self, ours: &Block, theirs: &Block, o: &mut String) {
        o.push_str("<hgroup>\n");
        xhtml::blocks_epub(self.book.primary, std::slice::from_ref(ours), self.ours, o);
        if let Block::Header(_, attr, inlines) = theirs {
            // a stand-in says its own language; its text is set in that language's context
            let lang = block_lang(attr, &self.other.lang);
            let stand_in;
            let doc = if lang == self.other.lang {
                self.other
            } else {
                stand_in = Document {
                    lang: lang.clone(),
                    ast: pandoc::new_doc(),
                };
                &stand_in
            };
            let status =
                pandoc::attr_get(attr, pandoc::STATUS_KEY).filter(|s| pandoc::is_marked_status(s));
            o.push_str(&format!(
                "<p id=\"{}\" class=\"counterpart heading",
                esc_attr(&counterpart_id(&self.other.lang, &attr.0))
            ));
            if let Some(s) = status {
                o.push_str(&format!(" status-{s}\" data-status=\"{s}"));
            }
            o.push('"');
            lang_attrs(o, &lang, true);
            o.push('>');
            xhtml::inlines_epub(doc, inlines, self.theirs, o);
            o.push_str("</p>\n");
            // the reason, as the serializer gives it for every other segment
            if let (Some(s), Some(ui)) = (status, self.theirs.ui) {
                let source = ui.lang_name(self.book.source_lang).text();
                let msg = ui.msg(&format!("status-{s}"), &[("source", Arg::Text(source))]);
                o.push_str("<p class=\"status-note\"");
                lang_attrs(o, ui.lang(), true);
                o.push('>');
                xhtml::ui(&msg, ui.lang(), o);
                o.push_str("</p>\n");
            }
            if let Some(extra) = self.theirs.segment_extra {
                o.push_str(&extra(&attr.0, SegmentKind::Heading));
            }
        }
        o.push_str("</hgroup>\n");
    }
}
