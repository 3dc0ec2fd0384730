//! Issue 16, heading hierarchy: the `numbered-manual` fixture (`Chapter N.`, `N.N.`, `N.N.N.`
//! headings, unnumbered ones at the default level, paragraphs that only look like headings)
//! gets its levels from its numbering, and the levels reach every output: the AST, the nested
//! HTML tables of contents, the nested EPUB navigation with one file per chapter, and the
//! nested PDF bookmarks, in the single-language and the parallel editions.

use crate::common::*;
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

fn expected(name: &str) -> PathBuf {
    root()
        .join("tests/fixtures/numbered-manual/expected")
        .join(name)
}

/// Builds a copy of the fixture (after `edit` on its edition.toml) with no warning.
fn built(edit: impl Fn(&mut String)) -> tempfile::TempDir {
    built_with(edit, true)
}

/// [`built`]; `clean`: whether warnings fail the test.
fn built_with(edit: impl Fn(&mut String), clean: bool) -> tempfile::TempDir {
    let dir = fixture_project("numbered-manual");
    let config = dir.path().join("source/edition.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    edit(&mut text);
    std::fs::write(&config, text).unwrap();
    let (ok, stderr) = run_stele(dir.path(), &["build", "--quiet"]);
    assert!(ok, "stele build failed:\n{stderr}");
    assert!(
        !clean || !stderr.contains("warning["),
        "stele build warned:\n{stderr}"
    );
    dir
}

/// `(id, level, text)` of every `Header` in an AST file.
fn headers(ast: &Path) -> Vec<(String, i64, String)> {
    let json: Value = serde_json::from_str(&std::fs::read_to_string(ast).unwrap()).unwrap();
    let text = |inlines: &Value| -> String {
        let mut s = String::new();
        for x in inlines.as_array().unwrap() {
            match x["t"].as_str() {
                Some("Str") => s.push_str(x["c"].as_str().unwrap()),
                Some("Space") => s.push(' '),
                _ => s.push('…'),
            }
        }
        s
    };
    json["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["t"] == "Header")
        .map(|b| {
            let c = &b["c"];
            (
                c[1][0].as_str().unwrap().to_string(),
                c[0].as_i64().unwrap(),
                text(&c[2]),
            )
        })
        .collect()
}

/// The `<nav class="toc">…</nav>` of an HTML page, or the `epub:type="toc"` nav of a book.
fn toc_markup(page: &str, open: &str) -> String {
    let start = page.find(open).unwrap_or_else(|| panic!("no {open}"));
    let end = start + page[start..].find("</nav>").unwrap() + "</nav>".len();
    page[start..end].to_string()
}

/// The files of a book and its `nav.xhtml`.
fn book(path: &Path) -> (Vec<String>, String) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter(|n| n.ends_with(".xhtml"))
        .map(String::from)
        .collect();
    let mut nav = String::new();
    zip.by_name("EPUB/nav.xhtml")
        .unwrap()
        .read_to_string(&mut nav)
        .unwrap();
    let mut names = names;
    names.sort();
    (names, nav)
}

/// The deepest nesting of `<ol>` lists in some markup.
fn max_list_depth(markup: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut rest = markup;
    while let Some(i) = rest.find("ol>") {
        let tag = &rest[..i];
        if tag.ends_with("</") {
            depth = depth.saturating_sub(1);
        } else if tag.ends_with('<') {
            depth += 1;
            max = max.max(depth);
        }
        rest = &rest[i + 3..];
    }
    max
}

#[test]
fn issue16_levels_come_from_the_numbering_in_the_ast() {
    let dir = built(|_| {});
    let got: Vec<(String, i64, String)> = headers(&dir.path().join("out/ast/en.json"));
    let want: Vec<(&str, i64, &str)> = vec![
        (
            "title",
            1,
            "The Hearth 40 Wood Stove: Installation and Care",
        ),
        ("h1", 1, "Chapter 1. Installation"),
        ("h2", 2, "1.1. Choosing the Location"),
        ("h3", 3, "1.1.1. Floor Load"),
        ("h4", 3, "1.1.2. Clearances"),
        ("h5", 2, "1.2. Connecting the Flue"),
        ("h6", 1, "Chapter 2. First Firing"),
        ("h7", 2, "2.1. Curing the Paint"),
        ("h8", 1, "Chapter 3. Routine Care"),
        ("h9", 2, "3.1. Cleaning the Glass"),
        // unnumbered: the default level; a short question is a heading
        ("h10", 2, "Why does the glass turn black?"),
        ("h11", 2, "3.2. Sweeping the Chimney"),
        ("h12", 3, "3.2.1. Signs of a Blocked Flue"),
        // `2025` is a year, not a section number
        ("h13", 2, "2025 Safety Update"),
    ];
    let want: Vec<(String, i64, String)> = want
        .into_iter()
        .map(|(a, b, c)| (a.to_string(), b, c.to_string()))
        .collect();
    assert_eq!(got, want);
    // The long question, the line ending in a URL and `1.5 million …` are paragraphs.
    let ast = std::fs::read_to_string(dir.path().join("out/ast/en.json")).unwrap();
    for id in ["p7", "p9", "p11"] {
        assert!(
            ast.contains(&format!("[\"{id}\",[\"paragraph\"]")),
            "{id} is a paragraph"
        );
    }
    // The translations keep the source's levels.
    for lang in ["ar", "ru"] {
        let levels: Vec<i64> = headers(&dir.path().join(format!("out/ast/{lang}.json")))
            .into_iter()
            .map(|h| h.1)
            .collect();
        let source: Vec<i64> = want_levels(&got);
        assert_eq!(levels, source, "{lang}");
    }
}

fn want_levels(h: &[(String, i64, String)]) -> Vec<i64> {
    h.iter().map(|x| x.1).collect()
}

#[test]
fn issue16_nested_toc_nav_and_bookmarks_in_every_edition() {
    let dir = built(|_| {});
    let out = dir.path().join("out");

    // HTML: one nested table of contents per page (the parallel page shows the source's).
    let mut html = String::new();
    for page in ["en", "ar", "ru", "parallel"] {
        let text = std::fs::read_to_string(out.join(format!("html/{page}.html"))).unwrap();
        let toc = toc_markup(&text, "<nav class=\"toc\"");
        assert_eq!(max_list_depth(&toc), 3, "{page}: three nested levels");
        html.push_str(&format!("# html/{page}.html\n{toc}\n"));
        // The title is the one <h1> (per column of the parallel page); chapters are <h2>,
        // sections <h3>, subsections <h4>.
        let titles = if page == "parallel" { 3 } else { 1 };
        assert_eq!(text.matches("<h1").count(), titles, "{page}");
        let prefix = if page == "parallel" { "en-" } else { "" };
        for (id, h) in [("h1", "h2"), ("h2", "h3"), ("h3", "h4"), ("h10", "h3")] {
            assert!(
                text.contains(&format!("<{h} id=\"{prefix}{id}\"")),
                "{page}: {id} is <{h}>"
            );
        }
    }
    golden(&expected("toc-html.txt"), &html);

    // EPUB: one file per chapter (the top level present), nested navigation.
    let mut nav = String::new();
    for name in ["en", "ar", "ru", "en-ar", "en-ru"] {
        let path = out.join(format!("epub/{name}.epub"));
        let (files, doc) = book(&path);
        assert_eq!(
            files,
            [
                "EPUB/h1.xhtml",
                "EPUB/h6.xhtml",
                "EPUB/h8.xhtml",
                "EPUB/nav.xhtml",
                "EPUB/title.xhtml"
            ],
            "{name}"
        );
        let toc = toc_markup(&doc, "<nav epub:type=\"toc\"");
        assert_eq!(max_list_depth(&toc), 3, "{name}: three nested levels");
        nav.push_str(&format!("# epub/{name}.epub nav.xhtml\n{toc}\n"));
        if let Some(found) = epubcheck(&path) {
            assert!(
                found.is_empty(),
                "epubcheck {name}.epub:\n{}",
                found.join("\n")
            );
        }
    }
    golden(&expected("nav-epub.txt"), &nav);

    // PDF: bookmarks nested by level (the source column's in a parallel edition).
    let mut outlines = String::new();
    for name in ["en", "ar", "ru", "en-ar", "en-ru"] {
        let Some(outline) = pdf_outline(&out.join(format!("pdf/{name}.pdf"))) else {
            break;
        };
        let depths: Vec<usize> = outline
            .lines()
            .map(|l| (l.len() - l.trim_start().len()) / 2)
            .collect();
        assert_eq!(
            depths,
            [0, 1, 2, 2, 1, 0, 1, 0, 1, 1, 1, 2, 1],
            "{name}:\n{outline}"
        );
        // Typst isolates numbers in Arabic titles with U+2066…U+2069: shown, not hidden.
        let shown = outline
            .replace('\u{2066}', "<LRI>")
            .replace('\u{2069}', "<PDI>");
        outlines.push_str(&format!("# pdf/{name}.pdf\n{shown}"));
    }
    if !outlines.is_empty() {
        golden(&expected("pdf-outline.txt"), &outlines);
    }

    let pages: Vec<PathBuf> = ["en", "ar", "ru", "parallel"]
        .iter()
        .map(|p| out.join(format!("html/{p}.html")))
        .collect();
    if let Some(report) = vnu(&pages) {
        assert!(report.trim().is_empty(), "vnu:\n{report}");
    }
}

#[test]
fn issue16_epub_split_level_is_configurable() {
    // Built at the default level first: changing the split level alone rebuilds the books.
    let dir = built(|_| {});
    let config = dir.path().join("source/edition.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[epub]\nsplit_level = 2\n");
    std::fs::write(&config, text).unwrap();
    let (ok, stderr) = run_stele(dir.path(), &["build", "--quiet"]);
    assert!(ok, "stele build failed:\n{stderr}");
    let (files, nav) = book(&dir.path().join("out/epub/en.epub"));
    let stems: Vec<&str> = files
        .iter()
        .map(|f| f.trim_start_matches("EPUB/").trim_end_matches(".xhtml"))
        .collect();
    assert_eq!(
        stems,
        ["h1", "h10", "h11", "h13", "h2", "h5", "h6", "h7", "h8", "h9", "nav", "title"]
    );
    // Splitting finer does not flatten the navigation.
    assert_eq!(
        max_list_depth(&toc_markup(&nav, "<nav epub:type=\"toc\"")),
        3
    );
    assert!(
        nav.contains("<a href=\"h2.xhtml#h3\">1.1.1. Floor Load</a>"),
        "{nav}"
    );
}

#[test]
fn issue16_patterns_and_levels_from_edition_toml() {
    // Kinds change against the translations (h13 becomes a paragraph): warnings are expected.
    let dir = built_with(
        |t| {
            *t = t.replace(
                "heading_level = 2\n",
                "heading_level = 3\nnot_headings = ['^\\d{4} ']\nheadings = ['^Instructions with photographs']\n\
                 [[normalize.heading_levels]]\npattern = '^Why '\nlevel = 4\n",
            )
        },
        false,
    );
    let all = headers(&dir.path().join("out/ast/en.json"));
    assert!(
        !all.iter().any(|h| h.2 == "2025 Safety Update"),
        "not_headings pattern: {all:?}"
    );
    let got: Vec<(String, i64)> = all
        .into_iter()
        .map(|(_, l, t)| (t, l))
        .filter(|(t, _)| !t.starts_with(char::is_numeric) && !t.starts_with("Chapter"))
        .collect();
    let want = [
        ("The Hearth 40 Wood Stove: Installation and Care", 1),
        // forced by a pattern and unnumbered: the document's default level (now 3)
        (
            "Instructions with photographs are on the maker's website at …",
            3,
        ),
        // a `heading_levels` pattern
        ("Why does the glass turn black?", 4),
    ];
    let want: Vec<(String, i64)> = want.iter().map(|(t, l)| (t.to_string(), *l)).collect();
    assert_eq!(got, want);
    // Numbered headings keep the level of their numbering.
    let numbered = headers(&dir.path().join("out/ast/en.json"));
    assert!(numbered
        .iter()
        .any(|h| h.2 == "1.1.1. Floor Load" && h.1 == 3));
}

#[test]
fn issue16_bad_patterns_are_config_errors_all_at_once() {
    let dir = fixture_project("numbered-manual");
    let config = dir.path().join("source/edition.toml");
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "heading_level = 2\n",
        "heading_level = 2\nheadings = ['^Chapter (']\nnot_headings = ['Exact (text', '^[a-']\n",
    );
    std::fs::write(&config, &text).unwrap();
    let (ok, stderr) = run_stele(dir.path(), &["build"]);
    assert!(!ok, "a bad pattern fails the build");
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for (key, l) in [
        ("normalize.headings[0] `^Chapter (`", line("^Chapter (")),
        ("normalize.not_headings[1] `^[a-`", line("^[a-")),
    ] {
        let msg = stderr.lines().find(|s| s.contains(key));
        let msg = msg.unwrap_or_else(|| panic!("no error for {key}:\n{stderr}"));
        assert!(msg.contains(&format!("source/edition.toml:{l}:")), "{msg}");
    }
    assert!(
        !stderr.contains("Exact (text"),
        "exact text is not a pattern:\n{stderr}"
    );
}
