//! Issue 18: typography. The editions' own fonts (HTML `html/fonts/`, embedded in the EPUBs,
//! listed in the build manifest, drawn by Chromium) and each language's no-break rules, checked
//! on the real article in the HTML text and in `pdftotext -layout` of the PDFs.

use crate::common::*;
use std::path::Path;
use std::process::Command;

/// The control characters `pdftotext` puts around right-to-left and isolated runs (and the word
/// joiner), stripped before lines are compared.
fn strip_controls(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(*c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2060}'))
        .collect()
}

/// `pdftotext -layout` of a PDF, or `None` (with "not checked") without poppler.
fn pdf_lines(pdf: &Path) -> Option<Vec<String>> {
    let tool = poppler("pdftotext")?;
    let o = Command::new(tool)
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(o.status.success(), "pdftotext {} failed", pdf.display());
    let text = strip_controls(&String::from_utf8_lossy(&o.stdout));
    Some(text.lines().map(|l| l.trim().to_string()).collect())
}

fn export(root: &Path, format: &str, langs: &str) {
    let (ok, stderr) = run_stele(root, &["export", format, "--lang", langs]);
    assert!(
        ok && !stderr.contains("error["),
        "export {format} failed:\n{stderr}"
    );
}

#[test]
fn issue18_russian_no_break_rules_hold_in_the_html_and_the_pdf() {
    let project = article_project();
    let md_path = project.path().join("translations/ru.md");
    let md = std::fs::read(&md_path).unwrap();
    export(project.path(), "html", "ru");
    let html = std::fs::read_to_string(project.path().join("out/html/ru.html")).unwrap();
    // the rules of the table hold in the page: a one-letter word, a spaced dash, a year, a date
    for (want, rule) in [
        ("\u{a0}—", "no-break space before a spaced em dash"),
        (" в\u{a0}", "after a one-letter preposition"),
        ("2025\u{a0}года", "between a year and «года»"),
        ("15\u{a0}октября", "between a day and its month"),
    ] {
        assert!(html.contains(want), "ru.html lacks {rule} ({want:?})");
    }
    assert!(
        !html.contains(" — "),
        "ru.html has a breakable space before a dash"
    );
    // the translation file stays as written (the pass is at export time)
    assert_eq!(std::fs::read(&md_path).unwrap(), md);
    assert!(String::from_utf8_lossy(&md).contains(" — "));

    export(project.path(), "pdf", "ru");
    for book in ["ru.pdf", "en-ru.pdf"] {
        let Some(lines) = pdf_lines(&project.path().join("out/pdf").join(book)) else {
            return;
        };
        assert!(lines.len() > 100, "{book}: too little text");
        let dash: Vec<&String> = lines.iter().filter(|l| l.starts_with(['—', '–'])).collect();
        assert!(dash.is_empty(), "{book}: lines start with a dash: {dash:?}");
        // a one-letter word alone at a line end (Roman numerals and list letters aside)
        let one: Vec<&String> = lines
            .iter()
            .filter(|l| {
                let last = l.rsplit(' ').next().unwrap_or("");
                l.contains(' ')
                    && last.chars().count() == 1
                    && last
                        .chars()
                        .all(|c| c.is_alphabetic() && !c.is_ascii_uppercase())
            })
            .collect();
        assert!(
            one.is_empty(),
            "{book}: lines end with a one-letter word: {one:?}"
        );
    }
}

/// An Arabic letter.
fn arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06ff}').contains(&c) && c.is_alphabetic()
}

