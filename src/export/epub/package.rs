//! The package document (`package.opf`): metadata, manifest, spine; and the stable identifiers
//! and dates it carries.

use super::plan::Chapter;
use super::xml::{attr as esc_attr, text as esc};
use crate::model::{Edition, Lang, Person};
use sha2::{Digest, Sha256};

/// What one book's package document says.
pub struct PackageInput<'a> {
    pub edition: &'a Edition,
    /// The book's languages, the primary (reading) language first.
    pub langs: &'a [Lang],
    /// The title in each of `langs`.
    pub titles: &'a [String],
    pub chapters: &'a [Chapter<'a>],
    /// `YYYY-MM-DDThh:mm:ssZ`.
    pub modified: &'a str,
    /// `schema:accessibilitySummary`, in the primary language.
    pub summary: &'a str,
    /// The embedded fonts (`fonts/<file>`), issue 18.
    pub fonts: &'a [&'static crate::export::webfonts::WebFont],
}

/// What every book claims (EPUB Accessibility 1.1): its conformance, and schema.org
/// accessibility properties that hold for every stele book: text only, with headings, a table of
/// contents, one reading order (each passage before its counterpart in a bilingual book) and
/// reflowable, restylable text. No page list: the books have no print pages to mirror.
pub const CONFORMS_TO: &str = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA";
const A11Y_PROPERTIES: [(&str, &str); 7] = [
    ("accessMode", "textual"),
    ("accessModeSufficient", "textual"),
    ("accessibilityFeature", "structuralNavigation"),
    ("accessibilityFeature", "tableOfContents"),
    ("accessibilityFeature", "readingOrder"),
    ("accessibilityFeature", "displayTransformability"),
    ("accessibilityHazard", "none"),
];

