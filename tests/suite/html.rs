//! Issue 5: the HTML editions of the real article, checked by the Nu Html Checker (vnu) and in
//! headless Chromium (tests/browser/html-check.mjs), plus escaping and reproducibility.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const PAGES: [&str; 4] = ["en.html", "ar.html", "ru.html", "parallel.html"];

/// `stele export html` on a project; panics with the diagnostics when it fails.
fn export_html(root: &Path, out: &Path) -> PathBuf {
    let o = stele()
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(["export", "html"])
        .output()
        .expect("run stele");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "stele export html failed:\n{stderr}");
    assert!(!stderr.contains("error["), "{stderr}");
    out.join("html")
}

fn vnu(dir: &Path) {
    let files: Vec<PathBuf> = PAGES.iter().map(|p| dir.join(p)).collect();
    if let Some(report) = crate::common::vnu(&files) {
        assert!(report.trim().is_empty(), "vnu reports errors:\n{report}");
    }
}

/// Runs the browser checks; returns their report.
fn browser(dir: &Path, extra: &[&str]) -> Option<String> {
    let chromium = chromium()?;
    let node = node_with_playwright()?;
    let o = Command::new(node)
        .arg(root().join("tests/browser/html-check.mjs"))
        .arg("--chromium")
        .arg(&chromium)
        .arg("--dir")
        .arg(dir)
        .args(["--langs", "en,ar,ru", "--rtl", "ar"])
        .args(extra)
        .output()
        .expect("run node");
    let report =
        String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "browser checks failed:\n{report}");
    assert!(!report.contains("FAIL"), "{report}");
    Some(report)
}

#[test]
fn issue5_article_pages_pass_the_nu_html_checker() {
    let project = article_project();
    let dir = export_html(project.path(), &project.path().join("out"));
    for p in PAGES {
        assert!(dir.join(p).is_file(), "{p} not written");
    }
    vnu(&dir);
}

#[test]
fn issue5_article_pages_in_headless_chromium() {
    let project = article_project();
    let dir = export_html(project.path(), &project.path().join("out"));
    // Screenshots land in the repository's out/screenshots for people to look at.
    let shots = root().join("out/screenshots");
    let shots = shots.to_str().expect("utf-8 path");
    if let Some(report) = browser(&dir, &["--shots", shots]) {
        for must in [
            "ok parallel: every segment's cells start within 1px",
            "ok parallel: ar column direction is rtl",
            "lands in the viewport",
            "ok javascript off: every segment of every language is shown",
            "ok narrow screen",
            "ok no request leaves the pages",
            "ok parallel.html: text contrast at least 4.5:1",
            "ok ar.html: rtl throughout",
            "ok javascript off: unticking ru hides its column only",
        ] {
            assert!(
                report.contains(must),
                "check `{must}` did not run:\n{report}"
            );
        }
        eprintln!("{report}");
    }
}

#[test]
fn issue5_markup_in_a_translation_shows_as_text_everywhere() {
    let project = article_project();
    let file = project.path().join("translations/ar.md");
    let md = std::fs::read_to_string(&file).unwrap();
    let evil = "<script>alert(1)</script> \" onload=alert(2) ";
    // Prepend to the text of segment p1 (the line after its fence).
    let at = md.find("::: {#p1 ").expect("p1 div");
    let line_end = at + md[at..].find('\n').unwrap() + 1;
    let md = format!("{}{evil}{}", &md[..line_end], &md[line_end..]);
    std::fs::write(&file, md).unwrap();
    let dir = export_html(project.path(), &project.path().join("out"));
    for p in ["ar.html", "parallel.html"] {
        let page = std::fs::read_to_string(dir.join(p)).unwrap();
        assert!(
            text_of(&page).contains("<script>alert(1)</script> \" onload=alert(2)"),
            "{p}: the markup is not shown as text"
        );
        assert!(!page.contains("<script>alert"), "{p}");
    }
    vnu(&dir);
    browser(&dir, &["--xss", "ar,parallel"]);
}

/// The text of a page: tags dropped, the five escapes undone.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn issue5_the_same_edition_built_twice_is_byte_identical() {
    let project = article_project();
    let a = export_html(project.path(), &project.path().join("out-a"));
    let b = export_html(project.path(), &project.path().join("out-b"));
    for p in PAGES {
        let x = std::fs::read(a.join(p)).unwrap();
        let y = std::fs::read(b.join(p)).unwrap();
        assert!(x == y, "{p} differs between two builds");
        assert!(x.len() > 10_000, "{p} is suspiciously small");
    }
}

#[test]
fn issue5_export_html_for_chosen_languages() {
    let project = article_project();
    let out = project.path().join("out");
    let o = stele()
        .arg("--root")
        .arg(project.path())
        .arg("--out")
        .arg(&out)
        .args(["export", "html", "--lang", "ru,en"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut names: Vec<String> = std::fs::read_dir(out.join("html"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // the pages, and the fonts they use (issue 18)
    assert_eq!(names, ["en.html", "fonts", "parallel.html", "ru.html"]);
    let o = stele()
        .arg("--root")
        .arg(project.path())
        .args(["export", "html", "--lang", "xx_YY"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("error[lang]") && stderr.contains("xx_YY"),
        "{stderr}"
    );
}
