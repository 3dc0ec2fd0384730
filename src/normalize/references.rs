//! Reference entries: fields (number, author, title, outlet, date, URL), inlines with a language-tagged
//! title span (and a transliteration for Cyrillic), and CSL JSON items for pandoc's citeproc.

use super::inline::{self, ScriptTagging};
use crate::config::{ReferenceConfig, Transliteration};
use crate::model::{Lang, Script};
use crate::pandoc::push_inlines;
use pandoc_ast::Inline;
use serde_json::{json, Value};

/// The parsed fields of one entry; any field the text does not show is `None`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fields {
    pub number: u32,
    pub author: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
}

/// Splits `Author. “Title.” Outlet, Date. URL.` into fields; tolerant of missing parts.
pub fn parse_fields(number: u32, text: &str) -> Fields {
    let mut f = Fields {
        number,
        ..Default::default()
    };
    let mut rest = text.trim().to_string();
    if let Some((pos, end)) = super::url::first(&rest) {
        f.url = Some(rest[pos..end].to_string());
        rest = format!("{}{}", &rest[..pos], &rest[end..])
            .trim()
            .trim_end_matches('.')
            .trim()
            .to_string();
    }
    // The title is the first quoted run, in whichever quotation style the list uses.
    let quoted = [('“', '”'), ('„', '“'), ('«', '»'), ('"', '"')]
        .into_iter()
        .find_map(|(open, close)| {
            let o = rest.find(open)?;
            let c = rest.rfind(close)?;
            (o + open.len_utf8() < c).then_some((o, open, c, close))
        });
    let (before, after) = match quoted {
        Some((o, open, c, close)) => {
            let title = rest[o + open.len_utf8()..c]
                .trim()
                .trim_end_matches([',', '.'])
                .trim();
            f.title = Some(title.to_string());
            (
                rest[..o].to_string(),
                rest[c + close.len_utf8()..].to_string(),
            )
        }
        None => (String::new(), rest.clone()),
    };
    let clean = |s: &str| {
        let s = s
            .trim()
            .trim_matches(|c: char| c == '.' || c == ',' || c.is_whitespace());
        (!s.is_empty()).then(|| s.to_string())
    };
    f.author = clean(&before);
    let after = after
        .trim()
        .trim_start_matches(['.', ','])
        .trim()
        .trim_end_matches('.')
        .to_string();
    // The date is the shortest tail after a ", " that reads as a date: "Outlet (Place), October 17, 2025".
    let split = after
        .match_indices(", ")
        .map(|(p, _)| p)
        .find(|&p| is_date(&after[p + 2..]));
    match split {
        Some(p) => {
            f.outlet = clean(&after[..p]);
            f.date = clean(&after[p + 2..]);
        }
        None if is_date(&after) => f.date = clean(&after),
        None => f.outlet = clean(&after),
    }
    f
}

fn is_date(s: &str) -> bool {
    date_parts(s).is_some() && s.split_whitespace().count() <= 3
}

