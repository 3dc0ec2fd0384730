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
    let mut out = Vec::new();
    let mut inside = false;
    for l in text.split('\n') {
        if l.starts_with(":::") && l.contains('{') {
            inside = true;
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
                // Every div emptied: the import writes back the very bytes.
                std::fs::write(&md, emptied(&original)).unwrap();
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
        std::fs::write(&md, emptied(&text)).unwrap();
        let (ok, err) = import(root, &file);
        assert!(ok, "{err}");
        assert_eq!(read(&md), text, "{}", file.display());
    }
    // A tool that drops the delimiters of a link: the URL is lost, so the unit is an error.
    std::fs::write(&md, emptied(&text)).unwrap();
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
    let emptied_text = emptied(&read(&md));
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
    std::fs::write(&md, emptied(&read(&md))).unwrap();
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

// ---- real tools ----

/// Runs OmegaT 3.6 headless in console mode on a project (the Debian launcher needs a display).
fn omegat(jar: &Path, project: &Path, home: &Path) -> String {
    let o = Command::new("java")
        .arg("-Djava.awt.headless=true")
        .arg(format!("-Duser.home={}", home.display()))
        .arg("-jar")
        .arg(jar)
        .arg(project)
        .arg("--mode=console-translate")
        .output()
        .expect("run omegat");
    let log = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "omegat failed:\n{log}");
    log
}

