//! QA checks on aligned segment pairs (being built).

use crate::align::format::Div;
use crate::diag::Diagnostic;
use crate::model::Lang;
use crate::normalize::SourceSegment;
use pandoc_ast::Inline;
use std::path::Path;

/// One source segment and its translation.
#[derive(Debug, Clone, Copy)]
pub struct Pair<'a> {
    pub seg: &'a SourceSegment,
    pub src_inlines: &'a [Inline],
    pub div: &'a Div,
    pub inlines: &'a [Inline],
    /// The translation's plain text.
    pub text: &'a str,
}

/// The language and file being checked.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub lang: &'a Lang,
    pub source_lang: &'a Lang,
    pub file: &'a Path,
}

pub fn run(_pairs: &[Pair], _ctx: &Ctx) -> Vec<Diagnostic> {
    Vec::new()
}
