//! Issue 8: `stele build` writes every edition, the reports and a manifest; builds are
//! reproducible; a failing or killed build never leaves a partial file and keeps good files.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Every file under `dir` (relative path -> bytes).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(base).unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    let mut m = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut m);
    }
    m
}

fn build(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut c = stele();
    c.arg("--root")
        .arg(dir)
        .args(["build", "--quiet"])
        .args(extra);
    c.output().unwrap()
}

const EDITIONS: [&str; 14] = [
    "epub/ar.epub",
    "epub/en-ar.epub",
    "epub/en-ru.epub",
    "epub/en.epub",
    "epub/ru.epub",
    "html/ar.html",
    "html/en.html",
    "html/parallel.html",
    "html/ru.html",
    "pdf/ar.pdf",
    "pdf/en-ar.pdf",
    "pdf/en-ru.pdf",
    "pdf/en.pdf",
    "pdf/ru.pdf",
];

#[test]
fn issue_8_build_writes_every_edition_reports_and_manifest_reproducibly() {
    let dir = article_project();
    let out = build(dir.path(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = snapshot(&dir.path().join("out"));
    let manifest: serde_json::Value = serde_json::from_slice(&first["manifest.json"]).unwrap();
    let editions = manifest["editions"].as_array().unwrap();
    let paths: Vec<&str> = editions
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, EDITIONS.to_vec(), "every edition, in path order");
    for e in editions {
        let bytes = &first[e["path"].as_str().unwrap()];
        assert_eq!(e["size"].as_u64().unwrap(), bytes.len() as u64);
        let sha = stele::normalize::hex(&<sha2::Sha256 as sha2::Digest>::digest(bytes));
        assert_eq!(e["sha256"].as_str().unwrap(), sha);
    }
    assert_eq!(
        editions
            .iter()
            .find(|e| e["path"] == "epub/en-ar.epub")
            .unwrap()["languages"],
        serde_json::json!(["en", "ar"])
    );
    assert_eq!(manifest["languages"]["ar"]["coverage"], 100.0);
    assert_eq!(manifest["languages"]["ru"]["missing"], 0);
    let fp = manifest["source_fingerprint"].as_str().unwrap();
    // Every edition carries the source fingerprint (HTML meta, EPUB OPF, PDF metadata).
    for key in ["html/en.html", "html/parallel.html"] {
        assert!(
            String::from_utf8_lossy(&first[key]).contains(fp),
            "{key} lacks the source fingerprint"
        );
    }
    for key in ["pdf/ar.pdf", "pdf/en-ru.pdf"] {
        assert!(
            first[key].windows(fp.len()).any(|w| w == fp.as_bytes()),
            "{key} lacks the source fingerprint"
        );
    }
    for key in [
        "reports/alignment.json",
        "reports/alignment.html",
        "ast/en.json",
        "ast/ar.json",
        "ast/ru.json",
        "ast/references.json",
    ] {
        assert!(first.contains_key(key), "{key} missing");
    }
    // Same inputs, byte-identical out/ (manifest included).
    let out = build(dir.path(), &[]);
    assert!(out.status.success());
    assert!(
        snapshot(&dir.path().join("out")) == first,
        "a second build changed out/"
    );
}

#[test]
fn issue_8_json_summary_and_subsets() {
    let dir = article_project();
    let out = stele()
        .arg("--root")
        .arg(dir.path())
        .args(["build", "--json", "--format", "html", "--lang", "en,ar"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("--json prints JSON on stdout");
    let paths: Vec<&str> = v["manifest"]["editions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["html/ar.html", "html/en.html", "html/parallel.html"]
    );
    assert_eq!(v["errors"], 0);
    let status = stele()
        .arg("--root")
        .arg(dir.path())
        .arg("status")
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&status.stdout);
    assert!(table.contains("ar") && table.contains("100.0%"), "{table}");
    assert!(!dir.path().join("out/epub").exists() && !dir.path().join("out/pdf").exists());
}

#[test]
fn issue_8_a_failing_edition_keeps_its_previous_file_and_fails_the_build() {
    let dir = article_project();
    assert!(build(dir.path(), &["--format", "html,pdf"])
        .status
        .success());
    let before = snapshot(&dir.path().join("out"));
    // A character no embedded font covers makes the Arabic PDFs fail (typst would fall back
    // silently; stele refuses), while the HTML editions and the other PDFs still build.
    let ar = dir.path().join("translations/ar.md");
    let text = std::fs::read_to_string(&ar)
        .unwrap()
        .replacen("أثارت زيارة", "أثارت 漢字 زيارة", 1);
    std::fs::write(&ar, text).unwrap();
    let out = build(dir.path(), &["--format", "html,pdf"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the build must fail");
    assert!(
        stderr.contains("pdf-font") && stderr.contains("p1"),
        "{stderr}"
    );
    let after = snapshot(&dir.path().join("out"));
    assert_eq!(
        after["pdf/ar.pdf"], before["pdf/ar.pdf"],
        "the previous ar.pdf is intact"
    );
    assert_eq!(after["pdf/en-ar.pdf"], before["pdf/en-ar.pdf"]);
    assert_ne!(
        after["html/ar.html"], before["html/ar.html"],
        "the other editions were rebuilt"
    );
    assert!(
        after.keys().all(|k| !k.contains(".stele-")),
        "no temporary file left"
    );
    let manifest: serde_json::Value = serde_json::from_slice(&after["manifest.json"]).unwrap();
    assert!(!manifest["failed"].as_array().unwrap().is_empty());
}

#[test]
fn issue_8_a_killed_build_leaves_no_partial_file() {
    let dir = article_project();
    let reference = tempfile::tempdir().unwrap();
    let st = stele()
        .arg("--root")
        .arg(dir.path())
        .arg("--out")
        .arg(reference.path())
        .args(["build", "--quiet"])
        .status()
        .unwrap();
    assert!(st.success());
    let complete = snapshot(reference.path());
    for delay_ms in [50u64, 250, 700] {
        let out_dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_stele"))
            .arg("--root")
            .arg(dir.path())
            .arg("--out")
            .arg(out_dir.path())
            .args(["build", "--quiet"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Every visible file is complete: byte-identical to the same file of a finished build.
        for (path, bytes) in snapshot(out_dir.path()) {
            let name = path.rsplit('/').next().unwrap();
            if name.starts_with(".stele-") {
                continue; // an unfinished temporary file: never under a published name
            }
            assert!(
                complete.get(&path) == Some(&bytes),
                "{path} is partial after a kill at {delay_ms} ms"
            );
        }
        // The next build clears any leftover temporary file.
        let st = stele()
            .arg("--root")
            .arg(dir.path())
            .arg("--out")
            .arg(out_dir.path())
            .args(["build", "--quiet"])
            .status()
            .unwrap();
        assert!(st.success());
        assert!(snapshot(out_dir.path())
            .keys()
            .all(|k| !k.contains(".stele-")));
    }
}
