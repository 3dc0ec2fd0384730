//! Unit tests of the translation-file reader and writers.
use super::*;

fn ar() -> Lang {
    Lang::parse("ar").unwrap()
}

fn parse_str(s: &str) -> (Option<TranslationFile>, Vec<Diagnostic>) {
    parse(s.as_bytes(), Path::new("ar.md"), &ar())
}

const OK: &str = "---\nlang: ar\ntitle: \"ت\"\n---\n\n::: {#p1 source=\"abc\"}\nنص\nوسطر\n:::\n\n<!-- a note -->\n::: {#p2}\n\n:::\n";

#[test]
fn issue13_div_is_found_by_id_through_the_index_and_after_divs_change() {
    let (f, _) = parse_str(OK);
    let mut f = f.unwrap();
    assert_eq!(f.div("p1").map(|d| d.text()), Some("نص\nوسطر".to_string()));
    assert!(f.div("p2").is_some_and(|d| d.is_empty()));
    assert!(f.div("p3").is_none());
    // Changed after parsing: the lookup still answers from `divs` itself.
    f.divs.swap(0, 1);
    assert_eq!(f.div("p1").map(|d| d.text_line()), Some(7));
    f.divs.remove(0);
    assert!(f.div("p2").is_none());
    assert!(f.div("p1").is_some());
}

#[test]
fn parses_front_matter_and_divs() {
    let (f, d) = parse_str(OK);
    assert!(d.is_empty(), "{d:?}");
    let f = f.unwrap();
    assert_eq!(f.front.title.as_deref(), Some("ت"));
    assert_eq!(f.divs.len(), 2);
    assert_eq!(f.divs[0].source.as_deref(), Some("abc"));
    assert_eq!(f.divs[0].text(), "نص\nوسطر");
    assert_eq!(f.divs[0].text_line(), 7);
    assert!(f.divs[1].is_empty() && f.divs[1].source.is_none());
}

#[test]
fn issue_12_control_characters_are_removed_before_the_file_is_read() {
    // In the front matter (where YAML would refuse them) and in a div, after a BOM and with
    // CRLF line ends: the columns count characters of the line as the translator sees it.
    let text = "\u{FEFF}---\r\nlang: ar\r\ntitle: \"ت\u{FFFE}\"\r\n---\r\n::: {#p1}\r\nنص\u{B}\u{0}x\r\n:::\r\n";
    let (f, d) = parse_str(text);
    let f = f.unwrap_or_else(|| panic!("{d:?}"));
    assert_eq!(f.front.title.as_deref(), Some("ت"));
    assert_eq!(f.divs[0].text(), "نصx");
    assert_eq!(f.eol, "\r\n");
    let found: Vec<_> = d
        .iter()
        .map(|d| (d.code, d.line, d.col, d.lang.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            ("control-char", Some(3), Some(10), Some("ar")),
            ("control-char", Some(6), Some(3), Some("ar")),
        ]
    );
    assert!(d[1]
        .message
        .contains("removed 2 control character(s), first U+000B"));
}

