//! Issue 12 (fuzzing): time-boxed property tests on the stable toolchain for the readers that take
//! untrusted text, and for the XHTML writer that turns their output into markup.
//!
//! Targets (one test each, `cargo test --release --test suite fuzz`):
//!
//! - `fuzz_normalize`: `normalize::normalize` on the bytes as the source text (first without an
//!   ID registry, then with the registry of a fixture article, so ID matching runs too);
//! - `fuzz_translation_file`: `align::format::parse`, then the Markdown of every div it returns;
//! - `fuzz_markdown`: `align::markdown::parse` for an Arabic and an English translation;
//! - `fuzz_xhtml_well_formed`: normalize, then `export::xhtml::blocks` (and `blocks_epub`) over the
//!   whole AST, and the same for the inlines the Markdown reader makes of the text: the markup
//!   wrapped in one root element must parse with quick-xml (end tags match, attributes unique and
//!   well-formed, only the five XML entities and numeric references to XML characters, every
//!   character an XML 1.0 `Char`) and hold none of the characters the serializer promises to
//!   replace (C0/C1 controls but tab and newline, CR, noncharacters).
//!
//! Inputs are structured and hostile, not only random bytes: a base (a fixture file read at run
//! time from `tests/fixtures/*/source/article.txt` and `tests/fixtures/*/translations/*.md`, a
//! run of hostile tokens, a generated translation file, random characters or random bytes), then
//! a list of mutations (splice from another fixture, duplicate, truncate at any byte, delete,
//! insert a token: brackets, braces, `:::`, `*`, `\`, `[n]`, URLs, bidi marks, controls, emoji,
//! combining marks; nest a pair up to 300 deep in total; insert invalid UTF-8).
//!
//! Budget: `STELE_FUZZ_SECONDS` per target (default 5; `.ci/run` sets 60). Cases are numbered and
//! case `k` of seed `s` is always the same input: `STELE_FUZZ_SEED` (default fixed, decimal or
//! 0x-hex) and `STELE_FUZZ_CASE` (run only that case) reproduce a failure. A failing case is
//! shrunk (proptest's shrinking, then byte-level deletion while the same failure remains),
//! written to a file under the temp directory, and the test fails naming the file, the panic
//! message and location, and the command that reproduces it.
//!
//! Each target runs on its own thread with an 8 MiB stack, as much as the CLI's main thread
//! has on Linux: a recursion that overflows the stack aborts the whole test process (it cannot
//! be caught), so generated nesting is capped at `MAX_NEST` until the depth limits land.

use crate::common::root;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as RunnerConfig, RngAlgorithm, TestRng, TestRunner};
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Once, OnceLock};
use std::time::{Duration, Instant};
use stele::config::Config;
use stele::model::{Document, Lang};
use stele::normalize::{self, ids::Registry, inline::Citations, Input};

mod engine;
use engine::*;

/// The default seed: fixed, so that every run (and CI) tries the same cases first.
const DEFAULT_SEED: u64 = 0x57E1_E012;
/// Total nesting a case's `Nest` mutations may add (the rest of the input adds little).
const MAX_NEST: usize = 300;
/// The stack of the thread a target runs on (the CLI's main thread has 8 MiB on Linux).
const STACK: usize = 8 << 20;

/// A minimal edition.toml: English source, an Arabic and a Russian translation, the default
/// normalization (reference list headings, citations on, script tagging for Arabic/Cyrillic).
const EDITION_TOML: &str = r#"
[document]
id = "fuzz"
source_lang = "en"
target_langs = ["ar", "ru"]
date = "2024-01-01"
"#;

fn config() -> &'static Config {
    static C: OnceLock<Config> = OnceLock::new();
    C.get_or_init(|| Config::parse(EDITION_TOML, Path::new("source/edition.toml")).unwrap())
}

fn lang(tag: &str) -> Lang {
    Lang::parse(tag).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Targets.

/// The registry of the first fixture article, so that ID matching against a previous run is
/// exercised on every input.
fn fixture_registry() -> &'static Option<Registry> {
    static R: OnceLock<Option<Registry>> = OnceLock::new();
    R.get_or_init(|| {
        let bytes = &seeds().sources[0];
        normalize_bytes(bytes, None).map(|n| n.registry)
    })
}

