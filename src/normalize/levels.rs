//! Heading levels and heading overrides: a numbered heading takes its level from its numbering
//! (`Chapter 8` / `Part II` / `Appendix A` / «Глава 8» / «الفصل 8» -> 1, `8.9.` -> 2,
//! `6.2.1.` -> 3), an unnumbered one the document's default level; `headings`/`not_headings`
//! entries are exact text or, starting with `^`, regular expressions.

// The pattern type and the level bound live with the config that validates them (issue 13: no
// config <-> normalize import cycle).
pub use crate::config::headings::{Matcher, MAX_LEVEL};
use crate::config::NormalizeConfig;
use regex::Regex;
use std::sync::LazyLock;

/// Labels of a top-level division followed by its number, in English, Russian and Arabic.
const LABELS: &str = "Chapter|Part|Book|Appendix|Глава|Часть|Книга|Раздел|Приложение|الفصل|فصل|الباب|باب|الجزء|جزء|الملحق|ملحق";
/// Numbers written as words after a label (`Part One`, «Часть первая», «الفصل الأول»).
const NUMBER_WORDS: &str = "One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|первая|вторая|третья|четвёртая|четвертая|пятая|шестая|седьмая|восьмая|девятая|десятая|первый|второй|третий|четвёртый|четвертый|пятый|шестой|седьмой|восьмой|девятый|десятый|الأول|الثاني|الثالث|الرابع|الخامس|السادس|السابع|الثامن|التاسع|العاشر|الأولى|الثانية|الثالثة|الرابعة|الخامسة";

/// `Chapter 8`, `Part II`, `Глава 8.`, `الفصل ٨:`, `Part One —`: then the end of the text, a
/// separator, or a title that does not start in lower case (`Chapter 8 describes` is a sentence).
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:{LABELS})\s+(?:\d{{1,3}}|[IVXLC]{{1,7}}|[A-Z]|(?i:{NUMBER_WORDS}))(?:\s*[.:—–-]|$|\s+[^\p{{Ll}}\s])"
    ))
    .expect("built-in pattern")
});

/// The label alone (`Chapter 8.`, «Глава 8.»): a heading although it ends with a full stop.
static LABEL_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:{LABELS})\s+(?:\d{{1,3}}|[IVXLC]{{1,7}}|[A-Z]|(?i:{NUMBER_WORDS}))[.:]?$"
    ))
    .expect("built-in pattern")
});

/// Decimal numbering `8.`, `8.9`, `8.9.`, `6.2.1.` (any script's digits, at most three each),
/// followed by a title that does not start in lower case: `2025. A year` (four digits) and
/// `1.5 million` (lower case) are not numbered headings. A single number needs its full stop.
static DECIMAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,3}(?:\.\d{1,3})*)(\.?)\s+[^\p{Ll}\s]").expect("built-in pattern")
});

/// The level the numbering of a heading gives it, if it is numbered in a form stele knows.
pub fn numbered_level(text: &str) -> Option<i64> {
    if LABELLED.is_match(text) || LABEL_ONLY.is_match(text) {
        return Some(1);
    }
    let c = DECIMAL.captures(text)?;
    let parts = c[1].split('.').count() as i64;
    if parts == 1 && c[2].is_empty() {
        return None;
    }
    Some(parts.min(MAX_LEVEL))
}

/// Whether the text is a division label alone (`Chapter 8.`), a heading despite its full stop.
pub fn is_label_only(text: &str) -> bool {
    LABEL_ONLY.is_match(text)
}

/// The heading rules of one document, compiled once from `[normalize]` (the config has been
/// validated, so every pattern compiles; one that does not is skipped, never a panic).
#[derive(Debug, Clone)]
pub struct HeadingRules {
    pub headings: Vec<Matcher>,
    pub not_headings: Vec<Matcher>,
    /// `heading_levels`: the first pattern that matches gives the level.
    pub levels: Vec<(Regex, i64)>,
    pub numbered: bool,
    pub default_level: i64,
}

impl HeadingRules {
    pub fn new(cfg: &NormalizeConfig) -> HeadingRules {
        let matchers = |v: &[String]| -> Vec<Matcher> {
            v.iter().filter_map(|e| Matcher::new(e).ok()).collect()
        };
        HeadingRules {
            headings: matchers(&cfg.headings),
            not_headings: matchers(&cfg.not_headings),
            levels: cfg
                .heading_levels
                .iter()
                .filter_map(|l| Some((Regex::new(&l.pattern).ok()?, l.level)))
                .collect(),
            numbered: cfg.numbered_headings,
            default_level: cfg.heading_level,
        }
    }

