//! Issue 15: CAT-tool exchange. Round trips through XLIFF 2.1, XLIFF 1.2 and PO on the article
//! and the tech-manual projects (no edits: byte-identical; emptied divs: filled back to the very
//! bytes), hostile files refused with nothing written, and the real tools: OmegaT 3.6 in console
//! mode, translate-toolkit, gettext's msgfmt and the npm `xliff` parser.

use crate::common::{self, run_stele};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Exports `args` (e.g. `["xliff", "--lang", "ar"]`) and returns `out/exchange/<name>`.
fn export(root: &Path, args: &[&str], name: &str) -> PathBuf {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    let (ok, err) = run_stele(root, &all);
    assert!(ok, "stele {all:?} failed:\n{err}");
    let p = root.join("out/exchange").join(name);
    assert!(p.is_file(), "{} not written:\n{err}", p.display());
    p
}

fn import(root: &Path, file: &Path) -> (bool, String) {
    run_stele(root, &["import", file.to_str().unwrap()])
}

/// The translation file with the text of every div removed (fences, front matter, comments kept).
fn emptied(text: &str) -> String {
    emptied_except(text, &[])
}

/// As [`emptied`], but the divs of `keep` keep their text.
fn emptied_except(text: &str, keep: &[&str]) -> String {
    let mut out = Vec::new();
    let mut inside = false;
    for l in text.split('\n') {
        if l.starts_with(":::") && l.contains('{') {
            inside = !keep.iter().any(|id| l.contains(&format!("{{#{id} ")));
            out.push(l.to_string());
        } else if l.starts_with(":::") && !inside {
            out.push(l.to_string());
        } else if l.starts_with(":::") {
            inside = false;
            out.push(String::new());
            out.push(l.to_string());
        } else if !inside {
            out.push(l.to_string());
        }
    }
    out.join("\n")
}

