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
    // The catalog lacks the EPUB landmarks: English, with ONE warning naming the catalog —
    // neither one per message nor one per format that asked for it.
    let missing: Vec<&str> = err.lines().filter(|l| l.contains("i18n-missing")).collect();
    assert_eq!(missing.len(), 1, "{err}");
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
    assert!(
        fr.contains(" lang=\"fr\" xml:lang=\"fr\" dir=\"ltr\">\n<head>"),
        "{fr}"
    );
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
        fr.contains("><span lang=\"en\" xml:lang=\"en\" dir=\"ltr\">Contents</span></h2>")
            && fr.contains(">Français</a>"),
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

/// The text of a PDF, lines joined by spaces; `None` without poppler.
fn pdf_text(pdf: &Path) -> Option<String> {
    let o = Command::new(common::poppler("pdftotext")?)
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    Some(String::from_utf8_lossy(&o.stdout).replace('\n', " "))
}

/// The text entries of an EPUB (`.xhtml`, `.opf`), by name.
fn epub_texts(book: &Path) -> Vec<(String, String)> {
    let f = std::fs::File::open(book).unwrap();
    let mut zip = zip::ZipArchive::new(f).unwrap();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let name = e.name().to_string();
        if name.ends_with(".xhtml") || name.ends_with(".opf") {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut e, &mut s).unwrap();
            out.push((name, s));
        }
    }
    out
}

/// The content documents of an EPUB (not the navigation), joined.
fn epub_content(book: &Path) -> String {
    epub_texts(book)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".xhtml") && !n.ends_with("nav.xhtml"))
        .map(|(_, t)| t)
        .collect()
}

#[test]
fn issue18_stale_label_under_policy_source_says_outdated_not_untranslated() {
    let project = common::fixture_project("fr-project");
    let root = project.path();
    // fr and ar p3 made from an older source text (policy `source`: the English stands in);
    // fr p4 not translated at all.
    for lang in ["fr", "ar"] {
        let p = root.join(format!("translations/{lang}.md"));
        let t = read(&p).replace(
            "::: {#p3 source=\"5dd3cd51452d\"}",
            "::: {#p3 source=\"000000000000\"}",
        );
        std::fs::write(&p, t).unwrap();
    }
    let p = root.join("translations/fr.md");
    let fr = read(&p);
    let start = fr.find("::: {#p4 ").expect("fr p4");
    let end = start + fr[start..].find("\n:::\n").unwrap() + 5;
    std::fs::write(&p, format!("{}{}", &fr[..start], &fr[end..])).unwrap();
    let (ok, err) = run_stele(root, &["build", "--format", "html,epub,pdf"]);
    assert!(ok, "{err}");

    let fr = page(root, "fr.html");
    assert!(
        fr.contains("<div id=\"p3\" class=\"paragraph status-stale-source\" data-status=\"stale-source\" lang=\"en\""),
        "{fr}"
    );
    assert!(fr.contains("Traduction non à jour : l’original (<bdi>anglais</bdi>) a changé"));
    assert!(
        fr.contains("<div id=\"p4\" class=\"paragraph status-untranslated\" data-status=\"untranslated\" lang=\"en\""),
        "a missing translation keeps its own label"
    );
    assert_eq!(fr.matches("Pas encore traduit").count(), 1, "{fr}");
    let ar = page(root, "ar.html");
    assert!(ar.contains("data-status=\"stale-source\""), "{ar}");
    assert!(ar.contains("ترجمة غير محدَّثة: تغيّر النص الأصلي"), "{ar}");
    assert!(!ar.contains("لم تُترجم بعد"), "{ar}");

    // EPUB: the same attribute and label in the book and in the bilingual one.
    let book = epub_content(&root.join("out/epub/ar.epub"));
    assert!(book.contains("data-status=\"stale-source\""), "{book}");
    assert!(book.contains("ترجمة غير محدَّثة") && !book.contains("لم تُترجم بعد"));
    for b in ["ar.epub", "en-ar.epub", "fr.epub"] {
        if let Some(findings) = common::epubcheck(&root.join("out/epub").join(b)) {
            assert!(findings.is_empty(), "{b}: {findings:#?}");
        }
    }
    // PDF: the marker above the stand-in.
    if let Some(text) = pdf_text(&root.join("out/pdf/fr.pdf")) {
        assert!(text.contains("Traduction non à jour"), "{text}");
        assert_eq!(text.matches("Pas encore traduit").count(), 1, "{text}");
    }
    if let Some(text) = pdf_text(&root.join("out/pdf/ar.pdf")) {
        assert!(!text.contains("لم تُترجم بعد"), "{text}");
    }
}

