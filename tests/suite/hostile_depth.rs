//! Issue 12, item 2: markup nested thousands of levels deep in a translation overflowed the stack
//! (SIGABRT, every edition of the build lost). Now the reader refuses markup nested deeper than
//! `stele::pandoc::MAX_DEPTH` (256) with `error[nesting]`, reads that segment as plain text, and
//! nothing recurses without bound. The test binary runs with the default 2 MiB thread stack.

use crate::common::{fixture_project, stele};
use std::path::Path;

/// `depth` levels of one nesting kind around `x`.
fn nest(kind: &str, depth: usize) -> String {
    let (open, close): (&str, &str) = match kind {
        "span" => ("[", "]{lang=ru}"),
        "link" => ("[", "](https://x)"),
        // Pandoc reads a run of k stars as about k/2 nested emphasis levels.
        "emphasis" => ("*", "*"),
        "strong" => ("**", "**"),
        _ => unreachable!(),
    };
    format!("{}x{}", open.repeat(depth), close.repeat(depth))
}

/// Spans and links alternating, `depth` levels in all.
fn mixed(depth: usize) -> String {
    let mut open = String::new();
    let mut close = Vec::new();
    for k in 0..depth {
        open.push('[');
        close.push(if k % 2 == 0 {
            "]{lang=ru}"
        } else {
            "](https://x)"
        });
    }
    close.reverse();
    format!("{open}x{}", close.concat())
}

/// Replaces the text of segment p2 in translations/ar.md with `text` (and the `[2]` citation the
/// source's p2 has, so the only finding is about nesting); returns the text's line.
fn put_p2(root: &Path, text: &str) -> usize {
    let path = root.join("translations/ar.md");
    let src = std::fs::read_to_string(&path).unwrap();
    let start = src.find("::: {#p2").expect("p2 div");
    let body = start + src[start..].find('\n').unwrap() + 1;
    let end = body + src[body..].find("\n:::").unwrap();
    let line = src[..body].matches('\n').count() + 1;
    std::fs::write(&path, format!("{}{text} [2]{}", &src[..body], &src[end..])).unwrap();
    line
}

/// Runs `stele build --format FORMATS`; returns (exit code, stderr). A signal (stack overflow
/// abort) gives no exit code; 101 is a Rust panic.
fn build(root: &Path, formats: &str) -> (Option<i32>, String) {
    let o = stele()
        .arg("--root")
        .arg(root)
        .args(["build", "--format", formats, "--quiet"])
        .output()
        .expect("run stele");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn issue_12_deep_nesting_is_an_error_not_a_crash() {
    let cases: Vec<(&str, String)> = vec![
        ("span", nest("span", 10_000)),
        ("link", nest("link", 10_000)),
        ("emphasis", nest("emphasis", 10_000)),
        ("strong", nest("strong", 10_000)),
        ("mixed", mixed(10_000)),
    ];
    for (kind, text) in cases {
        let dir = fixture_project("align-basic");
        let line = put_p2(dir.path(), &text);
        let (code, stderr) = build(dir.path(), "html,epub");
        assert!(
            code.is_some() && code != Some(101),
            "{kind}: killed or panicked ({code:?}): {stderr}"
        );
        assert_ne!(code, Some(0), "{kind}: an error fails the build");
        let expected = format!(
            "error[nesting]: translations/ar.md:{line}: [ar] segment p2: markup nested deeper than 256 levels"
        );
        assert!(stderr.contains(&expected), "{kind}: {stderr}");
        // One finding, plus (issue 17) the `refused` error saying that Arabic is left out of
        // the build while the source and German are built.
        assert_eq!(
            stderr.matches("error[").count() - stderr.matches("error[refused]").count(),
            1,
            "{kind}: one error: {stderr}"
        );
        assert!(
            stderr.contains("error[refused]: translations/ar.md: [ar] `ar` is left out"),
            "{kind}: {stderr}"
        );
        assert!(
            dir.path().join("out/html/de.html").exists()
                && !dir.path().join("out/html/ar.html").exists()
        );
        // The rest is still read: `stele status` (which writes nothing) counts every segment of
        // both languages.
        let st = stele()
            .arg("--root")
            .arg(dir.path())
            .arg("status")
            .output()
            .unwrap();
        assert!(st.status.code().is_some_and(|c| c != 101), "{kind}: status");
        let table = String::from_utf8_lossy(&st.stdout);
        for lang in ["de", "ar"] {
            assert!(
                table
                    .lines()
                    .any(|l| l.starts_with(lang) && l.contains("17")),
                "{kind}: {table}"
            );
        }
    }
}

#[test]
fn issue_12_nesting_under_the_limit_builds() {
    for text in [
        nest("span", 200),
        nest("link", 200),
        mixed(200),
        nest("strong", 200),
    ] {
        let dir = fixture_project("align-basic");
        put_p2(dir.path(), &text);
        // PDF too: Typst refuses deep nesting itself, so its writer sets containers past
        // MAX_TYPST_NESTING as plain text (a `pdf-nesting` warning), and the PDFs still build.
        let (code, stderr) = build(dir.path(), "html,epub,pdf");
        assert_eq!(code, Some(0), "{stderr}");
        assert!(!stderr.contains("error["), "{stderr}");
        for f in [
            "html/en.html",
            "html/de.html",
            "html/ar.html",
            "epub/ar.epub",
            "epub/en-ar.epub",
        ] {
            assert!(dir.path().join("out").join(f).exists(), "{f}");
        }
    }
}
