//! `stele status`: coverage per target language, as a table or (`--json`) as JSON with the same
//! numbers, and with `--list` the segments that are not current, by state (missing, empty, stale,
//! orphan), each with `file:line`. Aligns with the QA checks (so `flagged` counts as in
//! `stele align`), writes nothing and reports only errors (`stele align` lists every finding).

use crate::align::{Aligned, LangAlignment};
use crate::diag::Diagnostic;
use crate::io::Project;
use crate::model::Lang;
use crate::model::Status;
use serde_json::{json, Value};

/// What `stele status` is asked for.
#[derive(Debug, Clone, Default)]
pub struct StatusRequest {
    /// Print JSON on stdout instead of the table.
    pub json: bool,
    /// Also list the segments that are not current, by state.
    pub list: bool,
    /// Target languages to show, as given (validated when run); empty: all.
    pub langs: Vec<String>,
}

/// The states `--list` groups segments by, in this order.
const LISTED: [&str; 4] = ["missing", "empty", "stale", "orphan"];

/// `stele status`.
pub fn status_cmd(project: &Project, request: &StatusRequest) -> Vec<Diagnostic> {
    let mut selected = Vec::new();
    let mut bad = Vec::new();
    for tag in &request.langs {
        match Lang::parse(tag) {
            Ok(l) => selected.push(l),
            Err(e) => bad.push(
                Diagnostic::error("lang", format!("--lang: {e}"))
                    .hint("give target language tags, comma-separated: --lang ar,ru"),
            ),
        }
    }
    if !bad.is_empty() {
        return bad;
    }
    let staged = super::run_align(project, None, true);
    let mut diags = staged.diags;
    if let Some(run) = staged.value {
        let a = &run.aligned;
        let before = diags.len();
        for l in selected
            .iter()
            .filter(|l| a.langs.iter().all(|la| la.lang != **l))
        {
            let targets: Vec<String> = a.langs.iter().map(|la| la.lang.to_string()).collect();
            diags.push(
                Diagnostic::error(
                    "lang",
                    format!(
                        "`{l}` is not a target language of this edition (targets: {})",
                        targets.join(", ")
                    ),
                )
                .file(project.display(&project.config_path()))
                .hint("give one of document.target_langs in source/edition.toml"),
            );
        }
        if crate::diag::has_errors(&diags[before..]) {
            diags.retain(Diagnostic::is_error);
            return diags;
        }
        let shown: Vec<&LangAlignment> = a
            .langs
            .iter()
            .filter(|la| selected.is_empty() || selected.contains(&la.lang))
            .collect();
        if request.json {
            let value = json_value(
                a,
                &shown,
                &run.config.document.id,
                &run.normalized.source_fingerprint,
                request.list,
            );
            println!(
                "{}",
                serde_json::to_string_pretty(&value).expect("status serializes")
            );
        } else {
            let subset = Aligned {
                source_lang: a.source_lang.clone(),
                policy: a.policy,
                source: a.source.clone(),
                langs: shown.iter().map(|la| (*la).clone()).collect(),
                edition: None,
            };
            print!("{}", crate::align::report::summary_table(&subset));
            if request.list {
                print!("{}", listing(a, &shown));
            }
        }
    }
    diags.retain(Diagnostic::is_error);
    diags
}

/// One listed segment: its ID and its line (the first of its text; none for a missing one).
struct Item {
    id: String,
    line: Option<u32>,
    /// The file the line is in (a chapter file with `align.per_chapter`).
    file: std::path::PathBuf,
}

/// A language's segments that are not current, grouped as [`LISTED`].
fn by_state(a: &Aligned, la: &LangAlignment) -> Vec<(&'static str, Vec<Item>)> {
    let cells = |want: Status| {
        a.source
            .iter()
            .zip(&la.cells)
            .filter(|(_, c)| c.state == want)
            .map(|(s, c)| {
                let (file, line) = la.place(c.line, Some(s.chapter));
                Item {
                    id: s.id.clone(),
                    line,
                    file,
                }
            })
            .collect::<Vec<_>>()
    };
    let orphans = la
        .orphans
        .iter()
        .map(|o| {
            let (file, line) = la.place(Some(o.line), None);
            Item {
                id: o.id.clone(),
                line,
                file,
            }
        })
        .collect();
    LISTED
        .iter()
        .zip([
            cells(Status::Missing),
            cells(Status::Empty),
            cells(Status::Stale),
            orphans,
        ])
        .map(|(s, items)| (*s, items))
        .collect()
}

/// `file:line` (or `file` alone when there is no line).
fn location(i: &Item) -> String {
    match i.line {
        Some(n) => format!("{}:{n}", i.file.display()),
        None => i.file.display().to_string(),
    }
}

/// The `--list` text: per language a heading line with the counts, then one line per segment.
fn listing(a: &Aligned, langs: &[&LangAlignment]) -> String {
    let mut out = String::new();
    for la in langs {
        let groups = by_state(a, la);
        let counts: Vec<String> = groups
            .iter()
            .map(|(s, items)| format!("{} {s}", items.len()))
            .collect();
        let note = if la.exists { "" } else { ", no file" };
        out.push_str(&format!(
            "\n{} ({}{note}): {}\n",
            la.lang,
            la.file.display(),
            counts.join(", ")
        ));
        let width = groups
            .iter()
            .flat_map(|(_, items)| items.iter().map(|i| i.id.len()))
            .max()
            .unwrap_or(0);
        for (state, items) in &groups {
            for i in items {
                out.push_str(&format!(
                    "  {state:<7}  {:<width$}  {}\n",
                    i.id,
                    location(i)
                ));
            }
        }
    }
    out
}

/// The `--json` document: the table's numbers per language (and with `--list` the segments).
fn json_value(
    a: &Aligned,
    langs: &[&LangAlignment],
    document: &str,
    source_fingerprint: &str,
    list: bool,
) -> Value {
    let languages: Vec<Value> = langs
        .iter()
        .map(|la| {
            let mut v = json!({
                "lang": la.lang.as_str(),
                "file": la.file.display().to_string(),
                "exists": la.exists,
                "readable": la.readable,
            });
            let summary = serde_json::to_value(&la.summary).expect("summary serializes");
            if let (Some(obj), Value::Object(s)) = (v.as_object_mut(), summary) {
                obj.extend(s);
                if list {
                    let segments: serde_json::Map<String, Value> = by_state(a, la)
                        .into_iter()
                        .map(|(state, items)| {
                            let items = items
                                .iter()
                                .map(|i| match la.parts {
                                    None => json!({ "id": i.id, "line": i.line }),
                                    Some(_) => json!({ "id": i.id, "line": i.line, "file": i.file.display().to_string() }),
                                })
                                .collect();
                            (state.to_string(), Value::Array(items))
                        })
                        .collect();
                    obj.insert("segments".into(), Value::Object(segments));
                }
            }
            v
        })
        .collect();
    json!({
        "document": document,
        "source_lang": a.source_lang.as_str(),
        "source_fingerprint": source_fingerprint,
        "languages": languages,
    })
}
