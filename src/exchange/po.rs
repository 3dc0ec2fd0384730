//! gettext PO: one entry per segment, `msgctxt` = segment ID, `msgid` the source text and
//! `msgstr` the translation's Markdown, whose citations `[n]`, link targets and brackets are
//! the tokens pofilter's `brackets`, `numbers` and `urls` checks compare. Extracted comments
//! (`#.`) carry the kind, heading, QA findings and the exported fingerprint; a stale or unchecked
//! translation is `#, fuzzy`, with the source it was made from as `#| msgid` when known.

use super::{problem, ExportOptions, Imported, ImportedFile, Unit};
use crate::diag::{Diagnostic, Staged};
use crate::model::Lang;
use crate::model::Status;
use std::fmt::Write;
use std::path::Path;

/// A PO string literal (one line, or `""` and one line per `\n` for multi-line text).
fn quoted(s: &str) -> String {
    let esc = |p: &str| {
        let mut o = String::with_capacity(p.len() + 2);
        for c in p.chars() {
            match c {
                '\\' => o.push_str("\\\\"),
                '"' => o.push_str("\\\""),
                '\n' => o.push_str("\\n"),
                '\t' => o.push_str("\\t"),
                '\r' => o.push_str("\\r"),
                _ => o.push(c),
            }
        }
        format!("\"{o}\"")
    };
    if !s.contains('\n') || s == "\n" {
        return esc(s);
    }
    let mut out = String::from("\"\"");
    for piece in s.split_inclusive('\n') {
        out.push('\n');
        out.push_str(&esc(piece));
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The PO file of one target language.
pub fn write(target: &Lang, units: &[Unit], opts: &ExportOptions) -> String {
    let mut s = String::with_capacity(units.len() * 500);
    let _ = writeln!(
        s,
        "# {} -> {target}: exported by stele; msgctxt is the segment ID.",
        opts.original
    );
    s.push_str("msgid \"\"\nmsgstr \"\"\n");
    for h in [
        format!("Project-Id-Version: {}", opts.original),
        "PO-Revision-Date: 1970-01-01 00:00+0000".into(),
        "Last-Translator: stele".into(),
        format!("Language-Team: {target}"),
        format!("Language: {target}"),
        "MIME-Version: 1.0".into(),
        "Content-Type: text/plain; charset=UTF-8".into(),
        "Content-Transfer-Encoding: 8bit".into(),
        concat!("X-Generator: stele ", env!("CARGO_PKG_VERSION")).into(),
    ] {
        let _ = writeln!(s, "{}", quoted(&format!("{h}\n")));
    }
    for u in units {
        s.push('\n');
        for (cat, text) in super::notes(u) {
            let _ = writeln!(s, "#. {cat}: {}", one_line(&text));
        }
        let _ = writeln!(s, "#. fingerprint: {}", u.fingerprint);
        let file = opts.chapter_files.get(u.chapter).unwrap_or(&opts.original);
        let _ = writeln!(s, "#: {}:{}", file, u.line);
        if u.state == Status::Stale {
            s.push_str("#, fuzzy\n");
            if let Some(p) = &u.previous_source {
                let _ = writeln!(s, "#| msgid {}", quoted(&one_line(p)));
            }
        }
        let _ = writeln!(s, "msgctxt {}", quoted(&u.id));
        let _ = writeln!(s, "msgid {}", quoted(&u.source));
        let _ = writeln!(s, "msgstr {}", quoted(&u.target));
    }
    s
}

fn unquote(s: &str) -> Result<String, String> {
    let inner = s
        .trim()
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or_else(|| format!("`{s}` is not a quoted string"))?;
    let mut out = String::with_capacity(inner.len());
    let mut it = inner.chars();
    while let Some(c) = it.next() {
        match c {
            '\\' => match it.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('\\') => out.push('\\'),
                Some('"') => out.push('"'),
                other => return Err(format!("an unknown escape `\\{}`", other.unwrap_or(' '))),
            },
            '"' => return Err("a `\"` inside a string is not escaped".into()),
            _ => out.push(c),
        }
    }
    Ok(out)
}

#[derive(Default)]
struct Entry {
    line: u32,
    ctxt: Option<String>,
    id: Option<String>,
    str_: Option<String>,
    fuzzy: bool,
    fingerprint: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Field {
    None,
    Ctxt,
    Id,
    Str,
}

/// One line of an entry (not blank, not a skipped comment) into the entry being read.
fn read_line(l: &str, cur: &mut Entry, field: &mut Field) -> Result<(), String> {
    if let Some(f) = l.strip_prefix("#,") {
        cur.fuzzy |= f.split(',').any(|f| f.trim() == "fuzzy");
    } else if let Some(c) = l.strip_prefix("#.") {
        if let Some(fp) = c.trim().strip_prefix("fingerprint:") {
            cur.fingerprint = Some(fp.trim().to_string());
        }
    } else if l.starts_with('#') {
        // Another comment: translator comments are the CAT tool's.
    } else if let Some(v) = l.strip_prefix("msgctxt ") {
        cur.ctxt = Some(unquote(v)?);
        *field = Field::Ctxt;
    } else if let Some(v) = l.strip_prefix("msgid ") {
        cur.id = Some(unquote(v)?);
        *field = Field::Id;
    } else if let Some(v) = l.strip_prefix("msgstr ") {
        cur.str_ = Some(unquote(v)?);
        *field = Field::Str;
    } else if l.starts_with("msgid_plural") || l.starts_with("msgstr[") {
        return Err("plural entries (msgid_plural) are no stele segments".into());
    } else if l.starts_with('"') {
        let v = unquote(l)?;
        let slot = match field {
            Field::Ctxt => &mut cur.ctxt,
            Field::Id => &mut cur.id,
            Field::Str => &mut cur.str_,
            Field::None => return Err("a string continues no keyword".into()),
        };
        slot.get_or_insert_default().push_str(&v);
    } else {
        let shown: String = l.chars().take(40).collect();
        return Err(format!("`{shown}` is no PO syntax"));
    }
    Ok(())
}

/// Reads a PO file.
pub fn read(bytes: &[u8], file: &Path) -> Staged<ImportedFile> {
    let fail =
        |line: u32, m: String| Staged::failed(vec![problem(file, line, None, "exchange", m)]);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return fail(
            1,
            "the file is not UTF-8 (stele writes and reads PO as UTF-8)".into(),
        );
    };
    if bytes.len() > super::xml::MAX_BYTES {
        return fail(1, "the file is larger than 64 MiB".into());
    }
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut entries: Vec<Entry> = Vec::new();
    let mut cur = Entry::default();
    let mut field = Field::None;
    for (i, raw) in text.lines().enumerate() {
        let n = i as u32 + 1;
        let l = raw.trim();
        let starts_entry =
            l.starts_with("msgctxt") || (l.starts_with("msgid ") && cur.ctxt.is_none());
        if (l.is_empty()
            || (starts_entry && cur.str_.is_some())
            || (l.starts_with('#') && cur.str_.is_some()))
            && (cur.id.is_some() || cur.ctxt.is_some())
        {
            entries.push(std::mem::take(&mut cur));
            field = Field::None;
        }
        if l.is_empty()
            || l.starts_with("#~")
            || l.starts_with("#|")
            || l == "#"
            || l.starts_with("# ")
            || l.starts_with("#:")
        {
            continue;
        }
        if cur.line == 0 {
            cur.line = n;
        }
        let r = read_line(l, &mut cur, &mut field);
        if let Err(m) = r {
            return fail(n, format!("line {n}: {m}"));
        }
    }
    if cur.id.is_some() || cur.ctxt.is_some() {
        entries.push(cur);
    }
    collect(entries, file)
}

fn collect(entries: Vec<Entry>, file: &Path) -> Staged<ImportedFile> {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut target_lang = None;
    let mut units = Vec::new();
    for e in entries {
        let (Some(id), Some(s)) = (e.id, e.str_) else {
            diags.push(problem(
                file,
                e.line,
                e.ctxt.as_deref(),
                "exchange",
                "an entry without msgid or msgstr".into(),
            ));
            continue;
        };
        let Some(ctxt) = e.ctxt else {
            if id.is_empty() {
                target_lang = s
                    .lines()
                    .find_map(|l| l.strip_prefix("Language:"))
                    .map(|l| l.trim().to_string());
            } else {
                diags.push(problem(
                    file,
                    e.line,
                    None,
                    "exchange",
                    "an entry without msgctxt: stele keys its entries by segment ID in msgctxt"
                        .into(),
                ));
            }
            continue;
        };
        units.push(Imported {
            id: ctxt,
            line: e.line,
            source: id,
            fingerprint: e.fingerprint,
            target: s,
            confirmed: !e.fuzzy,
        });
    }
    let out = ImportedFile {
        format: super::Format::Po,
        target_lang,
        units,
    };
    if crate::diag::has_errors(&diags) {
        Staged::failed(diags)
    } else {
        Staged::ok(out, diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_with_quotes_backslashes_and_line_ends_read_back() {
        for s in ["a \"b\" \\c", "one\ntwo\n", "tab\there", "", "\n"] {
            let q = quoted(s);
            let back: String = q.split('\n').map(|l| unquote(l).unwrap()).collect();
            assert_eq!(back, s, "{q}");
        }
        assert!(unquote("\"a\\qb\"").unwrap_err().contains("unknown escape"));
        assert!(unquote("\"a\"b\"").is_err());
    }

    #[test]
    fn entries_keep_context_fuzzy_flag_and_fingerprint() {
        let po = "msgid \"\"\nmsgstr \"Language: ar\\n\"\n\n#. fingerprint: abc\n#, fuzzy\n#| msgid \"old\"\nmsgctxt \"p1\"\nmsgid \"\"\n\"x\\n\"\n\"y\"\nmsgstr \"س\"\n\nmsgctxt \"p2\"\nmsgid \"z\"\nmsgstr \"\"\n";
        let f = read(po.as_bytes(), Path::new("a.po")).value.unwrap();
        assert_eq!(f.target_lang.as_deref(), Some("ar"));
        assert_eq!(f.units.len(), 2);
        let u = &f.units[0];
        assert_eq!(
            (u.id.as_str(), u.source.as_str(), u.target.as_str()),
            ("p1", "x\ny", "س")
        );
        assert_eq!(
            (u.fingerprint.as_deref(), u.confirmed, u.line),
            (Some("abc"), false, 4)
        );
        assert!(f.units[1].confirmed && f.units[1].target.is_empty());
        let bad = read(
            b"msgctxt \"p1\"\nmsgid \"a\"\nmsgid_plural \"b\"\n",
            Path::new("a.po"),
        );
        assert!(bad.value.is_none() && bad.diags[0].message.contains("plural"));
    }
}
