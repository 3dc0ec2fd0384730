//! The glossary (`translations/glossary.toml`) and its check: a segment whose source uses a term
//! must use one of the term's accepted renderings in each language, inflected forms included.
//!
//! ```toml
//! [[term]]
//! en = "transitional government"          # the source language: one string
//! ar = ["الحكومة الانتقالية"]              # each target language: accepted renderings
//! ru = ["переходное правительство"]
//! note = "optional, for translators"
//! ```
//!
//! Matching is word by word on Unicode words, lowercased (`ё` read as `е`; Arabic diacritics and
//! tatweel dropped, `أ إ آ ٱ` read as `ا`, `ى` as `ي`). A source word matches a term word when
//! their Snowball stems agree and their lengths differ by at most 3 (so `normal` is not
//! `normalization`). A translation word matches a rendering word when their Snowball stems agree,
//! or one stem (of at least 3 letters) begins the other and the words differ in length by at most
//! 3 (the stemmer treats `режим` and `режима`, or the name `Хмеймим` and `Хмеймиме`, differently);
//! in Arabic, the clitics و ف (conjunctions), ب ل ك (prepositions) and ال (article) are also tried
//! off the front, and attached pronouns (ه ها هم هما هن ك كم كن نا) off the end. Broken plurals
//! (حارس / حراس) are not inflections: list them as renderings.

use crate::align::checks::{Ctx, Pair};
use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::model::Lang;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::BTreeMap;
use std::path::Path;
use unicode_segmentation::UnicodeSegmentation;

/// One glossary entry.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term in the source language.
    pub source: String,
    /// Accepted renderings per target language.
    pub renderings: BTreeMap<Lang, Vec<String>>,
}

/// The parsed glossary.
#[derive(Debug, Clone)]
pub struct Glossary {
    pub terms: Vec<Term>,
    source_lang: Lang,
}

/// A TOML value's type with its article: "a string", "an integer".
fn a_type(v: &toml::de::DeValue) -> String {
    let t = v.type_str();
    let article = if t.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {t}")
}

fn glossary_error(path: &Path, msg: String) -> Diagnostic {
    Diagnostic::error("glossary", msg)
        .file(path)
        .hint("each [[term]] has the source language's term as a string and, per target language, a list of accepted renderings")
}

