//! The one diagnostic type of every stage (severity, place, segment, message, hint) and its one renderer.

use std::fmt;
use std::path::{Path, PathBuf};

/// Removes repeated findings, keeping the first of each and the order: several pages or formats
/// report the same missing interface string once each, and a reader wants it once (issue 17).
pub fn dedup(diags: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    diags.retain(|d| seen.insert(d.to_string()));
}

/// How bad a finding is. Errors stop the stage that found them from producing output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding: where (file, line, column, segment ID, language), what, and what to do about it.
///
/// Messages are lowercase without a trailing period; `code` is a short stable slug
/// (`stale`, `citation-parity`, ...) that reports and tests key on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub col: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            file: None,
            line: None,
            col: None,
            segment: None,
            lang: None,
            message: message.into(),
            hint: None,
        }
    }
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    pub fn info(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }
    pub fn file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }
    pub fn line(mut self, line: u32) -> Self {
        self.line = Some(line);
        self
    }
    pub fn at(mut self, line: u32, col: u32) -> Self {
        self.line = Some(line);
        self.col = Some(col);
        self
    }
    pub fn segment(mut self, id: impl Into<String>) -> Self {
        self.segment = Some(id.into());
        self
    }
    pub fn lang(mut self, lang: impl Into<String>) -> Self {
        self.lang = Some(lang.into());
        self
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `error[code]: file:line:col: [lang] segment ID: message` and an indented `hint:` line.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: ", self.severity.as_str(), self.code)?;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.col {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        if let Some(lang) = &self.lang {
            write!(f, "[{lang}] ")?;
        }
        if let Some(seg) = &self.segment {
            write!(f, "segment {seg}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Renders diagnostics in one place, one per line (plus hints), errors first then in input order.
pub fn render(diags: &[Diagnostic]) -> String {
    render_capped(diags, usize::MAX)
}

/// How many findings of one severity and code the terminal shows (`stele` prints with this cap;
/// the reports keep every one).
pub const TERMINAL_CAP: usize = 20;

/// [`render`], showing at most `cap` findings per severity and code, then one line counting the
/// rest (a 50,000-paragraph book must not print 200,000 lines).
pub fn render_capped(diags: &[Diagnostic], cap: usize) -> String {
    let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
    sorted.sort_by_key(|d| d.severity);
    let mut shown: std::collections::BTreeMap<(Severity, &str), usize> = Default::default();
    let mut out = String::new();
    for d in &sorted {
        let n = shown.entry((d.severity, d.code)).or_insert(0);
        *n += 1;
        if *n <= cap {
            out.push_str(&d.to_string());
            out.push('\n');
        }
    }
    for ((severity, code), n) in shown {
        if n > cap {
            let kind = match severity {
                Severity::Error => "errors",
                Severity::Warning => "warnings",
                Severity::Info => "notes",
            };
            out.push_str(&format!(
                "… and {} more {kind} of this kind ({code}): see out/reports/alignment.json\n",
                n - cap
            ));
        }
    }
    out
}

/// A message from elsewhere (an OS error, a library) in the house style: first letter lowercase.
pub fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Finding codes no `ignore` (a div's attribute, or `[[align.ignore]]`) may silence: the file's
/// structure and its holes.
pub const STRUCTURAL_CODES: [&str; 7] = [
    "missing",
    "empty",
    "stale",
    "orphan",
    "duplicate-id",
    "unclosed-div",
    "div-without-id",
];

pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// What every stage returns: its output (absent when an error prevented it) and its findings.
#[derive(Debug)]
pub struct Staged<T> {
    pub value: Option<T>,
    pub diags: Vec<Diagnostic>,
}

impl<T> Staged<T> {
    pub fn ok(value: T, diags: Vec<Diagnostic>) -> Self {
        Staged {
            value: Some(value),
            diags,
        }
    }
    pub fn failed(diags: Vec<Diagnostic>) -> Self {
        Staged { value: None, diags }
    }
    pub fn has_errors(&self) -> bool {
        has_errors(&self.diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12: 50,000 findings of one kind print as 20 lines and a count.
    #[test]
    fn issue_12_terminal_output_is_capped_per_code() {
        let mut d: Vec<Diagnostic> = (0..50_000)
            .map(|i| Diagnostic::warning("empty", format!("segment {i}")))
            .collect();
        d.push(Diagnostic::error("stale", "one"));
        let out = render_capped(&d, 20);
        assert_eq!(out.lines().count(), 1 + 20 + 1, "{out}");
        assert!(out.ends_with(
            "… and 49980 more warnings of this kind (empty): see out/reports/alignment.json\n"
        ));
    }
}