/// `urn:uuid:` of a name-based UUID (RFC 9562 version 8, SHA-256) over the document ID and the
/// book's languages: the same edition gets the same identifier in every build, and each of
/// `en`, `ar`, `en-ar` gets its own.
pub fn identifier(document_id: &str, langs: &[Lang]) -> String {
    let names: Vec<&str> = langs.iter().map(Lang::as_str).collect();
    let digest =
        Sha256::digest(format!("stele-epub\n{document_id}\n{}", names.join("+")).as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The source the edition derives from: `urn:stele:<document id>:source:<fingerprint>`.
pub fn source_urn(edition: &Edition) -> String {
    format!(
        "urn:stele:{}:source:{}",
        edition.id, edition.source_fingerprint
    )
}

pub use crate::model::{modified_from_date, modified_from_epoch};

/// Whether `s` has the form `dcterms:modified` requires (`CCYY-MM-DDThh:mm:ssZ`).
pub fn is_modified(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

/// The MARC relator code of a translator's credited role (`trl` unless it says otherwise).
fn relator(person: &Person) -> &'static str {
    match person
        .role
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("editor" | "edt") => "edt",
        Some("proofreader" | "pfr") => "pfr",
        Some("adapter" | "adp") => "adp",
        _ => "trl",
    }
}

/// ` dir="…"` for a name whose text runs the other way than the package's language (a Latin
/// name in an Arabic package), so reading systems lay out its punctuation right.
fn dir_of(text: &str, package: &Lang) -> String {
    match crate::export::xhtml::first_strong(text) {
        Some(d) if d != package.dir() => format!(" dir=\"{}\"", d.as_str()),
        _ => String::new(),
    }
}

/// The item ID of a manifest file (`h1.xhtml` -> `x-h1`): always an XML name.
pub fn item_id(file: &str) -> String {
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    format!("x-{stem}")
}

/// Renders `package.opf`.
pub fn package_opf(p: &PackageInput) -> String {
    let e = p.edition;
    let primary = &p.langs[0];
    let mut o = String::new();
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str(&format!(
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"{}\" dir=\"{}\">\n",
        esc_attr(primary.as_str()),
        primary.dir().as_str()
    ));
    o.push_str("<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    o.push_str(&format!(
        "<dc:identifier id=\"pub-id\">{}</dc:identifier>\n",
        esc(&identifier(&e.id, p.langs))
    ));
    for (i, (lang, title)) in p.langs.iter().zip(p.titles).enumerate() {
        let id = if i == 0 {
            "title".to_string()
        } else {
            format!("title-{lang}")
        };
        o.push_str(&format!(
            "<dc:title id=\"{id}\" xml:lang=\"{}\" dir=\"{}\">{}</dc:title>\n",
            esc_attr(lang.as_str()),
            lang.dir().as_str(),
            esc(title)
        ));
    }
    o.push_str("<meta refines=\"#title\" property=\"title-type\">main</meta>\n");
    for lang in p.langs {
        o.push_str(&format!(
            "<dc:language>{}</dc:language>\n",
            esc(lang.as_str())
        ));
    }
    for (i, author) in e.authors.iter().enumerate() {
        o.push_str(&format!(
            "<dc:creator id=\"creator-{n}\"{}>{}</dc:creator>\n<meta refines=\"#creator-{n}\" property=\"role\" scheme=\"marc:relators\">aut</meta>\n",
            dir_of(author, primary),
            esc(author),
            n = i + 1
        ));
    }
    for lang in p.langs {
        for (i, person) in e.translators.get(lang).into_iter().flatten().enumerate() {
            let id = format!("contributor-{lang}-{}", i + 1);
            o.push_str(&format!(
                "<dc:contributor id=\"{id}\"{}>{}</dc:contributor>\n<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{}</meta>\n",
                dir_of(&person.name, primary),
                esc(&person.name),
                relator(person)
            ));
        }
    }
    if let Some(publisher) = &e.publisher {
        o.push_str(&format!(
            "<dc:publisher>{}</dc:publisher>\n",
            esc(publisher)
        ));
    }
    o.push_str(&format!("<dc:date>{}</dc:date>\n", esc(&e.date)));
    o.push_str(&format!("<dc:source>{}</dc:source>\n", esc(&source_urn(e))));
    o.push_str(&format!(
        "<meta property=\"dcterms:modified\">{}</meta>\n",
        esc(p.modified)
    ));
    for (property, value) in A11Y_PROPERTIES {
        o.push_str(&format!(
            "<meta property=\"schema:{property}\">{value}</meta>\n"
        ));
    }
    if !e.media.is_empty() {
        // Images (issue 16) are seen; their descriptions keep the book sufficient as text.
        o.push_str("<meta property=\"schema:accessMode\">visual</meta>\n");
    }
    o.push_str(&format!(
        "<meta property=\"schema:accessibilitySummary\">{}</meta>\n",
        esc(p.summary)
    ));
    o.push_str(&format!(
        "<meta property=\"dcterms:conformsTo\">{CONFORMS_TO}</meta>\n"
    ));
    o.push_str("</metadata>\n<manifest>\n");
    o.push_str("<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n");
    o.push_str("<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n");
    for (i, f) in p.fonts.iter().enumerate() {
        o.push_str(&format!(
            "<item id=\"font-{}\" href=\"fonts/{}\" media-type=\"{}\"/>\n",
            i + 1,
            esc_attr(f.file),
            f.media_type()
        ));
    }
    for (i, m) in media_items(e).iter().enumerate() {
        o.push_str(&format!(
            "<item id=\"media-{}\" href=\"media/{}\" media-type=\"{}\"/>\n",
            i + 1,
            esc_attr(&m.name),
            m.media_type
        ));
    }
    for ch in p.chapters {
        o.push_str(&format!(
            "<item id=\"{}\" href=\"{}\" media-type=\"application/xhtml+xml\"/>\n",
            esc_attr(&item_id(&ch.file)),
            esc_attr(&ch.file)
        ));
    }
    o.push_str("</manifest>\n");
    o.push_str(&format!(
        "<spine page-progression-direction=\"{}\">\n",
        primary.dir().as_str()
    ));
    for ch in p.chapters {
        o.push_str(&format!(
            "<itemref idref=\"{}\"/>\n",
            esc_attr(&item_id(&ch.file))
        ));
    }
    // the landmarks link to the table of contents, so the navigation document is a spine item;
    // outside the reading order, which is the text alone
    o.push_str("<itemref idref=\"nav\" linear=\"no\"/>\n");
    o.push_str("</spine>\n</package>\n");
    o
}

/// The edition's images, each file once (`EPUB/media/<name>`, issue 16), in name order.
pub fn media_items(e: &Edition) -> Vec<&crate::media::MediaFile> {
    let mut seen = std::collections::BTreeSet::new();
    let mut items: Vec<_> = e.media.values().filter(|m| seen.insert(&m.name)).collect();
    items.sort_by(|a, b| a.name.cmp(&b.name));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> Lang {
        Lang::parse(s).unwrap()
    }

    #[test]
    fn identifiers_are_stable_distinct_uuids() {
        let en = identifier("doc", &[l("en")]);
        assert_eq!(en, identifier("doc", &[l("en")]));
        assert_ne!(en, identifier("doc", &[l("ar")]));
        assert_ne!(en, identifier("doc", &[l("en"), l("ar")]));
        assert_ne!(en, identifier("other", &[l("en")]));
        let uuid = en.strip_prefix("urn:uuid:").unwrap();
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&uuid[14..15], "8", "version 8");
        assert!("89ab".contains(&uuid[19..20]), "RFC variant");
    }

    #[test]
    fn epoch_dates_are_civil_utc() {
        assert_eq!(modified_from_epoch(0), "1970-01-01T00:00:00Z");
        assert_eq!(modified_from_epoch(1_760_745_600), "2025-10-18T00:00:00Z");
        assert_eq!(
            modified_from_epoch(951_782_400 + 3661),
            "2000-02-29T01:01:01Z"
        );
        assert!(is_modified(&modified_from_epoch(4_102_444_799)));
        assert!(is_modified("2025-10-18T00:00:00Z"));
        assert!(!is_modified("2025-10-18"));
    }
}
