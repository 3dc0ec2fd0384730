//! Interface strings from Fluent bundles per language (`ftl/<lang>.ftl`, embedded), with CLDR plural
//! rules and an English fallback: a message missing in one language is taken from English with a
//! warning diagnostic, never shown as an empty string.
//!
//! Fluent's own bidi isolation marks (U+2068/U+2069 around placeables) are turned off: text
//! arguments come back as separate [`Part::Arg`]s so the markup layer isolates them with elements
//! (`<bdi>`), which survive copy-paste and are what HTML, EPUB and screen readers understand.

use crate::diag::Diagnostic;
use crate::model::Lang;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use std::cell::RefCell;
use std::collections::BTreeSet;

/// The language every other catalog falls back to.
pub const FALLBACK: &str = "en";

/// The shipped catalogs: language tag and FTL source.
const CATALOGS: &[(&str, &str)] = &[
    ("en", include_str!("ftl/en.ftl")),
    ("ar", include_str!("ftl/ar.ftl")),
    ("ru", include_str!("ftl/ru.ftl")),
];

/// The shipped FTL source for a language (by full tag, then by primary subtag).
pub fn catalog(lang: &Lang) -> Option<&'static str> {
    CATALOGS
        .iter()
        .find(|(t, _)| *t == lang.as_str())
        .or_else(|| CATALOGS.iter().find(|(t, _)| *t == lang.primary()))
        .map(|(_, src)| *src)
}

/// The languages that ship a catalog.
pub fn catalog_langs() -> Vec<Lang> {
    CATALOGS
        .iter()
        .map(|(t, _)| Lang::parse(t).expect("catalog tags are valid"))
        .collect()
}

/// A message argument: numbers select plural forms; text is isolated by the markup layer.
#[derive(Debug, Clone)]
pub enum Arg {
    Num(i64),
    Text(String),
}

/// A piece of a formatted message: literal text from the catalog or an argument's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Lit(String),
    Arg(String),
}

/// A formatted message and the language its words are in (the fallback's after a fallback).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub lang: Lang,
    pub parts: Vec<Part>,
}

impl Msg {
    /// The plain text (arguments inline, no isolation marks).
    pub fn text(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Lit(s) | Part::Arg(s) => s.as_str(),
            })
            .collect()
    }
}

type Bundle = FluentBundle<FluentResource>;

/// Interface strings in one language, falling back to English message by message.
///
/// Findings (a missing catalog or message, a formatting error) are collected once each and
/// returned by [`Ui::diagnostics`].
pub struct Ui {
    lang: Lang,
    fallback_lang: Lang,
    bundle: Option<Bundle>,
    fallback: Bundle,
    catalog_file: String,
    diags: RefCell<Vec<Diagnostic>>,
    reported: RefCell<BTreeSet<String>>,
}

/// Private-use markers around argument indices while Fluent formats, so arguments come back as parts.
const ARG_OPEN: char = '\u{F8F0}';
const ARG_CLOSE: char = '\u{F8F1}';

impl Ui {
    /// Interface strings for `lang` from the shipped catalogs.
    pub fn new(lang: &Lang) -> Ui {
        Ui::from_sources(lang, catalog(lang), include_str!("ftl/en.ftl"))
    }

    /// Interface strings from given FTL sources (`own` is `None` when the language has no catalog).
    pub fn from_sources(lang: &Lang, own: Option<&str>, fallback_src: &str) -> Ui {
        let fallback_lang = Lang::parse(FALLBACK).expect("valid tag");
        let catalog_file = format!("src/i18n/ftl/{}.ftl", lang.primary());
        let mut diags = Vec::new();
        let fallback = make_bundle(
            &fallback_lang,
            fallback_src,
            "src/i18n/ftl/en.ftl",
            &mut diags,
        );
        let bundle = match own {
            Some(src) if lang.as_str() != FALLBACK => {
                Some(make_bundle(lang, src, &catalog_file, &mut diags))
            }
            Some(_) => None,
            None => {
                diags.push(
                    Diagnostic::warning(
                        "i18n-catalog",
                        format!("no interface strings for `{lang}`; the {lang} pages use English ones"),
                    )
                    .lang(lang.as_str())
                    .hint(format!("add {catalog_file} (copy src/i18n/ftl/en.ftl and translate it) and list it in src/i18n/mod.rs")),
                );
                None
            }
        };
        Ui {
            lang: lang.clone(),
            fallback_lang,
            bundle,
            fallback,
            catalog_file,
            diags: RefCell::new(diags),
            reported: RefCell::new(BTreeSet::new()),
        }
    }

