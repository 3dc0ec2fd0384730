//! Unit tests of the aligner: each move type, calibration, and a 4,000-paragraph book.

use super::*;
use crate::model::Script;

fn l(s: &str) -> Lang {
    Lang::parse(s).unwrap()
}

fn src(texts: &[&str]) -> Vec<Anchors> {
    texts
        .iter()
        .map(|t| Anchors::of(t, Script::Latin, &Terms::default(), true))
        .collect()
}
fn tgt(texts: &[&str]) -> Vec<Anchors> {
    texts
        .iter()
        .map(|t| Anchors::of(t, Script::Cyrillic, &Terms::default(), false))
        .collect()
}
fn moves(a: &Alignment) -> Vec<(Move, Vec<usize>, Vec<usize>)> {
    a.links
        .iter()
        .map(|l| (l.kind, l.src.clone(), l.tgt.clone()))
        .collect()
}

// Ten source paragraphs with distinctive anchors and lengths, and their "translations".
fn english() -> Vec<String> {
    (0..10)
        .map(|i| {
            format!(
                "Paragraph {} of the report, written in {} with {} words about topic number {}.{}",
                i + 1,
                1990 + i,
                10 * (i + 3),
                i * 7 + 11,
                " More text here to vary the length.".repeat(i % 3 + 1)
            )
        })
        .collect()
}
fn russian() -> Vec<String> {
    (0..10)
        .map(|i| {
            format!(
                "Абзац {} доклада, написанный в {} году, {} слов о теме номер {}.{}",
                i + 1,
                1990 + i,
                10 * (i + 3),
                i * 7 + 11,
                " Ещё немного текста для длины абзаца.".repeat(i % 3 + 1)
            )
        })
        .collect()
}

fn run(s: &[String], t: &[String]) -> Alignment {
    let s: Vec<&str> = s.iter().map(String::as_str).collect();
    let t: Vec<&str> = t.iter().map(String::as_str).collect();
    align(&src(&s), &tgt(&t))
}

#[test]
fn issue_14_one_to_one() {
    let a = run(&english(), &russian());
    assert!(
        a.links.iter().all(|l| l.kind == Move::OneOne),
        "{:?}",
        moves(&a)
    );
    assert!(a.links.iter().all(|l| l.score > 0.5), "{:?}", a.links);
}

#[test]
fn issue_14_one_to_zero_when_a_translation_is_missing() {
    let mut t = russian();
    t.remove(4);
    let a = run(&english(), &t);
    let m = moves(&a);
    assert!(m.contains(&(Move::OneZero, vec![4], vec![])), "{m:?}");
    assert_eq!(m.iter().filter(|x| x.0 == Move::OneOne).count(), 9);
}

#[test]
fn issue_14_zero_to_one_for_an_extra_paragraph() {
    let mut t = russian();
    t.insert(
        6,
        "Примечание переводчика: 4242 и 777 здесь ни при чём, совсем другой текст с числами 31337."
            .into(),
    );
    let a = run(&english(), &t);
    let m = moves(&a);
    assert!(m.contains(&(Move::ZeroOne, vec![], vec![6])), "{m:?}");
}

#[test]
fn issue_14_two_to_one_merge() {
    let mut t = russian();
    let merged = format!("{} {}", t[2], t[3]);
    t.splice(2..4, [merged]);
    let a = run(&english(), &t);
    let m = moves(&a);
    assert!(m.contains(&(Move::TwoOne, vec![2, 3], vec![2])), "{m:?}");
}

#[test]
fn issue_14_one_to_two_split() {
    let mut t = russian();
    let (a, b) = t[5].split_at(t[5].find(" Ещё").unwrap());
    let (a, b) = (a.to_string(), b.trim().to_string());
    t.splice(5..6, [a, b]);
    let al = run(&english(), &t);
    let m = moves(&al);
    assert!(m.contains(&(Move::OneTwo, vec![5], vec![5, 6])), "{m:?}");
}

#[test]
fn issue_14_paragraph_left_in_english_is_untranslated_not_a_translation() {
    let e = english();
    let mut t = russian();
    t[7] = e[7].clone();
    let a = run(&e, &t);
    let m = moves(&a);
    assert!(m.contains(&(Move::Untranslated, vec![7], vec![7])), "{m:?}");
}

#[test]
fn issue_14_names_only_paragraph_is_not_foreign() {
    let a = Anchors::of("Exim 4", Script::Arabic, &Terms::default(), false);
    assert!(!a.foreign);
    let b = Anchors::of(
        "This was left in English.",
        Script::Arabic,
        &Terms::default(),
        false,
    );
    assert!(b.foreign);
}

