//! Unit tables of the typography pass: one table per rule, written with `~` for a no-break
//! space and `^` for a word joiner.

use super::*;
use crate::pandoc::{stringify, text_inlines};

/// The pass over `text` in `lang`, with NBSP shown as `~` and the word joiner as `^`.
fn typeset(lang: &str, text: &str) -> String {
    let mut inlines = text_inlines(text);
    inlines_pass(&mut inlines, &Lang::parse(lang).unwrap());
    stringify(&inlines)
        .replace(NBSP, "~")
        .replace(WORD_JOINER, "^")
}

fn table(lang: &str, rows: &[(&str, &str)]) {
    for (input, want) in rows {
        assert_eq!(typeset(lang, input), *want, "{lang}: {input}");
    }
}

#[test]
fn issue18_ru_one_letter_words_keep_to_the_next_word() {
    table(
        "ru",
        &[
            ("участвует в переговорах", "участвует в~переговорах"),
            ("к Москве и Дамаску", "к~Москве и~Дамаску"),
            ("с тех пор а также", "с~тех пор а~также"),
            ("о том, у них, я думаю", "о~том, у~них, я~думаю"),
            ("(в частности)", "(в~частности)"),
            ("«И всё же»", "«И~всё же»"),
            ("В Сирии", "В~Сирии"),
            // not one letter: left breakable
            ("во время от него", "во время от него"),
        ],
    );
}

#[test]
fn issue18_ru_no_break_before_a_spaced_dash() {
    table(
        "ru",
        &[
            ("Россия — партнёр", "Россия~— партнёр"),
            ("база — российской армии", "база~— российской армии"),
            ("1990 – 1991", "1990~– 1991"),
            // a hyphen is not touched; an unspaced em dash keeps to the word before it (the
            // unspaced-dash rule below), so it cannot start a line either
            ("северо-запад", "северо-запад"),
            ("слово—слово", "слово^—слово"),
        ],
    );
}

#[test]
fn issue18_ru_numbers_keep_their_unit_year_and_month() {
    table(
        "ru",
        &[
            ("в 2025 года", "в~2025~года"),
            ("осенью 2024 г. стало", "осенью 2024~г. стало"),
            ("15 октября", "15~октября"),
            ("на 20 км южнее", "на 20~км южнее"),
            ("рост на 5 %", "рост на 5~%"),
            ("3,5 млрд долларов", "3,5~млрд долларов"),
            ("в 1990-х годах", "в~1990-х годах"),
            // a number before an ordinary word stays breakable
            ("2025 стал", "2025 стал"),
        ],
    );
}

#[test]
fn issue18_ru_initials_stay_with_the_surname() {
    table(
        "ru",
        &[
            ("А. С. Пушкин", "А.~С.~Пушкин"),
            ("писал В. Путин", "писал В.~Путин"),
            ("конец фразы. Новое", "конец фразы. Новое"),
        ],
    );
}

#[test]
fn issue18_ar_dates_do_not_break_inside_or_at_the_slash() {
    table(
        "ar",
        &[
            (
                "في 15 تشرين الأول/أكتوبر 2025 أعلن",
                "في 15~تشرين~الأول^/^أكتوبر~2025 أعلن",
            ),
            ("8 كانون الأول/ديسمبر 2024", "8~كانون~الأول^/^ديسمبر~2024"),
            ("في آذار/مارس 2011،", "في آذار^/^مارس~2011،"),
            ("١٥ أكتوبر ٢٠٢٥", "١٥~أكتوبر~٢٠٢٥"),
            // no month name: nothing joined
            ("الفصل الأول من الكتاب", "الفصل الأول من الكتاب"),
            ("و/أو", "و/أو"),
            ("الاتفاق — ثم", "الاتفاق~— ثم"),
        ],
    );
}

#[test]
fn issue18_en_abbreviations_and_units_keep_to_their_number() {
    table(
        "en",
        &[
            ("see p. 12 and pp. 40–45", "see p.~12 and pp.~40–45"),
            ("Resolution No. 2254", "Resolution No.~2254"),
            ("about 20 km south", "about 20~km south"),
            ("a 5 % rise", "a 5~% rise"),
            ("J. R. Smith wrote", "J.~R.~Smith wrote"),
            ("the base — a lever", "the base~— a lever"),
            // a number and an ordinary word stay breakable
            ("in 2025 the", "in 2025 the"),
        ],
    );
}

#[test]
fn issue18_rules_follow_the_language_of_spans_and_divs() {
    use pandoc_ast::{Block, Inline};
    let ru_span = Inline::Span(
        ("".into(), vec![], vec![("lang".into(), "ru".into())]),
        text_inlines("в Москве"),
    );
    let mut inlines = text_inlines("see p. 4 and");
    inlines.push(Inline::Space);
    inlines.push(ru_span);
    let en_div = Block::Div(
        ("".into(), vec![], vec![("lang".into(), "en".into())]),
        vec![Block::Para(text_inlines("a stand-in: p. 4 в Москве"))],
    );
    let mut doc = crate::pandoc::new_doc();
    doc.blocks = vec![Block::Para(inlines), en_div];
    apply(&mut doc, &Lang::parse("ar").unwrap());
    let text = crate::pandoc::stringify_blocks(&doc.blocks).replace(NBSP, "~");
    // the Arabic document's English paragraph gets no English rule; its Russian span does
    assert!(text.contains("see p. 4 and в~Москве"), "{text}");
    // the English stand-in gets the English rule, not the Russian one
    assert!(text.contains("p.~4 в Москве"), "{text}");
}

#[test]
fn issue18_code_is_left_as_written() {
    use pandoc_ast::Block;
    let mut doc = crate::pandoc::new_doc();
    doc.blocks = vec![Block::CodeBlock(
        Default::default(),
        "в коде — как есть".into(),
    )];
    let before = doc.clone();
    apply(&mut doc, &Lang::parse("ru").unwrap());
    assert_eq!(doc, before);
}

#[test]
fn issue18_unspaced_em_dash_stays_with_the_word_before() {
    for lang in ["en", "ru", "ar"] {
        table(
            lang,
            &[
                (
                    "the United States—to expand",
                    "the United States^—to expand",
                ),
                ("one—two—three", "one^—two^—three"),
                // spaced dashes are the space rule's; a leading dash has nothing to keep to
                ("—alone", "—alone"),
            ],
        );
    }
}
