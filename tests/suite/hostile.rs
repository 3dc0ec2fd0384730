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

// Issue 12, hostile input: the smaller items.

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle")
        + 1
}

/// Rewrites `source/article.txt` of a project with `edit`; removes the ID registry so that the
/// IDs are assigned afresh in source order.
fn edit_article(root: &Path, edit: impl Fn(&str) -> String) -> String {
    let path = root.join("source/article.txt");
    let text = edit(&std::fs::read_to_string(&path).unwrap());
    std::fs::write(&path, &text).unwrap();
    let _ = std::fs::remove_file(root.join("source/article.ids.json"));
    text
}

#[test]
fn issue_12_a_missing_references_heading_is_reported() {
    struct Case {
        name: &'static str,
        edit: fn(&str) -> String,
        config: Option<(&'static str, &'static str)>,
        /// The warning's expected `file:line: segment: message`, or `None`: no warning.
        expect: Option<&'static str>,
    }
    let cases = [
        Case {
            name: "heading renamed to Literature",
            edit: |t| t.replace("\nReferences\n", "\nLiterature\n"),
            config: None,
            expect: Some("warning[no-references]: source/article.txt:3: segment p1: no references heading found: 5 `[n]` markers stay text, and 3 paragraphs look like reference entries"),
        },
        Case {
            name: "no list at all, markers in the text",
            edit: |t| t[..t.find("\nReferences\n").unwrap()].to_string(),
            config: None,
            expect: Some("warning[no-references]: source/article.txt:3: segment p1: no references heading found: 5 `[n]` markers stay text\n"),
        },
        Case {
            name: "entries without heading, no markers",
            edit: |t| t.replace("\nReferences\n", "\nLiterature\n").replace(".[1]", ".").replace(".[2]", ".").replace(".[3]", ".").replace("[1][3]", ""),
            config: None,
            expect: Some("no references heading found: 3 paragraphs look like reference entries, kept as body text"),
        },
        Case {
            name: "no markers, no entries",
            edit: |t| t[..t.find("\nReferences\n").unwrap()].replace(".[1]", ".").replace(".[2]", ".").replace(".[3]", ".").replace("[1][3]", ""),
            config: None,
            expect: None,
        },
        Case {
            name: "citations off",
            edit: |t| t.replace("\nReferences\n", "\nLiterature\n"),
            config: Some(("[normalize]\n", "[normalize]\ncitations = false\n")),
            expect: None,
        },
        Case {
            name: "the heading listed",
            edit: |t| t.replace("\nReferences\n", "\nLiterature\n"),
            config: Some(("references_headings = [\"References\"]", "references_headings = [\"Literature\"]")),
            expect: None,
        },
    ];
    for case in &cases {
        let project = fixture_project("align-basic");
        let root = project.path();
        edit_article(root, case.edit);
        if let Some((from, to)) = case.config {
            edit_config(root, from, to);
        }
        let (ok, stderr) = run_stele(root, &["normalize"]);
        let name = case.name;
        assert!(ok, "{name}: {stderr}");
        match case.expect {
            Some(expect) => {
                assert!(stderr.contains(expect), "{name}: {stderr}");
                assert_eq!(
                    stderr.matches("no-references").count(),
                    1,
                    "{name}: {stderr}"
                );
                assert!(
                    stderr.contains("hint: add the reference list's heading to normalize.references_headings in edition.toml (now: \"References\")"),
                    "{name}: {stderr}"
                );
            }
            None => assert!(!stderr.contains("no-references"), "{name}: {stderr}"),
        }
    }
}

#[test]
fn issue_12_reference_numbers_that_do_not_fit_are_errors() {
    for number in ["18446744073709551616", "99999999999", "4294967296", "10000"] {
        let project = fixture_project("align-basic");
        let root = project.path();
        let text = edit_article(root, |t| {
            t.replace("[3] Harbour", &format!("[{number}] Harbour"))
        });
        let line = line_of(&text, "Harbour Authority");
        let (ok, stderr) = run_stele(root, &["normalize"]);
        assert!(!ok, "{number}: must fail");
        assert!(
            stderr.contains(&format!("error[reference-number]: source/article.txt:{line}: reference number {number} is too large\n  hint: entry numbers run from 1 to 9999")),
            "{number}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{number}: {stderr}");
    }
    // Markers too long for any entry stay text, without overflow, in running text.
    for marker in [
        "[99999]",
        "[18446744073709551616]",
        "[4294967296]",
        "[9999]",
    ] {
        let project = fixture_project("align-basic");
        let root = project.path();
        edit_article(root, |t| {
            t.replace(
                "held by the regional archive.[1]",
                &format!("held by the regional archive.[1]{marker}"),
            )
        });
        let (ok, stderr) = run_stele(root, &["normalize"]);
        assert!(ok, "{marker}: {stderr}");
        assert!(!stderr.contains("panicked"), "{marker}: {stderr}");
        let ast = std::fs::read_to_string(root.join("out/ast/en.json")).unwrap();
        assert!(
            ast.contains(&format!("regional archive.{marker}")) || ast.contains(marker),
            "{marker} kept as text"
        );
        if marker == "[9999]" {
            assert!(stderr.contains("warning[unresolved-citation]: source/article.txt:3: segment p1: `[9999]` is kept as text"), "{stderr}");
        }
    }
}

