//! Issue 14, aligner accuracy: regression tests for the error classes the benchmark
//! (`benches/import.py`) showed, each on a small constructed document pair made from a shipped
//! translation (its divs as plain paragraphs, one edit each). The answer is the shipped file's
//! own assignment of texts to segment IDs, written by its translators, not by the aligner.

use crate::common::{article_project, fixture_project, run_stele};
use std::path::Path;

/// The shipped translation's divs in order: (ID, text on one line).
fn shipped(root: &Path, lang: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root.join(format!("translations/{lang}.md"))).unwrap();
    let mut out = Vec::new();
    let mut cur: Option<(String, Vec<String>)> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("::: {#") {
            let id = rest.split([' ', '}']).next().unwrap_or_default();
            cur = Some((id.to_string(), Vec::new()));
        } else if line.trim() == ":::" {
            if let Some((id, body)) = cur.take() {
                out.push((id, body.join(" ").trim().to_string()));
            }
        } else if let Some(c) = cur.as_mut() {
            c.1.push(line.trim().to_string());
        }
    }
    out
}

/// Writes the paragraphs to `plain.txt`, runs `stele import --dry-run` and returns the report's
/// pairs as (move, source IDs, target paragraph numbers, 1-based).
fn import(root: &Path, lang: &str, paras: &[String]) -> Vec<(String, Vec<String>, Vec<u64>)> {
    let input = root.join("plain.txt");
    std::fs::write(&input, paras.join("\n\n") + "\n").unwrap();
    let args = [
        "import",
        "--lang",
        lang,
        input.to_str().unwrap(),
        "--dry-run",
    ];
    let (ok, err) = run_stele(root, &args);
    assert!(ok, "{err}");
    let p = root.join(format!("out/reports/import-{lang}.json"));
    let r: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    let strs = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    r["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let tgt = p["target"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_u64().unwrap());
            (
                p["move"].as_str().unwrap().to_string(),
                strs(&p["source"]),
                tgt.collect(),
            )
        })
        .collect()
}

/// Every segment of `divs` except `dropped` must be linked 1:1 to its own paragraph, and each
/// dropped one reported 1:0.
fn assert_dropped(
    divs: &[(String, String)],
    dropped: &[&str],
    pairs: &[(String, Vec<String>, Vec<u64>)],
) {
    let mut n = 0;
    for (id, text) in divs {
        if text.is_empty() {
            continue;
        }
        let pair = pairs.iter().find(|p| p.1.contains(id)).unwrap();
        if dropped.contains(&id.as_str()) {
            assert_eq!(
                (pair.0.as_str(), &pair.2),
                ("1:0", &vec![]),
                "{id}: {pair:?}"
            );
        } else {
            n += 1;
            assert_eq!(
                (pair.0.as_str(), &pair.2),
                ("1:1", &vec![n]),
                "{id}: {pair:?}"
            );
        }
    }
}

fn without(divs: &[(String, String)], dropped: &[&str]) -> Vec<String> {
    divs.iter()
        .filter(|(id, t)| !t.is_empty() && !dropped.contains(&id.as_str()))
        .map(|(_, t)| t.clone())
        .collect()
}

/// A dropped "References" heading is a 1:0, not merged (2:1) into the first entry's
/// translation; a dropped reference entry is a 1:0, not merged into its neighbour's. Both were
/// taken as merges before (the merged source's extra sentences and lost Latin names now cost).
#[test]
fn issue14_dropped_heading_or_reference_entry_is_not_a_merge() {
    for dropped in [&["h6"][..], &["ref-6"], &["h6", "ref-6"]] {
        let dir = article_project();
        let divs = shipped(dir.path(), "ar");
        let pairs = import(dir.path(), "ar", &without(&divs, dropped));
        assert_dropped(&divs, dropped, &pairs);
    }
}

/// "References" run into the first entry (a missing blank line) is a 2:1 merge of the heading
/// and the entry, told from a dropped heading by the paragraph's first sentence, which is as
/// long as the heading and the entry's first sentence together (before: heading 1:0).
#[test]
fn issue14_references_heading_merged_with_first_entry_is_a_merge() {
    let dir = fixture_project("tech-manual");
    let divs = shipped(dir.path(), "ru");
    let mut paras = Vec::new();
    for (id, text) in &divs {
        if id == "ref-1" {
            let last: &mut String = paras.last_mut().unwrap();
            last.push(' ');
            last.push_str(text);
        } else {
            paras.push(text.clone());
        }
    }
    let pairs = import(dir.path(), "ru", &paras);
    let h5 = pairs
        .iter()
        .find(|p| p.1.contains(&"h5".to_string()))
        .unwrap();
    let at = divs.iter().position(|d| d.0 == "h5").unwrap() as u64 + 1;
    assert_eq!(
        h5,
        &(
            "2:1".to_string(),
            vec!["h5".into(), "ref-1".into()],
            vec![at]
        )
    );
    let ref2 = pairs
        .iter()
        .find(|p| p.1.contains(&"ref-2".to_string()))
        .unwrap();
    assert_eq!(
        (ref2.0.as_str(), &ref2.2),
        ("1:1", &vec![at + 1]),
        "{ref2:?}"
    );
}
