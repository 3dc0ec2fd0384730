//! `stele sync`: brings a translation file up to date with the source's segments.

use super::*;

/// `stele sync --lang xx`: adds an empty div (no `source`, so nothing looks translated) for every
/// source segment the file lacks, where the source has it; keeps every other byte, orphans
/// included; writes by atomic replace, and not at all when nothing is new or the file is broken.
pub fn sync_cmd(project: &Project, lang: &str) -> Vec<Diagnostic> {
    let staged = load_normalized(project);
    let mut diags = staged.diags;
    let Some((config, n)) = staged.value else {
        return diags;
    };
    let lang = match crate::model::Lang::parse(lang) {
        Ok(l) if config.document.target_langs.contains(&l) => l,
        Ok(l) => {
            let listed = config
                .document
                .target_langs
                .iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            diags.push(
                Diagnostic::error(
                    "sync",
                    format!("`{l}` is not a target language of this edition (targets: {listed})"),
                )
                .file(project.display(&project.config_path()))
                .hint(format!(
                    "add \"{l}\" to document.target_langs in source/edition.toml first"
                )),
            );
            return diags;
        }
        Err(e) => {
            diags.push(Diagnostic::error("sync", e).hint("give a language tag, e.g. --lang ar"));
            return diags;
        }
    };
    // Refuse a translation file outside the project before writing anything, the registry included.
    let set = match translations::TranslationSet::locate(project, &config, &lang) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    let path = set.parts[0].path.clone();
    if let Err(d) = save_registry(project, &config, &n) {
        diags.push(d);
        return diags;
    }
    if set.per_chapter {
        match translations::TranslationSet::read(project, &config, &lang) {
            Ok(set) => diags.extend(translations::sync_parts(&set, &n.segments)),
            Err(d) => diags.push(d),
        }
        return diags;
    }
    let shown = project.display(&path);
    let bytes = match io::read_optional(&path, &shown) {
        Ok(b) => b,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    let Some(bytes) = bytes else {
        let text = crate::align::format::new_file(&lang, &n.segments);
        match io::write_atomic(&path, text.as_bytes()) {
            Ok(()) => diags.push(
                Diagnostic::info("sync", format!("created the file with {} empty divs", n.segments.len()))
                    .file(&shown)
                    .lang(lang.as_str())
                    .hint("fill in the title and translators in the front matter, then translate each div"),
            ),
            Err(d) => diags.push(d),
        }
        return diags;
    };
    let (file, d) = crate::align::format::parse(&bytes, &shown, &lang);
    diags.extend(d);
    let Some(file) = file else {
        diags.push(
            Diagnostic::error("sync", "the file has errors; nothing was written")
                .file(&shown)
                .lang(lang.as_str())
                .hint("fix the errors above, then run sync again"),
        );
        return diags;
    };
    for div in &file.divs {
        if !n.segments.iter().any(|s| s.id == div.id) {
            diags.push(
                Diagnostic::warning("orphan", "the source has no segment with this ID; the div is kept")
                    .file(&shown)
                    .line(div.line)
                    .lang(lang.as_str())
                    .segment(div.id.clone())
                    .hint("if the paragraph was deleted from the source, delete the div; if the ID is mistyped, correct it"),
            );
        }
    }
    // The parser accepted the bytes as UTF-8, so this cannot fail.
    let text = String::from_utf8_lossy(&bytes);
    match crate::align::format::with_new_divs(&text, &file, &n.segments) {
        None => diags.push(
            Diagnostic::info("sync", "up to date: the file has a div for every source segment")
                .file(&shown)
                .lang(lang.as_str()),
        ),
        Some((new_text, added)) => match io::write_atomic(&path, new_text.as_bytes()) {
            Ok(()) => diags.push(
                Diagnostic::info("sync", format!("added {} empty div(s): {}", added.len(), added.join(", ")))
                    .file(&shown)
                    .lang(lang.as_str())
                    .hint(format!("translate them under the `<!-- source: … -->` comment, then run `stele accept --lang {lang} ID…` to record their fingerprints")),
            ),
            Err(d) => diags.push(d),
        },
    }
    diags
}
