//! Issue 13: one citation-ID scheme for every format: the same citation has the same ID in the
//! HTML page, the EPUB content and the PDF's Typst markup, and every reference entry links back
//! to the same citations, in the same order, in each.

use super::*;
use crate::export::{epub, html};
use pandoc_ast::{Attr, Block, Inline};

fn lang(tag: &str) -> Lang {
    Lang::parse(tag).unwrap()
}

fn attr(id: &str, class: &str) -> Attr {
    let mut kv = vec![("fingerprint".to_string(), "0123456789ab".to_string())];
    if let Some(n) = id.strip_prefix("ref-") {
        kv.push(("number".to_string(), n.to_string()));
    }
    (id.to_string(), vec![class.to_string()], kv)
}

use crate::normalize::inline::cite;

fn words(s: &str) -> Inline {
    Inline::Str(s.to_string())
}

/// p1 cites [1], [2] (emphasized) and [1] again; p2 cites [1]; two reference entries.
fn doc(tag: &str, word: &str) -> Document {
    let para = |id: &str, x: Vec<Inline>| Block::Div(attr(id, "paragraph"), vec![Block::Para(x)]);
    let entry = |n: u32| {
        Block::Div(
            attr(&format!("ref-{n}"), "csl-entry"),
            vec![Block::Para(vec![words(&format!("{word}{n}"))])],
        )
    };
    let mut ast = crate::pandoc::new_doc();
    ast.meta
        .insert("title".into(), crate::pandoc::meta_inlines(word));
    ast.blocks = vec![
        Block::Header(1, attr("title", "title"), vec![words(word)]),
        para(
            "p1",
            vec![
                words(word),
                cite(1),
                Inline::Space,
                Inline::Emph(vec![words(word), cite(2)]),
                Inline::Space,
                cite(1),
            ],
        ),
        para("p2", vec![words(word), cite(1)]),
        Block::Div(
            ("refs".into(), vec!["references".into()], vec![]),
            vec![entry(1), entry(2)],
        ),
    ];
    Document {
        lang: lang(tag),
        ast,
    }
}

fn edition() -> Edition {
    crate::pandoc::table::test_edition("cites", vec![doc("en", "Alpha"), doc("ru", "Альфа")])
}

/// The values of every `key="…"` (or `key<…>`) after each `marker` in `s`, in order.
fn after(s: &str, marker: &str, open: &str, close: char) -> Vec<String> {
    s.match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = &s[i + marker.len()..];
            let start = rest.find(open)? + open.len();
            let end = rest[start..].find(close)?;
            Some(rest[start..start + end].to_string())
        })
        .collect()
}

/// The HTML's citation IDs in order, and each entry's back-link targets (`ref-1` -> IDs).
fn html_ids(page: &str, prefix: &str) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let cites = after(page, "<a class=\"cite\"", "id=\"", '"');
    let entries = ["ref-1", "ref-2"]
        .iter()
        .map(|r| {
            let start = page
                .find(&format!("<div id=\"{prefix}{r}\""))
                .expect("entry");
            let end = page[start..].find("</div>").unwrap() + start;
            // An EPUB names the file before the `#` when it is another one.
            let backs = after(&page[start..end], "class=\"backlink\"", "href=\"", '"')
                .into_iter()
                .map(|h| h.rsplit('#').next().unwrap_or_default().to_string())
                .collect();
            (format!("{prefix}{r}"), backs)
        })
        .collect();
    (cites, entries)
}

/// The same, from the Typst markup of a PDF edition: each citation link's label, and the
/// back-links written in each entry's segment, in the segments of `lang`.
fn typst_ids(
    g: &Generated,
    lang: &Lang,
    prefix: &str,
) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let src = &g.source;
    let link = format!("#link(\"{}", late_links::URL_PREFIX);
    let spans = || g.spans.iter().filter(|s| &s.lang == lang);
    let mut cites = Vec::new();
    for span in spans().filter(|s| s.id.starts_with('p')) {
        let text = &src[span.range.clone()];
        cites.extend(after(text, "]<", "", '>'));
    }
    let entries = spans()
        .filter(|s| s.id.starts_with("ref-"))
        .map(|s| {
            let text = &src[s.range.clone()];
            let backs = after(text, &link, "", '"');
            (format!("{prefix}{}", s.id), backs)
        })
        .collect();
    (cites, entries)
}

