//! Incremental builds: what each edition is built from, hashed, so that a build whose inputs for
//! an edition are unchanged can leave it as it is ("up to date").
//!
//! An edition's inputs are the stele version and code fingerprint (`build.rs`: a change to stele's
//! code, styles, catalogs or fonts rebuilds everything), its format, the export options, the edition's
//! metadata (identifier, date, authors, publisher, source fingerprint, translators, the list of
//! languages its language switchers name) and the ASTs of the documents it contains. Editing
//! `translations/ar.md` changes the Arabic AST only, so only editions that contain Arabic change.
//! The facing-page PDFs (issue 20, planned when `[pdf] facing` is on) also hash `facing_first`,
//! which no other edition does.

use super::Format;
use crate::model::{Edition, Lang};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// One edition a format's exporter will write, with the languages it contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Path relative to the output directory, `/`-separated (`pdf/en-ar.pdf`).
    pub path: String,
    pub langs: Vec<Lang>,
}

/// The editions `format` writes for `edition` with these selected languages (empty: all), in the
/// exporters' naming; `facing`: the facing-page PDFs are built too (issue 20). An edition missing
/// here is simply always rebuilt.
pub fn planned(format: Format, edition: &Edition, selected: &[Lang], facing: bool) -> Vec<Planned> {
    let langs: Vec<Lang> = edition
        .langs()
        .into_iter()
        .filter(|l| selected.is_empty() || selected.contains(l))
        .collect();
    let src = &edition.source_lang;
    let mut out: Vec<Planned> = langs
        .iter()
        .map(|l| Planned {
            path: format!("{}/{l}.{}", format.name(), ext(format)),
            langs: vec![l.clone()],
        })
        .collect();
    match format {
        Format::Html => {
            if langs.len() >= 2 {
                out.push(Planned {
                    path: "html/parallel.html".into(),
                    langs: langs.clone(),
                });
            }
            // the fonts of the pages (issue 18): up to date like the pages, by the code fingerprint
            let refs: Vec<&Lang> = langs.iter().collect();
            out.extend(
                crate::export::html::font_files(&refs)
                    .into_iter()
                    .chain(crate::export::html::media_files(edition, &refs))
                    .map(|f| Planned {
                        path: f.path.to_string_lossy().replace('\\', "/"),
                        langs: f.langs,
                    }),
            );
        }
        Format::Epub | Format::Pdf => {
            for l in langs.iter().filter(|l| *l != src) {
                out.push(Planned {
                    path: format!("{}/{src}-{l}.{}", format.name(), ext(format)),
                    langs: vec![src.clone(), l.clone()],
                });
            }
            if format == Format::Pdf && facing {
                for l in langs.iter().filter(|l| *l != src) {
                    out.push(Planned {
                        path: format!("pdf/{src}-{l}-facing.pdf"),
                        langs: vec![src.clone(), l.clone()],
                    });
                }
            }
        }
    }
    out
}

fn ext(format: Format) -> &'static str {
    match format {
        Format::Html => "html",
        Format::Epub => "epub",
        Format::Pdf => "pdf",
    }
}

/// Hashes of what goes into each edition, computed once per build (each document's AST is
/// serialized and hashed once, however many editions contain it).
pub struct Inputs {
    common: String,
    docs: BTreeMap<Lang, String>,
    /// What only the facing-page PDFs are built from (issue 20): `[pdf] facing_first`.
    facing: String,
}

/// SHA-256 of a document's JSON ([`crate::pandoc::to_json`]), hashed as it is written: the
/// JSON of a book is six times its text, and it was held only to be hashed (issue 12).
fn json_digest(ast: &pandoc_ast::Pandoc) -> Vec<u8> {
    use std::io::Write;
    let mut h = Sha256::new();
    let mut w = std::io::BufWriter::with_capacity(1 << 16, &mut h);
    crate::pandoc::write_json(ast, &mut w)
        .and_then(|()| w.flush())
        .expect("writing to a hasher never fails");
    drop(w);
    h.finalize().to_vec()
}

impl Inputs {
    /// `options` describes everything of the request and environment that changes output (the
    /// caller's export options, `SOURCE_DATE_EPOCH`).
    pub fn new(edition: &Edition, options: &str) -> Inputs {
        let meta = serde_json::json!({
            "stele": env!("CARGO_PKG_VERSION"),
            "code": env!("STELE_CODE_FINGERPRINT"),
            "id": edition.id,
            "source_lang": edition.source_lang.as_str(),
            "langs": edition.langs().iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            "authors": edition.authors,
            "publisher": edition.publisher,
            "date": edition.date,
            "source_fingerprint": edition.source_fingerprint,
            "translators": edition.translators.iter().map(|(l, ps)| (l.as_str(), ps.iter().map(|p| (p.name.as_str(), p.role.as_deref())).collect::<Vec<_>>())).collect::<Vec<_>>(),
            "options": options,
            // A project catalog changes interface strings and the autonyms in every switcher.
            "catalogs": edition.i18n.catalogs.iter().map(|(l, t)| (l.as_str(), crate::normalize::hex(&Sha256::digest(t.as_bytes())))).collect::<Vec<_>>(),
            "published": edition.i18n.published,
            "arabic_months": edition.i18n.arabic_months,
            // Issue 16: an image's stable name is a hash of its content.
            "media": edition.media.iter().map(|(t, m)| (t.as_str(), m.name.as_str())).collect::<Vec<_>>(),
        });
        let docs = edition
            .docs
            .iter()
            .map(|d| (d.lang.clone(), crate::normalize::hex(&json_digest(&d.ast))))
            .collect();
        Inputs {
            common: meta.to_string(),
            docs,
            facing: String::new(),
        }
    }

