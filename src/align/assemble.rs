//! Translated documents: the source AST with every segment's content replaced by its translation
//! (or the stand-in the policy chooses), same structure, IDs and classes, and translated metadata.
//!
//! Segment attributes of a translated document:
//! - `fingerprint`: the CURRENT source segment's fingerprint (the same value as in the source
//!   document, so a segment can be matched across languages by ID and fingerprint);
//! - `status=stale` and `source=<recorded fingerprint>` when an outdated translation is shown
//!   (policy `stale`); `status=untranslated` when the source text stands in for a missing
//!   translation (any policy that fills); `status=stale-source` when it stands in for an outdated
//!   one (policy `source`, issue 18: the reader is told the translation is outdated, not absent);
//! - `lang` (and `dir` when the direction differs from the document's) on a stand-in, whose text
//!   is in the source language;
//! - reference entries keep `number` and `source-lang` from the source.

use crate::config::Policy;
use crate::model::{Document, Lang, Person, Status};
use crate::pandoc::{self, attr_set, STATUS_KEY};
use pandoc_ast::{Attr, Block, Inline, MetaValue, Pandoc};
use std::collections::BTreeMap;

/// What fills one segment of a translated document: its [`Status`] there (`Current` or
/// `Stale` with the translation's text, or a stand-in, [`Status::shows_source`]: `Untranslated`
/// for a missing translation, `StaleSource` for an outdated one under policy `source`).
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    pub status: Status,
    /// The translation's inlines; `None` where the source text stands in.
    pub text: Option<Vec<Inline>>,
    /// For a `Stale` fill, the fingerprint the translation was made from (if recorded).
    pub recorded: Option<String>,
}

impl Fill {
    /// A translation shown with `status` (`Current` or `Stale`).
    pub fn translation(status: Status, x: Vec<Inline>, recorded: Option<&str>) -> Fill {
        Fill {
            status,
            text: Some(x),
            recorded: recorded.map(String::from),
        }
    }
    /// The source text standing in for a translation in `state` ([`Status::stand_in`]).
    pub fn source(state: Status) -> Fill {
        Fill {
            status: state.stand_in(),
            text: None,
            recorded: None,
        }
    }
    /// The up-to-date translation's inlines, if that is what fills the segment.
    pub fn current(&self) -> Option<&[Inline]> {
        match self.status {
            Status::Current => self.text.as_deref(),
            _ => None,
        }
    }
    /// [`Fill::current`], to change.
    pub fn current_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self.status {
            Status::Current => self.text.as_mut(),
            _ => None,
        }
    }
}

/// How a segment's state maps to a fill under a policy; `None` means the policy refuses.
pub fn fill_for(
    policy: Policy,
    translation: Option<(Vec<Inline>, Option<&str>)>,
    current: bool,
) -> Option<Fill> {
    match (translation, current) {
        (Some((x, _)), true) => Some(Fill::translation(Status::Current, x, None)),
        (Some((x, recorded)), false) => match policy {
            Policy::Source => Some(Fill::source(Status::Stale)),
            Policy::Stale => Some(Fill::translation(Status::Stale, x, recorded)),
            Policy::Fail => None,
        },
        (None, _) => match policy {
            Policy::Source | Policy::Stale => Some(Fill::source(Status::Missing)),
            Policy::Fail => None,
        },
    }
}

/// Front-matter facts of the translation that go into the document's metadata.
#[derive(Debug, Clone, Default)]
pub struct DocMeta {
    /// The translated title (inlines); `None` takes the title segment's content.
    pub title: Option<Vec<Inline>>,
    pub translators: Vec<Person>,
}

/// A parsed paragraph's inlines without the room their vector grew into: the document keeps
/// them for the whole build (a clone, as before issue 13, was as tight).
fn fitted(mut x: Vec<Inline>) -> Vec<Inline> {
    x.shrink_to_fit();
    x
}

