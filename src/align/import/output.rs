//! What an import writes: refusals of bad input, the divs to fill, the new or merged translation
//! file, and the JSON and HTML reports.

use super::*;
use crate::export::xhtml::{escape_attr, escape_text};
use crate::model::Script;

/// Why an input cannot be imported as a whole (wrong language, one giant paragraph), or `None`.
pub fn refuse(
    src: &[Anchors],
    tgt: &[Anchors],
    paras: &[Paragraph],
    lang: &Lang,
) -> Option<String> {
    let lettered: Vec<&Paragraph> = paras
        .iter()
        .filter(|p| p.text().chars().any(char::is_alphabetic))
        .collect();
    let script = lang.script();
    let own = lettered
        .iter()
        .filter(|p| p.text().chars().any(|c| Script::of_char(c) == Some(script)))
        .count();
    if !lettered.is_empty() && own * 2 < lettered.len() {
        return Some(format!(
            "the file is not in `{lang}`: only {own} of its {} paragraphs have letters of the {} script",
            lettered.len(),
            script_name(script)
        ));
    }
    let (n, m) = (src.len(), tgt.len());
    if n >= 8 && m * 4 < n {
        let longest = tgt.iter().map(|a| a.len).max().unwrap_or(0);
        return Some(format!(
            "the file has {m} paragraph(s) for {n} source segments (the longest {longest} characters): paragraphs must be separated by blank lines"
        ));
    }
    None
}

fn script_name(s: Script) -> &'static str {
    match s {
        Script::Latin => "Latin",
        Script::Cyrillic => "Cyrillic",
        Script::Arabic => "Arabic",
        Script::Greek => "Greek",
        Script::Hebrew => "Hebrew",
        Script::Other => "language's",
    }
}

// ---------------------------------------------------------------------------------------------
// Writing the translation file

/// What the import puts into one source segment's div.
#[derive(Debug, Clone, PartialEq)]
pub enum Fill {
    /// Text with the recorded fingerprint (a confident 1:1 pair).
    Recorded(Vec<String>),
    /// Text without fingerprint, marked `import="review"`.
    Review(Vec<String>),
    /// Nothing (untranslated, or the second segment of a 2:1 merge), with a note.
    Empty(Option<String>),
}

/// Per source segment, what goes into its div; and per target paragraph left unplaced (0:1), a
/// note to keep before the next div. Decisions (documented in README): a 1:2 split puts both
/// paragraphs into the div, one line each (a paragraph), for review; a 2:1 merge puts the
/// paragraph into the first segment's div for review and leaves the second div empty with a note
/// naming the first; an extra paragraph is kept as a comment before the next div; a paragraph left
/// in the source language leaves the div empty.
pub fn fills(
    segments: &[SourceSegment],
    paras: &[Paragraph],
    a: &Alignment,
) -> (Vec<Fill>, BTreeMap<usize, Vec<String>>) {
    let mut f = vec![Fill::Empty(None); segments.len()];
    let mut notes: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let lines = |tg: &[usize]| -> Vec<String> {
        tg.iter()
            .flat_map(|&t| {
                if tg.len() > 1 {
                    vec![paras[t].text()]
                } else {
                    paras[t].lines.clone()
                }
            })
            .collect()
    };
    let mut next_src = 0;
    for (k, l) in a.links.iter().enumerate() {
        if let Some(s) = l.src.last() {
            next_src = s + 1;
        }
        match l.kind {
            Move::OneOne if confident(&a.links, k) => f[l.src[0]] = Fill::Recorded(lines(&l.tgt)),
            Move::OneOne | Move::OneTwo => f[l.src[0]] = Fill::Review(lines(&l.tgt)),
            Move::TwoOne => {
                f[l.src[0]] = Fill::Review(lines(&l.tgt));
                f[l.src[1]] = Fill::Empty(Some(format!(
                    "import: merged with {} in one paragraph of the imported file (line {}): split the text of {} above",
                    segments[l.src[0]].id, paras[l.tgt[0]].line, segments[l.src[0]].id
                )));
            }
            Move::Untranslated => {
                f[l.src[0]] = Fill::Empty(Some(format!(
                    "import: the imported file has this segment untranslated, in the source language (line {})",
                    paras[l.tgt[0]].line
                )))
            }
            Move::OneZero => {
                f[l.src[0]] = Fill::Empty(Some("import: no paragraph of the imported file translates this segment".into()))
            }
            Move::ZeroOne => notes.entry(next_src).or_default().push(format!(
                "import: extra paragraph (line {}) matching no source segment: {}",
                paras[l.tgt[0]].line,
                paras[l.tgt[0]].text()
            )),
        }
    }
    (f, notes)
}

fn comment(note: &str, eol: &str) -> String {
    format!("<!-- {} -->{eol}", note.replace("--", "\u{2013}"))
}

/// Keeps a line of text from reading as a fence.
fn safe_line(l: &str) -> String {
    if l.trim_start().starts_with(":::") {
        format!("\\{l}")
    } else {
        l.to_string()
    }
}

