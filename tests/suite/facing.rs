//! Facing-page parallel PDFs (issue 20), checked with poppler-utils: even page count, every
//! spread starting at the same segment on both pages (from the named destinations), no text
//! lost on either side, and the right-to-left binding of an Arabic-first book.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

/// Turns the facing editions on in the project's edition.toml, `first` on the first pages.
fn enable_facing(root: &Path, first: &str) {
    let path = root.join("source/edition.toml");
    let toml = std::fs::read_to_string(&path).unwrap();
    assert!(toml.contains("\n[pdf]\n"), "edition.toml has a [pdf] table");
    let toml = toml.replace(
        "\n[pdf]\n",
        &format!("\n[pdf]\nfacing = true\nfacing_first = \"{first}\"\n"),
    );
    std::fs::write(path, toml).unwrap();
}

fn build_pdf(root: &Path) {
    let (ok, err) = common::run_stele(root, &["build", "--format", "pdf", "-q"]);
    assert!(ok, "stele build failed:\n{err}");
}

fn run(tool: &Path, args: &[&str], pdf: &Path) -> String {
    let o = Command::new(tool)
        .args(args)
        .arg(pdf)
        .output()
        .expect("run poppler");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Named destinations per page: (page, top y, name), from `pdfinfo -dests`.
fn dests(pdfinfo: &Path, pdf: &Path) -> Vec<(usize, f64, String)> {
    run(pdfinfo, &["-dests"], pdf)
        .lines()
        .filter_map(|l| {
            let (head, _) = l.rsplit_once('"')?;
            let (head, name) = head.rsplit_once('"')?;
            let page: usize = head.split_whitespace().next()?.parse().ok()?;
            let inner = head.split_once('[')?.1;
            let y: f64 = inner.split_whitespace().nth(2)?.parse().ok()?;
            Some((page, y, name.to_string()))
        })
        .collect()
}

/// The segment that starts highest on each page (unprefixed), by page number.
fn first_on_page(dests: &[(usize, f64, String)], prefix: &str) -> BTreeMap<usize, String> {
    let mut top: BTreeMap<usize, (f64, String)> = BTreeMap::new();
    for (page, y, name) in dests {
        let Some(id) = name.strip_prefix(prefix) else {
            continue;
        };
        let e = top.entry(*page).or_insert((f64::MIN, String::new()));
        if *y > e.0 {
            *e = (*y, id.to_string());
        }
    }
    top.into_iter().map(|(p, (_, id))| (p, id)).collect()
}

/// Text with whitespace, hyphens and the bidi/format marks poppler inserts removed.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    *c,
                    '-' | '\u{2010}'
                        | '\u{00AD}'
                        | '\u{200E}'
                        | '\u{200F}'
                        | '\u{061C}'
                        | '\u{2060}'
                        | '\u{202A}'..='\u{202E}'
                        | '\u{2066}'..='\u{2069}'
                )
        })
        .collect()
}