impl Glossary {
    /// Parses the glossary strictly: only `[[term]]` tables whose keys are the edition's languages
    /// (and `note`). Every error of the file is returned at once, each with its line and column:
    /// the file is read as a spanned TOML tree first, then checked entry by entry, so one bad
    /// entry does not hide the next.
    pub fn parse(bytes: &[u8], path: &Path, cfg: &Config) -> Result<Glossary, Vec<Diagnostic>> {
        let text = crate::normalize::text::decode(bytes, path).map_err(|d| vec![d])?;
        let mut errors: Vec<(usize, Diagnostic)> = Vec::new();
        let mut err = |offset: usize, msg: String| {
            let (l, c) = crate::config::line_col(&text, offset);
            errors.push((offset, glossary_error(path, msg).at(l, c)));
        };
        let (root, syntax) = toml::de::DeTable::parse_recoverable(&text);
        for e in &syntax {
            err(e.span().map_or(0, |s| s.start), e.message().to_string());
        }
        let src = &cfg.document.source_lang;
        let targets = &cfg.document.target_langs;
        let mut terms = Vec::new();
        for (k, v) in root.get_ref() {
            if k.get_ref().as_ref() != "term" {
                err(
                    k.span().start,
                    format!("unknown key `{}` (expected [[term]] tables)", k.get_ref()),
                );
                continue;
            }
            let list = match v.get_ref() {
                toml::de::DeValue::Array(a) => a,
                other => {
                    err(
                        v.span().start,
                        format!(
                            "`term` must be an array of tables ([[term]]), not {}",
                            a_type(other)
                        ),
                    );
                    continue;
                }
            };
            for (i, t) in list.iter().enumerate() {
                let n = i + 1;
                let Some(table) = t.get_ref().as_table() else {
                    err(
                        t.span().start,
                        format!("term {n} is {}, not a table", a_type(t.get_ref())),
                    );
                    continue;
                };
                let mut ok = true;
                let mut source = None;
                let mut renderings = BTreeMap::new();
                for (key, val) in table {
                    let name = key.get_ref().as_ref();
                    let at_val = val.span().start;
                    let at_key = key.span().start;
                    if name == "note" {
                        if !val.get_ref().is_str() {
                            err(
                                at_val,
                                format!(
                                    "term {n}: `note` must be a string, not {}",
                                    a_type(val.get_ref())
                                ),
                            );
                            ok = false;
                        }
                        continue;
                    }
                    let lang = match Lang::parse(name) {
                        Ok(l) => l,
                        Err(e) => {
                            err(
                                at_key,
                                format!("term {n}: unknown key `{name}` (a language of this edition or `note`): {e}"),
                            );
                            ok = false;
                            continue;
                        }
                    };
                    if &lang == src {
                        match val.get_ref().as_str() {
                            Some(s) => source = Some(s.to_string()),
                            None => {
                                err(
                                    at_val,
                                    format!(
                                        "term {n}: `{name}` must be a string, not {}",
                                        a_type(val.get_ref())
                                    ),
                                );
                                ok = false;
                            }
                        }
                        continue;
                    }
                    // Renderings for a language the edition does not (or no longer) have are
                    // kept for when it comes back, and not checked.
                    if !targets.contains(&lang) {
                        continue;
                    }
                    let items = match val.get_ref() {
                        toml::de::DeValue::String(s) => Some(vec![s.to_string()]),
                        toml::de::DeValue::Array(a) => {
                            let mut items = Vec::new();
                            for x in a.iter() {
                                match x.get_ref().as_str() {
                                    Some(s) => items.push(s.to_string()),
                                    None => err(
                                        x.span().start,
                                        format!(
                                            "term {n}: `{name}` must be a list of strings; this item is {}",
                                            a_type(x.get_ref())
                                        ),
                                    ),
                                }
                            }
                            (items.len() == a.len()).then_some(items)
                        }
                        other => {
                            err(
                                at_val,
                                format!(
                                    "term {n}: `{name}` must be a list of strings, not {}",
                                    a_type(other)
                                ),
                            );
                            None
                        }
                    };
                    match items {
                        Some(items) => {
                            renderings.insert(lang, items);
                        }
                        None => ok = false,
                    }
                }
                let has_source_key = table
                    .keys()
                    .any(|k| Lang::parse(k.get_ref()).is_ok_and(|l| &l == src));
                match source {
                    Some(source) if ok => terms.push(Term { source, renderings }),
                    None if !has_source_key => err(
                        t.span().start,
                        format!("term {n} has no `{src}` (source language) key"),
                    ),
                    _ => {}
                }
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|(o, _)| *o);
            return Err(errors.into_iter().map(|(_, d)| d).collect());
        }
        Ok(Glossary {
            terms,
            source_lang: src.clone(),
        })
    }

