//! Issue 16: structured sources. A Markdown article (`md-article`: three heading levels under
//! the title, a list, a table, a code block, a footnote, an image, a block quote), the same
//! article as pandoc 3 reads it back from a DOCX (`pandoc-article`, Pandoc JSON), each with an
//! Arabic and a Russian translation: every edition builds, EPUBCheck 0/0, vnu 0 errors, the
//! parallel page keeps rows in step for every block kind, and the IDs are stable.

use crate::common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds every edition with no warning or error (the picture, `station.png`, in the DOCX round
/// trip `media/rId13.png`, is embedded since issue 16).
pub(crate) fn build_clean(root: &Path) {
    let (ok, stderr) = run_stele(root, &["build"]);
    assert!(ok, "stele build failed:\n{stderr}");
    let findings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning[") || l.starts_with("error["))
        .collect();
    assert!(findings.is_empty(), "stele build reported:\n{stderr}");
}

pub(crate) fn check_outputs(root: &Path) {
    let out = root.join("out");
    for book in ["en", "ar", "ru", "en-ar", "en-ru"] {
        if let Some(found) = epubcheck(&out.join(format!("epub/{book}.epub"))) {
            assert!(
                found.is_empty(),
                "epubcheck {book}.epub:\n{}",
                found.join("\n")
            );
        }
    }
    let pages: Vec<PathBuf> = ["en", "ar", "ru", "parallel"]
        .iter()
        .map(|p| out.join(format!("html/{p}.html")))
        .collect();
    if let Some(report) = vnu(&pages) {
        assert!(report.trim().is_empty(), "vnu:\n{report}");
    }
    for pdf in ["en", "ar", "ru", "en-ar", "en-ru"] {
        let bytes = std::fs::read(out.join(format!("pdf/{pdf}.pdf"))).unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{pdf}.pdf");
    }
}

pub(crate) fn ast(root: &Path, lang: &str) -> Value {
    let s = std::fs::read_to_string(root.join(format!("out/ast/{lang}.json"))).unwrap();
    serde_json::from_str(&s).unwrap()
}

/// The block kinds at the top level of a document, in order.
fn top_kinds(doc: &Value) -> Vec<String> {
    doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let t = b["t"].as_str().unwrap().to_string();
            match (t.as_str(), &b["c"]) {
                ("Header", c) => format!("H{}", c[0]),
                ("Div", c) => format!("Div.{}", c[0][1][0].as_str().unwrap_or("")),
                _ => t,
            }
        })
        .collect()
}

fn parallel_rows_in_step(root: &Path) {
    parallel_rows_in_step_kinds(
        root,
        &[
            "heading",
            "paragraph",
            "list",
            "table",
            "quote",
            "code",
            "image",
            "footnote",
        ],
    );
}

/// The browser check of the parallel page; each of `kinds` must have had rows checked.
fn parallel_rows_in_step_kinds(root: &Path, kinds: &[&str]) {
    let (Some(chromium), Some(node)) = (chromium(), node_with_playwright()) else {
        return;
    };
    let o = Command::new(node)
        .arg(env!("CARGO_MANIFEST_DIR").to_string() + "/tests/browser/parallel-rows.mjs")
        .arg("--chromium")
        .arg(&chromium)
        .arg(root.join("out/html/parallel.html"))
        .output()
        .expect("run node");
    let report =
        String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success() && !report.contains("FAIL"),
        "rows:\n{report}"
    );
    for kind in kinds {
        assert!(
            report.contains(&format!("ok {kind}:")),
            "no {kind} row checked:\n{report}"
        );
    }
}

#[test]
fn issue16_markdown_article_builds_every_edition_with_every_block_kind() {
    let dir = fixture_project("md-article");
    let root = dir.path();
    build_clean(root);
    let en = ast(root, "en");
    assert_eq!(
        top_kinds(&en),
        [
            "H1",
            "Div.paragraph",
            "H2",
            "Div.paragraph",
            "H3",
            "Div.paragraph",
            "BulletList",
            "H4",
            "Table",
            "H2",
            "BlockQuote",
            "Div.paragraph",
            "Div.code",
            "Div.paragraph",
            "Div.footnotes"
        ]
    );
    // The translation fills every kind: list item, table cell, code, image description, footnote.
    let ar = std::fs::read_to_string(root.join("out/ast/ar.json")).unwrap();
    for text in ["زورق", "العمق", "TIDE 2.5 M RISING", "رسم", "الحجر"] {
        assert!(ar.contains(text), "ar AST lacks {text}");
    }
    let ar_html = std::fs::read_to_string(root.join("out/html/ar.html")).unwrap();
    assert!(ar_html.contains("<li>") && ar_html.contains("<td>") && ar_html.contains("<pre"));
    assert!(
        ar_html.contains("class=\"footnote-ref\""),
        "footnote marker in the Arabic text"
    );
    check_outputs(root);
    parallel_rows_in_step(root);
}

