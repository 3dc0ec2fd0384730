//! Unit tests of the Typst writer: escaping, and the depth and nesting caps (issue 12).

#[cfg(test)]
mod escaping {
    use super::super::*;

    #[test]
    fn every_ascii_punctuation_character_is_escaped() {
        let all: String = (0x21u8..0x7f)
            .map(char::from)
            .filter(|c| c.is_ascii_punctuation())
            .collect();
        let m = markup(&all);
        let mut chars = m.chars();
        while let Some(c) = chars.next() {
            assert_eq!(c, '\\', "unescaped character in {m}");
            assert!(chars.next().is_some_and(|c| c.is_ascii_punctuation()));
        }
        assert_eq!(markup("a\nb\u{2028}c\td"), "a b c d");
        assert_eq!(markup("x\u{7}y"), "x\\u{7}y");
        assert_eq!(markup("«ё» ش"), "«ё» ش");
    }

    #[test]
    fn string_literals_escape_quotes_and_backslashes() {
        assert_eq!(string_literal(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(string_literal("x\ny"), r#""x\ny""#);
    }

    #[test]
    fn typst_lang_arguments() {
        assert_eq!(
            lang_args(&Lang::parse("pt-BR").unwrap()),
            r#"lang: "pt", region: "BR""#
        );
        assert_eq!(lang_args(&Lang::parse("ar").unwrap()), r#"lang: "ar""#);
    }
}

/// Issue 12: deep nesting in the Typst writer.
#[cfg(test)]
mod issue_12_depth {
    use super::super::*;

    pub(super) use crate::normalize::inline::cite;

    pub(super) fn doc(blocks: Vec<Block>) -> Document {
        Document {
            lang: Lang::parse("en").unwrap(),
            ast: pandoc_ast::Pandoc {
                meta: Default::default(),
                blocks,
                pandoc_api_version: vec![1, 23],
            },
        }
    }

    pub(super) fn segment(id: &str, class: &str, x: Vec<Inline>) -> Block {
        Block::Div(
            (
                id.into(),
                vec![class.into()],
                vec![(pandoc::FINGERPRINT_KEY.into(), "f".into())],
            ),
            vec![Block::Para(x)],
        )
    }

    /// Past `MAX_TYPST_NESTING` containers the rest is plain text with one `pdf-nesting`
    /// warning; the deep citation keeps its number (the next one is `cite-p1-2`, as in the
    /// citation index) and the entry links back only to the citation written as a link.
    #[test]
    fn issue_12_containers_past_the_typst_limit_are_plain_text() {
        let mut x = vec![cite(1)];
        for _ in 0..(MAX_TYPST_NESTING + 40) {
            x = vec![Inline::Emph(x)];
        }
        x.push(cite(1));
        let entry = segment("ref-1", "csl-entry", vec![Inline::Str("Entry".into())]);
        let doc = doc(vec![segment("p1", "paragraph", x), entry]);
        let cites = pandoc::cites::index(&doc);
        let families = |_: &Lang| vec!["Libertinus Serif".to_string()];
        let mut w = Writer::new(&doc, &doc.lang, "", &cites, &families, false);
        w.document();
        assert!(!w.out.contains("<cite-p1-1>"), "{}", w.out);
        assert!(w.out.contains("]<cite-p1-2>"), "{}", w.out);
        let back = format!("#link({})", internal_link("cite-p1-2"));
        assert_eq!(w.out.matches("stele-internal-link:cite-").count(), 1);
        assert!(w.out.contains(&back), "{}", w.out);
        assert!(w.diags.iter().any(|d| d.code == "pdf-nesting"));
    }
}
