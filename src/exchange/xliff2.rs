//! XLIFF 2.1 (OASIS, core namespace `urn:oasis:names:tc:xliff:document:2.0`): one `<unit>` per
//! segment (`id` = segment ID), the exported fingerprint and the context as `<notes>`, one
//! `<segment>` with `state` `initial`/`translated`/`reviewed`; citations as `<ph disp="[n]"/>`,
//! emphasis, links and spans as `<pc dispStart=… dispEnd=…>` holding their exact Markdown.

use super::inline::{self, PairKind, Run};
use super::xml::{esc, esc_attr, Element, Node};
use super::{problem, ExportOptions, Imported, ImportedFile, Unit};
use crate::diag::{Diagnostic, Staged};
use crate::model::Lang;
use crate::model::Status;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

pub const NS: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// Placeholder IDs of one side of a unit: citations `c<n>` (then `c<n>-2`, …), pairs `m1`, `m2`, ….
#[derive(Default)]
pub struct Ids {
    cites: BTreeMap<u32, usize>,
    pairs: usize,
}

impl Ids {
    pub fn cite(&mut self, n: u32) -> String {
        let k = self.cites.entry(n).or_default();
        *k += 1;
        if *k == 1 {
            format!("c{n}")
        } else {
            format!("c{n}-{k}")
        }
    }
    pub fn pair(&mut self) -> String {
        self.pairs += 1;
        format!("m{}", self.pairs)
    }
}

/// `c12` or `c12-2` as the citation number.
pub fn cite_of(id: &str) -> Option<u32> {
    let rest = id.strip_prefix('c')?;
    rest.split('-').next()?.parse().ok()
}

fn runs_xml(runs: &[Run], ids: &mut Ids, s: &mut String) {
    for r in runs {
        match r {
            Run::Text(t) => s.push_str(&esc(t)),
            Run::Cite(n) => {
                let _ = write!(
                    s,
                    "<ph id=\"{}\" disp=\"[{n}]\" equiv=\"[{n}]\"/>",
                    ids.cite(*n)
                );
            }
            Run::Pair {
                kind,
                start,
                end,
                inner,
            } => {
                let (ty, sub) = match kind {
                    PairKind::Emphasis => ("fmt", " subType=\"xlf:i\""),
                    PairKind::Strong => ("fmt", " subType=\"xlf:b\""),
                    PairKind::Link => ("link", ""),
                    PairKind::Span => ("other", ""),
                };
                let _ = write!(
                    s,
                    "<pc id=\"{}\" type=\"{ty}\"{sub} dispStart=\"{}\" dispEnd=\"{}\">",
                    ids.pair(),
                    esc_attr(start),
                    esc_attr(end)
                );
                runs_xml(inner, ids, s);
                s.push_str("</pc>");
            }
        }
    }
}

/// A unit's `state`: `reviewed` or `translated` when current, `initial` otherwise.
fn state(u: &Unit) -> &'static str {
    match u.state {
        Status::Current if u.reviewed() => "reviewed",
        Status::Current => "translated",
        _ => "initial",
    }
}

/// The XLIFF 2.1 document of one target language.
pub fn write(target: &Lang, units: &[Unit], opts: &ExportOptions) -> String {
    let mut s = String::with_capacity(units.len() * 600);
    let _ = writeln!(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        s,
        "<xliff xmlns=\"{NS}\" version=\"2.1\" srcLang=\"{}\" trgLang=\"{target}\">",
        opts.source_lang
    );
    let _ = writeln!(
        s,
        "  <file id=\"f1\" original=\"{}\">",
        esc_attr(&opts.original)
    );
    for u in units {
        let _ = writeln!(
            s,
            "    <unit id=\"{}\" name=\"{}\">",
            esc_attr(&u.id),
            esc_attr(&u.id)
        );
        s.push_str("      <notes>\n");
        let _ = writeln!(
            s,
            "        <note category=\"fingerprint\">{}</note>",
            esc(&u.fingerprint)
        );
        for (cat, text) in super::notes(u) {
            let _ = writeln!(s, "        <note category=\"{cat}\">{}</note>", esc(&text));
        }
        s.push_str("      </notes>\n");
        let _ = writeln!(s, "      <segment state=\"{}\">", state(u));
        s.push_str("        <source xml:space=\"preserve\">");
        runs_xml(
            &inline::parse_source(&u.source, &u.cites),
            &mut Ids::default(),
            &mut s,
        );
        s.push_str("</source>\n        <target xml:space=\"preserve\">");
        runs_xml(
            &inline::parse_target(&u.target, &opts.citations),
            &mut Ids::default(),
            &mut s,
        );
        s.push_str("</target>\n      </segment>\n    </unit>\n");
    }
    s.push_str("  </file>\n</xliff>\n");
    s
}

/// The Markdown of an inline content element (`<source>`/`<target>`); `codes` are the unit's
/// source codes by ID, whose delimiters stand in when a tool dropped them from the target.
pub fn markdown(
    e: &Element,
    codes: &BTreeMap<String, (String, String)>,
    unit: &str,
) -> Result<String, String> {
    let mut s = String::new();
    content(e, codes, unit, &mut s)?;
    Ok(s)
}

