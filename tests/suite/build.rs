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

/// Every file a full build writes and lists; the fonts of the HTML pages too (issue 18).
const EDITIONS: [&str; 22] = [
    "epub/ar.epub",
    "epub/en-ar.epub",
    "epub/en-ru.epub",
    "epub/en.epub",
    "epub/ru.epub",
    "html/ar.html",
    "html/en.html",
    "html/fonts/Amiri-Bold.ttf",
    "html/fonts/Amiri-Regular.ttf",
    "html/fonts/LibertinusSerif-Bold.otf",
    "html/fonts/LibertinusSerif-BoldItalic.otf",
    "html/fonts/LibertinusSerif-Italic.otf",
    "html/fonts/LibertinusSerif-Regular.otf",
    "html/fonts/OFL-Amiri.txt",
    "html/fonts/OFL-Libertinus.txt",
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
    // the pages and, since issue 18, the fonts they use
    let pages: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| !p.starts_with("html/fonts/"))
        .collect();
    assert_eq!(
        pages,
        ["html/ar.html", "html/en.html", "html/parallel.html"]
    );
    assert!(paths.contains(&"html/fonts/Amiri-Regular.ttf"));
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

/// Whether every edition the manifest lists is on disk with the manifest's hash.
fn manifest_tells_the_truth(out: &Path) -> Result<usize, String> {
    let m: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("manifest.json")).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    let editions = m["editions"].as_array().cloned().unwrap_or_default();
    for e in &editions {
        let path = e["path"].as_str().unwrap();
        let bytes = std::fs::read(out.join(path)).map_err(|x| format!("{path}: {x}"))?;
        let hash = stele::normalize::hex(&sha2::Digest::finalize(
            <sha2::Sha256 as sha2::Digest>::new_with_prefix(&bytes),
        ));
        if e["sha256"] != hash.as_str() {
            return Err(format!("{path}: the manifest's hash is not the file's"));
        }
    }
    Ok(editions.len())
}