#[test]
fn a_citation_has_the_same_id_in_html_epub_and_pdf_issue_13() {
    let e = edition();
    let pages = html::html(&e, &html::HtmlOptions::default()).value.unwrap();
    let page = |name: &str| {
        let f = pages
            .iter()
            .find(|f| f.path.ends_with(name))
            .unwrap_or_else(|| panic!("no {name}"));
        String::from_utf8(f.bytes.clone()).unwrap()
    };
    let (fonts, _) = FontSet::new(&[]);
    let families = |l: &Lang| families(&fonts, l);
    let setup = Setup {
        paper: "a4",
        families: &families,
    };
    let (en, ru) = (&e.docs[0], &e.docs[1]);
    let id = |s: &str| s.to_string();
    let want_cites = vec![
        id("cite-p1-1"),
        id("cite-p1-2"),
        id("cite-p1-3"),
        id("cite-p2-1"),
    ];
    let want_backs = |p: &str| {
        vec![
            (
                format!("{p}ref-1"),
                ["cite-p1-1", "cite-p1-3", "cite-p2-1"]
                    .map(|c| format!("{p}{c}"))
                    .to_vec(),
            ),
            (format!("{p}ref-2"), vec![format!("{p}cite-p1-2")]),
        ]
    };
    // Single editions: HTML page and PDF markup of each language.
    for (doc, name) in [(en, "en.html"), (ru, "ru.html")] {
        let html = html_ids(&page(name), "");
        let g = template::single(&e, doc, &setup);
        assert!(g.diags.is_empty(), "{:?}", g.diags);
        let pdf = typst_ids(&g, &doc.lang, "");
        assert_eq!(html, (want_cites.clone(), want_backs("")), "{name}");
        assert_eq!(pdf.0, html.0, "{name}: citation IDs, html vs pdf");
        assert_eq!(pdf.1, html.1, "{name}: back-links, html vs pdf");
    }
    // The parallel editions: the column's prefix before the same IDs.
    let par = page("parallel.html");
    let g = template::parallel(&e, en, ru, &setup);
    let html_ru = html_ids(&par, "ru-");
    let html_cites_ru: Vec<String> = html_ru
        .0
        .iter()
        .filter(|c| c.starts_with("ru-"))
        .cloned()
        .collect();
    let cites_ru: Vec<String> = want_cites.iter().map(|c| format!("ru-{c}")).collect();
    assert_eq!(html_cites_ru, cites_ru);
    assert_eq!(html_ru.1, want_backs("ru-"));
    let pdf_ru = typst_ids(&g, &ru.lang, "ru-");
    assert_eq!(pdf_ru, (cites_ru, want_backs("ru-")), "{}", g.source);
    // The EPUB's content documents use the same IDs (and link back to them).
    let books = epub::epub(&e, &epub::EpubOptions::default()).value.unwrap();
    let en_book = books.iter().find(|b| b.path.ends_with("en.epub")).unwrap();
    let xhtml = epub_text(&en_book.bytes);
    assert_eq!(html_ids(&xhtml, ""), (want_cites, want_backs("")));
    // And the PDF is made: every back-link found its citation's label after layout.
    let built = pdf(&e, &PdfOptions::default());
    let links: Vec<_> = built
        .diags
        .iter()
        .filter(|d| d.code == "pdf-link")
        .collect();
    assert!(links.is_empty(), "{links:?}");
    let files = built.value.expect("pdfs");
    assert_eq!(files.len(), 3, "{:?}", built.diags);
}

/// The content documents of an EPUB, concatenated.
fn epub_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().ends_with(".xhtml") && !f.name().ends_with("nav.xhtml") {
            std::io::Read::read_to_string(&mut f, &mut out).unwrap();
        }
    }
    out
}