#[test]
fn issue_12_every_glossary_error_is_reported_with_its_line() {
    let project = fixture_project("align-basic");
    let root = project.path();
    let glossary = "colour = \"red\"\n\n[[term]]\nen = \"lighthouse\"\nde = [\"Leuchtturm\"]\nar = 5\n\n[[term]]\nen = \"keeper\"\nde = [\"Wärter\", 7]\nfr = [\"gardien\"]\nnote = 3\n\n[[term]]\nde = [\"Logbuch\"]\n\n[[term]]\nen = [\"logbook\"]\n";
    std::fs::write(root.join("translations/glossary.toml"), glossary).unwrap();
    let (ok, stderr) = run_stele(root, &["align"]);
    assert!(!ok, "a broken glossary is an error");
    // `fr` is a language tag the edition does not have: its renderings are kept, not checked
    // (a language taken out of target_langs keeps its glossary for when it comes back).
    let expected = [
        "translations/glossary.toml:1:1: unknown key `colour` (expected [[term]] tables)",
        "translations/glossary.toml:6:6: term 1: `ar` must be a list of strings, not an integer",
        "translations/glossary.toml:10:17: term 2: `de` must be a list of strings; this item is an integer",
        "translations/glossary.toml:12:8: term 2: `note` must be a string, not an integer",
        "translations/glossary.toml:14:1: term 3 has no `en` (source language) key",
        "translations/glossary.toml:18:6: term 4: `en` must be a string, not an array",
    ];
    let found: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error[glossary]: "))
        .collect();
    assert_eq!(found, expected, "{stderr}");
    // A syntax error does not hide the type errors after it either.
    std::fs::write(
        root.join("translations/glossary.toml"),
        "[[term]]\nen = \"lighthouse\"\nen = \"again\"\n\n[[term]]\nen = \"keeper\"\nar = 5\n",
    )
    .unwrap();
    let (ok, stderr) = run_stele(root, &["align"]);
    assert!(!ok);
    assert!(
        stderr.contains("error[glossary]: translations/glossary.toml:3:"),
        "{stderr}"
    );
    assert!(stderr.contains("error[glossary]: translations/glossary.toml:7:6: term 2: `ar` must be a list of strings, not an integer"), "{stderr}");
}

#[test]
fn issue_12_missing_glyphs_are_reported_once_per_segment() {
    let project = fixture_project("align-basic");
    let root = project.path();
    let cjk: String = (0..30)
        .map(|i| char::from_u32(0x4E00 + i).unwrap())
        .collect();
    edit_article(root, |t| {
        t.replace(
            "the regional archive.[1]",
            &format!("the regional archive {cjk} {cjk}.[1]"),
        )
    });
    let (ok, stderr) = run_stele(root, &["export", "pdf", "--lang", "en"]);
    assert!(!ok, "uncovered characters are an error");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error[pdf-font]"))
        .collect();
    assert_eq!(lines.len(), 1, "one error for the segment: {stderr}");
    assert_eq!(
        lines[0],
        "error[pdf-font]: pdf/en.pdf: [en] segment p1: no font has a glyph for 30 characters (the first on page 1): `一` (U+4E00), `丁` (U+4E01), `丂` (U+4E02), `七` (U+4E03), `丄` (U+4E04), `丅` (U+4E05), `丆` (U+4E06), `万` (U+4E07), `丈` (U+4E08), `三` (U+4E09), and 20 more"
    );
}

#[test]
fn issue_12_max_segment_bytes_limits_source_segments() {
    let long = "word ".repeat(400).trim_end().to_string(); // 1999 bytes
    for (limit, fails) in [(None, false), (Some(5000), false), (Some(1000), true)] {
        let project = fixture_project("align-basic");
        let root = project.path();
        let text = edit_article(root, |t| {
            t.replace(
                "The station had no road until 1936.",
                &format!("The station had no road until 1936. {long}"),
            )
        });
        if let Some(n) = limit {
            edit_config(
                root,
                "[normalize]\n",
                &format!("[normalize]\nmax_segment_bytes = {n}\n"),
            );
        }
        let line = line_of(&text, "The station had");
        let len = text.lines().nth(line - 1).unwrap().trim().len();
        let (ok, stderr) = run_stele(root, &["normalize"]);
        assert_eq!(ok, !fails, "{limit:?}: {stderr}");
        if fails {
            assert!(
                stderr.contains(&format!("error[segment-size]: source/article.txt:{line}: segment p3: segment p3 is {len} bytes, more than max_segment_bytes (1000)\n  hint: split the text")),
                "{stderr}"
            );
            assert_eq!(stderr.matches("segment-size").count(), 1, "{stderr}");
        } else {
            assert!(!stderr.contains("segment-size"), "{stderr}");
        }
    }
    // Not a number: a config error naming the key.
    let project = fixture_project("align-basic");
    edit_config(
        project.path(),
        "[normalize]\n",
        "[normalize]\nmax_segment_bytes = \"big\"\n",
    );
    let (ok, stderr) = run_stele(project.path(), &["normalize"]);
    assert!(
        !ok && stderr.contains("error[config]") && stderr.contains("edition.toml:"),
        "{stderr}"
    );
}
