//! Issue 16: `[n]` citations in structured sources, by the plain-text source's contract.
//! `md-cited` is a Markdown article with a reference list under "References", citations in the
//! text, an escaped `\[1]`, an unresolved `[9]` and `a[3]` in inline code, translated into
//! Russian; `md-cited/pandoc/article.json` is the same article read back by real pandoc 3.9 from
//! a DOCX it wrote (`pandoc article.md -o x.docx; pandoc x.docx -t json`).

use crate::common::*;
use serde_json::Value;
use std::path::Path;

/// `(segment ID, the reference IDs its citations point to)` for every segment with a citation.
fn cites(root: &Path, lang: &str) -> Vec<(String, Vec<String>)> {
    fn walk(v: &Value, seg: &mut String, out: &mut Vec<(String, Vec<String>)>) {
        match v {
            Value::Object(o) => {
                let t = o.get("t").and_then(Value::as_str);
                if let (Some("Div" | "Header"), Some(c)) = (t, o.get("c")) {
                    let attr = if t == Some("Div") { &c[0] } else { &c[1] };
                    if let Some(id) = attr[0].as_str().filter(|s| !s.is_empty()) {
                        *seg = id.to_string();
                    }
                }
                if t == Some("Cite") {
                    let id = o["c"][0][0]["citationId"].as_str().unwrap().to_string();
                    match out.last_mut() {
                        Some((s, v)) if s == seg => v.push(id),
                        _ => out.push((seg.clone(), vec![id])),
                    }
                }
                o.values().for_each(|x| walk(x, seg, out));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, seg, out)),
            _ => {}
        }
    }
    let s = std::fs::read_to_string(root.join(format!("out/ast/{lang}.json"))).unwrap();
    let mut out = Vec::new();
    walk(
        &serde_json::from_str(&s).unwrap(),
        &mut String::new(),
        &mut out,
    );
    out
}

fn expected(p2: &[&str]) -> Vec<(String, Vec<String>)> {
    let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect();
    vec![
        ("p1".into(), v(&["ref-1", "ref-2", "ref-1"])),
        ("p2".into(), v(p2)),
    ]
}

/// Builds; the one warning is the unresolved `[9]`.
fn build(root: &Path) {
    let (ok, stderr) = run_stele(root, &["build"]);
    assert!(ok, "stele build failed:\n{stderr}");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning[") || l.starts_with("error["))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].starts_with("warning[unresolved-citation]")
            && warnings[0].contains("segment p2: `[9]`"),
        "{stderr}"
    );
}

fn check_outputs(root: &Path) {
    let out = root.join("out");
    for book in ["en", "ru", "en-ru"] {
        if let Some(found) = epubcheck(&out.join(format!("epub/{book}.epub"))) {
            assert!(found.is_empty(), "epubcheck {book}:\n{}", found.join("\n"));
        }
    }
    let pages: Vec<_> = ["en", "ru", "parallel"]
        .iter()
        .map(|p| out.join(format!("html/{p}.html")))
        .collect();
    if let Some(report) = vnu(&pages) {
        assert!(report.trim().is_empty(), "vnu:\n{report}");
    }
}

#[test]
fn issue16_markdown_citations_link_to_reference_entries_as_in_a_text_source() {
    let dir = fixture_project("md-cited");
    let root = dir.path();
    build(root);
    // `\[1]` stays text, `[9]` has no entry, `a[3]` is code: p2 cites only [2].
    assert_eq!(cites(root, "en"), expected(&["ref-2"]));
    assert_eq!(cites(root, "ru"), expected(&["ref-2"]));
    let en = std::fs::read_to_string(root.join("out/ast/en.json")).unwrap();
    assert!(
        en.contains(r#"["refs",["references"],[]]"#),
        "no reference list"
    );
    assert!(en.contains(r#"["h2",["references-heading"]"#));
    let html = std::fs::read_to_string(root.join("out/html/en.html")).unwrap();
    assert!(html.contains(r##"<a class="cite" id="cite-p1-1" href="#ref-1">"##));
    assert!(html.contains(r#"<div id="ref-1" class="csl-entry">"#));
    assert!(html.contains(r##"<a class="backlink" href="#cite-p1-1""##));
    let ru = std::fs::read_to_string(root.join("out/html/ru.html")).unwrap();
    assert!(ru.contains(r##"<a class="cite" id="cite-p2-1" href="#ref-2">"##));
    let par = std::fs::read_to_string(root.join("out/html/parallel.html")).unwrap();
    assert!(par.contains(r##"id="ru-cite-p1-2" href="#ru-ref-2""##));
    check_outputs(root);
}

#[test]
fn issue16_markdown_citation_parity_is_checked_in_translations() {
    let dir = fixture_project("md-cited");
    let root = dir.path();
    let file = root.join("translations/ru.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("каждый час [2]", "каждый час")).unwrap();
    let (_, stderr) = run_stele(root, &["align"]);
    let line = stderr
        .lines()
        .find(|l| l.contains("citation-parity"))
        .unwrap_or_else(|| panic!("no citation-parity finding:\n{stderr}"));
    assert!(
        line.contains("segment p1") && line.contains("[2]"),
        "{line}"
    );
}

#[test]
fn issue16_pandoc_json_citations_as_in_the_markdown_source() {
    let md = fixture_project("md-cited");
    let dir = fixture_project("md-cited");
    let root = dir.path();
    let src = root.join("source");
    std::fs::remove_file(src.join("article.md")).unwrap();
    std::fs::remove_file(src.join("article.ids.json")).unwrap();
    std::fs::copy(root.join("pandoc/article.json"), src.join("article.json")).unwrap();
    let toml = std::fs::read_to_string(src.join("edition.toml")).unwrap();
    let toml = toml.replace(r#"source = "article.md""#, r#"source = "article.json""#);
    std::fs::write(src.join("edition.toml"), toml).unwrap();
    // A DOCX cannot escape brackets: `[1]` in pandoc's text is a citation.
    let file = root.join("translations/ru.md");
    let ru = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, ru.replace(r"\[1]", "[1]")).unwrap();
    build(root);
    assert_eq!(cites(root, "en"), expected(&["ref-2", "ref-1"]));
    assert_eq!(cites(root, "ru"), expected(&["ref-2", "ref-1"]));
    // Same IDs and fingerprints as the Markdown source (the registry is rebuilt from scratch).
    let (ok, stderr) = run_stele(md.path(), &["normalize"]);
    assert!(ok, "{stderr}");
    let ids = |r: &Path, n: &str| std::fs::read_to_string(r.join("source").join(n)).unwrap();
    let reg =
        |s: String| -> Value { serde_json::from_str::<Value>(&s).unwrap()["segments"].clone() };
    assert_eq!(
        reg(ids(root, "article.ids.json")),
        reg(ids(md.path(), "article.ids.json"))
    );
    let html = std::fs::read_to_string(root.join("out/html/en.html")).unwrap();
    assert!(html.contains(r##"<a class="cite" id="cite-p2-2" href="#ref-1">"##));
    check_outputs(root);
}
