//! Issue 12 (hostile input, items 4 and 5): a damaged ID registry must stop every command before
//! anything is written (its IDs become HTML/EPUB `id`s), and control characters in the source or
//! a translation must be removed at the line that holds them, not surface later as U+FFFD in the
//! pages or as PDF font errors about characters stele inserted itself.

use crate::common::{fixture_project, run_stele};
use std::path::Path;

const REGISTRY: &str = "source/article.ids.json";

/// Every file under `dir` (none when it does not exist).
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            if e.path().is_dir() {
                out.extend(files_under(&e.path()));
            } else {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// The 1-based line of the `nth` (0-based) line of `text` containing `needle`.
fn line_of(text: &str, needle: &str, nth: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` not in the registry"))
        .0
        + 1
}

#[test]
fn issue_12_damaged_registries_are_errors_naming_the_line() {
    let good = std::fs::read_to_string(
        crate::common::root().join("tests/fixtures/align-basic/source/article.ids.json"),
    )
    .unwrap();
    let swap = |from: &str, to: &str| {
        assert!(good.contains(from), "{from}");
        good.replacen(from, to, 1)
    };
    let retired = |ids: &str| swap("\"retired\": []", &format!("\"retired\": [\n{ids}\n  ]"));
    // (case, registry bytes, expected line: (needle, nth occurrence) in those bytes, or a number)
    type Case = (&'static str, Vec<u8>, Result<(&'static str, usize), usize>);
    let cases: Vec<Case> = vec![
        (
            "duplicate live ID",
            swap("\"id\": \"p2\"", "\"id\": \"p1\"").into(),
            Ok(("\"id\": \"p1\"", 1)),
        ),
        (
            "retired ID listed twice",
            retired("    \"p11\",\n    \"p11\"").into(),
            Ok(("\"p11\"", 1)),
        ),
        (
            "retired ID also live",
            retired("    \"p3\"").into(),
            Ok(("    \"p3\"", 0)),
        ),
        (
            "an ID that is not an NCName",
            swap("\"id\": \"p2\"", "\"id\": \"1 <script>\"").into(),
            Ok(("1 <script>", 0)),
        ),
        (
            "a retired ID stele never gives out",
            retired("    \"p2\\\" onload=\\\"x\"").into(),
            Ok(("onload", 0)),
        ),
        (
            "an ID of another kind",
            swap("\"id\": \"p2\"", "\"id\": \"q7\"").into(),
            Ok(("\"id\": \"q7\"", 0)),
        ),
        (
            "unknown kind",
            // (`footnote` and `code` are kinds since issue 16)
            swap("\"kind\": \"pull-quote\"", "\"kind\": \"sidebar\"").into(),
            Ok(("sidebar", 0)),
        ),
        (
            "not JSON",
            swap("\"p\": 10,", "\"p\": 10,,").into(),
            Ok(("10,,", 0)),
        ),
        (
            "JSON of the wrong shape",
            swap("\"p\": 10,", "\"p\": \"ten\",").into(),
            Ok(("\"ten\"", 0)),
        ),
        (
            "an unknown field",
            swap("  \"retired\": []\n", "  \"extra\": []\n").into(),
            Ok(("extra", 0)),
        ),
        ("an array", b"[1, 2, 3]\n".to_vec(), Err(1)),
        (
            "an unsupported format",
            swap("\"format\": 1,", "\"format\": 2,").into(),
            Ok(("\"format\"", 0)),
        ),
        (
            "a malformed fingerprint",
            swap("\"f623f8d5cfe1\"", "\"F623F8D5CFE1\"").into(),
            Ok(("F623F8D5CFE1", 0)),
        ),
        ("an empty file", Vec::new(), Err(1)),
        ("a 10 MB file of brackets", vec![b'['; 10 << 20], Err(1)),
    ];
    for (case, bytes, want) in cases {
        let line = match want {
            Ok((needle, nth)) => line_of(std::str::from_utf8(&bytes).unwrap(), needle, nth),
            Err(n) => n,
        };
        for args in [
            &["normalize"][..],
            &["align"],
            &["sync", "--lang", "de"],
            &["build", "--format", "html,epub"],
        ] {
            let p = fixture_project("align-basic");
            let reg = p.path().join(REGISTRY);
            std::fs::write(&reg, &bytes).unwrap();
            let de = std::fs::read(p.path().join("translations/de.md")).unwrap();
            let (ok, stderr) = run_stele(p.path(), args);
            let ctx = format!("{case}, {args:?}:\n{stderr}");
            assert!(!ok, "{ctx}");
            assert!(stderr.contains("error[registry]"), "{ctx}");
            assert!(
                stderr.contains(&format!("{REGISTRY}:{line}:")),
                "want line {line}: {ctx}"
            );
            assert!(
                stderr.contains("hint: restore it from version control"),
                "{ctx}"
            );
            // A damaged registry is the user's to repair: stele never rewrites it, and builds nothing.
            assert!(
                std::fs::read(&reg).unwrap() == bytes,
                "registry rewritten: {ctx}"
            );
            assert!(files_under(&p.path().join("out")).is_empty(), "{ctx}");
            assert_eq!(
                std::fs::read(p.path().join("translations/de.md")).unwrap(),
                de,
                "{ctx}"
            );
        }
    }
}

#[test]
fn issue_12_an_intact_registry_is_still_accepted_and_kept() {
    let p = fixture_project("align-basic");
    let reg = p.path().join(REGISTRY);
    let before = std::fs::read(&reg).unwrap();
    let (ok, stderr) = run_stele(p.path(), &["build", "--format", "html"]);
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("error[registry]"), "{stderr}");
    assert_eq!(std::fs::read(&reg).unwrap(), before);
}

/// Where a control character is inserted: the file, the text it goes into (which must occur once)
/// and the offset in that text; the line and column follow from the file.
struct Site {
    file: &'static str,
    lang: Option<&'static str>,
    anchor: &'static str,
    offset: usize,
}

const SOURCE: Site = Site {
    file: "source/article.txt",
    lang: None,
    anchor: "For more than 150 years",
    offset: 2,
};
const TRANSLATION: Site = Site {
    file: "translations/de.md",
    lang: Some("de"),
    anchor: "Mehr als 150 Jahre",
    offset: 2,
};

/// The text parts of the built pages and books (every EPUB entry but images and fonts).
fn published_texts(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in files_under(&root.join("out/html"))
        .into_iter()
        .filter(|f| !f.starts_with(root.join("out/html/fonts")))
    {
        out.push((
            f.display().to_string(),
            std::fs::read_to_string(&f).unwrap(),
        ));
    }
    let books = files_under(&root.join("out/epub"));
    assert!(!books.is_empty(), "no EPUB built");
    for book in books {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let name = entry.name().to_string();
            if [
                ".xhtml", ".html", ".opf", ".ncx", ".xml", ".css", "mimetype",
            ]
            .iter()
            .any(|e| name.ends_with(e))
            {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut entry, &mut s).unwrap();
                out.push((format!("{}!{name}", book.display()), s));
            }
        }
    }
    out
}

#[test]
fn issue_12_control_characters_are_removed_with_a_warning() {
    let chars = [
        '\u{0000}',
        '\u{0001}',
        '\u{000B}',
        '\u{007F}',
        '\u{0085}',
        '\u{FFFE}',
        '\u{FDD0}',
        '\u{1FFFF}',
    ];
    let baseline = {
        let p = fixture_project("align-basic");
        let (ok, stderr) = run_stele(p.path(), &["build", "--format", "html,epub"]);
        assert!(ok, "{stderr}");
        published_texts(p.path())
    };
    for site in [SOURCE, TRANSLATION] {
        for c in chars {
            let case = format!("U+{:04X} in {}", c as u32, site.file);
            let p = fixture_project("align-basic");
            let path = p.path().join(site.file);
            let text = std::fs::read_to_string(&path).unwrap();
            let at = text.find(site.anchor).expect("anchor") + site.offset;
            // Inside a word, so that once removed the text (and its fingerprint) is the original.
            let damaged = format!("{}{c}{}", &text[..at], &text[at..]);
            std::fs::write(&path, &damaged).unwrap();
            let line = text[..at].matches('\n').count() + 1;
            let col = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;

            let (ok, stderr) = run_stele(p.path(), &["build", "--format", "html,epub,pdf"]);
            assert!(ok, "{case}: {stderr}");
            let lang = site.lang.map_or(String::new(), |l| format!("[{l}] "));
            let want = format!(
                "warning[control-char]: {}:{line}:{col}: {lang}removed 1 control character(s), first U+{:04X} at column {col}",
                site.file, c as u32
            );
            assert!(stderr.contains(&want), "{case}: want {want}\n{stderr}");
            // Before issue 12 the PDF failed with ~145 `pdf-font` errors that named no source line.
            assert!(!stderr.contains("error"), "{case}: {stderr}");
            assert!(p
                .path()
                .join(format!("out/pdf/{}.pdf", site.lang.unwrap_or("en")))
                .is_file());
            // The file itself is the author's: it is read, never cleaned in place.
            assert_eq!(std::fs::read_to_string(&path).unwrap(), damaged, "{case}");

            let texts = published_texts(p.path());
            for (name, s) in &texts {
                assert!(!s.contains('\u{FFFD}'), "{case}: U+FFFD in {name}");
                assert!(!s.contains(c), "{case}: the character reached {name}");
            }
            // Removed, and nothing else changed: the editions are those of the intact project.
            let strip = |v: &[(String, String)]| -> Vec<String> {
                v.iter().map(|(_, s)| s.clone()).collect()
            };
            assert_eq!(
                strip(&texts),
                strip(&baseline),
                "{case}: editions differ from the intact project's"
            );
        }
    }
}

#[test]
fn issue_12_control_characters_on_one_line_are_counted_from_the_first() {
    let p = fixture_project("align-basic");
    let path = p.path().join(SOURCE.file);
    let text = std::fs::read_to_string(&path).unwrap();
    let damaged = text.replacen("For more", "\u{0}For\u{7}\u{9F} more", 1);
    std::fs::write(&path, damaged).unwrap();
    let (ok, stderr) = run_stele(p.path(), &["normalize"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(
            "source/article.txt:3:1: removed 3 control character(s), first U+0000 at column 1"
        ),
        "{stderr}"
    );
    let ast = std::fs::read_to_string(p.path().join("out/ast/en.json")).unwrap();
    assert!(ast.contains("\"For\"") && !ast.contains("\\u0000"), "{ast}");
}
