//! Unit tests of the HTML editions on a small hand-built edition (the real article, vnu and the
//! browser are in `tests/suite/html.rs`).

use super::*;
use crate::model::Person;
use crate::normalize::inline::cite;
use crate::pandoc::text_inlines;
use pandoc_ast::{Inline, MetaValue};
use std::collections::BTreeMap;

fn lang(t: &str) -> Lang {
    Lang::parse(t).unwrap()
}

fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v = vec![("fingerprint".to_string(), "f00".to_string())];
    v.extend(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    v
}

fn para(id: &str, pairs: &[(&str, &str)], inl: Vec<Inline>) -> Block {
    Block::Div(
        (id.into(), vec!["paragraph".into()], kv(pairs)),
        vec![Block::Para(inl)],
    )
}

/// title, h1, p1 (cites [1]), p2, p3, references heading, ref-1; `status` per segment ID.
fn doc(l: &str, texts: [&str; 5], status: &[(&str, &[(&str, &str)])]) -> Document {
    let st = |id: &str| -> &[(&str, &str)] {
        status
            .iter()
            .find(|(x, _)| *x == id)
            .map(|(_, s)| *s)
            .unwrap_or(&[])
    };
    let mut p1 = text_inlines(texts[2]);
    p1.push(cite(1));
    let mut ast = pandoc::new_doc();
    ast.meta.insert(
        "title".into(),
        MetaValue::MetaInlines(text_inlines(texts[0])),
    );
    ast.blocks = vec![
        Block::Header(
            1,
            ("title".into(), vec!["title".into()], kv(st("title"))),
            text_inlines(texts[0]),
        ),
        Block::Header(
            2,
            ("h1".into(), vec![], kv(st("h1"))),
            text_inlines(texts[1]),
        ),
        para("p1", st("p1"), p1),
        para("p2", st("p2"), text_inlines(texts[3])),
        para("p3", st("p3"), text_inlines(texts[4])),
        Block::Header(
            2,
            ("h2".into(), vec!["references-heading".into()], kv(&[])),
            text_inlines("References"),
        ),
        Block::Div(
            ("refs".into(), vec!["references".into()], vec![]),
            vec![Block::Div(
                (
                    "ref-1".into(),
                    vec!["csl-entry".into()],
                    kv(&[("number", "1")]),
                ),
                vec![Block::Para(text_inlines("Reuters. Report, 2025."))],
            )],
        ),
    ];
    Document { lang: lang(l), ast }
}

fn edition(ar_p2: &str) -> Edition {
    let en = doc(
        "en",
        [
            "A Title",
            "First Part",
            "Putin met al-Sharaa on October 15, 2025.",
            "Second paragraph.",
            "Third paragraph.",
        ],
        &[],
    );
    let ar = doc(
        "ar",
        [
            "عنوان",
            "الجزء الأول",
            "التقى Putin الشرع في 15 أكتوبر 2025.",
            ar_p2,
            "Third paragraph.",
        ],
        &[
            ("p2", &[("status", "stale")]),
            (
                "p3",
                &[("status", "untranslated"), ("lang", "en"), ("dir", "ltr")],
            ),
        ],
    );
    let ru = doc(
        "ru",
        [
            "Заголовок",
            "Первая часть",
            "Путин встретился с аш-Шараа 15 октября 2025 года.",
            "Второй абзац.",
            "Третий абзац.",
        ],
        &[],
    );
    let mut translators = BTreeMap::new();
    translators.insert(
        lang("ar"),
        vec![Person {
            name: "Jane <b>Doe</b>".into(),
            role: None,
        }],
    );
    let mut e = crate::pandoc::table::test_edition("test", vec![en, ar, ru]);
    e.source_fingerprint = "abc123".into();
    e.translators = translators;
    e
}

fn pages(e: &Edition, opts: &HtmlOptions) -> BTreeMap<String, String> {
    let out = html(e, opts);
    assert!(!out.has_errors(), "{:?}", out.diags);
    out.value
        .unwrap()
        .into_iter()
        // the pages only; the fonts of `html/fonts/` are binary (issue 18)
        .filter(|f| !f.path.starts_with("html/fonts"))
        .map(|f| {
            (
                f.path.display().to_string(),
                String::from_utf8(f.bytes).unwrap(),
            )
        })
        .collect()
}

