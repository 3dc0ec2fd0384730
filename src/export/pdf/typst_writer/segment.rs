//! The Typst markup of one segment block: its label (the named destination), its content by
//! kind, and the wrapper of a stand-in or outdated segment.

use super::*;
use crate::model::SegmentKind;

impl Writer<'_> {
    /// One segment block with its label (the named destination) and, when its text is a
    /// stand-in or outdated, a visible marker saying so.
    pub(super) fn segment(&mut self, b: &Block, kind: SegmentKind, attr: &Attr) {
        use SegmentKind as K;
        let start = self.out.len();
        let id = attr.0.clone();
        let outer = (std::mem::replace(&mut self.seg, id.clone()), self.cite_k);
        self.cite_k = 0;
        let label = self.label(&id);
        let label_ok = typst::syntax::is_valid_label_literal_id(&label);
        if !label_ok {
            self.diags.push(
                Diagnostic::error("pdf-anchor", format!("segment ID `{id}` cannot be a pdf named destination"))
                    .segment(&id)
                    .lang(self.doc.lang.as_str())
                    .hint("segment IDs are letters, digits, `-`, `_`, `.` and `:`; fix source/article.ids.json"),
            );
        }
        let status = attr_get(attr, pandoc::STATUS_KEY).filter(|s| pandoc::is_marked_status(s));
        let text_lang = attr_get(attr, "lang")
            .and_then(|l| Lang::parse(l).ok())
            .filter(|l| l != &self.doc.lang);
        let marked = status.is_some() || text_lang.is_some();
        let saved_dir = self.dir;

        if marked {
            self.open_stand_in(status, text_lang.as_ref());
        }

        let inner_label = if marked || !label_ok {
            String::new()
        } else {
            format!(" <{label}>")
        };
        self.segment_body(b, kind, attr, &id, &inner_label);

        if marked {
            let l = if label_ok {
                format!(" <{label}>")
            } else {
                String::new()
            };
            let _ = write!(self.out, "]{l}\n\n");
        }
        self.dir = saved_dir;
        (self.seg, self.cite_k) = outer;
        if kind == K::Title && !self.colophon.is_empty() {
            let colophon = std::mem::take(&mut self.colophon);
            self.out.push_str(&colophon);
        }
        if label_ok {
            self.anchors.push(label);
        }
        self.spans.push(SegmentSpan {
            range: start..self.out.len(),
            id,
            lang: self.doc.lang.clone(),
        });
    }

    /// Opens a stand-in or outdated segment: the call of its wrapper (a rule on the side where
    /// lines start, the marker saying what the text is, the text's own rules), closed by the
    /// caller with `]` and the label.
    fn open_stand_in(&mut self, status: Option<&str>, text_lang: Option<&Lang>) {
        // The rule and the marker stand on the side where lines start in the edition's language.
        let side = if self.doc.lang.is_rtl() {
            "right"
        } else {
            "left"
        };
        let marker = match status {
            Some("stale") => {
                let source = self.ui.lang_name(&self.source_lang).text();
                self.ui
                    .text("status-stale", &[("source", Arg::Text(source))])
            }
            other => {
                let shown = text_lang
                    .cloned()
                    .unwrap_or_else(|| self.source_lang.clone());
                let source = self.ui.lang_name(&shown).text();
                let id = match other {
                    Some("stale-source") => "status-stale-source",
                    _ => "status-untranslated",
                };
                self.ui.text(id, &[("source", Arg::Text(source))])
            }
        };
        // The marker is in the edition's language: isolated by the edition's direction.
        let marker = self.isolated_markup(&marker);
        let rules = match text_lang {
            Some(l) => {
                self.dir = l.dir();
                self.text_rules(l)
            }
            None => String::new(),
        };
        // One function per kind of stand-in, defined once ([`Self::marker_defs`]): the rule,
        // the marker and the text rules written in every stand-in cost typst about a third
        // of a parallel edition of stand-ins (issue 12).
        let wrapper = format!(
            "block(width: 100%, stroke: ({side}: 1.5pt + rgb(\"#b5650d\")), inset: ({side}: 0.6em), breakable: true)[#block(below: 0.45em, sticky: true)[#set par(justify: false); #text(size: 0.75em, fill: rgb(\"#8a4b08\"))[{marker}]]\n#block(above: 0pt, width: 100%)[\n{rules}#body]]"
        );
        let name = self.marker_name(wrapper);
        let _ = writeln!(self.out, "#{name}[");
    }

    /// The segment's content, its label (`inner_label`, empty when the wrapper carries it) after
    /// the element that takes it.
    fn segment_body(
        &mut self,
        b: &Block,
        kind: SegmentKind,
        attr: &Attr,
        id: &str,
        inner_label: &str,
    ) {
        use SegmentKind as K;
        match (kind, b) {
            (K::Title, Block::Header(_, _, x)) => {
                self.out.push_str("#title[");
                self.inlines(x);
                let _ = write!(self.out, "]{inner_label}\n\n");
            }
            (K::Heading, Block::Header(level, _, x)) => {
                let level = self.outline_level(*level);
                let _ = write!(
                    self.out,
                    "#heading(level: {level}, outlined: {b}, bookmarked: {b})[",
                    b = self.bookmarked
                );
                self.inlines(x);
                let _ = write!(self.out, "]{inner_label}\n\n");
            }
            (K::PullQuote, Block::Div(_, inner)) => {
                let inner: &[Block] = match inner.as_slice() {
                    [Block::BlockQuote(q)] => q,
                    other => other,
                };
                self.out.push_str("#quote(block: true)[\n");
                self.blocks(inner);
                let _ = write!(self.out, "]{inner_label}\n\n");
            }
            (K::Reference, Block::Div(_, inner)) => {
                let number = attr_get(attr, "number").map(str::to_string);
                // An explicit `par`: Typst applies the hanging indent to paragraphs only.
                self.out.push_str("#block(above: 0.55em, below: 0.55em)[#set par(hanging-indent: 2.2em, justify: false); #set text(size: 0.88em); #par[");
                if let Some(n) = &number {
                    let _ = write!(
                        self.out,
                        "#box(width: 2.2em)[{}]",
                        markup(&format!("[{n}]"))
                    );
                }
                let (first, rest): (&[Inline], &[Block]) = match inner.as_slice() {
                    [Block::Para(x) | Block::Plain(x), rest @ ..] => (x, rest),
                    other => (&[], other),
                };
                self.inlines(first);
                self.backlinks(id);
                self.out.push_str("]\n");
                self.blocks(rest);
                let _ = write!(self.out, "]{inner_label}\n\n");
            }
            (K::Footnote, Block::Div(_, inner)) => self.footnote(attr, inner, inner_label),
            (_, Block::Div(_, inner)) => match inner.as_slice() {
                [Block::Para(x) | Block::Plain(x)] => {
                    self.par(x);
                    let _ = write!(self.out, "{inner_label}\n\n");
                }
                other => {
                    self.out.push_str("#block[\n");
                    self.blocks(other);
                    let _ = write!(self.out, "]{inner_label}\n\n");
                }
            },
            _ => {
                let _ = write!(self.out, "#block[]{inner_label}\n\n");
            }
        }
    }
}
