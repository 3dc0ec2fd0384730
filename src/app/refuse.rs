//! Per-language failure (issue 17): a target language whose translation file is broken, fails a
//! check with an error (citation parity), or is refused under `--policy fail` is left out of the
//! build; the source edition and every other language are still built, and one `refused` error
//! per language left out names it and why (so the exit status is non-zero). `--lang` limits what
//! is checked: the findings of languages it does not select are not reported.

use super::AlignRun;
use crate::diag::{Diagnostic, Severity};
use crate::model::{Edition, Lang};

/// A target language left out of the build, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Refused {
    pub lang: String,
    /// The translation file as shown in diagnostics.
    pub file: String,
    pub reason: String,
}

/// What a build can make of an alignment.
#[derive(Debug)]
pub struct Split {
    /// Source and the languages not refused; `None` when an error concerns no single target
    /// language (config, source text, registry), which stops the whole build.
    pub edition: Option<Edition>,
    pub refused: Vec<Refused>,
    /// The diagnostics to report: those of the selected languages and of no language, then one
    /// `refused` error per language left out.
    pub diags: Vec<Diagnostic>,
}

/// `--lang` tags that parse (the others are reported by the exporters).
pub fn selected(tags: &[String]) -> Vec<Lang> {
    tags.iter().filter_map(|t| Lang::parse(t).ok()).collect()
}

/// Splits an alignment into what can be built and what is refused. `selected` empty: every
/// target language is checked.
pub fn split(run: &AlignRun, diags: Vec<Diagnostic>, selected: &[Lang]) -> Split {
    let targets = &run.config.document.target_langs;
    let lang_of = |d: &Diagnostic| {
        d.lang
            .as_deref()
            .and_then(|l| targets.iter().find(|t| t.as_str() == l))
            .cloned()
    };
    let chosen = |l: &Lang| selected.is_empty() || selected.contains(l);
    let global = diags
        .iter()
        .any(|d| d.severity == Severity::Error && lang_of(d).is_none());
    let mut refused = Vec::new();
    let mut kept = Vec::new();
    for la in &run.aligned.langs {
        let errors: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error && lang_of(d).as_ref() == Some(&la.lang))
            .collect();
        if la.doc.is_some() && errors.is_empty() {
            kept.push(la);
            continue;
        }
        // A language --lang does not select is left out without a word: it was not checked.
        if !chosen(&la.lang) {
            continue;
        }
        let reason = match errors.first() {
            Some(first) => format!(
                "{} error(s), the first [{}]{}: {}",
                errors.len(),
                first.code,
                first
                    .segment
                    .as_deref()
                    .map(|s| format!(" in segment {s}"))
                    .unwrap_or_default(),
                first.message
            ),
            None => "no document could be assembled".to_string(),
        };
        refused.push(Refused {
            lang: la.lang.to_string(),
            file: la.file.display().to_string(),
            reason,
        });
    }
    let mut diags: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| lang_of(d).is_none_or(|l| chosen(&l)))
        .collect();
    for r in &refused {
        diags.push(
            Diagnostic::error(
                "refused",
                format!(
                    "`{}` is left out of this build ({}); the source and the other languages are built",
                    r.lang, r.reason
                ),
            )
            .file(&r.file)
            .lang(&r.lang)
            .hint(format!(
                "fix the errors reported for {} (or build with --policy source), then build again; its previous editions are left as they were",
                r.file
            )),
        );
    }
    let edition = (!global).then(|| {
        // Nothing refused: the edition `align` assembled is this one (its documents are shared,
        // so the clone is cheap); assembling it again would copy the source (issue 13).
        if kept.len() == run.aligned.langs.len() {
            if let Some(e) = &run.aligned.edition {
                return e.clone();
            }
        }
        let (mut e, pairing) =
            crate::align::edition_of(&run.config, &run.normalized, kept.into_iter());
        diags.extend(pairing);
        if let Some(m) = &run.modified {
            e.modified = m.clone();
        }
        e.i18n.catalogs = run.catalogs.clone();
        e.media = run.media.clone();
        e
    });
    Split {
        edition,
        refused,
        diags,
    }
}
