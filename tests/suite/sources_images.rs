//! Issue 16, images: a Markdown source (`md-images`) with a 2x2 PNG and an SVG, translated into
//! Russian. The files are copied to `out/html/media` and referenced from every page, carried in
//! every EPUB (EPUBCheck clean) and set in every PDF; a path leaving the project, an absolute
//! one, a missing file and a file that is no image are errors naming the file and the segment.

use crate::common::*;
use std::io::Read;
use std::path::Path;
use std::process::Command;

const PNG_NAME_LEN: usize = "0123456789abcdef.png".len();

/// The files under `out/html/media`, sorted.
fn media_dir(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("out/html/media"))
        .expect("out/html/media exists")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// An EPUB entry: its name and bytes.
type Entry = (String, Vec<u8>);

/// The entries of an EPUB, `EPUB/package.opf` and the `EPUB/media/` entries.
fn epub_entries(book: &Path) -> (Vec<String>, String, Vec<Entry>) {
    let file = std::fs::File::open(book).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut names = Vec::new();
    let mut opf = String::new();
    let mut media = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        if name == "EPUB/package.opf" {
            f.read_to_string(&mut opf).unwrap();
        } else if name.starts_with("EPUB/media/") {
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            media.push((name.clone(), b));
        }
        names.push(name);
    }
    (names, opf, media)
}

#[test]
fn issue16_images_are_embedded_in_html_epub_and_pdf() {
    let dir = fixture_project("md-images");
    let root = dir.path();
    crate::sources::build_clean(root);
    let out = root.join("out");
    let png = std::fs::read(root.join("source/images/dot.png")).unwrap();
    let svg = std::fs::read(root.join("source/images/mark.svg")).unwrap();

    // HTML: both files, named by content, byte for byte, referenced with their descriptions.
    let names = media_dir(root);
    assert_eq!(names.len(), 2, "{names:?}");
    let png_name = names.iter().find(|n| n.ends_with(".png")).unwrap().clone();
    let svg_name = names.iter().find(|n| n.ends_with(".svg")).unwrap().clone();
    assert_eq!(png_name.len(), PNG_NAME_LEN);
    assert_eq!(
        std::fs::read(out.join("html/media").join(&png_name)).unwrap(),
        png
    );
    assert_eq!(
        std::fs::read(out.join("html/media").join(&svg_name)).unwrap(),
        svg
    );
    let page = |p: &str| std::fs::read_to_string(out.join(format!("html/{p}.html"))).unwrap();
    let en_png =
        format!("<img src=\"media/{png_name}\" alt=\"A chequered square of red and blue\"/>");
    // (Russian typography binds short words and the dash with no-break spaces: the Russian alt
    // texts are checked up to the first of them.)
    let ru_png = format!("<img src=\"media/{png_name}\" alt=\"Клетчатый квадрат, красный");
    let ru_svg = format!("<img src=\"media/{svg_name}\" alt=\"Синий круг");
    assert!(page("en").contains(&en_png), "{}", page("en"));
    assert!(page("ru").contains(&ru_png) && page("ru").contains(&ru_svg));
    let parallel = page("parallel");
    assert!(parallel.contains(&en_png) && parallel.contains(&ru_png) && parallel.contains(&ru_svg));
    let pages: Vec<_> = ["en", "ru", "parallel"]
        .iter()
        .map(|p| out.join(format!("html/{p}.html")))
        .collect();
    if let Some(report) = vnu(&pages) {
        assert!(report.trim().is_empty(), "vnu:\n{report}");
    }

    // EPUB: manifest items with the media type read from the content, the bytes, <img>.
    for book in ["en", "ru", "en-ru"] {
        let path = out.join(format!("epub/{book}.epub"));
        let (entries, opf, media) = epub_entries(&path);
        assert!(
            opf.contains(&format!(
                "href=\"media/{png_name}\" media-type=\"image/png\""
            )),
            "{book}: {opf}"
        );
        assert!(opf.contains(&format!(
            "href=\"media/{svg_name}\" media-type=\"image/svg+xml\""
        )));
        assert!(
            media.contains(&(format!("EPUB/media/{png_name}"), png.clone())),
            "{entries:?}"
        );
        assert!(media.contains(&(format!("EPUB/media/{svg_name}"), svg.clone())));
        if let Some(found) = epubcheck(&path) {
            assert!(
                found.is_empty(),
                "epubcheck {book}.epub:\n{}",
                found.join("\n")
            );
        }
    }

    // PDF: the 2x2 raster image in every edition (the SVG is set as vector graphics).
    if let Some(pdfimages) = poppler("pdfimages") {
        for (pdf, count) in [("en", 1), ("ru", 1), ("en-ru", 2)] {
            let o = Command::new(&pdfimages)
                .arg("-list")
                .arg(out.join(format!("pdf/{pdf}.pdf")))
                .output()
                .unwrap();
            let list = String::from_utf8_lossy(&o.stdout);
            let images: Vec<&str> = list.lines().skip(2).collect();
            assert_eq!(images.len(), count, "{pdf}.pdf:\n{list}");
            for line in images {
                let cols: Vec<&str> = line.split_whitespace().collect();
                assert_eq!((cols[2], cols[3], cols[4]), ("image", "2", "2"), "{line}");
            }
        }
    }
}

