//! Issue 6: the EPUB editions (en, ar, ru, en-ar, en-ru) are epubcheck-clean, carry `lang`/`dir`
//! on every content document and foreign run, keep every segment ID exactly once per language,
//! build byte-identically, and match their reviewed golden text projections.

use crate::common;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use stele::export::epub::{epub, EpubOptions};
use stele::export::OutputFile;
use stele::io::Project;
use stele::model::{Dir, Edition, Lang, Script};

/// The real article's edition (source and translations), loaded as `stele export` loads it.
fn article_edition() -> (tempfile::TempDir, Edition) {
    let dir = common::article_project();
    let project = Project::new(dir.path(), None);
    let staged = stele::app::load_edition(&project, None);
    let errors: Vec<_> = staged.diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    (dir, staged.value.expect("the article's edition loads"))
}

/// The article with two Arabic segments untranslated (`p6`, the heading `h2`) and one stale
/// (`p7`), built under policy `stale`: stand-ins in English, marked, inside Arabic books.
fn degraded_arabic_books() -> Vec<OutputFile> {
    let dir = common::article_project();
    let path = dir.path().join("translations/ar.md");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for id in ["p6", "h2"] {
        let start = text.find(&format!("::: {{#{id} ")).unwrap();
        let end = start + text[start..].find("\n:::\n").unwrap() + 5;
        text.replace_range(start..end, "");
    }
    // p7 records an older source fingerprint: its translation is stale.
    let p7 = text.find("::: {#p7 source=\"").unwrap() + "::: {#p7 source=\"".len();
    text.replace_range(p7..p7 + 12, "000000000000");
    std::fs::write(&path, text).unwrap();
    let project = Project::new(dir.path(), None);
    let staged = stele::app::load_edition(&project, Some(stele::config::Policy::Stale));
    let edition = staged
        .value
        .expect("the degraded edition loads under policy stale");
    let opts = EpubOptions {
        langs: vec![Lang::parse("ar").unwrap()],
        ..EpubOptions::default()
    };
    let out = epub(&edition, &opts);
    assert!(!out.has_errors(), "{:?}", out.diags);
    out.value.unwrap()
}

fn books(edition: &Edition) -> Vec<OutputFile> {
    let out = epub(edition, &EpubOptions::default());
    let errors: Vec<String> = out.diags.iter().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "diagnostics: {errors:#?}");
    out.value.expect("books are built")
}

fn name_of(f: &OutputFile) -> String {
    f.path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Every entry of a zip: name, whether stored, bytes.
fn unzip(bytes: &[u8]) -> Vec<(String, bool, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (
                f.name().to_string(),
                f.compression() == zip::CompressionMethod::Stored,
                v,
            )
        })
        .collect()
}

fn attr_of(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key.as_bytes())
        .map(|a| a.unescape_value().unwrap().into_owned())
}

/// The language context of an element: its language and direction.
#[derive(Clone)]
struct Ctx {
    lang: Lang,
    dir: Dir,
}