    /// The language these strings are for.
    pub fn lang(&self) -> &Lang {
        &self.lang
    }

    /// Formats message `id`; falls back to English (with a warning) when this language lacks it,
    /// and to the message ID itself (with an error) when English lacks it too: never empty.
    pub fn msg(&self, id: &str, args: &[(&str, Arg)]) -> Msg {
        if let Some(b) = &self.bundle {
            if let Some(parts) = self.format(b, id, args) {
                return Msg {
                    lang: self.lang.clone(),
                    parts,
                };
            }
            self.report_once(
                id,
                Diagnostic::warning(
                    "i18n-missing",
                    format!(
                        "interface string `{id}` is missing for `{}`; using the English one",
                        self.lang
                    ),
                )
                .file(&self.catalog_file)
                .lang(self.lang.as_str())
                .hint(format!("add `{id} = ...` to {}", self.catalog_file)),
            );
        }
        if let Some(parts) = self.format(&self.fallback, id, args) {
            return Msg {
                lang: self.fallback_lang.clone(),
                parts,
            };
        }
        self.report_once(
            &format!("{id} (en)"),
            Diagnostic::error(
                "i18n-missing",
                format!("interface string `{id}` is missing in English too"),
            )
            .file("src/i18n/ftl/en.ftl")
            .hint(format!("add `{id} = ...` to src/i18n/ftl/en.ftl")),
        );
        Msg {
            lang: self.fallback_lang.clone(),
            parts: vec![Part::Lit(id.to_string())],
        }
    }

    /// The plain text of message `id` (see [`Ui::msg`]).
    pub fn text(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.msg(id, args).text()
    }

    /// The name of `of` in this language (`lang-<tag>`, then `lang-<primary>`); the tag itself
    /// when no catalog names it.
    pub fn lang_name(&self, of: &Lang) -> Msg {
        for id in [format!("lang-{of}"), format!("lang-{}", of.primary())] {
            if let Some(b) = &self.bundle {
                if let Some(parts) = self.format(b, &id, &[]) {
                    return Msg {
                        lang: self.lang.clone(),
                        parts,
                    };
                }
            }
        }
        let english = format!("lang-{}", of.primary());
        if self.format(&self.fallback, &english, &[]).is_some() {
            // Reported like any other missing message.
            return self.msg(&english, &[]);
        }
        self.report_once(
            &english,
            Diagnostic::warning(
                "i18n-missing",
                format!("no catalog names the language `{of}`; its tag is shown instead"),
            )
            .file("src/i18n/ftl/en.ftl")
            .hint(format!(
                "add `{english} = ...` to src/i18n/ftl/en.ftl and the other catalogs"
            )),
        );
        Msg {
            lang: of.clone(),
            parts: vec![Part::Lit(of.to_string())],
        }
    }

