//! TMX 1.4 translation memory: one `<tu tuid=ID>` per segment with at least one current
//! translation (its fingerprint is the current one), the source and every language's current
//! translation as `<tuv xml:lang>`, segmented by paragraph. The `<seg>` text is the Markdown as
//! in the PO export, so a CAT tool's exact match on a PO `msgid` finds it.

use super::xml::{esc, esc_attr};
use super::{ExportOptions, Unit};
use crate::model::Lang;
use crate::model::Status;
use std::fmt::Write;

/// The memory of every language's current pairs, in source order.
pub fn write(langs: &[(Lang, Vec<Unit>)], opts: &ExportOptions) -> String {
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
    let _ = writeln!(
        s,
        "  <header creationtool=\"stele\" creationtoolversion=\"{}\" segtype=\"paragraph\" o-tmf=\"stele\" adminlang=\"en\" srclang=\"{}\" datatype=\"plaintext\"/>",
        env!("CARGO_PKG_VERSION"),
        opts.source_lang
    );
    s.push_str("  <body>\n");
    let Some((_, first)) = langs.first() else {
        s.push_str("  </body>\n</tmx>\n");
        return s;
    };
    for (k, u) in first.iter().enumerate() {
        let current: Vec<(&Lang, &Unit)> = langs
            .iter()
            .filter_map(|(l, us)| us.get(k).map(|u| (l, u)))
            .filter(|(_, u)| u.state == Status::Current)
            .collect();
        if current.is_empty() {
            continue;
        }
        let _ = writeln!(s, "    <tu tuid=\"{}\">", esc_attr(&u.id));
        let _ = writeln!(
            s,
            "      <prop type=\"x-fingerprint\">{}</prop>",
            esc(&u.fingerprint)
        );
        let _ = writeln!(
            s,
            "      <tuv xml:lang=\"{}\"><seg>{}</seg></tuv>",
            opts.source_lang,
            esc(&u.source)
        );
        for (l, t) in current {
            let _ = writeln!(
                s,
                "      <tuv xml:lang=\"{l}\"><seg>{}</seg></tuv>",
                esc(&t.target)
            );
        }
        s.push_str("    </tu>\n");
    }
    s.push_str("  </body>\n</tmx>\n");
    s
}