    /// `glossary`: findings for segments whose source uses a term and whose translation has none
    /// of its accepted renderings.
    pub fn check(&self, pairs: &[Pair], ctx: &Ctx) -> Vec<Diagnostic> {
        let src = Matcher::new(&self.source_lang);
        let tgt = Matcher::new(ctx.lang);
        let mut out = Vec::new();
        // Source words are stemmed once per segment and per term, renderings once per term, a
        // translation's words once per segment, and only for a segment that uses a term: done
        // per comparison, they were most of the check's time on a book (issue 13).
        let keyed = |words: Vec<String>| -> Vec<(String, String, usize)> {
            words
                .into_iter()
                .map(|w| {
                    let stem = src.stem(&w);
                    let n = w.chars().count();
                    (w, stem, n)
                })
                .collect()
        };
        let prepared: Vec<_> = self
            .terms
            .iter()
            .filter_map(|t| {
                let renderings = t.renderings.get(ctx.lang)?;
                let words = keyed(src.words(&t.source));
                let forms: Vec<Vec<Forms>> = renderings
                    .iter()
                    .map(|r| tgt.words(r).iter().map(|w| tgt.forms(w)).collect())
                    .collect();
                (!words.is_empty()).then_some((t, words, renderings, forms))
            })
            .collect();
        for p in pairs {
            let src_words = keyed(src.words(&p.seg.text));
            // A term word matches only a word of the same stem: the stems present rule out
            // most terms without comparing them word by word.
            let stems: std::collections::HashSet<&str> =
                src_words.iter().map(|w| w.1.as_str()).collect();
            let mut tr_forms: Option<Vec<Forms>> = None;
            for (t, term_words, renderings, forms) in &prepared {
                if !stems.contains(term_words[0].1.as_str())
                    || !contains(&src_words, term_words, same_source_word)
                {
                    continue;
                }
                let tr = tr_forms.get_or_insert_with(|| {
                    tgt.words(p.text).iter().map(|w| tgt.forms(w)).collect()
                });
                let found = forms
                    .iter()
                    .any(|rw| !rw.is_empty() && contains(tr, rw, forms_match));
                if !found {
                    out.push(ctx.finding(
                        Severity::Warning,
                        "glossary",
                        p,
                        format!("the source uses the glossary term `{}`; the translation has none of its renderings: {}", t.source, renderings.join(" | ")),
                        "use an accepted rendering (any inflected form), or add this rendering to translations/glossary.toml if it is right",
                    ));
                }
            }
        }
        out
    }
}

/// A target-language word's forms ([`Matcher::candidates`]), each as its stem and its length in
/// characters.
type Forms = Vec<(String, usize)>;

/// Whether a translation word matches a rendering word, given the forms of both: two stems
/// agree, or one (of at least 3 letters) begins the other and the words differ in length by at
/// most 3.
fn forms_match(w: &Forms, r: &Forms) -> bool {
    w.iter().any(|(s, n)| {
        r.iter().any(|(r, rn)| {
            let (short, long) = if s.len() <= r.len() { (s, r) } else { (r, s) };
            s == r
                || (short.chars().count() >= 3
                    && long.starts_with(short.as_str())
                    && n.abs_diff(*rn) <= 3)
        })
    })
}

/// A source word matches a term word when they are equal, or their stems agree and their lengths
/// differ by at most 3 (word, stem, length in characters).
fn same_source_word(w: &(String, String, usize), t: &(String, String, usize)) -> bool {
    w.0 == t.0 || (w.1 == t.1 && w.2.abs_diff(t.2) <= 3)
}

/// Whether `needle` occurs as a contiguous run of `hay`, comparing words with `eq`.
fn contains<T>(hay: &[T], needle: &[T], eq: impl Fn(&T, &T) -> bool) -> bool {
    needle.len() <= hay.len()
        && hay
            .windows(needle.len())
            .any(|w| w.iter().zip(needle).all(|(a, b)| eq(a, b)))
}

