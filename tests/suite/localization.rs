//! Localization (issues 17 and 18): a project catalog `i18n/<lang>.ftl` for a language stele
//! ships none for, language names and dates from CLDR, the stated publication date only, the
//! credit line in each edition's language, and the interface wording fixes of issue 18.

use crate::common::{self, run_stele};
use std::path::Path;
use std::process::Command;

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn page(root: &Path, name: &str) -> String {
    read(&root.join("out/html").join(name))
}

/// The switcher labels of `pages` as Chromium renders them (tests/browser/switcher-labels.mjs).
fn switcher_labels(root: &Path, pages: &[&str]) -> Option<serde_json::Value> {
    let (chromium, node) = (common::chromium()?, common::node_with_playwright()?);
    let o = Command::new(node)
        .arg(env!("CARGO_MANIFEST_DIR").to_string() + "/tests/browser/switcher-labels.mjs")
        .arg("--chromium")
        .arg(&chromium)
        .args(pages.iter().map(|p| root.join("out/html").join(p)))
        .output()
        .expect("run node");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Some(serde_json::from_slice(&o.stdout).expect("the script prints JSON"))
}

#[test]
fn issue17_french_project_catalog_and_cldr_names_in_every_edition() {
    let project = common::fixture_project("fr-project");
    let root = project.path();
    let (ok, err) = run_stele(root, &["build", "--format", "html,epub,pdf"]);
    assert!(ok, "{err}");
    // The catalog lacks the EPUB landmarks: English, with warnings naming the catalog, never
    // one warning per message.
    let missing: Vec<&str> = err.lines().filter(|l| l.contains("i18n-missing")).collect();
    assert!(!missing.is_empty(), "{err}");
    assert!(
        missing
            .iter()
            .all(|l| l.contains("i18n/fr.ftl lacks") && l.contains("`landmarks`")),
        "{err}"
    );
    assert!(
        !err.contains("i18n-catalog"),
        "fr has a catalog now:\n{err}"
    );

    let fr = page(root, "fr.html");
    assert!(fr.contains("<html lang=\"fr\""), "{fr}");
    assert!(fr.contains(">Sommaire</h2>"), "{fr}");
    assert!(fr.contains("Traduit de l’<bdi>anglais</bdi> par"), "{fr}");
    assert!(
        fr.contains("<time datetime=\"2024-05-01\">1 mai 2024</time>"),
        "{fr}"
    );
    // «Français» (CLDR's autonym, capitalized as a menu label) in every page's switcher; the
    // English page names Arabic by its autonym too.
    for name in ["en.html", "fr.html", "ar.html", "parallel.html"] {
        let p = page(root, name);
        assert!(p.contains(">Français</a>"), "{name}");
        assert!(p.contains(">العربية</a>"), "{name}");
    }
    let ar = page(root, "ar.html");
    assert!(
        ar.contains("<time datetime=\"2024-05-01\">1 أيار\u{2060}/\u{2060}مايو 2024</time>"),
        "{ar}"
    );
    assert!(page(root, "en.html").contains(">May 1, 2024</time>"));

    if let Some(labels) = switcher_labels(root, &["en.html", "fr.html", "ar.html", "parallel.html"])
    {
        for name in ["en.html", "fr.html", "ar.html", "parallel.html"] {
            let links = labels[name]["switcher"].as_array().unwrap();
            let shown: Vec<(&str, &str)> = links
                .iter()
                .filter(|l| !l["hreflang"].is_null() || l["current"] == true)
                .map(|l| (l["text"].as_str().unwrap(), l["lang"].as_str().unwrap()))
                .collect();
            for want in [("English", "en"), ("Français", "fr"), ("العربية", "ar")] {
                assert!(shown.contains(&want), "{name}: {shown:?}");
            }
        }
        assert_eq!(labels["fr.html"]["contents"][0], "Sommaire", "{labels:#}");
        let picker = labels["parallel.html"]["picker"].as_array().unwrap();
        assert!(picker.iter().any(|l| l == "Français"), "{labels:#}");
    }

    // PDF: the credit line and the date in French; the fingerprint only in the metadata.
    if let Some(pdftotext) = common::poppler("pdftotext") {
        let o = Command::new(pdftotext)
            .arg(root.join("out/pdf/fr.pdf"))
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("Publié le 1 mai 2024"), "{text}");
        assert!(text.contains("Traduit de l’anglais"), "{text}");
        assert!(!text.contains("Empreinte"), "{text}");
    }
    for book in ["fr.epub", "en-fr.epub"] {
        if let Some(findings) = common::epubcheck(&root.join("out/epub").join(book)) {
            assert!(findings.is_empty(), "{book}: {findings:#?}");
        }
    }
    let pages: Vec<_> = ["en.html", "fr.html", "ar.html", "parallel.html"]
        .iter()
        .map(|p| root.join("out/html").join(p))
        .collect();
    if let Some(errors) = common::vnu(&pages) {
        assert!(errors.trim().is_empty(), "{errors}");
    }
}

#[test]
fn issue17_changing_the_project_catalog_rebuilds_the_editions() {
    let project = common::fixture_project("fr-project");
    let root = project.path();
    let (ok, err) = run_stele(root, &["build", "--format", "html"]);
    assert!(ok, "{err}");
    assert!(page(root, "fr.html").contains(">Sommaire</h2>"));
    let ftl = root.join("i18n/fr.ftl");
    std::fs::write(
        &ftl,
        read(&ftl).replace("contents = Sommaire", "contents = Table des matières"),
    )
    .unwrap();
    let (ok, err) = run_stele(root, &["build", "--format", "html"]);
    assert!(ok, "{err}");
    assert!(
        page(root, "fr.html").contains(">Table des matières</h2>"),
        "the catalog is an input of the build"
    );
    // Without the catalog: English strings, one warning naming the file to add, CLDR names.
    std::fs::remove_file(&ftl).unwrap();
    let (ok, err) = run_stele(root, &["build", "--format", "html"]);
    assert!(ok, "{err}");
    assert!(err.contains("i18n/fr.ftl"), "{err}");
    let fr = page(root, "fr.html");
    assert!(
        fr.contains(">Contents</h2>") && fr.contains(">Français</a>"),
        "{fr}"
    );
}

#[test]
fn issue18_seed_project_dates_credits_and_wording() {
    let project = common::article_project();
    let root = project.path();
    let (ok, err) = run_stele(root, &["build", "--format", "html"]);
    assert!(ok, "{err}");
    let (ar, ru, en) = (
        page(root, "ar.html"),
        page(root, "ru.html"),
        page(root, "en.html"),
    );
    // edition.toml states no publication date: none is shown (no inferred date).
    for (name, p) in [("ar", &ar), ("ru", &ru), ("en", &en)] {
        assert!(!p.contains("<time"), "{name}: a date is shown");
        assert!(!p.contains("2025-10-18"), "{name}");
    }
    assert!(!ar.contains("تاريخ النشر") && !ru.contains("Дата публикации"));
    // The credit line in the edition's language.
    assert!(ru.contains("Перевод с <bdi>английского</bdi>"), "{ru}");
    assert!(!ru.contains("Язык оригинала"));
    assert!(ar.contains("ترجمة عن <bdi>الإنجليزية</bdi>"), "{ar}");
    // Interface wording: «هذا المقطع» on links, «Этот фрагмент на языке».
    assert!(ar.contains("هذا المقطع باللغة") && !ar.contains("هذه الفقرة باللغة"));
    assert!(ru.contains("Этот фрагмент на языке: ") && !ru.contains("Этот фрагмент: "));
}