#[test]
fn issue18_arabic_dates_do_not_split_at_their_slash_in_the_pdf() {
    let project = article_project();
    export(project.path(), "pdf", "ar");
    for book in ["ar.pdf", "en-ar.pdf"] {
        let Some(lines) = pdf_lines(&project.path().join("out/pdf").join(book)) else {
            return;
        };
        // a slash at a line's edge next to an Arabic word: a double month name split
        // (`تشرين الأول/` | `أكتوبر`); URL lines are the URL rule's business
        let split: Vec<&String> = lines
            .iter()
            .filter(|l| !l.contains("http") && !l.contains("www."))
            .filter(|l| {
                let start = l
                    .strip_prefix('/')
                    .map(|r| r.trim_start().starts_with(arabic));
                let end = l.strip_suffix('/').map(|r| r.trim_end().ends_with(arabic));
                start == Some(true) || end == Some(true)
            })
            .collect();
        assert!(
            split.is_empty(),
            "{book}: dates split at the slash: {split:?}"
        );
    }
    // the dates are there to be kept together: «15 تشرين الأول/أكتوبر 2025» of p1
    let lines = pdf_lines(&project.path().join("out/pdf/ar.pdf")).unwrap_or_default();
    if !lines.is_empty() {
        assert!(
            lines.iter().any(|l| l.contains("الأول/أكتوبر")),
            "ar.pdf has no whole double month name"
        );
    }
}

#[test]
fn issue18_fonts_ship_in_html_and_epub_and_are_listed_in_the_manifest() {
    let project = article_project();
    let (ok, stderr) = run_stele(project.path(), &["build", "--format", "html,epub"]);
    assert!(ok, "build failed:\n{stderr}");
    let out = project.path().join("out");
    let html = out.join("html");
    for f in [
        "Amiri-Regular.ttf",
        "LibertinusSerif-Regular.otf",
        "OFL-Amiri.txt",
        "OFL-Libertinus.txt",
    ] {
        assert!(
            html.join("fonts").join(f).is_file(),
            "html/fonts/{f} missing"
        );
    }
    // the shipped bytes are the repository's fonts
    assert_eq!(
        std::fs::read(html.join("fonts/Amiri-Regular.ttf")).unwrap(),
        std::fs::read(root().join("fonts/amiri/Amiri-Regular.ttf")).unwrap()
    );
    let ar = std::fs::read_to_string(html.join("ar.html")).unwrap();
    assert!(ar.contains("src: url(\"fonts/Amiri-Regular.ttf\") format(\"truetype\")"));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let listed: Vec<&str> = manifest["editions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["path"].as_str())
        .collect();
    assert!(
        listed.contains(&"html/fonts/Amiri-Regular.ttf"),
        "{listed:?}"
    );
    assert!(listed.contains(&"html/fonts/LibertinusSerif-Regular.otf"));
    // EPUB: Amiri in the Arabic books only, declared in the OPF
    for (book, amiri) in [("ar", true), ("en-ar", true), ("ru", false)] {
        let path = out.join(format!("epub/{book}.epub"));
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut opf = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("EPUB/package.opf").unwrap(), &mut opf)
            .unwrap();
        assert!(opf.contains("href=\"fonts/LibertinusSerif-Regular.otf\" media-type=\"font/otf\""));
        assert_eq!(
            opf.contains("href=\"fonts/Amiri-Regular.ttf\" media-type=\"font/ttf\""),
            amiri,
            "{book}"
        );
        assert_eq!(zip.by_name("EPUB/fonts/Amiri-Regular.ttf").is_ok(), amiri);
        if let Some(messages) = epubcheck(&path) {
            assert!(messages.is_empty(), "epubcheck {book}: {messages:?}");
        }
    }
    let pages: Vec<std::path::PathBuf> = ["ar.html", "ru.html", "parallel.html"]
        .iter()
        .map(|p| html.join(p))
        .collect();
    if let Some(report) = vnu(&pages) {
        assert!(report.trim().is_empty(), "vnu: {report}");
    }
}

#[test]
fn issue18_chromium_draws_arabic_in_the_shipped_amiri() {
    let project = article_project();
    export(project.path(), "html", "en,ar,ru");
    let (Some(chromium), Some(node)) = (chromium(), node_with_playwright()) else {
        return;
    };
    let o = Command::new(node)
        .arg(root().join("tests/browser/fonts-check.mjs"))
        .arg("--chromium")
        .arg(chromium)
        .arg("--dir")
        .arg(project.path().join("out/html"))
        .args([
            "--pages",
            "ar:Amiri,ru:Libertinus Serif,en:Libertinus Serif",
        ])
        .output()
        .expect("run node");
    let report =
        String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() && !report.contains("FAIL"), "{report}");
    assert!(
        report.contains("ok ar: the first paragraph is drawn in the shipped Amiri"),
        "{report}"
    );
}
