//! Issue 12: hostile projects. Paths from a project (edition.toml keys, symlinks in `source/` and
//! `translations/`) must not make stele read, publish or rewrite files outside the project, and
//! writes must not cut a symlink or replace a read-only file; `--allow-outside` lifts the path check.
#![cfg(unix)]

use crate::common::{fixture_project, run_stele};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A unique text: if it shows up in a published page, a file outside the project leaked.
const SENTINEL: &str = "Sentinel Keepers SENTINELTWELVE";

/// One hostile set-up and what stele must do with it.
struct Case {
    name: &'static str,
    /// Makes the project hostile; gets the project root and the outside directory.
    setup: fn(&Path, &Path),
    args: &'static [&'static str],
    /// `None`: the command must succeed; else the diagnostic code it must fail with.
    code: Option<&'static str>,
    /// What stderr must name (the config key, or the file refused).
    names: &'static str,
    /// Further checks on the project after the run.
    check: fn(&Path),
}

const BUILD: &[&str] = &["build", "--format", "html"];
const SYNC_AR: &[&str] = &["sync", "--lang", "ar"];

#[test]
fn issue_12_paths_outside_the_project_are_refused() {
    let cases = [
        Case {
            name: "absolute source path",
            setup: |root, outside| set_source(root, &sentinel(outside).display().to_string()),
            args: BUILD,
            code: Some("path-outside"),
            names: "document.source",
            check: |_| {},
        },
        Case {
            name: "../ source path",
            setup: |root, outside| {
                set_source(root, &dotdot_to(&root.join("source"), &sentinel(outside)))
            },
            args: BUILD,
            code: Some("path-outside"),
            names: "document.source",
            check: |_| {},
        },
        Case {
            name: "symlinked source/article.txt pointing outside",
            setup: |root, outside| {
                symlink_over(&sentinel(outside), &root.join("source/article.txt"))
            },
            args: BUILD,
            code: Some("path-outside"),
            names: "document.source",
            check: |_| {},
        },
        Case {
            // The registry is written back on every build: a link out would be read and replaced.
            name: "symlinked ID registry pointing outside",
            setup: |root, outside| {
                let theirs = outside.join("article.ids.json");
                std::fs::copy(root.join("source/article.ids.json"), &theirs).unwrap();
                symlink_over(&theirs, &root.join("source/article.ids.json"));
            },
            args: BUILD,
            code: Some("path-outside"),
            names: "ID registry of document.source",
            check: |_| {},
        },
        Case {
            name: "absolute glossary",
            setup: |root, outside| {
                edit_config(
                    root,
                    "glossary = \"glossary.toml\"",
                    &format!("glossary = {:?}", sentinel(outside)),
                )
            },
            args: BUILD,
            code: Some("path-outside"),
            names: "align.glossary",
            check: |_| {},
        },
        Case {
            // sync would rewrite another project's translation file.
            name: "align.files pointing into another project, then sync",
            setup: |root, outside| {
                let theirs = outside.join("ar.md");
                std::fs::write(&theirs, without_p3()).unwrap();
                edit_config(
                    root,
                    "[align]\n",
                    &format!("[align]\nfiles = {{ ar = {theirs:?} }}\n"),
                );
            },
            args: SYNC_AR,
            code: Some("path-outside"),
            names: "align.files.ar",
            check: |_| {},
        },
        Case {
            // A link inside the project may be read, but replacing it by rename would cut it.
            name: "symlinked translations/ar.md pointing inside, then sync",
            setup: |root, _| {
                let real = root.join("translations/ar-real.md");
                std::fs::write(&real, without_p3()).unwrap();
                symlink_over(&real, &root.join("translations/ar.md"));
                let (ok, err) = run_stele(root, &["status"]);
                assert!(ok, "a link inside the project is readable: {err}");
            },
            args: SYNC_AR,
            code: Some("symlinked-file"),
            names: "align.files",
            check: |root| {
                let link = root.join("translations/ar.md");
                assert!(
                    link.symlink_metadata().unwrap().file_type().is_symlink(),
                    "the link stays a link"
                );
                let real = std::fs::read_to_string(root.join("translations/ar-real.md")).unwrap();
                assert_eq!(real, without_p3(), "the linked file is unchanged");
            },
        },
        Case {
            // Someone protected the file: sync must not replace it (a rename ignores the mode).
            name: "mode-444 translation file, then sync",
            setup: |root, _| {
                let ar = root.join("translations/ar.md");
                std::fs::write(&ar, without_p3()).unwrap();
                set_mode(&ar, 0o444);
            },
            args: SYNC_AR,
            code: Some("read-only-file"),
            names: "translations/ar.md",
            check: |root| {
                let ar = root.join("translations/ar.md");
                assert_eq!(
                    std::fs::read_to_string(&ar).unwrap(),
                    without_p3(),
                    "file unchanged"
                );
                assert_eq!(mode(&ar), 0o444, "still read-only");
            },
        },
        Case {
            // The user lifts the check knowingly: the outside source is read (and published).
            name: "--allow-outside with an absolute source path",
            setup: |root, outside| set_source(root, &sentinel(outside).display().to_string()),
            args: &["--allow-outside", "build", "--format", "html"],
            code: None,
            names: "",
            check: |root| assert!(published(root), "the outside source is built"),
        },
    ];
    for case in &cases {
        run_case(case);
    }
}

