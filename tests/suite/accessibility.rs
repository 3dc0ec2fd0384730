//! Issue 21: accessible editions, checked by the real checkers: Ace by DAISY on every EPUB,
//! axe-core (WCAG 2.2 AA + best practice; light, dark, phone width) on every HTML page and the
//! alignment report, PyPI `pdfua` on every PDF built with default options (PDF/UA-1).

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const BOOKS: [&str; 5] = ["en", "ar", "ru", "en-ar", "en-ru"];

/// `stele build --format FORMAT [extra]` of the real article into `<project>/out`.
fn build(project: &Path, format: &str, extra: &[&str]) -> PathBuf {
    let mut args = vec!["build", "--quiet", "--format", format];
    args.extend_from_slice(extra);
    let (ok, stderr) = run_stele(project, &args);
    assert!(ok, "stele build --format {format} failed:\n{stderr}");
    assert!(!stderr.contains("error["), "{stderr}");
    project.join("out")
}

/// The file `name` inside the EPUB at `book`.
fn epub_entry(book: &Path, name: &str) -> String {
    let bytes = std::fs::read(book).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
    s
}

/// Ace's `report.json` for one book (`None` without Ace or chromium).
fn ace(book: &Path) -> Option<serde_json::Value> {
    let chromium = chromium()?;
    let ace = ace_puppeteer()?;
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(ace)
        .env("PUPPETEER_EXECUTABLE_PATH", &chromium)
        .args(["-f", "-s", "-o"])
        .arg(dir.path())
        .arg(book)
        .output()
        .expect("run ace-puppeteer");
    let report = std::fs::read(dir.path().join("report.json")).unwrap_or_else(|_| {
        panic!(
            "Ace wrote no report for {}:\n{}{}",
            book.display(),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    Some(serde_json::from_slice(&report).unwrap())
}

/// Every violation Ace reports: `file rule (impact)`.
fn ace_violations(report: &serde_json::Value) -> Vec<String> {
    let mut found = Vec::new();
    for doc in report["assertions"].as_array().into_iter().flatten() {
        for a in doc["assertions"].as_array().into_iter().flatten() {
            found.push(format!(
                "{} {} ({})",
                doc["earl:testSubject"]["url"].as_str().unwrap_or("?"),
                a["earl:test"]["dct:title"].as_str().unwrap_or("?"),
                a["earl:test"]["earl:impact"].as_str().unwrap_or("?")
            ));
        }
    }
    found
}

#[test]
fn issue21_every_epub_passes_ace_by_daisy() {
    let project = article_project();
    let out = build(project.path(), "epub", &[]);
    for name in BOOKS {
        let book = out.join(format!("epub/{name}.epub"));
        let Some(report) = ace(&book) else { return };
        let violations = ace_violations(&report);
        assert!(
            violations.is_empty(),
            "{name}.epub: Ace reports {} violations:\n{}",
            violations.len(),
            violations.join("\n")
        );
        assert_eq!(report["earl:result"]["earl:outcome"], "pass", "{name}.epub");
        let present = report["a11y-metadata"]["present"].to_string();
        for property in ["schema:accessibilitySummary", "dcterms:conformsTo"] {
            assert!(present.contains(property), "{name}.epub: {property}");
        }
    }
}

#[test]
fn issue21_package_claims_conformance_with_a_localized_summary() {
    let project = article_project();
    let out = build(project.path(), "epub", &[]);
    let opf = |name: &str| epub_entry(&out.join(format!("epub/{name}.epub")), "EPUB/package.opf");
    let summary = |opf: &str| -> String {
        let start = "<meta property=\"schema:accessibilitySummary\">";
        let at = opf.find(start).expect("an accessibility summary") + start.len();
        opf[at..at + opf[at..].find("</meta>").unwrap()].to_string()
    };
    for name in BOOKS {
        let o = opf(name);
        assert!(
            o.contains("<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>"),
            "{name}"
        );
        for feature in ["structuralNavigation", "tableOfContents", "readingOrder"] {
            assert!(
                o.contains(&format!(
                    "<meta property=\"schema:accessibilityFeature\">{feature}</meta>"
                )),
                "{name}: {feature}"
            );
        }
        // no page list in the books, so no claim of one
        assert!(
            !o.contains("pageNavigation") && !o.contains("pageBreakMarkers"),
            "{name}"
        );
    }
    assert!(summary(&opf("en")).starts_with("This publication meets EPUB Accessibility 1.1"));
    assert!(
        summary(&opf("ar")).starts_with("يستوفي هذا المنشور"),
        "{}",
        summary(&opf("ar"))
    );
    assert!(
        summary(&opf("ru")).starts_with("Издание соответствует"),
        "{}",
        summary(&opf("ru"))
    );
    // a bilingual book says how its languages are ordered, in its primary language
    assert!(summary(&opf("en-ar")).ends_with(
        "Each passage is followed by its Arabic translation, and this is also the reading order."
    ));
    assert!(summary(&opf("en-ru")).contains("its Russian translation"));
    // citations: the epub:type matching their ARIA role
    let h1 = epub_entry(&out.join("epub/en.epub"), "EPUB/h1.xhtml");
    assert!(h1.contains("epub:type=\"biblioref\" role=\"doc-biblioref\""));
    assert!(!h1.contains("noteref"));
}

/// Runs tests/browser/axe-check.mjs on `pages`; returns (success, report).
fn axe(pages: &[PathBuf]) -> Option<(bool, String)> {
    let chromium = chromium()?;
    let node = node_with_axe()?;
    let o = Command::new(node)
        .arg(root().join("tests/browser/axe-check.mjs"))
        .arg("--chromium")
        .arg(&chromium)
        .args(pages)
        .output()
        .expect("run node");
    let report =
        String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    Some((o.status.success(), report))
}

#[test]
fn issue21_every_html_page_passes_axe_in_light_dark_and_phone_width() {
    let project = article_project();
    let out = build(project.path(), "html", &[]);
    let mut pages: Vec<PathBuf> = ["en", "ar", "ru", "parallel"]
        .iter()
        .map(|p| out.join(format!("html/{p}.html")))
        .collect();
    pages.push(out.join("reports/alignment.html"));
    let Some((ok, report)) = axe(&pages) else {
        return;
    };
    assert!(ok, "axe-core reports violations:\n{report}");
    assert!(report.contains("\nviolations 0\n"), "{report}");
    // every page in each of the four settings
    assert_eq!(
        report.lines().filter(|l| l.starts_with("ok ")).count(),
        4 * pages.len(),
        "{report}"
    );
}

#[test]
fn issue21_axe_check_fails_on_a_link_told_apart_by_colour_alone() {
    // the harness itself: a page with the defect the HTML editions had must fail
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title>\
         <style>a { color: #0a4f96; text-decoration: none; }</style></head><body><main><h1>t</h1>\
         <p>Some running text with a citation<a href=\"#r\">[1]</a> inside it, and more text.</p>\
         <p id=\"r\">reference</p></main></body></html>",
    )
    .unwrap();
    let Some((ok, report)) = axe(&[page]) else {
        return;
    };
    assert!(!ok, "{report}");
    assert!(report.contains("link-in-text-block (serious)"), "{report}");
}

/// `pdfua check` on one PDF: (exit success, report).
fn pdfua_check(pdf: &Path) -> Option<(bool, String)> {
    let o = Command::new(pdfua()?)
        .arg("check")
        .arg(pdf)
        .output()
        .expect("run pdfua");
    let report =
        String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    Some((o.status.success(), report))
}

#[test]
fn issue21_pdfs_are_pdf_ua_1_by_default_and_pass_pdfua() {
    let project = article_project();
    let out = build(project.path(), "pdf", &[]);
    for name in BOOKS {
        let pdf = out.join(format!("pdf/{name}.pdf"));
        let Some((ok, report)) = pdfua_check(&pdf) else {
            return;
        };
        assert!(ok, "{name}.pdf:\n{report}");
        assert!(
            report.contains("errors=0 warnings=0"),
            "{name}.pdf:\n{report}"
        );
        if let Some(pdfinfo) = poppler("pdfinfo") {
            let o = Command::new(pdfinfo)
                .arg("-meta")
                .arg(&pdf)
                .output()
                .unwrap();
            let meta = String::from_utf8_lossy(&o.stdout);
            assert!(
                meta.contains("<pdfuaid:part>1</pdfuaid:part>"),
                "{name}.pdf: PDF/UA-1"
            );
        }
    }
}

#[test]
fn issue21_pdf_standard_none_opts_out_of_pdf_ua() {
    let project = article_project();
    let out = build(
        project.path(),
        "pdf",
        &["--lang", "ru", "--pdf-standard", "none"],
    );
    let pdf = out.join("pdf/ru.pdf");
    let Some(pdfinfo) = poppler("pdfinfo") else {
        return;
    };
    let o = Command::new(pdfinfo)
        .arg("-meta")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("pdfuaid"),
        "no PDF/UA claim"
    );
    if let Some((ok, report)) = pdfua_check(&pdf) {
        assert!(
            !ok && report.contains("UA-28-004"),
            "pdfua sees no claim:\n{report}"
        );
    }
}
