//! Unit tests of the split planning (issue 20): sentence groups from the alignment, pieces
//! chosen greedily from measured heights, and the markup of the pieces.

use super::*;
use crate::model::Document;

/// Runs one planner over an additive height model (`h[side][group]` points, no gaps), with
/// each group's size equal to its height times `per_pt`; returns the pieces and how many
/// candidate pieces were measured.
fn run(h: [Vec<f64>; 2], per_pt: f64, room: [f64; 2], page: f64) -> (Vec<Piece>, usize) {
    let sizes = h
        .each_ref()
        .map(|s| s.iter().map(|x| (x * per_pt) as usize).collect());
    let mut planners = vec![Planner::new(sizes, [per_pt; 2], room, page)];
    let mut asked = 0;
    plan(&mut planners, |wanted| {
        asked += wanted.len();
        Ok(wanted
            .iter()
            .map(|(_, r)| [0, 1].map(|i| h[i][r.clone()].iter().sum()))
            .collect())
    })
    .expect("planned");
    (planners.remove(0).pieces, asked)
}

fn ends(pieces: &[Piece]) -> Vec<(Range<usize>, bool)> {
    pieces
        .iter()
        .map(|p| (p.groups.clone(), p.scaled))
        .collect()
}

#[test]
fn pieces_take_as_many_groups_as_fit_on_both_pages_issue_20() {
    // The second language's groups are taller: it decides where each piece ends.
    let h = [vec![100.0; 20], vec![120.0; 20]];
    let (pieces, asked) = run(h, 1.0, [700.0; 2], 700.0);
    assert_eq!(
        ends(&pieces),
        vec![
            (0..5, false),
            (5..10, false),
            (10..15, false),
            (15..20, false)
        ]
    );
    assert_eq!(pieces[0].heights, [500.0, 600.0]);
    assert!(asked < 40, "{asked} candidates measured");
    // Every group once, in order: nothing lost or set twice.
    let all: Vec<usize> = pieces.iter().flat_map(|p| p.groups.clone()).collect();
    assert_eq!(all, (0..20).collect::<Vec<_>>());
}

#[test]
fn the_guess_decides_what_is_measured_not_where_pieces_end_issue_20() {
    let h = [vec![100.0; 30], vec![80.0; 30]];
    let want = ends(&run(h.clone(), 1.0, [700.0; 2], 700.0).0);
    assert_eq!(want[0], (0..7, false));
    for per_pt in [0.01, 0.2, 5.0, 100.0] {
        assert_eq!(
            ends(&run(h.clone(), per_pt, [700.0; 2], 700.0).0),
            want,
            "{per_pt}"
        );
    }
}

#[test]
fn a_group_taller_than_a_page_is_a_piece_of_its_own_set_smaller_issue_20() {
    let mut h = [vec![100.0; 12], vec![100.0; 12]];
    h[1][3] = 900.0;
    let (pieces, _) = run(h, 1.0, [700.0; 2], 700.0);
    assert_eq!(
        ends(&pieces),
        vec![(0..3, false), (3..4, true), (4..11, false), (11..12, false)]
    );
    assert_eq!(pieces[1].heights, [100.0, 900.0]);
}

#[test]
fn the_first_piece_leaves_room_for_the_heading_above_it_issue_20() {
    let h = [vec![100.0; 10], vec![100.0; 10]];
    let (pieces, _) = run(h.clone(), 1.0, [650.0, 350.0], 700.0);
    assert_eq!(ends(&pieces)[..2], [(0..3, false), (3..10, false)]);
    // No room for even one group under the heading: the first piece takes a whole page.
    let (pieces, _) = run(h, 1.0, [50.0, 650.0], 700.0);
    assert_eq!(ends(&pieces), vec![(0..7, false), (7..10, false)]);
}

