//! Alignment reports: the terminal summary table and `alignment.json` (schema
//! `stele-alignment/1`, documented in README.md); `alignment.html` is [`super::review`].

use crate::align::Aligned;
use crate::diag::Diagnostic;
use serde_json::{json, Value};

/// The JSON report's schema identifier; bump it on any incompatible change.
pub const SCHEMA: &str = "stele-alignment/1";

/// Per-language coverage table, one row per target language.
pub fn summary_table(a: &Aligned) -> String {
    let header = [
        "lang",
        "total",
        "translated",
        "missing",
        "stale",
        "orphan",
        "flagged",
        "coverage",
    ];
    let mut rows = vec![header.map(String::from).to_vec()];
    for la in &a.langs {
        let s = &la.summary;
        let note = if !la.exists {
            " (no file)"
        } else if !la.readable {
            " (unreadable)"
        } else {
            ""
        };
        rows.push(vec![
            la.lang.to_string(),
            s.total.to_string(),
            s.translated.to_string(),
            s.missing.to_string(),
            s.stale.to_string(),
            s.orphan.to_string(),
            s.flagged.to_string(),
            format!("{:.1}%{note}", s.coverage),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    format!("{c:<w$}", w = widths[i])
                } else {
                    format!("{c:>w$}", w = widths[i])
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn finding_json(d: &Diagnostic) -> Value {
    json!({
        "severity": d.severity.as_str(),
        "code": d.code,
        "lang": d.lang,
        "segment": d.segment,
        "file": d.file.as_ref().map(|f| f.to_string_lossy().replace('\\', "/")),
        "line": d.line,
        "col": d.col,
        "message": d.message,
        "hint": d.hint,
    })
}

/// `alignment.json`: stable, documented, pretty-printed, ending with a newline.
/// A segment's sentence alignment (issue 19): links between sentence IDs (`p3.s1`), source
/// IDs numbered in the source, target IDs in the translation.
fn sentences_json(seg: &str, st: &super::sentences::SegmentSentences) -> Value {
    let ids = |v: &[usize]| -> Vec<String> {
        v.iter()
            .map(|k| super::sentences::sentence_id(seg, *k))
            .collect()
    };
    json!({
        "source": st.src.len(),
        "target": st.tgt.len(),
        "links": st.links.iter().map(|l| json!({
            "kind": l.kind,
            "source": ids(&l.src),
            "target": ids(&l.tgt),
            "score": l.score,
        })).collect::<Vec<_>>(),
    })
}

pub fn json(a: &Aligned, doc_id: &str, source_fingerprint: &str, diags: &[Diagnostic]) -> String {
    let languages: Vec<Value> = a
        .langs
        .iter()
        .map(|la| {
            json!({
                "lang": la.lang.as_str(),
                "dir": la.lang.dir().as_str(),
                "file": la.file.to_string_lossy().replace('\\', "/"),
                "exists": la.exists,
                "readable": la.readable,
                "title": la.title,
                "summary": la.summary,
                "orphans": la.orphans.iter().map(|o| {
                    let mut v = json!({"id": o.id, "line": o.line, "text": o.text});
                    if la.parts.is_some() {
                        let (file, line) = la.place(Some(o.line), None);
                        v["file"] = json!(file.to_string_lossy().replace('\\', "/"));
                        v["line"] = json!(line);
                    }
                    v
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let segments: Vec<Value> = a
        .source
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut tr = serde_json::Map::new();
            for la in &a.langs {
                let c = &la.cells[i];
                let mut cell = json!({
                    "status": c.state.as_str(),
                    "line": c.line,
                    "recorded_fingerprint": c.recorded,
                    "text": c.text,
                    "source_diff": c.source_diff,
                });
                if la.parts.is_some() {
                    let (file, line) = la.place(c.line, Some(s.chapter));
                    cell["file"] = json!(file.to_string_lossy().replace('\\', "/"));
                    cell["line"] = json!(line);
                }
                if let Some(st) = la.sentences.get(&s.id) {
                    cell["sentences"] = sentences_json(&s.id, st);
                }
                tr.insert(la.lang.to_string(), cell);
            }
            json!({
                "id": s.id,
                "kind": s.kind.as_str(),
                "fingerprint": s.fingerprint,
                "line": s.line,
                "text": s.text,
                "translations": tr,
            })
        })
        .collect();
    let v = json!({
        "schema": SCHEMA,
        "document": doc_id,
        "source": {
            "lang": a.source_lang.as_str(),
            "fingerprint": source_fingerprint,
            "segments": a.source.len(),
        },
        "policy": a.policy,
        "languages": languages,
        "segments": segments,
        "findings": diags.iter().map(finding_json).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&v).expect("report serializes");
    s.push('\n');
    s
}

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}
