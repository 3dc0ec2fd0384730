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
pub mod html;
pub mod pdf;
pub mod xhtml;
