//! Tests of the ID registry: assignment, matching of edited paragraphs, validation on load.

use super::*;

fn cands<'a>(texts: &'a [(&'a str, String)]) -> Vec<Candidate<'a>> {
    texts
        .iter()
        .map(|(t, fp)| Candidate {
            kind: SegmentKind::Paragraph,
            text: t,
            fingerprint: fp,
            number: None,
        })
        .collect()
}

fn run(texts: &[&str], prev: &Registry) -> (Vec<String>, Registry, Changes) {
    let owned: Vec<(&str, String)> = texts
        .iter()
        .map(|t| (*t, crate::normalize::fingerprint(t)))
        .collect();
    assign(&cands(&owned), prev)
}

const A: &str = "the first paragraph talks about moscow and damascus";
const B: &str = "the second paragraph is about bases in latakia and tartus";
const C: &str = "a third paragraph discusses transitional justice at length";
const N: &str = "an entirely new paragraph on something unrelated here";

/// Issue 15 (the hashed fingerprint lookup): repeated identical paragraphs keep their IDs in
/// document order, a deleted copy retires the last one, and an edit among copies is still found.
#[test]
fn issue15_repeated_texts_keep_their_ids_in_order() {
    let (ids0, reg0, _) = run(&[A, B, A, C, A], &Registry::default());
    assert_eq!(ids0, ["p1", "p2", "p3", "p4", "p5"]);
    let (ids, reg, ch) = run(&[A, B, A, C], &reg0);
    assert_eq!(ids, ["p1", "p2", "p3", "p4"]);
    assert_eq!(ch.retired, ["p5"]);
    assert!(reg.retired.contains(&"p5".to_string()));
    // Moved: the copy of A after C takes the first unused A, the new text gets a new ID.
    let edited = C.replace("at length", "at some length");
    let (ids, _, ch) = run(&[B, A, N, &edited, A], &reg);
    assert_eq!(ids, ["p2", "p1", "p6", "p4", "p3"]);
    assert_eq!(ch.edited, ["p4"]);
    assert_eq!(ch.added, ["p6"]);
}

#[test]
fn id_stability_table() {
    let (ids0, reg0, _) = run(&[A, B, C], &Registry::default());
    assert_eq!(ids0, ["p1", "p2", "p3"]);
    // (case, texts, expected ids, expected retired)
    let edited_b = B.replace("latakia", "the province of latakia");
    type Case<'a> = (&'a str, Vec<&'a str>, Vec<&'a str>, Vec<&'a str>);
    let table: Vec<Case> = vec![
        ("re-run", vec![A, B, C], vec!["p1", "p2", "p3"], vec![]),
        (
            "insert",
            vec![A, N, B, C],
            vec!["p1", "p4", "p2", "p3"],
            vec![],
        ),
        ("delete", vec![A, C], vec!["p1", "p3"], vec!["p2"]),
        (
            "edit",
            vec![A, &edited_b, C],
            vec!["p1", "p2", "p3"],
            vec![],
        ),
        ("move", vec![C, A, B], vec!["p3", "p1", "p2"], vec![]),
    ];
    for (case, texts, want, retired) in table {
        let (ids, reg, ch) = run(&texts, &reg0);
        assert_eq!(ids, want, "{case}");
        assert_eq!(ch.retired, retired, "{case}");
        assert_eq!(reg.next["p"], 4 + u32::from(case == "insert"), "{case}");
    }
}

#[test]
fn retired_ids_are_never_reused() {
    let (_, reg0, _) = run(&[A, B, C], &Registry::default());
    let (_, reg1, _) = run(&[A, C], &reg0);
    let (ids2, reg2, _) = run(&[A, N, C], &reg1);
    assert_eq!(ids2, ["p1", "p4", "p3"]);
    assert_eq!(reg2.retired, ["p2"]);
    // Re-adding the deleted text later does not resurrect p2 either.
    let (ids3, _, _) = run(&[A, N, C, B], &reg2);
    assert_eq!(ids3[3], "p5");
}

fn registry_json() -> String {
    let (_, reg, _) = run(&[A, B, C], &Registry::default());
    reg.to_json()
}

fn parse_str(s: &str) -> Result<Registry, Vec<Diagnostic>> {
    Registry::parse(s.as_bytes(), Path::new("source/article.ids.json"))
}

#[test]
fn issue_12_registry_written_by_stele_is_accepted() {
    let json = registry_json();
    assert_eq!(parse_str(&json).unwrap().to_json(), json);
}

#[test]
fn issue_12_damaged_registries_name_the_line_of_the_offending_id() {
    let json = registry_json();
    let line = |needle: &str, nth: usize| {
        json.lines()
            .enumerate()
            .filter(|(_, l)| l.contains(needle))
            .nth(nth)
            .map(|(i, _)| i as u32 + 1)
            .unwrap()
    };
    let p2 = line("\"p2\"", 0);
    let p3 = line("\"p3\"", 0);
    let retired_line = line("\"retired\"", 0);
    // (case, damaged JSON, expected line, words the message must have)
    let table: Vec<(&str, String, u32, &str)> = vec![
        (
            "duplicate",
            json.replace("\"p2\"", "\"p1\""),
            p2,
            "`p1` appears twice (first at line",
        ),
        (
            "not an ncname",
            json.replace("\"p2\"", "\"1 <script>\""),
            p2,
            "`1 <script>` is not a segment ID",
        ),
        (
            "leading zero",
            json.replace("\"p2\"", "\"p02\""),
            p2,
            "`p02` is not a segment ID",
        ),
        (
            "wrong kind",
            json.replace("\"p3\"", "\"ref-3\""),
            p3,
            "has kind `paragraph`, whose IDs are pN",
        ),
        (
            "retired live",
            json.replace("\"retired\": []", "\"retired\": [\"p3\"]"),
            retired_line,
            "retired ID `p3` is also the ID of a live segment",
        ),
        (
            "retired twice",
            json.replace("\"retired\": []", "\"retired\": [\n\"p9\",\n\"p9\"]"),
            retired_line + 2,
            "retired ID `p9` appears twice",
        ),
        (
            "control character shown escaped",
            json.replace("\"p2\"", "\"p2\\u0007\""),
            p2,
            "`p2\\u{7}` is not",
        ),
        (
            "counter",
            json.replace("\"p\": 4", "\"p\": 0"),
            line("\"p\": 4", 0),
            "`next` counter `p` is 0",
        ),
        (
            "unknown counter",
            json.replace("\"p\": 4", "\"z\": 4"),
            line("\"p\": 4", 0),
            "counter for `z`",
        ),
        ("empty", "  \n".into(), 1, "the ID registry is empty"),
        (
            "syntax",
            json.replace("\"format\": 1,", "\"format\": 1,,"),
            2,
            "is not valid JSON",
        ),
        (
            "shape",
            json.replace("\"format\": 1,", "\"format\": \"1\","),
            2,
            "does not have the expected shape: invalid type",
        ),
        (
            "deep",
            "[".repeat(100_000),
            1,
            "does not have the expected shape: expected an object",
        ),
        (
            "positional",
            "[1, {}, [], []]".into(),
            1,
            "expected an object with `format`",
        ),
        (
            "positional entry",
            json.replacen(
                "{\n      \"id\": \"p2\",",
                "[\"p2\", \"paragraph\", \"0123456789ab\", \"t\"], {\"id\": \"p9\",",
                1,
            ),
            p2 - 1,
            "segment 2 is not an object",
        ),
        (
            "deep inside",
            json.replacen(
                "\"format\": 1,",
                &format!("\"format\": {}", "[".repeat(1000)),
                1,
            ),
            2,
            "does not have the expected shape: invalid type: sequence",
        ),
    ];
    for (case, text, want_line, words) in table {
        let diags = parse_str(&text).expect_err(case);
        let d = &diags[0];
        assert_eq!(d.code, "registry", "{case}");
        assert_eq!(d.line, Some(want_line), "{case}: {d}");
        assert!(d.message.contains(words), "{case}: {d}");
        assert!(
            d.hint.as_deref().unwrap().contains("version control"),
            "{case}"
        );
        assert!(
            !d.message.contains(" column "),
            "{case}: serde's position kept: {d}"
        );
    }
}

#[test]
fn issue_12_ids_stele_gives_out_are_the_only_ones_accepted() {
    let good = [
        ("title", SegmentKind::Title),
        ("title-2", SegmentKind::Title),
        ("h1", SegmentKind::Heading),
        ("p12", SegmentKind::Paragraph),
        ("q3", SegmentKind::PullQuote),
        ("ref-0", SegmentKind::Reference),
        ("ref-4", SegmentKind::Reference),
    ];
    for (id, kind) in good {
        assert_eq!(id_kind(id), Some(kind), "{id}");
    }
    for id in [
        "",
        "p",
        "p0",
        "p01",
        "p-1",
        "p1x",
        "P1",
        "x1",
        "ref-",
        "ref-01",
        "title-0",
        "p99999999999",
        "1 <script>",
        "p1 ",
        "h\u{0}1",
    ] {
        assert_eq!(id_kind(id), None, "{id:?}");
    }
}

#[test]
fn issue_12_re_adding_a_reference_entry_takes_its_id_out_of_retired() {
    let refs = |ns: &[u32]| -> Vec<(String, String, u32)> {
        ns.iter()
            .map(|n| {
                (
                    format!("entry {n}"),
                    crate::normalize::fingerprint(&format!("entry {n}")),
                    *n,
                )
            })
            .collect()
    };
    let assign_refs = |owned: &[(String, String, u32)], prev: &Registry| {
        let c: Vec<Candidate> = owned
            .iter()
            .map(|(t, fp, n)| Candidate {
                kind: SegmentKind::Reference,
                text: t,
                fingerprint: fp,
                number: Some(*n),
            })
            .collect();
        assign(&c, prev).1
    };
    let r0 = assign_refs(&refs(&[1, 2, 3]), &Registry::default());
    let r1 = assign_refs(&refs(&[1, 2]), &r0);
    assert_eq!(r1.retired, ["ref-3"]);
    let r2 = assign_refs(&refs(&[1, 2, 3]), &r1);
    assert!(r2.retired.is_empty());
    // What stele writes, stele reads back.
    parse_str(&r2.to_json()).unwrap();
}

#[test]
fn issue_12_locate_finds_values_by_pointer() {
    let json = "{\n \"a\": [1,\n  {\"b\": \"x\\\"y\"}],\n \"c\": {\"d\": 2}\n}";
    assert_eq!(locate(json, &["a", "1", "b"]), Some((3, 9)));
    assert_eq!(locate(json, &["c", "d"]), Some((4, 13)));
    assert_eq!(locate(json, &["a", "0"]), Some((2, 8)));
    assert_eq!(locate(json, &["z"]), None);
}