fn normalize_bytes(bytes: &[u8], registry: Option<&Registry>) -> Option<normalize::Normalized> {
    let staged = normalize::normalize(&Input {
        bytes,
        file: Path::new("source/article.txt"),
        config: config(),
        registry,
    });
    let _ = stele::diag::render(&staged.diags);
    staged.value
}

fn check_normalize(bytes: &[u8]) -> Result<(), String> {
    normalize_bytes(bytes, None);
    normalize_bytes(bytes, fixture_registry().as_ref());
    Ok(())
}

fn taggings() -> &'static [stele::normalize::inline::ScriptTagging] {
    static T: OnceLock<Vec<stele::normalize::inline::ScriptTagging>> = OnceLock::new();
    T.get_or_init(|| {
        ["ar", "en"]
            .iter()
            .map(|l| stele::align::tagging_for(config(), &lang(l), &Citations::AnyNumber))
            .collect()
    })
}

fn check_translation_file(bytes: &[u8]) -> Result<(), String> {
    let ar = lang("ar");
    let (file, diags) = stele::align::format::parse(bytes, Path::new("translations/ar.md"), &ar);
    let _ = stele::diag::render(&diags);
    if let Some(file) = file {
        if let Some(title) = &file.front.title {
            stele::align::markdown::parse(title, &taggings()[0]);
        }
        for div in &file.divs {
            let _ = (div.is_empty(), div.text_line());
            stele::align::markdown::parse(&div.text(), &taggings()[0]);
        }
    }
    Ok(())
}

fn check_markdown(bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    for tagging in taggings() {
        stele::align::markdown::parse(&text, tagging);
    }
    Ok(())
}

/// A document to render Markdown inlines in: the first fixture's metadata, language `ar`.
fn arabic_doc() -> &'static Option<Document> {
    static D: OnceLock<Option<Document>> = OnceLock::new();
    D.get_or_init(|| {
        normalize_bytes(&seeds().sources[0], None).map(|n| Document {
            lang: lang("ar"),
            ast: pandoc_ast::Pandoc {
                meta: n.doc.ast.meta.clone(),
                blocks: Vec::new(),
                pandoc_api_version: n.doc.ast.pandoc_api_version.clone(),
            },
        })
    })
}

fn check_xhtml(bytes: &[u8]) -> Result<(), String> {
    use stele::export::xhtml::{self, XhtmlOptions};
    let opts = XhtmlOptions::default();
    if let Some(n) = normalize_bytes(bytes, None) {
        let mut s = String::new();
        xhtml::blocks(&n.doc, &n.doc.ast.blocks, &opts, &mut s);
        well_formed(&s).map_err(|e| format!("blocks (source): {e}"))?;
        let mut s = String::new();
        xhtml::blocks_epub(&n.doc, &n.doc.ast.blocks, &opts, &mut s);
        well_formed(&s).map_err(|e| format!("blocks_epub (source): {e}"))?;
    }
    // The same text as a translation's Markdown, rendered as one paragraph of an Arabic edition.
    if let Some(base) = arabic_doc() {
        let text = String::from_utf8_lossy(bytes);
        let (inlines, _) = stele::align::markdown::parse(&text, &taggings()[0]);
        let mut doc = base.clone();
        doc.ast.blocks = vec![pandoc_ast::Block::Para(inlines)];
        let mut s = String::new();
        xhtml::blocks(&doc, &doc.ast.blocks, &opts, &mut s);
        well_formed(&s).map_err(|e| format!("blocks (translation): {e}"))?;
    }
    Ok(())
}

