//! Footnotes of structured sources in Typst: the number, then the text, set small like a
//! reference entry (the marker in the text links here by the segment's label).

use super::{markup, Writer};
use crate::pandoc::attr_get;
use pandoc_ast::{Attr, Block};
use std::fmt::Write as _;

impl Writer<'_> {
    pub(super) fn footnote(&mut self, attr: &Attr, inner: &[Block], label: &str) {
        self.out.push_str("#block(above: 0.55em, below: 0.55em)[#set par(hanging-indent: 2.2em, justify: false); #set text(size: 0.88em); #par[");
        if let Some(n) = attr_get(attr, "number") {
            let _ = write!(self.out, "#box(width: 2.2em)[{}]", markup(&format!("{n}.")));
        }
        for b in inner {
            if let Block::Para(x) | Block::Plain(x) = b {
                self.inlines(x);
            }
        }
        let _ = write!(self.out, "]]{label}\n\n");
    }
}
