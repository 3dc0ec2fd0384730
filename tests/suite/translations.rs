//! Issue 4: the shipped Arabic and Russian translations are complete and clean under every check.

use crate::common::*;
use stele::model::{Script, SegmentKind};

#[test]
fn issue_4_shipped_translations_are_complete_and_clean() {
    let dir = article_project();
    let out = stele()
        .arg("--root")
        .arg(dir.path())
        .args(["align", "--deny-warnings", "--fail-under", "100"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "align is not clean:\n{stderr}");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.lines().filter(|l| l.contains("100.0%")).count() == 2,
        "{table}"
    );
    for (lang, script) in [("ar", Script::Arabic), ("ru", Script::Cyrillic)] {
        let json =
            std::fs::read_to_string(dir.path().join(format!("out/ast/{lang}.json"))).unwrap();
        let doc = stele::pandoc::from_json(&json).unwrap();
        let segs = stele::pandoc::segments(&doc);
        assert_eq!(segs.len(), 65, "{lang}");
        for s in &segs {
            assert_eq!(
                s.status,
                stele::model::Status::Current,
                "{lang} {} is not a current translation",
                s.id
            );
            let native = s
                .text
                .chars()
                .filter(|c| Script::of_char(*c) == Some(script))
                .count();
            // Reference entries may be mostly Latin (URLs, names without a native form), but each
            // still carries the language's own words.
            let min = if s.kind == SegmentKind::Reference {
                1
            } else {
                s.text.chars().filter(|c| c.is_alphabetic()).count() / 2
            };
            assert!(
                native >= min.max(1),
                "{lang} {}: too little {script:?} script: {}",
                s.id,
                s.text
            );
        }
    }
}
