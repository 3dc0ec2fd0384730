//! `stele init [DIR]`: a new project that builds as it is: a commented `source/edition.toml`, an
//! example `source/article.txt`, one translation file per target language made by the code of
//! `stele sync` (front matter and an empty div per segment, which also writes the ID registry and
//! the source history), and a `.gitignore` for `out/`. Nothing that exists is ever replaced: when
//! any file init would create is there, it names them all and writes nothing.

use crate::diag::Diagnostic;
use crate::io::{self, Project};
use crate::model::Lang;
use std::path::PathBuf;

/// What `stele init` is asked for.
#[derive(Debug, Clone)]
pub struct InitRequest {
    /// The project directory (created when missing).
    pub dir: PathBuf,
    /// The source language tag, as given.
    pub source_lang: String,
    /// The target language tags, as given.
    pub langs: Vec<String>,
    /// `--allow-outside`, for the `sync` step.
    pub allow_outside: bool,
}

/// The placeholder publication date of a new project: stele reads no clock, and the editions'
/// dates all come from `document.date`, which the user is told to set.
pub const PLACEHOLDER_DATE: &str = "2025-01-01";

/// The example source text: a title, a paragraph, a heading, a paragraph citing the one entry of
/// the reference list.
pub const EXAMPLE_ARTICLE: &str = "\
A Small Example Edition

This short article was written by stele init to show how a project is laid out. Replace it with your own text, keeping a blank line between paragraphs: the first paragraph is the title, and every other paragraph becomes a segment with an ID of its own.

How Translations Stay in Step

Each translation file holds one fenced div per segment. When a sentence of the source changes, the fingerprint of its segment changes, and stele reports the translation as stale until a translator has reviewed it. A number in square brackets cites an entry of the reference list, as this sentence cites the guide.[1]

References

[1] Example, Jane. \u{201c}Writing an Article for Translation.\u{201d} Example Press, January 1, 2025. https://example.com/guide.
";

/// The `.gitignore` of a new project.
const GITIGNORE: &str = "# Everything stele generates (`stele build` writes it again).\nout/\n";

/// `source/edition.toml` of a new project.
fn edition_toml(id: &str, source: &Lang, targets: &[Lang]) -> String {
    let targets = targets
        .iter()
        .map(|l| format!("\"{l}\""))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        r#"# The edition: document metadata and options. Every key is described in stele's README
# (section "edition.toml"); a key stele does not know is an error.

[document]
# A stable identifier (letters, digits, - _ .), derived from the directory name; package IDs
# derive from it, so keep it once the editions are published.
id = "{id}"
source = "article.txt"           # the source text, inside source/
source_lang = "{source}"
# One translations/<lang>.md per target language; after adding one, `stele sync --lang xx`.
target_langs = [{targets}]
# PLACEHOLDER: set the publication date. stele reads no clock: every date in the editions
# comes from here (or from SOURCE_DATE_EPOCH).
date = "{PLACEHOLDER_DATE}"              # YYYY-MM-DD
authors = []                     # e.g. ["Jane Doe"]
# publisher = "..."
# title = "..."                  # overrides the title found in the text (its first paragraph)

[normalize]
references_headings = ["References"]   # the heading that opens the reference list

[align]
policy = "source"                # missing or stale translations show the source text: source | stale | fail
# per_chapter = true             # a book (source = ["01-a.md", ...]): translations/<lang>/<chapter>.md

[pdf]
paper = "a4"                     # or "letter"
"#,
    )
}

/// An ASCII slug of a directory name for `document.id`: accents dropped (`Café` -> `cafe`),
/// lowercase, runs of anything else as one `-`; `edition` when nothing is left.
pub fn slug(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in name.nfkd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if unicode_normalization::char::is_combining_mark(c) {
            continue;
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "edition".into()
    } else {
        out.to_string()
    }
}