fn content(
    e: &Element,
    codes: &BTreeMap<String, (String, String)>,
    unit: &str,
    s: &mut String,
) -> Result<(), String> {
    for c in &e.children {
        let el = match c {
            Node::Text(t) => {
                s.push_str(t);
                continue;
            }
            Node::Element(el) => el,
        };
        let id = el.attr("id").unwrap_or_default();
        match el.name.as_str() {
            "ph" | "x" => {
                let n = cite_of(id).ok_or_else(|| {
                    format!("unit `{unit}`: placeholder `{id}` is no citation stele exported")
                })?;
                let _ = write!(s, "[{n}]");
            }
            "pc" | "g" => {
                let (start, end) = delims(el, codes).ok_or_else(|| {
                    format!("unit `{unit}`: the markup of code `{id}` was lost (no start and end delimiters)")
                })?;
                s.push_str(&start);
                content(el, codes, unit, s)?;
                s.push_str(&end);
            }
            "mrk" | "sm" | "em" => content(el, codes, unit, s)?,
            other => {
                return Err(format!(
                    "unit `{unit}`: an inline <{other}> stele did not export (markup it cannot write back)"
                ))
            }
        }
    }
    Ok(())
}

/// The delimiters of a paired code: its own attributes (2.1 `dispStart`/`dispEnd`, 1.2
/// `stele:start`/`stele:end`), else the source code of the same ID, else emphasis by its kind.
fn delims(el: &Element, codes: &BTreeMap<String, (String, String)>) -> Option<(String, String)> {
    let own = match (
        el.attr("dispStart").or(el.attr("start")),
        el.attr("dispEnd").or(el.attr("end")),
    ) {
        (Some(a), Some(b)) if valid_delims(a, b) => Some((a.to_string(), b.to_string())),
        _ => None,
    };
    own.or_else(|| codes.get(el.attr("id")?).cloned())
        .or_else(|| {
            let kind = el
                .attr("subType")
                .map(|s| match s {
                    "xlf:i" => "italic",
                    "xlf:b" => "bold",
                    _ => "",
                })
                .or(el.attr("ctype"))?;
            match PairKind::from_ctype(kind)? {
                PairKind::Emphasis => Some(("*".into(), "*".into())),
                PairKind::Strong => Some(("**".into(), "**".into())),
                _ => None,
            }
        })
}

/// Delimiters stele writes: emphasis runs, or `[` with `](…)`/`]{…}` on one line.
fn valid_delims(a: &str, b: &str) -> bool {
    let emph = |d: &str| matches!(d, "*" | "**" | "***" | "_" | "__" | "___");
    (emph(a) && a == b)
        || (a == "["
            && !b.contains('\n')
            && ((b.starts_with("](") && b.ends_with(')'))
                || (b.starts_with("]{") && b.ends_with('}'))))
}

/// The paired codes of a `<source>` by ID, with their delimiters.
pub fn source_codes(e: &Element) -> BTreeMap<String, (String, String)> {
    let mut m = BTreeMap::new();
    fn walk(e: &Element, m: &mut BTreeMap<String, (String, String)>) {
        for c in &e.children {
            if let Node::Element(el) = c {
                if let (Some(id), Some((a, b))) = (el.attr("id"), delims(el, &BTreeMap::new())) {
                    m.insert(id.to_string(), (a, b));
                }
                walk(el, m);
            }
        }
    }
    walk(e, &mut m);
    m
}

/// Reads an XLIFF 2.x file.
pub fn read(root: &Element, file: &Path) -> Staged<ImportedFile> {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut units = Vec::new();
    for f in root.all("file") {
        for u in f.all("unit") {
            match unit(u) {
                Ok(i) => units.push(i),
                Err(m) => diags.push(problem(file, u.line, u.attr("id"), "markup", m)),
            }
        }
    }
    let out = ImportedFile {
        format: super::Format::Xliff2,
        target_lang: root.attr("trgLang").map(str::to_string),
        units,
    };
    if crate::diag::has_errors(&diags) {
        Staged::failed(diags)
    } else {
        Staged::ok(out, diags)
    }
}

fn unit(u: &Element) -> Result<Imported, String> {
    let id = u.attr("id").ok_or("a <unit> has no id")?.to_string();
    let fingerprint = u
        .first("notes")
        .and_then(|n| {
            n.all("note")
                .find(|n| n.attr("category") == Some("fingerprint"))
        })
        .map(|n| n.text().trim().to_string());
    let (mut source, mut target, mut confirmed) = (String::new(), String::new(), true);
    for seg in u.all("segment").chain(u.all("ignorable")) {
        let src = seg
            .first("source")
            .ok_or_else(|| format!("unit `{id}` has a segment without <source>"))?;
        let codes = source_codes(src);
        source.push_str(&markdown(src, &codes, &id)?);
        if let Some(t) = seg.first("target") {
            target.push_str(&markdown(t, &codes, &id)?);
        }
        if seg.name == "segment" {
            confirmed &= matches!(seg.attr("state"), Some("translated" | "reviewed" | "final"));
        }
    }
    Ok(Imported {
        id,
        line: u.line,
        source,
        fingerprint,
        target,
        confirmed,
    })
}
