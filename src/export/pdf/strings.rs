//! Interface strings of the PDF editions (markers, metadata labels, language names).
//!
//! INTEGRATOR: these belong in the Fluent bundles of `src/i18n/` (issue 5 builds them); move the
//! messages there under the same keys and make [`strings`] look them up. Unknown languages get the
//! English strings.

use crate::model::Lang;

/// The strings one edition language needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strings {
    /// `pdf-untranslated`: marks a segment whose translation is missing; `{lang}` is the
    /// name of the language the stand-in text is in.
    pub untranslated: &'static str,
    /// `pdf-stale`: marks a translation made from an older version of the source segment.
    pub stale: &'static str,
    /// `pdf-translated-by`: precedes the translators' names.
    pub translated_by: &'static str,
    /// `pdf-source-fingerprint`: precedes the source fingerprint in the colophon.
    pub source_fingerprint: &'static str,
    /// `pdf-back-to-citation`: what a back-link from a reference entry does (shown as a tooltip).
    pub back_to_citation: &'static str,
}

/// The interface strings for `lang` (English for languages without a translation).
pub fn strings(lang: &Lang) -> Strings {
    match lang.primary() {
        "ar" => Strings {
            untranslated: "لم يترجم بعد: النص الأصلي ({lang}) معروض",
            stale: "ترجمة قديمة: تغير النص الأصلي بعد ترجمتها",
            translated_by: "ترجمة:",
            source_fingerprint: "بصمة النص الأصلي",
            back_to_citation: "العودة إلى موضع الإحالة",
        },
        "ru" => Strings {
            untranslated: "Не переведено: показан оригинал ({lang})",
            stale: "Устаревший перевод: оригинал изменён после перевода",
            translated_by: "Перевод:",
            source_fingerprint: "Отпечаток оригинала",
            back_to_citation: "Назад к ссылке",
        },
        _ => Strings {
            untranslated: "Untranslated: the original ({lang}) is shown",
            stale: "Stale translation: the source has changed since it was translated",
            translated_by: "Translated by",
            source_fingerprint: "Source fingerprint",
            back_to_citation: "Back to the citation",
        },
    }
}

/// A language's name in `ui` (the language of the edition showing it); the tag when unknown.
pub fn language_name(lang: &Lang, ui: &Lang) -> String {
    let name = match (ui.primary(), lang.primary()) {
        ("ar", "en") => "الإنجليزية",
        ("ar", "ar") => "العربية",
        ("ar", "ru") => "الروسية",
        ("ru", "en") => "английский",
        ("ru", "ar") => "арабский",
        ("ru", "ru") => "русский",
        (_, "en") => "English",
        (_, "ar") => "Arabic",
        (_, "ru") => "Russian",
        _ => return lang.as_str().to_string(),
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_languages_get_english_strings() {
        let de = Lang::parse("de").unwrap();
        let en = Lang::parse("en").unwrap();
        assert_eq!(strings(&de), strings(&en));
        assert_eq!(language_name(&de, &en), "de");
        assert!(strings(&Lang::parse("ar").unwrap())
            .untranslated
            .contains("{lang}"));
    }
}