/// XML 1.0 `Char`.
fn xml_char(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// What the serializer promises to replace (see `forbidden` in src/export/xhtml/mod.rs).
fn promised_away(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\t' && c != '\n')
        || (0x7F..=0x9F).contains(&u)
        || (0xFDD0..=0xFDEF).contains(&u)
        || (u & 0xFFFE) == 0xFFFE
}

fn check_chars(what: &str, s: &str) -> Result<(), String> {
    if let Some(c) = s.chars().find(|&c| !xml_char(c)) {
        return Err(format!(
            "not an XML character: U+{:04X} in {what} {s:?}",
            c as u32
        ));
    }
    if let Some(c) = s.chars().find(|&c| promised_away(c)) {
        return Err(format!(
            "unreplaced forbidden character: U+{:04X} in {what} {s:?}",
            c as u32
        ));
    }
    Ok(())
}

/// Whether `markup`, wrapped in one root element, is well-formed XML (quick-xml, plus the
/// character and entity rules quick-xml leaves to the caller).
fn well_formed(markup: &str) -> Result<(), String> {
    use quick_xml::events::Event;
    let doc = format!(
        "<root xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">\
         {markup}</root>"
    );
    let mut reader = quick_xml::Reader::from_str(&doc);
    reader.config_mut().check_end_names = true;
    reader.config_mut().check_comments = true;
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        let at = reader.buffer_position();
        let context = || {
            let a = (at as usize).saturating_sub(80);
            let mut a = a.min(doc.len());
            while !doc.is_char_boundary(a) {
                a -= 1;
            }
            let mut b = (at as usize + 80).min(doc.len());
            while !doc.is_char_boundary(b) {
                b += 1;
            }
            format!("near {:?}", &doc[a..b])
        };
        let event = reader
            .read_event()
            .map_err(|e| format!("XML error: {e} {}", context()))?;
        let attrs = |e: &quick_xml::events::BytesStart| -> Result<(), String> {
            let name = std::str::from_utf8(e.name().as_ref()).unwrap().to_string();
            check_chars("element name", &name)?;
            for a in e.attributes().with_checks(true) {
                let a = a.map_err(|err| format!("XML error: attribute: {err} {}", context()))?;
                let raw = std::str::from_utf8(&a.value).unwrap().to_string();
                check_chars("attribute value", &raw)?;
                if raw.contains('<') {
                    return Err(format!(
                        "XML error: `<` in an attribute value {}",
                        context()
                    ));
                }
                let value = a
                    .unescape_value()
                    .map_err(|err| format!("XML error: attribute value: {err} {}", context()))?;
                check_chars("attribute value", &value)?;
            }
            Ok(())
        };
        match event {
            Event::Start(e) => {
                attrs(&e)?;
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Event::Empty(e) => {
                attrs(&e)?;
                if depth == 0 {
                    return Err(format!("XML error: element outside the root {}", context()));
                }
            }
            Event::End(_) => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| format!("XML error: unmatched end tag {}", context()))?;
            }
            Event::Text(t) => {
                let raw = std::str::from_utf8(&t).unwrap().to_string();
                check_chars("text", &raw)?;
                if raw.contains("]]>") {
                    return Err(format!("XML error: `]]>` in text {}", context()));
                }
                let text = t
                    .unescape()
                    .map_err(|err| format!("XML error: text: {err} {}", context()))?;
                check_chars("text", &text)?;
                if depth == 0 && !text.trim().is_empty() {
                    return Err(format!("XML error: text outside the root {}", context()));
                }
            }
            Event::CData(t) => check_chars("CDATA", std::str::from_utf8(&t).unwrap())?,
            Event::Comment(t) => check_chars("comment", std::str::from_utf8(&t).unwrap())?,
            Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {
                return Err(format!("XML error: unexpected declaration {}", context()))
            }
            Event::Eof => break,
        }
    }
    if depth != 0 {
        return Err(format!(
            "XML error: {depth} element(s) left open at the end"
        ));
    }
    if roots != 1 {
        return Err(format!("XML error: {roots} root elements"));
    }
    Ok(())
}

#[test]
fn fuzz_normalize() {
    fuzz("normalize", Pool::Sources, check_normalize);
}

#[test]
fn fuzz_translation_file() {
    fuzz(
        "translation_file",
        Pool::Translations,
        check_translation_file,
    );
}

#[test]
fn fuzz_markdown() {
    fuzz("markdown", Pool::Paragraphs, check_markdown);
}

#[test]
fn fuzz_xhtml_well_formed() {
    fuzz("xhtml_well_formed", Pool::Sources, check_xhtml);
}

