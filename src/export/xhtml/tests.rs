//! Unit tests of the XHTML serializer: escaping, ids, language and direction isolation, citations.

use super::*;

fn lang(t: &str) -> Lang {
    Lang::parse(t).unwrap()
}

fn doc(l: &str, blocks: Vec<Block>) -> Document {
    let mut ast = pandoc::new_doc();
    ast.blocks = blocks;
    Document { lang: lang(l), ast }
}

fn render(d: &Document, opts: &XhtmlOptions) -> String {
    let mut s = String::new();
    blocks(d, &d.ast.blocks, opts, &mut s);
    s
}

fn seg_div(id: &str, class: &str, kv: &[(&str, &str)], inl: Vec<Inline>) -> Block {
    let mut kvs = vec![("fingerprint".to_string(), "abc".to_string())];
    kvs.extend(kv.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Block::Div((id.into(), vec![class.into()], kvs), vec![Block::Para(inl)])
}

#[test]
fn escaping_is_complete() {
    assert_eq!(
        escape_text("<script>alert(1)</script> & \" '"),
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \" '"
    );
    assert_eq!(
        escape_attr("\" onload=alert(1) '"),
        "&quot; onload=alert(1) &#39;"
    );
    assert_eq!(
        escape_text("a\u{0}b\u{7}c\u{85}d\u{FFFF}e\u{FDD0}\r"),
        "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}\u{FFFD}"
    );
    assert_eq!(escape_text("tab\tline\n"), "tab\tline\n");
}

#[test]
fn raw_html_and_script_urls_are_shown_as_text() {
    let d = doc(
        "en",
        vec![seg_div(
            "p1",
            "paragraph",
            &[],
            vec![
                Inline::RawInline(
                    pandoc_ast::Format("html".into()),
                    "<script>alert(1)</script>".into(),
                ),
                Inline::Link(
                    ("".into(), vec![], vec![]),
                    vec![Inline::Str("x".into())],
                    ("javascript:alert(1)".into(), "".into()),
                ),
                Inline::Link(
                    ("".into(), vec![], vec![]),
                    vec![Inline::Str("y".into())],
                    ("Java\tScript:alert(1)".into(), "\" onload=\"x".into()),
                ),
            ],
        )],
    );
    let html = render(&d, &XhtmlOptions::default());
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script"));
    assert!(!html.to_lowercase().contains("href=\"java"), "{html}");
    assert!(html.contains("title=\"&quot; onload=&quot;x\""), "{html}");
}

#[test]
fn latin_names_numbers_and_markers_are_isolated_in_arabic() {
    let t =
        "زار Vladimir Putin موسكو في 15 أكتوبر 2025، بنسبة 50% [3]. صحيفة Al-Ghad (Jordan) و1,000";
    let runs: Vec<&str> = crate::bidi::runs(t, Dir::Rtl)
        .iter()
        .map(|r| &t[r.start..r.end])
        .collect();
    assert_eq!(
        runs,
        [
            "Vladimir Putin",
            "15",
            "2025",
            "50%",
            "[3]",
            "Al-Ghad (Jordan)",
            "1,000"
        ]
    );
    // Nothing to isolate in English without Arabic letters; Arabic inside English is.
    assert!(crate::bidi::runs("In 2025, Putin [3].", Dir::Ltr).is_empty());
    let t = "the paper الغد (Jordan)";
    let runs: Vec<&str> = crate::bidi::runs(t, Dir::Ltr)
        .iter()
        .map(|r| &t[r.start..r.end])
        .collect();
    assert_eq!(runs, ["الغد"]);
}

#[test]
fn segments_keep_ids_citations_link_both_ways() {
    let cite = crate::normalize::inline::cite(1);
    let entry = Block::Div(
        (
            "ref-1".into(),
            vec!["csl-entry".into()],
            vec![
                ("fingerprint".into(), "f".into()),
                ("number".into(), "1".into()),
            ],
        ),
        vec![Block::Para(vec![Inline::Str("Source.".into())])],
    );
    let d = doc(
        "ar",
        vec![
            seg_div(
                "p1",
                "paragraph",
                &[],
                vec![Inline::Str("نص".into()), cite.clone()],
            ),
            seg_div("p2", "paragraph", &[], vec![cite]),
            Block::Div(
                ("refs".into(), vec!["references".into()], vec![]),
                vec![entry],
            ),
        ],
    );
    let html = render(
        &d,
        &XhtmlOptions {
            id_prefix: "ar-",
            ..Default::default()
        },
    );
    assert!(
        html.contains("<div id=\"ar-p1\" class=\"paragraph\">"),
        "{html}"
    );
    assert!(
        html.contains(
            "<a class=\"cite\" id=\"ar-cite-p1-1\" href=\"#ar-ref-1\" dir=\"ltr\">[1]</a>"
        ),
        "{html}"
    );
    assert!(html.contains("id=\"ar-cite-p2-1\""));
    assert!(html.contains("href=\"#ar-cite-p1-1\">a</a>"), "{html}");
    assert!(html.contains("href=\"#ar-cite-p2-1\">b</a>"), "{html}");
    assert!(
        html.contains("<span class=\"ref-number\" dir=\"ltr\">[1]</span>"),
        "{html}"
    );
}

#[test]
fn stand_ins_carry_language_direction_and_a_localized_note() {
    let ui = Ui::new(&lang("ar"));
    let en = lang("en");
    let d = doc(
        "ar",
        vec![seg_div(
            "p7",
            "paragraph",
            &[("status", "untranslated"), ("lang", "en")],
            vec![Inline::Str("English".into())],
        )],
    );
    let extra = |id: &str, _k: SegmentKind| format!("<span class=\"x\">{id}</span>");
    let html = render(
        &d,
        &XhtmlOptions {
            ui: Some(&ui),
            source_lang: Some(&en),
            segment_extra: Some(&extra),
            ..Default::default()
        },
    );
    assert!(
        html.starts_with("<div id=\"p7\" class=\"paragraph status-untranslated\" data-status=\"untranslated\" lang=\"en\" xml:lang=\"en\" dir=\"ltr\">"),
        "{html}"
    );
    // The note is Arabic, right-to-left, naming English.
    assert!(html.contains("<p class=\"status-note\" lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\">لم تُترجم بعد: يُعرض النص الأصلي باللغة <bdi>الإنجليزية</bdi>.</p>"), "{html}");
    assert!(html.contains("<span class=\"x\">p7</span></div>"));
    // The English text itself is not isolated as foreign inside the English stand-in.
    assert!(!html.contains("<bdi dir=\"ltr\">English"));
}

#[test]
fn foreign_spans_get_lang_and_dir() {
    let span = Inline::Span(
        (
            "".into(),
            vec!["title".into()],
            vec![
                ("lang".into(), "ru".into()),
                ("gloss".into(), "Missed".into()),
            ],
        ),
        vec![Inline::Str("Опять".into())],
    );
    let d = doc("en", vec![Block::Para(vec![span])]);
    let en = lang("en");
    let html = render(
        &d,
        &XhtmlOptions {
            source_lang: Some(&en),
            ..Default::default()
        },
    );
    assert_eq!(
        html,
        "<p><span class=\"title\" lang=\"ru\" xml:lang=\"ru\" dir=\"ltr\">Опять</span> <span class=\"gloss\">[Missed]</span></p>\n"
    );
    // Not in a translation: the gloss is in the source language.
    let ar = lang("ar");
    let d = Document {
        lang: ar.clone(),
        ..d
    };
    let html = render(
        &d,
        &XhtmlOptions {
            source_lang: Some(&en),
            ..Default::default()
        },
    );
    assert!(!html.contains("gloss"), "{html}");
}

#[test]
fn output_is_well_formed_xml() {
    let d = doc(
        "ar",
        vec![
            seg_div(
                "p1",
                "paragraph",
                &[],
                vec![
                    Inline::Str("a<b>&\"c".into()),
                    Inline::LineBreak,
                    Inline::Code(Default::default(), "x<y".into()),
                ],
            ),
            Block::HorizontalRule,
        ],
    );
    let html = render(&d, &XhtmlOptions::default());
    let wrapped = format!("<root>{html}</root>");
    let mut r = quick_xml::Reader::from_str(&wrapped);
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed: {e}\n{html}"),
        }
    }
}