/// Word normalization and stemming for one language.
pub struct Matcher {
    stemmer: Option<Stemmer>,
    arabic: bool,
    /// Stems already computed: every segment is compared with every term, so the same few
    /// thousand words are stemmed over and over (the hot spot of `align` on long documents).
    stems: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

fn algorithm(primary: &str) -> Option<Algorithm> {
    Some(match primary {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

impl Matcher {
    pub fn new(lang: &Lang) -> Matcher {
        Matcher {
            stemmer: algorithm(lang.primary()).map(Stemmer::create),
            arabic: lang.primary() == "ar",
            stems: Default::default(),
        }
    }

    /// Normalized words of a text.
    pub fn words(&self, text: &str) -> Vec<String> {
        let text = text.replace(['’', 'ʼ'], "'");
        text.unicode_words()
            .map(normalize_word)
            .filter(|w| !w.is_empty())
            .collect()
    }

    fn stem(&self, w: &str) -> String {
        let Some(stemmer) = &self.stemmer else {
            return w.to_string();
        };
        let mut stems = self.stems.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = stems.get(w) {
            return s.clone();
        }
        let s = stemmer.stem(w).into_owned();
        stems.insert(w.to_string(), s.clone());
        s
    }

    /// The word and, in Arabic, the word without its clitic prefixes.
    fn candidates(&self, w: &str) -> Vec<String> {
        let mut out = vec![w.to_string()];
        if self.arabic {
            let mut cur = w.to_string();
            for set in [&["و", "ف"][..], &["ب", "ل", "ك"][..], &["ال"][..]] {
                if let Some(rest) = set.iter().find_map(|p| cur.strip_prefix(p)) {
                    if rest.chars().count() >= 2 {
                        cur = rest.to_string();
                        out.push(cur.clone());
                    }
                }
            }
            // Attached pronouns (سجلاتهم "their logbooks").
            for c in out.clone() {
                for suf in ["هما", "هم", "هن", "ها", "كم", "كن", "نا", "ه", "ك"] {
                    if let Some(rest) = c.strip_suffix(suf) {
                        if rest.chars().count() >= 3 {
                            out.push(rest.to_string());
                        }
                    }
                }
            }
            // `لل` is ل + ال with the alef dropped.
            if let Some(rest) = w
                .strip_prefix("لل")
                .or_else(|| w.strip_prefix("ولل"))
                .or_else(|| w.strip_prefix("فلل"))
            {
                if rest.chars().count() >= 2 {
                    out.push(rest.to_string());
                }
            }
        }
        out
    }

    #[cfg(test)]
    fn source_match(&self, w: &str, term: &str) -> bool {
        let key = |x: &str| (x.to_string(), self.stem(x), x.chars().count());
        same_source_word(&key(w), &key(term))
    }

    /// A word's forms, stemmed: see [`Forms`].
    fn forms(&self, w: &str) -> Forms {
        self.candidates(w)
            .iter()
            .map(|c| (self.stem(c), c.chars().count()))
            .collect()
    }

    #[cfg(test)]
    fn target_match(&self, w: &str, r: &str) -> bool {
        forms_match(&self.forms(w), &self.forms(r))
    }
}

/// Lowercase; `ё` -> `е`; Arabic diacritics and tatweel dropped, alef forms unified, `ى` -> `ي`.
fn normalize_word(w: &str) -> String {
    w.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !matches!(*c as u32, 0x64B..=0x652 | 0x670 | 0x640))
        .map(|c| match c {
            'ё' => 'е',
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(l: &str) -> Matcher {
        Matcher::new(&Lang::parse(l).unwrap())
    }

    fn has(l: &str, text: &str, r: &str) -> bool {
        let m = m(l);
        contains(&m.words(text), &m.words(r), |a, b| m.target_match(a, b))
    }

    #[test]
    fn inflected_forms_and_clitics_match() {
        assert!(has(
            "ru",
            "признание переходного правительства",
            "переходное правительство"
        ));
        assert!(has("ru", "на базе Хмеймим и в Хмеймиме", "Хмеймим"));
        assert!(has("ru", "Чёрного моря", "Черное море"));
        assert!(has("ar", "والتطبيع مع دمشق", "التطبيع"));
        assert!(has("ar", "دعم لقسد", "قسد"));
        assert!(has("ar", "وتحفظ سجلاتهم اليوم", "سجل"));
        assert!(has("ar", "للحكومة الانتقالية", "الحكومة الانتقالية"));
        assert!(has("ar", "بوصفها ضامنا أمنيا", "ضامن أمني"));
        assert!(has("ru", "падение режима Асада", "режим Асада"));
        assert!(!has(
            "ru",
            "правительство переходного",
            "переходное правительство"
        ));
        assert!(!has("ar", "الحكومة السورية", "الحكومة الانتقالية"));
    }

    #[test]
    fn source_terms_match_inflections_but_not_shorter_relatives() {
        let en = m("en");
        let w = en.words("the normalizations and normal ties");
        let t = en.words("normalization");
        assert!(contains(&w, &t, |a, b| en.source_match(a, b)));
        let w = en.words("normal ties");
        assert!(!contains(&w, &t, |a, b| en.source_match(a, b)));
    }
}
