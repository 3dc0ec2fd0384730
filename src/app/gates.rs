//! The CI gates `--fail-under PCT` and `--deny-warnings` of `align`, `build` and `export`: one
//! error per failing gate, named by its code (`fail-under`, `deny-warnings`), added after the
//! command has done its work, so the reports and editions are written either way and only the
//! exit status (1) says that a gate failed.

use super::request::Gates;
use crate::align::LangAlignment;
use crate::diag::{Diagnostic, Severity};
use crate::io::Project;
use crate::model::Lang;

/// The gates over an alignment's languages and a command's diagnostics: a `fail-under` error per
/// language whose coverage is below the threshold, then one `deny-warnings` error counting the
/// warnings in `diags`.
pub fn check<'a>(
    gates: &Gates,
    langs: impl IntoIterator<Item = &'a LangAlignment>,
    diags: &[Diagnostic],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(min) = gates.fail_under {
        for la in langs.into_iter().filter(|l| l.summary.coverage < min) {
            out.push(
                Diagnostic::error(
                    "fail-under",
                    format!(
                        "coverage {:.1}% is below --fail-under {min}",
                        la.summary.coverage
                    ),
                )
                .file(&la.file)
                .lang(la.lang.as_str())
                .hint(
                    "translate the missing and stale segments listed in out/reports/alignment.html",
                ),
            );
        }
    }
    if gates.deny_warnings {
        let warnings = diags
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        if warnings > 0 {
            out.push(
                Diagnostic::error("deny-warnings", format!("{warnings} warning(s), denied by --deny-warnings"))
                    .hint("fix them, or silence a reviewed content finding with the div's ignore=\"CODE\" attribute"),
            );
        }
    }
    out
}

/// The gates after `build` or `export`, which do not hand back their alignment: `--fail-under`
/// aligns once more (without the content checks, which do not change coverage) and judges the
/// languages selected by `--lang` (all target languages when it is empty; tags that do not parse
/// were already reported by the command). Returns `diags` with the gates' errors appended.
pub fn after(
    project: &Project,
    policy: Option<crate::config::Policy>,
    langs: &[String],
    gates: &Gates,
    mut diags: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let selected: Vec<Lang> = langs.iter().filter_map(|t| Lang::parse(t).ok()).collect();
    let run = match gates.fail_under {
        Some(_) => super::run_align(project, policy, false).value,
        None => None,
    };
    let judged = run
        .iter()
        .flat_map(|r| &r.aligned.langs)
        .filter(|la| selected.is_empty() || selected.contains(&la.lang));
    let failed = check(gates, judged, &diags);
    diags.extend(failed);
    diags
}
