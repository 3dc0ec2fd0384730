//! Tests of the PDF exporter: escaping, fonts and missing glyphs, prefixed destinations, dates.

use super::*;
use crate::model::Person;
use pandoc_ast::{Attr, Block, Inline};

fn lang(tag: &str) -> Lang {
    Lang::parse(tag).unwrap()
}

fn attr(id: &str, class: &str) -> Attr {
    (
        id.to_string(),
        vec![class.to_string()],
        vec![("fingerprint".to_string(), "0123456789ab".to_string())],
    )
}

fn para(id: &str, inlines: Vec<Inline>) -> Block {
    Block::Div(attr(id, "paragraph"), vec![Block::Para(inlines)])
}

fn doc(tag: &str, title: &str, blocks: Vec<Block>) -> Document {
    let mut ast = crate::pandoc::new_doc();
    ast.meta
        .insert("title".into(), crate::pandoc::meta_inlines(title));
    ast.blocks.push(Block::Header(
        1,
        attr("title", "title"),
        crate::pandoc::text_inlines(title),
    ));
    ast.blocks.extend(blocks);
    Document {
        lang: lang(tag),
        ast,
    }
}

fn edition(docs: Vec<Document>) -> Edition {
    let mut translators = std::collections::BTreeMap::new();
    translators.insert(
        lang("ar"),
        vec![Person {
            name: "A. Translator".into(),
            role: None,
        }],
    );
    let mut edition = crate::pandoc::table::test_edition("test-edition", docs);
    edition.authors = vec!["An Author".into()];
    edition.translators = translators;
    edition
}

fn text_of(frame: &Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => text_of(&g.frame, out),
            FrameItem::Text(t) => out.push_str(&t.text),
            _ => {}
        }
    }
}

/// Typst markup syntax in the text must come out as the very same characters.
const PROBES: &[&str] = &[
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    "#let x = 1",
    "#{panic()}",
    "#set page(width: 1cm)",
    "$x^2$ and $ y $",
    "`raw` and ```rust fn```",
    "*strong* _emph_",
    "<p1> <title> @p1 @ref-1",
    "= not a heading",
    "- not a list",
    "+ not an enum",
    "/ not: a term",
    "1. not numbered",
    "http://example.org/a_(b)?c=d&e#f",
    "// not a comment",
    "/* not a block comment */",
    "\\u{41} \\ \\\\ \\n",
    "... -- --- -? ~ 'single' \"double\"",
    "[unbalanced ] ] [[",
    "} { ) (",
    "«ёлочки» — „лапки“",
];

#[test]
fn every_typst_special_character_is_escaped_and_compiles_issue_7() {
    let mut blocks = Vec::new();
    for (i, probe) in PROBES.iter().enumerate() {
        let id = format!("p{}", i + 1);
        let mut inlines = vec![Inline::Str(probe.to_string())];
        // The same text inside the inline containers the writer emits calls for.
        inlines.push(Inline::Space);
        inlines.push(Inline::Emph(vec![Inline::Str(probe.to_string())]));
        blocks.push(para(&id, inlines));
    }
    blocks.push(para(
        "p100",
        vec![
            Inline::Link(
                Default::default(),
                vec![Inline::Str("[link]_*".into())],
                ("https://example.org/?q=\"x\"\\".into(), String::new()),
            ),
            Inline::Space,
            Inline::Code(Default::default(), "let s = \"]\\\";".into()),
            Inline::Space,
            Inline::Span(
                (String::new(), vec![], vec![("lang".into(), "ru".into())]),
                vec![Inline::Str("#ё*_".into())],
            ),
        ],
    ));
    let e = edition(vec![doc("en", "Escapes: #*_$ <x> @y", blocks)]);
    let (fonts, _) = FontSet::new(&[]);
    let families = |l: &Lang| families(&fonts, l);
    let setup = Setup {
        paper: "a4",
        families: &families,
    };
    let generated = template::single(&e, &e.docs[0], &setup);
    assert!(generated.diags.is_empty(), "{:?}", generated.diags);
    let library = world::library();
    let today = parse_date("2025-10-18").unwrap();
    let world = EditionWorld::new(&library, &fonts, "t.typ", generated.source.clone(), today);
    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    assert!(warnings.is_empty(), "{warnings:?}");
    let document = output.unwrap_or_else(|e| panic!("{e:?}\n{}", generated.source));
    let mut text = String::new();
    for p in document.pages() {
        text_of(&p.frame, &mut text);
    }
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let text = squash(&text);
    for probe in PROBES {
        assert!(
            text.matches(&squash(probe)).count() >= 2,
            "`{probe}` did not come out verbatim (twice)"
        );
    }
    for s in [
        "[link]_*",
        "let s = \"]\\\";",
        "#ё*_",
        "Escapes: #*_$ <x> @y",
    ] {
        assert!(text.contains(&squash(s)), "`{s}` missing");
    }
    // And the whole edition builds into a PDF with a destination per segment.
    let built = pdf(&e, &PdfOptions::default());
    assert!(!built.has_errors(), "{:?}", built.diags);
}

