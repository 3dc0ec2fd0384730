//! Unit tests of sentence splitting, alignment and wrapping (issue 19).

use super::*;
use crate::pandoc::text_inlines;

fn lang(t: &str) -> Lang {
    Lang::parse(t).unwrap()
}

fn texts(x: &[Inline], l: &str) -> Vec<String> {
    split(x, &lang(l))
        .iter()
        .map(|r| pandoc::stringify(&x[r.clone()]))
        .collect()
}

#[test]
fn issue19_split_at_top_level_sentence_ends() {
    let x = text_inlines("Mr. Smith came. He saw V. Putin on Oct. 15. Then he left!");
    assert_eq!(
        texts(&x, "en"),
        [
            "Mr. Smith came.",
            "He saw V. Putin on Oct. 15.",
            "Then he left!"
        ]
    );
    let ar = text_inlines("وصل الرئيس. هل كانت الزيارة ناجحة؟ نعم.");
    assert_eq!(
        texts(&ar, "ar"),
        ["وصل الرئيس.", "هل كانت الزيارة ناجحة؟", "نعم."]
    );
}

#[test]
fn issue19_no_cut_inside_a_quotation() {
    let mut x = text_inlines("He said");
    x.push(Inline::Space);
    x.push(Inline::Quoted(
        pandoc_ast::QuoteType::DoubleQuote,
        text_inlines("One. Two."),
    ));
    x.push(Inline::Space);
    x.extend(text_inlines("and left. Then more."));
    let t = texts(&x, "en");
    assert_eq!(t.len(), 2, "{t:?}");
    assert!(t[0].ends_with("and left."), "{t:?}");
}

#[test]
fn issue19_wrap_keeps_every_inline_and_names_counterparts() {
    let x = text_inlines("One. Two three. Four.");
    let ranges = split(&x, &lang("en"));
    let cps = vec![vec![0], vec![1, 2], vec![]];
    let w = wrap(x.clone(), "p3", &ranges, Some(&cps));
    assert_eq!(pandoc::stringify(&w), pandoc::stringify(&x));
    let spans: Vec<(String, String)> = w
        .iter()
        .filter_map(|i| match i {
            Inline::Span((id, cls, kv), _) => {
                assert_eq!(cls, &[CLASS.to_string()]);
                Some((id.clone(), kv[0].1.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        spans,
        [
            ("p3.s1".to_string(), "p3.s1".to_string()),
            ("p3.s2".to_string(), "p3.s2 p3.s3".to_string()),
            ("p3.s3".to_string(), String::new()),
        ]
    );
}

#[test]
fn issue19_align_finds_a_split_sentence() {
    let terms = Terms::default();
    let en = text_inlines("The visit took place on 15 October 2025 in Moscow. It lasted two days and ended with a joint statement on energy, trade and the future of the bases. Nothing else was said.");
    let ru = text_inlines("Визит состоялся 15 октября 2025 года в Москве. Он продлился два дня. Он завершился совместным заявлением об энергетике, торговле и будущем баз. Больше ничего сказано не было.");
    let s = align(&en, &lang("en"), &ru, &lang("ru"), &terms, 0.9);
    let pairs: Vec<(Vec<usize>, Vec<usize>)> = s
        .links
        .iter()
        .map(|l| (l.src.clone(), l.tgt.clone()))
        .collect();
    assert_eq!(
        pairs,
        [
            (vec![0], vec![0]),
            (vec![1], vec![1, 2]),
            (vec![2], vec![3])
        ]
    );
}

#[test]
fn issue19_one_sentence_side_takes_all() {
    let terms = Terms::default();
    let en = text_inlines("A long sentence, with a clause, and another clause.");
    let ar = text_inlines("جملة طويلة. وفيها جملة ثانية. وثالثة.");
    let s = align(&en, &lang("en"), &ar, &lang("ar"), &terms, 1.0);
    assert_eq!(s.links.len(), 1);
    assert_eq!(s.links[0].kind, "1:3");
    assert_eq!(counterparts(&s), vec![vec![0], vec![0], vec![0]]);
}

#[test]
fn issue19_trailing_sentences_lost() {
    let terms = Terms::default();
    let en = text_inlines("The visit of Syrian President Ahmad al-Sharaa to Moscow and his meeting with his Russian counterpart Vladimir Putin on October 15, 2025, generated widespread discussion and debate about its underlying motives and political implications. The timing was particularly significant, coming at a critical geopolitical juncture for both Syria and the wider region. The visit coincided with an accelerating Arab and international normalization process with Damascus and a gradual recognition of the legitimacy of the current transitional government. It also took place less than two weeks after the tenth anniversary of Russia’s military intervention in Syria, rekindling debates about the enduring legacy of that intervention and its far-reaching consequences for Syria’s present political landscape.");
    let ar = text_inlines("أثارت زيارة الرئيس السوري أحمد الشرع إلى موسكو ولقاؤه نظيره الروسي فلاديمير بوتين في 15 تشرين الأول/أكتوبر 2025 نقاشا وجدلا واسعين حول دوافعها الكامنة وانعكاساتها السياسية. وقد اكتسب توقيتها أهمية خاصة، إذ جاءت في منعطف جيوسياسي حرج بالنسبة إلى سوريا والمنطقة بأسرها.");
    let s = align(&en, &lang("en"), &ar, &lang("ar"), &terms, 0.8);
    let pairs: Vec<(Vec<usize>, Vec<usize>)> = s
        .links
        .iter()
        .map(|l| (l.src.clone(), l.tgt.clone()))
        .collect();
    assert_eq!(
        pairs,
        [
            (vec![0], vec![0]),
            (vec![1], vec![1]),
            (vec![2], vec![]),
            (vec![3], vec![])
        ]
    );
}
