//! Reads the source's images once (issue 16): each target is a path relative to `source/`,
//! confined to the project by [`crate::io`], and must be a PNG, JPEG, GIF or SVG by its content.

use crate::diag::Diagnostic;
use crate::io::{self, Project};
use crate::media::{self, MediaSet};
use crate::model::Document;
use std::path::Path;

/// The images of `doc` (the normalized source), by target; an unreadable one is an error naming
/// the source file and the segment, and is shown by its description.
pub fn read_media(
    project: &Project,
    source_file: &Path,
    doc: &Document,
) -> (MediaSet, Vec<Diagnostic>) {
    let mut set = MediaSet::new();
    let mut diags = Vec::new();
    let shown = project.display(source_file);
    for (target, seg) in media::local_images(&doc.ast.blocks) {
        match read_one(project, &target) {
            Ok(m) => {
                set.insert(target, m);
            }
            Err((msg, hint)) => {
                let mut d =
                    Diagnostic::error("image-unreadable", format!("image `{target}`: {msg}"))
                        .file(&shown)
                        .hint(hint);
                if !seg.is_empty() {
                    d = d.segment(seg);
                }
                diags.push(d);
            }
        }
    }
    (set, diags)
}

fn read_one(project: &Project, target: &str) -> Result<media::MediaFile, (String, String)> {
    let rel = Path::new(target);
    if rel.is_absolute() || target.starts_with('\\') {
        return Err((
            "an absolute path is not part of the project".into(),
            "write the path relative to source/ (e.g. `images/figure.png`) and keep the file in the project".into(),
        ));
    }
    let path = project.source_dir().join(rel);
    let shown = project.display(&path);
    if let Err(d) = project.confine(&format!("image `{target}`"), &path) {
        let missing = d.message.starts_with("cannot resolve");
        return Err(if missing {
            (
                format!("{} does not exist", shown.display()),
                "check the path (relative to source/) or add the file".into(),
            )
        } else {
            (
                format!("{} is outside the project", shown.display()),
                "copy the image into the project (e.g. source/images/) and point to that".into(),
            )
        });
    }
    let bytes = io::read(&path, &shown).map_err(|d| {
        let message = if d.message.contains("no such file") {
            format!("{} does not exist", shown.display())
        } else {
            d.message.clone()
        };
        (
            message,
            "check the path (relative to source/) and that it names a readable file".to_string(),
        )
    })?;
    media::media_file(bytes).ok_or_else(|| {
        (
            format!("{} is not a png, jpeg, gif or svg image", shown.display()),
            "convert it to png, jpeg, gif or svg (the type is read from the content, not the name)"
                .into(),
        )
    })
}
