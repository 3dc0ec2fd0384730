//! The shared data types every stage speaks: languages, segment IDs and kinds, documents and editions.

use pandoc_ast::Pandoc;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A validated BCP 47 language tag in canonical form (`ar`, `ru`, `en`, `pt-BR`, `sr-Latn`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Lang(String);

impl Lang {
    /// Parses and canonicalizes a tag; the error says why it is not one.
    pub fn parse(tag: &str) -> Result<Lang, String> {
        if tag.is_empty() || tag.contains('_') {
            return Err(format!(
                "`{tag}` is not a BCP 47 language tag (use `-`, e.g. `pt-BR`)"
            ));
        }
        let id: unic_langid::LanguageIdentifier = tag
            .parse()
            .map_err(|_| format!("`{tag}` is not a BCP 47 language tag"))?;
        if id.language.is_empty() {
            return Err(format!("`{tag}` has no language subtag"));
        }
        Ok(Lang(id.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The primary language subtag (`pt` for `pt-BR`).
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
    /// The script its text is written in: an explicit script subtag, else the language's usual one.
    pub fn script(&self) -> Script {
        for sub in self.0.split('-').skip(1) {
            if sub.len() == 4 {
                if let Some(s) = Script::from_code(sub) {
                    return s;
                }
            }
        }
        Script::default_for(self.primary())
    }
    pub fn dir(&self) -> Dir {
        match self.script() {
            Script::Arabic | Script::Hebrew => Dir::Rtl,
            _ => Dir::Ltr,
        }
    }
    pub fn is_rtl(&self) -> bool {
        self.dir() == Dir::Rtl
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Lang::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Writing direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

/// The scripts stele tells apart (ISO 15924 codes in `code()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    Latin,
    Cyrillic,
    Arabic,
    Greek,
    Hebrew,
    Other,
}

impl Script {
    pub fn code(self) -> &'static str {
        match self {
            Script::Latin => "Latn",
            Script::Cyrillic => "Cyrl",
            Script::Arabic => "Arab",
            Script::Greek => "Grek",
            Script::Hebrew => "Hebr",
            Script::Other => "Zyyy",
        }
    }
    pub fn from_code(code: &str) -> Option<Script> {
        Some(match code.to_ascii_lowercase().as_str() {
            "latn" => Script::Latin,
            "cyrl" => Script::Cyrillic,
            "arab" => Script::Arabic,
            "grek" => Script::Greek,
            "hebr" => Script::Hebrew,
            _ => return None,
        })
    }
    /// The usual script of a primary language subtag.
    pub fn default_for(primary: &str) -> Script {
        match primary {
            "ru" | "uk" | "be" | "bg" | "mk" | "sr" | "kk" | "ky" | "tg" | "mn" => Script::Cyrillic,
            "ar" | "fa" | "ur" | "ps" | "ckb" | "sd" | "ug" => Script::Arabic,
            "el" => Script::Greek,
            "he" | "yi" => Script::Hebrew,
            _ => Script::Latin,
        }
    }
    /// The script of a letter; `None` for anything that is not a letter or mark of a known script.
    pub fn of_char(c: char) -> Option<Script> {
        let u = c as u32;
        let s = match u {
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
            0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
            0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
                // Arabic punctuation and digits are script-neutral for run detection.
                if matches!(u, 0x60C | 0x61B | 0x61F | 0x660..=0x669 | 0x66A..=0x66D | 0x6D4) {
                    return None;
                }
                Script::Arabic
            }
            0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
            0x591..=0x5F4 | 0xFB1D..=0xFB4F => Script::Hebrew,
            _ => return None,
        };
        // The cheap range tests first: most letters of these scripts are in them.
        if (0x591..=0x6FF).contains(&u) || (0x410..=0x44F).contains(&u) || c.is_alphabetic() {
            Some(s)
        } else {
            None
        }
    }
}

/// A segment's stable ID: short, readable, a valid XML NCName, never reused once retired.
pub type SegmentId = String;

/// What a translatable block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SegmentKind {
    Title,
    Heading,
    Paragraph,
    PullQuote,
    Reference,
    /// A code block (structured sources, issue 16): its translation is the code, verbatim.
    Code,
    /// A footnote's text (structured sources, issue 16), kept in the `footnotes` list at the end.
    Footnote,
}

impl SegmentKind {
    /// The ID prefix for new segments of this kind (`p12`, `h3`, `q2`; references use `ref-N`).
    pub fn prefix(self) -> &'static str {
        match self {
            SegmentKind::Title => "title",
            SegmentKind::Heading => "h",
            SegmentKind::Paragraph => "p",
            SegmentKind::PullQuote => "q",
            SegmentKind::Reference => "ref-",
            SegmentKind::Code => "code",
            SegmentKind::Footnote => "fn",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            SegmentKind::Title => "title",
            SegmentKind::Heading => "heading",
            SegmentKind::Paragraph => "paragraph",
            SegmentKind::PullQuote => "pull-quote",
            SegmentKind::Reference => "reference",
            SegmentKind::Code => "code",
            SegmentKind::Footnote => "footnote",
        }
    }
    pub fn parse(s: &str) -> Option<SegmentKind> {
        Some(match s {
            "title" => SegmentKind::Title,
            "heading" => SegmentKind::Heading,
            "paragraph" => SegmentKind::Paragraph,
            "pull-quote" => SegmentKind::PullQuote,
            "reference" => SegmentKind::Reference,
            "code" => SegmentKind::Code,
            "footnote" => SegmentKind::Footnote,
            _ => return None,
        })
    }
}

/// Where a segment stands in its lifecycle in one language (issue 13: the one status enum).
///
/// A translation file's segment is `Current`, `Stale`, `Empty` or `Missing` (what `align`
/// finds, [`Status::TRANSLATION`]); in a built document its text is `Current` or `Stale` (the
/// translation shown) or a stand-in the policy chose for a hole, `Untranslated` (for `Empty`
/// or `Missing`) or `StaleSource` (for `Stale`): [`Status::stand_in`] maps one to the other
/// and [`Status::shows_source`] says whether the source text stands in. The exchange formats map
/// it to their own state values (`exchange::xliff2`, `xliff12`, `po`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Translated from the current source text (or, in a document, the source text itself).
    Current,
    /// Translated from an older source text, or with no recorded source fingerprint.
    Stale,
    /// The div is there but has no text (as `stele sync` adds it).
    Empty,
    /// The file has no div for the segment (or no file, or an unreadable one).
    Missing,
    /// In a document: no translation, the source text stands in.
    Untranslated,
    /// In a document: an outdated translation left out, the source text stands in (policy
    /// `source`; the reader is told it is outdated, not absent).
    StaleSource,
}

