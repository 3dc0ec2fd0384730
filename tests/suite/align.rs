//! Issue 3: the translation format, `stele sync`, `stele align` (QA checks, reports, translated
//! ASTs) and the build policies, on self-made fixtures (`tests/fixtures/align-*`) and the article.

use crate::common;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

fn run(root: &Path, args: &[&str]) -> Output {
    common::stele()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run stele")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read json")).expect("json")
}

/// Every segment block of a pandoc JSON document: (id, classes, key-values, plain text).
/// A segment's id, classes, key-values and block type.
type Seg = (String, Vec<String>, Vec<(String, String)>, String);

fn segments(doc: &Value) -> Vec<Seg> {
    fn text(v: &Value, out: &mut String) {
        match v {
            Value::Object(m) => match m.get("t").and_then(Value::as_str) {
                Some("Str") => out.push_str(m["c"].as_str().unwrap_or("")),
                Some("Space") => out.push(' '),
                _ => {
                    if let Some(c) = m.get("c") {
                        text(c, out)
                    }
                }
            },
            Value::Array(a) => a.iter().for_each(|x| text(x, out)),
            _ => {}
        }
    }
    fn walk(blocks: &Value, out: &mut Vec<Seg>) {
        for b in blocks.as_array().into_iter().flatten() {
            let (attr, content) = match b["t"].as_str() {
                Some("Header") => (&b["c"][1], &b["c"][2]),
                Some("Div") => (&b["c"][0], &b["c"][1]),
                _ => continue,
            };
            if attr[0] == "refs" {
                walk(&b["c"][1], out);
                continue;
            }
            let classes = attr[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect();
            let kv = attr[2]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap().to_string(),
                        p[1].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            let mut t = String::new();
            text(content, &mut t);
            out.push((attr[0].as_str().unwrap().to_string(), classes, kv, t));
        }
    }
    let mut out = Vec::new();
    walk(&doc["blocks"], &mut out);
    out
}

fn kv<'a>(kvs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    kvs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// `pandoc -f json -t json` gives back the same bytes.
fn assert_pandoc_round_trip(path: &Path) {
    let Some(pandoc) = common::pandoc() else {
        return;
    };
    let out = Command::new(pandoc)
        .args(["-f", "json", "-t", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pandoc failed on {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let ours = std::fs::read(path).unwrap();
    assert!(
        ours == out.stdout,
        "{} does not round-trip through pandoc unchanged",
        path.display()
    );
}

/// `pandoc FILE.md` reads a translation file; returns the IDs of its divs.
fn pandoc_div_ids(path: &Path) -> Option<Vec<String>> {
    let pandoc = common::pandoc()?;
    let out = Command::new(pandoc)
        .args(["-f", "markdown", "-t", "json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pandoc cannot read {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    Some(
        doc["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["t"] == "Div")
            .map(|b| b["c"][0][0].as_str().unwrap().to_string())
            .collect(),
    )
}

#[test]
fn issue3_fixture_in_two_languages_proves_the_whole_path() {
    let dir = common::fixture_project("align-basic");
    let root = dir.path();
    let o = run(root, &["align"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("warning") && !stderr(&o).contains("error"),
        "a clean fixture has no findings:\n{}",
        stderr(&o)
    );
    let expected = common::root().join("tests/fixtures/align-basic/expected");
    common::golden(&expected.join("summary.txt"), &stdout(&o));

    let en = read_json(&root.join("out/ast/en.json"));
    let src = segments(&en);
    for lang in ["de", "ar"] {
        let path = root.join(format!("out/ast/{lang}.json"));
        let doc = read_json(&path);
        let tr = segments(&doc);
        // Same structure, IDs, classes and (current) fingerprints as en.json; translated text.
        assert_eq!(tr.len(), src.len());
        for (s, t) in src.iter().zip(&tr) {
            assert_eq!(
                (&s.0, &s.1),
                (&t.0, &t.1),
                "[{lang}] segment order and classes"
            );
            assert_eq!(kv(&s.2, "fingerprint"), kv(&t.2, "fingerprint"));
            assert_eq!(kv(&s.2, "number"), kv(&t.2, "number"));
            assert_eq!(kv(&t.2, "status"), None, "[{lang}] {} is current", t.0);
            assert_ne!(s.3, t.3, "[{lang}] {} is translated", t.0);
        }
        assert_eq!(doc["meta"]["lang"]["c"], lang);
        assert_eq!(doc["meta"]["translated-from"]["c"], "en");
        assert_eq!(
            doc["meta"]["source-fingerprint"],
            en["meta"]["source-fingerprint"]
        );
        assert_eq!(doc["meta"]["identifier"], en["meta"]["identifier"]);
        assert_eq!(
            doc["meta"]["dir"].is_null(),
            lang != "ar",
            "dir: rtl only for Arabic"
        );
        assert_eq!(doc["meta"]["translators"]["t"], "MetaList");
        assert_eq!(
            doc["blocks"].as_array().unwrap().len(),
            en["blocks"].as_array().unwrap().len()
        );
        assert!(!std::fs::read_to_string(&path).unwrap().contains("\"Null\""));
        assert_pandoc_round_trip(&path);
    }
    assert_pandoc_round_trip(&root.join("out/ast/en.json"));
    let de = segments(&read_json(&root.join("out/ast/de.json")));
    assert!(de.iter().any(|s| s.0 == "p5"
        && s.3 == "Die Wärter hatten ein einfaches Motto: Das Licht darf niemals ausgehen."));
    let ar_json = std::fs::read_to_string(root.join("out/ast/ar.json")).unwrap();
    assert!(
        ar_json.contains(r#"[["lang","en"]]],[{"t":"Str","c":"Verran"}]"#),
        "explicit span kept"
    );
    assert!(
        ar_json.contains(r#"{"t":"Cite","c":[[{"citationId":"ref-2""#),
        "citations become Cite"
    );

    // The reports.
    let report = read_json(&root.join("out/reports/alignment.json"));
    assert_eq!(report["schema"], "stele-alignment/1");
    assert_eq!(report["languages"][1]["summary"]["coverage"], 100.0);
    let html = std::fs::read_to_string(root.join("out/reports/alignment.html")).unwrap();
    assert!(html.contains(r#"lang="ar" dir="rtl""#) && html.contains(r#" id="p4"><summary>"#));
    // One inline script (the filters, issue 18); nothing fetched.
    assert!(!html.contains("<script src") && !html.contains("http://") && !html.contains("src="));
    if let Some(vnu) = common::vnu_jar() {
        let o = Command::new("java")
            .arg("-jar")
            .arg(vnu)
            .arg("--errors-only")
            .arg(root.join("out/reports/alignment.html"))
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "vnu: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }

    // The translation files are valid Pandoc Markdown with one div per segment.
    for lang in ["de", "ar"] {
        if let Some(ids) = pandoc_div_ids(&root.join(format!("translations/{lang}.md"))) {
            assert_eq!(ids, src.iter().map(|s| s.0.clone()).collect::<Vec<_>>());
        }
    }

    // What exporters consume: the Edition, source first then edition.toml order.
    let project = stele::io::Project::new(root, None);
    let ed = stele::app::load_edition(&project, None);
    let ed = ed.value.expect("edition");
    let langs: Vec<String> = ed.langs().iter().map(|l| l.to_string()).collect();
    assert_eq!(langs, ["en", "de", "ar"]);
    assert_eq!(ed.translators.len(), 2);
    assert_eq!(
        ed.doc(&stele::model::Lang::parse("ar").unwrap())
            .unwrap()
            .title(),
        "حراس المنارة على الساحل الشمالي"
    );

    // The CI gates pass on a clean, complete translation.
    let o = run(root, &["align", "--deny-warnings", "--fail-under", "100"]);
    assert!(o.status.success(), "{}", stderr(&o));

    // `stele status` prints the same table and writes nothing new.
    let o = run(root, &["status"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o),
        std::fs::read_to_string(expected.join("summary.txt")).unwrap()
    );
}

/// Each check of issue 3 fires on exactly the segment built to trip it; the near misses next to
/// them (Arabic-Indic digits and ٬, a no-break space between thousands, reordered citations,
/// `А. Морель` and `1871 г.`, nested «„“» quotes, a URL differing only in host case and trailing
/// slash, inflected glossary terms, `SMS-уведомления`, an em dash, identical translations wrapped
/// differently, a valid span, README.md in translations/) must not.
#[test]
fn issue3_broken_translations_fire_every_check_and_no_near_miss() {
    let dir = common::fixture_project("align-broken");
    let root = dir.path();
    let before_ru = std::fs::read(root.join("translations/ru.md")).unwrap();
    let o = run(root, &["align"]);
    assert_eq!(o.status.code(), Some(1), "citation parity is an error");
    let expected = common::root().join("tests/fixtures/align-broken/expected");
    common::golden(
        &expected.join("diagnostics.txt"),
        &format!("{}\n{}", stdout(&o), stderr(&o)),
    );
    common::golden(
        &expected.join("alignment.json"),
        &std::fs::read_to_string(root.join("out/reports/alignment.json")).unwrap(),
    );
    assert_eq!(
        std::fs::read(root.join("translations/ru.md")).unwrap(),
        before_ru,
        "align never writes translations"
    );

    let report = read_json(&root.join("out/reports/alignment.json"));
    let fired: BTreeSet<(String, String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "info")
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("-").to_string();
            (s("code"), s("lang"), s("segment"))
        })
        .collect();
    let want: BTreeSet<(String, String, String)> = [
        ("untranslated", "ar", "h1"),
        ("untranslated", "ru", "h2"),
        ("citation-parity", "ar", "p7"),
        ("url-parity", "ar", "ref-3"),
        ("number-parity", "ru", "p1"),
        ("unbalanced", "ru", "q1"),
        ("length-ratio", "ru", "ref-3"),
        ("invisible-char", "ar", "p3"),
        ("lookalike", "ru", "p4"),
        ("tatweel", "ar", "p4"),
        ("spaces", "ru", "p6"),
        ("glossary", "ar", "p1"),
        ("inconsistent", "ru", "p8"),
        ("missing", "ar", "h2"),
        ("empty", "ru", "h1"),
        ("stale", "ar", "h3"),
        ("stale", "ru", "p9"),
        ("orphan", "ru", "p42"),
        ("markup", "ru", "ref-2"),
        ("blank-line", "ru", "p7"),
        ("div-attribute", "ru", "title"),
        ("unknown-language", "fr", "-"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(fired, want);
    // Issue 11: ru p3 splits two sentences into four with a typical length: not a finding.
    // (The true case, a paragraph with added sentences, is planted in tests/suite/technical.rs.)
    // ar p3's RLM is accepted in right-to-left text; its zero-width space is still reported.
    // A reviewed finding silenced by the div's `ignore` attribute stays visible as info.
    assert!(stderr(&o).contains("info[number-parity]: translations/ar.md:52: [ar] segment p9"));
    // CI gates: coverage under --fail-under and any warning under --deny-warnings are errors.
    let o = run(root, &["align", "--fail-under", "90"]);
    let err = stderr(&o);
    assert!(
        err.contains(
            "error[fail-under]: translations/ar.md: [ar] coverage 88.2% is below --fail-under 90"
        ),
        "{err}"
    );
    assert!(
        err.contains("error[fail-under]: translations/ru.md: [ru]"),
        "{err}"
    );
    assert!(err.contains("error[citation-parity]"), "{err}");
    // Orphans are reported and kept, never published.
    let ru = std::fs::read_to_string(root.join("out/ast/ru.json")).unwrap();
    assert!(!ru.contains("p42"));
}

fn edit_source(root: &Path, from: &str, to: &str) {
    let p = root.join("source/article.txt");
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from));
    std::fs::write(&p, text.replace(from, to)).unwrap();
}

#[test]
fn issue3_editing_a_source_paragraph_makes_exactly_it_stale_and_the_policies_fill_it() {
    let dir = common::fixture_project("align-basic");
    let root = dir.path();
    edit_source(
        root,
        "still read by engineers today",
        "still read by students today",
    );
    let en0 = run(root, &["normalize"]);
    assert!(en0.status.success(), "{}", stderr(&en0));
    let src = segments(&read_json(&root.join("out/ast/en.json")));
    let p4 = src.iter().find(|s| s.0 == "p4").unwrap();
    let new_fp = kv(&p4.2, "fingerprint").unwrap().to_string();
    assert_ne!(
        new_fp, "6cb7c4466b13",
        "the edit changes the fingerprint and keeps the ID"
    );

    // policy source (the default): the English text stands in, marked.
    let o = run(root, &["align"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = read_json(&root.join("out/reports/alignment.json"));
    for seg in report["segments"].as_array().unwrap() {
        for lang in ["de", "ar"] {
            let status = seg["translations"][lang]["status"].as_str().unwrap();
            let want = if seg["id"] == "p4" {
                "stale"
            } else {
                "current"
            };
            assert_eq!(status, want, "[{lang}] {}", seg["id"]);
        }
    }
    for lang in ["de", "ar"] {
        let doc = segments(&read_json(&root.join(format!("out/ast/{lang}.json"))));
        let s = doc.iter().find(|s| s.0 == "p4").unwrap();
        assert_eq!(s.3, p4.3, "the current English text stands in");
        assert_eq!(kv(&s.2, "fingerprint"), Some(new_fp.as_str()));
        // Issue 18: it stands in for an outdated translation, not a missing one.
        assert_eq!(kv(&s.2, "status"), Some("stale-source"));
        assert_eq!(kv(&s.2, "lang"), Some("en"));
        assert_eq!(kv(&s.2, "dir"), (lang == "ar").then_some("ltr"));
        assert_eq!(kv(&s.2, "source"), None);
        assert_pandoc_round_trip(&root.join(format!("out/ast/{lang}.json")));
    }

    // policy stale: the outdated translation, marked, with the fingerprint it was made from.
    let o = run(root, &["align", "--policy", "stale"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for lang in ["de", "ar"] {
        let doc = segments(&read_json(&root.join(format!("out/ast/{lang}.json"))));
        let s = doc.iter().find(|s| s.0 == "p4").unwrap();
        assert_ne!(s.3, p4.3);
        assert_eq!(kv(&s.2, "fingerprint"), Some(new_fp.as_str()));
        assert_eq!(kv(&s.2, "status"), Some("stale"));
        assert_eq!(kv(&s.2, "source"), Some("6cb7c4466b13"));
        assert_eq!(kv(&s.2, "lang"), None);
        assert_pandoc_round_trip(&root.join(format!("out/ast/{lang}.json")));
    }

    // policy fail: refused, with errors naming the segment, and no translated AST written.
    let out2 = root.join("out2");
    let o = run(
        root,
        &["--out", out2.to_str().unwrap(), "align", "--policy", "fail"],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error[stale]: translations/de.md:")
            && err.contains("[ar] segment p4: translated from an older source text"),
        "{err}"
    );
    assert!(err.contains("error[policy]"), "{err}");
    assert!(
        out2.join("ast/en.json").exists()
            && !out2.join("ast/de.json").exists()
            && !out2.join("ast/ar.json").exists()
    );
    let project = stele::io::Project::new(root, None);
    assert!(
        stele::app::load_edition(&project, Some(stele::config::Policy::Fail))
            .value
            .is_none()
    );
    assert!(
        stele::app::load_edition(&project, Some(stele::config::Policy::Stale))
            .value
            .is_some()
    );
}

#[test]
fn issue3_bad_input_gives_clear_diagnostics_and_leaves_the_file_untouched() {
    let good = std::fs::read_to_string(
        common::root().join("tests/fixtures/align-basic/translations/ar.md"),
    )
    .unwrap();
    let cp1256: Vec<u8> = {
        // "حراس" in Windows-1256, as an old editor would save it.
        let mut b = good.as_bytes()[..good.find("::: {#p1").unwrap()].to_vec();
        b.extend_from_slice(b"::: {#p1 source=\"f623f8d5cfe1\"}\n\xcd\xd1\xc7\xd3\n:::\n");
        b
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "broken front matter",
            good.replacen("الشمالي\"\n", "الشمالي\n", 1).into_bytes(),
        ),
        (
            "unknown front matter key",
            good.replacen("translators:", "translator:", 1).into_bytes(),
        ),
        (
            "unclosed div",
            good.replacen("الحياة في المحطة\n:::\n", "الحياة في المحطة\n", 1)
                .into_bytes(),
        ),
        (
            "div without ID",
            good.replacen("::: {#p3 ", "::: {", 1).into_bytes(),
        ),
        (
            "ID twice",
            good.replacen("::: {#p4 ", "::: {#p3 ", 1).into_bytes(),
        ),
        (
            "text outside divs",
            good.replacen("\n::: {#p2 ", "\nstray words\n\n::: {#p2 ", 1)
                .into_bytes(),
        ),
        ("wrong encoding", cp1256),
        (
            "front matter for another language",
            good.replacen("lang: ar", "lang: ru", 1).into_bytes(),
        ),
    ];
    let mut golden = String::new();
    for (name, bytes) in cases {
        let dir = common::fixture_project("align-basic");
        let root = dir.path();
        let file = root.join("translations/ar.md");
        std::fs::write(&file, &bytes).unwrap();
        let o = run(root, &["align"]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{name}");
        golden.push_str(&format!("## {name}\n{}", stderr(&o)));
        assert!(
            !root.join("out/ast/ar.json").exists(),
            "{name}: no Arabic document"
        );
        let s = run(root, &["sync", "--lang", "ar"]);
        assert_eq!(s.status.code(), Some(1), "{name}: sync refuses");
        assert!(
            stderr(&s).contains("error[sync]") || name == "wrong encoding",
            "{name}: {}",
            stderr(&s)
        );
        assert_eq!(
            std::fs::read(&file).unwrap(),
            bytes,
            "{name}: the translator's file is untouched"
        );
        let project = stele::io::Project::new(root, None);
        assert!(
            stele::app::load_edition(&project, None).value.is_none(),
            "{name}"
        );
    }
    // A translation file for a language edition.toml does not list: reported, not used.
    let dir = common::fixture_project("align-basic");
    let fr = "---\nlang: fr\n---\n\n::: {#title}\nLes gardiens\n:::\n";
    std::fs::write(dir.path().join("translations/fr.md"), fr).unwrap();
    let o = run(dir.path(), &["align"]);
    assert!(o.status.success());
    golden.push_str(&format!(
        "## file for a language not in edition.toml\n{}",
        stderr(&o)
    ));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("translations/fr.md")).unwrap(),
        fr
    );
    let s = run(dir.path(), &["sync", "--lang", "fr"]);
    assert_eq!(s.status.code(), Some(1));
    golden.push_str(&stderr(&s));
    common::golden(
        &common::root().join("tests/fixtures/align-basic/expected/bad-input.txt"),
        &golden,
    );
}

#[test]
fn issue3_sync_adds_empty_divs_in_place_keeps_orphans_and_is_idempotent() {
    let dir = common::fixture_project("align-basic");
    let root = dir.path();
    let de = root.join("translations/de.md");
    let original = std::fs::read_to_string(&de).unwrap();
    let o = run(root, &["sync", "--lang", "de"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("up to date"));
    assert_eq!(
        std::fs::read_to_string(&de).unwrap(),
        original,
        "nothing new: byte-identical"
    );

    // A new paragraph after p3, and p9 deleted from the source.
    edit_source(
        root,
        "behind the tower.\n",
        "behind the tower.\n\nThe garden also had a well that never ran dry.\n",
    );
    edit_source(root, "\nToday the tower is a museum. Visitors can climb its 117 steps and read the logbooks online at https://archive.example.org/verran.\n", "");
    let o = run(root, &["sync", "--lang", "de"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("added 1 empty div(s): p10"), "{err}");
    assert!(
        err.contains("warning[orphan]: translations/de.md:") && err.contains("segment p9"),
        "{err}"
    );
    let synced = std::fs::read_to_string(&de).unwrap();
    // Issue 14: the new div carries the source text as a comment (still empty for align).
    let block =
        "::: {#p10}\n<!-- source: The garden also had a well that never ran dry. -->\n\n:::\n\n";
    assert_eq!(
        synced.replacen(block, "", 1),
        original,
        "only the new div was added"
    );
    assert!(synced.find(block).unwrap() < synced.find("::: {#p4 ").unwrap());
    assert!(synced.find(block).unwrap() > synced.find("::: {#p3 ").unwrap());
    if let Some(ids) = pandoc_div_ids(&de) {
        assert!(ids.contains(&"p10".to_string()) && ids.contains(&"p9".to_string()));
    }
    let o = run(root, &["sync", "--lang", "de"]);
    assert!(stderr(&o).contains("up to date"));
    assert_eq!(
        std::fs::read_to_string(&de).unwrap(),
        synced,
        "second sync: byte-identical"
    );

    // The new segment is a hole, not a translation; the orphan stays out of the document.
    let o = run(root, &["align"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning[empty]: translations/de.md:")
            && stderr(&o).contains("segment p10: the div has no text yet")
    );
    let doc = segments(&read_json(&root.join("out/ast/de.json")));
    let p10 = doc.iter().find(|s| s.0 == "p10").unwrap();
    assert_eq!(kv(&p10.2, "status"), Some("untranslated"));
    assert!(!doc.iter().any(|s| s.0 == "p9"));

    // --deny-warnings turns the warnings (empty or missing p10, orphan p9 in de and ar) into a failure.
    let o = run(root, &["align", "--deny-warnings"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("error[deny-warnings]: 4 warning(s), denied by --deny-warnings"),
        "{}",
        stderr(&o)
    );

    // A language without a file gets one; an unknown language is refused.
    std::fs::remove_file(root.join("translations/ar.md")).unwrap();
    let o = run(root, &["sync", "--lang", "ar"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ar = std::fs::read_to_string(root.join("translations/ar.md")).unwrap();
    assert!(
        ar.starts_with("---\nlang: ar\n")
            && ar.contains("::: {#ref-3}\n<!-- source: Harbour Authority.")
    );
    assert!(!ar.contains("source="), "nothing is marked as translated");
    if let Some(ids) = pandoc_div_ids(&root.join("translations/ar.md")) {
        assert_eq!(ids.len(), doc.len());
    }
}

#[test]
fn issue3_real_translations_align_and_their_asts_round_trip_through_pandoc() {
    let dir = common::article_project();
    let root = dir.path();
    let o = run(root, &["align"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("lang  total"), "{}", stdout(&o));
    for lang in ["en", "ar", "ru"] {
        let path = root.join(format!("out/ast/{lang}.json"));
        assert_pandoc_round_trip(&path);
        let doc = read_json(&path);
        assert_eq!(segments(&doc).len(), 65);
    }
    let ar = read_json(&root.join("out/ast/ar.json"));
    assert_eq!(ar["meta"]["dir"]["c"], "rtl");
    for lang in ["ar", "ru"] {
        if let Some(ids) = pandoc_div_ids(&root.join(format!("translations/{lang}.md"))) {
            assert_eq!(ids.len(), 65);
        }
    }
}
