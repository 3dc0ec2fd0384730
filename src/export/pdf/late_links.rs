//! Links inside a PDF edition, resolved after layout (issue 13: book-scale PDF speed and memory).
//!
//! A Typst `link(<label>)` is resolved while laying out: the first layout pass cannot know
//! the label's location, so every paragraph holding a citation or a back-link is laid out (and
//! memoized) again, and its alt text ("page N") depends on the page of the target, which can
//! take a third pass. At book size that doubled the time and memory of a parallel edition. The
//! writer therefore links to a placeholder URL ([`URL_PREFIX`] + label); after layout,
//! [`resolve`] turns each placeholder into a link to the labelled element's location (the same
//! named destination typst would have used) and gives it typst's alt text, "page N".

use std::str::FromStr;

use typst::ecow::EcoString;
use typst::foundations::{Content, Label};
use typst::introspection::{Introspector, Tag};
use typst::layout::{Frame, FrameItem, GroupItem, PageElem};
use typst::model::Document as _;
use typst::model::{Destination, LinkMarker};
use typst::text::LocalName;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// Written by the writer as `#link("stele-internal-link:<label>")[...]`.
pub const URL_PREFIX: &str = "stele-internal-link:";

/// The label a placeholder link points to, if `url` is one.
fn target(url: &str) -> Option<&str> {
    url.strip_prefix(URL_PREFIX)
}

/// How the rewrite names a link's target and its alt text.
struct Resolver<'a> {
    introspector: &'a dyn Introspector,
    /// The language of a label's text (for "page" in the alt text).
    lang_of: &'a dyn Fn(&str) -> String,
    /// Labels no element carries (or more than one does).
    unresolved: Vec<String>,
}

impl Resolver<'_> {
    fn dest(&mut self, label: &str) -> Option<Destination> {
        let found = Label::new(PicoStr::intern(label))
            .and_then(|l| self.introspector.query_label(l).ok())
            .and_then(Content::location);
        if found.is_none() && !self.unresolved.iter().any(|u| u == label) {
            self.unresolved.push(label.to_string());
        }
        found.map(Destination::Location)
    }

    /// Typst's own alt text for a link to an unnumbered element: "Page N" in the link's language.
    fn alt(&mut self, label: &str) -> Option<EcoString> {
        let Some(Destination::Location(loc)) = self.dest(label) else {
            return None;
        };
        let page = self.introspector.page(loc)?;
        let lang = typst::text::Lang::from_str(&(self.lang_of)(label))
            .unwrap_or(typst::text::Lang::ENGLISH);
        Some(typst::ecow::eco_format!(
            "{} {page}",
            PageElem::local_name(lang, None)
        ))
    }

    /// `frame` with its placeholder links resolved, or `None` when it holds none.
    fn frame(&mut self, frame: &Frame) -> Option<Frame> {
        let mut changed: Vec<(usize, FrameItem)> = Vec::new();
        for (i, (_, item)) in frame.items().enumerate() {
            if let Some(new) = self.item(item) {
                changed.push((i, new));
            }
        }
        if changed.is_empty() {
            return None;
        }
        let mut out = Frame::new(frame.size(), frame.kind());
        if frame.has_baseline() {
            out.set_baseline(frame.baseline());
        }
        let mut changed = changed.into_iter().peekable();
        out.push_multiple(frame.items().enumerate().map(|(i, (pos, item))| {
            match changed.next_if(|(j, _)| *j == i) {
                Some((_, new)) => (*pos, new),
                None => (*pos, item.clone()),
            }
        }));
        Some(out)
    }

    fn item(&mut self, item: &FrameItem) -> Option<FrameItem> {
        match item {
            FrameItem::Group(group) => {
                let frame = self.frame(&group.frame)?;
                Some(FrameItem::Group(GroupItem {
                    frame,
                    ..group.clone()
                }))
            }
            FrameItem::Link(Destination::Url(url), size) => {
                let label = target(url)?;
                Some(FrameItem::Link(self.dest(label)?, *size))
            }
            FrameItem::Tag(Tag::Start(content, flags)) => {
                let marker = content.to_packed::<LinkMarker>()?;
                let label = marker.alt.as_deref().and_then(target)?.to_string();
                let alt = self.alt(&label);
                let mut content = content.clone();
                content.to_packed_mut::<LinkMarker>()?.alt = alt;
                Some(FrameItem::Tag(Tag::Start(content, *flags)))
            }
            _ => None,
        }
    }
}

