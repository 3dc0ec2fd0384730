//! CLDR data through ICU4X (compiled data): language names in any interface language, autonyms
//! for the language switchers, and localized publication dates (issues 17, 18).
//!
//! Design: an autonym is a switcher label, so its first letter is capitalized as a menu item is
//! (CLDR gives «français», «русский»; the label reads «Français», «Русский»); a language named
//! inside a sentence keeps CLDR's case («traduit de l'anglais»). Arabic dates use Latin digits,
//! as the translations do, and the month style of `[i18n] arabic_months`.

use crate::model::{ArabicMonths, Lang};
use icu_calendar::cal::Gregorian;
use icu_datetime::fieldsets::{M, YMD};
use icu_datetime::input::Date;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_experimental::displaynames::{multi::LanguageDisplayNames, DisplayNamesOptions};
use icu_locale_core::{subtags::Language, Locale};

fn locale(tag: &str) -> Option<Locale> {
    tag.parse().ok()
}

/// The CLDR name of language `of` (its primary subtag) in the language `ui`; `None` when CLDR
/// has no name for it there.
pub fn language_name(ui: &Lang, of: &Lang) -> Option<String> {
    let language: Language = of.primary().parse().ok()?;
    [ui.as_str(), ui.primary()].iter().find_map(|t| {
        let names =
            LanguageDisplayNames::try_new(locale(t)?.into(), DisplayNamesOptions::default())
                .ok()?;
        names.of(language).map(str::to_string)
    })
}

/// A language's CLDR name for itself, capitalized as a switcher label.
pub fn autonym(of: &Lang) -> Option<String> {
    language_name(of, of).map(|n| capitalize_first(&n))
}

fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A `YYYY-MM-DD` date in the long CLDR style of `lang` («18 octobre 2025», «18 октября 2025
/// г.», «18 تشرين الأول/أكتوبر 2025»); `None` when `iso` is not a date.
pub fn format_date(lang: &Lang, iso: &str, months: ArabicMonths) -> Option<String> {
    let mut parts = iso.splitn(3, '-').map(str::parse::<i32>);
    let (y, m, d) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    let date = Date::try_new_gregorian(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?).ok()?;
    if lang.primary() != "ar" {
        let f = FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(
            locale(lang.as_str())
                .or_else(|| locale(lang.primary()))?
                .into(),
            YMD::long(),
        )
        .ok()?;
        return Some(f.format(&date).to_string());
    }
    let region = |r: &str| -> Option<(String, String)> {
        let loc = locale(&format!("ar-{r}-u-nu-latn"))?;
        let full = FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(
            loc.clone().into(),
            YMD::long(),
        )
        .ok()?;
        let month =
            FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(loc.into(), M::long()).ok()?;
        Some((
            full.format(&date).to_string(),
            month.format(&date).to_string(),
        ))
    };
    match months {
        ArabicMonths::Egyptian => region("EG").map(|(f, _)| f),
        ArabicMonths::Maghrebi => region("MA").map(|(f, _)| f),
        ArabicMonths::Levantine => {
            let (full, sy) = region("SY")?;
            let (_, eg) = region("EG")?;
            if sy == eg {
                return Some(full);
            }
            // Both names, joined by a slash no line may break at (U+2060 on either side).
            Some(full.replacen(&sy, &format!("{sy}\u{2060}/\u{2060}{eg}"), 1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(t: &str) -> Lang {
        Lang::parse(t).unwrap()
    }

    #[test]
    fn issue17_autonyms_and_names_come_from_cldr() {
        assert_eq!(autonym(&l("fr")).as_deref(), Some("Français"));
        assert_eq!(autonym(&l("ru")).as_deref(), Some("Русский"));
        assert_eq!(autonym(&l("ar")).as_deref(), Some("العربية"));
        assert_eq!(autonym(&l("pt-BR")).as_deref(), Some("Português"));
        assert_eq!(
            language_name(&l("fr"), &l("en")).as_deref(),
            Some("anglais")
        );
        assert_eq!(
            language_name(&l("ar"), &l("fr")).as_deref(),
            Some("الفرنسية")
        );
        assert_eq!(language_name(&l("en"), &l("fr")).as_deref(), Some("French"));
        assert_eq!(language_name(&l("en"), &l("zz")), None);
    }

    #[test]
    fn issue18_dates_are_localized_per_language() {
        let lv = ArabicMonths::Levantine;
        let d = |t: &str| format_date(&l(t), "2025-10-18", lv).unwrap();
        assert_eq!(d("en"), "October 18, 2025");
        assert_eq!(d("fr"), "18 octobre 2025");
        // CLDR keeps «г.» to the year with a narrow no-break space.
        assert_eq!(d("ru"), "18 октября 2025\u{202f}г.");
        assert_eq!(d("de"), "18. Oktober 2025");
        assert_eq!(format_date(&l("en"), "2025-13-01", lv), None);
        assert_eq!(format_date(&l("en"), "18.10.2025", lv), None);
    }

    #[test]
    fn issue18_arabic_month_styles_follow_the_cldr_regions() {
        let d = |m, iso| format_date(&l("ar"), iso, m).unwrap();
        assert_eq!(
            d(ArabicMonths::Levantine, "2025-10-18"),
            "18 تشرين الأول\u{2060}/\u{2060}أكتوبر 2025"
        );
        assert_eq!(d(ArabicMonths::Egyptian, "2025-10-18"), "18 أكتوبر 2025");
        assert_eq!(d(ArabicMonths::Maghrebi, "2025-10-18"), "18 أكتوبر 2025");
        // Where the regions differ: August is «آب/أغسطس», «أغسطس», «غشت».
        assert_eq!(
            d(ArabicMonths::Levantine, "2025-08-03"),
            "3 آب\u{2060}/\u{2060}أغسطس 2025"
        );
        assert_eq!(d(ArabicMonths::Egyptian, "2025-08-03"), "3 أغسطس 2025");
        assert_eq!(d(ArabicMonths::Maghrebi, "2025-08-03"), "3 غشت 2025");
    }
}
