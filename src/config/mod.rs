//! `source/edition.toml`: the strict configuration (unknown keys are errors, language tags validated at load).

pub mod headings;

use crate::diag::Diagnostic;
use crate::model::{Lang, Person};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The whole `edition.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub document: DocumentConfig,
    #[serde(default)]
    pub normalize: NormalizeConfig,
    /// Per-reference metadata, keyed by the entry's number.
    #[serde(default, rename = "reference")]
    pub references: Vec<ReferenceConfig>,
    #[serde(default)]
    pub align: AlignConfig,
    #[serde(default)]
    pub pdf: PdfConfig,
    #[serde(default)]
    pub epub: EpubConfig,
    #[serde(default)]
    pub i18n: I18nConfig,
}

/// `[i18n]`: localization settings (issue 18).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct I18nConfig {
    /// Month names of Arabic dates: `levantine` (default), `egyptian`, `maghrebi`.
    pub arabic_months: crate::model::ArabicMonths,
}

/// Document metadata.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentConfig {
    /// Stable identifier of the document (an NCName-like slug); package IDs derive from it.
    pub id: String,
    /// The source text inside `source/` (`.txt`, `.md`, `.json`), or a book: a list of Markdown
    /// or Pandoc JSON files, one chapter each (issue 16).
    #[serde(default = "default_source_file")]
    pub source: SourceFiles,
    pub source_lang: Lang,
    pub target_langs: Vec<Lang>,
    /// The edition's date, `YYYY-MM-DD`: its timestamps and metadata (never shown as a
    /// publication date).
    pub date: String,
    /// The stated publication date, `YYYY-MM-DD`, shown in each edition's language; unset, the
    /// editions show no date.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    /// Overrides the title found in the source text.
    #[serde(default)]
    pub title: Option<String>,
}

fn default_source_file() -> SourceFiles {
    SourceFiles(vec!["article.txt".into()])
}

/// `document.source`: one file name, or the chapter files of a book (`["01-a.md", "02-b.md"]`).
/// As a path it is the first file; a book's registry is `book.ids.json` whatever its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFiles(pub Vec<String>);

impl SourceFiles {
    /// The files in book order (one for an article).
    pub fn files(&self) -> &[String] {
        &self.0
    }
    /// Whether the source is a book of several chapter files (given as a list).
    pub fn is_book(&self) -> bool {
        self.0.len() > 1
    }
    pub fn first(&self) -> &str {
        self.0.first().map_or("", String::as_str)
    }
}

impl AsRef<std::path::Path> for SourceFiles {
    fn as_ref(&self) -> &std::path::Path {
        std::path::Path::new(self.first())
    }
}

impl AsRef<std::ffi::OsStr> for SourceFiles {
    fn as_ref(&self) -> &std::ffi::OsStr {
        std::ffi::OsStr::new(self.first())
    }
}

impl<'de> Deserialize<'de> for SourceFiles {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        match OneOrMany::deserialize(d)? {
            OneOrMany::One(s) => Ok(SourceFiles(vec![s])),
            OneOrMany::Many(v) if v.is_empty() => Err(serde::de::Error::custom(
                "document.source lists no file (give one file, or the chapter files of a book)",
            )),
            OneOrMany::Many(v) => Ok(SourceFiles(v)),
        }
    }
}

/// How raw text becomes structure; every heuristic can be overridden here.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NormalizeConfig {
    /// Lines of web-page debris to drop (exact match after whitespace trimming); each drop is reported.
    pub drop: Vec<String>,
    /// Paragraphs that are headings although the heuristics say otherwise: exact text, or a
    /// regular expression when the entry starts with `^`.
    pub headings: Vec<String>,
    /// Paragraphs that are body text although they look like headings (exact text or `^…`).
    pub not_headings: Vec<String>,
    /// The level of an unnumbered heading (1 to 6; the title is above every level).
    pub heading_level: i64,
    /// Whether numbered headings take their level from their numbering (`Chapter 8` -> 1,
    /// `8.9.` -> 2, `6.2.1.` -> 3).
    pub numbered_headings: bool,
    /// Patterns giving a heading its level, tried in order before the numbered forms.
    pub heading_levels: Vec<HeadingLevel>,
    /// A question (ending in `?`) is a heading only when it has at most this many words.
    pub question_heading_words: usize,
    /// A heading is one line of at most this many characters without closing punctuation.
    pub max_heading_chars: usize,
    /// Heading texts that open the reference list.
    pub references_headings: Vec<String>,
    /// The language of runs in another script than the document's (ISO 15924 code -> language tag).
    pub scripts: BTreeMap<String, Lang>,
    /// Transliteration standard for Cyrillic titles: `iso9` or `bgn-pcgn`.
    pub transliteration: Transliteration,
    /// Whether `[n]` markers are citations of reference entries (`false`: every `[n]` is text).
    pub citations: bool,
    /// The largest source segment accepted, in bytes (UTF-8); `None`: no limit. A longer segment
    /// is an `error[segment-size]`.
    pub max_segment_bytes: Option<u64>,
}

impl Default for NormalizeConfig {
    fn default() -> Self {
        let mut scripts = BTreeMap::new();
        for (script, lang) in [
            ("Cyrl", "ru"),
            ("Arab", "ar"),
            ("Grek", "el"),
            ("Hebr", "he"),
        ] {
            scripts.insert(
                script.to_string(),
                Lang::parse(lang).expect("valid built-in tag"),
            );
        }
        NormalizeConfig {
            drop: Vec::new(),
            headings: Vec::new(),
            not_headings: Vec::new(),
            heading_level: 2,
            numbered_headings: true,
            heading_levels: Vec::new(),
            question_heading_words: 6,
            max_heading_chars: 150,
            references_headings: [
                "References",
                "Sources",
                "Bibliography",
                "Notes",
                "Works Cited",
            ]
            .map(String::from)
            .to_vec(),
            scripts,
            transliteration: Transliteration::Iso9,
            citations: true,
            max_segment_bytes: None,
        }
    }
}

/// One `[[normalize.heading_levels]]` rule: headings matching `pattern` (a regular expression)
/// are at `level`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HeadingLevel {
    pub pattern: String,
    pub level: i64,
}

/// EPUB settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EpubConfig {
    /// Headings of this level or above open a new content file; default: the top heading level
    /// the document has.
    pub split_level: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Transliteration {
    Iso9,
    BgnPcgn,
}

/// Metadata about one cited source that the text itself does not say.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceConfig {
    pub number: u32,
    /// The language the cited source is written in.
    #[serde(default)]
    pub lang: Option<Lang>,
    /// The title in the source's own script, when known.
    #[serde(default)]
    pub original_title: Option<String>,
    /// An English gloss of a non-English title.
    #[serde(default)]
    pub gloss: Option<String>,
}

/// What stands in for a missing or stale translation in a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// The source text, marked as untranslated.
    #[default]
    Source,
    /// The outdated translation, marked as stale (a missing one falls back to the source).
    Stale,
    /// Refuse to build.
    Fail,
}

impl std::str::FromStr for Policy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "source" => Ok(Policy::Source),
            "stale" => Ok(Policy::Stale),
            "fail" => Ok(Policy::Fail),
            _ => Err(format!(
                "unknown policy `{s}` (expected source, stale or fail)"
            )),
        }
    }
}

/// Alignment and QA settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlignConfig {
    pub policy: Policy,
    /// Translation files per language, relative to `translations/` (default `<lang>.md`).
    pub files: BTreeMap<String, String>,
    /// The glossary file inside `translations/`, if any.
    pub glossary: Option<String>,
    /// Project-wide rules for reviewed findings (`[[align.ignore]]`): reported as info.
    pub ignore: Vec<IgnoreRule>,
    /// Align the sentences inside each current paragraph (issue 19; default true).
    pub sentences: bool,
    /// A book's translations as one file per chapter (issue 16): `translations/<lang>/<stem>.md`
    /// for each chapter file of `document.source` (`align.files` then names the directory).
    pub per_chapter: bool,
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            policy: Policy::Source,
            files: BTreeMap::new(),
            glossary: Some("glossary.toml".into()),
            ignore: Vec::new(),
            sentences: true,
            per_chapter: false,
        }
    }
}

/// One `[[align.ignore]]` rule: findings of `code`, in `lang` (every language if absent), on
/// segments whose ID matches `segments` (a pattern with `*` and `?`; every segment if absent).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct IgnoreRule {
    pub code: String,
    #[serde(default)]
    pub lang: Option<Lang>,
    #[serde(default)]
    pub segments: Option<String>,
    /// Why the findings were accepted (shown with them).
    #[serde(default)]
    pub reason: Option<String>,
}

impl IgnoreRule {
    /// Whether the rule silences a finding of `code` on `segment` in `lang`.
    pub fn matches(&self, code: &str, lang: Option<&str>, segment: Option<&str>) -> bool {
        self.code == code
            && self.lang.as_ref().is_none_or(|l| Some(l.as_str()) == lang)
            && match (&self.segments, segment) {
                (None, _) => true,
                (Some(p), Some(id)) => glob(p, id),
                (Some(_), None) => false,
            }
    }

    /// The rule as written, for the message of a finding it silenced.
    pub fn describe(&self) -> String {
        let mut s = format!("code = \"{}\"", self.code);
        if let Some(l) = &self.lang {
            s.push_str(&format!(", lang = \"{l}\""));
        }
        if let Some(p) = &self.segments {
            s.push_str(&format!(", segments = \"{p}\""));
        }
        s
    }
}

/// Whether `text` matches a pattern of literal characters, `*` (any run) and `?` (one).
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    // Iterative matching with one backtrack point: linear in practice, never recursive.
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

/// PDF settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PdfConfig {
    /// `a4` or `letter`.
    pub paper: String,
    /// Memory (MiB) the PDF editions typeset at once may take: more editions run in parallel
    /// when they fit, one at a time when they do not.
    pub memory_mb: u64,
    /// Also build the facing-page editions `pdf/<source>-<lang>-facing.pdf` (issue 20; off by
    /// default: they take about twice the time of the two-column ones).
    pub facing: bool,
    /// The language on the first page of every spread: `source` or `translation` (an
    /// Arabic-first book, bound on the right).
    pub facing_first: String,
}

impl Default for PdfConfig {
    fn default() -> Self {
        PdfConfig {
            paper: "a4".into(),
            memory_mb: 2048,
            facing: false,
            facing_first: "source".into(),
        }
    }
}

impl Config {
    /// Parses and validates; the error names the file, line, column and key (the first error
    /// of [`Config::parse_all`]).
    pub fn parse(text: &str, file: &Path) -> Result<Config, Diagnostic> {
        Self::parse_all(text, file).map_err(|mut v| v.remove(0))
    }

    /// Parses and validates; every heading pattern that does not compile is reported at once
    /// (never an empty `Err`).
    pub fn parse_all(text: &str, file: &Path) -> Result<Config, Vec<Diagnostic>> {
        let config = Self::parse_one(text, file).map_err(|d| vec![d])?;
        let errors = headings::config_errors(&config, text, file);
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }

    fn parse_one(text: &str, file: &Path) -> Result<Config, Diagnostic> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::error("config", e.message().to_string())
                .file(file)
                .hint("see the edition.toml section of README.md for the keys stele knows");
            if let Some(span) = e.span() {
                let (line, col) = line_col(text, span.start);
                d = d.at(line, col);
            }
            d
        })?;
        config.validate(text, file)?;
        Ok(config)
    }

    fn validate(&self, text: &str, file: &Path) -> Result<(), Diagnostic> {
        let at =
            |needle: &str| -> u32 { text.find(needle).map(|i| line_col(text, i).0).unwrap_or(1) };
        let err = |key: &str, msg: String, hint: &str| {
            Diagnostic::error("config", msg)
                .file(file)
                .line(at(key))
                .hint(hint.to_string())
        };
        let d = &self.document;
        if d.id.is_empty()
            || !d
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            return Err(err(
                "id",
                format!("document.id `{}` must be a non-empty ascii slug", d.id),
                "use letters, digits, `-`, `_` or `.`",
            ));
        }
        if !is_iso_date(&d.date) {
            return Err(err(
                "date",
                format!("document.date `{}` is not a date", d.date),
                "write it as YYYY-MM-DD",
            ));
        }
        if let Some(p) = d.published.as_deref().filter(|p| !is_iso_date(p)) {
            return Err(err(
                "published",
                format!("document.published `{p}` is not a date"),
                "write it as YYYY-MM-DD, or remove it to show no date",
            ));
        }
        let mut seen = vec![d.source_lang.clone()];
        for l in &d.target_langs {
            if seen.contains(l) {
                return Err(err(
                    "target_langs",
                    format!("language `{l}` is listed twice (or is the source language)"),
                    "list each target language once, without the source language",
                ));
            }
            seen.push(l.clone());
        }
        let mut numbers = Vec::new();
        for r in &self.references {
            if numbers.contains(&r.number) {
                return Err(err(
                    "[[reference]]",
                    format!("reference {} is configured twice", r.number),
                    "keep one [[reference]] table per number",
                ));
            }
            numbers.push(r.number);
        }
        for code in self.normalize.scripts.keys() {
            if crate::model::Script::from_code(code).is_none() {
                return Err(err(
                    code,
                    format!("normalize.scripts: `{code}` is not a script stele knows"),
                    "use Latn, Cyrl, Arab, Grek or Hebr",
                ));
            }
        }
        for lang in self.align.files.keys() {
            if let Err(e) = Lang::parse(lang) {
                return Err(err(
                    lang,
                    format!("align.files: {e}"),
                    "key the files by language tag",
                ));
            }
        }
        if self.align.per_chapter {
            self.validate_per_chapter(&err)?;
        }
        for r in &self.align.ignore {
            if crate::diag::STRUCTURAL_CODES.contains(&r.code.as_str()) {
                return Err(err(
                    "[[align.ignore]]",
                    format!("align.ignore: `{}` findings cannot be ignored", r.code),
                    "only content findings (number-parity, length-ratio, ...) can be ignored; fix the file instead",
                ));
            }
        }
        if !matches!(self.pdf.paper.as_str(), "a4" | "letter") {
            return Err(err(
                "paper",
                format!("pdf.paper `{}` is not a4 or letter", self.pdf.paper),
                "use a4 or letter",
            ));
        }
        if !matches!(self.pdf.facing_first.as_str(), "source" | "translation") {
            return Err(err(
                "facing_first",
                format!(
                    "pdf.facing_first `{}` is not source or translation",
                    self.pdf.facing_first
                ),
                "use source (the source on the first page of each spread) or translation",
            ));
        }
        Ok(())
    }

    /// `align.per_chapter` needs a book whose chapter files have distinct stems (each names a
    /// translation file).
    fn validate_per_chapter(
        &self,
        err: &dyn Fn(&str, String, &str) -> Diagnostic,
    ) -> Result<(), Diagnostic> {
        if !self.document.source.is_book() {
            return Err(err(
                "per_chapter",
                "align.per_chapter needs a book: document.source is one file".into(),
                "list the chapter files (source = [\"01-a.md\", \"02-b.md\"]), or remove per_chapter",
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for f in self.document.source.files() {
            let stem = chapter_stem(f);
            if !seen.insert(stem.clone()) {
                return Err(err(
                    "per_chapter",
                    format!("align.per_chapter: two chapter files are named `{stem}` (translation file {stem}.md)"),
                    "give the chapter files distinct names",
                ));
            }
        }
        Ok(())
    }

    /// Every language of the edition, source first.
    pub fn langs(&self) -> Vec<Lang> {
        let mut v = vec![self.document.source_lang.clone()];
        v.extend(self.document.target_langs.iter().cloned());
        v
    }

    pub fn reference(&self, number: u32) -> Option<&ReferenceConfig> {
        self.references.iter().find(|r| r.number == number)
    }
}

/// Translators credited in a translation file's front matter.
pub type Translators = Vec<Person>;

/// The name of a chapter's translation file without `.md`: the chapter file's stem
/// (`part1/01-preface.md` -> `01-preface`).
pub fn chapter_stem(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned())
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u32>().unwrap_or(0))
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0) as u32
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: &str = "[document]\nid = \"x\"\nsource_lang = \"en\"\ntarget_langs = [\"ar\"]\ndate = \"2025-10-18\"\n";

    #[test]
    fn minimal_config_loads_with_defaults() {
        let c = Config::parse(MIN, Path::new("edition.toml")).unwrap();
        assert_eq!(c.langs().len(), 2);
        assert_eq!(c.normalize.max_heading_chars, 150);
        assert_eq!(c.align.policy, Policy::Source);
    }

    #[test]
    fn unknown_key_is_an_error_naming_the_key_and_line() {
        let text = format!("{MIN}colour = \"red\"\n");
        let d = Config::parse(&text, Path::new("edition.toml")).unwrap_err();
        assert!(d.message.contains("colour"), "{d}");
        assert_eq!(d.line, Some(6));
    }

    /// Issue 11: project-wide ignore rules by code, language and segment pattern.
    #[test]
    fn issue_11_ignore_rules_match_by_code_lang_and_pattern() {
        let text = format!(
            "{MIN}[[align.ignore]]\ncode = \"length-ratio\"\nlang = \"ar\"\nsegments = \"h*\"\n"
        );
        let c = Config::parse(&text, Path::new("edition.toml")).unwrap();
        let r = &c.align.ignore[0];
        assert!(r.matches("length-ratio", Some("ar"), Some("h12")));
        assert!(!r.matches("length-ratio", Some("ar"), Some("p1")));
        assert!(!r.matches("length-ratio", Some("ru"), Some("h1")));
        assert!(!r.matches("number-parity", Some("ar"), Some("h1")));
        assert!(glob("ref-?", "ref-4") && !glob("ref-?", "ref-14") && glob("*", ""));
        let bad = format!("{MIN}[[align.ignore]]\ncode = \"stale\"\n");
        let d = Config::parse(&bad, Path::new("edition.toml")).unwrap_err();
        assert!(d.message.contains("cannot be ignored"), "{d}");
    }

    /// Issue 16: every heading pattern that does not compile is reported, with key and position.
    #[test]
    fn issue16_bad_heading_patterns_are_all_reported_with_positions() {
        let text = format!(
            "{MIN}[normalize]\nheadings = [\"Exact (text\", '^Chapter (']\nnot_headings = ['^[a-']\nheading_level = 9\n[[normalize.heading_levels]]\npattern = '^Step +('\nlevel = 3\n"
        );
        let errs = Config::parse_all(&text, Path::new("edition.toml")).unwrap_err();
        let got: Vec<(String, Option<u32>, Option<u32>)> = errs
            .iter()
            .map(|d| {
                (
                    d.message.split(':').next().unwrap().to_string(),
                    d.line,
                    d.col,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "normalize.headings[1] `^Chapter (` is not a valid pattern".into(),
                    Some(7),
                    Some(28)
                ),
                (
                    "normalize.not_headings[0] `^[a-` is not a valid pattern".into(),
                    Some(8),
                    Some(17)
                ),
                (
                    "normalize.heading_levels[0].pattern `^Step +(` is not a valid pattern".into(),
                    Some(11),
                    Some(11)
                ),
                ("normalize.heading_level".into(), Some(9), Some(1)),
            ],
            "{errs:?}"
        );
        assert!(errs[0].message.contains("unclosed group"), "{}", errs[0]);
        let ok = format!("{MIN}[normalize]\nheadings = ['^Step \\d+$', 'Plain (text']\n");
        assert!(Config::parse_all(&ok, Path::new("edition.toml")).is_ok());
    }

    #[test]
    fn issue_16_per_chapter_needs_a_book_with_distinct_chapter_names() {
        let one = format!("{MIN}[align]\nper_chapter = true\n");
        let e = Config::parse(&one, Path::new("edition.toml")).unwrap_err();
        assert!(
            e.message.contains("align.per_chapter needs a book"),
            "{e:?}"
        );
        assert_eq!(e.line, Some(7));
        let book = |files: &str| {
            MIN.replace("id = \"x\"\n", &format!("id = \"x\"\nsource = [{files}]\n"))
                + "title = \"B\"\n[align]\nper_chapter = true\n"
        };
        let ok = Config::parse(&book("\"01-a.md\", \"02-b.md\""), Path::new("e.toml")).unwrap();
        assert!(ok.align.per_chapter);
        let twice = book("\"a/01.md\", \"b/01.json\"");
        let e = Config::parse(&twice, Path::new("e.toml")).unwrap_err();
        assert!(
            e.message.contains("two chapter files are named `01`"),
            "{e:?}"
        );
        assert_eq!(chapter_stem("part1/01-preface.md"), "01-preface");
    }

    #[test]
    fn invalid_language_tag_is_an_error() {
        let text = MIN.replace("[\"ar\"]", "[\"ar_EG\"]");
        let d = Config::parse(&text, Path::new("edition.toml")).unwrap_err();
        assert!(d.message.contains("ar_EG"), "{d}");
    }
}