#[test]
fn issue16_pandoc_json_from_docx_builds_with_the_markdown_articles_segments() {
    let dir = fixture_project("pandoc-article");
    let root = dir.path();
    build_clean(root);
    // pandoc's DOCX round trip keeps every segment: same IDs, kinds and fingerprints as the
    // Markdown article (the figure's caption is the image's description).
    let md = fixture_project("md-article");
    let (ok, stderr) = run_stele(md.path(), &["normalize"]);
    assert!(ok, "{stderr}");
    let segs = |root: &Path| -> Vec<(String, String)> {
        let s = std::fs::read_to_string(root.join("source/article.ids.json")).unwrap();
        let v: Value = serde_json::from_str(&s).unwrap();
        v["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["id"].as_str().unwrap().into(),
                    e["fingerprint"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert_eq!(segs(root), segs(md.path()));
    assert_eq!(segs(root).len(), 22);
    check_outputs(root);
    parallel_rows_in_step(root);
}

#[test]
fn issue16_constructs_stele_cannot_carry_are_errors_naming_them() {
    let dir = fixture_project("md-article");
    let root = dir.path();
    let src = root.join("source/article.md");
    let text = std::fs::read_to_string(&src).unwrap();
    std::fs::write(
        &src,
        text.replace("## The basins", "<div>raw</div>\n\n## The basins"),
    )
    .unwrap();
    let (ok, stderr) = run_stele(root, &["normalize"]);
    assert!(!ok);
    assert!(
        stderr.contains("error[source-construct]: source/article.md:6")
            && stderr.contains("a raw HTML block cannot be carried"),
        "{stderr}"
    );

    let dir = fixture_project("pandoc-article");
    let root = dir.path();
    let src = root.join("source/article.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&src).unwrap()).unwrap();
    let raw = serde_json::json!({"t": "RawBlock", "c": ["latex", "\\newpage"]});
    doc["blocks"].as_array_mut().unwrap().insert(3, raw);
    std::fs::write(&src, doc.to_string()).unwrap();
    let (ok, stderr) = run_stele(root, &["normalize"]);
    assert!(!ok);
    assert!(
        stderr.contains("a raw latex block (top-level block 4) cannot be carried"),
        "{stderr}"
    );
}

#[test]
fn issue16_markdown_ids_stay_when_blocks_are_added_and_moved() {
    let dir = fixture_project("md-article");
    let root = dir.path();
    let src = root.join("source/article.md");
    let text = std::fs::read_to_string(&src).unwrap();
    // A new list item first, the block quote moved above the heading before it.
    let moved = text
        .replace("- small fishing boats", "- the ferry\n- small fishing boats")
        .replace(
            "## The signal station\n\n> A harbour without a signal is a trap for every ship that enters it.\n",
            "> A harbour without a signal is a trap for every ship that enters it.\n\n## The signal station\n",
        );
    assert_ne!(moved, text);
    std::fs::write(&src, moved).unwrap();
    let (ok, stderr) = run_stele(root, &["normalize"]);
    assert!(ok, "{stderr}");
    let doc = ast(root, "en");
    let s = doc.to_string();
    // The old items keep p4..p6, the quote keeps p13, the new item gets the next free number.
    for (id, text) in [("p4", "small"), ("p13", "without"), ("p16", "ferry")] {
        let at = s
            .find(&format!("[\"{id}\","))
            .unwrap_or_else(|| panic!("{id} missing"));
        assert!(s[at..at + 400].contains(text), "{id} is not `{text}`");
    }
}

/// `(id, fingerprint)` of every segment in a registry, sorted by ID.
fn registry(root: &Path, name: &str) -> Vec<(String, String)> {
    let s = std::fs::read_to_string(root.join("source").join(name)).unwrap();
    let v: Value = serde_json::from_str(&s).unwrap();
    let mut out: Vec<(String, String)> = v["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().into(),
                e["fingerprint"].as_str().unwrap().into(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn issue16_book_of_three_chapters_builds_every_edition() {
    let dir = fixture_project("md-book");
    let root = dir.path();
    build_clean(root);
    let en = ast(root, "en");
    // The book's title, then each chapter's level-1 heading as a heading.
    let kinds = top_kinds(&en);
    assert_eq!(kinds[0], "H1");
    assert_eq!(kinds.iter().filter(|k| *k == "H1").count(), 4, "{kinds:?}");
    assert!(kinds.contains(&"OrderedList".to_string()) && kinds.contains(&"Table".to_string()));
    check_outputs(root);
    parallel_rows_in_step_kinds(root, &["heading", "paragraph", "list", "table", "footnote"]);
}

#[test]
fn issue16_book_ids_stay_when_chapters_are_reordered_added_and_removed() {
    let dir = fixture_project("md-book");
    let root = dir.path();
    let before = registry(root, "book.ids.json");
    let toml = root.join("source/edition.toml");
    let cfg = std::fs::read_to_string(&toml).unwrap();
    let order = r#"source = ["01-preface.md", "02-keepers.md", "03-light.md"]"#;
    assert!(cfg.contains(order));

    // Moved: the last chapter first. Every segment keeps its ID.
    let moved = r#"source = ["03-light.md", "01-preface.md", "02-keepers.md"]"#;
    std::fs::write(&toml, cfg.replace(order, moved)).unwrap();
    let (ok, stderr) = run_stele(root, &["normalize"]);
    assert!(ok, "{stderr}");
    assert_eq!(registry(root, "book.ids.json"), before);

    // Added: a fourth chapter gets new IDs; removed: the preface's IDs retire, no other changes.
    std::fs::write(
        root.join("source/04-map.md"),
        "# The Map\n\nA map of the coast closes the book.\n",
    )
    .unwrap();
    let changed = r#"source = ["03-light.md", "02-keepers.md", "04-map.md"]"#;
    std::fs::write(&toml, cfg.replace(order, changed)).unwrap();
    let (ok, stderr) = run_stele(root, &["normalize"]);
    assert!(ok, "{stderr}");
    let after = registry(root, "book.ids.json");
    let preface = ["h1", "p1", "p2"];
    let kept: Vec<_> = before
        .iter()
        .filter(|(id, _)| !preface.contains(&id.as_str()))
        .cloned()
        .collect();
    for e in &kept {
        assert!(after.contains(e), "{e:?} changed");
    }
    let new: Vec<&str> = after
        .iter()
        .filter(|e| !before.contains(e))
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(new, ["h6", "p15"]);
    assert!(stderr.contains("retired-segment"), "{stderr}");
}
