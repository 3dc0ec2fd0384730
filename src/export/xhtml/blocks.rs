//! The serializer's blocks: segments with their IDs, status notes and links, reference entries
//! with back-links, lists and tables.

use super::*;

impl<'a, 'o> Writer<'a, 'o> {
    pub(super) fn blocks(&mut self, blocks: &[Block], ctx: &Ctx) {
        for b in blocks {
            self.block(b, ctx);
        }
    }

    pub(super) fn block(&mut self, b: &Block, ctx: &Ctx) {
        if self.depth >= pandoc::MAX_WRITE_DEPTH {
            let text = pandoc::stringify_blocks(std::slice::from_ref(b));
            self.text_run(&text, ctx);
            return;
        }
        self.depth += 1;
        self.block_nested(b, ctx);
        self.depth -= 1;
    }

    pub(super) fn block_nested(&mut self, b: &Block, ctx: &Ctx) {
        if let Some((kind, attr)) = pandoc::segment_kind(b) {
            let saved = (
                std::mem::replace(&mut self.seg, attr.0.clone()),
                std::mem::replace(&mut self.k, 0),
            );
            self.segment(b, kind, attr, ctx);
            self.seg = saved.0;
            self.k = saved.1;
            return;
        }
        match b {
            Block::Plain(x) => self.inlines(x, ctx),
            Block::Para(x) => {
                self.out.push_str("<p>");
                self.inlines(x, ctx);
                self.out.push_str("</p>\n");
            }
            Block::LineBlock(lines) => {
                self.out.push_str("<p class=\"line-block\">");
                for (i, l) in lines.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str("<br/>");
                    }
                    self.inlines(l, ctx);
                }
                self.out.push_str("</p>\n");
            }
            Block::CodeBlock(attr, code) => {
                self.out.push_str("<pre");
                self.id_attr(&attr.0);
                self.class_attr(&attr.1, &[]);
                self.out.push_str(" dir=\"ltr\"><code>");
                push_text(self.out, code);
                self.out.push_str("</code></pre>\n");
            }
            Block::RawBlock(_, raw) => {
                // Shown as text: a translation cannot inject markup or script.
                self.out.push_str("<pre class=\"raw\">");
                push_text(self.out, raw);
                self.out.push_str("</pre>\n");
            }
            Block::BlockQuote(x) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(x, ctx);
                self.out.push_str("</blockquote>\n");
            }
            Block::OrderedList((start, _, _), items) => {
                self.out.push_str("<ol");
                if *start != 1 {
                    self.out.push_str(&format!(" start=\"{start}\""));
                }
                self.out.push_str(">\n");
                self.items(items, ctx);
                self.out.push_str("</ol>\n");
            }
            Block::BulletList(items) => {
                self.out.push_str("<ul>\n");
                self.items(items, ctx);
                self.out.push_str("</ul>\n");
            }
            Block::DefinitionList(items) => {
                self.out.push_str("<dl>\n");
                for (term, defs) in items {
                    self.out.push_str("<dt>");
                    self.inlines(term, ctx);
                    self.out.push_str("</dt>\n");
                    for d in defs {
                        self.out.push_str("<dd>");
                        self.blocks(d, ctx);
                        self.out.push_str("</dd>\n");
                    }
                }
                self.out.push_str("</dl>\n");
            }
            Block::Figure(attr, caption, body) => {
                self.out.push_str("<figure");
                self.id_attr(&attr.0);
                self.class_attr(&attr.1, &[]);
                let inner = self.lang_dir_attrs(attr, ctx);
                self.out.push_str(">\n");
                self.blocks(body, &inner);
                if !caption.1.is_empty() {
                    self.out.push_str("<figcaption>");
                    self.blocks(&caption.1, &inner);
                    self.out.push_str("</figcaption>\n");
                }
                self.out.push_str("</figure>\n");
            }
            Block::Header(level, attr, x) => {
                let n = (*level + self.opts.heading_shift).clamp(1, 6);
                self.out.push_str(&format!("<h{n}"));
                self.id_attr(&attr.0);
                self.class_attr(&attr.1, &[]);
                let inner = self.lang_dir_attrs(attr, ctx);
                self.out.push('>');
                self.inlines(x, &inner);
                self.out.push_str(&format!("</h{n}>\n"));
            }
            Block::HorizontalRule => self.out.push_str("<hr/>\n"),
            Block::Table(attr, caption, _, head, bodies, foot) => {
                self.out.push_str("<table");
                self.id_attr(&attr.0);
                self.class_attr(&attr.1, &[]);
                let inner = self.lang_dir_attrs(attr, ctx);
                self.out.push_str(">\n");
                if !caption.1.is_empty() {
                    self.out.push_str("<caption>");
                    self.blocks(&caption.1, &inner);
                    self.out.push_str("</caption>\n");
                }
                self.rows("thead", head.1.iter(), "th", &inner);
                for body in bodies {
                    self.rows("tbody", body.2.iter().chain(body.3.iter()), "td", &inner);
                }
                self.rows("tfoot", foot.1.iter(), "td", &inner);
                self.out.push_str("</table>\n");
            }
            Block::Div(attr, x) => {
                self.out.push_str("<div");
                self.id_attr(&attr.0);
                self.class_attr(&attr.1, &[]);
                let inner = self.lang_dir_attrs(attr, ctx);
                self.out.push_str(">\n");
                self.blocks(x, &inner);
                self.out.push_str("</div>\n");
            }
            Block::Null => {}
        }
    }

    pub(super) fn items(&mut self, items: &[Vec<Block>], ctx: &Ctx) {
        for item in items {
            self.out.push_str("<li>");
            self.blocks(item, ctx);
            self.out.push_str("</li>\n");
        }
    }

    pub(super) fn rows<'r>(
        &mut self,
        section: &str,
        rows: impl Iterator<Item = &'r pandoc_ast::Row>,
        cell: &str,
        ctx: &Ctx,
    ) {
        let rows: Vec<_> = rows.collect();
        if rows.is_empty() {
            return;
        }
        self.out.push_str(&format!("<{section}>\n"));
        for row in rows {
            self.out.push_str("<tr>");
            for c in &row.1 {
                self.out.push_str(&format!("<{cell}"));
                if c.2 > 1 {
                    self.out.push_str(&format!(" rowspan=\"{}\"", c.2));
                }
                if c.3 > 1 {
                    self.out.push_str(&format!(" colspan=\"{}\"", c.3));
                }
                self.out.push('>');
                self.blocks(&c.4, ctx);
                self.out.push_str(&format!("</{cell}>"));
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str(&format!("</{section}>\n"));
    }

    pub(super) fn segment(&mut self, b: &Block, kind: SegmentKind, attr: &Attr, ctx: &Ctx) {
        let status = attr_get(attr, pandoc::STATUS_KEY).filter(|s| pandoc::is_marked_status(s));
        let status_class = status.map(|s| format!("status-{s}"));
        let extra: Vec<&str> = status_class.iter().map(String::as_str).collect();
        let id = attr.0.clone();
        match b {
            Block::Header(level, _, x) => {
                let shift = if kind == SegmentKind::Title {
                    0
                } else {
                    self.opts.heading_shift
                };
                let n = (*level + shift).clamp(1, 6);
                self.out.push_str(&format!("<h{n}"));
                self.id_attr(&id);
                self.class_attr(&attr.1, &extra);
                self.status_attr(status);
                let inner = self.lang_dir_attrs(attr, ctx);
                self.out.push('>');
                self.inlines(x, &inner);
                self.out.push_str(&format!("</h{n}>\n"));
                self.status_note(status, ctx);
                self.segment_extra(&id, kind);
            }
            Block::Div(_, children) => {
                self.out.push_str("<div");
                self.id_attr(&id);
                self.class_attr(&attr.1, &extra);
                self.status_attr(status);
                if kind == SegmentKind::Footnote {
                    if self.epub {
                        self.out.push_str(" epub:type=\"footnote\"");
                    }
                    self.out.push_str(" role=\"doc-footnote\"");
                }
                let inner = self.lang_dir_attrs(attr, ctx);
                self.out.push_str(">\n");
                if kind == SegmentKind::Reference {
                    self.reference_entry(&id, attr, children, &inner);
                } else if kind == SegmentKind::Footnote {
                    self.footnote(attr, children, &inner);
                } else {
                    self.blocks(children, &inner);
                }
                self.status_note(status, &inner);
                self.segment_extra(&id, kind);
                self.out.push_str("</div>\n");
            }
            other => self.block(other, ctx),
        }
    }

    /// A footnote (structured sources): its number, then its text and the back-link to its
    /// marker in the text (issue 16), when a segment refers to it.
    fn footnote(&mut self, attr: &Attr, children: &[Block], ctx: &Ctx) {
        let doc = self.doc;
        let owner = self
            .own_notes
            .get_or_insert_with(|| pandoc::footnotes::owners(&doc.ast.blocks))
            .get(&attr.0)
            .cloned();
        for b in children {
            if let Block::Para(x) | Block::Plain(x) = b {
                self.out.push_str("<p><span class=\"footnote-number\">");
                push_text(self.out, attr_get(attr, "number").unwrap_or(""));
                self.out.push_str(".</span> ");
                self.inlines(x, ctx);
                if let Some(seg) = &owner {
                    self.out.push_str(
                        "\u{a0}<a class=\"backlink footnote-back\" role=\"doc-backlink\" href=\"",
                    );
                    self.href_to(&format!("{}-ref", attr.0), seg);
                    self.out.push('"');
                    if let Some(t) = self.opts.ui.map(|u| u.text("footnote-backlink", &[])) {
                        self.out.push_str(" title=\"");
                        push_attr(self.out, &t);
                        self.out.push('"');
                    }
                    self.out.push_str(">↑</a>");
                }
                self.out.push_str("</p>\n");
            } else {
                self.block(b, ctx);
            }
        }
    }

    pub(super) fn status_attr(&mut self, status: Option<&str>) {
        if let Some(s) = status {
            self.out.push_str(" data-status=\"");
            push_attr(self.out, s);
            self.out.push('"');
        }
    }

    /// The visible, localized reason a segment is not a current translation.
    pub(super) fn status_note(&mut self, status: Option<&str>, ctx: &Ctx) {
        let (Some(status), Some(strings)) = (status, self.opts.ui) else {
            return;
        };
        let source = self
            .opts
            .source_lang
            .map(|l| strings.lang_name(l).text())
            .unwrap_or_default();
        let msg = strings.msg(
            &format!("status-{status}"),
            &[("source", crate::i18n::Arg::Text(source))],
        );
        self.out.push_str("<p class=\"status-note\"");
        // The note is in the interface language even inside a stand-in in another language.
        if strings.lang() != &ctx.lang {
            lang_attrs(self.out, strings.lang(), true);
        }
        self.out.push('>');
        ui(&msg, strings.lang(), self.out);
        self.out.push_str("</p>\n");
    }

    pub(super) fn segment_extra(&mut self, id: &str, kind: SegmentKind) {
        if let Some(f) = self.opts.segment_extra {
            self.out.push_str(&f(id, kind));
        }
    }

    /// A reference entry: its number, its text, and back-links to every citation of it.
    pub(super) fn reference_entry(&mut self, id: &str, attr: &Attr, children: &[Block], ctx: &Ctx) {
        let number = attr_get(attr, "number").map(str::to_string);
        let backs = match self.opts.cites {
            Some(index) => index.get(id).cloned(),
            None => self
                .own_cites
                .get_or_insert_with(|| pandoc::cites::index(self.doc))
                .get(id)
                .cloned(),
        }
        .unwrap_or_default();
        let (last, init) = match children.split_last() {
            Some((l @ (Block::Para(_) | Block::Plain(_)), init)) => (Some(l), init),
            _ => (None, children),
        };
        let lead = |w: &mut Self| {
            if let Some(n) = &number {
                w.out.push_str("<span class=\"ref-number\"");
                if ctx.dir == Dir::Rtl {
                    w.out.push_str(" dir=\"ltr\"");
                }
                w.out.push_str(">[");
                push_text(w.out, n);
                w.out.push_str("]</span> ");
            }
        };
        let mut first = true;
        for b in init {
            if first {
                if let Block::Para(x) = b {
                    self.out.push_str("<p>");
                    lead(self);
                    self.inlines(x, ctx);
                    self.out.push_str("</p>\n");
                    first = false;
                    continue;
                }
            }
            self.block(b, ctx);
            first = false;
        }
        let (open, close) = match last {
            Some(Block::Para(_)) => ("<p>", "</p>\n"),
            _ => ("<p class=\"backlinks-only\">", "</p>\n"),
        };
        self.out.push_str(open);
        if first {
            lead(self);
        }
        if let Some(Block::Para(x) | Block::Plain(x)) = last {
            self.inlines(x, ctx);
        }
        if !backs.is_empty() {
            // A no-break space: the arrow never starts a line alone.
            self.out.push_str("\u{a0}<span class=\"backlinks\">");
            let title = self.opts.ui.map(|u| u.text("backlink", &[]));
            let single = backs.len() == 1;
            if !single {
                self.out.push('↑');
            }
            for (i, c) in backs.iter().enumerate() {
                if i > 0 || !single {
                    self.out.push(' ');
                }
                self.out.push_str("<a class=\"backlink\"");
                if self.epub {
                    self.out.push_str(" role=\"doc-backlink\"");
                }
                self.out.push_str(" href=\"");
                self.href_to(&c.id, &c.segment);
                self.out.push('"');
                if let Some(t) = &title {
                    self.out.push_str(" title=\"");
                    push_attr(self.out, t);
                    self.out.push('"');
                }
                self.out.push('>');
                if single {
                    self.out.push('↑');
                } else {
                    self.out.push_str(&letters(i));
                }
                self.out.push_str("</a>");
            }
            self.out.push_str("</span>");
        }
        self.out.push_str(close);
    }
}
