//! XML escaping for the package, navigation and container documents.
//!
//! INTEGRATOR: temporary until `crate::export::xhtml` (branch `html`) is merged; then these two
//! become re-exports of its `escape_text` / `escape_attr`.

/// Escapes character data (`&`, `<`, `>`).
pub fn text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            c => o.push(c),
        }
    }
    o
}

/// Escapes an attribute value in double quotes.
pub fn attr(s: &str) -> String {
    text(s).replace('"', "&quot;")
}