/// Every `Str` of a Pandoc JSON AST (`out/ast/<lang>.json`): the words of every segment.
fn words(ast: &serde_json::Value, out: &mut Vec<String>) {
    match ast {
        serde_json::Value::Object(m) => {
            if m.get("t").and_then(|t| t.as_str()) == Some("Str") {
                if let Some(s) = m.get("c").and_then(|c| c.as_str()) {
                    out.push(s.to_string());
                }
                return;
            }
            for v in m.values() {
                words(v, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| words(v, out)),
        _ => {}
    }
}

/// Checks `out/pdf/<src>-<lang>-facing.pdf`: even pages, spreads in step, every segment on both
/// sides, every word of both documents on its own side. `first` is the language of odd pages.
fn check_facing(root: &Path, src: &str, lang: &str, first: &str) {
    let (Some(pdfinfo), Some(pdftotext)) =
        (common::poppler("pdfinfo"), common::poppler("pdftotext"))
    else {
        return;
    };
    let pdf = root.join(format!("out/pdf/{src}-{lang}-facing.pdf"));
    let name = pdf.display().to_string();
    let info = run(&pdfinfo, &[], &pdf);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
        .expect("page count");
    assert!(
        pages >= 2 && pages.is_multiple_of(2),
        "{name}: {pages} pages"
    );

    let second = if first == src { lang } else { src };
    let d = dests(&pdfinfo, &pdf);
    let odd = first_on_page(&d, &format!("{first}-"));
    let even = first_on_page(&d, &format!("{second}-"));
    // Every destination of a language sits on that language's pages.
    for (page, _, n) in &d {
        let want = if page % 2 == 1 { first } else { second };
        assert!(
            n.starts_with(&format!("{want}-")),
            "{name}: `{n}` on page {page}"
        );
    }
    for spread in 1..=pages / 2 {
        let (l, r) = (2 * spread - 1, 2 * spread);
        assert_eq!(
            odd.get(&l),
            even.get(&r),
            "{name}: spread {spread} (pages {l}/{r}) starts at different segments"
        );
    }
    // Every segment is a destination on both sides, as in the single-language edition.
    let single: BTreeSet<String> = dests(&pdfinfo, &root.join(format!("out/pdf/{src}.pdf")))
        .into_iter()
        .map(|(_, _, n)| n)
        .collect();
    assert!(single.len() > 10, "{name}: {} segments", single.len());
    for l in [src, lang] {
        let ids: BTreeSet<String> = d
            .iter()
            .filter_map(|(_, _, n)| n.strip_prefix(&format!("{l}-")).map(str::to_string))
            .collect();
        assert_eq!(ids, single, "{name}: destinations of {l}");
    }

    // No text lost: every word of each document is on its own pages.
    let o = Command::new(&pdftotext)
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let text: Vec<&str> = text.split('\u{c}').collect();
    for (l, parity) in [(first, 1), (second, 0)] {
        let side: String = text
            .iter()
            .enumerate()
            .filter(|(i, _)| (i + 1) % 2 == parity)
            .map(|(_, t)| squash(t))
            .collect();
        let ast: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root.join(format!("out/ast/{l}.json"))).unwrap(),
        )
        .unwrap();
        let mut ws = Vec::new();
        words(&ast["blocks"], &mut ws);
        assert!(ws.len() > 100, "{name}: {l} has {} words", ws.len());
        // Every character of the document is on its pages as often (poppler splits and
        // reorders the glyph clusters of Arabic words, so for Arabic only this is checked).
        let mut need: BTreeMap<char, usize> = BTreeMap::new();
        ws.iter()
            .flat_map(|w| squash(w).chars().collect::<Vec<_>>())
            .for_each(|c| *need.entry(c).or_default() += 1);
        let mut have: BTreeMap<char, usize> = BTreeMap::new();
        side.chars().for_each(|c| *have.entry(c).or_default() += 1);
        let short: Vec<(char, usize, usize)> = need
            .iter()
            .filter(|(c, n)| have.get(*c).copied().unwrap_or(0) < **n)
            .map(|(c, n)| (*c, *n, have.get(c).copied().unwrap_or(0)))
            .collect();
        assert!(
            short.is_empty(),
            "{name}: characters of {l} missing (char, needed, found): {short:?}"
        );
        if l == "ar" {
            continue;
        }
        let lost: Vec<&String> = ws
            .iter()
            .filter(|w| !squash(w).is_empty() && !side.contains(&squash(w)))
            .collect();
        assert!(
            lost.is_empty(),
            "{name}: {} of {} words of {l} are not on its pages: {:?}",
            lost.len(),
            ws.len(),
            &lost[..lost.len().min(20)]
        );
    }
}