    pub fn forced_heading(&self, para: &str) -> bool {
        self.headings.iter().any(|m| m.matches(para))
    }

    pub fn forced_body(&self, para: &str) -> bool {
        self.not_headings.iter().any(|m| m.matches(para))
    }

    /// The level given by a `heading_levels` pattern or the built-in numbered forms, if any.
    pub fn numbered(&self, para: &str) -> Option<i64> {
        self.levels
            .iter()
            .find(|(r, _)| r.is_match(para))
            .map(|(_, l)| *l)
            .or_else(|| self.numbered.then(|| numbered_level(para)).flatten())
    }

    /// The level of a heading: from its numbering, else the document's default.
    pub fn level(&self, para: &str) -> i64 {
        self.numbered(para).unwrap_or(self.default_level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 16: heading-level inference in English, Arabic and Russian documents, with the
    /// false friends that start a sentence with a number.
    #[test]
    fn issue16_heading_levels_from_numbering() {
        let table: &[(&str, Option<i64>)] = &[
            // English
            ("Chapter 8. Maintenance", Some(1)),
            ("Chapter 8.", Some(1)),
            ("Chapter 12: Safety", Some(1)),
            ("Chapter 8 Maintenance", Some(1)),
            ("Part II", Some(1)),
            ("Part II — Operation", Some(1)),
            ("Part One", Some(1)),
            ("Appendix A", Some(1)),
            ("Appendix B: Spare Parts", Some(1)),
            ("8. Maintenance", Some(1)),
            ("8.9. Replacing the filter", Some(2)),
            ("8.9 Replacing the filter", Some(2)),
            ("6.2.1. Torque values", Some(3)),
            ("6.2.1 Torque values", Some(3)),
            ("1.2.3.4.5.6.7 Deep", Some(6)),
            // Russian
            ("Глава 8. Обслуживание", Some(1)),
            ("Глава 8.", Some(1)),
            ("Часть II", Some(1)),
            ("Часть первая", Some(1)),
            ("8.9. Замена фильтра", Some(2)),
            ("6.2.1. Моменты затяжки", Some(3)),
            // Arabic, with Western and Arabic-Indic digits
            ("الفصل 8. الصيانة", Some(1)),
            ("الفصل 8.", Some(1)),
            ("الفصل ٨. الصيانة", Some(1)),
            ("الفصل الأول", Some(1)),
            ("الباب الثاني: التشغيل", Some(1)),
            ("٨.٩. استبدال المرشح", Some(2)),
            ("٦.٢.١. عزم الشد", Some(3)),
            ("8.9. استبدال المرشح", Some(2)),
            // false friends
            ("2025. A year of change", None),
            ("2025 was a year of change", None),
            ("1.5 million people use it", None),
            ("1.5 миллиона человек", None),
            ("8 Maintenance", None),
            ("18.10.2025 Release", None),
            ("Chapter 8 describes the pump", None),
            ("Chapters 8 and 9", None),
            ("Partial results", None),
            ("Глава семьи", None),
            ("Maintenance", None),
            ("IPv6 over 6LoWPAN", None),
        ];
        for (text, want) in table {
            assert_eq!(numbered_level(text), *want, "{text}");
        }
        assert!(
            is_label_only("Chapter 8.") && is_label_only("Глава 8.") && is_label_only("الفصل 8.")
        );
        assert!(!is_label_only("Chapter 8. Maintenance"));
    }

    #[test]
    fn issue16_patterns_and_exact_text() {
        let mut cfg = NormalizeConfig {
            headings: vec!["^Step \\d+$".into(), "Exact text.".into()],
            not_headings: vec!["^Note:".into()],
            heading_levels: vec![crate::config::HeadingLevel {
                pattern: "^Step \\d+$".into(),
                level: 4,
            }],
            ..NormalizeConfig::default()
        };
        let r = HeadingRules::new(&cfg);
        assert!(r.forced_heading("Step 12") && !r.forced_heading("Step 12 done"));
        assert!(r.forced_heading("Exact text.") && !r.forced_heading("Exact text"));
        assert!(r.forced_body("Note: keep dry") && !r.forced_body("A Note: keep dry"));
        assert_eq!(r.level("Step 3"), 4);
        assert_eq!(r.level("8.9. Filter"), 2);
        assert_eq!(r.level("Filter"), 2);
        assert!(Matcher::new("^Chapter (").is_err());
        cfg.numbered_headings = false;
        cfg.heading_level = 3;
        let r = HeadingRules::new(&cfg);
        assert_eq!(r.level("8.9. Filter"), 3);
    }
}
