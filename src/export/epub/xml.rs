//! Escaping for the package, navigation and container documents: the shared serializer's.

pub use crate::export::xhtml::{escape_attr as attr, escape_text as text};
