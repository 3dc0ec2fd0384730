//! Issue 18: `alignment.html` as a work queue (summary by code and severity, filters that work
//! from `file://`, `#ID` anchors with the old `#seg-ID` ones still landing, `file:line` as the
//! terminal prints it, the source word diff of stale segments, untouched segments collapsed) and
//! the parallel reader (sticky column picker, `?cols=` and local storage, one-column measure,
//! contents per language, tap targets, JavaScript off). End to end on the real article.

use crate::common::{article_project, chromium, node_with_playwright, run_stele, vnu};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Edits the English source of p12, so its Arabic and Russian translations become stale.
fn make_p12_stale(root: &Path) {
    let p = root.join("source/article.txt");
    let text = std::fs::read_to_string(&p).unwrap();
    let from = "only permanent military footholds beyond its immediate borders";
    assert!(text.contains(from), "article changed");
    let to = "only permanent military footholds beyond its own borders";
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

/// The HTML of one segment's section (from its opening tag to the next segment's).
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("class=\"seg\" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[start..];
    let end = rest[1..]
        .find("class=\"seg\" id=")
        .map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

/// One language's cell inside a segment section.
fn cell<'a>(section: &'a str, lang: &str) -> &'a str {
    let start = section
        .find(&format!("data-lang=\"{lang}\""))
        .unwrap_or_else(|| panic!("no {lang} cell"));
    let rest = &section[start..];
    &rest[..rest.find("</div>\n").unwrap()]
}