fn div(seg: &SourceSegment, fill: &Fill, eol: &str) -> String {
    let body = |lines: &[String]| {
        lines
            .iter()
            .map(|l| format!("{}{eol}", safe_line(l)))
            .collect::<String>()
    };
    match fill {
        Fill::Recorded(lines) => format!(
            "::: {{#{} source=\"{}\"}}{eol}{}:::{eol}",
            seg.id,
            seg.fingerprint,
            body(lines)
        ),
        Fill::Review(lines) => format!(
            "::: {{#{} import=\"review\"}}{eol}{}:::{eol}",
            seg.id,
            body(lines)
        ),
        Fill::Empty(_) => crate::align::format::empty_div(&seg.id, eol),
    }
}

fn note_of(fill: &Fill) -> Option<&str> {
    match fill {
        Fill::Empty(Some(n)) => Some(n),
        _ => None,
    }
}

/// A new translation file: front matter and one div per source segment, in source order.
pub fn render_new(
    lang: &Lang,
    segments: &[SourceSegment],
    fills: &[Fill],
    notes: &BTreeMap<usize, Vec<String>>,
    from: &str,
) -> String {
    let mut s = format!(
        "---\nlang: {lang}\nnotes: {}\n---\n",
        serde_json::to_string(&format!(
            "imported from {from} by stele import: review the divs marked import=\"review\", then record source=\"…\""
        ))
        .unwrap_or_default()
    );
    for (i, seg) in segments.iter().enumerate() {
        s.push('\n');
        for n in notes.get(&i).into_iter().flatten() {
            s.push_str(&comment(n, "\n"));
        }
        if let Some(n) = note_of(&fills[i]) {
            s.push_str(&comment(n, "\n"));
        }
        s.push_str(&div(seg, &fills[i], "\n"));
    }
    if let Some(n) = notes.get(&segments.len()) {
        s.push('\n');
        for n in n {
            s.push_str(&comment(n, "\n"));
        }
    }
    s
}

/// `--merge`: the existing file's text with imported text in its missing and empty divs only;
/// every other byte kept. Returns the text and the IDs filled.
pub fn render_merge(
    original: &str,
    file: &crate::align::format::TranslationFile,
    segments: &[SourceSegment],
    fills: &[Fill],
) -> (String, Vec<String>) {
    let eol = file.eol;
    // Replacements by the line range of an empty div; insertions before a line (or at the end).
    let mut replace: BTreeMap<u32, (u32, String)> = BTreeMap::new();
    let mut before: BTreeMap<u32, String> = BTreeMap::new();
    let mut at_end = String::new();
    let mut filled = Vec::new();
    let lines: Vec<&str> = original.split_inclusive('\n').collect();
    for (i, seg) in segments.iter().enumerate() {
        if matches!(fills[i], Fill::Empty(_)) {
            continue;
        }
        match file.div(&seg.id) {
            Some(d) if d.is_empty() => {
                // The closing fence: the first line after the body (or after the opening fence).
                let last = d.body.last().map_or(d.line, |b| b.line);
                let close = last + 1;
                if (close as usize) <= lines.len() {
                    replace.insert(d.line, (close, div(seg, &fills[i], eol)));
                    filled.push(seg.id.clone());
                }
            }
            Some(_) => {}
            None => {
                filled.push(seg.id.clone());
                let block = div(seg, &fills[i], eol);
                match segments[i + 1..].iter().find_map(|s| file.div(&s.id)) {
                    Some(d) => {
                        let e = before.entry(d.line).or_default();
                        e.push_str(&block);
                        e.push_str(eol);
                    }
                    None => {
                        at_end.push_str(eol);
                        at_end.push_str(&block);
                    }
                }
            }
        }
    }
    let mut out = String::with_capacity(original.len() * 2);
    let mut skip_until = 0;
    for (i, piece) in lines.iter().enumerate() {
        let n = i as u32 + 1;
        if let Some(b) = before.get(&n) {
            out.push_str(b);
        }
        if n <= skip_until {
            continue;
        }
        if let Some((close, block)) = replace.get(&n) {
            out.push_str(block);
            skip_until = *close;
            continue;
        }
        out.push_str(piece);
    }
    if !at_end.is_empty() {
        if !out.ends_with('\n') {
            out.push_str(eol);
        }
        out.push_str(&at_end);
    }
    (out, filled)
}

// ---------------------------------------------------------------------------------------------
// Reports

/// One row of the report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    #[serde(rename = "move")]
    pub kind: Move,
    /// Source segment IDs.
    pub source: Vec<String>,
    /// Target paragraphs (1-based numbers in the imported file).
    pub target: Vec<usize>,
    /// Lines of those paragraphs in the imported file.
    pub target_lines: Vec<u32>,
    pub score: f64,
    /// `recorded` (fingerprint written), `review`, `untranslated`, `missing` (1:0), `extra`
    /// (0:1), `kept` (`--merge`: the existing div has text and was left alone).
    pub status: String,
    /// A 1:1 pair whose paragraph comes in the other order than its neighbour's (a swap).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub swapped: bool,
    pub source_text: String,
    pub target_text: String,
}