#[test]
fn unknown_font_family_is_an_error_issue_7() {
    let e = edition(vec![doc("en", "T", vec![])]);
    let (fonts, _) = FontSet::new(&[]);
    let library = world::library();
    let today = parse_date("2025-10-18").unwrap();
    let source = "#set text(font: \"No Such Family\", fallback: false)\nHello\n".to_string();
    let world = EditionWorld::new(&library, &fonts, "t.typ", source.clone(), today);
    let generated = Generated {
        source,
        anchors: vec![],
        spans: vec![],
        diags: vec![],
    };
    let target = Target {
        edition: &e.id,
        name: "t",
        file: "pdf/t.pdf",
        langs: &[lang("en")],
    };
    let built = build(
        &world,
        generated,
        &target,
        &typst_pdf::PdfStandards::default(),
        today,
    );
    assert!(built.value.is_none());
    let d = built
        .diags
        .iter()
        .find(|d| d.message.contains("unknown font family"))
        .expect("the unknown family is reported");
    assert!(d.is_error());
    assert_eq!(d.code, "pdf-font");
}

#[test]
fn a_character_no_font_covers_is_an_error_naming_the_segment_issue_7() {
    let e = edition(vec![doc(
        "en",
        "T",
        vec![
            para("p1", crate::pandoc::text_inlines("fine")),
            para("p2", crate::pandoc::text_inlines("Kanji 漢字 here")),
        ],
    )]);
    let built = pdf(&e, &PdfOptions::default());
    assert_eq!(
        built.value.as_ref().map(Vec::len),
        Some(0),
        "no file for the failing edition"
    );
    let errors: Vec<&Diagnostic> = built.diags.iter().filter(|d| d.is_error()).collect();
    // One error for the segment, naming both characters (issue 12).
    assert_eq!(errors.len(), 1, "{errors:?}");
    for d in errors {
        assert_eq!(d.code, "pdf-font");
        assert_eq!(d.segment.as_deref(), Some("p2"));
        assert_eq!(d.lang.as_deref(), Some("en"));
        assert!(d.message.contains('漢') && d.message.contains('字'));
        assert!(d.hint.as_deref().unwrap().contains("--font-path"));
    }
}

#[test]
fn fonts_from_font_path_serve_scripts_the_embedded_fonts_lack_issue_7() {
    // DejaVu Sans Mono (from typst-assets) stands in for a system font directory.
    let mono = typst_assets::fonts()
        .find(|data| {
            typst::text::Font::iter(typst::foundations::Bytes::new(*data))
                .any(|f| f.info().family == "DejaVu Sans Mono")
        })
        .unwrap();
    let extra = FontFile {
        path: "fonts/DejaVuSansMono.ttf".into(),
        bytes: std::sync::Arc::new(mono.to_vec()),
    };
    let (plain, _) = FontSet::new(&[]);
    let c = ['⠿', '▒', '♞', '⌘']
        .into_iter()
        .find(|c| {
            !plain.family_covers("Libertinus Serif", *c)
                && !plain.family_covers("Amiri", *c)
                && plain.family_covers("DejaVu Sans Mono", *c)
        })
        .expect("a character only DejaVu Sans Mono has");
    let e = edition(vec![doc(
        "en",
        "T",
        vec![para(
            "p1",
            crate::pandoc::text_inlines(&format!("sign {c}")),
        )],
    )]);
    let missing = pdf(&e, &PdfOptions::default());
    assert!(missing.has_errors());
    assert_eq!(
        missing.value.map(|f| f.len()),
        Some(0),
        "the failing edition is not returned"
    );
    let opts = PdfOptions {
        extra_fonts: vec![extra],
        ..Default::default()
    };
    let built = pdf(&e, &opts);
    assert!(!built.has_errors(), "{:?}", built.diags);
}

#[test]
fn arabic_edition_and_parallel_edition_with_prefixed_destinations_issue_7() {
    let en = doc(
        "en",
        "A Title",
        vec![para(
            "p1",
            crate::pandoc::text_inlines("In 2015–2024, RIA Novosti reported."),
        )],
    );
    let ar = doc(
        "ar",
        "عنوان",
        vec![para(
            "p1",
            crate::pandoc::text_inlines("في الفترة 2015–2024 نشرت RIA Novosti تقريرا."),
        )],
    );
    let e = edition(vec![en, ar]);
    let (fonts, _) = FontSet::new(&[]);
    let families = |l: &Lang| families(&fonts, l);
    let setup = Setup {
        paper: "a4",
        families: &families,
    };
    let source = template::single(&e, &e.docs[1], &setup).source;
    assert!(
        source.contains("\\u{2066}RIA Novosti\\u{2069}"),
        "Latin run isolated"
    );
    assert!(
        source.contains("\\u{2066}2015–2024\\u{2069}"),
        "compound number isolated"
    );
    assert!(source.contains("lang: \"ar\", dir: rtl, font: (\"Amiri\""));

    let built = pdf(&e, &PdfOptions::default());
    assert!(!built.has_errors(), "{:?}", built.diags);
    let files = built.value.unwrap();
    let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(names, ["pdf/en.pdf", "pdf/ar.pdf", "pdf/en-ar.pdf"]);
    let has = |bytes: &[u8], s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
    for name in ["(en-p1)", "(ar-p1)", "(en-title)", "(ar-title)"] {
        assert!(has(&files[2].bytes, name), "en-ar.pdf lacks {name}");
    }
    assert!(has(&files[1].bytes, "(p1)") && !has(&files[1].bytes, "(ar-p1)"));
    assert!(has(&files[2].bytes, "/Lang(ar)"));
}

#[test]
fn a_bad_edition_date_is_an_error() {
    let mut e = edition(vec![doc("en", "T", vec![])]);
    e.date = "18.10.2025".into();
    let built = pdf(&e, &PdfOptions::default());
    assert_eq!(built.diags[0].code, "pdf-date");
    assert!(built.value.is_none());
}