/// Every `id="…"` in a page.
fn ids(page: &str) -> Vec<String> {
    page.split(" id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn issue5_writes_a_page_per_language_and_a_parallel_page() {
    let p = pages(&edition("فقرة ثانية."), &HtmlOptions::default());
    let names: Vec<&str> = p.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "html/ar.html",
            "html/en.html",
            "html/parallel.html",
            "html/ru.html"
        ]
    );
    assert!(p["html/ar.html"].contains(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\">"
    ));
    assert!(p["html/ru.html"].contains(" lang=\"ru\" xml:lang=\"ru\" dir=\"ltr\">"));
    assert!(p["html/parallel.html"].contains(" lang=\"en\" xml:lang=\"en\" dir=\"ltr\">"));
}

#[test]
fn issue5_every_segment_id_reaches_every_page_and_parallel_ids_are_unique() {
    let e = edition("فقرة ثانية.");
    let p = pages(&e, &HtmlOptions::default());
    let seg_ids: Vec<String> = e.source().segments().into_iter().map(|s| s.id).collect();
    assert_eq!(seg_ids.len(), 7);
    for l in ["en", "ar", "ru"] {
        let page_ids = ids(&p[&format!("html/{l}.html")]);
        for id in &seg_ids {
            assert!(page_ids.contains(id), "{id} missing from {l}.html");
        }
        let mut sorted = page_ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), page_ids.len(), "duplicate ids in {l}.html");
    }
    let par = ids(&p["html/parallel.html"]);
    for id in &seg_ids {
        assert!(par.contains(id), "row {id} missing");
        for l in ["en", "ar", "ru"] {
            assert!(par.contains(&format!("{l}-{id}")), "{l}-{id} missing");
        }
    }
    let mut sorted = par.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), par.len(), "duplicate ids in parallel.html");
    // Each segment links to the same ID elsewhere; citations link to the entry and back.
    let en = &p["html/en.html"];
    assert!(en.contains("href=\"ar.html#p2\""));
    assert!(en.contains("href=\"parallel.html#p2\""));
    assert!(
        en.contains("<a class=\"cite\" id=\"cite-p1-1\" href=\"#ref-1\">[1]</a>"),
        "{en}"
    );
    assert!(en.contains("href=\"#cite-p1-1\""));
    let par = &p["html/parallel.html"];
    assert!(par.contains("id=\"ar-cite-p1-1\" href=\"#ar-ref-1\""));
    assert!(par.contains("href=\"#ar-cite-p1-1\""));
}

#[test]
fn issue5_arabic_isolates_latin_names_numbers_and_markers() {
    let p = pages(&edition("فقرة ثانية."), &HtmlOptions::default());
    let ar = &p["html/ar.html"];
    assert!(
        ar.contains("التقى <bdi dir=\"ltr\">Putin</bdi> الشرع في <bdi dir=\"ltr\">15</bdi> أكتوبر <bdi dir=\"ltr\">2025</bdi>.<a class=\"cite\" id=\"cite-p1-1\" href=\"#ref-1\" dir=\"ltr\">[1]</a>"),
        "{ar}"
    );
}

#[test]
fn issue5_stale_and_untranslated_segments_are_marked_with_the_reason() {
    let p = pages(&edition("فقرة ثانية."), &HtmlOptions::default());
    let ar = &p["html/ar.html"];
    assert!(ar.contains("<div id=\"p2\" class=\"paragraph status-stale\" data-status=\"stale\">"));
    assert!(ar.contains(
        "ترجمة غير محدَّثة: تغيّر النص الأصلي باللغة <bdi>الإنجليزية</bdi> بعد ترجمة هذا المقطع."
    ));
    assert!(ar.contains("<div id=\"p3\" class=\"paragraph status-untranslated\" data-status=\"untranslated\" lang=\"en\" xml:lang=\"en\" dir=\"ltr\">"));
    // Two flagged: the Arabic dual form, linking to the first one.
    assert!(
        ar.contains("<p class=\"review\"><a href=\"#p2\">فقرتان تحتاجان إلى مراجعة</a></p>"),
        "{ar}"
    );
    assert!(!p["html/ru.html"].contains("class=\"review\""));
    // In the parallel page the note is in its column's language.
    assert!(p["html/parallel.html"].contains("لم تُترجم بعد"));
}

