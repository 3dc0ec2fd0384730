//! A segment's text as runs of text and inline codes, losslessly: citations `[n]` (the same rule
//! as the source, [`Citations`]) become placeholders, and in a translation's Markdown also
//! emphasis (`*…*`, `**…**`, `_…_`), links (`[…](…)`) and attribute spans (`[…]{…}`) become
//! paired codes carrying their exact delimiters. [`render`] of [`parse_target`] gives back the
//! very bytes read, which is what makes a round trip through a CAT tool byte-identical.

use crate::normalize::inline::marker;
use crate::normalize::inline::Citations;

/// What a paired code stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairKind {
    Emphasis,
    Strong,
    Link,
    Span,
}

impl PairKind {
    /// The XLIFF 1.2 `ctype` of the `<g>`.
    pub fn ctype(self) -> &'static str {
        match self {
            PairKind::Emphasis => "italic",
            PairKind::Strong => "bold",
            PairKind::Link => "link",
            PairKind::Span => "x-span",
        }
    }
    pub fn from_ctype(s: &str) -> Option<PairKind> {
        [
            PairKind::Emphasis,
            PairKind::Strong,
            PairKind::Link,
            PairKind::Span,
        ]
        .into_iter()
        .find(|k| k.ctype() == s)
    }
}

/// A run of a segment's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    Text(String),
    /// A citation `[n]`.
    Cite(u32),
    /// Paired markup: its opening and closing Markdown, and what it encloses.
    Pair {
        kind: PairKind,
        start: String,
        end: String,
        inner: Vec<Run>,
    },
}

/// The Markdown text of runs.
pub fn render(runs: &[Run]) -> String {
    let mut s = String::new();
    render_into(runs, &mut s);
    s
}

fn render_into(runs: &[Run], s: &mut String) {
    for r in runs {
        match r {
            Run::Text(t) => s.push_str(t),
            Run::Cite(n) => s.push_str(&format!("[{n}]")),
            Run::Pair {
                start, end, inner, ..
            } => {
                s.push_str(start);
                render_into(inner, s);
                s.push_str(end);
            }
        }
    }
}

/// The citation numbers of runs, in order.
pub fn cites(runs: &[Run]) -> Vec<u32> {
    let mut v = Vec::new();
    fn walk(runs: &[Run], v: &mut Vec<u32>) {
        for r in runs {
            match r {
                Run::Cite(n) => v.push(*n),
                Run::Pair { inner, .. } => walk(inner, v),
                Run::Text(_) => {}
            }
        }
    }
    walk(runs, &mut v);
    v
}

fn push_text(out: &mut Vec<Run>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Run::Text(t)) = out.last_mut() {
        t.push_str(s);
    } else {
        out.push(Run::Text(s.to_string()));
    }
}

/// The source text's runs: only citations are codes (the source is plain text). `cites` are the
/// segment's citations in the normalized AST, in order: a marker `[n]` is a code when it is the
/// next of them (the text has `\[n]` escapes resolved, so a literal `[n]` looks the same).
pub fn parse_source(text: &str, cites: &[u32]) -> Vec<Run> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut plain = 0;
    let mut next = 0;
    while i < text.len() {
        if text[i..].starts_with('[') {
            if let Some((n, end)) = marker(text, i).filter(|(n, _)| cites.get(next) == Some(n)) {
                push_text(&mut out, &text[plain..i]);
                out.push(Run::Cite(n));
                next += 1;
                i = end;
                plain = end;
                continue;
            }
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    push_text(&mut out, &text[plain..]);
    out
}

/// The deepest bracket nesting followed; deeper brackets stay text.
const MAX_NEST: usize = 16;

/// A translation's Markdown as runs (lossless: `render(&parse_target(t, c)) == t`).
pub fn parse_target(text: &str, citations: &Citations) -> Vec<Run> {
    parse_level(text, citations, 0)
}

/// A flat item before emphasis delimiters are paired.
enum Item {
    Run(Run),
    Delim {
        ch: char,
        len: usize,
        open: bool,
        close: bool,
    },
}

/// The byte index of the bracket closing the one at `open` (`o`/`c`), skipping `\` escapes.
fn matching(s: &str, open: usize, o: u8, c: u8) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            x if x == o => depth += 1,
            x if x == c => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn parse_level(text: &str, citations: &Citations, level: usize) -> Vec<Run> {
    let mut items: Vec<Item> = Vec::new();
    let mut plain = String::new();
    let flush = |items: &mut Vec<Item>, plain: &mut String| {
        if !plain.is_empty() {
            items.push(Item::Run(Run::Text(std::mem::take(plain))));
        }
    };
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if c == '\\' {
            let n = text[i + 1..].chars().next().map_or(0, char::len_utf8);
            plain.push_str(&text[i..i + 1 + n]);
            i += 1 + n;
            continue;
        }
        if c == '[' {
            if let Some((n, end)) = marker(text, i).filter(|(n, _)| citations.accepts(*n)) {
                flush(&mut items, &mut plain);
                items.push(Item::Run(Run::Cite(n)));
                i = end;
                continue;
            }
            if let Some(pair) = bracketed(text, i, citations, level) {
                flush(&mut items, &mut plain);
                i = pair.1;
                items.push(Item::Run(pair.0));
                continue;
            }
        }
        if c == '*' || c == '_' {
            let len = text[i..].chars().take_while(|x| *x == c).count();
            let prev = text[..i].chars().next_back();
            let next = text[i + len..].chars().next();
            let ws = |x: Option<char>| x.is_none_or(char::is_whitespace);
            let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
            let (open, close) = if c == '_' {
                (!ws(next) && !word(prev), !ws(prev) && !word(next))
            } else {
                (!ws(next), !ws(prev))
            };
            if len <= 3 && (open || close) {
                flush(&mut items, &mut plain);
                items.push(Item::Delim {
                    ch: c,
                    len,
                    open,
                    close,
                });
            } else {
                plain.push_str(&text[i..i + len]);
            }
            i += len;
            continue;
        }
        plain.push(c);
        i += c.len_utf8();
    }
    flush(&mut items, &mut plain);
    pair_delims(items)
}

