//! The typography pass (issue 18): each language's no-break rules, applied to an edition's
//! inlines at export time, before every exporter (HTML, EPUB, PDF); translation files stay as
//! written.
//!
//! The pass only ever replaces an inter-word [`Inline::Space`] (or soft break) by a no-break
//! space (`Str("\u{a0}")`), and puts word joiners (U+2060) around the slash of a double Arabic
//! month name. Which rules apply is decided by the language of the text: the document's, or
//! the nearest `lang` attribute of an enclosing `Div` or `Span` (a stand-in segment, a foreign
//! phrase). Rules, by primary language subtag:
//!
//! - every language: no break before a spaced dash (`слово — слово`, `word – word`), so no line
//!   starts with a dash;
//! - `ru` (and the other Cyrillic-script languages): after a one-letter word (`в`, `к`, `с`,
//!   `и`, `а`, `о`, `у`, `я`…), between a number and its unit, `года`/`г.`/month name, and in
//!   initials (`А. С. Пушкин`);
//! - `ar` (and the other Arabic-script languages): inside a date (`15 تشرين الأول/أكتوبر 2025`
//!   is one unbreakable run, with word joiners around the slash);
//! - `en` (and the other Latin-script languages): after `p.`, `pp.`, `No.`, `vol.`, `ch.`,
//!   `fig.`, `§`, before a unit after a number, and in initials (`J. R. Smith`).

use crate::model::{Edition, Lang, Script};
use pandoc_ast::{Block, Inline, MutVisitor, Pandoc};
use std::sync::Arc;

/// The no-break space every rule inserts.
pub const NBSP: char = '\u{a0}';
/// The word joiner put on both sides of the slash of a double month name.
pub const WORD_JOINER: char = '\u{2060}';

/// The edition with every document's typography pass applied: in place where the edition is
/// a document's only owner (a build lets go of its other shares first), on a copy where the
/// document is shared, so whoever else holds it sees it unchanged.
pub fn edition(mut edition: Edition) -> Edition {
    for d in &mut edition.docs {
        let doc = Arc::make_mut(d);
        apply(&mut doc.ast, &doc.lang);
    }
    edition
}

/// Applies the rules to every block of `doc`, whose text is in `lang` unless marked otherwise.
pub fn apply(doc: &mut Pandoc, lang: &Lang) {
    let mut pass = Pass {
        langs: vec![lang.clone()],
    };
    pass.visit_vec_block(&mut doc.blocks);
}

struct Pass {
    /// The language of the text being walked, innermost last.
    langs: Vec<Lang>,
}

/// The language an element's `lang` attribute gives, if any (invalid tags are ignored).
fn lang_of(attr: &pandoc_ast::Attr) -> Option<Lang> {
    crate::pandoc::attr_get(attr, "lang").and_then(|t| Lang::parse(t).ok())
}

impl MutVisitor for Pass {
    fn visit_block(&mut self, block: &mut Block) {
        match block {
            Block::CodeBlock(..) | Block::RawBlock(..) => {}
            Block::Div(attr, _) => match lang_of(attr) {
                Some(l) => {
                    self.langs.push(l);
                    self.walk_block(block);
                    self.langs.pop();
                }
                None => self.walk_block(block),
            },
            _ => self.walk_block(block),
        }
    }

    fn visit_inline(&mut self, inline: &mut Inline) {
        match inline {
            Inline::Span(attr, _) => match lang_of(attr) {
                Some(l) => {
                    self.langs.push(l);
                    self.walk_inline(inline);
                    self.langs.pop();
                }
                None => self.walk_inline(inline),
            },
            _ => self.walk_inline(inline),
        }
    }

    fn visit_vec_inline(&mut self, inlines: &mut Vec<Inline>) {
        self.walk_vec_inline(inlines);
        if let Some(lang) = self.langs.last() {
            inlines_pass(inlines, lang);
        }
    }
}