    /// Everything found while formatting so far (each finding once).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.diags.borrow().clone()
    }

    fn report_once(&self, key: &str, d: Diagnostic) {
        if self.reported.borrow_mut().insert(key.to_string()) {
            self.diags.borrow_mut().push(d);
        }
    }

    fn format(&self, bundle: &Bundle, id: &str, args: &[(&str, Arg)]) -> Option<Vec<Part>> {
        let pattern = bundle.get_message(id)?.value()?;
        let mut fargs = FluentArgs::new();
        for (i, (name, arg)) in args.iter().enumerate() {
            match arg {
                Arg::Num(n) => fargs.set(*name, FluentValue::from(*n)),
                Arg::Text(_) => fargs.set(*name, format!("{ARG_OPEN}{i}{ARG_CLOSE}")),
            }
        }
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        if !errors.is_empty() {
            self.report_once(
                &format!("{id} format {}", bundle.locales[0]),
                Diagnostic::warning(
                    "i18n-format",
                    format!("interface string `{id}` did not format cleanly: {errors:?}"),
                )
                .lang(bundle.locales[0].to_string())
                .hint("check the message's arguments against the English catalog"),
            );
        }
        let parts = split_args(&out, args);
        let empty = parts
            .iter()
            .all(|p| matches!(p, Part::Lit(s) if s.trim().is_empty()));
        (!empty).then_some(parts)
    }
}

