//! The EPUB editions' interface strings (navigation headings, landmark names, link labels) per language.
//!
//! INTEGRATOR: a stand-in until the Fluent bundles of `crate::i18n` are merged; then these
//! messages move into its `.ftl` files and [`strings`] becomes a lookup there. Unknown languages
//! fall back to English, never to an empty string.

use crate::model::Lang;

/// The strings one language needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strings {
    /// Heading of the table of contents.
    pub contents: &'static str,
    /// Heading of the (hidden) landmarks list.
    pub landmarks: &'static str,
    /// Landmark of the first page of text.
    pub start: &'static str,
    /// Landmark of the reference list, when it has no heading of its own.
    pub references: &'static str,
    /// Accessible name of a reference entry's link back to where it is cited.
    pub back_to_citation: &'static str,
}

const EN: Strings = Strings {
    contents: "Contents",
    landmarks: "Landmarks",
    start: "Start of text",
    references: "References",
    back_to_citation: "Back to citation",
};

/// The interface strings in `lang` (English when stele has none for it).
pub fn strings(lang: &Lang) -> Strings {
    match lang.primary() {
        "ar" => Strings {
            contents: "المحتويات",
            landmarks: "معالم الكتاب",
            start: "بداية النص",
            references: "المراجع",
            back_to_citation: "العودة إلى موضع الإحالة",
        },
        "ru" => Strings {
            contents: "Содержание",
            landmarks: "Ориентиры",
            start: "Начало текста",
            references: "Источники",
            back_to_citation: "Назад к ссылке",
        },
        _ => EN,
    }
}

/// The language's name in itself (`English`, `العربية`, `Русский`); the tag when unknown.
pub fn endonym(lang: &Lang) -> String {
    match lang.primary() {
        "en" => "English",
        "ar" => "العربية",
        "ru" => "Русский",
        "fr" => "Français",
        "de" => "Deutsch",
        "es" => "Español",
        "uk" => "Українська",
        "fa" => "فارسی",
        "he" => "עברית",
        "tr" => "Türkçe",
        _ => return lang.to_string(),
    }
    .to_string()
}
