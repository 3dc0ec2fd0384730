//! The fonts the HTML and EPUB editions ship (issue 18): the faces the PDFs are set in, Amiri
//! for Arabic script and Libertinus Serif for Latin, Greek and Cyrillic, as files the pages'
//! `@font-face` rules point at with relative URLs (`out/html/fonts/`, `EPUB/fonts/`).
//!
//! The files are the unmodified TTF/OTF fonts of `fonts/` (compiled into stele, so they are part
//! of the code fingerprint that keys incremental builds); no WOFF2 or subsetting: subsetting
//! would have to keep the OpenType layout tables Arabic shaping needs, which the well-kept
//! subsetter (typst's) drops, as PDFs do not need them.
//!
//! Optical size: Amiri draws its letters small on the body (as Arabic book faces do), so text in
//! an Arabic-script language is set at [`ARABIC_SCALE`] times the Latin size: the ratio of the
//! PDF editions (13.5 pt Amiri against 11 pt Libertinus in `pdf::typst_writer::metrics`),
//! rounded down, so the three formats agree. `font-size-adjust` is no help here: it scales by the
//! x-height, which for Amiri is that of its Latin letters, not the height of its Arabic ones.

use crate::model::{Lang, Script};

/// One font file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WebFont {
    /// The file name, under `fonts/`.
    pub file: &'static str,
    pub family: &'static str,
    /// CSS `font-weight`, `font-style`.
    pub weight: u16,
    pub italic: bool,
    /// Latin-script face (always shipped) or Arabic-script face (shipped with an Arabic-script language).
    pub arabic: bool,
    pub bytes: &'static [u8],
}

impl WebFont {
    /// The media type for an EPUB manifest and `@font-face` `format()`.
    pub fn media_type(&self) -> &'static str {
        if self.file.ends_with(".otf") {
            "font/otf"
        } else {
            "font/ttf"
        }
    }
    fn format(&self) -> &'static str {
        if self.file.ends_with(".otf") {
            "opentype"
        } else {
            "truetype"
        }
    }
}

/// Size of Arabic-script text relative to the surrounding Latin text (see the module docs).
pub const ARABIC_SCALE: &str = "1.2";

/// The Latin/Cyrillic family, then fallbacks.
pub const SERIF_STACK: &str =
    "\"Libertinus Serif\", Georgia, \"Noto Serif\", \"DejaVu Serif\", serif";
/// The Arabic family, then the Latin one for Latin runs inside Arabic text.
pub const ARABIC_STACK: &str =
    "\"Amiri\", \"Libertinus Serif\", \"Noto Naskh Arabic\", \"DejaVu Serif\", serif";

macro_rules! font {
    ($dir:literal, $file:literal, $family:literal, $weight:literal, $italic:literal, $arabic:literal) => {
        WebFont {
            file: $file,
            family: $family,
            weight: $weight,
            italic: $italic,
            arabic: $arabic,
            bytes: include_bytes!(concat!("../../fonts/", $dir, "/", $file)),
        }
    };
}

/// Every shipped face, in a fixed order.
pub const FONTS: &[WebFont] = &[
    font!(
        "libertinus",
        "LibertinusSerif-Regular.otf",
        "Libertinus Serif",
        400,
        false,
        false
    ),
    font!(
        "libertinus",
        "LibertinusSerif-Italic.otf",
        "Libertinus Serif",
        400,
        true,
        false
    ),
    font!(
        "libertinus",
        "LibertinusSerif-Bold.otf",
        "Libertinus Serif",
        700,
        false,
        false
    ),
    font!(
        "libertinus",
        "LibertinusSerif-BoldItalic.otf",
        "Libertinus Serif",
        700,
        true,
        false
    ),
    font!("amiri", "Amiri-Regular.ttf", "Amiri", 400, false, true),
    font!("amiri", "Amiri-Bold.ttf", "Amiri", 700, false, true),
];

/// The licenses shipped beside the fonts (file name, text).
pub const LICENSES: &[(&str, &str)] = &[
    (
        "OFL-Libertinus.txt",
        include_str!("../../fonts/libertinus/OFL.txt"),
    ),
    ("OFL-Amiri.txt", include_str!("../../fonts/amiri/OFL.txt")),
];

/// The faces text in `langs` needs: Libertinus always (numbers, URLs and Latin names appear in
/// every language), Amiri when a language is written in Arabic script.
pub fn for_langs<'a>(langs: impl IntoIterator<Item = &'a Lang>) -> Vec<&'static WebFont> {
    let arabic = langs.into_iter().any(|l| l.script() == Script::Arabic);
    FONTS.iter().filter(|f| !f.arabic || arabic).collect()
}

/// `@font-face` rules for `fonts`, their files under `dir` (a relative URL prefix, `fonts/`).
pub fn font_faces(fonts: &[&WebFont], dir: &str) -> String {
    let mut s = String::new();
    for f in fonts {
        s.push_str(&format!(
            "@font-face {{ font-family: \"{}\"; src: url(\"{dir}{}\") format(\"{}\"); font-weight: {}; font-style: {}; font-display: swap; }}\n",
            f.family,
            f.file,
            f.format(),
            f.weight,
            if f.italic { "italic" } else { "normal" },
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue18_amiri_ships_only_with_an_arabic_script_language() {
        let l = |t: &str| Lang::parse(t).unwrap();
        let latin = for_langs(&[l("en"), l("ru")]);
        assert!(latin.iter().all(|f| f.family == "Libertinus Serif"));
        assert_eq!(latin.len(), 4);
        let with_ar = for_langs(&[l("en"), l("ar")]);
        assert!(with_ar.iter().any(|f| f.file == "Amiri-Regular.ttf"));
        // every file is a real font: TrueType or CFF OpenType magic
        for f in FONTS {
            assert!(
                f.bytes.starts_with(&[0, 1, 0, 0]) || f.bytes.starts_with(b"OTTO"),
                "{}",
                f.file
            );
        }
        let css = font_faces(&with_ar, "fonts/");
        assert!(css.contains(
            "src: url(\"fonts/Amiri-Regular.ttf\") format(\"truetype\"); font-weight: 400; font-style: normal"
        ));
    }
}
