//! Builds the aligned segment table ([`SegmentTable`], issue 13): the documents' parallel units
//! paired by ID once, with the one check of the pairing. `align::assemble` gives every language
//! the source's segments in the source's order, so a mismatch here is a defect of stele, reported
//! once (`unpaired`) instead of by each exporter.

use crate::diag::Diagnostic;
use crate::model::{Document, Row, SegmentTable};
use std::collections::{HashMap, HashSet};

/// The table of `docs` (the source first): a row per source unit, in order; a unit another
/// language has and the source lacks gets a row of its own after them (so nothing is dropped).
pub fn build<D: std::ops::Deref<Target = Document>>(docs: &[D]) -> (SegmentTable, Vec<Diagnostic>) {
    let units: Vec<Vec<&str>> = docs
        .iter()
        .map(|d| {
            super::containers::units(&d.ast.blocks)
                .into_iter()
                .map(|(id, _)| id)
                .collect()
        })
        .collect();
    let mut diags = Vec::new();
    let Some(source) = units.first() else {
        return (SegmentTable::default(), diags);
    };
    // Each language's unit index per source row: its own position when its units are the
    // source's (always, after assemble), else looked up by ID.
    let mut columns: Vec<Vec<Option<usize>>> = Vec::with_capacity(docs.len());
    let mut extra: Vec<Row> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        if units[i] == *source {
            columns.push((0..source.len()).map(Some).collect());
            continue;
        }
        let index: HashMap<&str, usize> = units[i]
            .iter()
            .enumerate()
            .map(|(k, id)| (*id, k))
            .collect();
        let column: Vec<Option<usize>> = source.iter().map(|id| index.get(id).copied()).collect();
        for id in source.iter().filter(|id| !index.contains_key(**id)) {
            diags.push(unpaired(
                id,
                doc,
                "is missing from this language; its cell stays empty",
            ));
        }
        let in_source: HashSet<&str> = source.iter().copied().collect();
        for (k, id) in units[i]
            .iter()
            .enumerate()
            .filter(|(_, id)| !in_source.contains(**id))
        {
            diags.push(unpaired(
                id,
                doc,
                "is not in the source; it gets a row of its own",
            ));
            let mut cells = vec![None; docs.len()];
            cells[i] = Some(k);
            extra.push(Row {
                id: id.to_string(),
                cells,
            });
        }
        columns.push(column);
    }
    let mut rows: Vec<Row> = source
        .iter()
        .enumerate()
        .map(|(k, id)| Row {
            id: id.to_string(),
            cells: columns.iter().map(|c| c[k]).collect(),
        })
        .collect();
    rows.extend(extra);
    let langs = docs.iter().map(|d| d.lang.clone()).collect();
    (SegmentTable { langs, rows }, diags)
}

/// The edition with its table and citation indexes built from its documents (for editions made
/// by hand, in tests).
pub fn with_table(mut edition: crate::model::Edition) -> crate::model::Edition {
    edition.table = build(&edition.docs).0;
    edition.cites = edition
        .docs
        .iter()
        .map(|d| super::cites::index(d))
        .collect();
    edition
}

/// An edition of `docs` (source first) for tests: fixed date and fingerprint, no authors, its
/// table and citation indexes built ([`with_table`]).
#[cfg(test)]
pub fn test_edition(id: &str, docs: Vec<Document>) -> crate::model::Edition {
    with_table(crate::model::Edition {
        id: id.into(),
        source_lang: docs[0].lang.clone(),
        docs: docs.into_iter().map(std::sync::Arc::new).collect(),
        table: Default::default(),
        cites: Default::default(),
        authors: vec![],
        publisher: None,
        date: "2025-10-18".into(),
        modified: crate::model::modified_from_date("2025-10-18"),
        source_fingerprint: "feedfacecafebeef".into(),
        translators: Default::default(),
        i18n: Default::default(),
        media: Default::default(),
    })
}

/// The block of a row's cell in one language: `units` are that document's
/// [`super::containers::units`], `column` its [`SegmentTable::column`].
pub fn cell<'b>(
    units: &[(&str, &'b pandoc_ast::Block)],
    column: Option<usize>,
    row: &Row,
) -> Option<&'b pandoc_ast::Block> {
    let k = row.cells.get(column?).copied().flatten()?;
    units.get(k).map(|(_, b)| *b)
}

fn unpaired(id: &str, doc: &Document, what: &str) -> Diagnostic {
    Diagnostic::warning("unpaired", format!("segment {id} {what} in the parallel editions"))
        .segment(id)
        .lang(doc.lang.as_str())
        .hint("run `stele align`; if it persists, report it: the aligner gives every language the source's segments")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use pandoc_ast::{Block, Inline, Pandoc};

    fn doc(lang: &str, ids: &[&str]) -> Document {
        let blocks = ids
            .iter()
            .map(|id| {
                Block::Div(
                    (
                        id.to_string(),
                        vec!["paragraph".into()],
                        vec![(crate::pandoc::FINGERPRINT_KEY.into(), "f".into())],
                    ),
                    vec![Block::Para(vec![Inline::Str(id.to_string())])],
                )
            })
            .collect();
        Document {
            lang: Lang::parse(lang).unwrap(),
            ast: Pandoc {
                meta: Default::default(),
                blocks,
                pandoc_api_version: vec![1, 23],
            },
        }
    }

    #[test]
    fn rows_follow_the_source_and_a_pairing_defect_is_reported_once_issue_13() {
        let docs = [
            doc("en", &["p1", "p2", "p3"]),
            doc("ar", &["p1", "p2", "p3"]),
        ]
        .map(std::sync::Arc::new);
        let (t, d) = build(&docs);
        assert!(d.is_empty());
        assert_eq!(t.langs.len(), 2);
        let cells: Vec<_> = t
            .rows
            .iter()
            .map(|r| (r.id.as_str(), r.cells.clone()))
            .collect();
        assert_eq!(
            cells,
            [
                ("p1", vec![Some(0), Some(0)]),
                ("p2", vec![Some(1), Some(1)]),
                ("p3", vec![Some(2), Some(2)])
            ]
        );
        // A language missing p2 and holding an extra p9: both named, nothing dropped.
        let docs = [doc("en", &["p1", "p2"]), doc("ru", &["p1", "p9"])].map(std::sync::Arc::new);
        let (t, d) = build(&docs);
        let codes: Vec<_> = d
            .iter()
            .map(|d| (d.code, d.segment.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            codes,
            [
                ("unpaired", "p2".to_string()),
                ("unpaired", "p9".to_string())
            ]
        );
        assert_eq!(t.rows[1].cells, vec![Some(1), None]);
        assert_eq!(
            (t.rows[2].id.as_str(), t.rows[2].cells.clone()),
            ("p9", vec![None, Some(1)])
        );
    }
}