/// Issue 12: a build killed while it replaces a previous build's editions never leaves a
/// manifest that lies about the files beside it, and the next build says it was interrupted.
#[test]
fn issue_12_a_killed_rebuild_never_leaves_a_lying_manifest() {
    let dir = article_project();
    let out = dir.path().join("out");
    assert!(build(dir.path(), &[]).status.success());
    assert_eq!(manifest_tells_the_truth(&out), Ok(22));
    let ar = dir.path().join("translations/ar.md");
    let original = std::fs::read_to_string(&ar).unwrap();
    let mut seen = 0;
    for (i, delay_ms) in [30u64, 120, 300, 600, 1000].into_iter().enumerate() {
        // A new revision each time, so every edition with Arabic changes.
        let edited = original.replacen("أثارت زيارة", &format!("أثارت {i} زيارة"), 1);
        std::fs::write(&ar, edited).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_stele"))
            .arg("--root")
            .arg(dir.path())
            .args(["build", "--quiet"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let interrupted = out.join(".stele-build").exists();
        seen += usize::from(interrupted);
        if out.join("manifest.json").exists() {
            assert!(
                !interrupted,
                "a manifest beside an unfinished build ({delay_ms} ms)"
            );
            manifest_tells_the_truth(&out).unwrap();
        }
        // Not quiet: the notice is a warning.
        let o = stele()
            .arg("--root")
            .arg(dir.path())
            .arg("build")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{stderr}");
        assert_eq!(
            stderr.contains("warning[interrupted-build]"),
            interrupted,
            "the next build says so exactly when one was interrupted ({delay_ms} ms): {stderr}"
        );
        assert_eq!(manifest_tells_the_truth(&out), Ok(22));
        assert!(!out.join(".stele-build").exists() && !out.join(".stele-lock").exists());
    }
    assert!(
        seen > 0,
        "no kill landed while editions were being replaced"
    );
}

/// Issue 12: two builds of one project at once: the second is refused while the first writes
/// (or runs after it), and out/ ends complete and consistent.
#[test]
fn issue_12_two_concurrent_builds_do_not_mix() {
    let dir = article_project();
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_stele"))
            .arg("--root")
            .arg(dir.path())
            .args(["build"])
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let refused = [&a, &b]
        .iter()
        .filter(|o| String::from_utf8_lossy(&o.stderr).contains("error[build-running]"))
        .count();
    let ok = [&a, &b].iter().filter(|o| o.status.success()).count();
    assert!(ok >= 1 && ok + refused == 2, "{a:?}\n{b:?}");
    assert_eq!(manifest_tells_the_truth(&dir.path().join("out")), Ok(22));
}

fn mtimes(out: &Path) -> BTreeMap<String, std::time::SystemTime> {
    EDITIONS
        .iter()
        .map(|p| {
            let m = std::fs::metadata(out.join(p)).unwrap().modified().unwrap();
            (p.to_string(), m)
        })
        .collect()
}

/// Issue 13: a build with nothing changed leaves every edition as it is; after an edit of the
/// Arabic translation only the editions that contain Arabic are rebuilt; `--force` rebuilds all.
#[test]
fn issue_13_incremental_builds_rebuild_only_what_changed() {
    let dir = article_project();
    let out = dir.path().join("out");
    assert!(build(dir.path(), &[]).status.success());
    let first = snapshot(&out);
    let t0 = mtimes(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let o = build(dir.path(), &["--json"]);
    assert!(o.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let fresh = |s: &serde_json::Value| -> Vec<String> {
        s["written"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["up_to_date"] == true)
            .map(|w| w["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(fresh(&summary).len(), 22, "{summary}");
    assert_eq!(mtimes(&out), t0, "nothing was rewritten");
    assert_eq!(
        snapshot(&out),
        first,
        "and out/ is byte-identical, manifest included"
    );

    let ar = dir.path().join("translations/ar.md");
    let text = std::fs::read_to_string(&ar).unwrap();
    std::fs::write(&ar, text.replacen("أثارت زيارة", "أثارت الزيارة", 1)).unwrap();
    let o = build(dir.path(), &["--json"]);
    assert!(o.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let t1 = mtimes(&out);
    let rebuilt: Vec<&str> = EDITIONS
        .iter()
        .copied()
        .filter(|p| t1[*p] != t0[*p])
        .collect();
    assert_eq!(rebuilt, crate::common::ARABIC_EDITIONS);
    // the other 8 editions, and the 8 font files the pages ship (issue 18)
    assert_eq!(fresh(&summary).len(), 16);

    let o = build(dir.path(), &["--json", "--force"]);
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(fresh(&summary).is_empty(), "--force rebuilds every edition");
}

/// The PDF editions a `--json` build summary lists, split into (rebuilt, up to date).
fn pdf_written(o: &std::process::Output) -> (Vec<String>, Vec<String>) {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut split = (Vec::new(), Vec::new());
    for w in summary["written"].as_array().unwrap() {
        let path = w["path"].as_str().unwrap().to_string();
        match w["up_to_date"] == true {
            false => split.0.push(path),
            true => split.1.push(path),
        }
    }
    split.0.sort();
    split.1.sort();
    split
}

/// Issue 20 in incremental builds (issue 13): the facing-page PDFs are left as they are when
/// nothing changed; an edit of the Arabic translation rebuilds only the Arabic-bearing ones, and
/// a change of `[pdf] facing_first` only the facing ones; `--layout facing` builds them without
/// `[pdf] facing`.
#[test]
fn issue20_facing_pdfs_are_up_to_date_like_the_other_editions() {
    let dir = article_project();
    let toml_path = dir.path().join("source/edition.toml");
    let toml = std::fs::read_to_string(&toml_path).unwrap();
    assert!(toml.contains("\n[pdf]\n"), "edition.toml has a [pdf] table");
    let facing = |first: &str| {
        let t = format!("\n[pdf]\nfacing = true\nfacing_first = \"{first}\"\n");
        std::fs::write(&toml_path, toml.replace("\n[pdf]\n", &t)).unwrap();
    };
    facing("source");
    let pdf = ["--format", "pdf", "--json"];
    let (built, fresh) = pdf_written(&build(dir.path(), &pdf));
    let all = [
        "pdf/ar.pdf",
        "pdf/en-ar-facing.pdf",
        "pdf/en-ar.pdf",
        "pdf/en-ru-facing.pdf",
        "pdf/en-ru.pdf",
        "pdf/en.pdf",
        "pdf/ru.pdf",
    ];
    assert_eq!((built, fresh.len()), (all.map(String::from).to_vec(), 0));
    let facing_file = dir.path().join("out/pdf/en-ru-facing.pdf");
    let mtime = || std::fs::metadata(&facing_file).unwrap().modified().unwrap();
    let t0 = mtime();
    std::thread::sleep(std::time::Duration::from_millis(20));

    let (built, fresh) = pdf_written(&build(dir.path(), &pdf));
    assert!(
        built.is_empty(),
        "nothing changed, nothing rebuilt: {built:?}"
    );
    assert_eq!(fresh, all);
    assert_eq!(mtime(), t0, "the facing PDF was not rewritten");

    let ar = dir.path().join("translations/ar.md");
    let text = std::fs::read_to_string(&ar).unwrap();
    std::fs::write(&ar, text.replacen("أثارت زيارة", "أثارت الزيارة", 1)).unwrap();
    let (built, _) = pdf_written(&build(dir.path(), &pdf));
    assert_eq!(
        built,
        ["pdf/ar.pdf", "pdf/en-ar-facing.pdf", "pdf/en-ar.pdf"]
    );
    assert_eq!(mtime(), t0, "the Russian facing PDF was left alone");

    facing("translation");
    let (built, _) = pdf_written(&build(dir.path(), &pdf));
    assert_eq!(built, ["pdf/en-ar-facing.pdf", "pdf/en-ru-facing.pdf"]);
    assert_ne!(
        mtime(),
        t0,
        "facing_first changed the Russian facing PDF's inputs"
    );

    // `--layout facing` turns them on for one build (back to the default facing_first), and
    // changes no other edition's inputs
    std::fs::write(&toml_path, &toml).unwrap();
    let layout = [&pdf[..], &["--layout", "facing"]].concat();
    let (built, fresh) = pdf_written(&build(dir.path(), &layout));
    assert_eq!(built, ["pdf/en-ar-facing.pdf", "pdf/en-ru-facing.pdf"]);
    assert_eq!(fresh.len(), 5, "{fresh:?}");
}

/// Issue 17: `out/` holds exactly what the manifest lists: after a language leaves the project
/// its editions go (only files stele wrote), and editions of formats not asked for stay listed.
#[test]
fn issue_17_out_holds_what_the_manifest_lists() {
    let dir = article_project();
    let out = dir.path().join("out");
    assert!(build(dir.path(), &[]).status.success());
    std::fs::write(out.join("pdf/notes.pdf"), b"the user's own file").unwrap();
    let config = dir.path().join("source/edition.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("target_langs = [\"ar\", \"ru\"]", "target_langs = [\"ar\"]"),
    )
    .unwrap();
    let o = build(dir.path(), &["--format", "html,pdf"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let files: Vec<String> = snapshot(&out)
        .into_keys()
        .filter(|k| !k.starts_with("ast/") && !k.starts_with("reports/") && k != "manifest.json")
        .collect();
    assert_eq!(
        files,
        [
            "epub/ar.epub",
            "epub/en-ar.epub",
            "epub/en.epub",
            "html/ar.html",
            "html/en.html",
            "html/fonts/Amiri-Bold.ttf",
            "html/fonts/Amiri-Regular.ttf",
            "html/fonts/LibertinusSerif-Bold.otf",
            "html/fonts/LibertinusSerif-BoldItalic.otf",
            "html/fonts/LibertinusSerif-Italic.otf",
            "html/fonts/LibertinusSerif-Regular.otf",
            "html/fonts/OFL-Amiri.txt",
            "html/fonts/OFL-Libertinus.txt",
            "html/parallel.html",
            "pdf/ar.pdf",
            "pdf/en-ar.pdf",
            "pdf/en.pdf",
            "pdf/notes.pdf"
        ]
    );
    assert_eq!(
        manifest_tells_the_truth(&out),
        Ok(17),
        "the EPUBs stay listed; notes.pdf never was"
    );
}