/// Builds the document of `lang` from the source document and one fill per segment ID. The
/// fills are moved into the document: a book's translated text is held once (issue 13).
pub fn document(
    source: &Document,
    lang: &Lang,
    mut fills: BTreeMap<String, Fill>,
    meta: &DocMeta,
) -> Document {
    let mut ast: Pandoc = source.ast.clone();
    let src_lang = &source.lang;
    pandoc::walk_segments_mut(&mut ast.blocks, &mut |block, _kind| {
        let id = match block {
            Block::Header(_, a, _) | Block::Div(a, _) => a.0.clone(),
            _ => return,
        };
        let Some(mut fill) = fills.remove(&id) else {
            return;
        };
        if let Block::Div(a, inner) = block {
            if let [Block::CodeBlock(_, code)] = inner.as_mut_slice() {
                code_fill(a, code, &fill, src_lang, lang);
                return;
            }
        }
        let (attr, content) = match block {
            Block::Header(_, a, x) => (a, Some(x)),
            Block::Div(a, inner) => {
                let para = inner.iter_mut().find_map(|b| match b {
                    // an image alone (structured sources): its description is the segment
                    Block::Para(x) => {
                        if matches!(x.as_slice(), [Inline::Image(..)]) {
                            match x.first_mut() {
                                Some(Inline::Image(_, alt, _)) => Some(alt),
                                _ => None,
                            }
                        } else {
                            Some(x)
                        }
                    }
                    Block::BlockQuote(q) => q.iter_mut().find_map(|b| match b {
                        Block::Para(x) => Some(x),
                        _ => None,
                    }),
                    _ => None,
                });
                (a, para)
            }
            _ => return,
        };
        if let (Some(x), Some(c)) = (fill.text.take(), content) {
            *c = fitted(x);
        }
        mark(attr, &fill, src_lang, lang);
    });

    let title = meta
        .title
        .clone()
        .unwrap_or_else(|| match ast.blocks.first() {
            Some(Block::Header(_, _, x)) => x.clone(),
            _ => vec![],
        });
    ast.meta
        .insert("title".into(), MetaValue::MetaInlines(title));
    ast.meta
        .insert("lang".into(), MetaValue::MetaString(lang.to_string()));
    if lang.is_rtl() {
        ast.meta
            .insert("dir".into(), MetaValue::MetaString("rtl".into()));
    } else {
        ast.meta.remove("dir");
    }
    if !meta.translators.is_empty() {
        let list = meta
            .translators
            .iter()
            .map(|p| {
                let mut m = BTreeMap::new();
                m.insert("name".to_string(), Box::new(pandoc::meta_inlines(&p.name)));
                if let Some(r) = &p.role {
                    m.insert("role".to_string(), Box::new(pandoc::meta_inlines(r)));
                }
                MetaValue::MetaMap(m)
            })
            .collect();
        ast.meta
            .insert("translators".into(), MetaValue::MetaList(list));
    }
    ast.meta.insert(
        "translated-from".into(),
        MetaValue::MetaString(src_lang.to_string()),
    );
    Document {
        lang: lang.clone(),
        ast,
    }
}

/// Fills a code block segment: the translation's code (read verbatim as one `Code` inline).
fn code_fill(attr: &mut Attr, code: &mut String, fill: &Fill, src: &Lang, doc: &Lang) {
    let text = |x: &[Inline]| match x {
        [Inline::Code(_, c)] => c.clone(),
        other => pandoc::stringify(other),
    };
    if let Some(x) = &fill.text {
        *code = text(x);
    }
    mark(attr, fill, src, doc);
}

/// The attributes a fill's status gives its segment: `status=stale` and the `source` it was
/// made from on an outdated translation shown, the stand-in's marks where the source stands in.
fn mark(attr: &mut Attr, fill: &Fill, src: &Lang, doc: &Lang) {
    match fill.status {
        Status::Stale => {
            attr_set(attr, STATUS_KEY, Status::Stale.as_str());
            if let Some(r) = &fill.recorded {
                attr_set(attr, "source", r.clone());
            }
        }
        s if s.shows_source() => mark_stand_in(attr, s.as_str(), src, doc),
        _ => {}
    }
}

/// Marks a segment whose text is the source's: `status` (`untranslated` or `stale-source`),
/// `lang`, and `dir` when the source's direction differs from the document's.
fn mark_stand_in(attr: &mut Attr, status: &str, src: &Lang, doc: &Lang) {
    attr_set(attr, STATUS_KEY, status);
    attr_set(attr, "lang", src.to_string());
    if src.dir() != doc.dir() {
        attr_set(attr, "dir", src.dir().as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_map_states_to_fills() {
        let x = vec![Inline::Str("x".into())];
        let t = || Some((x.clone(), Some("old")));
        let fill = |status, text: Option<&Vec<Inline>>, recorded: Option<&str>| {
            Some(Fill {
                status,
                text: text.cloned(),
                recorded: recorded.map(String::from),
            })
        };
        assert_eq!(
            fill_for(Policy::Source, t(), true),
            fill(Status::Current, Some(&x), None)
        );
        assert_eq!(
            fill_for(Policy::Source, t(), false),
            fill(Status::StaleSource, None, None)
        );
        assert_eq!(
            fill_for(Policy::Source, None, false),
            fill(Status::Untranslated, None, None)
        );
        assert_eq!(
            fill_for(Policy::Stale, t(), false),
            fill(Status::Stale, Some(&x), Some("old"))
        );
        assert_eq!(fill_for(Policy::Fail, t(), false), None);
        assert_eq!(
            fill_for(Policy::Stale, None, false),
            fill(Status::Untranslated, None, None)
        );
        assert_eq!(fill_for(Policy::Fail, None, false), None);
    }
}
