//! PDF editions (issue 7), checked with poppler-utils: fonts embedded, a named destination per
//! segment, tagged, sane page counts, metadata, paper and standards, status markers, and two
//! builds giving identical bytes.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const EDITIONS: [&str; 5] = ["en", "ar", "ru", "en-ar", "en-ru"];

/// Runs `stele export pdf` on the project in `root` writing to `out`; panics with its stderr on failure.
fn export(root: &Path, out: &Path, extra: &[&str]) {
    let o = common::stele()
        .args(["export", "pdf", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("run stele");
    assert!(
        o.status.success(),
        "stele export pdf failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The source segment IDs in document order (from `stele normalize --stdout`).
fn segment_ids(root: &Path) -> Vec<String> {
    let o = common::stele()
        .args(["normalize", "--stdout", "--root"])
        .arg(root)
        .output()
        .expect("run stele");
    assert!(o.status.success());
    let ast = stele::pandoc::from_json(&String::from_utf8(o.stdout).unwrap()).unwrap();
    stele::pandoc::segments(&ast)
        .into_iter()
        .map(|s| s.id)
        .collect()
}

fn run(tool: &Path, args: &[&str], pdf: &Path) -> String {
    let o = Command::new(tool)
        .args(args)
        .arg(pdf)
        .output()
        .expect("run poppler");
    assert!(
        o.status.success(),
        "{} {args:?} {} failed",
        tool.display(),
        pdf.display()
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn info(pdfinfo: &Path, pdf: &Path) -> BTreeMap<String, String> {
    run(pdfinfo, &["-isodates"], pdf)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn pdf_path(out: &Path, name: &str) -> PathBuf {
    out.join("pdf").join(format!("{name}.pdf"))
}

#[test]
fn pdf_editions_have_fonts_destinations_tags_and_metadata_issue_7() {
    let project = common::article_project();
    let out = project.path().join("out");
    export(project.path(), &out, &[]);
    for name in EDITIONS {
        assert!(pdf_path(&out, name).is_file(), "{name}.pdf missing");
    }
    let ids = segment_ids(project.path());
    assert_eq!(ids.len(), 65);

    let (Some(pdfinfo), Some(pdffonts)) = (common::poppler("pdfinfo"), common::poppler("pdffonts"))
    else {
        return;
    };
    for name in EDITIONS {
        let pdf = pdf_path(&out, name);
        let parallel = name.contains('-');

        // Every font embedded.
        let fonts = run(&pdffonts, &[], &pdf);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{name}: no fonts listed");
        for row in &rows {
            // name type encoding emb sub uni object ID: `emb` is the 4th column from the right end.
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(
                cols[cols.len() - 5],
                "yes",
                "{name}: font not embedded: {row}"
            );
        }
        let amiri = rows.iter().any(|r| r.contains("Amiri"));
        assert_eq!(amiri, name.contains("ar"), "{name}: Amiri use\n{fonts}");

        // Every segment a named destination (prefixed by language in the parallel editions).
        let dests = run(&pdfinfo, &["-dests"], &pdf);
        let names: Vec<&str> = dests
            .lines()
            .filter_map(|l| {
                l.rsplit_once('"')
                    .and_then(|(a, _)| a.rsplit_once('"'))
                    .map(|(_, n)| n)
            })
            .collect();
        let expected: Vec<String> = if parallel {
            let (l, r) = name.split_once('-').unwrap();
            ids.iter()
                .flat_map(|id| [format!("{l}-{id}"), format!("{r}-{id}")])
                .collect()
        } else {
            ids.clone()
        };
        for id in &expected {
            assert!(
                names.contains(&id.as_str()),
                "{name}: no named destination `{id}`"
            );
        }

        let i = info(&pdfinfo, &pdf);
        assert_eq!(i["Tagged"], "yes", "{name}");
        let pages: usize = i["Pages"].parse().unwrap();
        let range = if parallel { 6..=40 } else { 5..=40 };
        assert!(range.contains(&pages), "{name}: {pages} pages");
        assert!(
            i["Page size"].contains("(A4)"),
            "{name}: {}",
            i["Page size"]
        );
        assert!(
            i["CreationDate"].starts_with("2025-10-18"),
            "{name}: {:?}",
            i.get("CreationDate")
        );
        assert!(i["Keywords"].contains("source-fingerprint:"), "{name}");
        let lang = name.rsplit('-').next().unwrap();
        let meta = run(&pdfinfo, &["-meta"], &pdf);
        let source_lang = name.split('-').next().unwrap();
        assert!(
            meta.contains(&format!(
                "<dc:language><rdf:Bag><rdf:li>{source_lang}</rdf:li>"
            )),
            "{name}: document language"
        );
        if lang == "ar" {
            assert!(
                i["Title"].contains("زيارة الشرع"),
                "{name}: title {}",
                i["Title"]
            );
        }
        // Bookmarks: one per heading (the source column's in a parallel edition).
        let bytes = std::fs::read(&pdf).unwrap();
        let headings = ids
            .iter()
            .filter(|id| id.starts_with('h') && id[1..].chars().all(|c| c.is_ascii_digit()))
            .count();
        let text = String::from_utf8_lossy(&bytes);
        let outline = text
            .find("/Outlines/First")
            .map(|i| &text[i..i + 60])
            .unwrap_or("");
        assert!(
            outline.contains(&format!("/Count {headings}>>")),
            "{name}: outline {outline:?}"
        );
        if parallel {
            // The target column's structure elements carry their own /Lang.
            let tag = format!("/Lang({lang})");
            let n = bytes
                .windows(tag.len())
                .filter(|w| *w == tag.as_bytes())
                .count();
            assert!(n >= ids.len(), "{name}: only {n} elements tagged {tag}");
        } else if lang != "en" {
            assert!(
                i["Author"].contains("translation desk"),
                "{name}: translators as authors"
            );
        }
    }
}

#[test]
fn two_builds_give_identical_bytes_issue_7() {
    let project = common::article_project();
    let a = project.path().join("out-a");
    let b = project.path().join("out-b");
    export(project.path(), &a, &[]);
    export(project.path(), &b, &[]);
    for name in EDITIONS {
        let x = std::fs::read(pdf_path(&a, name)).unwrap();
        let y = std::fs::read(pdf_path(&b, name)).unwrap();
        assert!(x == y, "{name}.pdf differs between two builds");
    }
}

#[test]
fn letter_paper_and_pdf_standards_by_option_issue_7() {
    let project = common::article_project();
    let ua = project.path().join("out-ua");
    export(
        project.path(),
        &ua,
        &[
            "--paper",
            "letter",
            "--pdf-standard",
            "ua-1",
            "--lang",
            "ar",
        ],
    );
    let a2a = project.path().join("out-a2a");
    export(
        project.path(),
        &a2a,
        &["--pdf-standard", "a-2a", "--lang", "ru"],
    );
    let built = |out: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(out.join("pdf"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(built(&ua), ["ar.pdf", "en-ar.pdf"]);
    assert_eq!(built(&a2a), ["en-ru.pdf", "ru.pdf"]);
    let Some(pdfinfo) = common::poppler("pdfinfo") else {
        return;
    };
    for name in ["ar", "en-ar"] {
        let pdf = pdf_path(&ua, name);
        assert!(
            info(&pdfinfo, &pdf)["Page size"].starts_with("612 x 792"),
            "{name}: letter"
        );
        assert!(
            run(&pdfinfo, &["-meta"], &pdf).contains("<pdfuaid:part>1</pdfuaid:part>"),
            "{name}: PDF/UA-1"
        );
    }
    for name in ["ru", "en-ru"] {
        let meta = run(&pdfinfo, &["-meta"], &pdf_path(&a2a, name));
        assert!(
            meta.contains("<pdfaid:part>2</pdfaid:part>"),
            "{name}: PDF/A-2"
        );
        assert!(
            meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
            "{name}: level a"
        );
    }
}

#[test]
fn stale_and_untranslated_segments_are_marked_issue_7() {
    let project = common::article_project();
    let tr = project.path().join("translations");
    // ar p3 made from an older source text; ru p5 not translated at all.
    let ar = std::fs::read_to_string(tr.join("ar.md")).unwrap();
    let ar = ar.replace(
        "::: {#p3 source=\"5abeec646ec8\"}",
        "::: {#p3 source=\"000000000000\"}",
    );
    std::fs::write(tr.join("ar.md"), ar).unwrap();
    let ru = std::fs::read_to_string(tr.join("ru.md")).unwrap();
    let start = ru.find("::: {#p5 ").expect("ru p5");
    let end = start + ru[start..].find("\n:::\n").unwrap() + 5;
    std::fs::write(tr.join("ru.md"), format!("{}{}", &ru[..start], &ru[end..])).unwrap();

    let out = project.path().join("out");
    export(project.path(), &out, &["--policy", "stale"]);
    let Some(pdftotext) = common::poppler("pdftotext") else {
        return;
    };
    let text = |name: &str| {
        let o = Command::new(&pdftotext)
            .args(["-enc", "UTF-8"])
            .arg(pdf_path(&out, name))
            .arg("-")
            .output()
            .expect("run pdftotext");
        String::from_utf8_lossy(&o.stdout).replace('\n', " ")
    };
    let ru = text("ru");
    assert!(
        ru.contains("Ещё не переведено"),
        "ru.pdf lacks the untranslated marker"
    );
    assert!(
        ru.contains("From the February 2025 phone call") || ru.contains("The military agreements"),
        "the English stand-in is shown"
    );
    assert!(text("en-ru").contains("Ещё не переведено"));
    let ar = text("ar");
    // issue 18: «ترجمة غير محدَّثة» (pdftotext may reorder the marks of «محدَّثة»).
    assert!(ar.contains("ترجمة غير"), "ar.pdf lacks the stale marker");
    assert_eq!(ar.matches("ترجمة غير").count(), 1);
}
