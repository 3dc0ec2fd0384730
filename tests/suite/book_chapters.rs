//! Issue 16, books: a book's translations as one file per chapter (`align.per_chapter`), through
//! sync, align, status, accept, import (text and PO) and build, on the md-book fixture.

use crate::common::{fixture_project, run_stele};
use std::collections::BTreeMap;
use std::path::Path;

const CHAPTERS: [&str; 3] = ["01-preface.md", "02-keepers.md", "03-light.md"];

/// The md-book fixture with `align.per_chapter = true` and no translation files.
fn per_chapter_project() -> tempfile::TempDir {
    let dir = fixture_project("md-book");
    let root = dir.path();
    let toml = root.join("source/edition.toml");
    let cfg = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{cfg}per_chapter = true\n")).unwrap();
    for l in ["ar", "ru"] {
        std::fs::remove_file(root.join(format!("translations/{l}.md"))).unwrap();
    }
    dir
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The IDs of a translation file's divs, in order.
fn ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("::: {#"))
        .map(|l| l.split([' ', '}']).next().unwrap().to_string())
        .collect()
}

/// A one-file translation's front matter and each div's full text (fence to fence), by ID.
fn divs(text: &str) -> (String, BTreeMap<String, String>) {
    let end = text[3..].find("\n---\n").unwrap() + 3 + 5;
    let mut out = BTreeMap::new();
    let mut cur: Option<(String, String)> = None;
    for line in text[end..].split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("::: {#") {
            let id = rest.split([' ', '}']).next().unwrap().to_string();
            cur = Some((id, line.to_string()));
        } else if let Some((id, mut body)) = cur.take() {
            body.push_str(line);
            if line.trim_end() == ":::" {
                out.insert(id, body);
            } else {
                cur = Some((id, body));
            }
        }
    }
    (text[..end].to_string(), out)
}

/// `stele sync` then every chapter file filled with the fixture's one-file translation: the
/// same divs, the first file with its front matter.
fn fill_from_fixture(root: &Path) {
    let fixture = crate::common::root().join("tests/fixtures/md-book/translations");
    for l in ["ar", "ru"] {
        let (ok, stderr) = run_stele(root, &["sync", "--lang", l]);
        assert!(ok, "{stderr}");
        let one = std::fs::read_to_string(fixture.join(format!("{l}.md"))).unwrap();
        let (front, by_id) = divs(&one);
        for (i, ch) in CHAPTERS.iter().enumerate() {
            let rel = format!("translations/{l}/{ch}");
            let mut text = match i {
                0 => front.clone(),
                _ => format!("---\nlang: {l}\n---\n"),
            };
            for id in ids(&read(root, &rel)) {
                text.push('\n');
                text.push_str(&by_id[&id]);
            }
            std::fs::write(root.join(&rel), text).unwrap();
        }
    }
}

/// The 1-based line of the first line of `rel` containing `needle`.
fn line_of(root: &Path, rel: &str, needle: &str) -> usize {
    read(root, rel)
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {rel}"))
        + 1
}