/// An OmegaT project (paragraph segmentation: stele's units are paragraphs) from `source` to `target`.
fn omegat_project(dir: &Path, source: &str, target: &str) {
    for sub in [
        "source",
        "target",
        "tm/auto",
        "glossary",
        "dictionary",
        "omegat",
    ] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let project = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <source_dir_excludes><mask>**/.svn/**</mask></source_dir_excludes>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>{source}</source_lang>
        <target_lang>{target}</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"#
    );
    std::fs::write(dir.join("omegat.project"), project).unwrap();
}

/// The issue's scenario: OmegaT gets stele's PO of a language whose divs were emptied, and in
/// `tm/auto/` stele's TMX from the translated project; console-translate fills every entry from
/// the memory, and the import gives back the original translation file (100% coverage).
#[test]
fn issue15_omegat_console_translate_fills_every_segment_from_the_tmx() {
    let Some(jar) = common::omegat_jar() else {
        return;
    };
    for (name, dir) in projects() {
        let root = dir.path();
        let md = root.join("translations/ar.md");
        let original = read(&md);
        let tmx = export(root, &["tmx"], "memory.tmx");
        let work = tempfile::tempdir().unwrap();
        let proj = work.path().join("proj");
        omegat_project(&proj, "en", "ar");
        std::fs::copy(&tmx, proj.join("tm/auto/stele.tmx")).unwrap();
        std::fs::write(&md, emptied(&original)).unwrap();
        let po = export(root, &["po", "--lang", "ar"], "ar.po");
        std::fs::copy(&po, proj.join("source/ar.po")).unwrap();
        let log = omegat(&jar, &proj, &work.path().join("home"));
        let translated = proj.join("target/ar.po");
        assert!(translated.is_file(), "{name}: no target/ar.po:\n{log}");
        let (ok, err) = import(root, &translated);
        assert!(ok, "{name}: {err}");
        assert_eq!(
            read(&md),
            original,
            "{name}: OmegaT's PO did not give back the translation\n{err}"
        );
        let s = status_json(root, "ar");
        assert_eq!(s["coverage"], 100.0, "{name}: {s}");
    }
}

/// What OmegaT 3.6 does with XLIFF 1.2 (recorded in README): its filter translates the text of
/// `<target>`, so an empty target gives it nothing to do; with the source copied into the targets
/// it fills those the TMX matches, keeps `state="new"`, and leaves the rest as the source copy.
/// stele imports the filled units as unconfirmed text (no fingerprint) and skips the copies.
#[test]
fn issue15_omegat_with_xliff12_fills_targets_it_is_given() {
    let Some(jar) = common::omegat_jar() else {
        return;
    };
    let dir = common::article_project();
    let root = dir.path();
    let md = root.join("translations/ar.md");
    let original = read(&md);
    let tmx = export(root, &["tmx"], "memory.tmx");
    std::fs::write(&md, emptied(&original)).unwrap();
    let x12 = read(&export(
        root,
        &["xliff", "--xliff-version", "1.2", "--lang", "ar"],
        "ar.xliff12.xlf",
    ));
    let work = tempfile::tempdir().unwrap();
    let proj = work.path().join("proj");
    omegat_project(&proj, "en", "ar");
    std::fs::copy(&tmx, proj.join("tm/auto/stele.tmx")).unwrap();
    // Empty targets: OmegaT finds no segment and writes the file back unchanged in substance.
    std::fs::write(proj.join("source/ar.xlf"), &x12).unwrap();
    let log = omegat(&jar, &proj, &work.path().join("home"));
    let (ok, err) = import(root, &proj.join("target/ar.xlf"));
    assert!(ok && err.contains("0 div(s) to update"), "{err}\n{log}");
    // Targets holding a copy of the source.
    let mut filled = String::new();
    let mut rest = x12.as_str();
    while let Some(i) = rest.find("<source>") {
        let j = rest[i..].find("</source>").unwrap() + i;
        let src = &rest[i + 8..j];
        filled.push_str(&rest[..j]);
        rest = &rest[j..];
        let empty = "</source>\n        <target state=\"new\"></target>";
        if rest.starts_with(empty) {
            filled.push_str(&format!(
                "</source>\n        <target state=\"new\">{src}</target>"
            ));
            rest = &rest[empty.len()..];
        }
    }
    filled.push_str(rest);
    std::fs::write(proj.join("source/ar.xlf"), &filled).unwrap();
    omegat(&jar, &proj, &work.path().join("home"));
    let out = read(&proj.join("target/ar.xlf"));
    let (ok, err) = import(root, &proj.join("target/ar.xlf"));
    assert!(ok, "{err}");
    // The emptied divs kept their fingerprints, so the filled ones count as translated; the units
    // with a citation (`<x/>`, an OmegaT tag) find no exact match in the plain-text TMX and stay.
    let with_codes = x12
        .split("<trans-unit ")
        .filter(|u| u.contains("<x id="))
        .count();
    let s = status_json(root, "ar");
    assert_eq!(s["missing"], with_codes, "{s}");
    assert_eq!(
        s["translated"].as_u64().unwrap() as usize + with_codes,
        65,
        "{s}\n{out}"
    );
    let text = read(&md);
    for div in original.split("\n:::\n").filter(|d| !d.contains('[')) {
        assert!(text.contains(div), "not filled back:\n{div}");
    }
}

#[test]
fn issue15_translate_toolkit_and_msgfmt_read_every_unit() {
    let (Some(pocount), Some(pofilter), Some(msgfmt)) = (
        common::translate_toolkit("pocount"),
        common::translate_toolkit("pofilter"),
        common::msgfmt(),
    ) else {
        return;
    };
    for (name, dir) in projects() {
        let root = dir.path();
        let x2 = read(&export(root, &["xliff", "--lang", "ar"], "ar.xlf"));
        let units = x2.matches("<unit id=").count();
        assert!(units > 20, "{name}");
        let po = export(root, &["po", "--lang", "ar"], "ar.po");
        let x12 = export(
            root,
            &["xliff", "--xliff-version", "1.2", "--lang", "ar"],
            "ar.xliff12.xlf",
        );
        let tmx = export(root, &["tmx"], "memory.tmx");
        let o = Command::new(&msgfmt)
            .args(["--check-format", "-c", "-o", "/dev/null"])
            .arg(&po)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{name}: msgfmt: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let o = Command::new(&pocount)
            .arg("--csv")
            .arg(&po)
            .output()
            .unwrap();
        let csv = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{name}: pocount: {csv}");
        let row = csv.lines().nth(1).unwrap_or_default().to_string();
        // Filename, Translated Messages, …, Untranslated, …, Total Source Words, …
        let translated: usize = row.split(',').nth(1).unwrap().trim().parse().unwrap();
        let s = status_json(root, "ar");
        assert!(
            translated as u64 >= s["translated"].as_u64().unwrap(),
            "{name}: {row} / {s}"
        );
        // pofilter's brackets check finds a citation dropped from a translation.
        let dropped = root.join("dropped.po");
        std::fs::write(&dropped, without_first_target_citation(&read(&po))).unwrap();
        let flagged = root.join("flagged.po");
        let o = Command::new(&pofilter)
            .args(["-t", "brackets", "-t", "numbers"])
            .arg(&dropped)
            .arg(&flagged)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{name}: pofilter: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let f = read(&flagged);
        assert!(
            f.contains("(pofilter) brackets") || f.contains("(pofilter) numbers"),
            "{name}: {f}"
        );
        let clean = root.join("clean.po");
        Command::new(&pofilter)
            .args(["-t", "brackets"])
            .arg(&po)
            .arg(&clean)
            .output()
            .unwrap();
        // translate.storage reads every unit with its ID, source and target.
        let script = r#"
import sys
from translate.storage import xliff, tmx, po
x = [u for u in xliff.xlifffile.parsefile(sys.argv[1]).units if u.getid()]
t = tmx.tmxfile.parsefile(sys.argv[2]).units
p = [u for u in po.pofile.parsefile(sys.argv[3]).units if not u.isheader()]
print(len(x), sum(1 for u in x if u.source and u.target is not None), len(t), len(p), sum(1 for u in p if u.getcontext()))
"#;
        let o = Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(&x12)
            .arg(&tmx)
            .arg(&po)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let n: Vec<usize> = out.split_whitespace().map(|v| v.parse().unwrap()).collect();
        let tus = read(&tmx).matches("<tu tuid=").count();
        assert_eq!(n, [units, units, tus, units, units], "{name}: {out}");
        assert!(tus > 0, "{name}");
    }
}

#[test]
fn issue15_npm_xliff_parses_every_unit_and_target() {
    let Some(node) = common::node_with_xliff() else {
        return;
    };
    let dir = common::fixture_project("tech-manual");
    let root = dir.path();
    let script = common::root().join("tests/exchange/xliff-check.mjs");
    for (args, name) in [
        (&["xliff", "--lang", "ar"][..], "ar.xlf"),
        (
            &["xliff", "--xliff-version", "1.2", "--lang", "ar"][..],
            "ar.xliff12.xlf",
        ),
        (&["xliff", "--lang", "ru"][..], "ru.xlf"),
    ] {
        let file = export(root, args, name);
        let units = read(&file).matches("<source").count();
        let o = Command::new(&node)
            .arg(&script)
            .arg(&file)
            .arg(units.to_string())
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{name}: {out}{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(v["units"], units, "{name}: {v}");
        assert_eq!(v["with_target"], units, "{name}: {v}");
    }
}
