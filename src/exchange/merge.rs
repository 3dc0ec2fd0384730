//! Writes an import's updates into a translation file's text, through the translation-file
//! writer of [`crate::align::format`]: divs the file lacks are added where `stele sync` would put
//! them ([`format::with_new_divs`]), fingerprints set by [`format::set_source_attr`], and only the
//! body of an updated div replaced; every other byte of the file is kept.

use super::Update;
use crate::align::format::{self, TranslationFile};
use crate::model::Lang;
use crate::normalize::SourceSegment;
use std::collections::BTreeMap;
use std::path::Path;

/// Keeps a line of text from reading as a fence.
fn safe_line(l: &str) -> String {
    if l.trim_start().starts_with(":::") {
        format!("\\{l}")
    } else {
        l.to_string()
    }
}

fn reparse(text: &str, path: &Path, lang: &Lang) -> Result<TranslationFile, String> {
    match format::parse(text.as_bytes(), path, lang) {
        (Some(f), _) => Ok(f),
        (None, d) => Err(d
            .first()
            .map_or("the translation file does not parse".into(), |d| {
                d.message.clone()
            })),
    }
}

/// The new text of the translation file (a new file when `original` is `None`).
pub fn apply(
    original: Option<&str>,
    path: &Path,
    lang: &Lang,
    segments: &[SourceSegment],
    updates: &BTreeMap<String, Update>,
) -> Result<String, String> {
    let mut text = match original {
        Some(t) => t.to_string(),
        None => format::new_file(lang, segments),
    };
    let mut file = reparse(&text, path, lang)?;
    let wanted: Vec<SourceSegment> = segments
        .iter()
        .filter(|s| updates.contains_key(&s.id) || file.div(&s.id).is_some())
        .cloned()
        .collect();
    if let Some((t, _)) = format::with_new_divs(&text, &file, &wanted) {
        text = t;
        file = reparse(&text, path, lang)?;
    }
    let eol = file.eol;
    // By fence line: the closing fence's line and the replacement of fence and body.
    let mut by_line: BTreeMap<u32, (u32, String)> = BTreeMap::new();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (id, u) in updates {
        let d = file
            .div(id)
            .ok_or_else(|| format!("the file has no div `{id}`"))?;
        let close = d.body.last().map_or(d.line, |b| b.line) + 1;
        let fence = lines
            .get(d.line as usize - 1)
            .ok_or_else(|| format!("div `{id}` has no fence line"))?
            .trim_end_matches(['\n', '\r']);
        let fence = match &u.source {
            Some(fp) if d.source.as_deref() != Some(fp) => format::set_source_attr(fence, fp)
                .ok_or_else(|| format!("the opening fence of div `{id}` cannot be rewritten"))?,
            _ => fence.to_string(),
        };
        let mut block = format!("{fence}{eol}");
        for l in u.text.split('\n') {
            block.push_str(&safe_line(l.trim_end_matches('\r')));
            block.push_str(eol);
        }
        by_line.insert(d.line, (close, block));
    }
    let mut out = String::with_capacity(text.len() + 64 * updates.len());
    let mut skip_until = 0;
    for (i, piece) in lines.iter().enumerate() {
        let n = i as u32 + 1;
        if n < skip_until {
            continue;
        }
        if let Some((close, block)) = by_line.get(&n) {
            out.push_str(block);
            skip_until = *close;
            continue;
        }
        out.push_str(piece);
    }
    // The result must read back with the imported text in every updated div.
    let back = reparse(&out, path, lang)?;
    for (id, u) in updates {
        if back.div(id).map(|d| d.text()) != Some(u.text.clone()) {
            return Err(format!("the text imported for `{id}` does not read back as written (markup that ends the div?)"));
        }
    }
    Ok(out)
}