#[test]
fn sync_creates_the_three_chapter_files_issue_16() {
    let dir = per_chapter_project();
    let root = dir.path();
    let (ok, stderr) = run_stele(root, &["sync", "--lang", "ar"]);
    assert!(ok, "{stderr}");
    let files: Vec<String> = CHAPTERS
        .iter()
        .map(|c| read(root, &format!("translations/ar/{c}")))
        .collect();
    assert_eq!(ids(&files[0]), ["title", "h1", "p1", "p2"]);
    // The chapter's footnote is in the chapter's file, after its body.
    assert_eq!(
        ids(&files[1]),
        ["h2", "h3", "p3", "p4", "p5", "p6", "p7", "fn1"]
    );
    assert_eq!(ids(&files[2]).len(), 9);
    assert!(files[0].starts_with("---\nlang: ar\ntitle: \"\"\n---\n"));
    assert!(files[1].starts_with("---\nlang: ar\n---\n\n::: {#h2}\n<!-- source: The Keepers -->"));
    for c in CHAPTERS {
        assert!(
            stderr.contains(&format!("translations/ar/{c}: [ar] created the file")),
            "{stderr}"
        );
    }
    // Again: nothing to add, no byte changed.
    let (ok, stderr) = run_stele(root, &["sync", "--lang", "ar"]);
    assert!(ok, "{stderr}");
    assert_eq!(stderr.matches("up to date").count(), 3, "{stderr}");
    for (c, before) in CHAPTERS.iter().zip(&files) {
        assert_eq!(&read(root, &format!("translations/ar/{c}")), before);
    }
    // A deleted div comes back in its own chapter's file only.
    let rel = "translations/ar/02-keepers.md";
    std::fs::write(
        root.join(rel),
        files[1].replace(
            "::: {#p5}\n<!-- source: wind the clockwork every four hours -->\n\n:::\n\n",
            "",
        ),
    )
    .unwrap();
    assert!(!ids(&read(root, rel)).contains(&"p5".to_string()));
    let (ok, stderr) = run_stele(root, &["sync", "--lang", "ar"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("translations/ar/02-keepers.md: [ar] added 1 empty div(s): p5"),
        "{stderr}"
    );
    assert_eq!(read(root, rel), files[1]);
    // A chapter file no chapter of the source is called (a chapter renamed) is not read, and
    // `align` says so, naming it.
    std::fs::write(root.join("translations/ar/02-old-name.md"), &files[1]).unwrap();
    let (_, stderr) = run_stele(root, &["align"]);
    assert!(
        stderr.contains("translations/ar/02-old-name.md")
            && stderr.contains("no chapter of document.source is called `02-old-name`"),
        "{stderr}"
    );
}

#[test]
fn build_of_per_chapter_files_equals_the_one_file_build_issue_16() {
    let one = fixture_project("md-book");
    let (ok, stderr) = run_stele(one.path(), &["build"]);
    assert!(ok, "{stderr}");
    let dir = per_chapter_project();
    let root = dir.path();
    fill_from_fixture(root);
    let (ok, stderr) = run_stele(root, &["build"]);
    assert!(ok, "{stderr}");
    let findings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning[") || l.starts_with("error["))
        .collect();
    assert!(findings.is_empty(), "{stderr}");
    let mut compared = 0;
    for sub in ["html", "epub", "pdf"] {
        for entry in std::fs::read_dir(one.path().join("out").join(sub)).unwrap() {
            let p = entry.unwrap().path();
            if !p.is_file() {
                continue;
            }
            let name = p.file_name().unwrap();
            let ours = std::fs::read(root.join("out").join(sub).join(name))
                .unwrap_or_else(|e| panic!("{sub}/{name:?}: {e}"));
            assert!(std::fs::read(&p).unwrap() == ours, "{sub}/{name:?} differs");
            compared += 1;
        }
    }
    // en, ar, ru, parallel.html; five EPUBs; five PDFs at least.
    assert!(compared >= 14, "{compared}");
    // Incremental: editing one Arabic chapter file rebuilds only the Arabic-bearing editions.
    let rel = "translations/ar/03-light.md";
    let text = read(root, rel).replace("المصباح", "المصباح الكبير");
    std::fs::write(root.join(rel), text).unwrap();
    let o = crate::common::stele()
        .arg("--root")
        .arg(root)
        .args(["build", "--json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut rebuilt: Vec<&str> = summary["written"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["up_to_date"] != true)
        .map(|w| w["path"].as_str().unwrap())
        .collect();
    rebuilt.sort();
    assert_eq!(rebuilt, crate::common::ARABIC_EDITIONS);
}

#[test]
fn stale_and_missing_findings_name_the_chapter_file_and_line_issue_16() {
    let dir = per_chapter_project();
    let root = dir.path();
    fill_from_fixture(root);
    let light = "translations/ar/03-light.md";
    std::fs::write(
        root.join(light),
        read(root, light).replace("{#p9 source=\"", "{#p9 source=\"00"),
    )
    .unwrap();
    let keepers = "translations/ar/02-keepers.md";
    let text = read(root, keepers);
    let (_, k) = divs(&text);
    std::fs::write(root.join(keepers), text.replace(&k["h3"], "")).unwrap();
    let (ok, stderr) = run_stele(root, &["align"]);
    assert!(ok, "{stderr}");
    // The stale finding names the translation's line (the one after the fence).
    let line = line_of(root, light, "{#p9 ") + 1;
    assert!(
        stderr.contains(&format!("warning[stale]: {light}:{line}: [ar] segment p9")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("warning[missing]: {keepers}: [ar] segment h3")),
        "{stderr}"
    );
    let o = crate::common::stele()
        .arg("--root")
        .arg(root)
        .args(["status", "--list", "--lang", "ar"])
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&o.stdout);
    assert!(listing.contains(&format!("{light}:{line}")), "{listing}");
    assert!(
        listing.contains(&format!("missing  h3  {keepers}\n")),
        "{listing}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&read(root, "out/reports/alignment.json")).unwrap();
    let p9 = report["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "p9")
        .unwrap();
    assert_eq!(p9["translations"]["ar"]["file"], light);
    assert_eq!(p9["translations"]["ar"]["line"], line);
}

#[test]
fn accept_writes_into_the_chapter_file_of_the_div_issue_16() {
    let dir = per_chapter_project();
    let root = dir.path();
    fill_from_fixture(root);
    let light = "translations/ar/03-light.md";
    let good = read(root, light);
    std::fs::write(
        root.join(light),
        good.replace("{#p9 source=\"", "{#p9 source=\"00"),
    )
    .unwrap();
    let others: Vec<String> = CHAPTERS[..2]
        .iter()
        .map(|c| read(root, &format!("translations/ar/{c}")))
        .collect();
    let (ok, stderr) = run_stele(root, &["accept", "--lang", "ar", "p9"]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains(&format!("p9 (in {light})")), "{stderr}");
    assert_eq!(read(root, light), good);
    for (c, before) in CHAPTERS[..2].iter().zip(&others) {
        assert_eq!(&read(root, &format!("translations/ar/{c}")), before);
    }
    let (ok, stderr) = run_stele(root, &["align"]);
    assert!(ok && !stderr.contains("stale"), "{stderr}");
}

#[test]
fn a_div_in_the_wrong_chapter_file_is_reported_and_used_issue_16() {
    let dir = per_chapter_project();
    let root = dir.path();
    fill_from_fixture(root);
    let (keepers, light) = (
        "translations/ar/02-keepers.md",
        "translations/ar/03-light.md",
    );
    let text = read(root, keepers);
    let (_, k) = divs(&text);
    std::fs::write(
        root.join(keepers),
        text.replace(&format!("\n{}", k["p3"]), ""),
    )
    .unwrap();
    std::fs::write(
        root.join(light),
        format!("{}\n{}", read(root, light), k["p3"]),
    )
    .unwrap();
    let (ok, stderr) = run_stele(root, &["align"]);
    assert!(ok, "{stderr}");
    let line = line_of(root, light, "{#p3 ") + 1;
    assert!(
        stderr.contains(&format!("warning[misplaced]: {light}:{line}: [ar] segment p3: the div is in {light}, but its segment is in chapter 2 (source/02-keepers.md), whose translation file is {keepers}")),
        "{stderr}"
    );
    // Used: the Arabic page has the translation; sync does not add a second div for it.
    let (ok, stderr) = run_stele(root, &["build"]);
    assert!(ok, "{stderr}");
    let p3_text = k["p3"].lines().nth(1).unwrap().to_string();
    assert!(read(root, "out/html/ar.html").contains(&p3_text));
    let (ok, stderr) = run_stele(root, &["sync", "--lang", "ar"]);
    assert!(ok, "{stderr}");
    assert!(!ids(&read(root, keepers)).contains(&"p3".to_string()));
}

#[test]
fn import_splits_the_translation_across_the_chapter_files_issue_16() {
    let dir = per_chapter_project();
    let root = dir.path();
    // A plain text of the Arabic translation (title left out), one paragraph per segment.
    let fixture = crate::common::root().join("tests/fixtures/md-book/translations/ar.md");
    let (_, by_id) = divs(&std::fs::read_to_string(fixture).unwrap());
    let order = [
        "h1", "p1", "p2", "h2", "h3", "p3", "p4", "p5", "p6", "p7", "h4", "h5", "p8", "p9", "p10",
        "p11", "p12", "p13", "p14",
    ];
    let paras: Vec<String> = order
        .iter()
        .map(|id| {
            by_id[*id]
                .lines()
                .skip(1)
                .take_while(|l| *l != ":::")
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let txt = root.join("ar.txt");
    std::fs::write(&txt, paras.join("\n\n") + "\n").unwrap();
    let (ok, stderr) = run_stele(root, &["import", "--lang", "ar", txt.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("wrote 3 chapter file(s)"), "{stderr}");
    let files: Vec<String> = CHAPTERS
        .iter()
        .map(|c| read(root, &format!("translations/ar/{c}")))
        .collect();
    assert_eq!(ids(&files[0]), ["title", "h1", "p1", "p2"]);
    assert_eq!(
        ids(&files[1]),
        ["h2", "h3", "p3", "p4", "p5", "p6", "p7", "fn1"]
    );
    assert_eq!(ids(&files[2])[0], "h4");
    assert!(files[1].contains(&paras[3]), "{}", files[1]);
    assert!(files[2].contains(&paras[18]), "{}", files[2]);
    let (ok, stderr) = run_stele(root, &["align"]);
    assert!(ok && !stderr.contains("misplaced"), "{stderr}");

    // A PO file from a CAT tool goes back into the file of each unit's div.
    let (ok, stderr) = run_stele(root, &["export", "po", "--lang", "ar"]);
    assert!(ok, "{stderr}");
    let po = read(root, "out/exchange/ar.po");
    // Each unit's `#:` reference names its own chapter's file and line (not the first chapter's).
    let reference = |id: &str| -> String {
        let entry = po
            .split("\n\n")
            .find(|e| e.contains(&format!("msgctxt \"{id}\"")))
            .unwrap_or_else(|| panic!("no PO entry {id}"));
        entry
            .lines()
            .find(|l| l.starts_with("#: "))
            .unwrap()
            .to_string()
    };
    assert!(
        reference("p1").starts_with("#: source/01-preface.md:"),
        "{}",
        reference("p1")
    );
    assert!(
        reference("h4").starts_with("#: source/03-light.md:"),
        "{}",
        reference("h4")
    );
    let p4 = by_id["p4"].lines().nth(1).unwrap();
    let po = po.replace(&format!("msgstr \"{p4}\""), "msgstr \"نص جديد للفقرة\"");
    assert!(po.contains("نص جديد للفقرة"));
    let before: Vec<String> = CHAPTERS
        .iter()
        .map(|c| read(root, &format!("translations/ar/{c}")))
        .collect();
    let edited = root.join("ar-edited.po");
    std::fs::write(&edited, po).unwrap();
    let (ok, stderr) = run_stele(root, &["import", "--lang", "ar", edited.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let after: Vec<String> = CHAPTERS
        .iter()
        .map(|c| read(root, &format!("translations/ar/{c}")))
        .collect();
    assert_eq!(after[0], before[0]);
    assert_eq!(after[2], before[2]);
    assert!(after[1].contains("نص جديد للفقرة"), "{}", after[1]);
}

#[test]
fn per_chapter_on_a_one_file_source_is_an_error_issue_16() {
    let dir = fixture_project("md-article");
    let root = dir.path();
    let toml = root.join("source/edition.toml");
    let cfg = std::fs::read_to_string(&toml).unwrap();
    let cfg = match cfg.contains("[align]") {
        true => cfg.replace("[align]", "[align]\nper_chapter = true"),
        false => format!("{cfg}\n[align]\nper_chapter = true\n"),
    };
    std::fs::write(&toml, cfg).unwrap();
    let (ok, stderr) = run_stele(root, &["align"]);
    assert!(!ok);
    assert!(
        stderr.contains("align.per_chapter needs a book"),
        "{stderr}"
    );
}

#[test]
fn an_error_stays_in_its_chapter_file_issue_16() {
    let dir = per_chapter_project();
    let root = dir.path();
    fill_from_fixture(root);
    // The preface's last div left open: not read as swallowing the next file's first div.
    let preface = "translations/ar/01-preface.md";
    let text = read(root, preface);
    let open = text.trim_end().strip_suffix(":::").unwrap().to_string();
    std::fs::write(root.join(preface), &open).unwrap();
    let line = line_of(root, preface, "{#p2 ");
    let (ok, stderr) = run_stele(root, &["align"]);
    assert!(!ok);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error[")).collect();
    assert_eq!(
        errors,
        [format!("error[unclosed-div]: {preface}:{line}:1: [ar] segment p2: div `p2` is not closed at the end of the file")],
        "{stderr}"
    );
    let before: Vec<String> = CHAPTERS
        .iter()
        .map(|c| read(root, &format!("translations/ar/{c}")))
        .collect();
    let (ok, stderr) = run_stele(root, &["accept", "--lang", "ar", "p9"]);
    assert!(
        !ok && stderr.contains("a chapter file has errors; nothing was written"),
        "{stderr}"
    );
    let after: Vec<String> = CHAPTERS
        .iter()
        .map(|c| read(root, &format!("translations/ar/{c}")))
        .collect();
    assert_eq!(before, after);
}