#[test]
fn issue18_credits_localized_in_epub_front_matter_and_pdf_title_pages() {
    let project = common::fixture_project("fr-project");
    let root = project.path();
    let (ok, err) = run_stele(root, &["build", "--format", "epub,pdf"]);
    assert!(ok, "{err}");
    let epub = root.join("out/epub");
    // The French book: its credits under the title, in French; the fingerprint only in the OPF.
    let fr = epub_content(&epub.join("fr.epub"));
    let credits = &fr[fr
        .find("<div class=\"credits\"")
        .expect("fr.epub has credits")..];
    let credits = &credits[..credits.find("</div>").unwrap()];
    assert!(credits.contains("lang=\"fr\""), "{credits}");
    assert!(
        credits
            .contains("Traduit de l’<bdi>anglais</bdi> par <bdi>Traductrice de la fixture</bdi>."),
        "{credits}"
    );
    assert!(
        credits.contains("Publié le <bdi><time datetime=\"2024-05-01\">1 mai 2024</time></bdi>"),
        "{credits}"
    );
    assert!(credits.contains("Fixture Author"), "{credits}");
    let opf = |b: &str| {
        epub_texts(&epub.join(b))
            .into_iter()
            .find(|(n, _)| n.ends_with(".opf"))
            .unwrap()
            .1
    };
    assert!(
        opf("fr.epub").contains(":source:"),
        "the fingerprint is in the metadata"
    );
    for b in ["fr.epub", "ar.epub", "en-fr.epub", "en-ar.epub"] {
        let text = epub_content(&epub.join(b));
        assert!(
            !text.contains("Empreinte") && !text.contains("fingerprint"),
            "{b}"
        );
        assert!(
            !text.contains("Translated from"),
            "{b}: an English credit line"
        );
    }
    // The bilingual book: the English credits (the authors, the English date), then the
    // French ones, each in its language.
    let enfr = epub_content(&epub.join("en-fr.epub"));
    assert_eq!(enfr.matches("<div class=\"credits\"").count(), 2, "{enfr}");
    assert!(enfr.contains(">May 1, 2024</time>") && enfr.contains(">1 mai 2024</time>"));
    assert_eq!(
        enfr.matches("Fixture Author").count(),
        1,
        "the authors named once"
    );
    let ar = epub_content(&epub.join("ar.epub"));
    assert!(ar.contains("ترجمة عن <bdi>الإنجليزية</bdi>"), "{ar}");
    assert!(ar.contains("1 أيار\u{2060}/\u{2060}مايو 2024"), "{ar}");
    for b in ["fr.epub", "en-fr.epub", "ar.epub", "en-ar.epub"] {
        if let Some(findings) = common::epubcheck(&epub.join(b)) {
            assert!(findings.is_empty(), "{b}: {findings:#?}");
        }
    }
    // PDF title pages: every edition, each side of a parallel one in its language.
    let pdf = root.join("out/pdf");
    let names: Vec<String> = std::fs::read_dir(&pdf)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let fr_pdf = names.iter().find(|n| n.starts_with("fr")).expect("fr pdf");
    let enfr_pdf = names
        .iter()
        .find(|n| n.starts_with("en-fr"))
        .expect("en-fr pdf");
    let ar_pdf = names.iter().find(|n| n.starts_with("ar")).expect("ar pdf");
    for (name, want) in [
        (
            fr_pdf,
            vec!["Traduit de l’anglais par", "Publié le 1 mai 2024"],
        ),
        (
            enfr_pdf,
            vec![
                "Traduit de l’anglais par",
                "Publié le 1 mai 2024",
                "Published May 1, 2024",
            ],
        ),
        // pdftotext splits Arabic words at ligatures («الإنجليز ية»): the words it keeps whole.
        (ar_pdf, vec!["ترجمة عن", "أيار"]),
    ] {
        let Some(text) = pdf_text(&pdf.join(name)) else {
            return;
        };
        for w in want {
            assert!(text.contains(w), "{name} lacks {w}: {text}");
        }
        assert!(
            !text.contains("Empreinte") && !text.contains("Translated from"),
            "{name}"
        );
    }
}
