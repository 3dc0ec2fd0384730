//! Hardened XML reading for the exchange formats (quick-xml): a small element tree with line
//! numbers, and nothing else. No DTD (a `<!DOCTYPE` is refused, so no external, custom or
//! recursive entities can be declared), no entity expansion beyond the five predefined ones and
//! character references, and limits on size, depth, elements and attributes, so an XXE or
//! "billion laughs" file is refused with a clear message before it costs anything.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The largest exchange file read (64 MiB: a 4,000-segment language is about 2 MiB).
pub const MAX_BYTES: usize = 64 << 20;
/// The deepest element nesting accepted (XLIFF needs 8 or so, plus nested inline codes).
pub const MAX_DEPTH: usize = 64;
/// The most elements in one file.
pub const MAX_ELEMENTS: usize = 2_000_000;
/// The most attributes on one element.
pub const MAX_ATTRS: usize = 64;

/// One element: local name (namespace prefix removed), attributes, children, 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    /// `(name, value)` in document order; names keep an `xml:` prefix, other prefixes are removed.
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    pub line: u32,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// Child elements named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter_map(move |c| match c {
            Node::Element(e) if e.name == name => Some(e),
            _ => None,
        })
    }
    pub fn first<'a>(&'a self, name: &'a str) -> Option<&'a Element> {
        self.all(name).next()
    }
    /// The text of the element and its descendants.
    pub fn text(&self) -> String {
        let mut s = String::new();
        collect_text(self, &mut s);
        s
    }
}

fn collect_text(e: &Element, s: &mut String) {
    for c in &e.children {
        match c {
            Node::Text(t) => s.push_str(t),
            Node::Element(e) => collect_text(e, s),
        }
    }
}

/// Why a file is refused: a lowercase message and the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub line: u32,
    pub message: String,
}

fn line_at(starts: &[usize], pos: usize) -> u32 {
    (starts.partition_point(|&s| s <= pos)).max(1) as u32
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    match s.split_once(':') {
        Some(("xml", _)) => s.into_owned(),
        Some((_, l)) => l.to_string(),
        None => s.into_owned(),
    }
}

fn element(e: &BytesStart, line: u32) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| format!("a malformed attribute: {e}"))?;
        if attrs.len() == MAX_ATTRS {
            return Err(format!("an element has more than {MAX_ATTRS} attributes"));
        }
        let value = a
            .unescape_value()
            .map_err(|e| format!("an attribute value uses an entity stele does not expand ({e}); only &amp; &lt; &gt; &quot; &apos; and character references are read"))?;
        attrs.push((local(a.key.as_ref()), value.into_owned()));
    }
    Ok(Element {
        name: local(e.name().as_ref()),
        attrs,
        children: Vec::new(),
        line,
    })
}

/// Parses a whole exchange file into its root element, or refuses it.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let err = |line: u32, m: String| XmlError { line, message: m };
    if bytes.len() > MAX_BYTES {
        return Err(err(
            1,
            format!("the file is larger than {} MiB", MAX_BYTES >> 20),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        err(
            line_at(&line_starts(bytes), e.valid_up_to()),
            "the file is not UTF-8".into(),
        )
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let starts = line_starts(text.as_bytes());
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    let mut count = 0usize;
    loop {
        let pos = reader.buffer_position() as usize;
        let line = line_at(&starts, pos);
        let ev = reader
            .read_event()
            .map_err(|e| err(line, format!("the file is not well-formed XML: {e}")))?;
        match ev {
            Event::DocType(_) => {
                return Err(err(line, "the file has a document type declaration (<!DOCTYPE …>); stele reads no DTD, so no external or custom entities (XXE, entity bombs)".into()));
            }
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(err(line, "content after the root element".into()));
            }
            Event::Start(e) => {
                count += 1;
                check_size(stack.len(), count).map_err(|m| err(line, m))?;
                stack.push(element(&e, line).map_err(|m| err(line, m))?);
            }
            Event::Empty(e) => {
                count += 1;
                check_size(stack.len(), count).map_err(|m| err(line, m))?;
                let el = element(&e, line).map_err(|m| err(line, m))?;
                match stack.last_mut() {
                    Some(p) => p.children.push(Node::Element(el)),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .ok_or_else(|| err(line, "an end tag without a start tag".into()))?;
                match stack.last_mut() {
                    Some(p) => p.children.push(Node::Element(el)),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                let s = t.unescape().map_err(|e| err(line, format!("the text uses an entity stele does not expand ({e}); only &amp; &lt; &gt; &quot; &apos; and character references are read")))?;
                text_into(stack.last_mut(), &s).map_err(|m| err(line, m))?;
            }
            Event::CData(t) => {
                text_into(stack.last_mut(), &String::from_utf8_lossy(&t))
                    .map_err(|m| err(line, m))?;
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(err(
            open.line,
            format!("the element <{}> is never closed", open.name),
        ));
    }
    root.ok_or_else(|| err(1, "the file has no root element".into()))
}

fn check_size(depth: usize, count: usize) -> Result<(), String> {
    if depth >= MAX_DEPTH || count > MAX_ELEMENTS {
        return Err(format!(
            "elements nest deeper than {MAX_DEPTH} levels or number more than {MAX_ELEMENTS}"
        ));
    }
    Ok(())
}

/// Text into the open element; outside the root only whitespace is allowed.
fn text_into(open: Option<&mut Element>, s: &str) -> Result<(), String> {
    match open {
        Some(p) => push_text(p, s),
        None if s.trim().is_empty() => {}
        None => return Err("text outside the root element".into()),
    }
    Ok(())
}

fn push_text(p: &mut Element, s: &str) {
    if let Some(Node::Text(t)) = p.children.last_mut() {
        t.push_str(s);
    } else {
        p.children.push(Node::Text(s.to_string()));
    }
}

fn line_starts(b: &[u8]) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            b.iter()
                .enumerate()
                .filter(|(_, c)| **c == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect()
}

/// Escapes text for an element's content.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            _ => o.push(c),
        }
    }
    o
}

/// Escapes text for a double-quoted attribute value (line ends as character references).
pub fn esc_attr(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\n' => o.push_str("&#10;"),
            '\r' => o.push_str("&#13;"),
            '\t' => o.push_str("&#9;"),
            _ => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_tree_with_lines_and_predefined_entities() {
        let r = parse(b"<?xml version=\"1.0\"?>\n<a x=\"1 &amp; 2\">\n<b>t &lt;&#x41;</b><c/></a>")
            .unwrap();
        assert_eq!(r.name, "a");
        assert_eq!(r.attr("x"), Some("1 & 2"));
        assert_eq!(r.first("b").unwrap().text(), "t <A");
        assert_eq!(r.first("b").unwrap().line, 3);
        assert!(r.first("c").is_some());
    }

    #[test]
    fn refuses_a_doctype_custom_entities_and_deep_nesting() {
        let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<a>&x;</a>";
        let e = parse(xxe.as_bytes()).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("DOCTYPE"), "{}", e.message);
        let e = parse(b"<a>&lol;</a>").unwrap_err();
        assert!(e.message.contains("entity"), "{}", e.message);
        let deep = "<a>".repeat(10_000) + &"</a>".repeat(10_000);
        let e = parse(deep.as_bytes()).unwrap_err();
        assert!(e.message.contains("deeper"), "{}", e.message);
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"<a>").is_err());
    }
}
