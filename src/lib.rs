//! # stele: one text, several languages, every paragraph in step
//!
//! stele turns a source article (plain text) and its translations (one Pandoc Markdown file per
//! language, one fenced div per segment) into synchronized HTML, EPUB and PDF editions, per
//! language and in parallel (side by side), with alignment reports for translators.
//!
//! ## Pipeline
//!
//! ```text
//!  source/article.txt ──normalize──▶ Pandoc AST (en) ──┐          ┌─▶ export::html ─▶ out/html/*.html
//!  source/edition.toml               + segment IDs      │          │
//!  source/article.ids.json ◀─────── (persisted IDs)     ├─align──▶ Edition ─▶ export::epub ─▶ out/epub/*.epub
//!  translations/<lang>.md ──parse───────────────────────┘ + QA     │
//!  (or translations/<lang>/<chapter>.md, joined)                   │
//!  translations/glossary.toml                      out/reports/*  └─▶ export::pdf  ─▶ out/pdf/*.pdf
//!                                                                   out/manifest.json (build)
//! ```
//!
//! ## Code map
//!
//! - `main.rs`: thin: parse the CLI and exit with the status [`cli::run`] returns.
//! - [`cli`]: clap types only, their conversion into the app layer's typed requests, and the
//!   dispatch; it prints the diagnostics (capped per code on the terminal). Nothing else in the
//!   crate imports it.
//! - [`app`]: the application layer: `request` (typed `BuildRequest`, `ExportRequest`,
//!   `AlignRequest`, `Format`), what each command reads, runs and writes (wiring stages to [`io`]),
//!   and `build` (`stele build`: every edition, each written as soon as it is ready; `out/` kept
//!   consistent under a kill by a lock, a build marker and the manifest written last); `sync`
//!   (`stele sync`: an empty div for each segment a translation file lacks); `init` (a
//!   new project, never replacing a file), `status` (table, `--json`, `--list`) and `gates` (the
//!   `--fail-under`/`--deny-warnings` CI gates of align, build and export); `translations` (a
//!   language's translation files as one set: one file, or one per chapter with
//!   `align.per_chapter`, read, joined, and written back file by file); `refuse` (a language
//!   that cannot be built is left out of a build, the others are built) and `serve` (`stele
//!   serve`/`watch`: rebuild on change, `out/` served on 127.0.0.1 only with a live-reload script
//!   injected into served pages, never into `out/`).
//! - [`config`]: strict `edition.toml` (unknown keys are errors, language tags validated at load);
//!   `headings`: the heading patterns ([`config::headings::Matcher`]) and levels, validated with
//!   their positions (the normalizer compiles the same matchers).
//! - [`model`]: shared types: [`model::Lang`], segment IDs and kinds, the one segment status
//!   [`model::Status`] (align, assemble, the exporters and exchange), [`model::Document`], [`model::Edition`]
//!   with its aligned [`model::SegmentTable`] and each document's [`model::CitationIndex`] (built
//!   once by `pandoc::table` and `pandoc::cites`, called from `align`).
//! - [`media`] (issue 16): a source image's media type sniffed from its bytes (PNG, JPEG, GIF,
//!   SVG), its stable name (`<sha256 prefix>.<ext>`) and the `MediaSet` an edition carries;
//!   `app::media` reads each image once through [`io`] (relative to `source/`, confined).
//! - [`memory`]: hands freed memory back to the system between a large build's stages (glibc
//!   keeps it per thread; issue 13): after the reports, after each PDF edition.
//! - [`bidi`]: direction runs by token (`IPv6`, `/etc/x`, `C++` whole): the one isolation rule of
//!   the HTML, EPUB and PDF exporters and of script tagging.
//! - [`diag`]: the one [`diag::Diagnostic`] type (severity, file, line:col, segment, message, hint)
//!   and its one renderer.
//! - [`io`]: the only code that reads `source/`, `translations/` or writes `out/` (atomic writes);
//!   `Project::confine` keeps every path from the project inside its root (`--allow-outside`
//!   lifts it), and `write_atomic` never replaces a symlink or a read-only file; `read_served`
//!   (files of `out/` for `stele serve`, confined) and `watch` (the `notify` watcher).
//! - [`pandoc`]: AST helpers, JSON read/write with API-version check, the segment contract;
//!   `table` (the aligned segment table) and `cites` (the one citation index: each `Cite` numbered
//!   per segment, `cite-<segment>-<k>`, with the back-links of each entry), both built by `align`
//!   into the [`model::Edition`] and read by every exporter.
//! - [`normalize`]: raw text -> Pandoc AST: `text` (characters), `structure` (blocks), `inline`
//!   (citations where an entry exists, `\[n]` escapes, script spans), `url` (the one URL finder,
//!   also used by align's Markdown reader), `levels` (heading levels from numbering, `headings`/
//!   `not_headings` patterns), `references` (fields, CSL JSON, transliteration),
//!   `ids` (the persisted registry and ID matching).
//! - [`source`]: structured sources (issue 16): `markdown` (CommonMark via pulldown-cmark, with
//!   `divs` marking Pandoc fenced divs before it reads) and
//!   Pandoc JSON read into raw blocks, `refs` (`[n]` citations and the reference list by the
//!   text source's rule: `csl-entry` segments `ref-n`, `Cite` only where entry `n` exists), then
//!   `build` (the same segment contract as [`normalize`]:
//!   leaves of lists, tables, quotes and figures are paragraph segments; code blocks and
//!   footnotes are segments of their own). It sits above `normalize` and `align` (it reads
//!   inlines with the translators' Markdown reader, so both sides mean the same).
//! - [`align`]: `lang` (one language: its file read div by div against the source, its checks,
//!   sentence links and document), `format` (translation files: parser, writer for `sync`), `parts` (issue 16: a
//!   book's per-chapter translation files joined into one sequence, lines mapped back to each
//!   file, `misplaced` divs), `codefence` (fenced
//!   code, where `:::` is code, in translations and Markdown sources), `markdown` (their inline
//!   Markdown), `text` (the text primitives every check and the aligner share: prose, digits of
//!   every script, numbers, brackets, sentences), `checks`, `glossary` and `misaligned` (QA
//!   findings; `misaligned` scores with `import`'s anchors), `assemble` (translated ASTs under the build
//!   policy), `report` (summary table, `alignment.json`), `review` (`alignment.html`, a work
//!   queue with file:// filters), `import` (`stele import`'s paragraph aligner: `anchors` the
//!   evidence per paragraph, `calibrate` the length model and sentence weight learnt from the
//!   document's confident pairs, the banded DP, `output` the translation file and reports; it escapes
//!   HTML with `export::xhtml`'s escaping), `sentences` (issue 19: each current prose segment's
//!   sentences paired with the source's by `import`'s aligner, recorded as `sentence` spans with
//!   a `counterpart` attribute).
//! - [`i18n`]: Fluent catalogs (`i18n/ftl/<lang>.ftl`, and a project's `i18n/<lang>.ftl` over
//!   them) for interface strings, CLDR plurals, English fallback with one warning per catalog;
//!   `cldr`: language names, autonyms and dates from CLDR (ICU4X compiled data).
//! - [`export`]: one pure function `(&Edition, &Options) -> Staged<Vec<OutputFile>>` per format:
//!   `xhtml` (the AST -> XHTML serializer shared by HTML and EPUB, isolating by [`bidi`]),
//!   `html` (pages and the parallel reader; `reader`: its sticky picker, `?cols=`, measure;
//!   `sentences`: its sentence highlighting), `epub` (package, nav, content, reproducible zip),
//!   `pdf` (Typst markup writer, an in-memory `World`, templates, links resolved after layout;
//!   fonts embedded; `facing`: the facing-page editions, units measured with the typesetter and
//!   paired into spreads; `facing::split`: a paragraph taller than a page cut at corresponding
//!   sentences; `plan` writes every edition's Typst source, `typeset` lays them out without
//!   the edition, in `pool`, threads of its own bounded by estimated memory); `typography`
//!   (issue 18: each language's no-break rules, applied by `app` to the edition before every
//!   exporter; translation files stay as written), `webfonts` (the Libertinus and Amiri files
//!   the HTML pages (`html/fonts/`) and EPUBs ship, and their `@font-face` rules) and `credits`
//!   (the credit line and stated date of every edition's front matter, in its language).
//! - [`exchange`]: CAT-tool exchange (issue 15): XLIFF 2.1, XLIFF 1.2, PO per target language and
//!   a TMX memory (`inline`: Markdown <-> protected codes, losslessly), their readers over a
//!   hardened XML parser (`xml`: no DTD, no entities, size and depth limits), `reconcile`
//!   (orphans, stale units, citation parity) and `merge` (updates written through
//!   `align::format`). `app::exchange` wires `stele export xliff|po|tmx` and `stele import FILE.xlf|.po`.
//!
//! ## Invariants
//!
//! - Stages are pure functions returning their output plus diagnostics ([`diag::Staged`]); bad
//!   content never panics, it becomes a diagnostic naming file, line and segment.
//! - Every block segment (title, heading, paragraph, pull quote, reference entry, code block,
//!   footnote) carries exactly
//!   one ID, the block's `Attr` id, and that ID reaches every output (HTML/EPUB `id`, PDF named
//!   destination). IDs are persisted in `source/*.ids.json`: an edit keeps a segment's ID, an
//!   insert gets a new one, a deletion retires its ID for good.
//! - Each segment also carries the `fingerprint` of its normalized source text; a translation
//!   records the fingerprint it was made from, which is how stale translations are found.
//! - A heading's `Header` level is its place in the hierarchy (from its numbering, else the
//!   document's default); exporters set the top level present right under the title
//!   ([`pandoc::heading_shift`]) and nest tables of contents, EPUB navigation and PDF bookmarks by it.
//! - Exporters pair languages by the edition's segment table, never by searching IDs, and take
//!   citation IDs and back-links from its citation index (one scheme for every format); they
//!   read the Pandoc AST and edition metadata, never raw text, never a file: images
//!   reach them as bytes in [`model::Edition::media`] (HTML `html/media/`, EPUB `EPUB/media/`,
//!   PDF through the typst world's `/media/<name>`).
//! - No import cycles: no module refers to another that refers back to it, at any level, and only
//!   `main.rs`/`cli.rs` name `cli` (`scripts/check-imports.py`, run by the suite's `architecture`).
//! - Same inputs, byte-identical outputs: no clocks, no randomness, sorted maps.
//! - Nothing half-written sits in `out/` or `translations/`: every write is an atomic replace.

// A `Diagnostic` is the error type of every fallible step; errors are the cold path and boxing
// them would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod align;
pub mod app;
pub mod bidi;
pub mod cli;
pub mod config;
pub mod diag;
pub mod exchange;
pub mod export;
pub mod i18n;
pub mod io;
pub mod media;
pub mod memory;
pub mod model;
pub mod normalize;
pub mod pandoc;
pub mod source;