fn make_bundle(lang: &Lang, src: &str, file: &str, diags: &mut Vec<Diagnostic>) -> Bundle {
    let langid: unic_langid::LanguageIdentifier = lang
        .as_str()
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
    let mut bundle = FluentBundle::new(vec![langid]);
    // Isolation is done in markup (`<bdi>`), not with invisible U+2068/U+2069 marks.
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(src.to_string()) {
        Ok(r) => r,
        Err((r, errors)) => {
            diags.push(
                Diagnostic::error(
                    "i18n-syntax",
                    format!("{} syntax error(s): {errors:?}", errors.len()),
                )
                .file(file)
                .hint("fix the FTL syntax; the broken entries are left out"),
            );
            r
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        diags.push(
            Diagnostic::error(
                "i18n-syntax",
                format!("cannot load the catalog: {errors:?}"),
            )
            .file(file)
            .hint("message IDs must be unique"),
        );
    }
    bundle
}

fn split_args(formatted: &str, args: &[(&str, Arg)]) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = formatted;
    while let Some(open) = rest.find(ARG_OPEN) {
        let after = &rest[open + ARG_OPEN.len_utf8()..];
        let Some(close) = after.find(ARG_CLOSE) else {
            break;
        };
        if open > 0 {
            parts.push(Part::Lit(rest[..open].to_string()));
        }
        let idx: Option<usize> = after[..close].parse().ok();
        if let Some((_, Arg::Text(t))) = idx.and_then(|i| args.get(i)) {
            parts.push(Part::Arg(t.clone()));
        }
        rest = &after[close + ARG_CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        parts.push(Part::Lit(rest.to_string()));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(t: &str) -> Lang {
        Lang::parse(t).unwrap()
    }

    fn review(ui: &Ui, n: i64) -> String {
        ui.text("review-count", &[("count", Arg::Num(n))])
    }

    #[test]
    fn arabic_plurals_use_all_six_cldr_forms() {
        let ui = Ui::new(&lang("ar"));
        let got: Vec<String> = [0, 1, 2, 3, 11, 21, 100]
            .iter()
            .map(|n| review(&ui, *n))
            .collect();
        assert_eq!(
            got,
            [
                "لا توجد فقرات تحتاج إلى مراجعة", // zero
                "فقرة واحدة تحتاج إلى مراجعة",   // one
                "فقرتان تحتاجان إلى مراجعة",     // two
                "3 فقرات تحتاج إلى مراجعة",      // few (3-10)
                "11 فقرة تحتاج إلى مراجعة",      // many (11-99)
                "21 فقرة تحتاج إلى مراجعة",      // many
                "100 فقرة تحتاج إلى مراجعة",     // other
            ]
        );
        assert!(ui.diagnostics().is_empty(), "{:?}", ui.diagnostics());
    }

    #[test]
    fn russian_plurals_use_one_few_many() {
        let ui = Ui::new(&lang("ru"));
        let got: Vec<String> = [0, 1, 2, 3, 11, 21, 100]
            .iter()
            .map(|n| review(&ui, *n))
            .collect();
        assert_eq!(
            got,
            [
                "0 абзацев требуют проверки",   // many
                "1 абзац требует проверки",     // one
                "2 абзаца требуют проверки",    // few
                "3 абзаца требуют проверки",    // few
                "11 абзацев требуют проверки",  // many (11-14 are many, not one/few)
                "21 абзац требует проверки",    // one (ends in 1, not 11)
                "100 абзацев требуют проверки", // many
            ]
        );
    }

    #[test]
    fn english_plurals() {
        let ui = Ui::new(&lang("en"));
        assert_eq!(review(&ui, 1), "One paragraph needs review");
        assert_eq!(review(&ui, 0), "0 paragraphs need review");
        assert_eq!(review(&ui, 21), "21 paragraphs need review");
    }

    #[test]
    fn a_missing_message_falls_back_to_english_with_a_warning() {
        let ui = Ui::from_sources(
            &lang("ar"),
            Some("autonym = العربية\n"),
            include_str!("ftl/en.ftl"),
        );
        let m = ui.msg("contents", &[]);
        assert_eq!(m.text(), "Contents");
        assert_eq!(m.lang.as_str(), "en");
        // Asked twice, reported once.
        ui.msg("contents", &[]);
        let d = ui.diagnostics();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "i18n-missing");
        assert_eq!(d[0].severity, crate::diag::Severity::Warning);
        assert!(d[0].message.contains("`contents`"));
        // A message present in the language is not a fallback.
        assert_eq!(ui.msg("autonym", &[]).lang.as_str(), "ar");
    }

    #[test]
    fn an_empty_translation_counts_as_missing_never_an_empty_string() {
        let ui = Ui::from_sources(
            &lang("ru"),
            Some("contents = { \"\" }\n"),
            include_str!("ftl/en.ftl"),
        );
        assert_eq!(ui.text("contents", &[]), "Contents");
        assert_eq!(ui.diagnostics().len(), 1);
    }

    #[test]
    fn a_language_without_a_catalog_gets_english_and_one_warning() {
        let ui = Ui::new(&lang("de"));
        assert_eq!(ui.text("contents", &[]), "Contents");
        assert_eq!(ui.lang_name(&lang("de")).text(), "de");
        let codes: Vec<&str> = ui.diagnostics().iter().map(|d| d.code).collect();
        assert!(codes.contains(&"i18n-catalog"), "{codes:?}");
        assert!(ui.diagnostics().iter().all(|d| !d.is_error()));
    }

    #[test]
    fn unknown_message_everywhere_is_its_id_and_an_error() {
        let ui = Ui::new(&lang("ru"));
        assert_eq!(ui.text("no-such-message", &[]), "no-such-message");
        assert!(ui.diagnostics().iter().any(|d| d.is_error()));
    }

    #[test]
    fn text_arguments_come_back_as_parts_without_isolation_marks() {
        let ui = Ui::new(&lang("ar"));
        let m = ui.msg(
            "translated-by",
            &[
                ("source", Arg::Text("الإنجليزية".into())),
                ("names", Arg::Text("Jane Doe".into())),
            ],
        );
        assert!(m.parts.contains(&Part::Arg("Jane Doe".into())), "{m:?}");
        assert!(!m.text().contains('\u{2068}') && !m.text().contains('\u{2069}'));
        assert!(!m.text().contains(ARG_OPEN));
    }

    #[test]
    fn shipped_catalogs_parse_and_translate_every_english_message() {
        let ids: Vec<&str> = include_str!("ftl/en.ftl")
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id))
            .collect();
        assert!(ids.len() > 20);
        for l in catalog_langs() {
            let ui = Ui::new(&l);
            for id in &ids {
                let m = ui.msg(id, &[("count", Arg::Num(2))]);
                assert_eq!(m.lang, l, "{id} missing in {l}");
            }
            assert!(
                ui.diagnostics()
                    .iter()
                    .all(|d| d.code != "i18n-missing" && d.code != "i18n-syntax"),
                "{l}: {:?}",
                ui.diagnostics()
            );
        }
    }
}