#[test]
fn issue_14_anchors_unify_digits_and_find_markers_urls() {
    let s = Anchors::of(
        "In 2025, 20,000 troops [3] https://Example.org/a/.",
        Script::Latin,
        &Terms::default(),
        true,
    );
    let t = Anchors::of(
        "في ٢٠٢٥ نحو ٢٠٬٠٠٠ جندي [3] https://example.org/a",
        Script::Arabic,
        &Terms::default(),
        false,
    );
    let e = evidence(&s, &t);
    assert_eq!(
        e,
        Evidence {
            matched: 4,
            unmatched: 0
        },
        "{s:?} {t:?}"
    );
}

#[test]
fn issue_14_reads_plain_markdown_and_stele_files() {
    let (k, p) = read_paragraphs(b"# Title\n\nline one\nline two\n\n> quoted\n").unwrap();
    assert_eq!(k, InputKind::Text);
    assert_eq!(p.len(), 3);
    assert_eq!(p[0].lines, ["Title"]);
    assert_eq!(p[1].text(), "line one line two");
    assert_eq!(p[1].line, 3);
    let (k, p) = read_paragraphs(
        b"---\nlang: ar\n---\n\n::: {#p1 source=\"x\"}\nnass\n:::\n\n::: {#p2}\n\n:::\n::: {#p3}\nb\n:::\n",
    )
    .unwrap();
    assert_eq!(k, InputKind::SteleFile);
    assert_eq!(
        p.iter().map(Paragraph::text).collect::<Vec<_>>(),
        ["nass", "b"]
    );
    assert!(read_paragraphs(b"\x00\x01binary").is_err());
    assert!(read_paragraphs(b"\xff\xfe").is_err());
    assert!(read_paragraphs(b"\n\n  \n").is_err());
}

#[test]
fn issue_14_refuses_wrong_language_and_one_giant_paragraph() {
    let e = english();
    let s: Vec<&str> = e.iter().map(String::as_str).collect();
    let sa = src(&s);
    let paras = |v: &[String]| -> Vec<Paragraph> {
        v.iter()
            .map(|t| Paragraph {
                lines: vec![t.clone()],
                line: 1,
            })
            .collect()
    };
    let r = russian();
    let p = paras(&r);
    let ta = target_anchors(&p, &l("ar"), &Terms::default());
    assert!(refuse(&sa, &ta, &p, &l("ar"))
        .unwrap()
        .contains("not in `ar`"));
    let ta = target_anchors(&p, &l("ru"), &Terms::default());
    assert!(refuse(&sa, &ta, &p, &l("ru")).is_none());
    let giant = paras(&[r.join(" ")]);
    let ta = target_anchors(&giant, &l("ru"), &Terms::default());
    assert!(refuse(&sa, &ta, &giant, &l("ru"))
        .unwrap()
        .contains("1 paragraph"));
}

#[test]
fn issue_14_four_thousand_paragraphs_align_in_a_band() {
    let e = english();
    let r = russian();
    let mut s = Vec::new();
    let mut t = Vec::new();
    for k in 0..400 {
        for i in 0..10 {
            s.push(e[i].replace("report", &format!("report {k}")));
            if (k * 10 + i) % 97 != 5 {
                t.push(r[i].replace("доклада", &format!("доклада {k}")));
            }
        }
    }
    // Linear memory: the band stays narrow (the time is measured by benches/import_scale.py).
    let a = run(&s, &t);
    let gaps = a.links.iter().filter(|l| l.kind == Move::OneZero).count();
    assert_eq!(gaps, s.len() - t.len());
    assert!(a.calibration.band <= 64, "{:?}", a.calibration);
}

/// Target anchors as `target_anchors` computes them (with the file-wide kept-name pass).
fn tgt_doc(texts: &[&str], script: Script) -> Vec<Anchors> {
    let mut a: Vec<Anchors> = texts
        .iter()
        .map(|t| Anchors::of(t, script, &Terms::default(), false))
        .collect();
    anchors::mark_foreign(&mut a);
    a
}

#[test]
fn issue_14_swapped_neighbours_become_crossed_pairs_for_review() {
    let mut t = russian();
    t.swap(3, 4);
    let a = run(&english(), &t);
    let m = moves(&a);
    assert!(m.contains(&(Move::OneOne, vec![3], vec![4])), "{m:?}");
    assert!(m.contains(&(Move::OneOne, vec![4], vec![3])), "{m:?}");
    assert_eq!(m.iter().filter(|x| x.0 == Move::OneOne).count(), 10);
    for (k, l) in a.links.iter().enumerate() {
        let swapped = l.src == [3] || l.src == [4];
        assert_eq!(crossed(&a.links, k), swapped, "{k}: {l:?}");
        if swapped {
            assert!(
                !confident(&a.links, k),
                "a swapped pair is for review: {l:?}"
            );
        }
    }
}