#[test]
fn issue20_facing_pdf_of_the_article_keeps_every_spread_in_step() {
    let project = common::article_project();
    enable_facing(project.path(), "source");
    build_pdf(project.path());
    for lang in ["ar", "ru"] {
        check_facing(project.path(), "en", lang, "en");
    }
    // Latin-first: English on the left pages, left-to-right page order, pages paired 1/2.
    let bytes = std::fs::read(project.path().join("out/pdf/en-ar-facing.pdf")).unwrap();
    let has = |s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
    assert!(has("/PageLayout/TwoPageLeft") && !has("/Direction/R2L"));
    // The facing editions are in the manifest like the other editions.
    let manifest = std::fs::read_to_string(project.path().join("out/manifest.json")).unwrap();
    assert!(manifest.contains("pdf/en-ar-facing.pdf") && manifest.contains("pdf/en-ru-facing.pdf"));
}

#[test]
fn issue20_arabic_first_facing_pdf_is_bound_on_the_right() {
    let project = common::article_project();
    enable_facing(project.path(), "translation");
    build_pdf(project.path());
    check_facing(project.path(), "en", "ar", "ar");
    check_facing(project.path(), "en", "ru", "ru");
    let read = |n: &str| std::fs::read(project.path().join(format!("out/pdf/{n}"))).unwrap();
    let has = |b: &[u8], s: &str| b.windows(s.len()).any(|w| w == s.as_bytes());
    let ar = read("en-ar-facing.pdf");
    assert!(has(&ar, "/Direction/R2L") && has(&ar, "/PageLayout/TwoPageLeft"));
    // Russian reads left to right, whichever language comes first.
    assert!(!has(&read("en-ru-facing.pdf"), "/Direction/R2L"));
}

#[test]
fn issue20_facing_pdf_of_a_10x_document_keeps_every_spread_in_step() {
    let Some(python) = common::require("python3", Some("python3".into())) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("x10");
    let o = Command::new(python)
        .arg(common::root().join("benches/gen-scaled.py"))
        .arg("10")
        .arg(&root)
        .arg(env!("CARGO_BIN_EXE_stele"))
        .output()
        .expect("run benches/gen-scaled.py");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    enable_facing(&root, "source");
    build_pdf(&root);
    for lang in ["ar", "ru"] {
        check_facing(&root, "en", lang, "en");
    }
}

#[test]
fn issue20_facing_pdf_with_untranslated_and_stale_segments_builds() {
    // Stand-ins place status markers defined once per edition (issue 13): the facing pages and
    // their measuring document must define them too (they did not, and the build failed with
    // "unknown variable: stele-marker-ar-0").
    let project = common::article_project();
    let path = project.path().join("translations/ar.md");
    let ar = std::fs::read_to_string(&path).unwrap();
    let start = ar.find("::: {#p3 ").expect("ar.md has p3");
    let body = start + ar[start..].find('\n').unwrap() + 1;
    let end = body + ar[body..].find("\n:::").unwrap();
    let ar = format!("{}{}", &ar[..body], &ar[end + 1..]);
    let ar = ar.replacen("::: {#p4 source=\"", "::: {#p4 source=\"0000", 1);
    std::fs::write(&path, ar).unwrap();
    enable_facing(project.path(), "source");
    build_pdf(project.path());
    let Some(pdfinfo) = common::poppler("pdfinfo") else {
        return;
    };
    let pdf = project.path().join("out/pdf/en-ar-facing.pdf");
    let pages = dests(&pdfinfo, &pdf).iter().map(|d| d.0).max().unwrap_or(0);
    assert!(pages >= 2, "{pages}");
    let names: BTreeSet<String> = dests(&pdfinfo, &pdf).into_iter().map(|d| d.2).collect();
    assert!(
        names.contains("ar-p3") && names.contains("ar-p4"),
        "{names:?}"
    );
}

/// Sentence `k` of the long paragraph in `lang`: its number is its only digits, and its length
/// varies with `k` in every language alike (so the sentence aligner pairs them by length).
fn numbered_sentence(lang: &str, k: usize) -> String {
    let (head, more) = match lang {
        "ru" => (
            "Предложение {k} рассказывает о реке, что течёт мимо старой мельницы",
            ", и о полях за ней",
        ),
        "ar" => (
            "الجملة {k} تحكي عن النهر الذي يجري قرب الطاحونة القديمة",
            "، وعن الحقول وراءها",
        ),
        _ => (
            "Sentence {k} tells of the river that runs past the old mill",
            ", and of the fields beyond it",
        ),
    };
    format!(
        "{}{}.",
        head.replace("{k}", &k.to_string()),
        more.repeat(k % 4)
    )
}

