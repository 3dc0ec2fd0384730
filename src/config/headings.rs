//! Validation of the heading settings of `[normalize]` (issue 16): `headings`/`not_headings`
//! entries ([`Matcher`]: exact text or an anchored regular expression) and `heading_levels`
//! patterns and levels, each error with its key, index, line and column. The normalizer compiles
//! the same [`Matcher`]s (`normalize::levels`).

use super::{line_col, Config};
use crate::diag::Diagnostic;
use regex::Regex;
use std::path::Path;

/// The deepest heading level (HTML has six).
pub const MAX_LEVEL: i64 = 6;

/// One `headings`/`not_headings` entry: exact text, or a regular expression when it starts
/// with `^` (anchored at the paragraph's start; end it with `$` to match the whole paragraph).
#[derive(Debug, Clone)]
pub enum Matcher {
    Exact(String),
    Pattern(Regex),
}

impl Matcher {
    /// The entry as a matcher; `Err` carries the regex compiler's message.
    pub fn new(entry: &str) -> Result<Matcher, String> {
        if entry.starts_with('^') {
            Regex::new(entry)
                .map(Matcher::Pattern)
                .map_err(|e| one_line(&e.to_string()))
        } else {
            Ok(Matcher::Exact(entry.trim().to_string()))
        }
    }

    pub fn matches(&self, para: &str) -> bool {
        match self {
            Matcher::Exact(t) => t == para,
            Matcher::Pattern(r) => r.is_match(para),
        }
    }
}

/// A regex error message on one line (the crate draws the pattern with a caret over lines).
fn one_line(msg: &str) -> String {
    msg.lines()
        .rev()
        .find(|l| l.starts_with("error:"))
        .map(|l| l.trim_start_matches("error:").trim().to_string())
        .unwrap_or_else(|| msg.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Where the heading settings sit in `edition.toml` (a second, lenient read for positions).
#[derive(Default, serde::Deserialize)]
struct Spans {
    #[serde(default)]
    normalize: NormalizeSpans,
}

#[derive(Default, serde::Deserialize)]
struct NormalizeSpans {
    #[serde(default)]
    headings: Vec<toml::Spanned<String>>,
    #[serde(default)]
    not_headings: Vec<toml::Spanned<String>>,
    #[serde(default)]
    heading_levels: Vec<LevelSpans>,
}

#[derive(serde::Deserialize)]
struct LevelSpans {
    pattern: toml::Spanned<String>,
}

/// Every heading setting of a parsed config that is wrong: a pattern that does not compile
/// (with its key, index, line and column) or a level outside 1 to 6.
pub fn config_errors(cfg: &Config, text: &str, file: &Path) -> Vec<Diagnostic> {
    let spans: Spans = toml::from_str(text).unwrap_or_default();
    let pos = |span: Option<std::ops::Range<usize>>| span.map(|r| line_col(text, r.start));
    let mut out = Vec::new();
    let mut push = |key: String, at: Option<(u32, u32)>, msg: String, hint: &str| {
        let mut d = Diagnostic::error("config", format!("{key}: {msg}"))
            .file(file)
            .hint(hint.to_string());
        if let Some((l, c)) = at {
            d = d.at(l, c);
        }
        out.push(d);
    };
    let n = &cfg.normalize;
    let lists = [
        ("headings", &n.headings, &spans.normalize.headings),
        (
            "not_headings",
            &n.not_headings,
            &spans.normalize.not_headings,
        ),
    ];
    for (key, entries, spans) in lists {
        for (i, e) in entries.iter().enumerate() {
            if let Err(msg) = Matcher::new(e) {
                let at = pos(spans.get(i).map(|s| s.span()));
                push(format!("normalize.{key}[{i}] `{e}` is not a valid pattern"), at, msg,
                    "an entry starting with `^` is a regular expression (regex crate syntax); escape `(`, `[`, `.` to match them literally, or drop the `^` for exact text");
            }
        }
    }
    for (i, l) in n.heading_levels.iter().enumerate() {
        let at = pos(spans
            .normalize
            .heading_levels
            .get(i)
            .map(|s| s.pattern.span()));
        if let Err(e) = Regex::new(&l.pattern) {
            push(
                format!(
                    "normalize.heading_levels[{i}].pattern `{}` is not a valid pattern",
                    l.pattern
                ),
                at,
                one_line(&e.to_string()),
                "write a regular expression (regex crate syntax), e.g. '^Step \\d+'",
            );
        }
        if !(1..=MAX_LEVEL).contains(&l.level) {
            push(
                format!("normalize.heading_levels[{i}].level"),
                at,
                format!("{} is not a heading level", l.level),
                "use a level from 1 to 6",
            );
        }
    }
    let levels = [
        ("normalize.heading_level", Some(n.heading_level)),
        ("epub.split_level", cfg.epub.split_level),
    ];
    for (key, level) in levels {
        match level {
            Some(l) if !(1..=MAX_LEVEL).contains(&l) => {
                let short = key.rsplit('.').next().unwrap_or(key);
                let at = text.find(short).map(|i| line_col(text, i));
                push(
                    key.to_string(),
                    at,
                    format!("{l} is not a heading level"),
                    "use a level from 1 to 6",
                );
            }
            _ => {}
        }
    }
    out
}
