//! The serializer's inlines: text with direction isolation, emphasis, citations, links, spans.

use super::*;

impl<'a, 'o> Writer<'a, 'o> {
    pub(super) fn inlines(&mut self, inlines: &[Inline], ctx: &Ctx) {
        let mut run = String::new();
        for i in inlines {
            match i {
                Inline::Str(s) => run.push_str(s),
                Inline::Space | Inline::SoftBreak => run.push(' '),
                other => {
                    self.text_run(&run, ctx);
                    run.clear();
                    self.inline(other, ctx);
                }
            }
        }
        self.text_run(&run, ctx);
    }

    /// Plain text, with runs in the other direction isolated in `<bdi dir>`.
    pub(super) fn text_run(&mut self, text: &str, ctx: &Ctx) {
        let mut pos = 0;
        for run in crate::bidi::runs(text, ctx.dir) {
            push_text(self.out, &text[pos..run.start]);
            self.out.push_str("<bdi dir=\"");
            self.out.push_str(run.dir.as_str());
            self.out.push_str("\">");
            push_text(self.out, &text[run.start..run.end]);
            self.out.push_str("</bdi>");
            pos = run.end;
        }
        push_text(self.out, &text[pos..]);
    }

    pub(super) fn wrap(&mut self, tag: &str, x: &[Inline], ctx: &Ctx) {
        self.out.push_str(&format!("<{tag}>"));
        self.inlines(x, ctx);
        self.out.push_str(&format!("</{tag}>"));
    }

    pub(super) fn inline(&mut self, i: &Inline, ctx: &Ctx) {
        if self.depth >= pandoc::MAX_WRITE_DEPTH {
            let text = pandoc::stringify(std::slice::from_ref(i));
            self.text_run(&text, ctx);
            return;
        }
        self.depth += 1;
        self.inline_nested(i, ctx);
        self.depth -= 1;
    }

    pub(super) fn inline_nested(&mut self, i: &Inline, ctx: &Ctx) {
        match i {
            Inline::Str(s) => self.text_run(s, ctx),
            Inline::Space | Inline::SoftBreak => self.out.push(' '),
            Inline::LineBreak => self.out.push_str("<br/>"),
            Inline::Emph(x) => self.wrap("em", x, ctx),
            Inline::Strong(x) => self.wrap("strong", x, ctx),
            Inline::Underline(x) => self.wrap("u", x, ctx),
            Inline::Strikeout(x) => self.wrap("s", x, ctx),
            Inline::Superscript(x) => self.wrap("sup", x, ctx),
            Inline::Subscript(x) => self.wrap("sub", x, ctx),
            Inline::SmallCaps(x) => {
                self.out.push_str("<span class=\"smallcaps\">");
                self.inlines(x, ctx);
                self.out.push_str("</span>");
            }
            Inline::Quoted(q, x) => {
                let (open, close) = quotes(&ctx.lang, *q);
                self.out.push(open);
                self.inlines(x, ctx);
                self.out.push(close);
            }
            Inline::Cite(cites, x) => self.cite(cites, x, ctx),
            Inline::Code(attr, code) => {
                self.out.push_str("<code");
                self.class_attr(&attr.1, &[]);
                if ctx.dir == Dir::Rtl {
                    self.out.push_str(" dir=\"ltr\"");
                }
                self.out.push('>');
                push_text(self.out, code);
                self.out.push_str("</code>");
            }
            Inline::Math(_, tex) => {
                self.out.push_str("<span class=\"math\" dir=\"ltr\">");
                push_text(self.out, tex);
                self.out.push_str("</span>");
            }
            // Shown as text: a translation cannot inject markup or script.
            Inline::RawInline(_, raw) => self.text_run(raw, ctx),
            Inline::Link(attr, x, (url, title)) => self.link(attr, x, url, title, ctx),
            Inline::Image(attr, alt, (url, title)) => {
                // A web image is linked to instead of loaded: no request leaves the page. A file
                // of the project is copied next to the page (issue 16); one that could not be
                // read (an error already) is shown by its description, with no dangling link.
                let embedded = self.opts.media.and_then(|m| m.get(url));
                if let Some(m) = embedded {
                    self.out.push_str("<img src=\"media/");
                    push_attr(self.out, &m.name);
                    self.out.push_str("\" alt=\"");
                    push_attr(self.out, &pandoc::stringify(alt));
                    self.out.push_str("\"/>");
                } else if url.contains("://") || url.starts_with("mailto:") {
                    self.link(attr, alt, url, title, ctx)
                } else {
                    self.out.push_str("<span class=\"image\">");
                    self.inlines(alt, ctx);
                    self.out.push_str("</span>");
                }
            }
            Inline::Note(blocks) => {
                self.out.push_str("<span class=\"note\">(");
                let mut first = true;
                for b in blocks {
                    if let Block::Para(x) | Block::Plain(x) = b {
                        if !first {
                            self.out.push(' ');
                        }
                        self.inlines(x, ctx);
                        first = false;
                    }
                }
                self.out.push_str(")</span>");
            }
            Inline::Span(attr, x) => {
                self.out.push_str("<span");
                self.id_attr(&attr.0);
                self.class_attr(&attr.1, &[]);
                // A translated sentence names its source sentences (issue 19), read by the
                // parallel page's script; the IDs are the AST's, without the column's prefix.
                if let Some(c) = attr_get(attr, crate::pandoc::COUNTERPART_KEY) {
                    self.out.push_str(" data-counterpart=\"");
                    push_attr(self.out, c);
                    self.out.push('"');
                }
                let inner = self.lang_dir_attrs(attr, ctx);
                self.out.push('>');
                self.inlines(x, &inner);
                self.out.push_str("</span>");
                // The editor's gloss (written in the source language) of a title in another
                // language, for readers of the source.
                if let Some(gloss) = attr_get(attr, "gloss") {
                    if inner.lang != ctx.lang && self.opts.source_lang == Some(&ctx.lang) {
                        self.out.push_str(" <span class=\"gloss\">[");
                        self.text_run(gloss, ctx);
                        self.out.push_str("]</span>");
                    }
                }
            }
        }
    }