/// The language tags, validated: the source and each target parse, no target twice, none the
/// source language.
fn languages(request: &InitRequest) -> Result<(Lang, Vec<Lang>), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let source = Lang::parse(&request.source_lang).map_err(|e| {
        diags.push(
            Diagnostic::error("lang", format!("--source-lang: {e}"))
                .hint("give a BCP 47 tag, e.g. --source-lang en"),
        )
    });
    let mut targets: Vec<Lang> = Vec::new();
    for tag in &request.langs {
        match Lang::parse(tag) {
            Ok(l) if source.as_ref().is_ok_and(|s| *s == l) => diags.push(
                Diagnostic::error("lang", format!("--langs: `{l}` is the source language"))
                    .hint("list only the languages the text is translated into"),
            ),
            Ok(l) if targets.contains(&l) => diags.push(
                Diagnostic::error("lang", format!("--langs: `{l}` is given twice"))
                    .hint("list each language once"),
            ),
            Ok(l) => targets.push(l),
            Err(e) => diags.push(
                Diagnostic::error("lang", format!("--langs: {e}"))
                    .hint("give BCP 47 tags, comma-separated: --langs ar,ru"),
            ),
        }
    }
    match source {
        Ok(s) if diags.is_empty() => Ok((s, targets)),
        _ => Err(diags),
    }
}

/// `stele init`.
pub fn init_cmd(request: &InitRequest) -> Vec<Diagnostic> {
    let (source, targets) = match languages(request) {
        Ok(l) => l,
        Err(d) => return d,
    };
    let project = Project::new(&request.dir, None).allow_outside(request.allow_outside);
    let name = io::resolved_name(&request.dir).unwrap_or_default();
    let id = slug(&name);
    let toml = edition_toml(&id, &source, &targets);
    // The template must load as it is; a failure here is a bug in stele, said plainly.
    let shown_config = project.display(&project.config_path());
    if let Err(d) = crate::config::Config::parse(&toml, &shown_config) {
        return vec![d];
    }

    let written: Vec<(PathBuf, &[u8])> = vec![
        (project.config_path(), toml.as_bytes()),
        (
            project.source_dir().join("article.txt"),
            EXAMPLE_ARTICLE.as_bytes(),
        ),
        (request.dir.join(".gitignore"), GITIGNORE.as_bytes()),
    ];
    // What `sync` then creates: the registry and history next to the source, and each file.
    let registry = project.source_dir().join("article.ids.json");
    let mut planned: Vec<PathBuf> = written.iter().map(|(p, _)| p.clone()).collect();
    planned.push(crate::normalize::history::path_for(&registry));
    planned.push(registry);
    planned.extend(
        targets
            .iter()
            .map(|l| project.translations_dir().join(format!("{l}.md"))),
    );
    let there = io::existing(&planned);
    if !there.is_empty() {
        let names: Vec<String> = there
            .iter()
            .map(|p| project.display(p).display().to_string())
            .collect();
        return vec![Diagnostic::error(
            "init",
            format!(
                "{} of the files `stele init` would create already exist(s) in {}: {}; nothing was written",
                there.len(),
                request.dir.display(),
                names.join(", ")
            ),
        )
        .hint("run `stele init` in a new or empty directory (`stele init DIR` creates DIR)")];
    }

    let mut diags = Vec::new();
    if let Err(d) = io::create_dirs(&project.translations_dir()) {
        return vec![d];
    }
    for (path, bytes) in &written {
        if let Err(d) = io::write_new(path, bytes) {
            diags.push(d);
            return diags;
        }
    }
    for lang in &targets {
        diags.extend(super::sync_cmd(&project, lang.as_str()));
    }
    if !crate::diag::has_errors(&diags) {
        diags.push(
            Diagnostic::info(
                "init",
                format!(
                    "created the project `{id}` ({source} into {}): source/edition.toml, source/article.txt, .gitignore{}",
                    if targets.is_empty() { "no language yet".to_string() } else { targets.iter().map(Lang::to_string).collect::<Vec<_>>().join(", ") },
                    targets.iter().map(|l| format!(", translations/{l}.md")).collect::<String>()
                ),
            )
            .hint(format!(
                "put your text in source/article.txt, set document.date in source/edition.toml (now the placeholder {PLACEHOLDER_DATE}), then run `stele build`"
            )),
        );
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("My Café Edition"), "my-cafe-edition");
        assert_eq!(slug("--Über__2025--"), "uber-2025");
        assert_eq!(slug("Новости"), "edition");
        assert_eq!(slug(""), "edition");
    }

    #[test]
    fn the_template_loads() {
        let langs = [Lang::parse("ar").unwrap(), Lang::parse("ru").unwrap()];
        let toml = edition_toml("x-y", &Lang::parse("en").unwrap(), &langs);
        let c = crate::config::Config::parse(&toml, std::path::Path::new("edition.toml"))
            .expect("template loads");
        assert_eq!(c.document.date, PLACEHOLDER_DATE);
        assert_eq!(c.document.target_langs, langs);
    }
}