/// Month names by number, in the languages reference lists are commonly written in.
const MONTHS: [[&str; 12]; 4] = [
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    [
        "januar",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
];

/// CSL `date-parts` from `October 17, 2025`, `17 October 2025`, `October 2025` or `2025-10-17`.
pub fn date_parts(date: &str) -> Option<Vec<u32>> {
    if date.len() == 10 && date.as_bytes()[4] == b'-' {
        let p: Vec<u32> = date.split('-').filter_map(|x| x.parse().ok()).collect();
        return (p.len() == 3).then_some(p);
    }
    let words: Vec<String> = date
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    let year = words
        .iter()
        .find_map(|w| w.parse::<u32>().ok().filter(|y| *y > 999))?;
    let month = words.iter().find_map(|w| {
        MONTHS
            .iter()
            .find_map(|names| names.iter().position(|m| m == w))
            .map(|i| i as u32 + 1)
    });
    let day = words
        .iter()
        .find_map(|w| w.parse::<u32>().ok().filter(|d| (1..=31).contains(d)));
    Some(match (month, day) {
        (Some(m), Some(d)) => vec![year, m, d],
        (Some(m), None) => vec![year, m],
        _ => vec![year],
    })
}

/// The dominant script of a text's letters.
pub fn dominant_script(text: &str) -> Option<Script> {
    let mut counts: std::collections::BTreeMap<Script, usize> = Default::default();
    for c in text.chars() {
        if let Some(s) = Script::of_char(c) {
            *counts.entry(s).or_default() += 1;
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(s, _)| s)
}

/// Latin transliteration of Cyrillic text (Russian alphabet) by ISO 9:1995 or BGN/PCGN (1947).
pub fn transliterate(text: &str, standard: Transliteration) -> String {
    let mut out = String::new();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let after_vowel_or_start = prev.is_none_or(|p| {
            !p.is_alphabetic() || "аеёиоуыэюяъь".contains(p.to_lowercase().next().unwrap_or(p))
        });
        let t: &str = match standard {
            Transliteration::Iso9 => match lower {
                'а' => "a",
                'б' => "b",
                'в' => "v",
                'г' => "g",
                'д' => "d",
                'е' => "e",
                'ё' => "ë",
                'ж' => "ž",
                'з' => "z",
                'и' => "i",
                'й' => "j",
                'к' => "k",
                'л' => "l",
                'м' => "m",
                'н' => "n",
                'о' => "o",
                'п' => "p",
                'р' => "r",
                'с' => "s",
                'т' => "t",
                'у' => "u",
                'ф' => "f",
                'х' => "h",
                'ц' => "c",
                'ч' => "č",
                'ш' => "š",
                'щ' => "ŝ",
                'ъ' => "ʺ",
                'ы' => "y",
                'ь' => "ʹ",
                'э' => "è",
                'ю' => "û",
                'я' => "â",
                _ => "",
            },
            Transliteration::BgnPcgn => match lower {
                'а' => "a",
                'б' => "b",
                'в' => "v",
                'г' => "g",
                'д' => "d",
                'е' if after_vowel_or_start => "ye",
                'е' => "e",
                'ё' if after_vowel_or_start => "yë",
                'ё' => "ë",
                'ж' => "zh",
                'з' => "z",
                'и' => "i",
                'й' => "y",
                'к' => "k",
                'л' => "l",
                'м' => "m",
                'н' => "n",
                'о' => "o",
                'п' => "p",
                'р' => "r",
                'с' => "s",
                'т' => "t",
                'у' => "u",
                'ф' => "f",
                'х' => "kh",
                'ц' => "ts",
                'ч' => "ch",
                'ш' => "sh",
                'щ' => "shch",
                'ъ' => "”",
                'ы' => "y",
                'ь' => "’",
                'э' => "e",
                'ю' => "yu",
                'я' => "ya",
                _ => "",
            },
        };
        if t.is_empty() {
            out.push(c);
        } else if c.is_uppercase() {
            let mut chars = t.chars();
            if let Some(f) = chars.next() {
                out.extend(f.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(t);
        }
        prev = Some(c);
    }
    out
}

/// The entry's inlines: the title as a `Span` of class `title` carrying `lang` (and `dir`,
/// `translit`, `gloss`, `original-title` where they apply), the rest parsed as ordinary text.
pub fn entry_inlines(
    text: &str,
    fields: &Fields,
    cfg: Option<&ReferenceConfig>,
    tagging: &ScriptTagging,
    translit: Transliteration,
) -> Vec<Inline> {
    let title = fields.title.as_deref().filter(|t| !t.is_empty());
    let Some((start, end)) = title.and_then(|t| text.find(t).map(|s| (s, s + t.len()))) else {
        return inline::parse(text, tagging).0;
    };
    let title = &text[start..end];
    let mut out = inline::parse(&text[..start], tagging).0;
    let title_lang: Option<Lang> = dominant_script(title)
        .filter(|s| *s != tagging.own)
        .and_then(|s| tagging.langs.get(s.code()).cloned());
    let (title_inlines, _) = match title_lang {
        Some(_) => inline::parse_plain(title, &tagging.citations),
        None => inline::parse(title, tagging),
    };
    let mut attr = match &title_lang {
        Some(l) => inline::lang_attr(l, vec!["title".into()]),
        None => (String::new(), vec!["title".into()], vec![]),
    };
    if dominant_script(title) == Some(Script::Cyrillic) {
        let key = match translit {
            Transliteration::Iso9 => "translit-iso9",
            Transliteration::BgnPcgn => "translit-bgn-pcgn",
        };
        attr.2.push((key.into(), transliterate(title, translit)));
    }
    if let Some(c) = cfg {
        if let Some(g) = &c.gloss {
            attr.2.push(("gloss".into(), g.clone()));
        }
        if let Some(o) = &c.original_title {
            attr.2.push(("original-title".into(), o.clone()));
        }
    }
    out.push(Inline::Span(attr, title_inlines));
    push_inlines(&mut out, inline::parse(&text[end..], tagging).0);
    out
}

/// One CSL JSON item (the format pandoc's citeproc reads).
pub fn csl_item(
    fields: &Fields,
    cfg: Option<&ReferenceConfig>,
    detected: Option<&Lang>,
    translit: Transliteration,
) -> Value {
    let mut item = serde_json::Map::new();
    item.insert("id".into(), json!(format!("ref-{}", fields.number)));
    item.insert(
        "type".into(),
        json!(if fields.url.is_some() {
            "webpage"
        } else {
            "article"
        }),
    );
    item.insert("citation-label".into(), json!(fields.number.to_string()));
    if let Some(a) = &fields.author {
        let person = match a.split_once(", ") {
            Some((family, given))
                if !given.contains(',') && given.split_whitespace().count() <= 3 =>
            {
                json!({"family": family, "given": given})
            }
            _ => json!({"literal": a}),
        };
        item.insert("author".into(), json!([person]));
    }
    if let Some(t) = &fields.title {
        item.insert("title".into(), json!(t));
        if dominant_script(t) == Some(Script::Cyrillic) {
            let (name, standard) = match translit {
                Transliteration::Iso9 => ("ISO 9", translit),
                Transliteration::BgnPcgn => ("BGN/PCGN", translit),
            };
            item.insert(
                "note".into(),
                json!(format!(
                    "Transliteration ({name}): {}",
                    transliterate(t, standard)
                )),
            );
        }
    }
    if let Some(o) = &fields.outlet {
        item.insert("container-title".into(), json!(o));
    }
    if let Some(parts) = fields.date.as_deref().and_then(date_parts) {
        item.insert("issued".into(), json!({"date-parts": [parts]}));
    }
    if let Some(u) = &fields.url {
        item.insert("URL".into(), json!(u));
    }
    let lang = cfg.and_then(|c| c.lang.as_ref()).or(detected);
    if let Some(l) = lang {
        item.insert("language".into(), json!(l.as_str()));
    }
    if let Some(c) = cfg {
        if let Some(o) = &c.original_title {
            item.insert("original-title".into(), json!(o));
        }
        if let Some(g) = &c.gloss {
            item.insert("title-short".into(), json!(g));
        }
    }
    Value::Object(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_a_typical_entry() {
        let f = parse_fields(2, "Akopov, Petr. “Опять мимо: Путин потерял, а Трамп нашел.” RIA Novosti, October 16, 2025. https://ria.ru/20251016/putin-2048467957.html.");
        assert_eq!(f.author.as_deref(), Some("Akopov, Petr"));
        assert_eq!(
            f.title.as_deref(),
            Some("Опять мимо: Путин потерял, а Трамп нашел")
        );
        assert_eq!(f.outlet.as_deref(), Some("RIA Novosti"));
        assert_eq!(f.date.as_deref(), Some("October 16, 2025"));
        assert_eq!(
            f.url.as_deref(),
            Some("https://ria.ru/20251016/putin-2048467957.html")
        );
        assert_eq!(date_parts("October 16, 2025"), Some(vec![2025, 10, 16]));
        assert_eq!(date_parts("October 2025"), Some(vec![2025, 10]));
        assert_eq!(date_parts("12. März 2015"), Some(vec![2015, 3, 12]));
        assert_eq!(date_parts("15 октября 2025"), Some(vec![2025, 10, 15]));
    }

    #[test]
    fn entry_without_url_or_author() {
        let f = parse_fields(1, "“A Title.” Some Outlet, 2020.");
        assert_eq!((f.author, f.url), (None, None));
        assert_eq!(f.outlet.as_deref(), Some("Some Outlet"));
        assert_eq!(f.date.as_deref(), Some("2020"));
    }

    #[test]
    fn transliteration_standards() {
        let t = "Опять мимо: Путин потерял, а Трамп нашел";
        assert_eq!(
            transliterate(t, Transliteration::Iso9),
            "Opâtʹ mimo: Putin poterâl, a Tramp našel"
        );
        assert_eq!(
            transliterate(t, Transliteration::BgnPcgn),
            "Opyat’ mimo: Putin poteryal, a Tramp nashel"
        );
        assert_eq!(transliterate("Ель", Transliteration::BgnPcgn), "Yel’");
    }
}