/// Replaces the PNG's target in the source and builds; returns (success, stderr).
fn build_with_target(target: &str) -> (bool, String) {
    let dir = fixture_project("md-images");
    let root = dir.path();
    let md = root.join("source/article.md");
    let text = std::fs::read_to_string(&md).unwrap();
    std::fs::write(&md, text.replace("images/dot.png", target)).unwrap();
    run_stele(root, &["build"])
}

#[test]
fn issue16_an_image_path_outside_the_project_is_an_error_naming_it() {
    let (ok, stderr) = build_with_target("../../etc/passwd");
    assert!(!ok, "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("error[image-unreadable]"))
        .unwrap_or_else(|| panic!("no image error:\n{stderr}"));
    assert!(
        line.contains("`../../etc/passwd`") && line.contains("outside the project"),
        "{line}"
    );
    assert!(
        line.contains("source/article.md") && line.contains("p2"),
        "{line}"
    );
}

#[test]
fn issue16_absolute_missing_and_non_image_paths_are_errors_naming_them() {
    for (target, says) in [
        ("/etc/hostname", "an absolute path"),
        ("images/none.png", "does not exist"),
        ("notes.txt", "is not a png, jpeg, gif or svg image"),
    ] {
        let (ok, stderr) = build_with_target(target);
        assert!(!ok, "{target}: {stderr}");
        let line = stderr
            .lines()
            .find(|l| l.starts_with("error[image-unreadable]"))
            .unwrap_or_else(|| panic!("{target}: no image error:\n{stderr}"));
        assert!(
            line.contains(&format!("`{target}`")) && line.contains(says),
            "{line}"
        );
        assert!(line.contains("source/article.md"), "{line}");
    }
}

#[test]
fn issue16_an_edited_image_rebuilds_the_editions_that_show_it() {
    let dir = fixture_project("md-images");
    let root = dir.path();
    crate::sources::build_clean(root);
    let (ok, again) = run_stele(root, &["build"]);
    assert!(ok && again.contains("16 up to date"), "{again}");
    // Same size, other content: a new image (the type is still read from its bytes).
    let png = root.join("source/images/dot.png");
    let mut bytes = std::fs::read(&png).unwrap();
    bytes = [&bytes[..], b"\0"].concat();
    std::fs::write(&png, &bytes).unwrap();
    let (ok, after) = run_stele(root, &["build"]);
    assert!(ok, "{after}");
    assert!(!after.contains("16 up to date"), "{after}");
    let names = media_dir(root);
    assert!(names.len() >= 2, "{names:?}");
    let page = std::fs::read_to_string(root.join("out/html/en.html")).unwrap();
    let new_name = names
        .iter()
        .find(|n| {
            n.ends_with(".png")
                && std::fs::read(root.join("out/html/media").join(n)).unwrap() == bytes
        })
        .expect("the edited image is written");
    assert!(page.contains(&format!("media/{new_name}")), "{page}");
}

#[test]
fn issue16_images_are_set_in_the_facing_pdf_too() {
    // The facing edition's measuring pass typesets every unit in a world of its own: it must
    // serve the images as the final pages do (issue 20 x issue 16).
    let project = fixture_project("md-images");
    let root = project.path();
    let (ok, err) = run_stele(root, &["build", "--format", "pdf", "--layout", "facing"]);
    assert!(ok, "{err}");
    let Some(pdfimages) = poppler("pdfimages") else {
        return;
    };
    let o = Command::new(&pdfimages)
        .arg("-list")
        .arg(root.join("out/pdf/en-ru-facing.pdf"))
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&o.stdout);
    // Once on the English page, once on the Russian one.
    assert_eq!(list.lines().skip(2).count(), 2, "{list}");
}
