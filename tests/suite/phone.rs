//! Issue 18: the HTML editions at phone width (375 CSS px, Chromium): no page scrolls sideways,
//! no element reaches past the edges, the running text stays at a reading size and the parallel
//! page's column picker fits (tests/browser/phone-width.mjs).

use crate::common::*;
use std::process::Command;

#[test]
fn issue18_phone_width_pages_have_no_horizontal_overflow_at_375_px() {
    let project = article_project();
    let (ok, err) = run_stele(project.path(), &["export", "html", "--lang", "en,ar,ru"]);
    assert!(ok && !err.contains("error["), "{err}");
    let (Some(chromium), Some(node)) = (chromium(), node_with_playwright()) else {
        return;
    };
    let o = Command::new(node)
        .arg(root().join("tests/browser/phone-width.mjs"))
        .arg("--chromium")
        .arg(chromium)
        .arg("--dir")
        .arg(project.path().join("out/html"))
        .args(["--pages", "ar.html,ru.html,en.html,parallel.html"])
        .output()
        .expect("run node");
    let report =
        String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() && !report.contains("FAIL"), "{report}");
    // Every check ran on every page (a page that failed to load would print nothing).
    for page in ["ar.html", "ru.html", "en.html", "parallel.html"] {
        assert!(
            report.contains(&format!("ok {page}: no horizontal scrolling at 375 px")),
            "{report}"
        );
    }
    assert!(
        report.contains("ok parallel.html: the column picker fits the width"),
        "{report}"
    );
}