#[test]
fn issue5_markup_in_a_translation_shows_as_text() {
    let evil = "<script>alert(1)</script> \" onload=alert(2) x='y' & <img src=x onerror=alert(3)>";
    let p = pages(&edition(evil), &HtmlOptions::default());
    for (name, page) in &p {
        assert!(!page.contains("<script>alert"), "{name}");
        assert!(!page.contains("<img"), "{name}");
        assert!(!page.contains("<b>Doe"), "{name}");
        assert_eq!(
            page.matches("<script>").count(),
            1,
            "{name}: only the page's own script"
        );
    }
    let ar = &p["html/ar.html"];
    assert!(ar.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{ar}");
    assert!(
        ar.contains("onload=alert(2) x='y' &amp; &lt;img src=x onerror=alert(3)"),
        "{ar}"
    );
    assert!(ar.contains("Jane &lt;b&gt;Doe&lt;/b&gt;"));
}

#[test]
fn issue5_same_edition_twice_is_byte_identical() {
    let e = edition("فقرة ثانية.");
    let a = html(&e, &HtmlOptions::default()).value.unwrap();
    let b = html(&e.clone(), &HtmlOptions::default()).value.unwrap();
    assert_eq!(a, b);
}

#[test]
fn issue5_pages_are_well_formed_xml() {
    let p = pages(&edition("<b>bold?</b> & more"), &HtmlOptions::default());
    for (name, page) in &p {
        let body = page.trim_start_matches("<!DOCTYPE html>\n");
        let mut r = quick_xml::Reader::from_str(body);
        let mut depth = 0i32;
        loop {
            match r.read_event() {
                Ok(quick_xml::events::Event::Start(_)) => depth += 1,
                Ok(quick_xml::events::Event::End(_)) => depth -= 1,
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed: {e}"),
            }
        }
        assert_eq!(depth, 0, "{name}: unbalanced elements");
    }
}

#[test]
fn issue5_chosen_languages_only_and_unknown_ones_are_errors() {
    let e = edition("فقرة ثانية.");
    let opts = HtmlOptions {
        langs: vec![lang("ar"), lang("en")],
        parallel: true,
    };
    let p = pages(&e, &opts);
    let names: Vec<&str> = p.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["html/ar.html", "html/en.html", "html/parallel.html"]
    );
    assert!(!p["html/parallel.html"].contains("cell-ru"));
    assert!(!p["html/en.html"].contains("ru.html"));
    let bad = html(
        &e,
        &HtmlOptions {
            langs: vec![lang("de")],
            parallel: true,
        },
    );
    assert!(bad.value.is_none());
    assert_eq!(bad.diags[0].code, "html-lang");
    // A single language gets no parallel page.
    let one = pages(
        &e,
        &HtmlOptions {
            langs: vec![lang("ru")],
            parallel: true,
        },
    );
    assert_eq!(one.keys().collect::<Vec<_>>(), ["html/ru.html"]);
}

#[test]
fn issue5_a_language_without_a_catalog_gets_english_strings_and_a_warning() {
    let mut e = edition("x");
    let mut de = (*e.docs[2]).clone();
    de.lang = lang("de");
    e.docs[2] = de.into();
    let out = html(&e, &HtmlOptions::default());
    assert!(!out.has_errors());
    assert!(out
        .diags
        .iter()
        .any(|d| d.code == "i18n-catalog" && d.lang.as_deref() == Some("de")));
    let files = out.value.unwrap();
    let de_page = String::from_utf8(
        files
            .iter()
            .find(|f| f.path.ends_with("de.html"))
            .unwrap()
            .bytes
            .clone(),
    )
    .unwrap();
    // English interface strings inside a German page are tagged as English.
    assert!(
        de_page.contains("<span lang=\"en\" xml:lang=\"en\" dir=\"ltr\">Contents</span>"),
        "{de_page}"
    );
}
