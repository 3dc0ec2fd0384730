//! Exporters: `html`, `epub`, `pdf`; each is one pure function `(&Edition, &Options) -> files`.

use std::path::PathBuf;

/// One file an exporter produces (one edition), with its path relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// The languages the edition contains, primary first (recorded in the build manifest).
    pub langs: Vec<crate::model::Lang>,
}

pub mod epub;
/// An error for every requested language the edition does not have (`code` names the exporter,
/// `what` the thing it writes per language: "page", "book").
pub fn unknown_langs(
    edition: &crate::model::Edition,
    langs: &[crate::model::Lang],
    code: &'static str,
    what: &str,
) -> Vec<crate::diag::Diagnostic> {
    let known: Vec<String> = edition.langs().iter().map(|l| l.to_string()).collect();
    langs
        .iter()
        .filter(|l| edition.doc(l).is_none())
        .map(|l| {
            crate::diag::Diagnostic::error(
                code,
                format!("the edition has no `{l}` document to write a {what} for"),
            )
            .lang(l.as_str())
            .hint(format!("choose among: {}", known.join(", ")))
        })
        .collect()
}

pub mod html;
pub mod pdf;
pub mod xhtml;