/// The report's rows, in alignment order.
pub fn rows(
    segments: &[SourceSegment],
    paras: &[Paragraph],
    a: &Alignment,
    kept: &dyn Fn(&str) -> bool,
) -> Vec<Row> {
    a.links
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let ids: Vec<String> = l.src.iter().map(|&i| segments[i].id.clone()).collect();
            let status = if ids.first().is_some_and(|id| kept(id)) {
                "kept"
            } else {
                match l.kind {
                    Move::OneOne if confident(&a.links, k) => "recorded",
                    Move::OneOne | Move::OneTwo | Move::TwoOne => "review",
                    Move::Untranslated => "untranslated",
                    Move::OneZero => "missing",
                    Move::ZeroOne => "extra",
                }
            };
            Row {
                kind: l.kind,
                source: ids,
                target: l.tgt.iter().map(|t| t + 1).collect(),
                target_lines: l.tgt.iter().map(|&t| paras[t].line).collect(),
                score: l.score,
                status: status.into(),
                swapped: crossed(&a.links, k),
                source_text: l
                    .src
                    .iter()
                    .map(|&i| segments[i].text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
                target_text: l
                    .tgt
                    .iter()
                    .map(|&t| paras[t].text())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            }
        })
        .collect()
}

/// Counts per move.
pub fn counts(rows: &[Row]) -> BTreeMap<&'static str, usize> {
    let mut c = BTreeMap::new();
    for r in rows {
        *c.entry(r.kind.as_str()).or_insert(0) += 1;
    }
    c
}

/// `out/reports/import-<lang>.json` (schema `stele-import/1`).
pub fn report_json(
    lang: &Lang,
    file: &str,
    written: Option<&str>,
    segments: usize,
    paragraphs: usize,
    a: &Alignment,
    rows: &[Row],
) -> String {
    let review = rows.iter().filter(|r| r.status == "review").count();
    let v = serde_json::json!({
        "schema": "stele-import/1",
        "lang": lang.as_str(),
        "file": file,
        "written": written,
        "source_segments": segments,
        "target_paragraphs": paragraphs,
        "calibration": a.calibration,
        "summary": { "moves": counts(rows), "review": review,
                     "recorded": rows.iter().filter(|r| r.status == "recorded").count() },
        "pairs": rows,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

/// `out/reports/import-<lang>.html`: the pairs side by side with scores; 1:0, 0:1, 2:1, 1:2 and
/// untranslated first, then pairs for review, then the rest in source order. Self-contained.
pub fn report_html(lang: &Lang, source_lang: &Lang, file: &str, rows: &[Row]) -> String {
    let rank = |r: &Row| match (r.kind, r.status.as_str()) {
        (Move::OneOne, "review") => 1,
        (Move::OneOne, _) => 2,
        _ => 0,
    };
    let mut order: Vec<&Row> = rows.iter().collect();
    order.sort_by_key(|r| rank(r));
    let dir = lang.dir().as_str();
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str(&format!(
        "<title>stele import: {}</title>\n",
        escape_text(lang.as_str())
    ));
    s.push_str("<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4em;vertical-align:top}th{background:#eee}.odd{background:#fff4e0}.review{background:#fffbe0}.score{white-space:nowrap;text-align:right}</style>\n</head>\n<body>\n");
    s.push_str(&format!(
        "<h1>Import of {} into <code>{}</code></h1>\n<p>",
        escape_text(file),
        escape_text(lang.as_str())
    ));
    for (k, n) in counts(rows) {
        s.push_str(&format!("{}: {} · ", escape_text(k), n));
    }
    s.push_str("</p>\n<table>\n<tr><th>move</th><th>segment</th><th>paragraph</th><th>score</th><th>status</th><th>source</th><th>translation</th></tr>\n");
    for r in order {
        let class = match rank(r) {
            0 => " class=\"odd\"",
            1 => " class=\"review\"",
            _ => "",
        };
        s.push_str(&format!(
            "<tr{class}><td>{}</td><td>{}</td><td>{}</td><td class=\"score\">{:.3}</td><td>{}</td><td lang=\"{}\">{}</td><td lang=\"{}\" dir=\"{dir}\">{}</td></tr>\n",
            escape_text(r.kind.as_str()),
            escape_text(&r.source.join(" + ")),
            r.target
                .iter()
                .zip(&r.target_lines)
                .map(|(n, l)| format!("{n} (line {l})"))
                .collect::<Vec<_>>()
                .join(" + "),
            r.score,
            escape_text(&r.status),
            escape_attr(source_lang.as_str()),
            escape_text(&r.source_text).replace("\n\n", "<br><br>"),
            escape_attr(lang.as_str()),
            escape_text(&r.target_text).replace("\n\n", "<br><br>"),
        ));
    }
    s.push_str("</table>\n</body>\n</html>\n");
    s
}
