//! stele's integration suite: one test binary (typst is linked once), one module per area, each
//! running the real `stele` binary or library on fixture projects under `tests/fixtures/`.

mod common;

mod accept;
mod accessibility;
mod align;
mod build;
mod epub;
mod exchange;
mod fuzz;
mod headings;
mod hostile;
mod hostile_depth;
mod hostile_input;
mod html;
mod import;
mod localization;
mod normalize;
mod pdf;
mod serve;
mod sources;
mod technical;
mod translations;
mod workflow;