#[test]
fn issue_14_no_swap_when_the_order_is_right() {
    // Equal lengths and no anchors: nothing tells the two apart, so the order stays.
    let s = src(&["Alpha beta gamma delta.", "Epsilon zeta eta theta."]);
    let t = tgt(&["Альфа бета гамма дельта.", "Эпсилон дзета эта тета."]);
    let a = align(&s, &t);
    assert_eq!(
        moves(&a),
        vec![
            (Move::OneOne, vec![0], vec![0]),
            (Move::OneOne, vec![1], vec![1])
        ]
    );
}

#[test]
fn issue_14_one_word_heading_left_in_english_is_untranslated_a_kept_name_is_not() {
    let e = english();
    let r = russian();
    let mut s: Vec<&str> = e.iter().map(String::as_str).collect();
    s.splice(3..3, ["References", "Exim 4"]);
    let exim = format!("{} Exim читает этот файл.", r[3]);
    let mut t: Vec<&str> = r.iter().map(String::as_str).collect();
    t[3] = &exim;
    t.splice(3..3, ["References", "Exim 4"]);
    let a = align(&src(&s), &tgt_doc(&t, Script::Cyrillic));
    let m = moves(&a);
    assert!(m.contains(&(Move::Untranslated, vec![3], vec![3])), "{m:?}");
    assert!(m.contains(&(Move::OneOne, vec![4], vec![4])), "{m:?}");
}

#[test]
fn issue_14_english_left_in_a_german_file_is_untranslated() {
    let e = english();
    let mut g: Vec<String> = (0..10)
        .map(|i| {
            format!(
                "Absatz {} des Berichts, geschrieben {} mit {} Wörtern über Thema Nummer {}.{}",
                i + 1,
                1990 + i,
                10 * (i + 3),
                i * 7 + 11,
                " Noch etwas Text, damit die Länge schwankt.".repeat(i % 3 + 1)
            )
        })
        .collect();
    g[5] = e[5].clone();
    let s: Vec<&str> = e.iter().map(String::as_str).collect();
    let t: Vec<&str> = g.iter().map(String::as_str).collect();
    let a = align(&src(&s), &tgt_doc(&t, Script::Latin));
    let m = moves(&a);
    assert!(m.contains(&(Move::Untranslated, vec![5], vec![5])), "{m:?}");
    assert_eq!(m.iter().filter(|x| x.0 == Move::OneOne).count(), 9);
}

#[test]
fn issue_14_a_final_stop_inside_closing_quotes_is_no_heading() {
    let shape = |t: &str, script| Anchors::of(t, script, &Terms::default(), false).heading;
    assert!(!shape(
        "«اقرأ السجل قبل أن تغيّر الإعدادات، لا بعد ذلك.»",
        Script::Arabic
    ));
    assert!(!shape(
        "„Ein Licht, das versagt, kostet Leben.“",
        Script::Latin
    ));
    assert!(shape("Локали и кодировки символов", Script::Cyrillic));
}

#[test]
fn issue_14_sentence_counts_tell_a_merge_from_a_gap() {
    let count = |t: &str| Anchors::of(t, Script::Latin, &Terms::default(), true).sentences;
    assert_eq!(count("Mr. Morel came in 1871. He left (in 1880.) Why?"), 3);
    assert_eq!(count("A heading"), 0);
    // A segment dropped from the translation next to one kept: a gap, not a merge, since the
    // kept paragraph has the sentences of one segment only.
    let e = english();
    let r = russian();
    let mut s: Vec<&str> = e.iter().map(String::as_str).collect();
    s.insert(
        6,
        "The keepers had a simple motto. The light must never go out.",
    );
    let t: Vec<&str> = r.iter().map(String::as_str).collect();
    let a = align(&src(&s), &tgt(&t));
    let m = moves(&a);
    assert!(m.contains(&(Move::OneZero, vec![6], vec![])), "{m:?}");
}

/// `english()` and `russian()` with `extra` inserted at `at` on each side (`None`: not on that
/// side), aligned.
fn with_inserted(at: usize, s_extra: &[&str], t_extra: &[&str]) -> Alignment {
    let (mut s, mut t) = (english(), russian());
    s.splice(at..at, s_extra.iter().map(|x| x.to_string()));
    t.splice(at..at, t_extra.iter().map(|x| x.to_string()));
    run(&s, &t)
}