/// The PO text with `[1]` removed from the first `msgstr` that has it.
fn without_first_target_citation(po: &str) -> String {
    let mut done = false;
    po.split('\n')
        .map(|l| {
            if !done && l.starts_with("msgstr ") && l.contains("[1]") {
                done = true;
                l.replacen("[1]", "", 1)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn projects() -> Vec<(&'static str, tempfile::TempDir)> {
    vec![
        ("article", common::article_project()),
        ("tech-manual", common::fixture_project("tech-manual")),
    ]
}

const FORMATS: [(&[&str], &str); 3] = [
    (&["xliff"], "xlf"),
    (&["xliff", "--xliff-version", "1.2"], "xliff12.xlf"),
    (&["po"], "po"),
];

#[test]
fn issue15_round_trip_every_format_is_byte_identical() {
    for (name, dir) in projects() {
        let root = dir.path();
        for lang in ["ar", "ru"] {
            let md = root.join(format!("translations/{lang}.md"));
            let original = read(&md);
            for (args, ext) in FORMATS {
                let mut a = args.to_vec();
                a.extend(["--lang", lang]);
                let file = export(root, &a, &format!("{lang}.{ext}"));
                // No edits: nothing changes.
                let (ok, err) = import(root, &file);
                assert!(ok, "{name} {lang} {ext}: {err}");
                assert!(
                    err.contains("0 div(s) to update"),
                    "{name} {lang} {ext}: {err}"
                );
                assert_eq!(read(&md), original, "{name} {lang} {ext}");
                // Every div emptied: the import writes back the very bytes. (The fixture's p20 has a
                // citation-parity error `stele align` reports; an import refuses to write that
                // anew, so its text stays.)
                std::fs::write(&md, emptied_except(&original, &["p20"])).unwrap();
                let (ok, err) = import(root, &file);
                assert!(ok, "{name} {lang} {ext}: {err}");
                assert_eq!(read(&md), original, "{name} {lang} {ext} (emptied):\n{err}");
            }
        }
    }
}

#[test]
fn issue15_inline_markup_travels_as_protected_codes() {
    let dir = common::fixture_project("tech-manual");
    let root = dir.path();
    let md = root.join("translations/ar.md");
    let text = read(&md);
    // p1 cites [1]; give it emphasis, a link and a language span as a translator would.
    let start = text.find("::: {#p1 ").unwrap();
    let body = text[start..].find('\n').unwrap() + start + 1;
    let end = text[body..].find("\n:::").unwrap() + body;
    let marked =
        "يصف *هذا* **المقتطف** [دليل](https://debian-handbook.info/) و[Debian]{lang=en}.[1]";
    let text = format!("{}{marked}{}", &text[..body], &text[end..]);
    std::fs::write(&md, &text).unwrap();
    let x2 = read(&export(root, &["xliff", "--lang", "ar"], "ar.xlf"));
    assert!(
        x2.contains(r#"<ph id="c1" disp="[1]" equiv="[1]"/>"#),
        "{x2}"
    );
    assert!(
        x2.contains(r#"<pc id="m1" type="fmt" subType="xlf:i" dispStart="*" dispEnd="*">هذا</pc>"#)
    );
    assert!(x2.contains(r#"<pc id="m3" type="link" dispStart="[" dispEnd="](https://debian-handbook.info/)">دليل</pc>"#));
    assert!(x2.contains(r#"dispEnd="]{lang=en}">Debian</pc>"#));
    let x12 = read(&export(
        root,
        &["xliff", "--xliff-version", "1.2", "--lang", "ar"],
        "ar.xliff12.xlf",
    ));
    assert!(
        x12.contains(r#"<x id="c1" ctype="x-cite" equiv-text="[1]"/>"#),
        "{x12}"
    );
    assert!(x12.contains(r#"<g id="m2" ctype="bold" stele:start="**" stele:end="**">المقتطف</g>"#));
    for file in [
        root.join("out/exchange/ar.xlf"),
        root.join("out/exchange/ar.xliff12.xlf"),
    ] {
        std::fs::write(&md, emptied_except(&text, &["p20"])).unwrap();
        let (ok, err) = import(root, &file);
        assert!(ok, "{err}");
        assert_eq!(read(&md), text, "{}", file.display());
    }
    // A tool that drops the delimiters of a link: the URL is lost, so the unit is an error.
    std::fs::write(&md, emptied_except(&text, &["p20"])).unwrap();
    let before = read(&md);
    let broken = x2.replace(
        r#" dispStart="[" dispEnd="](https://debian-handbook.info/)""#,
        "",
    );
    let f = root.join("broken.xlf");
    std::fs::write(&f, broken).unwrap();
    let (ok, err) = import(root, &f);
    assert!(
        !ok && err.contains("error[markup]") && err.contains("p1") && err.contains("m3"),
        "{err}"
    );
    assert_eq!(read(&md), before);
}

/// Hostile or wrong files: each refused or reported, `translations/ar.md` untouched.
#[test]
fn issue15_hostile_exchange_files_are_refused_with_nothing_written() {
    let dir = common::fixture_project("tech-manual");
    let root = dir.path();
    let md = root.join("translations/ar.md");
    let x2 = read(&export(root, &["xliff", "--lang", "ar"], "ar.xlf"));
    let po = read(&export(root, &["po", "--lang", "ar"], "ar.po"));
    let ru = read(&export(root, &["xliff", "--lang", "ru"], "ru.xlf"));
    // Empty the divs, so an accepted file would write.
    let emptied_text = emptied_except(&read(&md), &["p20"]);
    std::fs::write(&md, &emptied_text).unwrap();
    let body = x2.split_once('\n').unwrap().1;
    let laughs = (1..10)
        .map(|i| {
            format!(
                "<!ENTITY lol{i} \"{}\">",
                format!("&lol{};", i - 1).repeat(10)
            )
        })
        .collect::<String>();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "xxe.xlf",
            format!("<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n{}", body.replacen("<source xml:space=\"preserve\">", "<source xml:space=\"preserve\">&xxe;", 1)),
            "document type declaration",
        ),
        (
            "bomb.xlf",
            format!("<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [<!ENTITY lol0 \"lol\">{laughs}]>\n{}", body.replacen("<target xml:space=\"preserve\">", "<target xml:space=\"preserve\">&lol9;", 1)),
            "document type declaration",
        ),
        (
            "undeclared.xlf",
            x2.replacen("<target xml:space=\"preserve\">", "<target xml:space=\"preserve\">&lol9;", 1),
            "entity stele does not expand",
        ),
        (
            "deep.xlf",
            x2.replacen("<target xml:space=\"preserve\">", &format!("<target xml:space=\"preserve\">{}{}", "<pc id=\"d\">".repeat(10_000), "</pc>".repeat(10_000)), 1),
            "nest deeper than 64",
        ),
        ("wrong-lang.xlf", ru.clone(), "a translation into `ru`, not `ar`"),
        ("truncated.xlf", x2[..x2.len() / 2].to_string(), "nothing was written"),
        (
            "no-citation.po",
            without_first_target_citation(&po),
            "error[citation-parity]",
        ),
        ("damaged.po", po.replacen("msgstr \"", "msgstr \"\\q", 3), "unknown escape"),
        (
            "no-citation.xlf",
            x2.replacen("<ph id=\"c1\" disp=\"[1]\" equiv=\"[1]\"/></target>", "</target>", 1),
            "the source cites [1] but the target nothing",
        ),
    ];
    for (name, text, want) in cases {
        let f = root.join(name);
        std::fs::write(&f, &text).unwrap();
        let (ok, err) = run_stele(root, &["import", "--lang", "ar", f.to_str().unwrap()]);
        assert!(!ok, "{name} was accepted:\n{err}");
        assert!(err.contains(want), "{name}: want `{want}` in:\n{err}");
        assert_eq!(read(&md), emptied_text, "{name} wrote translations/ar.md");
    }
    // Unknown IDs: reported as orphans naming the unit, not imported.
    let orphan = x2
        .replace(
            "<unit id=\"p1\" name=\"p1\">",
            "<unit id=\"p999\" name=\"p999\">",
        )
        .replace(
            "<unit id=\"p2\" name=\"p2\">",
            "<unit id=\"zz\" name=\"zz\">",
        );
    let f = root.join("orphan.xlf");
    std::fs::write(&f, orphan).unwrap();
    let (ok, err) = import(root, &f);
    assert!(ok, "{err}");
    assert!(
        err.contains("warning[orphan]")
            && err.contains("unit `p999` matches no current source segment"),
        "{err}"
    );
    assert!(err.contains("unit `zz`"), "{err}");
    let after = read(&md);
    assert!(
        after.contains("::: {#p1 source=\"ab31c2f79a1d\"}\n\n:::"),
        "p1 was filled"
    );
    let leftovers: Vec<_> = std::fs::read_dir(root.join("translations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".md") && !n.ends_with(".toml"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn issue15_units_from_an_older_source_are_imported_as_stale() {
    let dir = common::fixture_project("tech-manual");
    let root = dir.path();
    let md = root.join("translations/ar.md");
    let x2 = read(&export(root, &["xliff", "--lang", "ar"], "ar.xlf"));
    std::fs::write(&md, emptied_except(&read(&md), &["p20"])).unwrap();
    let old = x2.replacen(
        "<note category=\"fingerprint\">ab31c2f79a1d</note>",
        "<note category=\"fingerprint\">0123456789ab</note>",
        1,
    );
    assert_ne!(old, x2);
    let f = root.join("old.xlf");
    std::fs::write(&f, old).unwrap();
    let (ok, err) = import(root, &f);
    assert!(ok, "{err}");
    assert!(
        err.contains("warning[stale]")
            && err.contains("unit `p1` was translated from an older source"),
        "{err}"
    );
    assert!(read(&md).contains("::: {#p1 source=\"0123456789ab\"}\nيصف"));
    let json = status_json(root, "ar");
    assert_eq!(json["stale"], 1, "{json}");
}

/// `stele status --json --lang LANG`'s entry for the language.
fn status_json(root: &Path, lang: &str) -> serde_json::Value {
    let o = common::stele()
        .arg("--root")
        .arg(root)
        .args(["status", "--json", "--lang", lang])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("status --json");
    v["languages"][0].clone()
}
