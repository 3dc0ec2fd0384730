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

/// What an exporter hands to its caller as each edition is ready, so the caller can write it
/// at once (a killed or failing build keeps what was finished) and free its bytes.
#[derive(Debug)]
pub enum Ready {
    File(OutputFile),
    /// An edition that could not be built (its diagnostics say why); the path it would have had.
    Failed(PathBuf),
}

/// Receives the editions of an export as they are finished (called from worker threads).
pub type Sink<'a> = &'a (dyn Fn(Ready) + Sync);

pub mod credits;
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
pub mod typography;
pub mod webfonts;
pub mod xhtml;
