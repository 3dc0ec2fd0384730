//! Issue 14: `stele accept`, the source history with word diffs on `stale` findings, and the
//! source text `stele sync` writes as a comment into new divs. End to end on copies of the
//! `align-basic` fixture, with the real binary.

use crate::common::{fixture_project, run_stele};
use std::path::Path;

const P3_OLD: &str = "The station had no road until 1936. Supplies came by boat";
const P3_NEW: &str = "The station had no paved road until 1937. Supplies came by boat";
const P6_OLD: &str = "The station has been automatic ever since.";
const P6_NEW: &str = "The station has been fully automatic since then.";

fn edit_source(root: &Path, from: &str, to: &str) {
    let p = root.join("source/article.txt");
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "fixture changed: {from}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

fn read(root: &Path, rel: &str) -> Vec<u8> {
    std::fs::read(root.join(rel)).unwrap()
}

fn report(root: &Path) -> serde_json::Value {
    serde_json::from_slice(&read(root, "out/reports/alignment.json")).unwrap()
}

/// The current fingerprint of a source segment, from the report.
fn fingerprint(report: &serde_json::Value, id: &str) -> String {
    report["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap()["fingerprint"]
        .as_str()
        .unwrap()
        .to_string()
}

fn stale_findings(report: &serde_json::Value, lang: &str) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "stale" && f["lang"] == lang)
        .map(|f| f["segment"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn issue_14_stale_shows_the_word_diff_and_accept_records_the_fingerprint() {
    // The whole review loop: the source changes, align says what changed (terminal, JSON, HTML),
    // the translator accepts, and the finding is gone with only the fence's `source` rewritten.
    let dir = fixture_project("align-basic");
    let root = dir.path();
    edit_source(root, P3_OLD, P3_NEW);
    let (_, err) = run_stele(root, &["align"]);
    let line = err
        .lines()
        .find(|l| l.starts_with("warning[stale]") && l.contains("[de] segment p3"))
        .unwrap_or_else(|| panic!("no stale finding for de p3:\n{err}"));
    assert!(
        line.contains("no {+paved+} road until [-1936-]{+1937+}."),
        "{line}"
    );
    assert!(err.contains("`stele accept --lang de p3`"), "{err}");

    // The history (committed beside the registry) keeps the text the old fingerprint stood for.
    let history: serde_json::Value =
        serde_json::from_slice(&read(root, "source/article.history.json")).unwrap();
    assert!(history["texts"]["5dd3cd51452d"]
        .as_str()
        .unwrap()
        .starts_with(P3_OLD));
    let r = report(root);
    let p3 = &r["segments"].as_array().unwrap()[5];
    assert_eq!(p3["id"], "p3");
    let diff = &p3["translations"]["de"]["source_diff"];
    assert!(diff
        .as_array()
        .unwrap()
        .contains(&serde_json::json!({"op": "delete", "text": "1936"})));
    assert!(p3["translations"]["de"]["source_diff"].is_array());
    assert!(r["segments"][1]["translations"]["de"]["source_diff"].is_null());
    let html = String::from_utf8(read(root, "out/reports/alignment.html")).unwrap();
    assert!(
        html.contains("road until <del>1936</del><ins>1937</ins>."),
        "no diff in alignment.html"
    );

    let before = read(root, "translations/de.md");
    let new_fp = fingerprint(&r, "p3");
    let (ok, err) = run_stele(root, &["accept", "--lang", "de", "p3"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("recorded the current source fingerprint in 1 div(s): p3"),
        "{err}"
    );
    let expected = String::from_utf8(before.clone()).unwrap().replacen(
        "::: {#p3 source=\"5dd3cd51452d\"}",
        &format!("::: {{#p3 source=\"{new_fp}\"}}"),
        1,
    );
    assert_eq!(read(root, "translations/de.md"), expected.as_bytes());
    run_stele(root, &["align"]);
    let r = report(root);
    assert!(stale_findings(&r, "de").is_empty());
    // Arabic was not touched and is still stale.
    assert_eq!(stale_findings(&r, "ar"), ["p3"]);
}

#[test]
fn issue_14_accept_keeps_crlf_bom_comments_and_attribute_order() {
    // Translators' editors write CRLF and BOMs; accept must only change the fingerprint.
    let dir = fixture_project("align-basic");
    let root = dir.path();
    let de = root.join("translations/de.md");
    let text = std::fs::read_to_string(&de).unwrap().replacen(
        "::: {#p3 source=\"5dd3cd51452d\"}",
        "<!-- reviewed by A. -->\n:::   { ignore=\"spaces\"  #p3 source='5dd3cd51452d' }",
        1,
    );
    let crlf = format!("\u{FEFF}{}", text.replace('\n', "\r\n"));
    std::fs::write(&de, &crlf).unwrap();
    edit_source(root, P3_OLD, P3_NEW);
    let (ok, err) = run_stele(root, &["accept", "--lang", "de", "p3"]);
    assert!(ok, "{err}");
    run_stele(root, &["align"]);
    let fp = fingerprint(&report(root), "p3");
    let want = crlf.replacen("source='5dd3cd51452d'", &format!("source='{fp}'"), 1);
    assert_eq!(std::fs::read(&de).unwrap(), want.as_bytes());
}

#[test]
fn issue_14_accept_all_and_reviewed_only() {
    // p3 changes a number the translation still has (number-parity: not reviewed), p6 changes
    // words only; p4 is emptied (nothing to accept there).
    let dir = fixture_project("align-basic");
    let root = dir.path();
    edit_source(root, P3_OLD, P3_NEW);
    edit_source(root, P6_OLD, P6_NEW);
    for lang in ["de", "ar"] {
        let p = root.join(format!("translations/{lang}.md"));
        let t = std::fs::read_to_string(&p).unwrap();
        let start = t.find("::: {#p4 ").unwrap();
        let body = start + t[start..].find('\n').unwrap() + 1;
        let end = body + t[body..].find(":::").unwrap();
        std::fs::write(&p, format!("{}{}", &t[..body], &t[end..])).unwrap();
    }

    let before_ar = read(root, "translations/ar.md");
    let (ok, err) = run_stele(root, &["accept", "--lang", "ar", "--reviewed-only"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("[ar] segment p3: not accepted: open findings (number-parity)"),
        "{err}"
    );
    assert!(err.contains("in 1 div(s): p6"), "{err}");
    assert!(err.contains("skipped 1 div(s) without text: p4"), "{err}");
    assert_ne!(read(root, "translations/ar.md"), before_ar);

    let (ok, err) = run_stele(root, &["accept", "--lang", "de", "--all"]);
    assert!(ok, "{err}");
    assert!(err.contains("in 2 div(s): p3, p6"), "{err}");
    run_stele(root, &["align"]);
    let r = report(root);
    assert!(stale_findings(&r, "de").is_empty());
    assert_eq!(stale_findings(&r, "ar"), ["p3"]);
    // The emptied div is still a hole, with no fingerprint recorded.
    let p4 = &r["segments"].as_array().unwrap()[6];
    assert_eq!(p4["translations"]["de"]["status"], "empty");
    assert!(p4["translations"]["de"]["recorded_fingerprint"].is_string());
    let de = String::from_utf8(read(root, "translations/de.md")).unwrap();
    assert!(
        de.contains("::: {#p4 source=\"6cb7c4466b13\"}"),
        "p4 was rewritten"
    );
}

#[test]
fn issue_14_accept_refuses_bad_input_and_writes_nothing() {
    // Each request names what is wrong; the file stays byte-identical (or absent).
    let dir = fixture_project("align-basic");
    let root = dir.path();
    edit_source(root, P3_OLD, P3_NEW);
    let de = root.join("translations/de.md");
    let text = std::fs::read_to_string(&de).unwrap();
    let start = text.find("::: {#p5 ").unwrap();
    let body = start + text[start..].find('\n').unwrap() + 1;
    let end = body + text[body..].find(":::").unwrap();
    let with_empty = format!("{}{}", &text[..body], &text[end..]);
    std::fs::write(&de, &with_empty).unwrap();

    let cases: [(&[&str], &str); 3] = [
        (&["p3", "p99"], "segment p99: unknown segment ID `p99`"),
        (&["p3", "p5"], "segment p5: the div has no text"),
        (&["--all", "--lang", "fr"], "`fr` is not a target language"),
    ];
    for (args, want) in cases {
        let mut a = vec!["accept"];
        if !args.contains(&"--lang") {
            a.extend(["--lang", "de"]);
        }
        a.extend(args);
        let (ok, err) = run_stele(root, &a);
        assert!(!ok, "{a:?} succeeded");
        assert!(err.contains(want), "{a:?}: {err}");
        assert_eq!(std::fs::read(&de).unwrap(), with_empty.as_bytes(), "{a:?}");
    }

    // A binary file: an encoding error, nothing written.
    let binary: Vec<u8> = (0u8..=255).cycle().take(2048).collect();
    std::fs::write(&de, &binary).unwrap();
    let (ok, err) = run_stele(root, &["accept", "--lang", "de", "--all"]);
    assert!(!ok);
    assert!(err.contains("error[encoding]"), "{err}");
    assert!(
        err.contains("the file has errors; nothing was written"),
        "{err}"
    );
    assert_eq!(std::fs::read(&de).unwrap(), binary);

    // No file at all.
    std::fs::remove_file(&de).unwrap();
    let (ok, err) = run_stele(root, &["accept", "--lang", "de", "p3"]);
    assert!(!ok);
    assert!(err.contains("no translation file"), "{err}");
    assert!(err.contains("stele sync --lang de"), "{err}");
    assert!(!de.exists());
}

#[test]
fn issue_14_accept_twice_is_accept_once() {
    let dir = fixture_project("align-basic");
    let root = dir.path();
    edit_source(root, P3_OLD, P3_NEW);
    let (ok, err) = run_stele(root, &["accept", "--lang", "de", "p3"]);
    assert!(ok, "{err}");
    let once = read(root, "translations/de.md");
    let history = read(root, "source/article.history.json");
    let (ok, err) = run_stele(root, &["accept", "--lang", "de", "p3"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("nothing to accept: p3 already record"),
        "{err}"
    );
    assert_eq!(read(root, "translations/de.md"), once);
    let (ok, _) = run_stele(root, &["accept", "--lang", "de", "--all"]);
    assert!(ok);
    assert_eq!(read(root, "translations/de.md"), once);
    // The history is deterministic: nothing new, same bytes.
    assert_eq!(read(root, "source/article.history.json"), history);
}

#[test]
fn issue_14_sync_writes_the_source_as_a_comment_and_the_div_stays_empty() {
    // A translator sees what to translate in the new div; the comment is never read as text.
    let dir = fixture_project("align-basic");
    let root = dir.path();
    let de = root.join("translations/de.md");
    let text = std::fs::read_to_string(&de).unwrap();
    let start = text.find("::: {#p4 ").unwrap();
    let end = start + text[start..].find(":::\n\n").unwrap() + 5;
    std::fs::write(&de, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let (ok, err) = run_stele(root, &["sync", "--lang", "de"]);
    assert!(ok, "{err}");
    let synced = std::fs::read_to_string(&de).unwrap();
    let comment = "::: {#p4}\n<!-- source: Mr. Morel, the youngest brother, repaired the clockwork that turned the lens.";
    assert!(synced.contains(comment), "{synced}");
    run_stele(root, &["align"]);
    let r = report(root);
    let p4 = &r["segments"].as_array().unwrap()[6];
    assert_eq!(p4["translations"]["de"]["status"], "empty");
    assert!(p4["translations"]["de"]["text"].is_null());

    // Typed under the comment, the translation is read without it.
    let typed = synced.replacen(
        "-->\n\n:::",
        "-->\nHerr Morel, der jüngste Bruder, reparierte das Uhrwerk, das die Linse drehte. Er beschrieb den Mechanismus in einem Brief an die Hafenbehörde.[3] Der Brief wird noch heute von Ingenieuren gelesen.\n:::",
        1,
    );
    std::fs::write(&de, &typed).unwrap();
    let (ok, err) = run_stele(root, &["accept", "--lang", "de", "p4"]);
    assert!(ok, "{err}");
    run_stele(root, &["align"]);
    let r = report(root);
    let p4 = &r["segments"].as_array().unwrap()[6]["translations"]["de"];
    assert_eq!(p4["status"], "current");
    let t = p4["text"].as_str().unwrap();
    assert!(t.starts_with("Herr Morel") && !t.contains("source:"), "{t}");
    let findings: Vec<_> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["lang"] == "de" && f["segment"] == "p4" && f["severity"] != "info")
        .collect();
    assert!(findings.is_empty(), "{findings:?}");
}