#[test]
fn calibration_learns_the_ratio_from_every_pair_when_none_is_confident_issue_14() {
    // Six pairs without anchors, the translations 0.6 of their source's length: under the
    // first guess (ratio 1, spread 0.35) no pair fits well enough to be confident.
    let s: Vec<String> = (0..6)
        .map(|i| format!("{} end.", "word ".repeat(20 + 3 * i)))
        .collect();
    let t: Vec<String> = s
        .iter()
        .map(|x| format!("{} конец.", "слово ".repeat(x.len() * 6 / 10 / 6)))
        .collect();
    let sa = src(&s.iter().map(String::as_str).collect::<Vec<_>>());
    let ta = tgt(&t.iter().map(String::as_str).collect::<Vec<_>>());
    let guess = Calibration {
        ratio: 1.0,
        sigma: 0.35,
        anchors: 0,
        band: 0,
        sentence_weight: SENTENCE_WEIGHT,
    };
    let path: Vec<_> = (1..=6).map(|i| (Step::Move(Move::OneOne), i, i)).collect();
    let cal = calibrate(&path, &sa, &ta, &guess).expect("the ratio of the pairs");
    assert!((cal.ratio - 0.6).abs() < 0.08, "{cal:?}");
    assert_eq!((cal.sigma, cal.anchors), (0.35, 0), "{cal:?}");
}

#[test]
fn first_length_ratio_leaves_out_paragraphs_left_in_the_source_language_issue_14() {
    // Too short to learn from: the calibration is the first guess. The English paragraph stands
    // for the second segment: 20 Russian characters for the other 20 source ones, ratio 1.
    let s = src(&["Ten words.", "Long English text.", "Eleven wor."]);
    let t = tgt_doc(
        &["Десять сл.", "Long English text.", "Одиннадцать"],
        Script::Cyrillic,
    );
    assert!(t[1].foreign);
    let a = align(&s, &t);
    assert!(
        (a.calibration.ratio - 1.05).abs() < 0.01,
        "{:?}",
        a.calibration
    );
    assert_eq!(a.links[1].kind, Move::Untranslated, "{:?}", a.links);
}

#[test]
fn sentence_weight_is_learnt_from_pairs_that_keep_their_sentences_issue_14() {
    let a = run(&english(), &russian());
    let w = a.calibration.sentence_weight;
    // Ten confident pairs, all keeping their count: odds 11 to 1.
    assert!(
        (w - ((11.0f64).ln() - 0.6)).abs() < 1e-9,
        "{:?}",
        a.calibration
    );
    assert_eq!(calibrate::sentence_weight(0, 0), 0.0);
    assert_eq!(calibrate::sentence_weight(2, 8), 0.0);
    assert_eq!(calibrate::sentence_weight(1000, 1000), 3.0);
}

#[test]
fn a_dropped_segment_is_not_replaced_by_its_neighbour_with_other_sentences_issue_14() {
    // tech-manual: the two-sentence segment with `user@host` is dropped; the one-sentence
    // segment after it has a long translation, which fits the dropped one's length better.
    let a = with_inserted(
        5,
        &[
            "To test the setup, send a message to user@host from the command line. Within a few seconds, its delivery should appear in the main log of Exim.",
            "Mail that cannot be delivered stays in the queue and is retried for several days before it is returned to the sender.",
        ],
        &["Почта, которую не удаётся доставить, остаётся в очереди, и попытки доставки повторяются в течение нескольких дней, прежде чем письмо вернётся к отправителю."],
    );
    let m = moves(&a);
    assert!(m.contains(&(Move::OneZero, vec![5], vec![])), "{m:?}");
    assert!(m.contains(&(Move::OneOne, vec![6], vec![5])), "{m:?}");
}

#[test]
fn a_split_at_a_sentence_end_beats_a_dropped_neighbour_issue_14() {
    // align-basic: the short segment is dropped, the next one split after its first sentence;
    // the first part is short like the dropped segment, but exactly as long as the first
    // sentence of the split one.
    let a = with_inserted(
        5,
        &[
            "The keepers had a simple motto: the light must not go out.",
            "Today the tower is a museum. Visitors can climb its 117 steps and read the logbooks online at https://archive.example.org/verran.",
        ],
        &[
            "Сегодня башня — музей.",
            "Посетители могут подняться по её 117 ступеням и прочитать журналы на сайте https://archive.example.org/verran.",
        ],
    );
    let m = moves(&a);
    assert!(m.contains(&(Move::OneZero, vec![5], vec![])), "{m:?}");
    assert!(m.contains(&(Move::OneTwo, vec![6], vec![5, 6])), "{m:?}");
}