/// Sets the case up, runs it and asserts the outcome, the outside directory untouched and, for a
/// refusal, nothing of the sentinel published.
fn run_case(case: &Case) {
    let project = fixture_project("align-basic");
    let outside = tempfile::tempdir().unwrap();
    let (root, outside) = (canonical(project.path()), canonical(outside.path()));
    std::fs::write(sentinel(&outside), sentinel_text(&root)).unwrap();
    (case.setup)(&root, &outside);
    let before = snapshot(&outside);
    let (ok, stderr) = run_stele(&root, case.args);
    let name = case.name;
    match case.code {
        None => assert!(ok, "{name}: must succeed: {stderr}"),
        Some(code) => {
            assert!(!ok, "{name}: must fail");
            assert!(
                stderr.contains(&format!("error[{code}]")),
                "{name}: {code}: {stderr}"
            );
            assert!(
                stderr.contains(case.names),
                "{name}: names {}: {stderr}",
                case.names
            );
            assert!(!published(&root), "{name}: the sentinel was published");
        }
    }
    assert!(
        snapshot(&outside) == before,
        "{name}: a file outside the project changed"
    );
    (case.check)(&root);
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap()
}

fn sentinel(outside: &Path) -> PathBuf {
    outside.join("sentinel.txt")
}

/// A valid article (so that `--allow-outside` can build it) whose title is the sentinel.
fn sentinel_text(root: &Path) -> String {
    let article = std::fs::read_to_string(root.join("source/article.txt")).unwrap();
    let title = article.lines().next().unwrap();
    article.replacen(title, SENTINEL, 1)
}

/// Whether any published HTML page contains the sentinel.
fn published(root: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(root.join("out/html")) else {
        return false;
    };
    entries.flatten().any(|e| {
        e.path().extension().is_some_and(|x| x == "html")
            && std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains(SENTINEL))
    })
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let p = e.path();
            let mtime = p.metadata().unwrap().modified().unwrap();
            (p.clone(), std::fs::read(&p).unwrap(), mtime)
        })
        .collect();
    files.sort();
    files
}

fn edit_config(root: &Path, from: &str, to: &str) {
    let path = root.join("source/edition.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "fixture config has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn set_source(root: &Path, source: &str) {
    edit_config(
        root,
        "source = \"article.txt\"",
        &format!("source = {source:?}"),
    );
}

/// A relative path from `dir` up to `/` and down to `target`: `../../…/tmp/x/sentinel.txt`.
fn dotdot_to(dir: &Path, target: &Path) -> String {
    let up = "../".repeat(dir.components().count() - 1);
    format!("{up}{}", target.strip_prefix("/").unwrap().display())
}

/// The fixture's Arabic file without its `p3` div, so that `sync` has something to write.
fn without_p3() -> String {
    let fixture = crate::common::root().join("tests/fixtures/align-basic/translations/ar.md");
    let text = std::fs::read_to_string(fixture).unwrap();
    let start = text.find("::: {#p3 ").expect("fixture has p3");
    let end = start + text[start..].find("\n:::\n").unwrap() + "\n:::\n".len();
    format!("{}{}", &text[..start], &text[end..])
}

fn symlink_over(target: &Path, link: &Path) {
    let _ = std::fs::remove_file(link);
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    path.metadata().unwrap().permissions().mode() & 0o777
}
