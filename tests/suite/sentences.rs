//! Sentence alignment inside paragraphs (issue 19): the pairs in `alignment.json` and in the
//! translated ASTs, the `sentence-count` finding naming the sentence, and the parallel page's
//! highlighting in Chromium, all against hand-made answer files.

use crate::common::*;
use std::path::Path;
use std::process::Command;

/// The strings of a JSON array (sentence IDs).
fn ids(x: &serde_json::Value) -> Vec<String> {
    x.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Links of `alignment.json` as (language, segment, source IDs, target IDs).
fn links(root: &Path) -> Vec<(String, String, Vec<String>, Vec<String>)> {
    let report = std::fs::read_to_string(root.join("out/reports/alignment.json")).expect("report");
    let v: serde_json::Value = serde_json::from_str(&report).expect("json");
    let mut out = Vec::new();
    for seg in v["segments"].as_array().expect("segments") {
        let id = seg["id"].as_str().unwrap_or_default();
        for (lang, cell) in seg["translations"].as_object().expect("translations") {
            for l in cell["sentences"]["links"].as_array().into_iter().flatten() {
                out.push((
                    lang.clone(),
                    id.to_string(),
                    ids(&l["source"]),
                    ids(&l["target"]),
                ));
            }
        }
    }
    out
}

/// The answer file's links, in the same shape, for the segments it answers.
fn answers(file: &Path) -> Vec<(String, String, Vec<String>, Vec<String>)> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).expect("answers")).expect("json");
    let mut out = Vec::new();
    for (lang, segs) in v["answers"].as_object().expect("answers") {
        for (seg, ls) in segs.as_object().expect("segments") {
            for l in ls.as_array().expect("links") {
                out.push((lang.clone(), seg.clone(), ids(&l[0]), ids(&l[1])));
            }
        }
    }
    out
}

fn assert_links_match(root: &Path, answer_file: &Path) {
    let want = answers(answer_file);
    let got = links(root);
    let answered: std::collections::BTreeSet<(&str, &str)> = want
        .iter()
        .map(|(l, s, _, _)| (l.as_str(), s.as_str()))
        .collect();
    let got: Vec<_> = got
        .into_iter()
        .filter(|(l, s, _, _)| answered.contains(&(l.as_str(), s.as_str())))
        .collect();
    let mut want_sorted = want.clone();
    want_sorted.sort();
    let mut got_sorted = got.clone();
    got_sorted.sort();
    assert_eq!(
        got_sorted,
        want_sorted,
        "sentence links differ from {}",
        answer_file.display()
    );
}

fn browser_check(root: &Path, answer_file: &Path) {
    let (Some(chromium), Some(node)) = (chromium(), node_with_playwright()) else {
        return;
    };
    let o = Command::new(node)
        .arg(env!("CARGO_MANIFEST_DIR").to_string() + "/tests/browser/sentences.mjs")
        .arg("--chromium")
        .arg(&chromium)
        .arg(root.join("out/html/parallel.html"))
        .arg(answer_file)
        .output()
        .expect("run node");
    let report =
        String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success() && !report.contains("FAIL"),
        "sentences:\n{report}"
    );
    assert!(report.contains("ok no script"), "{report}");
}

fn fixture_answers(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}/answers.json"))
}

#[test]
fn issue19_article_sentences_match_the_answers() {
    let p = article_project();
    let (ok, err) = run_stele(p.path(), &["build", "--format", "html"]);
    assert!(ok, "{err}");
    let file = fixture_answers("sentences");
    assert_links_match(p.path(), &file);
    // every answered sentence is a span of the translated AST, naming its source sentences
    let ar = std::fs::read_to_string(p.path().join("out/ast/ar.json")).expect("ast");
    assert!(
        ar.contains(r#"["p3.s2",["sentence"],[["counterpart","p3.s2"]]]"#),
        "no sentence span in out/ast/ar.json"
    );
    browser_check(p.path(), &file);
}

#[test]
fn issue19_merged_split_and_dropped_sentences() {
    let p = fixture_project("sentences-merged");
    let (ok, err) = run_stele(p.path(), &["build", "--format", "html"]);
    assert!(ok, "{err}");
    let file = fixture_answers("sentences-merged");
    assert_links_match(p.path(), &file);
    browser_check(p.path(), &file);
}

#[test]
fn issue19_sentence_count_names_the_sentence_without_counterpart() {
    let p = fixture_project("sentences-merged");
    // ar p1 keeps only its first two sentences: the source's last two are lost
    let f = p.path().join("translations/ar.md");
    let text = std::fs::read_to_string(&f).expect("ar.md");
    let start = text.find("::: {#p1").expect("p1 div");
    let body_at = start + text[start..].find('\n').expect("line") + 1;
    let end = body_at + text[body_at..].find("\n:::").expect("end");
    let body = &text[body_at..end];
    let second_end = body.match_indices(". ").nth(1).expect("two sentences").0 + 1;
    let changed = format!(
        "{}{}{}",
        &text[..body_at],
        &body[..second_end],
        &text[end..]
    );
    std::fs::write(&f, changed).expect("write");
    let (_, err) = run_stele(p.path(), &["align"]);
    let line = err
        .lines()
        .find(|l| l.contains("sentence-count") && l.contains("p1"))
        .unwrap_or_else(|| panic!("no sentence-count finding on p1:\n{err}"));
    assert!(
        err.contains("p1 sentences 3, 4 have no counterpart in ar"),
        "the finding does not name the lost sentences: {line}\n{err}"
    );
}