/// The checker itself: it accepts the serializer's kind of markup and rejects what is not XML.
#[test]
fn fuzz_well_formed_checker() {
    assert!(
        well_formed("<p id=\"a\" lang=\"ar\">x &amp; y<bdi dir=\"ltr\">1</bdi><br/></p>").is_ok()
    );
    for bad in [
        "<p>",
        "<p></q>",
        "</p>",
        "<p a=\"1\" a=\"2\"></p>",
        "<p>&nbsp;</p>",
        "<p>&#1;</p>",
        "<p>\u{1}</p>",
        "<p>\u{85}</p>",
        "<p a=\"<\"></p>",
        "<p>]]></p>",
        "x < y",
    ] {
        assert!(well_formed(bad).is_err(), "accepted {bad:?}");
    }
    // The generator is deterministic: the same seed and case give the same input.
    let strategy = case(Pool::Sources);
    let one = strategy
        .new_tree(&mut runner_for(1, "t", 7))
        .unwrap()
        .current()
        .bytes();
    let two = strategy
        .new_tree(&mut runner_for(1, "t", 7))
        .unwrap()
        .current()
        .bytes();
    assert_eq!(one, two);
}

/// The cases a target would run, with `STELE_FUZZ_SEED`/`STELE_FUZZ_CASE`: a look at what the
/// generator makes (`cargo test --release --test suite fuzz_show -- --ignored --nocapture`).
#[test]
#[ignore]
fn fuzz_show_cases() {
    let seed = env_u64("STELE_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let first = env_u64("STELE_FUZZ_CASE").unwrap_or(0);
    for n in first..first + 20 {
        let tree = case(Pool::Sources)
            .new_tree(&mut runner_for(seed, "normalize", n))
            .unwrap();
        let b = tree.current().bytes();
        let s = String::from_utf8_lossy(&b);
        let head: String = s.chars().take(300).collect();
        println!("case {n}: {} bytes: {head:?}", b.len());
    }
}

/// The harness itself: a panic is caught with its message and location, and shrunk to the
/// smallest input that still panics at the same place.
#[test]
fn fuzz_harness_shrinks_a_panic() {
    fn planted(bytes: &[u8]) -> Result<(), String> {
        if bytes.windows(4).any(|w| w == b"[12]") {
            panic!("planted");
        }
        Ok(())
    }
    let report = fuzz_with(
        "planted",
        Pool::Paragraphs,
        planted,
        DEFAULT_SEED,
        None,
        Duration::from_secs(20),
    )
    .expect_err("the planted panic is found");
    assert!(
        report.contains("panicked at tests/suite/fuzz.rs:"),
        "{report}"
    );
    assert!(report.contains(": planted"), "{report}");
    assert!(report.contains("shrunk input (4 bytes)"), "{report}");
    let file = report
        .lines()
        .find_map(|l| l.split(" written to ").nth(1))
        .unwrap();
    assert_eq!(std::fs::read(file).unwrap(), b"[12]");
    std::fs::remove_file(file).unwrap();
}

/// Every pair nested `MAX_NEST` deep, in every target: the deepest input the generator makes
/// (on the same 8 MiB stack), once, deterministically.
#[test]
fn fuzz_nesting_at_the_cap() {
    install_hook();
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(|| {
            let checks: [(&str, Check); 4] = [
                ("normalize", check_normalize),
                ("translation_file", check_translation_file),
                ("markdown", check_markdown),
                ("xhtml_well_formed", check_xhtml),
            ];
            let mut failures = Vec::new();
            for (open, close) in PAIRS {
                let text = format!(
                    "Title\n\nA paragraph {}https://example.com/x [1]{} end.\n\nReferences\n\n\
                     [1] A. Author. Title. 2020.\n",
                    open.repeat(MAX_NEST),
                    close.repeat(MAX_NEST)
                );
                let div = format!("---\nlang: ar\n---\n\n::: {{#p1}}\n{text}\n:::\n");
                for (name, check) in checks {
                    let input = if name == "translation_file" {
                        &div
                    } else {
                        &text
                    };
                    if let Err(f) = run_one(check, input.as_bytes()) {
                        failures.push(format!("{name}, {open:?}…{close:?} x{MAX_NEST}: {f}"));
                    }
                }
            }
            assert!(failures.is_empty(), "{}", failures.join("\n"));
        })
        .unwrap()
        .join()
        .unwrap_or_else(|p| panic::resume_unwind(p));
}