/// A project whose one long paragraph (`SENTENCES` numbered sentences, about three pages) stands
/// between the title and a short closing paragraph, in en, ar and ru.
const SENTENCES: usize = 140;

fn long_paragraph_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("source")).unwrap();
    std::fs::create_dir_all(root.join("translations")).unwrap();
    std::fs::write(
        root.join("source/edition.toml"),
        "[document]\nid = \"long-paragraph\"\nsource = \"article.txt\"\nsource_lang = \"en\"\n\
         target_langs = [\"ar\", \"ru\"]\ndate = \"2025-10-18\"\nauthors = []\n\n[pdf]\npaper = \"a4\"\n",
    )
    .unwrap();
    let para = |lang: &str| {
        (1..=SENTENCES)
            .map(|k| numbered_sentence(lang, k))
            .collect::<Vec<_>>()
            .join(" ")
    };
    std::fs::write(
        root.join("source/article.txt"),
        format!(
            "The Long Paragraph\n\n{}\n\nA short closing paragraph comes last.\n",
            para("en")
        ),
    )
    .unwrap();
    let (ok, err) = common::run_stele(root, &["normalize", "-q"]);
    assert!(ok, "{err}");
    // The segments' IDs and fingerprints, in order (title, the long paragraph, the last one).
    let ast: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("out/ast/en.json")).unwrap())
            .unwrap();
    let segs: Vec<(String, String)> = ast["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let attr = if b["t"] == "Header" {
                &b["c"][1]
            } else {
                &b["c"][0]
            };
            let fp = attr[2]
                .as_array()
                .unwrap()
                .iter()
                .find(|kv| kv[0] == "fingerprint")
                .map(|kv| kv[1].as_str().unwrap().to_string())
                .expect("fingerprint");
            (attr[0].as_str().unwrap().to_string(), fp)
        })
        .collect();
    assert_eq!(segs.len(), 3, "{segs:?}");
    for (lang, title, last) in [
        (
            "ru",
            "Длинный абзац",
            "Последним идёт короткий заключительный абзац.",
        ),
        ("ar", "الفقرة الطويلة", "وتأتي أخيرا فقرة ختامية قصيرة."),
    ] {
        let mut md = format!("---\nlang: {lang}\ntitle: \"{title}\"\n---\n\n");
        for ((id, fp), text) in segs
            .iter()
            .zip([title.to_string(), para(lang), last.into()])
        {
            md.push_str(&format!("::: {{#{id} source=\"{fp}\"}}\n{text}\n:::\n\n"));
        }
        std::fs::write(root.join(format!("translations/{lang}.md")), md).unwrap();
    }
    dir
}

/// The sentence numbers of one side (0: left pages, 1: right pages), in page order.
fn side_numbers(pages: &[Vec<usize>], side: usize) -> Vec<usize> {
    pages
        .iter()
        .skip(side)
        .step_by(2)
        .flatten()
        .copied()
        .collect()
}

/// The sentence numbers on each page of `pdf` (every run of digits but the page number).
fn numbers_per_page(pdftotext: &Path, pdf: &Path) -> Vec<Vec<usize>> {
    let o = Command::new(pdftotext)
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut pages: Vec<&str> = text.split('\u{c}').collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
            assert_eq!(
                lines.pop().map(str::trim),
                Some((i + 1).to_string().as_str()),
                "page {} ends with its number",
                i + 1
            );
            lines
                .join("\n")
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|d| d.parse().ok())
                .collect()
        })
        .collect()
}