impl Status {
    /// The states of a translation file's segment, in the order reports list them.
    pub const TRANSLATION: [Status; 4] = [
        Status::Current,
        Status::Stale,
        Status::Empty,
        Status::Missing,
    ];

    /// The name in reports, the manifest, `alignment.json` and the AST's `status` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Stale => "stale",
            Status::Empty => "empty",
            Status::Missing => "missing",
            Status::Untranslated => "untranslated",
            Status::StaleSource => "stale-source",
        }
    }

    /// The status [`Self::as_str`] names.
    pub fn parse(s: &str) -> Option<Status> {
        [Status::Untranslated, Status::StaleSource]
            .into_iter()
            .chain(Status::TRANSLATION)
            .find(|x| x.as_str() == s)
    }

    /// What stands in for a translation in this state when the source text replaces it: a hole
    /// (`Empty`, `Missing`) is `Untranslated`, an outdated translation `StaleSource`.
    pub fn stand_in(self) -> Status {
        match self {
            Status::Stale | Status::StaleSource => Status::StaleSource,
            Status::Current => Status::Current,
            _ => Status::Untranslated,
        }
    }

    /// Whether a document's segment in this status shows the source text instead of a
    /// translation.
    pub fn shows_source(self) -> bool {
        matches!(self, Status::Untranslated | Status::StaleSource)
    }
}

