//! Issue 14: `stele import` (aligning an existing translation without IDs) and the `misaligned`
//! check of `stele align`, end to end on the real article and the tech-manual fixture.

use crate::common::{article_project, fixture_project, run_stele};
use std::collections::BTreeMap;
use std::path::Path;

/// The divs of a translation file: ID -> (attributes, text).
fn divs(text: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(String, String, Vec<String>)> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("::: {#") {
            let (id, attrs) = rest
                .trim_end_matches('}')
                .split_once(' ')
                .unwrap_or((rest.trim_end_matches('}'), ""));
            cur = Some((id.to_string(), attrs.to_string(), Vec::new()));
        } else if line.trim() == ":::" {
            if let Some((id, a, body)) = cur.take() {
                let body: Vec<String> = body.into_iter().filter(|l| !l.trim().is_empty()).collect();
                out.push((id, a, body.join("\n")));
            }
        } else if let Some(c) = cur.as_mut() {
            c.2.push(line.to_string());
        }
    }
    out
}

fn shipped(root: &Path, lang: &str) -> Vec<(String, String, String)> {
    divs(&std::fs::read_to_string(root.join(format!("translations/{lang}.md"))).unwrap())
}

fn report(root: &Path, lang: &str) -> serde_json::Value {
    let p = root.join(format!("out/reports/import-{lang}.json"));
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// The acceptance case: the shipped translations, stripped to plain paragraphs, with three
/// paragraphs deleted and two merged, are put back where they were, segment by segment; the
/// deleted ones are reported untranslated (1:0), the merge as 2:1.
#[test]
fn issue_14_import_reproduces_the_shipped_assignment() {
    for lang in ["ar", "ru"] {
        let dir = article_project();
        let root = dir.path();
        let orig = shipped(root, lang);
        let deleted = ["p6", "p19", "ref-5"];
        let (m1, m2) = ("p30", "p31");
        let mut paras = Vec::new();
        for (id, _, text) in &orig {
            if deleted.contains(&id.as_str()) {
                continue;
            }
            if id == m2 {
                let last: &mut String = paras.last_mut().unwrap();
                last.push(' ');
                last.push_str(text);
                continue;
            }
            paras.push(text.replace('\n', " "));
        }
        let input = root.join("plain.txt");
        std::fs::write(&input, paras.join("\n\n") + "\n").unwrap();
        std::fs::remove_file(root.join(format!("translations/{lang}.md"))).unwrap();
        let (ok, err) = run_stele(root, &["import", "--lang", lang, input.to_str().unwrap()]);
        assert!(ok, "{err}");
        let got: BTreeMap<String, (String, String)> = shipped(root, lang)
            .into_iter()
            .map(|(id, a, t)| (id, (a, t)))
            .collect();
        assert_eq!(got.len(), orig.len(), "one div per source segment");
        let mut recorded = 0;
        for (id, attrs, text) in &orig {
            let (a, t) = &got[id];
            if deleted.contains(&id.as_str()) || id == m2 {
                assert!(t.is_empty(), "[{lang}] {id} should be empty: {t}");
            } else if id == m1 {
                let merged = format!("{} {}", text, orig.iter().find(|d| d.0 == m2).unwrap().2);
                assert_eq!(
                    t.replace('\n', " "),
                    merged.replace('\n', " "),
                    "[{lang}] {id}"
                );
                assert!(a.contains("import=\"review\""), "[{lang}] {id}: {a}");
            } else {
                assert_eq!(
                    t.replace('\n', " "),
                    text.replace('\n', " "),
                    "[{lang}] {id}"
                );
                if a.contains("source=") {
                    // A recorded fingerprint is the current one (the shipped files are current).
                    assert!(attrs.contains(a.trim()), "[{lang}] {id}: {a} vs {attrs}");
                    recorded += 1;
                }
            }
        }
        assert!(
            recorded * 10 >= orig.len() * 7,
            "[{lang}] only {recorded} recorded"
        );
        let r = report(root, lang);
        let pairs = r["pairs"].as_array().unwrap();
        let find = |id: &str| {
            pairs
                .iter()
                .find(|p| p["source"].as_array().unwrap().iter().any(|s| s == id))
                .unwrap()
        };
        for id in deleted {
            assert_eq!(find(id)["move"], "1:0", "[{lang}] {id}");
        }
        assert_eq!(find(m1)["move"], "2:1");
        assert_eq!(find(m1)["source"], serde_json::json!([m1, m2]));
        assert!(err.contains("2:1"), "{err}");
        let html =
            std::fs::read_to_string(root.join(format!("out/reports/import-{lang}.html"))).unwrap();
        assert!(
            html.find("<td>2:1</td>").unwrap() < html.find("<td>1:1</td>").unwrap(),
            "odd cases first"
        );
        // `stele align` reads the result: the import attribute is known, and the review marks
        // show as stale (no fingerprint), the holes as empty.
        let (_, err) = run_stele(root, &["align"]);
        assert!(!err.contains("div-attribute"), "{err}");
        assert!(err.contains("stale") && err.contains("empty"), "{err}");
    }
}

/// A paragraph left in English in the Arabic file is untranslated, not the segment's translation.
#[test]
fn issue_14_english_paragraph_is_reported_untranslated() {
    let dir = fixture_project("tech-manual");
    let root = dir.path();
    let orig = shipped(root, "ar");
    let en = "APT reads the list of package repositories from /etc/apt/sources.list. Each line names a repository, and files in /etc/apt/sources.list.d/ add more.";
    let paras: Vec<String> = orig
        .iter()
        .map(|(id, _, t)| {
            if id == "p3" {
                en.to_string()
            } else {
                t.clone()
            }
        })
        .collect();
    let input = root.join("in.md");
    std::fs::write(&input, paras.join("\n\n")).unwrap();
    let (ok, err) = run_stele(
        root,
        &[
            "import",
            "--lang",
            "ar",
            "--dry-run",
            input.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let r = report(root, "ar");
    let p3 = r["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"] == serde_json::json!(["p3"]))
        .unwrap()
        .clone();
    assert_eq!(p3["move"], "untranslated", "{p3}");
    assert!(err.contains("still in the source language"), "{err}");
}

/// Two neighbouring paragraphs in the other order each land in their own segment's div, marked
/// for review and reported as swapped; a one-word heading left in English is untranslated, while
/// `Exim 4` (Exim is written so throughout the translation) is imported as a translation.
#[test]
fn issue_14_swapped_neighbours_and_a_heading_left_in_english() {
    let dir = fixture_project("tech-manual");
    let root = dir.path();
    let orig = shipped(root, "ru");
    let mut paras: Vec<String> = orig
        .iter()
        .map(|(id, _, t)| {
            if id == "h5" {
                "References".to_string()
            } else {
                t.replace('\n', " ")
            }
        })
        .collect();
    let k = orig.iter().position(|d| d.0 == "p8").unwrap();
    assert_eq!(orig[k + 1].0, "p9");
    paras.swap(k, k + 1);
    let input = root.join("in.txt");
    std::fs::write(&input, paras.join("\n\n") + "\n").unwrap();
    std::fs::remove_file(root.join("translations/ru.md")).unwrap();
    let (ok, err) = run_stele(root, &["import", "--lang", "ru", input.to_str().unwrap()]);
    assert!(ok, "{err}");
    let got: BTreeMap<String, (String, String)> = shipped(root, "ru")
        .into_iter()
        .map(|(id, a, t)| (id, (a, t)))
        .collect();
    for (id, _, text) in &orig {
        let (a, t) = &got[id];
        match id.as_str() {
            "p8" | "p9" => {
                assert_eq!(t.replace('\n', " "), text.replace('\n', " "), "{id}");
                assert!(a.contains("import=\"review\""), "{id}: {a}");
            }
            "h5" => assert!(t.is_empty(), "h5 is untranslated: {t}"),
            _ => assert_eq!(t.replace('\n', " "), text.replace('\n', " "), "{id}"),
        }
    }
    assert_eq!(got["h3"].1, "Exim 4");
    let r = report(root, "ru");
    let pairs = r["pairs"].as_array().unwrap();
    let pair = |id: &str| {
        pairs
            .iter()
            .find(|p| p["source"] == serde_json::json!([id]))
            .unwrap()
            .clone()
    };
    for id in ["p8", "p9"] {
        assert_eq!(pair(id)["swapped"], true, "{}", pair(id));
    }
    assert_eq!(pair("p7").get("swapped"), None);
    assert_eq!(pair("h5")["move"], "untranslated");
    assert!(err.contains("swapped"), "{err}");
}

/// Bad input is refused with a clear error, and the translation file is never rewritten.
#[test]
fn issue_14_bad_input_never_rewrites_a_translation_file() {
    let dir = article_project();
    let root = dir.path();
    let file = root.join("translations/ar.md");
    let before = std::fs::read(&file).unwrap();
    let ru: Vec<String> = shipped(root, "ru").into_iter().map(|d| d.2).collect();
    let ar: Vec<String> = shipped(root, "ar").into_iter().map(|d| d.2).collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("binary", vec![0x89, b'P', b'N', b'G', 0, 0, 1, 2], "binary"),
        ("empty", Vec::new(), "no paragraphs"),
        ("latin1", b"caf\xe9 au lait\n".to_vec(), "not UTF-8"),
        (
            "wrong-language",
            ru.join("\n\n").into_bytes(),
            "not in `ar`",
        ),
        (
            "giant",
            ar.join(" ").into_bytes(),
            "separated by blank lines",
        ),
    ];
    for (name, bytes, want) in cases {
        let input = root.join(name);
        std::fs::write(&input, &bytes).unwrap();
        for extra in [&["--merge"][..], &[][..]] {
            let mut args = vec!["import", "--lang", "ar", input.to_str().unwrap()];
            args.extend_from_slice(extra);
            let (ok, err) = run_stele(root, &args);
            assert!(!ok, "{name}: {err}");
            assert!(
                err.contains(want) || (extra.is_empty() && err.contains("exists")),
                "{name}: {err}"
            );
            assert_eq!(
                std::fs::read(&file).unwrap(),
                before,
                "{name}: file rewritten"
            );
        }
    }
}

/// `--merge` fills only missing and empty divs; every other byte of the file stays.
#[test]
fn issue_14_merge_never_overwrites_a_translators_text() {
    let dir = article_project();
    let root = dir.path();
    let file = root.join("translations/ru.md");
    let orig = std::fs::read_to_string(&file).unwrap();
    let full = shipped(root, "ru");
    // Empty p4's div, delete p9's, and write something of the translator's own into p2.
    let p4 = &full.iter().find(|d| d.0 == "p4").unwrap().2;
    let p9 = full.iter().find(|d| d.0 == "p9").unwrap();
    let p2 = &full.iter().find(|d| d.0 == "p2").unwrap().2;
    let edited = orig
        .replace(p4.as_str(), "")
        .replace(&format!("::: {{#p9 {}}}\n{}\n:::\n", p9.1, p9.2), "")
        .replace(p2.as_str(), "Мой собственный перевод.");
    assert_ne!(edited, orig);
    std::fs::write(&file, &edited).unwrap();
    let input = root.join("old.txt");
    std::fs::write(
        &input,
        full.iter()
            .map(|d| d.2.clone())
            .collect::<Vec<_>>()
            .join("\n\n"),
    )
    .unwrap();
    let (ok, err) = run_stele(
        root,
        &["import", "--lang", "ru", "--merge", input.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    let after = std::fs::read_to_string(&file).unwrap();
    let got: BTreeMap<String, String> = divs(&after).into_iter().map(|d| (d.0, d.2)).collect();
    assert_eq!(
        got["p2"], "Мой собственный перевод.",
        "translator's text kept"
    );
    assert_eq!(&got["p4"], p4);
    assert_eq!(got["p9"], p9.2);
    // Everything else is byte for byte as it was: removing the two filled divs gives the edit back.
    let p4_div = after
        .lines()
        .position(|l| l.starts_with("::: {#p4"))
        .unwrap();
    let lines: Vec<&str> = after.lines().collect();
    assert!(lines[p4_div + 1] == p4.as_str() && lines[p4_div + 2] == ":::");
    assert_eq!(after.lines().count(), edited.lines().count() + 4);
}

/// `--dry-run` writes the report and nothing else.
#[test]
fn issue_14_dry_run_writes_only_the_report() {
    let dir = fixture_project("tech-manual");
    let root = dir.path();
    let text: Vec<String> = shipped(root, "ru").into_iter().map(|d| d.2).collect();
    std::fs::remove_file(root.join("translations/ru.md")).unwrap();
    let input = root.join("ru.txt");
    std::fs::write(&input, text.join("\n\n")).unwrap();
    let (ok, err) = run_stele(
        root,
        &[
            "import",
            "--lang",
            "ru",
            "--dry-run",
            input.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(!root.join("translations/ru.md").exists());
    let r = report(root, "ru");
    assert_eq!(r["schema"], "stele-import/1");
    assert_eq!(r["written"], serde_json::Value::Null);
    assert_eq!(r["summary"]["moves"]["1:1"], 30);
    assert!(root.join("out/reports/import-ru.html").exists());
}

/// `misaligned`: texts shifted by one div are caught by their numbers, markers and links; the clean
/// article and the tech manual stay at zero warnings.
#[test]
fn issue_14_misaligned_check() {
    for dir in [article_project(), fixture_project("tech-manual")] {
        let (ok, err) = run_stele(dir.path(), &["align"]);
        assert!(ok && !err.contains("warning["), "{err}");
    }
    let dir = fixture_project("tech-manual");
    let root = dir.path();
    let file = root.join("translations/ar.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let d = shipped(root, "ar");
    let r1 = &d.iter().find(|x| x.0 == "ref-1").unwrap().2;
    let r2 = &d.iter().find(|x| x.0 == "ref-2").unwrap().2;
    let swapped = text
        .replace(r1.as_str(), "\u{0}")
        .replace(r2.as_str(), r1)
        .replace('\u{0}', r2);
    std::fs::write(&file, swapped).unwrap();
    let (_, err) = run_stele(root, &["align"]);
    assert!(
        err.contains("warning[misaligned]") && err.contains("ref-1") && err.contains("ref-2"),
        "{err}"
    );
}
