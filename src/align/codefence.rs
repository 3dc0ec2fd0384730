//! Fenced code (```` ``` ```` or `~~~`) line by line, so that a `:::` line inside a code block
//! never opens or closes a div: one rule for the translation files ([`super::format`]) and the
//! Markdown source reader ([`crate::source::markdown`]). Also the code of a code segment's div
//! written inside such a fence.

/// Tracks whether the lines seen so far left a fenced code block open.
#[derive(Debug, Default, Clone)]
pub struct CodeFences {
    /// The open fence: its character and length.
    open: Option<(char, usize)>,
}

impl CodeFences {
    /// Whether the next line is inside fenced code (before [`CodeFences::line`] sees it).
    pub fn inside(&self) -> bool {
        self.open.is_some()
    }

    /// Feeds one line; returns whether it belongs to fenced code (a fence line included).
    pub fn line(&mut self, line: &str) -> bool {
        let fence = fence_of(line);
        match (self.open, fence) {
            (Some((c, n)), Some((fc, fnum, rest))) if fc == c && fnum >= n && rest.is_empty() => {
                self.open = None;
                true
            }
            (Some(_), _) => true,
            (None, Some((fc, fnum, rest))) => {
                // A backtick fence's info string has no backtick (CommonMark).
                if fc == '`' && rest.contains('`') {
                    return false;
                }
                self.open = Some((fc, fnum));
                true
            }
            (None, None) => false,
        }
    }
}

/// A fence line: up to three spaces, then at least three backticks or tildes, then the rest.
fn fence_of(line: &str) -> Option<(char, usize, &str)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = t.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then(|| (c, n, t[n..].trim()))
}

/// A code segment's text as a translator wrote it: code verbatim, or code inside one fence (the
/// way to keep a `:::` line of the code inside the div); the fence lines are removed.
pub fn unfenced(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if let [first, inner @ .., last] = lines.as_slice() {
        if let (Some((c, n, _)), Some((lc, ln, rest))) = (fence_of(first), fence_of(last)) {
            if c == lc && ln >= n && rest.is_empty() {
                return inner.join("\n");
            }
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_colon_lines_inside_fenced_code_are_code() {
        let mut f = CodeFences::default();
        let seen: Vec<bool> = [
            "text", "```sh", ":::", "``", "```", ":::", "~~~~", "~~~", "~~~~",
        ]
        .iter()
        .map(|l| f.line(l))
        .collect();
        assert_eq!(
            seen,
            [false, true, true, true, true, false, true, true, true]
        );
        assert!(!f.inside());
        // Four spaces is indented text, not a fence; an info string with a backtick is not one.
        assert!(!f.line("    ```"));
        assert!(!f.line("``` a`b"));
    }

    #[test]
    fn issue16_a_fenced_code_translation_is_its_code() {
        assert_eq!(unfenced("```\na\n:::\nb\n```"), "a\n:::\nb");
        assert_eq!(unfenced("TIDE 2.5 M"), "TIDE 2.5 M");
        assert_eq!(unfenced("```\na"), "```\na");
    }
}