#[test]
fn issue18_alignment_report_is_a_work_queue() {
    let dir = article_project();
    let root = dir.path();
    make_p12_stale(root);
    let (ok, err) = run_stele(root, &["align"]);
    assert!(ok, "{err}");
    let html = std::fs::read_to_string(root.join("out/reports/alignment.html")).unwrap();

    // `file:line` exactly as the terminal prints it: the stale finding, the cell's own line and
    // the finding in the cell all name the line of the div's text (the fence is the line before).
    let stale = err
        .lines()
        .find(|l| l.starts_with("warning[stale]: translations/ar.md:") && l.contains("p12"))
        .unwrap_or_else(|| panic!("no stale finding:\n{err}"));
    let at = stale
        .trim_start_matches("warning[stale]: ")
        .split(": ")
        .next()
        .unwrap();
    let line: usize = at.rsplit(':').next().unwrap().parse().unwrap();
    let ar = std::fs::read_to_string(root.join("translations/ar.md")).unwrap();
    assert!(ar.lines().nth(line - 2).unwrap().starts_with("::: {#p12 "));
    let p12 = section(&html, "p12");
    let ar_cell = cell(p12, "ar");
    assert_eq!(
        ar_cell.matches(&format!("<code>{at}</code>")).count(),
        2,
        "the cell's line and its finding both say {at}:\n{ar_cell}"
    );
    assert!(
        !ar_cell.contains("<small>line"),
        "no separate line badge: {ar_cell}"
    );
    assert!(ar_cell.contains(r#"data-status="stale" data-sev="warning" data-code="stale""#));

    // The source word diff of a stale segment.
    assert!(
        ar_cell.contains("beyond its <del>immediate</del><ins>own</ins> borders"),
        "{ar_cell}"
    );
    // `#p12`, and the old `#seg-p12` inside it; a segment with work is open, the others folded.
    assert!(p12.starts_with(r#"class="seg" id="p12"><h3><span id="seg-p12"></span>"#));
    assert!(!html.contains(r#"<tr id="seg-"#));
    let p1 = section(&html, "p1");
    assert!(html.contains(r#"<details class="seg" id="p1">"#), "{p1}");
    assert!(p1.contains("current, no findings"));
    // Ignored (reviewed) findings are infos and leave the segment folded, still filterable.
    assert!(html.contains(r#"<details class="seg" id="p7">"#));
    assert!(
        cell(section(&html, "p7"), "ar").contains(r#"data-sev="info" data-code="number-parity""#)
    );
    assert_eq!(html.matches("<section class=\"seg\"").count(), 1);

    // The summary by severity and code, per language.
    let codes =
        &html[html.find("<h2>Findings by code</h2>").unwrap()..html.find("<h2>Segments").unwrap()];
    assert!(
        codes.contains("<tr class=\"warning\"><th>warning</th><th><code>stale</code></th><td>1</td><td>1</td><td>0</td><td>2</td></tr>"),
        "{codes}"
    );
    assert!(codes.contains("<th><code>number-parity</code></th><td>4</td><td>0</td>"));
    // Errors before warnings before infos.
    let w = codes.find("class=\"warning\"").unwrap();
    assert!(codes.find("class=\"info\"").unwrap() > w);

    if let Some(out) = vnu(&[root.join("out/reports/alignment.html")]) {
        assert!(out.is_empty(), "vnu: {out}");
    }
    review_filters_in_browser(root);
}

/// The filters, read in headless Chromium from `file://`.
fn review_filters_in_browser(root: &Path) {
    let (Some(chromium), Some(node)) = (chromium(), node_with_playwright()) else {
        return;
    };
    let o = Command::new(node)
        .arg(env!("CARGO_MANIFEST_DIR").to_string() + "/tests/browser/review-filters.mjs")
        .arg("--chromium")
        .arg(&chromium)
        .arg(root.join("out/reports/alignment.html"))
        .args([
            "status=stale",
            "lang=ru&status=stale",
            "code=number-parity",
            "sev=warning&lang=ar",
            "lang=ru",
            "status=missing",
        ])
        .output()
        .expect("run node");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &r["filters"];
    let ids = |spec: &str| -> Vec<String> {
        f[spec]["shown"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(f["status=stale"]["form"], true, "{r}");
    assert_eq!(ids("status=stale"), ["p12"]);
    assert_eq!(f["status=stale"]["cells"], serde_json::json!(["ar,ru"]));
    assert_eq!(ids("lang=ru&status=stale"), ["p12"]);
    assert_eq!(
        f["lang=ru&status=stale"]["cells"],
        serde_json::json!(["ru"])
    );
    assert_eq!(ids("code=number-parity"), ["p7", "p18", "ref-8", "ref-12"]);
    assert_eq!(
        f["code=number-parity"]["open"],
        f["code=number-parity"]["shown"]
    );
    assert_eq!(ids("sev=warning&lang=ar"), ["p12"]);
    assert_eq!(ids("lang=ru").len(), 65);
    assert_eq!(
        f["lang=ru"]["open"],
        serde_json::json!([]),
        "a language alone unfolds nothing"
    );
    assert_eq!(ids("status=missing"), Vec::<String>::new());
    assert_eq!(f["status=missing"]["count"], "0 segments shown");
    // JavaScript off: no dead controls, everything shown.
    assert_eq!(
        r["nojs"],
        serde_json::json!({"form": false, "segments": 65, "hidden": 0})
    );
    // An old `#seg-p12` link lands on p12, below the sticky filters.
    assert_eq!(
        r["oldAnchor"],
        serde_json::json!({"hash": "#p12", "inView": true})
    );
}

#[test]
fn issue18_parallel_reader_picker_measure_contents_and_tap_targets() {
    let dir = article_project();
    let root = dir.path();
    let (ok, err) = run_stele(root, &["export", "html"]);
    assert!(ok, "{err}");
    let page = std::fs::read_to_string(root.join("out/html/parallel.html")).unwrap();
    // Words, not "∥" or bare tags, on the per-segment links; the contents once per language.
    assert!(!page.contains("∥"));
    let en = std::fs::read_to_string(root.join("out/html/en.html")).unwrap();
    assert!(
        en.contains(r#"title="This passage side by side with its translations">Side by side</a>"#)
    );
    assert!(en.contains(
        r#"title="This passage in Russian" lang="ru" xml:lang="ru" dir="ltr">Русский</a>"#
    ));
    for lang in ["en", "ar", "ru"] {
        assert_eq!(
            page.matches(&format!("<h2 id=\"toc-heading-{lang}\">"))
                .count(),
            1
        );
    }
    if let Some(out) = vnu(&[
        root.join("out/html/parallel.html"),
        root.join("out/html/en.html"),
    ]) {
        assert!(out.is_empty(), "vnu: {out}");
    }

    let (Some(chromium), Some(node)) = (chromium(), node_with_playwright()) else {
        return;
    };
    let o = Command::new(node)
        .arg(env!("CARGO_MANIFEST_DIR").to_string() + "/tests/browser/parallel-reader.mjs")
        .arg("--chromium")
        .arg(&chromium)
        .arg(root.join("out/html"))
        .output()
        .expect("run node");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let strs = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    for width in ["desktop", "phone"] {
        let w = &r[width];
        // The picker is still in view after jumping 10,000+ px down to p20.
        let after = &w["afterScroll"];
        assert!(
            after["scrollY"].as_i64().unwrap() > 10_000,
            "{width}: {after}"
        );
        assert_eq!(after["pickerInView"], true, "{width}: {after}");
        assert_eq!(strs(&after["cols"]), ["en", "ar", "ru"]);
        // `?cols=ar`: one column, stored; a later visit without it gets it back, URL included.
        let ar = &w["colsAr"];
        assert_eq!(strs(&ar["cols"]), ["ar"], "{width}: {ar}");
        assert_eq!(ar["stored"], "ar");
        let again = &w["remembered"];
        assert_eq!(strs(&again["cols"]), ["ar"], "{width}: {again}");
        assert_eq!(again["search"], "?cols=ar");
        // Ticking English: the URL and the store follow.
        let clicked = &w["clicked"];
        assert_eq!(strs(&clicked["cols"]), ["en", "ar"], "{width}: {clicked}");
        assert_eq!(clicked["search"], "?cols=en,ar");
        assert_eq!(clicked["stored"], "en,ar");
        let enru = &w["colsEnRu"];
        assert_eq!(strs(&enru["cols"]), ["en", "ru"]);
        // The contents list in each shown language, in that language.
        assert_eq!(
            enru["toc"],
            serde_json::json!([["en", "Contents", 6], ["ru", "Содержание", 6]])
        );
        // Every per-segment link is a 44 x 44 px target with words and a title.
        for f in ["parallelLinks", "en.html", "ar.html", "ru.html"] {
            assert!(
                w[f]["count"].as_u64().unwrap() >= 130,
                "{width} {f}: {}",
                w[f]
            );
            assert_eq!(w[f]["small"], serde_json::json!([]), "{width} {f}");
        }
    }
    // One column on a desktop: a readable measure, not the 1,240 px line of before.
    let ar = &r["desktop"]["colsAr"];
    let width = ar["widths"][0].as_i64().unwrap();
    assert!(width <= ar["ch70"].as_i64().unwrap() && width < 950, "{ar}");
    // JavaScript off: every column, whatever the URL asks; the CSS picker still hides columns.
    assert_eq!(
        strs(&r["nojs"]["cols"]),
        ["en", "ar", "ru"],
        "{}",
        r["nojs"]
    );
    assert_eq!(r["nojs"]["pickerInView"], true);
    assert_eq!(
        strs(&r["nojsPicked"]["cols"]),
        ["ar"],
        "{}",
        r["nojsPicked"]
    );
}