/// One segment as found in a document's AST (read by the `pandoc` module; `model` imports no
/// other module of the crate, so no import circle can form through it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SegmentInfo {
    pub id: SegmentId,
    pub kind: SegmentKind,
    /// Fingerprint of the source text this segment is (or translates).
    pub fingerprint: String,
    /// `Current`, `Stale`, `Untranslated` or `StaleSource` (see [`Status`]).
    pub status: Status,
    /// The segment's plain text.
    pub text: String,
}

/// One language's version of the document: a Pandoc AST whose segments carry IDs (its
/// `segments()` and `title()` are defined in `pandoc`, which reads the AST).
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub lang: Lang,
    pub ast: Pandoc,
}

/// The aligned segment table (issue 13): one row per unit of the parallel editions (a segment,
/// or a list, table, quote or figure of segments, keyed by its first segment's ID), in source
/// order, with the unit's position in each document of the edition. Built once, where the
/// documents are paired (`pandoc::table::build`, called by `align`): exporters iterate its rows
/// and never pair segments by ID themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SegmentTable {
    /// The languages of the cells, in `Edition::docs` order.
    pub langs: Vec<Lang>,
    pub rows: Vec<Row>,
}

/// One row of the [`SegmentTable`]: the unit's ID and, per language, the index of its unit in
/// that document's unit list (`pandoc::containers::units`); `None` where a language lacks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: SegmentId,
    pub cells: Vec<Option<usize>>,
}

impl SegmentTable {
    /// The cell column of a language, if the table has it.
    pub fn column(&self, lang: &Lang) -> Option<usize> {
        self.langs.iter().position(|l| l == lang)
    }
}

/// One citation (a `Cite` inline) of a document, as the [`CitationIndex`] records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Its element ID in every format ([`cite_id`]): the HTML/EPUB `id` of its link and the PDF
    /// label, prefixed by the exporter in a parallel edition (`ar-cite-p5-1`).
    pub id: String,
    /// The segment it is in (`""` outside any): where an EPUB spread over files finds it.
    pub segment: SegmentId,
    /// Inline containers (emphasis, spans, links, notes, …) enclosing it: a writer that sets
    /// markup nested deeper than it can typeset as plain text writes no link for it.
    pub nesting: usize,
}

/// A document's citations (issue 13): reference entry ID -> each citation of it, in document
/// order, one [`Citation`] per `Cite` inline (a `Cite` naming two entries is in both lists with
/// the same ID). Built once per document (`pandoc::cites::index`, called by `align`); HTML,
/// EPUB and PDF take their citation IDs and back-links from it.
pub type CitationIndex = BTreeMap<String, Vec<Citation>>;

/// The one citation-ID scheme of every format: `cite-<segment>-<k>`, the `k`th citation of
/// the segment (from 1, in document order); `cite-<k>` outside any segment. A reference cited
/// twice has two IDs, so two back-links; an edit elsewhere never renumbers a segment's.
pub fn cite_id(segment: &str, k: usize) -> String {
    if segment.is_empty() {
        format!("cite-{k}")
    } else {
        format!("cite-{segment}-{k}")
    }
}

/// A person credited on an edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// Everything an exporter needs: the documents in edition order (source first) and shared metadata.
#[derive(Debug, Clone)]
pub struct Edition {
    /// Stable document identifier (from edition.toml), used to derive package IDs.
    pub id: String,
    pub source_lang: Lang,
    /// Source document first, then the target languages in config order; shared, never copied
    /// (a book's AST is large and every exporter only reads it).
    pub docs: Vec<std::sync::Arc<Document>>,
    /// The documents' units paired row by row ([`SegmentTable`]), built with `docs`.
    pub table: SegmentTable,
    /// Each document's [`CitationIndex`], in `docs` order, built with `docs`.
    pub cites: Vec<CitationIndex>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    /// One hash over the normalized source; every edition carries it.
    pub source_fingerprint: String,
    /// When the editions were made, `YYYY-MM-DDThh:mm:ssZ`, resolved once for every format:
    /// `SOURCE_DATE_EPOCH` when set, else midnight UTC of `date` (never the clock).
    pub modified: String,
    /// Translators per language.
    pub translators: BTreeMap<Lang, Vec<Person>>,
    /// Project catalogs, the stated publication date and date style (issues 17, 18).
    pub i18n: EditionI18n,
    /// The source's images, read once by the app layer (issue 16); empty until then.
    pub media: crate::media::MediaSet,
}

