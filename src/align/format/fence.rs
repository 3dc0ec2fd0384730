//! The line syntax of a translation file: HTML comments, fence lines and Pandoc attributes.

/// A line without its HTML comments (`<!-- … -->`); `in_comment` carries an open comment from
/// line to line. Where a comment is cut out between two words, one space stays.
pub fn strip_comments(line: &str, in_comment: &mut bool) -> String {
    if !*in_comment && !line.contains("<!--") {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(i) => {
                    *in_comment = false;
                    rest = &rest[i + 3..];
                    if out.ends_with(char::is_whitespace) || out.is_empty() {
                        rest = rest.trim_start();
                    }
                }
                None => break,
            }
        } else {
            match rest.find("<!--") {
                Some(i) => {
                    out.push_str(&rest[..i]);
                    *in_comment = true;
                    rest = &rest[i + 4..];
                }
                None => {
                    out.push_str(rest);
                    break;
                }
            }
        }
    }
    if out.trim().is_empty() {
        return String::new();
    }
    // `text <!-- note -->`: the space before the comment went with it.
    if !line.ends_with(char::is_whitespace) {
        out.truncate(out.trim_end().len());
    }
    out
}

pub enum Fence<'a> {
    Open(&'a str),
    Close,
}

/// A fence line: at least three colons, then attributes (opening) or nothing (closing).
pub fn fence(line: &str) -> Option<Fence<'_>> {
    let t = line.trim_end();
    let colons = t.chars().take_while(|c| *c == ':').count();
    if colons < 3 {
        return None;
    }
    let rest = t[colons..].trim().trim_end_matches(':').trim_end();
    if rest.is_empty() {
        Some(Fence::Close)
    } else {
        Some(Fence::Open(rest))
    }
}

/// Attributes of an opening fence.
#[derive(Debug, Default)]
pub(super) struct DivAttrs {
    pub(super) id: String,
    pub(super) source: Option<String>,
    pub(super) ignore: Vec<String>,
    pub(super) unknown: Vec<(String, String)>,
}

pub(super) fn parse_attrs(s: &str) -> Result<DivAttrs, String> {
    let mut out = DivAttrs::default();
    let Some(inner) = s.strip_prefix('{') else {
        // `::: word` is a class-only div in pandoc: no ID.
        out.unknown.push((format!(".{s}"), String::new()));
        return Ok(out);
    };
    let Some(inner) = inner.strip_suffix('}') else {
        return Err("the div's attributes are not closed with `}`".into());
    };
    for (key, value) in attr_items(inner)? {
        match key.as_str() {
            k if k.starts_with('#') => out.id = k[1..].to_string(),
            "source" => out.source = Some(value),
            "import" => {} // `import="review"`: written by `stele import`; the div has no `source` and counts as stale
            "ignore" => {
                out.ignore = value
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|x| !x.is_empty())
                    .map(String::from)
                    .collect()
            }
            _ => out.unknown.push((key, value)),
        }
    }
    Ok(out)
}

/// Splits Pandoc attribute text (`#id .class key=value key="v a l"`) into (key, value) items;
/// `#id` and `.class` items have an empty value.
pub fn attr_items(inner: &str) -> Result<Vec<(String, String)>, String> {
    let mut items = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' {
                break;
            }
            key.push(c);
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            if matches!(chars.peek(), Some('"') | Some('\'')) {
                let q = chars.next().unwrap_or('"');
                let mut closed = false;
                while let Some(c) = chars.next() {
                    if c == '\\' {
                        if let Some(n) = chars.next() {
                            value.push(n);
                        }
                    } else if c == q {
                        closed = true;
                        break;
                    } else {
                        value.push(c);
                    }
                }
                if !closed {
                    return Err(format!("the value of `{key}` has no closing quote"));
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    value.push(c);
                    chars.next();
                }
            }
        }
        if key.is_empty() {
            return Err("an attribute has no name".into());
        }
        items.push((key, value));
    }
    Ok(items)
}
