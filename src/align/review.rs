//! `alignment.html` as a work queue (issue 18): findings summarized by code and severity, filters
//! by language, severity, code and status (an inline script, so they work from `file://`), one
//! section per segment at `#<ID>` (old `#seg-<ID>` links still land), `file:line` as the terminal
//! prints it, the source word diff of stale segments, and segments with nothing to do collapsed.

use crate::align::report::esc;
use crate::align::{Aligned, LangAlignment};
use crate::diag::{Diagnostic, Severity};
use crate::model::Lang;
use crate::model::Status;
use crate::normalize::history::Change;
use std::collections::BTreeMap;
use std::fmt::Write;

const CSS: &str = "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b1b1b}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:start}
table.summary td,table.codes td{text-align:end}
.filters{position:sticky;top:0;z-index:1;background:#fff;border:1px solid #ccc;padding:.5rem;display:flex;flex-wrap:wrap;gap:.5rem 1.2rem;align-items:end}
.filters label{display:flex;flex-direction:column;font-size:.85rem}.filters select{min-height:2.2rem;font-size:1rem}
.seg{border-top:1px solid #ccc;padding:.5rem 0;scroll-margin-top:7rem}.seg>h3,.seg>summary{font-family:monospace;font-size:1rem;margin:.2rem 0}
.kind{font-family:system-ui,sans-serif;font-weight:normal;color:#555}
.cells{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:.6rem}
.cell{border:1px solid #ddd;padding:.4rem;overflow-wrap:anywhere}.cell-head{font-size:.85rem;margin:0}
.text{margin:.2rem 0}.badge{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:.6rem;background:#ddd}
.current{background:#cfeccf}.stale{background:#ffe2a8}.empty,.missing{background:#f6c1c1}
ul.findings{margin:.3rem 0;padding-inline-start:1.2rem;font-size:.85rem}
li.error{color:#a00}li.warning{color:#7a4b00}li.info{color:#555}.hint{color:#555}
.diff{margin:.3rem 0;padding:.2rem .4rem;border-inline-start:3px solid #ffe2a8;font-size:.9rem}
.diff del{background:#f6c1c1}.diff ins{background:#cfeccf;text-decoration:none}
.rtl{font-size:1.1rem}[hidden]{display:none!important}";

/// The filters: each `select` names the `data-*` attribute of a cell it matches (a space-separated
/// list for codes and severities); a segment is shown while one of its cells is. Revealed by the
/// script itself, so with JavaScript off the page shows everything and offers no dead controls.
const SCRIPT: &str = r##"(function () {
  var form = document.getElementById("filters");
  if (!form) return;
  if (location.hash.indexOf("#seg-") === 0) location.hash = "#" + location.hash.slice(5);
  form.hidden = false;
  var selects = form.querySelectorAll("select");
  function apply() {
    var want = {}, active = false, narrow = false;
    selects.forEach(function (s) {
      if (s.value) { want[s.name] = s.value; active = true; narrow = narrow || s.name !== "lang"; }
    });
    var shown = 0;
    document.querySelectorAll(".seg").forEach(function (seg) {
      var any = false;
      seg.querySelectorAll(".cell[data-lang]").forEach(function (c) {
        var ok = Object.keys(want).every(function (k) {
          return (" " + (c.getAttribute("data-" + k) || "") + " ").indexOf(" " + want[k] + " ") >= 0;
        });
        c.hidden = !ok;
        any = any || ok;
      });
      seg.hidden = active && !any;
      if (seg.tagName === "DETAILS") seg.open = narrow && any;
      if (!seg.hidden) shown++;
    });
    document.getElementById("filter-count").textContent = shown + " segments shown";
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  apply();
})();
"##;

/// `alignment.html`: the summary tables, the filters, then one section per segment (source text
/// and every translation side by side, each in its language and direction).
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
    lang_summary(a, &mut h);
    code_summary(a, diags, &mut h);
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
    h.push_str("<h2>Segments</h2>\n");
    filters(a, diags, &mut h);
    for (i, s) in a.source.iter().enumerate() {
        let cells: Vec<Cell> = a
            .langs
            .iter()
            .map(|la| cell(la, i, &s.id, diags, &a.source_lang))
            .collect();
        let todo = cells.iter().any(|c| c.todo);
        let (open, head, close) = if todo {
            ("section", "h3", "section")
        } else {
            ("details", "summary", "details")
        };
        let _ = write!(
            h,
            "<{open} class=\"seg\" id=\"{id}\"><{head}><span id=\"seg-{id}\"></span>{id} <span class=\"kind\">{kind}{done}</span></{head}>\n<div class=\"cells\">\n<div class=\"cell source\"><p class=\"cell-head\">{src} (source)</p>{text}</div>\n",
            id = esc(&s.id),
            kind = s.kind.as_str(),
            done = if todo { "" } else { " · current, no findings" },
            src = esc(a.source_lang.as_str()),
            text = text_div(&s.text, &a.source_lang),
        );
        for c in cells {
            h.push_str(&c.html);
        }
        let _ = writeln!(h, "</div>\n</{close}>");
    }
    orphans(a, &mut h);
    h.push_str("</main>\n<script>\n");
    h.push_str(SCRIPT);
    h.push_str("</script>\n</body>\n</html>\n");
    h
}

/// The per-language coverage table.
fn lang_summary(a: &Aligned, h: &mut String) {
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
}

/// Findings counted by severity and code (errors first), one column per language.
fn code_summary(a: &Aligned, diags: &[Diagnostic], h: &mut String) {
    let mut counts: BTreeMap<(Severity, &str), BTreeMap<&str, usize>> = BTreeMap::new();
    for d in diags {
        let lang = d.lang.as_deref().unwrap_or("");
        *counts
            .entry((d.severity, d.code))
            .or_default()
            .entry(lang)
            .or_default() += 1;
    }
    h.push_str("<h2>Findings by code</h2>\n");
    if counts.is_empty() {
        h.push_str("<p>No findings.</p>\n");
        return;
    }
    h.push_str("<table class=\"codes\">\n<thead><tr><th>severity</th><th>code</th>");
    for la in &a.langs {
        let _ = write!(h, "<th>{}</th>", esc(la.lang.as_str()));
    }
    h.push_str("<th>other</th><th>total</th></tr></thead>\n<tbody>\n");
    for ((sev, code), per) in &counts {
        let _ = write!(
            h,
            "<tr class=\"{0}\"><th>{0}</th><th><code>{1}</code></th>",
            sev.as_str(),
            esc(code)
        );
        let mut known = 0;
        for la in &a.langs {
            let n = per.get(la.lang.as_str()).copied().unwrap_or(0);
            known += n;
            let _ = write!(h, "<td>{n}</td>");
        }
        let total: usize = per.values().sum();
        let _ = writeln!(h, "<td>{}</td><td>{total}</td></tr>", total - known);
    }
    h.push_str("</tbody>\n</table>\n");
}

/// The filter form (hidden until the script runs).
fn filters(a: &Aligned, diags: &[Diagnostic], h: &mut String) {
    let langs: Vec<String> = a.langs.iter().map(|l| l.lang.to_string()).collect();
    let sevs: Vec<String> = ["error", "warning", "info"].map(String::from).to_vec();
    let mut codes: Vec<String> = diags
        .iter()
        .filter(|d| d.segment.is_some())
        .map(|d| d.code.to_string())
        .collect();
    codes.sort();
    codes.dedup();
    let states: Vec<String> = Status::TRANSLATION.map(|s| s.as_str().to_string()).to_vec();
    h.push_str("<form id=\"filters\" class=\"filters\" hidden=\"\" aria-label=\"filters\">\n");
    for (name, label, values) in [
        ("lang", "language", &langs),
        ("sev", "severity", &sevs),
        ("code", "code", &codes),
        ("status", "status", &states),
    ] {
        let _ = write!(
            h,
            "<label>{label}<select name=\"{name}\" id=\"filter-{name}\"><option value=\"\">all</option>"
        );
        for v in values {
            let _ = write!(h, "<option value=\"{0}\">{0}</option>", esc(v));
        }
        h.push_str("</select></label>\n");
    }
    h.push_str("<output id=\"filter-count\" aria-live=\"polite\"></output>\n</form>\n");
}

/// Divs whose ID the source no longer has.
fn orphans(a: &Aligned, h: &mut String) {
    for la in a.langs.iter().filter(|l| !l.orphans.is_empty()) {
        let _ = writeln!(
            h,
            "<h2>Orphans in <code>{}</code></h2>\n<p>Divs whose ID the source no longer has: kept in the file, not published.</p>\n<ul>",
            esc(&la.file.to_string_lossy())
        );
        for o in &la.orphans {
            let (file, line) = la.place(Some(o.line), None);
            let _ = writeln!(
                h,
                "<li><code>{}:{}</code> <code>{}</code>: {}</li>",
                esc(&file.to_string_lossy()),
                line.unwrap_or(o.line),
                esc(&o.id),
                text_div(&o.text, &la.lang)
            );
        }
        h.push_str("</ul>\n");
    }
}

/// `file:line[:col]`, written as the terminal writes it ([`Diagnostic`]'s `Display`).
fn place(file: &std::path::Path, line: Option<u32>, col: Option<u32>) -> String {
    let mut s = file.to_string_lossy().into_owned();
    if let Some(l) = line {
        let _ = write!(s, ":{l}");
        if let Some(c) = col {
            let _ = write!(s, ":{c}");
        }
    }
    s
}

fn finding_li(d: &Diagnostic) -> String {
    let at = d
        .file
        .as_ref()
        .map(|f| format!(" <code>{}</code>", esc(&place(f, d.line, d.col))))
        .unwrap_or_default();
    let hint = d
        .hint
        .as_ref()
        .map(|h| format!("<br><span class=\"hint\">hint: {}</span>", esc(h)))
        .unwrap_or_default();
    format!(
        "<li class=\"{0}\"><b>{0}</b> [{1}]{2}: {3}{4}</li>",
        d.severity.as_str(),
        esc(d.code),
        at,
        esc(&d.message),
        hint
    )
}

fn text_div(text: &str, la: &Lang) -> String {
    let class = if la.is_rtl() { "text rtl" } else { "text" };
    format!(
        "<div class=\"{class}\" lang=\"{}\" dir=\"{}\">{}</div>",
        esc(la.as_str()),
        la.dir().as_str(),
        esc(text)
    )
}

/// What changed in the source since the text a stale translation was made from: the whole
/// current text with removed words in `<del>` and added ones in `<ins>` (escaped).
fn diff_div(diff: &[Change], source_lang: &Lang) -> String {
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

/// One language's cell of a segment, and whether it needs work (not current, or findings).
struct Cell {
    html: String,
    todo: bool,
}

fn cell(la: &LangAlignment, i: usize, id: &str, diags: &[Diagnostic], source: &Lang) -> Cell {
    let c = &la.cells[i];
    let all: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.lang.as_deref() == Some(la.lang.as_str()) && d.segment.as_deref() == Some(id))
        .collect();
    // A missing segment's own finding is what its badge says already.
    let found: Vec<&Diagnostic> = all
        .iter()
        .copied()
        .filter(|d| !(c.state == Status::Missing && d.code == "missing"))
        .collect();
    let mut sevs: Vec<&str> = all.iter().map(|d| d.severity.as_str()).collect();
    let mut codes: Vec<&str> = all.iter().map(|d| d.code).collect();
    for v in [&mut sevs, &mut codes] {
        v.sort();
        v.dedup();
    }
    let mut h = format!(
        "<div class=\"cell\" data-lang=\"{}\" data-status=\"{}\" data-sev=\"{}\" data-code=\"{}\">",
        esc(la.lang.as_str()),
        c.state.as_str(),
        sevs.join(" "),
        esc(&codes.join(" "))
    );
    let _ = write!(
        h,
        "<p class=\"cell-head\">{} <span class=\"badge {1}\">{1}</span>",
        esc(la.lang.as_str()),
        c.state.as_str()
    );
    if c.line.is_some() {
        let (file, line) = la.place(c.line, None);
        let _ = write!(h, " <code>{}</code>", esc(&place(&file, line, None)));
    }
    h.push_str("</p>");
    if let Some(t) = &c.text {
        h.push_str(&text_div(t, &la.lang));
    }
    if let Some(diff) = &c.source_diff {
        h.push_str(&diff_div(diff, source));
    }
    // Ignored (reviewed) findings are infos: they leave the segment collapsed.
    let todo = c.state != Status::Current || found.iter().any(|d| d.severity != Severity::Info);
    if !found.is_empty() {
        h.push_str("<ul class=\"findings\">");
        for d in found {
            h.push_str(&finding_li(d));
        }
        h.push_str("</ul>");
    }
    h.push_str("</div>\n");
    Cell { html: h, todo }
}