#[test]
fn attributes_parse_like_pandoc() {
    let items = attr_items(r#"#p1 .x source="a b" k=v"#).unwrap();
    assert_eq!(items[2], ("source".into(), "a b".into()));
    assert!(attr_items(r#"source="open"#).is_err());
}

#[test]
fn sync_keeps_crlf_line_ends_and_every_other_byte() {
    let text = OK.replace('\n', "\r\n");
    let file = parse_str(&text).0.unwrap();
    let seg = |id: &str| SourceSegment {
        id: id.into(),
        kind: crate::model::SegmentKind::Paragraph,
        fingerprint: "f".into(),
        line: 1,
        text: String::new(),
        chapter: 0,
    };
    let source = [seg("p0"), seg("p1"), seg("p2"), seg("p3")];
    let (out, added) = with_new_divs(&text, &file, &source).unwrap();
    assert_eq!(added, ["p0", "p3"]);
    assert!(out.contains("::: {#p0}\r\n\r\n:::\r\n\r\n::: {#p1 "));
    assert!(out.ends_with(":::\r\n\r\n::: {#p3}\r\n\r\n:::\r\n"));
    let back = out
        .replacen("::: {#p0}\r\n\r\n:::\r\n\r\n", "", 1)
        .replacen("\r\n::: {#p3}\r\n\r\n:::\r\n", "", 1);
    assert_eq!(back, text);
    assert!(with_new_divs(&text, &file, &source[1..3]).is_none());
}

#[test]
fn unknown_front_matter_key_is_an_error_with_its_line() {
    let (f, d) = parse_str("---\nlang: ar\ntitel: x\n---\n");
    assert!(f.is_none());
    assert_eq!(d[0].code, "front-matter");
    assert_eq!(d[0].line, Some(3), "{}", d[0]);
    assert!(d[0].message.contains("titel"), "{}", d[0]);
}

#[test]
fn issue_14_comments_inside_divs_are_not_text() {
    // What `stele sync` writes stays a hole; text typed under the comment is read without it;
    // a comment within a line is cut out, and one spanning lines is dropped whole.
    let text = "---\nlang: ar\n---\n::: {#p1}\n<!-- source: The text -->\n\n:::\n::: {#p2}\n<!-- source: x -->\nنص <!-- note --> آخر <!-- end -->\n:::\n::: {#p3}\nأ\n<!-- a\n\nb -->\nب\n:::\n";
    let (f, d) = parse_str(text);
    let f = f.unwrap_or_else(|| panic!("{d:?}"));
    assert!(d.is_empty(), "{d:?}");
    assert!(f.divs[0].is_empty());
    assert_eq!(f.divs[1].text(), "نص آخر");
    assert_eq!(f.divs[1].text_line(), 10);
    assert_eq!(f.divs[2].text(), "أ\nب");
    // An unclosed comment ends at the fence, with a warning naming its line.
    let (f, d) = parse_str("---\nlang: ar\n---\n::: {#p1}\nنص\n<!-- open\n:::\n");
    assert_eq!(f.unwrap().divs[0].text(), "نص");
    assert_eq!((d[0].code, d[0].line), ("markup", Some(6)));
}

#[test]
fn issue_14_sync_writes_the_source_text_as_a_comment() {
    let seg = SourceSegment {
        id: "p1".into(),
        kind: crate::model::SegmentKind::Paragraph,
        fingerprint: "f".into(),
        line: 1,
        text: "A -- b --> c".into(),
        chapter: 0,
    };
    let div = new_div(&seg, "\r\n");
    assert_eq!(
        div,
        "::: {#p1}\r\n<!-- source: A - - b - -> c -->\r\n\r\n:::\r\n"
    );
    let (f, _) = parse_str(&format!("---\nlang: ar\n---\n{div}"));
    assert!(f.unwrap().divs[0].is_empty());
}

#[test]
fn issue_14_set_source_keeps_every_other_byte_of_the_fence() {
    let cases = [
        ("::: {#p1}", "::: {#p1 source=\"abc\"}"),
        ("::: {#p1 source=\"old\"}", "::: {#p1 source=\"abc\"}"),
        (
            "::: {#p1 source='old' ignore=\"x y\"}",
            "::: {#p1 source='abc' ignore=\"x y\"}",
        ),
        (
            "::: { .x #p1   k=v source=old } :::",
            "::: { .x #p1 source=\"abc\"   k=v source=abc } :::",
        ),
        ("::::{#p1 source=\"\"}", "::::{#p1 source=\"abc\"}"),
        ("::: {#p1 source}", "::: {#p1 source=\"abc\"}"),
    ];
    for (line, want) in cases {
        let got = set_source_attr(line, "abc");
        // An item `source=…` already present is replaced, not duplicated.
        let want = if line.contains("k=v") {
            "::: { .x #p1   k=v source=abc } :::".to_string()
        } else {
            want.to_string()
        };
        assert_eq!(got.as_deref(), Some(want.as_str()), "{line}");
    }
    assert_eq!(set_source_attr("no fence", "abc"), None);
    let text = OK.replace('\n', "\r\n");
    let file = parse_str(&text).0.unwrap();
    let updates = BTreeMap::from([("p2".to_string(), "fff".to_string())]);
    let out = with_sources(&text, &file, &updates).unwrap();
    assert_eq!(out, text.replace("::: {#p2}", "::: {#p2 source=\"fff\"}"));
}
