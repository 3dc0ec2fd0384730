//! stele's integration suite: one test binary (typst is linked once), one module per area, each
//! running the real `stele` binary or library on fixture projects under `tests/fixtures/`.

mod common;

mod accept;
mod accessibility;
mod align;
mod architecture;
mod book_chapters;
mod build;
mod epub;
mod exchange;
mod facing;
mod fuzz;
mod headings;
mod hostile;
mod hostile_depth;
mod hostile_input;
mod html;
mod import;
mod import_accuracy;
mod localization;
mod normalize;
mod pdf;
mod phone;
mod review;
mod sentences;
mod serve;
mod sources;
mod sources_cited;
mod sources_images;
mod sources_markup;
mod technical;
mod translations;
mod typography;
mod workflow;