    pub(super) fn cite(&mut self, cites: &[pandoc_ast::Citation], x: &[Inline], ctx: &Ctx) {
        self.k += 1;
        let cite_id = crate::model::cite_id(&self.seg, self.k);
        let Some(first) = cites.first() else {
            self.inlines(x, ctx);
            return;
        };
        self.out.push_str("<a class=\"cite\"");
        self.id_attr(&cite_id);
        if self.epub {
            self.out
                .push_str(" epub:type=\"biblioref\" role=\"doc-biblioref\"");
        }
        self.out.push_str(" href=\"");
        let target = first.citationId.clone();
        self.href_to(&target, &target);
        self.out.push('"');
        let inner = self.dir_for(&pandoc::stringify(x), ctx);
        self.out.push('>');
        self.inlines(x, &inner);
        self.out.push_str("</a>");
    }

    /// Adds `dir` when the text's direction differs from the context; returns the inner context.
    pub(super) fn dir_for(&mut self, text: &str, ctx: &Ctx) -> Ctx {
        let d = first_strong(text)
            .or_else(|| text.chars().any(|c| c.is_ascii_digit()).then_some(Dir::Ltr));
        match d {
            Some(d) if d != ctx.dir => {
                self.out.push_str(" dir=\"");
                self.out.push_str(d.as_str());
                self.out.push('"');
                ctx.with_dir(d)
            }
            _ => ctx.clone(),
        }
    }

    pub(super) fn link(&mut self, attr: &Attr, x: &[Inline], url: &str, title: &str, ctx: &Ctx) {
        let href = safe_href(url);
        let tag = if href.is_some() { "a" } else { "span" };
        self.out.push('<');
        self.out.push_str(tag);
        self.id_attr(&attr.0);
        self.class_attr(&attr.1, &[]);
        if attr.1.iter().any(|c| c == "footnote-ref") {
            if self.epub {
                self.out.push_str(" epub:type=\"noteref\"");
            }
            self.out.push_str(" role=\"doc-noteref\"");
        }
        if let Some(h) = href {
            self.out.push_str(" href=\"");
            if let Some(frag) = h.strip_prefix('#') {
                let frag = frag.to_string();
                self.href_to(&frag, &frag);
            } else {
                push_attr(self.out, &h);
            }
            self.out.push('"');
        }
        if !title.is_empty() {
            self.out.push_str(" title=\"");
            push_attr(self.out, title);
            self.out.push('"');
        }
        let text = pandoc::stringify(x);
        let inner = if attr_get(attr, "lang").is_some() || attr_get(attr, "dir").is_some() {
            self.lang_dir_attrs(attr, ctx)
        } else {
            self.dir_for(&text, ctx)
        };
        self.out.push('>');
        if x.is_empty() {
            self.text_run(url, &inner);
        } else {
            self.inlines(x, &inner);
        }
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }
}