    /// The facing-page PDFs' own options (issue 20: which language comes first). Only their
    /// inputs hash it, so turning facing on or changing `facing_first` leaves the other editions
    /// up to date.
    pub fn with_facing(mut self, options: &str) -> Inputs {
        self.facing = options.to_string();
        self
    }

    /// The hash of one planned edition's inputs.
    pub fn of(&self, format: Format, planned: &Planned) -> String {
        let mut h = Sha256::new();
        h.update(self.common.as_bytes());
        h.update(format.name().as_bytes());
        h.update(planned.path.as_bytes());
        if planned.path.ends_with("-facing.pdf") {
            h.update(b"|facing=");
            h.update(self.facing.as_bytes());
        }
        // The fonts' files depend on which languages are shown, never on the text (issue 18):
        // editing a translation leaves them up to date.
        let reads_text = !planned.path.starts_with("html/fonts/");
        for l in &planned.langs {
            h.update(l.as_str().as_bytes());
            if !reads_text {
                continue;
            }
            h.update(
                self.docs
                    .get(l)
                    .map(String::as_str)
                    .unwrap_or("-")
                    .as_bytes(),
            );
        }
        crate::normalize::hex(&h.finalize())[..16].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_digest_hashes_the_bytes_of_to_json_issue_12() {
        let mut ast = crate::pandoc::new_doc();
        let words = "word ".repeat(40_000);
        ast.blocks
            .push(pandoc_ast::Block::Para(crate::pandoc::text_inlines(&words)));
        let json = crate::pandoc::to_json(&ast);
        assert!(json.len() > 1 << 16, "spans more than one buffer");
        assert_eq!(json_digest(&ast), Sha256::digest(json.as_bytes()).to_vec());
    }

    fn l(t: &str) -> Lang {
        Lang::parse(t).unwrap()
    }

    /// An edition of English with Arabic and Russian translations (empty documents).
    fn edition() -> Edition {
        let doc = |t: &str| {
            std::sync::Arc::new(crate::model::Document {
                lang: l(t),
                ast: crate::pandoc::new_doc(),
            })
        };
        crate::pandoc::table::with_table(Edition {
            id: "x".into(),
            source_lang: l("en"),
            docs: vec![doc("en"), doc("ar"), doc("ru")],
            table: Default::default(),
            cites: Default::default(),
            authors: vec![],
            publisher: None,
            date: "2025-01-01".into(),
            modified: crate::model::modified_from_date("2025-01-01"),
            source_fingerprint: "f".into(),
            translators: Default::default(),
            i18n: Default::default(),
            media: Default::default(),
        })
    }

    #[test]
    fn issue_13_planned_editions_follow_the_exporters_names() {
        let e = edition();
        let paths = |f, sel: &[Lang]| -> Vec<String> {
            planned(f, &e, sel, false)
                .into_iter()
                .map(|p| p.path)
                .collect()
        };
        assert_eq!(
            paths(Format::Pdf, &[]),
            [
                "pdf/en.pdf",
                "pdf/ar.pdf",
                "pdf/ru.pdf",
                "pdf/en-ar.pdf",
                "pdf/en-ru.pdf"
            ]
        );
        let html = paths(Format::Html, &[l("en"), l("ar")]);
        assert_eq!(
            html[..3],
            ["html/en.html", "html/ar.html", "html/parallel.html"]
        );
        // then the fonts the pages use (issue 18), Amiri with Arabic
        assert!(html[3..].iter().all(|p| p.starts_with("html/fonts/")));
        assert!(html.contains(&"html/fonts/Amiri-Regular.ttf".to_string()));
        let inputs = Inputs::new(&e, "opts");
        let p = &planned(Format::Pdf, &e, &[], false)[3];
        assert_eq!(inputs.of(Format::Pdf, p), inputs.of(Format::Pdf, p));
        assert_ne!(
            inputs.of(Format::Pdf, p),
            Inputs::new(&e, "other").of(Format::Pdf, p)
        );
    }

    #[test]
    fn issue20_facing_editions_are_planned_and_only_they_hash_facing_first() {
        let e = edition();
        let pdf = planned(Format::Pdf, &e, &[], true);
        let paths: Vec<&str> = pdf.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths[5..], ["pdf/en-ar-facing.pdf", "pdf/en-ru-facing.pdf"]);
        assert_eq!(pdf[5].langs, [l("en"), l("ar")]);
        // the EPUB has no facing editions
        assert_eq!(planned(Format::Epub, &e, &[], true).len(), 5);
        let (src, trans) = (
            Inputs::new(&e, "o").with_facing("source"),
            Inputs::new(&e, "o").with_facing("translation"),
        );
        assert_ne!(src.of(Format::Pdf, &pdf[5]), trans.of(Format::Pdf, &pdf[5]));
        assert_eq!(src.of(Format::Pdf, &pdf[3]), trans.of(Format::Pdf, &pdf[3]));
    }
}
