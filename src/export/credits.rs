//! The credits of an edition's front matter in the edition's own language (issue 18): the
//! "translated from … by …" line and the stated publication date, the same words in the HTML
//! pages, the EPUB books and the PDF title pages. The source fingerprint is not a credit: it
//! stays in metadata (OPF, PDF keywords) and in the HTML colophon.

use crate::export::xhtml;
use crate::i18n::{Arg, Msg, Part, Ui};
use crate::model::{Edition, Lang};

/// "Translated from English by A, B." in `ui`'s language for the edition's document in `lang`
/// (the names are the translators of `lang`); `None` for the source language.
pub fn credit(edition: &Edition, lang: &Lang, ui: &Ui) -> Option<Msg> {
    if *lang == edition.source_lang {
        return None;
    }
    let msg = credit_in(edition, lang, ui, ui);
    if msg.lang == *ui.lang() {
        return Some(msg);
    }
    // The line fell back to English: the source language is named in English too, not in
    // CLDR's name for the edition's language inside an English sentence.
    let words = Ui::new(&msg.lang);
    Some(credit_in(edition, lang, ui, &words))
}

/// The credit line with the source language named by `names`.
fn credit_in(edition: &Edition, lang: &Lang, ui: &Ui, names: &Ui) -> Msg {
    let source = Arg::Text(names.source_name(&edition.source_lang).text());
    let translators: Vec<&str> = edition
        .translators
        .get(lang)
        .map(|ps| ps.iter().map(|p| p.name.as_str()).collect())
        .unwrap_or_default();
    if translators.is_empty() {
        ui.msg("translated-from", &[("source", source)])
    } else {
        let sep = ui.text("list-separator", &[]);
        ui.msg(
            "translated-by",
            &[
                ("source", source),
                ("names", Arg::Text(translators.join(&sep))),
            ],
        )
    }
}

/// "Published <date>" with the date in `ui`'s language, when `edition.toml` states one.
pub fn published(edition: &Edition, ui: &Ui) -> Option<Msg> {
    let iso = edition.i18n.published.as_deref()?;
    Some(ui.msg("published", &[("date", Arg::Text(ui.date(iso)))]))
}

/// The publication line as XHTML in a context of `ctx_lang`: the date a `<time>` carrying its
/// ISO form, the line marked with its language when it fell back to English.
pub fn published_xhtml(edition: &Edition, ui: &Ui, ctx_lang: &Lang, out: &mut String) -> bool {
    let (Some(iso), Some(msg)) = (edition.i18n.published.as_deref(), published(edition, ui)) else {
        return false;
    };
    let foreign = msg.lang != *ctx_lang;
    if foreign {
        out.push_str("<span");
        xhtml::lang_attrs(out, &msg.lang, true);
        out.push('>');
    }
    for part in &msg.parts {
        match part {
            Part::Lit(s) => xhtml::push_text(out, s),
            Part::Arg(s) => {
                out.push_str("<bdi><time datetime=\"");
                xhtml::push_attr(out, iso);
                out.push_str("\">");
                xhtml::push_text(out, s);
                out.push_str("</time></bdi>");
            }
        }
    }
    if foreign {
        out.push_str("</span>");
    }
    true
}

/// The front-matter credits of a book as XHTML (`<div class="credits">`): the authors (when
/// `authors`), the credit line and the stated date, in the document's language; empty when
/// there is nothing to say.
pub fn front_matter_xhtml(edition: &Edition, lang: &Lang, ui: &Ui, authors: bool) -> String {
    let mut lines: Vec<String> = Vec::new();
    if authors && !edition.authors.is_empty() {
        // The names as `edition.toml` writes them: in the source language's script.
        let src = &edition.source_lang;
        let mut s = String::new();
        if src != lang {
            s.push_str("<span");
            xhtml::lang_attrs(&mut s, src, true);
            s.push('>');
        }
        xhtml::plain_text(&edition.authors.join(", "), src, &mut s);
        if src != lang {
            s.push_str("</span>");
        }
        lines.push(s);
    }
    if let Some(msg) = credit(edition, lang, ui) {
        let mut s = String::new();
        xhtml::ui(&msg, lang, &mut s);
        lines.push(s);
    }
    let mut s = String::new();
    if published_xhtml(edition, ui, lang, &mut s) {
        lines.push(s);
    }
    if lines.is_empty() {
        return String::new();
    }
    let mut out = String::from("<div class=\"credits\"");
    xhtml::lang_attrs(&mut out, lang, true);
    out.push_str(">\n");
    for l in lines {
        out.push_str("<p>");
        out.push_str(&l);
        out.push_str("</p>\n");
    }
    out.push_str("</div>\n");
    out
}
