//! Issue 2 (foundation): the article normalized into a Pandoc AST with stable segment IDs;
//! real pandoc reads it back; bad input gives diagnostics, never a panic or a partial file.

use crate::common::*;
use std::path::Path;
use stele::config::Config;
use stele::model::SegmentKind;
use stele::normalize::{self, ids::Registry, Input};

fn normalize_project(
    dir: &Path,
    registry: Option<&Registry>,
) -> (normalize::Normalized, Vec<stele::diag::Diagnostic>) {
    let cfg_text = std::fs::read_to_string(dir.join("source/edition.toml")).unwrap();
    let config = Config::parse(&cfg_text, Path::new("source/edition.toml")).unwrap();
    let bytes = std::fs::read(dir.join("source").join(&config.document.source)).unwrap();
    let staged = normalize::normalize(&Input {
        bytes: &bytes,
        file: Path::new("source/article.txt"),
        config: &config,
        registry,
    });
    let diags = staged.diags;
    (
        staged
            .value
            .unwrap_or_else(|| panic!("normalize failed: {}", stele::diag::render(&diags))),
        diags,
    )
}

fn count(n: &normalize::Normalized, kind: SegmentKind) -> usize {
    n.segments.iter().filter(|s| s.kind == kind).count()
}

fn cites(doc: &pandoc_ast::Pandoc) -> Vec<String> {
    let json = serde_json::to_value(&doc.blocks).unwrap();
    let mut out = Vec::new();
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if m.get("t").and_then(|t| t.as_str()) == Some("Cite") {
                    out.push(m["c"][0][0]["citationId"].as_str().unwrap().to_string());
                }
                m.values().for_each(|x| walk(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(&json, &mut out);
    out
}

#[test]
fn issue_2_article_structure_counts_from_the_ast() {
    let (n, diags) = normalize_project(&root(), None);
    assert!(!stele::diag::has_errors(&diags));
    // Counted from the AST's segment walk, not from the text.
    let segs = n.doc.segments();
    let of = |k| segs.iter().filter(|s| s.kind == k).count();
    assert_eq!(of(SegmentKind::Title), 1);
    assert_eq!(
        of(SegmentKind::Heading),
        6,
        "5 section headings + the references heading"
    );
    assert_eq!(of(SegmentKind::PullQuote), 4);
    assert_eq!(of(SegmentKind::Paragraph), 41);
    assert_eq!(of(SegmentKind::Reference), 13);
    assert_eq!(count(&n, SegmentKind::Paragraph), 41);
    let c = cites(&n.doc.ast);
    assert_eq!(c.len(), 13);
    let entry_ids: Vec<String> = segs
        .iter()
        .filter(|s| s.kind == SegmentKind::Reference)
        .map(|s| s.id.clone())
        .collect();
    assert!(
        c.iter().all(|id| entry_ids.contains(id)),
        "every citation resolves to an entry"
    );
    let json = stele::pandoc::to_json(&n.doc.ast);
    assert!(!json.contains("Back to top"), "boilerplate is dropped");
    assert!(!json.contains("\"Null\""));
    assert!(diags
        .iter()
        .any(|d| d.code == "dropped" && d.line == Some(131)));
    // IDs are unique NCNames.
    let mut ids: Vec<&str> = segs.iter().map(|s| s.id.as_str()).collect();
    assert!(ids
        .iter()
        .all(|i| i.chars().next().unwrap().is_ascii_alphabetic()
            && i.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')));
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 65);
    // The committed registry is what normalization gives: the repository is in sync.
    let committed: Registry = serde_json::from_str(
        &std::fs::read_to_string(root().join("source/article.ids.json")).unwrap(),
    )
    .unwrap();
    let (again, _) = normalize_project(&root(), Some(&committed));
    assert_eq!(again.registry, committed);
}

#[test]
fn issue_2_cyrillic_and_arabic_are_tagged_by_script() {
    let (n, _) = normalize_project(&root(), None);
    let json = stele::pandoc::to_json(&n.doc.ast);
    assert!(json.contains(
        r#"[["lang","ru"],["translit-iso9","Opâtʹ mimo: Putin poterâl, a Tramp našel"]"#
    ));
    let csl = n.csl.as_array().unwrap();
    assert_eq!(csl.len(), 13);
    assert_eq!(csl[1]["language"], "ru");
    assert_eq!(
        csl[0]["language"], "ar",
        "Al-Ghad is configured as an Arabic-language source"
    );
    assert_eq!(csl[0]["container-title"], "Al-Ghad (Jordan)");
    assert_eq!(
        csl[0]["issued"]["date-parts"][0],
        serde_json::json!([2025, 10, 17])
    );
}

#[test]
fn issue_2_ast_json_round_trips_and_normalize_is_idempotent() {
    let (n, _) = normalize_project(&root(), None);
    let json = stele::pandoc::to_json(&n.doc.ast);
    assert_eq!(stele::pandoc::from_json(&json).unwrap(), n.doc.ast);
    // normalize(normalize(x)) == normalize(x): the AST written back as text normalizes to itself.
    let text = normalize::to_plain_text(&n.doc.ast);
    let cfg_text = std::fs::read_to_string(root().join("source/edition.toml")).unwrap();
    let config = Config::parse(&cfg_text, Path::new("edition.toml")).unwrap();
    let again = normalize::normalize(&Input {
        bytes: text.as_bytes(),
        file: Path::new("x"),
        config: &config,
        registry: Some(&n.registry),
    });
    let again = again.value.unwrap();
    assert_eq!(again.doc.ast, n.doc.ast);
    assert_eq!(again.registry, n.registry);
}

/// Issue 11: the round trip keeps a literal `\[3]` literal and `argv[0]` text.
#[test]
fn issue_11_technical_text_normalizes_idempotently() {
    let dir = fixture_project("tech-manual");
    let (n, _) = normalize_project(dir.path(), None);
    let text = normalize::to_plain_text(&n.doc.ast);
    assert!(
        text.contains("marked \\[3] was") && text.contains("argv[0]"),
        "{text}"
    );
    let cfg_text = std::fs::read_to_string(dir.path().join("source/edition.toml")).unwrap();
    let config = Config::parse(&cfg_text, Path::new("edition.toml")).unwrap();
    let again = normalize::normalize(&Input {
        bytes: text.as_bytes(),
        file: Path::new("x"),
        config: &config,
        registry: Some(&n.registry),
    });
    assert_eq!(again.value.unwrap().doc.ast, n.doc.ast);
}

#[test]
fn issue_2_real_pandoc_reads_our_json_back_unchanged() {
    let dir = article_project();
    let out = stele()
        .args(["--root"])
        .arg(dir.path())
        .args(["normalize", "--stdout"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let Some(pandoc) = pandoc() else { return };
    let ours = out.stdout;
    let json_path = dir.path().join("en.json");
    std::fs::write(&json_path, &ours).unwrap();
    let back = std::process::Command::new(&pandoc)
        .args(["-f", "json", "-t", "json"])
        .arg(&json_path)
        .output()
        .unwrap();
    assert!(
        back.status.success(),
        "{}",
        String::from_utf8_lossy(&back.stderr)
    );
    assert!(
        back.stdout == ours,
        "pandoc -f json -t json changed our JSON"
    );
    let html = std::process::Command::new(&pandoc)
        .args(["-f", "json", "-t", "html"])
        .arg(&json_path)
        .output()
        .unwrap();
    let html = String::from_utf8(html.stdout).unwrap();
    let doc = stele::pandoc::from_json(std::str::from_utf8(&ours).unwrap()).unwrap();
    for seg in stele::pandoc::segments(&doc) {
        assert!(
            html.contains(&format!("id=\"{}\"", seg.id)),
            "segment {} has no element id in pandoc's html",
            seg.id
        );
    }
    let docx = dir.path().join("article.docx");
    let st = std::process::Command::new(&pandoc)
        .args(["-f", "json", "-o"])
        .arg(&docx)
        .arg(&json_path)
        .status()
        .unwrap();
    assert!(
        st.success() && std::fs::metadata(&docx).unwrap().len() > 1000,
        "pandoc -f json -o x.docx"
    );
    // The Russian title sits in a span whose open tag carries lang="ru".
    let title = html
        .find("Опять мимо:")
        .expect("the Russian title in pandoc's html");
    let open = html[..title].rfind("<span").unwrap();
    let tag = &html[open..open + html[open..].find('>').unwrap()];
    assert!(tag.contains("lang=\"ru\""), "{tag}");
}

#[test]
fn issue_2_ids_survive_edit_insert_delete_and_move() {
    let dir = article_project();
    let run = || {
        let o = stele()
            .arg("--root")
            .arg(dir.path())
            .arg("normalize")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let reg: Registry = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("source/article.ids.json")).unwrap(),
        )
        .unwrap();
        (
            reg,
            std::fs::read(dir.path().join("out/ast/en.json")).unwrap(),
        )
    };
    let (reg0, json0) = run();
    let (reg1, json1) = run();
    assert_eq!(
        (&reg0, &json0),
        (&reg1, &json1),
        "re-run: same IDs, byte-identical JSON"
    );
    let src = dir.path().join("source/article.txt");
    let text = std::fs::read_to_string(&src).unwrap();
    let paras: Vec<&str> = text.split("\n\n").collect();
    let id_of = |reg: &Registry, needle: &str| {
        reg.segments
            .iter()
            .find(|e| e.text.contains(needle))
            .map(|e| e.id.clone())
    };
    let fp_of = |reg: &Registry, id: &str| {
        reg.segments
            .iter()
            .find(|e| e.id == id)
            .unwrap()
            .fingerprint
            .clone()
    };
    // Edit words inside p5 ("The military agreements ..."), insert a paragraph, delete one, move one.
    let p5 = id_of(&reg0, "The military agreements between Syria").unwrap();
    let p_deleted = id_of(&reg0, "This military foothold was later reinforced").unwrap();
    let p_moved = id_of(&reg0, "In northeastern Syria, Russia").unwrap();
    let mut edited: Vec<String> = Vec::new();
    for p in &paras {
        if p.starts_with("This military foothold") {
            continue;
        }
        if p.starts_with("In northeastern Syria") {
            continue;
        }
        edited.push(p.replace(
            "long served as the cornerstone",
            "for years served as the cornerstone",
        ));
        if p.starts_with("The military agreements between Syria") {
            edited.push(
                "A wholly new paragraph inserted by an editor about something else entirely."
                    .into(),
            );
        }
    }
    let at = edited
        .iter()
        .position(|p| p.starts_with("From the Syrian side"))
        .unwrap();
    edited.insert(
        at,
        paras
            .iter()
            .find(|p| p.starts_with("In northeastern Syria"))
            .unwrap()
            .to_string(),
    );
    std::fs::write(&src, edited.join("\n\n")).unwrap();
    let (reg2, _) = run();
    assert_eq!(
        id_of(&reg2, "for years served as the cornerstone").as_deref(),
        Some(p5.as_str()),
        "edit keeps the ID"
    );
    assert_ne!(
        fp_of(&reg2, &p5),
        fp_of(&reg0, &p5),
        "an edit changes the fingerprint"
    );
    assert_eq!(
        id_of(&reg2, "A wholly new paragraph").as_deref(),
        Some("p42"),
        "insert gets a new ID"
    );
    assert_eq!(
        id_of(&reg2, "In northeastern Syria, Russia").as_deref(),
        Some(p_moved.as_str()),
        "move keeps the ID"
    );
    assert!(reg2.retired.contains(&p_deleted), "delete retires the ID");
    let unchanged: Vec<_> = reg0
        .segments
        .iter()
        .filter(|e| e.id != p_deleted)
        .map(|e| e.id.clone())
        .collect();
    for id in unchanged {
        assert!(
            reg2.segments.iter().any(|e| e.id == id),
            "{id} was renumbered"
        );
    }
    // The deleted text comes back: it is new now, and its old ID stays retired.
    std::fs::write(
        &src,
        format!(
            "{}\n\n{}",
            edited.join("\n\n"),
            paras
                .iter()
                .find(|p| p.starts_with("This military foothold"))
                .unwrap()
        ),
    )
    .unwrap();
    let (reg3, _) = run();
    assert_eq!(
        id_of(&reg3, "This military foothold").as_deref(),
        Some("p43")
    );
}

#[test]
fn issue_2_second_document_of_another_shape() {
    let dir = fixture_project("normalize-essay");
    let (n, diags) = normalize_project(dir.path(), None);
    let mut outline = String::new();
    for s in &n.segments {
        outline.push_str(&format!(
            "{:<6} {:<10} line {:>2}  {}\n",
            s.id,
            s.kind.as_str(),
            s.line,
            s.text
        ));
    }
    outline.push_str("\n# diagnostics\n");
    outline.push_str(&stele::diag::render(&diags));
    outline.push_str("\n# csl\n");
    outline.push_str(&serde_json::to_string_pretty(&n.csl).unwrap());
    outline.push_str("\n\n# spans\n");
    let json = serde_json::to_value(&n.doc.ast.blocks).unwrap();
    fn spans(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::Object(m) => {
                if m.get("t").and_then(|t| t.as_str()) == Some("Span") {
                    out.push_str(&format!("{}\n", m["c"][0]));
                }
                m.values().for_each(|x| spans(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| spans(x, out)),
            _ => {}
        }
    }
    spans(&json, &mut outline);
    golden(
        &root().join("tests/fixtures/normalize-essay/expected/outline.txt"),
        &outline,
    );
}

/// A project with the article's config and the given source bytes (and optional config edit).
fn bad_project(source: &[u8], config_extra: &str) -> tempfile::TempDir {
    let dir = article_project();
    std::fs::write(dir.path().join("source/article.txt"), source).unwrap();
    std::fs::remove_file(dir.path().join("source/article.ids.json")).unwrap();
    if !config_extra.is_empty() {
        let p = dir.path().join("source/edition.toml");
        let cfg = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, format!("{config_extra}\n{cfg}")).unwrap();
    }
    dir
}

#[test]
fn issue_2_bad_input_gives_diagnostics_not_panics_nor_partial_files() {
    let article = std::fs::read(root().join("source/article.txt")).unwrap();
    let crlf: Vec<u8> = String::from_utf8(article.clone())
        .unwrap()
        .replace('\n', "\r\n")
        .into_bytes();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(&article);
    let bidi = String::from_utf8(article.clone()).unwrap().replacen(
        "The visit of Syrian",
        "The \u{202E}visit\u{200B} of Syrian",
        1,
    );
    let cite99 =
        String::from_utf8(article.clone())
            .unwrap()
            .replacen("region.[1]", "region.[99]", 1);
    let dup =
        String::from_utf8(article.clone())
            .unwrap()
            .replacen("[3] Reuters.", "[2] Reuters.", 1);
    // (case, source bytes, config prefix, exit ok?, diagnostic code, expected "file:line" in stderr)
    type Case<'a> = (&'a str, Vec<u8>, &'a str, bool, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            "invalid utf-8",
            b"Title\n\nGood text \xff here.\n".to_vec(),
            "",
            false,
            "encoding",
            "source/article.txt:3:11",
        ),
        (
            "empty file",
            Vec::new(),
            "",
            false,
            "empty",
            "source/article.txt:1",
        ),
        (
            "only a title",
            b"Just A Title\n".to_vec(),
            "",
            true,
            "no-body",
            "source/article.txt:1",
        ),
        ("crlf", crlf, "", true, "line-ends", "source/article.txt:1"),
        ("bom", bom, "", true, "bom", "source/article.txt:1"),
        (
            "bidi controls",
            bidi.into_bytes(),
            "",
            true,
            "invisible-char",
            "source/article.txt:3",
        ),
        (
            "unknown key",
            article.clone(),
            "colour = \"red\"",
            false,
            "config",
            "source/edition.toml:1",
        ),
        // Issue 11: a marker without an entry stays text (`argv[0]`, `x[99]`), with a warning
        // because the document has a reference list; normalization goes on.
        (
            "citation without entry",
            cite99.into_bytes(),
            "",
            true,
            "unresolved-citation",
            "source/article.txt:15",
        ),
        (
            "duplicate reference numbers",
            dup.into_bytes(),
            "",
            false,
            "duplicate-reference",
            "source/article.txt:109",
        ),
    ];
    for (case, bytes, extra, ok, code, place) in cases {
        let dir = bad_project(&bytes, extra);
        let out = stele()
            .arg("--root")
            .arg(dir.path())
            .arg("normalize")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "{case}: panicked\n{stderr}");
        assert_eq!(out.status.success(), ok, "{case}: exit status\n{stderr}");
        let line = stderr
            .lines()
            .find(|l| l.contains(&format!("[{code}]")))
            .unwrap_or_else(|| panic!("{case}: no [{code}] diagnostic in\n{stderr}"));
        assert!(
            line.contains(place),
            "{case}: `{line}` does not name {place}"
        );
        if !ok {
            assert!(stderr.contains("hint:"), "{case}: no hint\n{stderr}");
            assert!(!dir.path().join("out").exists(), "{case}: out/ was written");
            assert!(
                !dir.path().join("source/article.ids.json").exists(),
                "{case}: registry written"
            );
        }
    }
}