/// The rules on one run of inlines (children are done by the walk).
pub fn inlines_pass(inlines: &mut [Inline], lang: &Lang) {
    let rules = Rules::of(lang);
    for i in 1..inlines.len().saturating_sub(1) {
        if !matches!(inlines[i], Inline::Space | Inline::SoftBreak) {
            continue;
        }
        let prev = last_text(&inlines[i - 1]);
        let next = first_text(&inlines[i + 1]);
        if let (Some(p), Some(n)) = (prev, next) {
            if rules.keep_together(p, n) {
                inlines[i] = Inline::Str(NBSP.to_string());
            }
        }
    }
    for inline in inlines.iter_mut() {
        if let Inline::Str(s) = inline {
            if let Some(glued) = glue_dashes(s) {
                *s = glued;
            }
        }
    }
    if rules.script == Script::Arabic {
        for inline in inlines.iter_mut() {
            if let Inline::Str(s) = inline {
                if let Some(joined) = join_month_slash(s) {
                    *s = joined;
                }
            }
        }
    }
}

/// An unspaced em dash (`States—to`) kept with the word before it: a line may end with the
/// dash, never start with it (every language).
fn glue_dashes(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len() + 3);
    let mut prev: Option<char> = None;
    let mut changed = false;
    for c in s.chars() {
        if c == '—' && prev.is_some_and(|p| !p.is_whitespace() && p != WORD_JOINER && p != '—')
        {
            out.push(WORD_JOINER);
            changed = true;
        }
        out.push(c);
        prev = Some(c);
    }
    changed.then_some(out)
}

/// The text at the end of an inline, as far as the rules look (a word, a number).
fn last_text(inline: &Inline) -> Option<&str> {
    match inline {
        Inline::Str(s) => Some(s),
        Inline::Emph(c) | Inline::Strong(c) | Inline::Span(_, c) | Inline::Quoted(_, c) => {
            c.last().and_then(last_text)
        }
        _ => None,
    }
}

/// The text at the start of an inline (a citation or link counts as text for the dash rule).
fn first_text(inline: &Inline) -> Option<&str> {
    match inline {
        Inline::Str(s) => Some(s),
        Inline::Emph(c)
        | Inline::Strong(c)
        | Inline::Span(_, c)
        | Inline::Link(_, c, _)
        | Inline::Cite(_, c) => c.first().and_then(first_text),
        Inline::Quoted(..) => Some("\u{201c}"),
        _ => None,
    }
}

/// The rules of a language.
struct Rules {
    script: Script,
    primary: String,
}

impl Rules {
    fn of(lang: &Lang) -> Rules {
        Rules {
            script: lang.script(),
            primary: lang.primary().to_ascii_lowercase(),
        }
    }

    /// Whether the space between `prev` and `next` must not break.
    fn keep_together(&self, prev: &str, next: &str) -> bool {
        if is_dash(next) {
            return true;
        }
        match self.script {
            Script::Cyrillic => {
                one_letter_word(prev)
                    || initial(prev) && starts_upper(next)
                    || number(prev) && list_has(RU_UNITS, next)
            }
            Script::Arabic => arabic_date_join(prev, next),
            Script::Latin if self.primary == "en" => {
                list_has(EN_ABBREVIATIONS, prev)
                    || initial(prev) && starts_upper(next)
                    || number(prev) && list_has(EN_UNITS, next)
            }
            _ => false,
        }
    }
}

/// A spaced dash: a token that is a dash (em or en) and nothing else but closing punctuation.
fn is_dash(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('\u{2014}' | '\u{2013}'))
        && chars.all(|c| c.is_ascii_punctuation() || c == '\u{a0}')
}

/// Trailing and leading punctuation of a word stripped (quotes, brackets, commas).
fn bare(s: &str) -> &str {
    s.trim_matches(|c: char| {
        matches!(
            c,
            '«' | '»'
                | '„'
                | '“'
                | '”'
                | '"'
                | '\''
                | '('
                | ')'
                | '['
                | ']'
                | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '،'
                | '؛'
        )
    })
}

/// A one-letter word (a preposition, conjunction or particle): `в`, `(к`, `«и`. A number is not one.
fn one_letter_word(s: &str) -> bool {
    let s = s.trim_start_matches(['«', '„', '“', '"', '(', '[']);
    let mut chars = s.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

/// An initial: one capital letter and a full stop (`А.`, `J.`).
fn initial(s: &str) -> bool {
    let s = s.trim_start_matches(['«', '„', '“', '"', '(']);
    let mut chars = s.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase())
}