/// `document` with every placeholder link resolved, and the labels that could not be (each
/// names no element, or more than one).
pub fn resolve(
    document: PagedDocument,
    lang_of: &dyn Fn(&str) -> String,
) -> (PagedDocument, Vec<String>) {
    let mut resolver = Resolver {
        introspector: document.introspector().as_ref(),
        lang_of,
        unresolved: Vec::new(),
    };
    let mut any = false;
    let pages: typst::ecow::EcoVec<typst_layout::Page> = document
        .pages()
        .iter()
        .map(|page| match resolver.frame(&page.frame) {
            Some(frame) => {
                any = true;
                typst_layout::Page {
                    frame,
                    ..page.clone()
                }
            }
            None => page.clone(),
        })
        .collect();
    let unresolved = resolver.unresolved;
    if !any {
        return (document, unresolved);
    }
    let info = document.info().clone();
    (PagedDocument::new(pages, info), unresolved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::pdf::world::{self, EditionWorld, FontSet};

    /// Every link item and link tag under `frame`: (placeholder URL left?, location, alt).
    fn links(frame: &Frame, out: &mut Vec<String>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => links(&g.frame, out),
                FrameItem::Link(Destination::Url(u), _) => out.push(format!("url {}", u.as_str())),
                FrameItem::Link(Destination::Location(_), _) => out.push("location".into()),
                FrameItem::Tag(Tag::Start(c, _)) => {
                    if let Some(m) = c.to_packed::<LinkMarker>() {
                        out.push(format!("alt {}", m.alt.as_deref().unwrap_or("-")));
                    }
                }
                _ => {}
            }
        }
    }

    #[test]
    fn issue13_placeholder_links_point_at_their_labels_after_layout() {
        let (fonts, _) = FontSet::new(&[]);
        let library = world::library();
        let today = typst::foundations::Datetime::from_ymd(2025, 10, 18).unwrap();
        let source = format!(
            "#set text(lang: \"en\")\nSee #link(\"{p}ar-ref-1\")[one] and #link(\"{p}nowhere\")[two] and #link(\"https://example.org\")[three].\n#pagebreak()\n#par[The entry.] <ar-ref-1>\n",
            p = URL_PREFIX
        );
        let world = EditionWorld::new(&library, &fonts, "t.typ", source, today);
        let document = typst::compile::<PagedDocument>(&world)
            .output
            .expect("compiles");
        let (document, unresolved) = resolve(document, &|label| {
            assert!(label.starts_with("ar-") || label == "nowhere");
            "ar".to_string()
        });
        assert_eq!(unresolved, vec!["nowhere".to_string()]);
        let mut found = Vec::new();
        links(&document.pages()[0].frame, &mut found);
        let target = document
            .introspector()
            .query_label(Label::new(PicoStr::intern("ar-ref-1")).unwrap())
            .unwrap()
            .location()
            .unwrap();
        assert_eq!(
            document.introspector().page(target).map(|p| p.get()),
            Some(2)
        );
        // The resolved link goes to the labelled paragraph with typst's own alt text (Arabic
        // "page", from the label's language); the unresolved one stays a placeholder (reported
        // above); a real URL is left alone.
        assert!(found.contains(&"location".to_string()), "{found:?}");
        assert!(found.contains(&"alt صفحة 2".to_string()), "{found:?}");
        assert!(
            found.contains(&format!("url {URL_PREFIX}nowhere")),
            "{found:?}"
        );
        assert!(
            found.contains(&"url https://example.org".to_string()),
            "{found:?}"
        );
        assert_eq!(found.iter().filter(|f| *f == "location").count(), 1);
    }
}
