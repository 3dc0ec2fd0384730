//! Alignment reports: the terminal summary table, `alignment.json` (schema `stele-alignment/1`,
//! documented in README.md) and `alignment.html`, a self-contained review page for translators.

use crate::align::{Aligned, LangAlignment, State};
use crate::diag::{Diagnostic, Severity};
use crate::normalize::history::Change;
use serde_json::{json, Value};
use std::fmt::Write;

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
                "orphans": la.orphans.iter().map(|o| json!({"id": o.id, "line": o.line, "text": o.text})).collect::<Vec<_>>(),
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

const CSS: &str = "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:start}
table.summary{width:auto}table.summary td{text-align:end}
table.seg{table-layout:fixed}table.seg thead th:first-child{width:5.5rem}
.seg td{overflow-wrap:anywhere}.seg th{white-space:nowrap;font-family:monospace}.kind{display:block;font-weight:normal;color:#666}
.text{margin:.2rem 0}.badge{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:.6rem;background:#ddd}
.current{background:#cfeccf}.stale{background:#ffe2a8}.empty,.missing{background:#f6c1c1}
ul.findings{margin:.3rem 0;padding-inline-start:1.2rem;font-size:.85rem}
li.error{color:#a00}li.warning{color:#7a4b00}li.info{color:#555}.hint{color:#555}
.diff{margin:.3rem 0;padding:.2rem .4rem;border-inline-start:3px solid #ffe2a8;font-size:.9rem}
.diff del{background:#f6c1c1}.diff ins{background:#cfeccf;text-decoration:none}
.rtl{font-size:1.1rem}";

fn finding_li(d: &Diagnostic) -> String {
    let place = match (d.file.as_ref(), d.line) {
        (Some(f), Some(l)) => format!(
            " <code>{}:{}{}</code>",
            esc(&f.to_string_lossy()),
            l,
            d.col.map(|c| format!(":{c}")).unwrap_or_default()
        ),
        (Some(f), None) => format!(" <code>{}</code>", esc(&f.to_string_lossy())),
        _ => String::new(),
    };
    let hint = d
        .hint
        .as_ref()
        .map(|h| format!("<br><span class=\"hint\">hint: {}</span>", esc(h)))
        .unwrap_or_default();
    format!(
        "<li class=\"{}\"><b>{}</b> [{}]{}: {}{}</li>",
        d.severity.as_str(),
        d.severity.as_str(),
        esc(d.code),
        place,
        esc(&d.message),
        hint
    )
}

fn text_div(text: &str, la: &crate::model::Lang) -> String {
    let class = if la.is_rtl() { "text rtl" } else { "text" };
    format!(
        "<div class=\"{class}\" lang=\"{}\" dir=\"{}\">{}</div>",
        esc(la.as_str()),
        la.dir().as_str(),
        esc(text)
    )
}

/// `alignment.html`: one row per segment, the source and every translation side by side (each in
/// its language and direction), status badges and findings, all in one `main` landmark. No
/// scripts, no external resources.
pub fn html(a: &Aligned, title: &str, diags: &[Diagnostic]) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Alignment report: {}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n<main>\n<h1>Alignment report</h1>\n",
        esc(title)
    );
    let _ = writeln!(
        h,
        "<p>Source <span lang=\"{}\">{}</span>, {} segments; policy <code>{}</code>.</p>",
        esc(a.source_lang.as_str()),
        esc(title),
        a.source.len(),
        match a.policy {
            crate::config::Policy::Source => "source",
            crate::config::Policy::Stale => "stale",
            crate::config::Policy::Fail => "fail",
        }
    );
    h.push_str("<table class=\"summary\">\n<thead><tr><th>language</th><th>file</th><th>total</th><th>translated</th><th>missing</th><th>stale</th><th>orphan</th><th>flagged</th><th>coverage</th></tr></thead>\n<tbody>\n");
    for la in &a.langs {
        let s = &la.summary;
        let _ = writeln!(
            h,
            "<tr><th>{}</th><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.1}%</td></tr>",
            esc(la.lang.as_str()),
            esc(&la.file.to_string_lossy()),
            s.total,
            s.translated,
            s.missing,
            s.stale,
            s.orphan,
            s.flagged,
            s.coverage
        );
    }
    h.push_str("</tbody>\n</table>\n");

    let general: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.segment.is_none() && d.severity != Severity::Info)
        .collect();
    if !general.is_empty() {
        h.push_str("<h2>File findings</h2>\n<ul class=\"findings\">\n");
        for d in general {
            h.push_str(&finding_li(d));
            h.push('\n');
        }
        h.push_str("</ul>\n");
    }

    h.push_str("<h2>Segments</h2>\n<table class=\"seg\">\n<thead><tr><th>ID</th>");
    let _ = write!(h, "<th>{}</th>", esc(a.source_lang.as_str()));
    for la in &a.langs {
        let _ = write!(h, "<th>{}</th>", esc(la.lang.as_str()));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (i, s) in a.source.iter().enumerate() {
        let _ = write!(
            h,
            "<tr id=\"seg-{}\"><th>{}<span class=\"kind\">{}</span></th><td>{}</td>",
            esc(&s.id),
            esc(&s.id),
            s.kind.as_str(),
            text_div(&s.text, &a.source_lang)
        );
        for la in &a.langs {
            h.push_str(&cell_html(la, i, &s.id, diags, &a.source_lang));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");

    for la in a.langs.iter().filter(|l| !l.orphans.is_empty()) {
        let _ = writeln!(
            h,
            "<h2>Orphans in <code>{}</code></h2>\n<p>Divs whose ID the source no longer has: kept in the file, not published.</p>\n<ul>",
            esc(&la.file.to_string_lossy())
        );
        for o in &la.orphans {
            let _ = writeln!(
                h,
                "<li><code>{}</code> (line {}): {}</li>",
                esc(&o.id),
                o.line,
                text_div(&o.text, &la.lang)
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

/// What changed in the source since the text a stale translation was made from: the whole
/// current text with removed words in `<del>` and added ones in `<ins>` (escaped).
fn diff_div(diff: &[Change], source_lang: &crate::model::Lang) -> String {
    let mut h = format!(
        "<div class=\"diff\" lang=\"{}\" dir=\"{}\"><small>source changed since this translation:</small> ",
        esc(source_lang.as_str()),
        source_lang.dir().as_str()
    );
    for c in diff {
        match c {
            Change::Equal(t) => h.push_str(&esc(t)),
            Change::Delete(t) => {
                let _ = write!(h, "<del>{}</del>", esc(t));
            }
            Change::Insert(t) => {
                let _ = write!(h, "<ins>{}</ins>", esc(t));
            }
        }
    }
    h.push_str("</div>");
    h
}

fn cell_html(
    la: &LangAlignment,
    i: usize,
    id: &str,
    diags: &[Diagnostic],
    source_lang: &crate::model::Lang,
) -> String {
    let c = &la.cells[i];
    let mut h = String::from("<td>");
    let _ = write!(h, "<span class=\"badge {0}\">{0}</span>", c.state.as_str());
    if let Some(l) = c.line {
        let _ = write!(h, " <small>line {l}</small>");
    }
    if let Some(t) = &c.text {
        h.push_str(&text_div(t, &la.lang));
    }
    if let Some(diff) = &c.source_diff {
        h.push_str(&diff_div(diff, source_lang));
    }
    let found: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.lang.as_deref() == Some(la.lang.as_str()) && d.segment.as_deref() == Some(id))
        .filter(|d| !(c.state == State::Missing && d.code == "missing"))
        .collect();
    if !found.is_empty() {
        h.push_str("<ul class=\"findings\">");
        for d in found {
            h.push_str(&finding_li(d));
        }
        h.push_str("</ul>");
    }
    h.push_str("</td>");
    h
}