#[test]
fn a_paragraph_longer_than_a_page_continues_on_the_next_spreads_at_sentences_issue_20() {
    let project = long_paragraph_project();
    let root = project.path();
    enable_facing(root, "source");
    let (ok, err) = common::run_stele(root, &["build", "--format", "pdf"]);
    assert!(ok, "stele build failed:\n{err}");
    // Split, not scaled down: no oversized warning.
    assert!(!err.contains("taller than a page"), "{err}");
    let (Some(pdfinfo), Some(pdftotext)) =
        (common::poppler("pdfinfo"), common::poppler("pdftotext"))
    else {
        return;
    };
    for lang in ["ar", "ru"] {
        let pdf = root.join(format!("out/pdf/en-{lang}-facing.pdf"));
        let pages = numbers_per_page(&pdftotext, &pdf);
        assert!(
            pages.len().is_multiple_of(2),
            "{lang}: {} pages",
            pages.len()
        );
        let mut spreads = 0;
        for (n, spread) in pages.chunks(2).enumerate() {
            let [left, right] = [0, 1].map(|i| spread[i].iter().copied().collect::<BTreeSet<_>>());
            assert_eq!(
                left,
                right,
                "{lang}: spread {} has different sentences on its two pages",
                n + 1
            );
            spreads += usize::from(!left.is_empty());
        }
        // The paragraph runs over at least three spreads, the title shares the first.
        assert!(
            spreads >= 3,
            "{lang}: the sentences stand on {spreads} spreads"
        );
        assert!(
            pages[0].contains(&1),
            "{lang}: sentence 1 is under the title"
        );
        // Nothing lost or set twice, in order, on each side.
        for side in 0..2 {
            assert_eq!(
                side_numbers(&pages, side),
                (1..=SENTENCES).collect::<Vec<_>>(),
                "{lang}: sentences of side {side}"
            );
        }
        // One destination per segment and language, on the spread where the paragraph begins.
        let d = dests(&pdfinfo, &pdf);
        let id = "p1";
        for l in ["en", lang] {
            let at: Vec<usize> = d
                .iter()
                .filter(|x| x.2 == format!("{l}-{id}"))
                .map(|x| x.0)
                .collect();
            assert_eq!(at.len(), 1, "{lang}: destinations {l}-{id}: {d:?}");
            assert!(
                pages[at[0] - 1].contains(&1),
                "{l}-{id} is on page {}",
                at[0]
            );
        }
    }
    // Same inputs, the same bytes.
    let first = std::fs::read(root.join("out/pdf/en-ru-facing.pdf")).unwrap();
    let again = root.join("again");
    let again_arg = again.display().to_string();
    let (ok, err) = common::run_stele(
        root,
        &["--out", &again_arg, "build", "--format", "pdf", "-q"],
    );
    assert!(ok, "{err}");
    assert_eq!(
        std::fs::read(again.join("pdf/en-ru-facing.pdf")).unwrap(),
        first
    );
}

#[test]
fn a_long_paragraph_without_sentence_alignment_is_scaled_with_a_warning_saying_why_issue_20() {
    let project = long_paragraph_project();
    let root = project.path();
    enable_facing(root, "source");
    let path = root.join("source/edition.toml");
    let toml = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{toml}\n[align]\nsentences = false\n")).unwrap();
    let (ok, err) = common::run_stele(root, &["build", "--format", "pdf"]);
    assert!(ok, "stele build failed:\n{err}");
    assert!(
        err.contains("taller than a page") && err.contains("its sentences are not aligned"),
        "{err}"
    );
    let Some(pdftotext) = common::poppler("pdftotext") else {
        return;
    };
    // Set smaller on one spread of its own after the title's, nothing lost.
    let pages = numbers_per_page(&pdftotext, &root.join("out/pdf/en-ru-facing.pdf"));
    assert_eq!(pages.len() % 2, 0);
    for side in 0..2 {
        assert_eq!(
            side_numbers(&pages, side),
            (1..=SENTENCES).collect::<Vec<_>>(),
            "side {side}"
        );
    }
    assert!(
        pages[0].is_empty() && pages[2].len() == SENTENCES,
        "{pages:?}"
    );
}