/// How an Arabic edition names the Gregorian months (`[i18n] arabic_months`), from CLDR:
/// `levantine` the ar-SY name with the ar-EG one after a slash («تشرين الأول/أكتوبر»),
/// `egyptian` ar-EG («أكتوبر»), `maghrebi` ar-MA («أكتوبر», «غشت» for August).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArabicMonths {
    #[default]
    Levantine,
    Egyptian,
    Maghrebi,
}

/// The localization inputs of an edition beyond its documents.
#[derive(Debug, Clone, Default)]
pub struct EditionI18n {
    /// `i18n/<lang>.ftl` of the project, by language: adds or overrides interface strings.
    pub catalogs: BTreeMap<Lang, String>,
    /// `document.published` (`YYYY-MM-DD`): the only date an edition shows; none when unset.
    pub published: Option<String>,
    pub arabic_months: ArabicMonths,
}

impl Edition {
    pub fn doc(&self, lang: &Lang) -> Option<&Document> {
        self.docs.iter().find(|d| &d.lang == lang).map(|d| &**d)
    }
    pub fn langs(&self) -> Vec<Lang> {
        self.docs.iter().map(|d| d.lang.clone()).collect()
    }
    pub fn source(&self) -> &Document {
        &self.docs[0]
    }
    /// The [`CitationIndex`] of the document in `lang` (empty for a language it lacks).
    pub fn citations(&self, lang: &Lang) -> &CitationIndex {
        static NONE: CitationIndex = BTreeMap::new();
        self.docs
            .iter()
            .position(|d| &d.lang == lang)
            .and_then(|i| self.cites.get(i))
            .unwrap_or(&NONE)
    }
}

/// [`Edition::modified`] for a `YYYY-MM-DD` date: midnight UTC of that day.
pub fn modified_from_date(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

/// [`Edition::modified`] for `SOURCE_DATE_EPOCH` (seconds since 1970-01-01 UTC).
pub fn modified_from_epoch(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // civil-from-days (Howard Hinnant's algorithm), proleptic Gregorian
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_tags_are_validated_and_canonical() {
        assert_eq!(Lang::parse("AR").unwrap().as_str(), "ar");
        assert_eq!(Lang::parse("pt-br").unwrap().as_str(), "pt-BR");
        assert!(Lang::parse("en_US").is_err());
        assert!(Lang::parse("").is_err());
        assert!(Lang::parse("toolonglanguage").is_err());
        assert_eq!(Lang::parse("ar").unwrap().dir(), Dir::Rtl);
        assert_eq!(Lang::parse("ru").unwrap().script(), Script::Cyrillic);
        assert_eq!(Lang::parse("sr-Latn").unwrap().script(), Script::Latin);
    }

    /// The one status enum keeps the names the three it replaced wrote (reports, manifest,
    /// `alignment.json`, the AST's `status`): serde and `as_str` agree, and `parse` reads them.
    #[test]
    fn one_status_enum_keeps_every_serialized_name_issue_13() {
        let all = [
            (Status::Current, "current"),
            (Status::Stale, "stale"),
            (Status::Empty, "empty"),
            (Status::Missing, "missing"),
            (Status::Untranslated, "untranslated"),
            (Status::StaleSource, "stale-source"),
        ];
        for (s, name) in all {
            assert_eq!(s.as_str(), name);
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{name}\""));
            assert_eq!(Status::parse(name), Some(s));
        }
        assert_eq!(Status::parse("reviewed"), None);
        // What stands in for each state of a translation when the source text replaces it.
        let stand_ins: Vec<Status> = Status::TRANSLATION.map(Status::stand_in).to_vec();
        assert_eq!(
            stand_ins,
            [
                Status::Current,
                Status::StaleSource,
                Status::Untranslated,
                Status::Untranslated
            ]
        );
        assert!(stand_ins[1..].iter().all(|s| s.shows_source()));
        assert!(!Status::Stale.shows_source() && !Status::Current.shows_source());
    }
}