fn starts_upper(s: &str) -> bool {
    bare(s).chars().next().is_some_and(char::is_uppercase)
}

/// A number: digits (any script), with `.`, `,`, `-`, `–` inside (`2025`, `1,5`, `1990–1991`).
fn number(s: &str) -> bool {
    let s = bare(s);
    s.chars().next().is_some_and(char::is_numeric)
        && s.chars().last().is_some_and(char::is_numeric)
        && s.chars()
            .all(|c| c.is_numeric() || matches!(c, '.' | ',' | '-' | '\u{2013}' | '\u{a0}'))
}

/// Whether `word` (punctuation around it stripped, but a final full stop kept for `г.`) is in `list`.
fn list_has(list: &[&str], word: &str) -> bool {
    let w = bare(word);
    let lower = w.to_lowercase();
    list.contains(&lower.as_str()) || list.contains(&lower.trim_end_matches('.'))
}

/// Units and counted words that stay with the number before them (Russian).
const RU_UNITS: &[&str] = &[
    "год",
    "года",
    "году",
    "годом",
    "годах",
    "г.",
    "гг.",
    "г",
    "гг",
    "лет",
    "век",
    "века",
    "веке",
    "в.",
    "вв.",
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
    "км",
    "м",
    "см",
    "мм",
    "кг",
    "т",
    "л",
    "га",
    "%",
    "млн",
    "млрд",
    "тыс.",
    "трлн",
    "руб.",
    "долл.",
    "ч",
    "мин",
    "с",
    "°c",
    "км²",
    "м²",
    "шт.",
    "чел.",
    "стр.",
    "с.",
];

/// Abbreviations that stay with what follows them (English).
const EN_ABBREVIATIONS: &[&str] = &[
    "p.", "pp.", "no.", "nos.", "vol.", "vols.", "ch.", "fig.", "figs.", "sec.", "art.", "§", "¶",
    "mr.", "mrs.", "ms.", "dr.", "st.",
];

/// Units that stay with the number before them (English).
const EN_UNITS: &[&str] = &[
    "km", "m", "cm", "mm", "kg", "g", "mg", "t", "l", "ml", "mi", "ft", "lb", "mph", "km/h", "%",
    "°c", "°f", "kb", "mb", "gb", "tb", "ms", "s", "min", "h", "hz", "khz", "mhz", "ghz", "kw",
    "mw", "gw", "v", "bn",
];

/// Month names in Arabic: the Levantine/Iraqi Syriac names and the Egyptian/Gulf
/// transliterated ones, and the words that make up a two-word name (`تشرين الأول`).
const AR_MONTH_WORDS: &[&str] = &[
    "كانون",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين",
    "الأول",
    "الثاني",
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ابريل",
    "إبريل",
    "مايو",
    "يونيو",
    "يونيه",
    "يوليو",
    "يوليه",
    "أغسطس",
    "اغسطس",
    "سبتمبر",
    "أكتوبر",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// A month-name token: every `/`-separated part is a month word (`الأول/أكتوبر`, `آذار/مارس`).
fn arabic_month(s: &str) -> bool {
    let s = bare(s).trim_end_matches(['،', '.', '؛']);
    let s: String = s.chars().filter(|c| *c != WORD_JOINER).collect();
    !s.is_empty() && s.split('/').all(|p| AR_MONTH_WORDS.contains(&p))
}

/// Inside an Arabic date: day–month, month–month (two-word names) and month–year.
fn arabic_date_join(prev: &str, next: &str) -> bool {
    (number(prev) && arabic_month(next))
        || (arabic_month(prev) && arabic_month(next))
        || (arabic_month(prev) && number(next))
}

/// `الأول/أكتوبر` -> `الأول⁠/⁠أكتوبر` (no break at the slash); `None` when `s` is no double month.
fn join_month_slash(s: &str) -> Option<String> {
    if !s.contains('/') || s.contains(WORD_JOINER) || !arabic_month(s) {
        return None;
    }
    Some(s.replace('/', &format!("{WORD_JOINER}/{WORD_JOINER}")))
}

#[cfg(test)]
#[path = "typography_tests.rs"]
mod tests;