/// Checks one XHTML document: `<html>` carries `xml:lang`, `lang` and `dir` of `lang`; every
/// element in another language says so with `lang` = `xml:lang` and `dir`; every letter of a
/// script other than Latin is inside an element of a language written in that script. Returns
/// every `id` in the document.
fn check_xhtml(name: &str, text: &str, lang: &Lang) -> Vec<String> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Ctx> = Vec::new();
    let mut ids = Vec::new();
    loop {
        let ev = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{name}: not well-formed: {e}"));
        let (e, empty) = match &ev {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Text(t) => {
                let t = t.unescape().unwrap();
                let Some(ctx) = stack.last() else {
                    assert!(t.trim().is_empty(), "{name}: text outside <html>");
                    continue;
                };
                for c in t.chars() {
                    if let Some(s) = Script::of_char(c).filter(|s| *s != Script::Latin) {
                        assert_eq!(
                            s,
                            ctx.lang.script(),
                            "{name}: `{c}` in {:?} is inside lang={} (text: {t})",
                            s,
                            ctx.lang
                        );
                    }
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let tag = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        if let Some(id) = attr_of(e, "id") {
            ids.push(id);
        }
        let l = attr_of(e, "lang");
        assert_eq!(
            l,
            attr_of(e, "xml:lang"),
            "{name}: <{tag}> lang and xml:lang differ"
        );
        let d = attr_of(e, "dir");
        let mut ctx = match stack.last() {
            None => {
                assert_eq!(tag, "html", "{name}: root");
                assert_eq!(l.as_deref(), Some(lang.as_str()), "{name}: <html lang>");
                assert_eq!(
                    d.as_deref(),
                    Some(lang.dir().as_str()),
                    "{name}: <html dir>"
                );
                Ctx {
                    lang: lang.clone(),
                    dir: lang.dir(),
                }
            }
            Some(parent) => parent.clone(),
        };
        if let Some(l) = l {
            let l = Lang::parse(&l).unwrap();
            if l.dir() != ctx.dir {
                assert!(
                    d.is_some(),
                    "{name}: <{tag} lang={l}> in {} text lacks dir",
                    ctx.dir.as_str()
                );
            }
            ctx.lang = l;
        }
        if let Some(d) = d {
            ctx.dir = if d == "rtl" { Dir::Rtl } else { Dir::Ltr };
        }
        if !empty {
            stack.push(ctx);
        }
    }
    ids
}

fn opf_values(opf: &str, tag: &str) -> Vec<String> {
    let mut reader = Reader::from_str(opf);
    let mut out = Vec::new();
    let mut inside = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == tag.as_bytes() => inside = true,
            Event::Text(t) if inside => out.push(t.unescape().unwrap().into_owned()),
            Event::End(e) if e.name().as_ref() == tag.as_bytes() => inside = false,
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn issue6_five_books_with_lang_dir_on_every_document_and_every_segment_once_per_language() {
    let (_dir, edition) = article_edition();
    let books = books(&edition);
    let names: Vec<String> = books.iter().map(name_of).collect();
    assert_eq!(names, ["en", "ar", "ru", "en-ar", "en-ru"]);
    let source_ids: Vec<String> = edition
        .source()
        .segments()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(source_ids.len(), 65);
    let mut identifiers = Vec::new();
    for book in &books {
        let name = name_of(book);
        let langs: Vec<Lang> = name.split('-').map(|l| Lang::parse(l).unwrap()).collect();
        let primary = &langs[0];
        let entries = unzip(&book.bytes);
        assert_eq!(entries[0].0, "mimetype", "{name}: mimetype first");
        assert!(entries[0].1, "{name}: mimetype stored");
        assert_eq!(entries[0].2, b"application/epub+zip");
        assert!(
            entries[1..].iter().all(|e| !e.1),
            "{name}: the rest deflated"
        );

        let opf = entries
            .iter()
            .find(|e| e.0 == "EPUB/package.opf")
            .expect("package.opf");
        let opf = std::str::from_utf8(&opf.2).unwrap();
        let languages = opf_values(opf, "dc:language");
        assert_eq!(
            languages,
            langs.iter().map(|l| l.to_string()).collect::<Vec<_>>(),
            "{name}"
        );
        assert_eq!(
            opf_values(opf, "dc:title").len(),
            langs.len(),
            "{name}: a title per language"
        );
        let ppd = format!("page-progression-direction=\"{}\"", primary.dir().as_str());
        assert!(opf.contains(&ppd), "{name}: {ppd}");
        assert!(
            opf.contains("<meta property=\"dcterms:modified\">2025-10-18T00:00:00Z</meta>"),
            "{name}"
        );
        assert!(
            opf.contains(&edition.source_fingerprint),
            "{name}: source fingerprint"
        );
        identifiers.extend(opf_values(opf, "dc:identifier"));

        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut documents = 0;
        for (path, _, bytes) in entries.iter().filter(|e| e.0.ends_with(".xhtml")) {
            let text = std::str::from_utf8(bytes).unwrap();
            assert!(
                !text.contains("direction:") && !text.contains("unicode-bidi"),
                "{name}/{path}"
            );
            let found = check_xhtml(&format!("{name}/{path}"), text, primary);
            if !path.ends_with("nav.xhtml") {
                documents += 1;
                for id in found {
                    *ids.entry(id).or_default() += 1;
                }
            }
        }
        assert_eq!(documents, 7, "{name}: title, five sections, references");
        for (id, n) in &ids {
            assert_eq!(*n, 1, "{name}: id {id} appears {n} times");
        }
        for id in &source_ids {
            assert_eq!(ids.get(id), Some(&1), "{name}: segment {id}");
            for other in &langs[1..] {
                let theirs = stele::export::epub::counterpart_id(other, id);
                assert_eq!(ids.get(&theirs), Some(&1), "{name}: counterpart {theirs}");
            }
        }
    }
    let distinct: std::collections::BTreeSet<_> = identifiers.iter().collect();
    assert_eq!(
        distinct.len(),
        5,
        "one identifier per book: {identifiers:?}"
    );
}

#[test]
fn issue6_citations_link_across_files_and_back() {
    let (_dir, edition) = article_edition();
    for book in books(&edition) {
        let name = name_of(&book);
        let entries = unzip(&book.bytes);
        let text = |file: &str| {
            let e = entries
                .iter()
                .find(|e| e.0 == format!("EPUB/{file}"))
                .unwrap();
            String::from_utf8(e.2.clone()).unwrap()
        };
        let h1 = text("h1.xhtml");
        assert!(
            h1.contains("id=\"cite-p5-1\" epub:type=\"biblioref\" role=\"doc-biblioref\" href=\"references.xhtml#ref-1\""),
            "{name}: citation in a section links to the references file"
        );
        let refs = text("references.xhtml");
        assert!(
            refs.contains("<section epub:type=\"bibliography\" role=\"doc-bibliography\""),
            "{name}"
        );
        assert!(
            refs.contains("role=\"doc-backlink\" href=\"h1.xhtml#cite-p5-1\""),
            "{name}: the entry links back to its citation"
        );
        if name.contains('-') {
            let l = &name[3..];
            assert!(
                h1.contains(&format!("href=\"references.xhtml#{l}-ref-1\"")),
                "{name}: counterpart citation"
            );
            assert!(
                refs.contains(&format!("href=\"h1.xhtml#{l}-cite-p5-1\"")),
                "{name}: counterpart back-link"
            );
            assert!(
                h1.contains(&format!("<a href=\"#{l}-p5\" hreflang=\"{l}\"")),
                "{name}: link to counterpart"
            );
            assert!(
                h1.contains("<a href=\"#p5\" hreflang=\"en\""),
                "{name}: link back from counterpart"
            );
        }
    }
}

#[test]
fn issue6_epubcheck_reports_no_errors_or_warnings() {
    if common::epubcheck_jar().is_none() {
        return;
    }
    let (_dir, edition) = article_edition();
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let degraded = degraded_arabic_books();
    for book in books(&edition)
        .iter()
        .chain(&synthetic_books())
        .chain(&degraded)
    {
        let path = tmp.path().join(book.path.file_name().unwrap());
        std::fs::write(&path, &book.bytes).unwrap();
        for m in common::epubcheck(&path).unwrap_or_default() {
            failures.push(format!("{}: {m}", name_of(book)));
        }
    }
    assert!(failures.is_empty(), "epubcheck:\n{}", failures.join("\n"));
}

#[test]
fn issue6_two_builds_give_identical_bytes_and_source_date_epoch_dates_them() {
    let dir = common::article_project();
    let run = |out: &str, epoch: Option<&str>| {
        let mut cmd = common::stele();
        cmd.arg("--root")
            .arg(dir.path())
            .arg("--out")
            .arg(dir.path().join(out));
        cmd.args(["export", "epub"]).env_remove("SOURCE_DATE_EPOCH");
        if let Some(e) = epoch {
            cmd.env("SOURCE_DATE_EPOCH", e);
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let epub_dir = dir.path().join(out).join("epub");
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&epub_dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let a = run("out-a", None);
    let b = run("out-b", None);
    let names: Vec<&str> = a.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        names,
        ["ar.epub", "en-ar.epub", "en-ru.epub", "en.epub", "ru.epub"]
    );
    assert!(a == b, "two builds differ");

    // 2026-01-01T00:00:00Z
    let c = run("out-c", Some("1767225600"));
    let d = run("out-d", Some("1767225600"));
    assert!(c == d, "two builds with SOURCE_DATE_EPOCH differ");
    assert!(a != c, "SOURCE_DATE_EPOCH changes the books");
    let entries = unzip(&c[3].1);
    let opf = entries.iter().find(|e| e.0 == "EPUB/package.opf").unwrap();
    assert!(String::from_utf8_lossy(&opf.2)
        .contains("<meta property=\"dcterms:modified\">2026-01-01T00:00:00Z</meta>"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&c[3].1)).unwrap();
    let t = zip.by_index(0).unwrap().last_modified().unwrap();
    assert_eq!((t.year(), t.month(), t.day()), (2026, 1, 1));
}

/// Golden text projections: the entry list, the package document, the navigation document and
/// one section per book (`h1.xhtml`: short, with citations into the references file), as text.
#[test]
fn issue6_golden_projections() {
    let (_dir, edition) = article_edition();
    let expected = common::root().join("tests/fixtures/epub-article/expected");
    for book in books(&edition) {
        let name = name_of(&book);
        let entries = unzip(&book.bytes);
        let mut listing = String::new();
        for (path, stored, _) in &entries {
            listing.push_str(&format!(
                "{path} {}\n",
                if *stored { "stored" } else { "deflated" }
            ));
        }
        common::golden(&expected.join(&name).join("entries.txt"), &listing);
        for file in ["package.opf", "nav.xhtml", "h1.xhtml"] {
            let e = entries
                .iter()
                .find(|e| e.0 == format!("EPUB/{file}"))
                .unwrap();
            common::golden(
                &expected.join(&name).join(file),
                std::str::from_utf8(&e.2).unwrap(),
            );
        }
    }
}

/// A document that is not the article: Russian source, Persian (right-to-left, no interface
/// catalog) target, a subsection, a citation and a bare reference list. Nothing about the
/// article or its languages is built in.
fn synthetic_edition() -> Edition {
    use pandoc_ast::{Block, Citation, CitationMode, Inline};
    let fp = |s: &str| vec![("fingerprint".to_string(), s.to_string())];
    let para = |id: &str, text: &str, cite: bool| {
        let mut x = stele::pandoc::text_inlines(text);
        if cite {
            x.push(Inline::Cite(
                vec![Citation {
                    citationId: "ref-1".into(),
                    citationPrefix: vec![],
                    citationSuffix: vec![],
                    citationMode: CitationMode::NormalCitation,
                    citationNoteNum: 0,
                    citationHash: 0,
                }],
                vec![Inline::Str("[1]".into())],
            ));
        }
        Block::Div(
            (id.into(), vec!["paragraph".into()], fp(id)),
            vec![Block::Para(x)],
        )
    };
    let doc = |lang: &str, words: [&str; 6]| {
        let mut ast = stele::pandoc::new_doc();
        ast.meta
            .insert("title".into(), stele::pandoc::meta_inlines(words[0]));
        ast.blocks = vec![
            Block::Header(
                1,
                ("title".into(), vec!["title".into()], fp("t")),
                stele::pandoc::text_inlines(words[0]),
            ),
            para("p1", words[1], false),
            Block::Header(
                2,
                ("h1".into(), vec![], fp("h")),
                stele::pandoc::text_inlines(words[2]),
            ),
            para("p2", words[3], true),
            Block::Header(
                3,
                ("h2".into(), vec![], fp("h2")),
                stele::pandoc::text_inlines(words[4]),
            ),
            para("p3", words[5], true),
            Block::Div(
                ("refs".into(), vec!["references".into()], vec![]),
                vec![Block::Div(
                    (
                        "ref-1".into(),
                        vec!["csl-entry".into()],
                        [fp("r"), vec![("number".into(), "1".into())]].concat(),
                    ),
                    vec![Block::Para(stele::pandoc::text_inlines(
                        "Smith, J. A Book. 2020.",
                    ))],
                )],
            ),
        ];
        stele::model::Document {
            lang: Lang::parse(lang).unwrap(),
            ast,
        }
    };
    let ru = doc(
        "ru",
        [
            "Заголовок",
            "Первый абзац.",
            "Раздел",
            "Второй абзац.",
            "Подраздел",
            "Третий абзац.",
        ],
    );
    let fa = doc(
        "fa",
        [
            "عنوان",
            "بند نخست.",
            "بخش",
            "بند دوم.",
            "زیربخش",
            "بند سوم.",
        ],
    );
    stele::pandoc::table::with_table(Edition {
        id: "synthetic".into(),
        source_lang: ru.lang.clone(),
        docs: vec![ru.into(), fa.into()],
        table: Default::default(),
        cites: Default::default(),
        authors: vec!["Иван Петров".into()],
        publisher: Some("Example Press".into()),
        date: "1975-06-01".into(),
        modified: stele::model::modified_from_date("1975-06-01"),
        source_fingerprint: "0123456789abcdef".into(),
        translators: BTreeMap::from([(
            Lang::parse("fa").unwrap(),
            vec![stele::model::Person {
                name: "Translator".into(),
                role: None,
            }],
        )]),
        i18n: Default::default(),
        media: Default::default(),
    })
}

fn synthetic_books() -> Vec<OutputFile> {
    let out = epub(&synthetic_edition(), &EpubOptions::default());
    assert!(!out.has_errors(), "{:?}", out.diags);
    out.value.unwrap()
}

#[test]
fn issue6_other_languages_and_structures_need_nothing_built_in() {
    let books = synthetic_books();
    let names: Vec<String> = books.iter().map(name_of).collect();
    assert_eq!(names, ["ru", "fa", "ru-fa"]);
    for book in &books {
        let name = name_of(book);
        let primary = Lang::parse(name.split('-').next().unwrap()).unwrap();
        let entries = unzip(&book.bytes);
        // the embedded fonts (issue 18) are checked by typography.rs
        let files: Vec<&str> = entries
            .iter()
            .map(|e| e.0.as_str())
            .filter(|f| !f.starts_with("EPUB/fonts/"))
            .collect();
        assert_eq!(
            files,
            [
                "mimetype",
                "META-INF/container.xml",
                "EPUB/package.opf",
                "EPUB/nav.xhtml",
                "EPUB/style.css",
                "EPUB/title.xhtml",
                "EPUB/h1.xhtml",
                "EPUB/references.xhtml"
            ],
            "{name}"
        );
        for (path, _, bytes) in entries.iter().filter(|e| e.0.ends_with(".xhtml")) {
            check_xhtml(
                &format!("{name}/{path}"),
                std::str::from_utf8(bytes).unwrap(),
                &primary,
            );
        }
        let opf = String::from_utf8(entries[2].2.clone()).unwrap();
        // before 1980 the zip time is clamped, never the date in the package
        assert!(
            opf.contains("<meta property=\"dcterms:modified\">1975-06-01T00:00:00Z</meta>"),
            "{name}"
        );
        assert!(
            opf.contains(&format!(
                "<dc:creator id=\"creator-1\"{}>Иван Петров</dc:creator>",
                // a left-to-right name in a right-to-left package says so
                if name == "fa" { " dir=\"ltr\"" } else { "" }
            )),
            "{name}"
        );
        assert!(
            opf.contains("<dc:publisher>Example Press</dc:publisher>"),
            "{name}"
        );
        if name == "fa" {
            assert!(opf.contains("page-progression-direction=\"rtl\""));
            assert!(opf.contains("scheme=\"marc:relators\">trl</meta>"));
        }
        let nav = String::from_utf8(entries[3].2.clone()).unwrap();
        // the subsection nests under its section
        assert!(nav.contains("<li><a href=\"h1.xhtml\">"), "{name}: {nav}");
        assert!(
            nav.contains("<ol>\n<li><a href=\"h1.xhtml#h2\">"),
            "{name}: {nav}"
        );
    }
}

#[test]
fn issue6_export_writes_nothing_for_a_bad_source_date_epoch() {
    let dir = common::article_project();
    let o = common::stele()
        .arg("--root")
        .arg(dir.path())
        .args(["export", "epub"])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("SOURCE_DATE_EPOCH `yesterday`"), "{err}");
    assert!(!Path::new(&dir.path().join("out/epub")).exists());
}

#[test]
fn issue6_stand_ins_carry_their_language_and_a_note() {
    let books = degraded_arabic_books();
    let names: Vec<String> = books.iter().map(name_of).collect();
    assert_eq!(names, ["ar", "en-ar"]);
    for book in &books {
        let name = name_of(book);
        let entries = unzip(&book.bytes);
        let file = |f: &str| {
            let e = entries.iter().find(|e| e.0 == format!("EPUB/{f}")).unwrap();
            String::from_utf8(e.2.clone()).unwrap()
        };
        for (path, _, bytes) in entries.iter().filter(|e| e.0.ends_with(".xhtml")) {
            check_xhtml(
                &format!("{name}/{path}"),
                std::str::from_utf8(bytes).unwrap(),
                &Lang::parse(&name[..2]).unwrap(),
            );
        }
        let (p6, h2, p7) = if name == "ar" {
            ("p6", "h2", "p7")
        } else {
            ("ar-p6", "ar-h2", "ar-p7")
        };
        let h1 = file("h1.xhtml");
        assert!(
            h1.contains(&format!("id=\"{p6}\" class=\"paragraph status-untranslated\" data-status=\"untranslated\" lang=\"en\" xml:lang=\"en\" dir=\"ltr\">")),
            "{name}: {h1}"
        );
        assert!(
            h1.contains(&format!("id=\"{p7}\" class=\"paragraph status-stale\"")),
            "{name}"
        );
        assert!(
            h1.contains("<p class=\"status-note\""),
            "{name}: the reason is shown"
        );
        let h2_file = file("h2.xhtml");
        assert!(h2_file.contains(&format!("id=\"{h2}\"")), "{name}");
        let heading = h2_file.split(&format!("id=\"{h2}\"")).nth(1).unwrap();
        assert!(
            heading.split('>').next().unwrap().contains("lang=\"en\""),
            "{name}: stand-in heading in English"
        );
    }
}

/// Every `id` attribute of a well-formed (polyglot) document.
fn ids_of(name: &str, text: &str) -> Vec<String> {
    let mut reader = Reader::from_str(text);
    let mut ids = Vec::new();
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("{name}: not well-formed: {e}"))
        {
            Event::Start(e) | Event::Empty(e) => ids.extend(attr_of(&e, "id")),
            Event::Eof => break,
            _ => {}
        }
    }
    ids
}

#[test]
fn issue6_segment_and_citation_ids_are_those_of_the_html_editions() {
    let (_dir, edition) = article_edition();
    let html = stele::export::html::html(&edition, &Default::default());
    let pages = html.value.expect("html pages build");
    let segments: std::collections::BTreeSet<String> = edition
        .source()
        .segments()
        .into_iter()
        .map(|s| s.id)
        .collect();
    let relevant = |id: &String| segments.contains(id) || id.starts_with("cite-");
    for book in books(&edition).iter().filter(|b| !name_of(b).contains('-')) {
        let name = name_of(book);
        let page = pages
            .iter()
            .find(|p| p.path.file_name().unwrap().to_string_lossy() == format!("{name}.html"))
            .unwrap_or_else(|| panic!("{name}.html"));
        let mut in_html: Vec<String> = ids_of(
            &format!("{name}.html"),
            std::str::from_utf8(&page.bytes).unwrap(),
        )
        .into_iter()
        .filter(relevant)
        .collect();
        let mut in_epub: Vec<String> = unzip(&book.bytes)
            .iter()
            .filter(|e| e.0.ends_with(".xhtml") && !e.0.ends_with("nav.xhtml"))
            .flat_map(|e| ids_of(&e.0, std::str::from_utf8(&e.2).unwrap()))
            .filter(relevant)
            .collect();
        in_html.sort();
        in_epub.sort();
        assert!(
            in_html.len() > segments.len(),
            "{name}: segments and citations"
        );
        assert_eq!(in_epub, in_html, "{name}");
    }
}