/// `[…](…)` or `[…]{…}` at byte `i`: the paired run and the byte after it.
fn bracketed(text: &str, i: usize, citations: &Citations, level: usize) -> Option<(Run, usize)> {
    if level >= MAX_NEST {
        return None;
    }
    let close = matching(text, i, b'[', b']')?;
    let (kind, o, c) = match text.as_bytes().get(close + 1)? {
        b'(' => (PairKind::Link, b'(', b')'),
        b'{' => (PairKind::Span, b'{', b'}'),
        _ => return None,
    };
    let end = matching(text, close + 1, o, c)? + 1;
    let inner = parse_level(&text[i + 1..close], citations, level + 1);
    Some((
        Run::Pair {
            kind,
            start: "[".into(),
            end: text[close..end].to_string(),
            inner,
        },
        end,
    ))
}

/// Pairs emphasis delimiters (same character, same length; inner pairs nest), the rest as text.
fn pair_delims(items: Vec<Item>) -> Vec<Run> {
    let mut partner: Vec<Option<usize>> = vec![None; items.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (k, it) in items.iter().enumerate() {
        let Item::Delim {
            ch,
            len,
            open,
            close,
        } = it
        else {
            continue;
        };
        let found = close
            .then(|| {
                stack.iter().rposition(|&o| {
                    matches!(items[o], Item::Delim { ch: c, len: l, .. } if c == *ch && l == *len)
                })
            })
            .flatten();
        match found {
            Some(p) => {
                partner[stack[p]] = Some(k);
                stack.truncate(p);
            }
            None if *open => stack.push(k),
            None => {}
        }
    }
    build(&items, &partner, 0, items.len())
}

fn build(items: &[Item], partner: &[Option<usize>], from: usize, to: usize) -> Vec<Run> {
    let mut out = Vec::new();
    let mut k = from;
    while k < to {
        match &items[k] {
            Item::Run(Run::Text(t)) => push_text(&mut out, t),
            Item::Run(r) => out.push(r.clone()),
            Item::Delim { ch, len, .. } => {
                let md: String = std::iter::repeat_n(*ch, *len).collect();
                match partner[k] {
                    Some(j) if j < to => {
                        out.push(Run::Pair {
                            kind: if *len == 1 {
                                PairKind::Emphasis
                            } else {
                                PairKind::Strong
                            },
                            start: md.clone(),
                            end: md,
                            inner: build(items, partner, k + 1, j),
                        });
                        k = j;
                    }
                    _ => push_text(&mut out, &md),
                }
            }
        }
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_markup_becomes_codes_and_renders_back_byte_for_byte() {
        let c = Citations::AnyNumber;
        let t = "نص *مائل* و**غامق** [رابط *x*](https://e.org/a_(b)) [ru]{lang=ru}.[1] \\[2] 2 * 3 snake_case_name _u_";
        let runs = parse_target(t, &c);
        assert_eq!(render(&runs), t);
        assert_eq!(cites(&runs), [1]);
        let kinds: Vec<_> = runs
            .iter()
            .filter_map(|r| match r {
                Run::Pair { kind, .. } => Some(*kind),
                _ => None,
            })
            .collect();
        use PairKind::*;
        assert_eq!(kinds, [Emphasis, Strong, Link, Span, Emphasis]);
        for odd in [
            "*a",
            "a*",
            "[x](y",
            "**a*",
            "***",
            "[[[[",
            "\\",
            "*a **b* c**",
            "[a]{b}(c)",
        ] {
            assert_eq!(render(&parse_target(odd, &c)), odd);
        }
    }

    #[test]
    fn the_source_has_citation_codes_only() {
        let runs = parse_source("a *b* [3] [4] [3]", &[3]);
        assert_eq!(
            runs,
            [
                Run::Text("a *b* ".into()),
                Run::Cite(3),
                Run::Text(" [4] [3]".into())
            ]
        );
        assert_eq!(render(&runs), "a *b* [3] [4] [3]");
    }
}
