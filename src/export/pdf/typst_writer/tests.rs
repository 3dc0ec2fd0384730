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
    use super::super::cites::count_cites;
    use super::super::*;

    /// Past `MAX_TYPST_NESTING` containers the rest is plain text with one `pdf-nesting`
    /// warning, and the citations counted for back-links are those written as links.
    #[test]
    fn issue_12_containers_past_the_typst_limit_are_plain_text() {
        let cite = |n: u32| {
            Inline::Cite(
                vec![pandoc_ast::Citation {
                    citationId: format!("ref-{n}"),
                    citationPrefix: vec![],
                    citationSuffix: vec![],
                    citationMode: pandoc_ast::CitationMode::NormalCitation,
                    citationNoteNum: 0,
                    citationHash: 0,
                }],
                vec![Inline::Str(format!("[{n}]"))],
            )
        };
        let mut x = vec![cite(1)];
        for _ in 0..(MAX_TYPST_NESTING + 40) {
            x = vec![Inline::Emph(x)];
        }
        x.push(cite(1));
        let ids: BTreeSet<String> = ["ref-1".to_string()].into();
        let mut counted = BTreeMap::new();
        count_cites(&x, &ids, &mut counted, (0, 0));
        // Only the shallow citation is written as a link; the deep one is text.
        assert_eq!(counted.get("ref-1"), Some(&1));
    }
}
