//! Issue 16, what remained: the Pandoc extensions of a Markdown source (fenced divs, bracketed
//! spans, inline code; a `:::` line inside fenced code), script tagging of Pandoc JSON text, and
//! footnotes that link back to their marker (HTML and EPUB), all through to valid editions.

use crate::common::*;
use crate::sources::{ast, build_clean, check_outputs};
use serde_json::Value;
use std::path::Path;

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

const NOTE: &str =
    "::: {.note}\nBoats call the basin [المرسى]{lang=ar} and set `MODE=calm` on the radio.\n:::";

/// The md-article with a fenced div holding a span and inline code, and a code block with a
/// `:::` line; both translations have them (Arabic: the code inside a fence).
fn markup_project() -> tempfile::TempDir {
    let dir = fixture_project("md-article");
    let root = dir.path();
    let src = root.join("source/article.md");
    let pier = "The harbour has two basins, separated by a stone pier.";
    edit(&src, pier, &format!("{pier}\n\n{NOTE}"));
    edit(&src, "TIDE 2.5 M RISING\n", "TIDE 2.5 M RISING\n:::\nEND\n");
    let (ok, stderr) = run_stele(root, &["normalize"]);
    assert!(ok, "{stderr}");
    let en = ast(root, "en").to_string();
    let fp = |id: &str| {
        let at = en.find(&format!("[\"{id}\",")).unwrap();
        let f = en[at..].find("\"fingerprint\",\"").unwrap() + at + 15;
        en[f..f + 12].to_string()
    };
    let (note_fp, code_fp) = (fp("p16"), fp("code1"));
    for (lang, note, code) in [
        (
            "ar",
            "تسمّي القوارب الحوض [harbour]{lang=en} وتضبط `MODE=calm` في الراديو.",
            "```\nTIDE 2.5 M RISING\n:::\nEND\n```",
        ),
        (
            "ru",
            "Лодки зовут бассейн [المرسى]{lang=ar} и ставят `MODE=calm` на рации.",
            "```\nTIDE 2.5 M RISING\n:::\nEND\n```",
        ),
    ] {
        let t = root.join(format!("translations/{lang}.md"));
        let text = std::fs::read_to_string(&t).unwrap();
        let at = text.find("::: {#code1").unwrap();
        let end = at + text[at..].find("\n:::\n").unwrap() + 5;
        let mut text = format!(
            "{}::: {{#code1 source=\"{code_fp}\"}}\n{code}\n:::\n{}",
            &text[..at],
            &text[end..]
        );
        let h2 = text.find("::: {#h2").unwrap();
        text.insert_str(
            h2,
            &format!("::: {{#p16 source=\"{note_fp}\"}}\n{note}\n:::\n\n"),
        );
        std::fs::write(&t, text).unwrap();
    }
    dir
}

/// The JSON text of the segment `id` (its attributes and what follows, up to 400 bytes).
fn segment_json(doc: &Value, id: &str) -> String {
    let s = doc.to_string();
    let at = s
        .find(&format!("[\"{id}\","))
        .unwrap_or_else(|| panic!("{id} missing"));
    // enough for the segment with its sentence spans (issue 19), not its neighbours
    s[at..].chars().take(1000).collect()
}