#[test]
fn sentence_groups_cut_only_where_no_link_crosses_issue_20() {
    // 1:1 links: every sentence is a group.
    let g = sentence_groups(3, &[vec![0], vec![1], vec![2]]);
    assert_eq!(g, vec![[0..1, 0..1], [1..2, 1..2], [2..3, 2..3]]);
    // Source sentences 1 and 2 merged into target sentence 1; a target sentence split in two.
    let g = sentence_groups(4, &[vec![0], vec![1, 2], vec![3], vec![3]]);
    assert_eq!(g, vec![[0..1, 0..1], [1..3, 1..2], [3..4, 2..4]]);
    // Crossing links (target 0 renders source 1, target 1 source 0): no cut between them.
    let g = sentence_groups(3, &[vec![1], vec![0], vec![2]]);
    assert_eq!(g, vec![[0..2, 0..2], [2..3, 2..3]]);
    // A sentence the translator added (no counterpart) and a source sentence left out both go
    // with the next group.
    let g = sentence_groups(4, &[vec![0], vec![], vec![2], vec![3]]);
    assert_eq!(g, vec![[0..1, 0..1], [1..3, 1..3], [3..4, 3..4]]);
    // One sentence on a side: one group.
    assert_eq!(sentence_groups(1, &[vec![0], vec![0]]), vec![[0..1, 0..2]]);
    assert_eq!(sentence_groups(0, &[]), vec![[0..0, 0..0]]);
}

/// A paragraph segment `p1` of numbered sentences, as spans (with counterparts in a
/// translation).
fn paragraph_doc(lang: &str, n: usize, counterparts: bool) -> Document {
    let mut x = Vec::new();
    for k in 0..n {
        if k > 0 {
            x.push(Inline::Space);
        }
        let kv = if counterparts {
            vec![(COUNTERPART_KEY.to_string(), format!("p1.s{}", k + 1))]
        } else {
            vec![]
        };
        let text = pandoc::text_inlines(&format!("Sentence {} [{}] is here.", k + 1, k + 1));
        x.push(Inline::Span(
            (format!("p1.s{}", k + 1), vec![SENTENCE_CLASS.into()], kv),
            text,
        ));
    }
    let fp = vec![("fingerprint".to_string(), "0123456789ab".to_string())];
    let attr = ("p1".to_string(), vec!["paragraph".to_string()], fp);
    let mut ast = pandoc::new_doc();
    ast.blocks.push(Block::Div(attr, vec![Block::Para(x)]));
    Document {
        lang: Lang::parse(lang).unwrap(),
        ast,
    }
}

#[test]
fn pieces_of_a_split_paragraph_add_up_to_its_markup_and_only_the_first_is_labelled_issue_20() {
    let (en, ru) = (paragraph_doc("en", 5, false), paragraph_doc("ru", 5, true));
    let families = |_: &Lang| vec!["Libertinus Serif".to_string()];
    let source = Lang::parse("en").unwrap();
    let cites = [&en, &ru].map(crate::pandoc::cites::index);
    let mut writers = [0, 1].map(|i| {
        let d = [&en, &ru][i];
        let prefix = format!("{}-", d.lang);
        Writer::new(d, &source, &prefix, &cites[i], &families, false)
    });
    let pair = [Some(&en.ast.blocks[0]), Some(&ru.ast.blocks[0])];
    let s = split(pair, &mut writers, [&en.lang, &ru.lang]).expect("splittable");
    assert_eq!(s.sentences.len(), 5);
    // The trial leaves the writer as it was: the whole paragraph is written next.
    assert!(writers[0].out.is_empty() && writers[0].anchors.is_empty());
    writers[0].block(&en.ast.blocks[0]);
    assert_eq!(writers[0].out, s.markup(0, &(0..5), true));
    let first = s.markup(0, &(0..2), true);
    let rest = s.markup(0, &(2..5), true);
    assert!(first.ends_with("] <en-p1>\n\n"), "{first}");
    assert!(!rest.contains('<'), "{rest}");
    assert!(first.contains("Sentence 2") && !first.contains("Sentence 3"));
    assert!(rest.starts_with("#par[Sentence 3") && rest.contains("Sentence 5"));
    let ru_first = s.sides(&(0..2))[1].clone().expect("ru side").markup;
    assert!(ru_first.ends_with("] <ru-p1>\n\n") && ru_first.contains("Sentence 2"));
    // No counterparts on either side: not aligned, not split.
    let plain = paragraph_doc("ru", 5, false);
    let pair = [Some(&en.ast.blocks[0]), Some(&plain.ast.blocks[0])];
    assert_eq!(
        split(pair, &mut writers, [&en.lang, &plain.lang]).err(),
        Some(NOT_ALIGNED)
    );
    assert_eq!(
        split(
            [Some(&en.ast.blocks[0]), None],
            &mut writers,
            [&en.lang, &en.lang]
        )
        .err(),
        Some(ONE_SIDED)
    );
}
