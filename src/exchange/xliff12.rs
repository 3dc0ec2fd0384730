//! XLIFF 1.2 for older tools: one `<trans-unit>` per segment (`id`/`resname` = segment ID,
//! `extradata` = the exported fingerprint), `<target state>` `new`/`translated`/
//! `needs-review-translation`, `<note>`s for the context; citations as `<x ctype="x-cite"/>`,
//! emphasis, links and spans as `<g ctype=…>` with their Markdown in `stele:start`/`stele:end`.

use super::inline::{self, Run};
use super::xliff2::{markdown, source_codes, Ids};
use super::xml::{esc, esc_attr, Element};
use super::{problem, ExportOptions, Imported, ImportedFile, Unit};
use crate::diag::{Diagnostic, Staged};
use crate::model::Lang;
use crate::model::Status;
use std::fmt::Write;
use std::path::Path;

pub const NS: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// The namespace of stele's two attributes on `<g>`.
pub const STELE_NS: &str = "urn:stele:exchange";

fn runs_xml(runs: &[Run], ids: &mut Ids, s: &mut String) {
    for r in runs {
        match r {
            Run::Text(t) => s.push_str(&esc(t)),
            Run::Cite(n) => {
                let _ = write!(
                    s,
                    "<x id=\"{}\" ctype=\"x-cite\" equiv-text=\"[{n}]\"/>",
                    ids.cite(*n)
                );
            }
            Run::Pair {
                kind,
                start,
                end,
                inner,
            } => {
                let _ = write!(
                    s,
                    "<g id=\"{}\" ctype=\"{}\" stele:start=\"{}\" stele:end=\"{}\">",
                    ids.pair(),
                    kind.ctype(),
                    esc_attr(start),
                    esc_attr(end)
                );
                runs_xml(inner, ids, s);
                s.push_str("</g>");
            }
        }
    }
}

/// A unit's `<target state>`: `translated` when current, `needs-review-translation` when stale,
/// `new` without text.
fn state(s: Status) -> &'static str {
    match s {
        Status::Current => "translated",
        Status::Stale => "needs-review-translation",
        _ => "new",
    }
}

/// The XLIFF 1.2 document of one target language.
pub fn write(target: &Lang, units: &[Unit], opts: &ExportOptions) -> String {
    let mut s = String::with_capacity(units.len() * 600);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<xliff version=\"1.2\" xmlns=\"{NS}\" xmlns:stele=\"{STELE_NS}\">"
    );
    let _ = writeln!(
        s,
        "  <file original=\"{}\" source-language=\"{}\" target-language=\"{target}\" datatype=\"plaintext\">",
        esc_attr(&opts.original),
        opts.source_lang
    );
    s.push_str("    <body>\n");
    for u in units {
        let _ = writeln!(
            s,
            "      <trans-unit id=\"{0}\" resname=\"{0}\" extradata=\"{1}\" xml:space=\"preserve\">",
            esc_attr(&u.id),
            esc_attr(&u.fingerprint)
        );
        s.push_str("        <source>");
        runs_xml(
            &inline::parse_source(&u.source, &u.cites),
            &mut Ids::default(),
            &mut s,
        );
        let _ = write!(
            s,
            "</source>\n        <target state=\"{}\">",
            state(u.state)
        );
        runs_xml(
            &inline::parse_target(&u.target, &opts.citations),
            &mut Ids::default(),
            &mut s,
        );
        s.push_str("</target>\n");
        for (cat, text) in super::notes(u) {
            let _ = writeln!(
                s,
                "        <note from=\"stele\">{cat}: {}</note>",
                esc(&text)
            );
        }
        s.push_str("      </trans-unit>\n");
    }
    s.push_str("    </body>\n  </file>\n</xliff>\n");
    s
}

/// Reads an XLIFF 1.2 file.
pub fn read(root: &Element, file: &Path) -> Staged<ImportedFile> {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut units = Vec::new();
    let mut target_lang = None;
    for f in root.all("file") {
        target_lang = target_lang.or(f.attr("target-language").map(str::to_string));
        for body in f.all("body") {
            let mut groups = vec![body];
            while let Some(g) = groups.pop() {
                groups.extend(g.all("group"));
                for u in g.all("trans-unit") {
                    match unit(u) {
                        Ok(i) => units.push(i),
                        Err(m) => diags.push(problem(file, u.line, u.attr("id"), "markup", m)),
                    }
                }
            }
        }
    }
    units.sort_by_key(|u| u.line);
    let out = ImportedFile {
        format: super::Format::Xliff12,
        target_lang,
        units,
    };
    if crate::diag::has_errors(&diags) {
        Staged::failed(diags)
    } else {
        Staged::ok(out, diags)
    }
}

fn unit(u: &Element) -> Result<Imported, String> {
    let id = u
        .attr("resname")
        .or(u.attr("id"))
        .ok_or("a <trans-unit> has no id")?
        .to_string();
    let src = u
        .first("source")
        .ok_or_else(|| format!("unit `{id}` has no <source>"))?;
    let codes = source_codes(src);
    let source = markdown(src, &codes, &id)?;
    let t = u.first("target");
    let target = match t {
        Some(t) => markdown(t, &codes, &id)?,
        None => String::new(),
    };
    let confirmed = t.is_some_and(|t| {
        matches!(
            t.attr("state"),
            None | Some("translated" | "signed-off" | "final")
        )
    });
    Ok(Imported {
        id,
        line: u.line,
        source,
        fingerprint: u.attr("extradata").map(str::to_string),
        target,
        confirmed,
    })
}
