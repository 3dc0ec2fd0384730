//! Interface strings from Fluent bundles per language (`ftl/<lang>.ftl`, embedded), with CLDR plural
//! rules and an English fallback: a message missing in one language is taken from English with a
//! warning diagnostic, never shown as an empty string.
//!
//! A project's `i18n/<lang>.ftl` adds or overrides messages of the shipped catalog ([`Ui::of`]);
//! language names and autonyms no catalog gives come from CLDR ([`cldr`]), and so do dates.
//!
//! Fluent's own bidi isolation marks (U+2068/U+2069 around placeables) are turned off: text
//! arguments come back as separate [`Part::Arg`]s so the markup layer isolates them with elements
//! (`<bdi>`), which survive copy-paste and are what HTML, EPUB and screen readers understand.

pub mod cldr;

use crate::diag::Diagnostic;
use crate::model::{ArabicMonths, Edition, Lang};
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
    months: ArabicMonths,
    diags: RefCell<Vec<Diagnostic>>,
    reported: RefCell<BTreeSet<String>>,
    /// Messages taken from English: reported in one warning naming the catalog.
    missing: RefCell<BTreeSet<String>>,
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
        Ui::layered(lang, own, None, fallback_src)
    }

    /// Interface strings for `lang` in an edition: the shipped catalog with the project's
    /// `i18n/<lang>.ftl` over it, and the edition's date style.
    pub fn of(edition: &Edition, lang: &Lang) -> Ui {
        let project = edition.i18n.catalogs.get(lang).map(String::as_str);
        let mut ui = Ui::layered(lang, catalog(lang), project, include_str!("ftl/en.ftl"));
        ui.months = edition.i18n.arabic_months;
        ui
    }

    /// The shipped catalog `own`, the project's `project` over it (messages it has replace the
    /// shipped ones), English under both.
    pub fn layered(
        lang: &Lang,
        own: Option<&str>,
        project: Option<&str>,
        fallback_src: &str,
    ) -> Ui {
        let fallback_lang = Lang::parse(FALLBACK).expect("valid tag");
        let project_file = format!("i18n/{lang}.ftl");
        let catalog_file = match project {
            Some(_) => project_file.clone(),
            None => format!("src/i18n/ftl/{}.ftl", lang.primary()),
        };
        let mut diags = Vec::new();
        let english = lang.as_str() == FALLBACK;
        let mut fallback = make_bundle(
            &fallback_lang,
            fallback_src,
            "src/i18n/ftl/en.ftl",
            &mut diags,
        );
        let bundle = match (own, project) {
            (_, Some(p)) if english => {
                add_overriding(&mut fallback, p, &project_file, &mut diags);
                None
            }
            (Some(_), None) if english => None,
            (None, None) => {
                diags.push(
                    Diagnostic::warning(
                        "i18n-catalog",
                        format!("no interface strings for `{lang}`; the {lang} pages use English ones (language names and dates come from CLDR)"),
                    )
                    .lang(lang.as_str())
                    .hint(format!("add {project_file} to the project (copy src/i18n/ftl/en.ftl and translate it)")),
                );
                None
            }
            (own, project) => {
                let mut b = make_bundle(lang, own.unwrap_or(""), &catalog_file, &mut diags);
                if let Some(p) = project {
                    add_overriding(&mut b, p, &project_file, &mut diags);
                }
                Some(b)
            }
        };
        Ui {
            lang: lang.clone(),
            fallback_lang,
            bundle,
            fallback,
            catalog_file,
            months: ArabicMonths::default(),
            diags: RefCell::new(diags),
            reported: RefCell::new(BTreeSet::new()),
            missing: RefCell::new(BTreeSet::new()),
        }
    }

    /// A `YYYY-MM-DD` date in this language (CLDR long style); the ISO date when it is not one.
    pub fn date(&self, iso: &str) -> String {
        cldr::format_date(&self.lang, iso, self.months).unwrap_or_else(|| iso.to_string())
    }

    /// This language's name for itself, for a language switcher: its catalog's `autonym`, else
    /// CLDR's (capitalized), else the tag.
    pub fn autonym(&self) -> String {
        let own = match &self.bundle {
            Some(b) => self.format(b, "autonym", &[]),
            None if self.lang.as_str() == FALLBACK => self.format(&self.fallback, "autonym", &[]),
            None => None,
        };
        match own {
            Some(parts) => Msg {
                lang: self.lang.clone(),
                parts,
            }
            .text(),
            None => cldr::autonym(&self.lang).unwrap_or_else(|| self.lang.to_string()),
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
            self.missing.borrow_mut().insert(id.to_string());
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

    /// The name of `of` in this language (`lang-<tag>`, then `lang-<primary>` of its catalog,
    /// then CLDR's name); English's, else the tag itself, when neither names it.
    pub fn lang_name(&self, of: &Lang) -> Msg {
        let own = match &self.bundle {
            Some(b) => Some(b),
            None if self.lang.as_str() == FALLBACK => Some(&self.fallback),
            None => None,
        };
        for id in [format!("lang-{of}"), format!("lang-{}", of.primary())] {
            if let Some(parts) = own.and_then(|b| self.format(b, &id, &[])) {
                return Msg {
                    lang: self.lang.clone(),
                    parts,
                };
            }
        }
        if let Some(name) = cldr::language_name(&self.lang, of) {
            return Msg {
                lang: self.lang.clone(),
                parts: vec![Part::Lit(name)],
            };
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

    /// The name of the source language `of` as "translated from" takes it: the catalog's
    /// `lang-from-<primary>` where the language declines it (Russian «с английского»), else
    /// [`Ui::lang_name`].
    pub fn source_name(&self, of: &Lang) -> Msg {
        let id = format!("lang-from-{}", of.primary());
        if let Some(parts) = self.bundle.as_ref().and_then(|b| self.format(b, &id, &[])) {
            return Msg {
                lang: self.lang.clone(),
                parts,
            };
        }
        self.lang_name(of)
    }

    /// Everything found while formatting so far (each finding once; the messages taken from
    /// English in one warning naming the catalog).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut d = self.diags.borrow().clone();
        let missing = self.missing.borrow();
        if !missing.is_empty() {
            let ids: Vec<String> = missing.iter().map(|i| format!("`{i}`")).collect();
            d.push(
                Diagnostic::warning(
                    "i18n-missing",
                    format!(
                        "{} lacks {} interface string(s) for `{}`, shown in English: {}",
                        self.catalog_file,
                        ids.len(),
                        self.lang,
                        ids.join(", ")
                    ),
                )
                .file(&self.catalog_file)
                .lang(self.lang.as_str())
                .hint(format!(
                    "add them to {} (their English text is in src/i18n/ftl/en.ftl)",
                    self.catalog_file
                )),
            );
        }
        d
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
    let resource = parse_resource(src, file, diags);
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

/// A catalog's messages; a syntax error is reported and only the broken entries are left out.
fn parse_resource(src: &str, file: &str, diags: &mut Vec<Diagnostic>) -> FluentResource {
    FluentResource::try_new(src.to_string()).unwrap_or_else(|(r, errors)| {
        diags.push(
            Diagnostic::error(
                "i18n-syntax",
                format!("{} syntax error(s): {errors:?}", errors.len()),
            )
            .file(file)
            .hint("fix the FTL syntax; the broken entries are left out"),
        );
        r
    })
}

/// Adds a project catalog over a bundle: its messages replace the bundle's.
fn add_overriding(bundle: &mut Bundle, src: &str, file: &str, diags: &mut Vec<Diagnostic>) {
    let resource = parse_resource(src, file, diags);
    bundle.add_resource_overriding(resource);
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
        // Language names come from CLDR all the same.
        assert_eq!(ui.lang_name(&lang("de")).text(), "Deutsch");
        assert_eq!(ui.autonym(), "Deutsch");
        let codes: Vec<&str> = ui.diagnostics().iter().map(|d| d.code).collect();
        assert!(codes.contains(&"i18n-catalog"), "{codes:?}");
        assert!(ui.diagnostics().iter().all(|d| !d.is_error()));
    }

    #[test]
    fn issue17_a_project_catalog_adds_and_overrides_with_one_warning_naming_it() {
        // French has no shipped catalog: the project's gives "Sommaire"; what it lacks is
        // English, reported once for the whole catalog.
        let fr = Ui::layered(
            &lang("fr"),
            None,
            Some("contents = Sommaire\n"),
            include_str!("ftl/en.ftl"),
        );
        assert_eq!(fr.text("contents", &[]), "Sommaire");
        assert_eq!(fr.text("languages", &[]), "Languages");
        assert_eq!(fr.text("skip-to-content", &[]), "Skip to the text");
        assert_eq!(fr.autonym(), "Français");
        assert_eq!(fr.lang_name(&lang("ar")).text(), "arabe");
        let d = fr.diagnostics();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].severity, crate::diag::Severity::Warning);
        assert!(
            d[0].message.contains("i18n/fr.ftl")
                && d[0].message.contains("`languages`")
                && d[0].message.contains("`skip-to-content`"),
            "{}",
            d[0].message
        );
        // Over a shipped catalog, the project's messages win and the others stay.
        let ru = Ui::layered(
            &lang("ru"),
            catalog(&lang("ru")),
            Some("contents = Оглавление\nautonym = Русский язык\n"),
            include_str!("ftl/en.ftl"),
        );
        assert_eq!(ru.text("contents", &[]), "Оглавление");
        assert_eq!(ru.text("languages", &[]), "Языки");
        assert_eq!(ru.autonym(), "Русский язык");
        assert!(ru.diagnostics().is_empty(), "{:?}", ru.diagnostics());
        // English itself can be overridden.
        let en = Ui::layered(
            &lang("en"),
            catalog(&lang("en")),
            Some("contents = Table of contents\n"),
            include_str!("ftl/en.ftl"),
        );
        assert_eq!(en.text("contents", &[]), "Table of contents");
        assert_eq!(en.lang_name(&lang("fr")).text(), "French");
    }

    #[test]
    fn issue18_russian_credit_line_declines_the_source_language() {
        let ru = Ui::new(&lang("ru"));
        let source = ru.source_name(&lang("en")).text();
        assert_eq!(
            ru.text("translated-from", &[("source", Arg::Text(source))]),
            "Перевод с английского."
        );
        let ar = Ui::new(&lang("ar"));
        assert!(ar
            .text("status-stale", &[("source", Arg::Text("x".into()))])
            .starts_with("ترجمة غير محدَّثة"));
        assert!(ar
            .text("segment-link", &[("language", Arg::Text("x".into()))])
            .starts_with("هذا المقطع"));
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