#[test]
fn issue16_markdown_fenced_divs_spans_and_inline_code_reach_every_edition() {
    let dir = markup_project();
    let root = dir.path();
    build_clean(root);
    let en = ast(root, "en");
    // The fenced div is a container of its paragraph segment.
    let note = en["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["t"] == "Div" && b["c"][0][1][0] == "note")
        .expect("a Div.note in the AST");
    let p16 = note["c"][1][0].to_string();
    assert!(p16.contains("\"p16\""), "{p16}");
    assert!(
        p16.contains(r#"{"t":"Code","c":[["",[],[]],"MODE=calm"]}"#),
        "{p16}"
    );
    assert!(
        p16.contains(r#"[["lang","ar"],["dir","rtl"]]"#),
        "the bracketed span keeps its language: {p16}"
    );
    let code = en["blocks"].to_string();
    assert!(code.contains(r#""TIDE 2.5 M RISING\n:::\nEND""#), "{code}");
    // The translations read the same: the code verbatim, inline code as code.
    let ar = ast(root, "ar");
    let ar_code = segment_json(&ar, "code1");
    assert!(
        ar_code.contains(r#"TIDE 2.5 M RISING\n:::\nEND""#),
        "{ar_code}"
    );
    assert!(!ar_code.contains("```"), "{ar_code}");
    let ar_note = segment_json(&ar, "p16");
    assert!(
        ar_note.contains(r#""MODE=calm"]"#) && ar_note.contains("\"Code\""),
        "{ar_note}"
    );
    for page in ["en", "ar", "ru", "parallel"] {
        let html = std::fs::read_to_string(root.join(format!("out/html/{page}.html"))).unwrap();
        assert!(html.contains(">MODE=calm</code>"), "{page}.html");
        // Every page keeps the div's wrapper (the parallel page: one row for the whole div).
        assert!(html.contains("<div class=\"note\">"), "{page}.html");
        assert!(page != "parallel" || html.contains("<div class=\"row\" id=\"p16\""));
        assert!(!html.contains("`MODE"), "{page}.html has literal backticks");
    }
    check_outputs(root);
}

#[test]
fn issue16_parallel_page_keeps_the_note_wrapper_in_every_cell() {
    let dir = markup_project();
    let root = dir.path();
    build_clean(root);
    let html = std::fs::read_to_string(root.join("out/html/parallel.html")).unwrap();
    let at = html.find("<div class=\"row\" id=\"p16\"").expect("row p16");
    let end = at
        + html[at..]
            .find("\n<div class=\"row")
            .expect("a row after p16");
    let row = &html[at..end];
    // One cell per language, each holding the `.note` wrapper around its own segment.
    for lang in ["en", "ar", "ru"] {
        let cell = format!("<div class=\"cell cell-{lang}\"");
        let c = row
            .find(&cell)
            .unwrap_or_else(|| panic!("no {lang} cell:\n{row}"));
        let inner = &row[c..];
        let wrapper = format!("<div class=\"note\">\n<div id=\"{lang}-p16\" class=\"paragraph\"");
        assert!(inner.contains(&wrapper), "{lang} cell:\n{row}");
    }
    assert_eq!(row.matches("<div class=\"note\">").count(), 3, "{row}");
    // The EPUB and PDF parallel editions pair the div whole too, and stay valid.
    check_outputs(root);
}

#[test]
fn issue16_unbalanced_fenced_divs_are_errors_naming_the_line() {
    let dir = fixture_project("md-article");
    let root = dir.path();
    let src = root.join("source/article.md");
    edit(&src, "## The basins", "::: {.note}\nOpen.\n\n## The basins");
    let (ok, stderr) = run_stele(root, &["normalize"]);
    assert!(!ok);
    assert!(
        stderr.contains("error[source-div]: source/article.md:6:") && stderr.contains("not closed"),
        "{stderr}"
    );
}

#[test]
fn issue16_pandoc_json_text_is_script_tagged_like_a_markdown_source() {
    let sentence = "The ферма of Ahmad (أحمد) keeps C++ notes.";
    let md = fixture_project("md-article");
    let pier = "The harbour has two basins, separated by a stone pier.";
    edit(
        &md.path().join("source/article.md"),
        pier,
        &format!("{pier}\n\n{sentence}"),
    );
    let json = fixture_project("pandoc-article");
    let src = json.path().join("source/article.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&src).unwrap()).unwrap();
    let mut x = Vec::new();
    for (i, w) in sentence.split(' ').enumerate() {
        if i > 0 {
            x.push(serde_json::json!({"t": "Space"}));
        }
        x.push(serde_json::json!({"t": "Str", "c": w}));
    }
    let blocks = doc["blocks"].as_array_mut().unwrap();
    let at = blocks
        .iter()
        .position(|b| b.to_string().contains("pier."))
        .unwrap();
    blocks.insert(at + 1, serde_json::json!({"t": "Para", "c": x}));
    std::fs::write(&src, doc.to_string()).unwrap();
    let para = |root: &Path| {
        let (ok, stderr) = run_stele(root, &["normalize"]);
        assert!(ok, "{stderr}");
        let en = ast(root, "en");
        let seg = en["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b.to_string().contains("ферма"))
            .cloned()
            .unwrap();
        seg["c"][1].clone()
    };
    let from_json = para(json.path());
    let s = from_json.to_string();
    assert!(s.contains(r#"[["lang","ru"]]"#), "Cyrillic run tagged: {s}");
    assert!(
        s.contains(r#"[["lang","ar"],["dir","rtl"]]"#),
        "Arabic run tagged: {s}"
    );
    assert_eq!(from_json, para(md.path()), "the Markdown reader agrees");
}

#[test]
fn issue16_footnotes_link_back_to_their_marker_in_html_and_epub() {
    let dir = fixture_project("md-article");
    let root = dir.path();
    build_clean(root);
    let en = std::fs::read_to_string(root.join("out/html/en.html")).unwrap();
    assert!(
        en.contains(r##"<a id="fn1-ref" class="footnote-ref" role="doc-noteref" href="#fn1""##),
        "{en}"
    );
    assert!(en.contains(r#"<div id="fn1" class="footnote" role="doc-footnote">"#));
    assert!(en.contains(r##"role="doc-backlink" href="#fn1-ref" title="Back to the footnote&#39;s mark in the text">↑</a>"##));
    let par = std::fs::read_to_string(root.join("out/html/parallel.html")).unwrap();
    for lang in ["en", "ar", "ru"] {
        assert!(par.contains(&format!(r##"id="{lang}-fn1-ref""##)), "{lang}");
        assert!(
            par.contains(&format!(r##"href="#{lang}-fn1-ref""##)),
            "{lang}"
        );
    }
    // EPUB: the note links back into the file that holds its marker.
    let book = std::fs::File::open(root.join("out/epub/ar.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(book).unwrap();
    let mut files = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        if f.name().ends_with(".xhtml") {
            std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            files.insert(f.name().rsplit('/').next().unwrap().to_string(), s);
        }
    }
    let (marker_file, marker) = files
        .iter()
        .find(|(_, s)| s.contains(r#"id="fn1-ref""#))
        .expect("a file with the marker");
    assert!(marker.contains(r#"epub:type="noteref" role="doc-noteref""#));
    let note = files
        .values()
        .find(|s| {
            s.contains(
                r#"<div id="fn1" class="footnote" epub:type="footnote" role="doc-footnote">"#,
            )
        })
        .expect("a file with the note");
    assert!(
        note.contains(&format!(
            r#"role="doc-backlink" href="{marker_file}#fn1-ref""#
        )),
        "{note}"
    );
}
