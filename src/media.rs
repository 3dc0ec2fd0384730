//! Images of a source (issue 16): media types sniffed from content, stable file names, the set
//! an edition carries to its exporters (which never read files themselves).

use pandoc_ast::{Block, Inline};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One image file, read once by the app layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// Stable file name: the first 16 hex digits of the content's SHA-256 and an extension.
    pub name: String,
    /// `image/png`, `image/jpeg`, `image/gif` or `image/svg+xml`, from the content.
    pub media_type: &'static str,
    pub bytes: Arc<Vec<u8>>,
}

/// An edition's images, by the image target as the source writes it.
pub type MediaSet = BTreeMap<String, MediaFile>;

/// Media type and extension of an image from its first bytes; `None` for anything else.
pub fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(("image/png", "png"));
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(("image/jpeg", "jpg"));
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(("image/gif", "gif"));
    }
    let head = &bytes[..bytes.len().min(4096)];
    let text = std::str::from_utf8(head).ok().or_else(|| {
        // a multi-byte character cut at 4096 bytes
        std::str::from_utf8(&head[..head.len().saturating_sub(3)]).ok()
    })?;
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let xmlish = t.starts_with("<?xml") || t.starts_with("<svg") || t.starts_with("<!--");
    (xmlish && t.contains("<svg")).then_some(("image/svg+xml", "svg"))
}

/// A [`MediaFile`] for image bytes, or `None` when they are not a supported image.
pub fn media_file(bytes: Vec<u8>) -> Option<MediaFile> {
    let (media_type, ext) = sniff(&bytes)?;
    let hash = Sha256::digest(&bytes);
    let hex: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
    Some(MediaFile {
        name: format!("{hex}.{ext}"),
        media_type,
        bytes: Arc::new(bytes),
    })
}

/// Whether an image target names a file of the project (not a web address).
pub fn is_local(target: &str) -> bool {
    !(target.contains("://") || target.starts_with("mailto:") || target.starts_with("data:"))
}

/// The local image targets of a document's blocks, each once, with the ID of the segment it
/// stands in. Blocks, not a `model::Document`: `model` holds a [`MediaSet`], so `media` must not
/// import `model` back (issue 13).
pub fn local_images(blocks: &[Block]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    walk(blocks, "", &mut found);
    found
}

fn walk(blocks: &[Block], seg: &str, found: &mut Vec<(String, String)>) {
    for b in blocks {
        match b {
            Block::Div(a, inner) => {
                let id = if a.0.is_empty() { seg } else { a.0.as_str() };
                walk(inner, id, found);
            }
            Block::Para(x) | Block::Plain(x) => {
                for i in x {
                    if let Inline::Image(_, _, (url, _)) = i {
                        if is_local(url) && !found.iter().any(|(u, _)| u == url) {
                            found.push((url.clone(), seg.to_string()));
                        }
                    }
                }
            }
            Block::BlockQuote(inner) => walk(inner, seg, found),
            Block::BulletList(items) | Block::OrderedList(_, items) => {
                for it in items {
                    walk(it, seg, found);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_type_comes_from_content_not_name() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest").unwrap().0, "image/png");
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap().0, "image/jpeg");
        assert_eq!(sniff(b"GIF89a...").unwrap().0, "image/gif");
        let svg =
            b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        assert_eq!(sniff(svg).unwrap().0, "image/svg+xml");
        assert_eq!(sniff(b"<html><body>not an image</body></html>"), None);
        assert_eq!(sniff(b"hello"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn stable_name_is_a_content_hash() {
        let a = media_file(b"GIF89a-one".to_vec()).unwrap();
        let b = media_file(b"GIF89a-one".to_vec()).unwrap();
        let c = media_file(b"GIF89a-two".to_vec()).unwrap();
        assert_eq!(a.name, b.name);
        assert_ne!(a.name, c.name);
        assert!(a.name.ends_with(".gif") && a.name.len() == 20, "{}", a.name);
    }

    #[test]
    fn web_addresses_are_not_local() {
        assert!(is_local("img/a.png"));
        assert!(!is_local("https://example.org/a.png"));
        assert!(!is_local("data:image/png;base64,AA"));
    }
}
