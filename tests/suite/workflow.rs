//! Issue 17, the publishing workflow: `stele init`, `stele status --json/--list`, the CI gates of
//! `build` and `export` (`--fail-under`, `--deny-warnings`), `--help` examples, `stele completions`
//! and `stele man`.

use crate::common::{self, run_stele};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every file under `dir` with its bytes (paths relative to `dir`).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Runs stele in `root` and returns (success, stdout, stderr).
fn run_out(root: &Path, args: &[&str]) -> (bool, String, String) {
    let o = common::stele()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run stele");
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A project made by `stele init` in a fresh directory named `name`.
fn init_project(name: &str, args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(name);
    let dir_arg = dir.to_str().unwrap().to_string();
    let mut all = vec!["init", dir_arg.as_str()];
    all.extend_from_slice(args);
    let (ok, err) = run_stele(tmp.path(), &all);
    assert!(ok, "stele init failed:\n{err}");
    (tmp, dir)
}

#[test]
fn init_in_an_empty_directory_then_build_works() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let (ok, err) = run_stele(root, &["init"]);
    assert!(ok, "stele init failed:\n{err}");
    assert!(err.contains("info[init]"), "{err}");

    let toml = read(&root.join("source/edition.toml"));
    assert!(toml.contains("date = \"2025-01-01\""), "{toml}");
    assert!(
        toml.contains("PLACEHOLDER"),
        "the date is marked as a placeholder:\n{toml}"
    );
    assert!(toml.contains("target_langs = [\"ar\", \"ru\"]"), "{toml}");
    assert!(toml.contains("source_lang = \"en\""), "{toml}");
    assert!(
        toml.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            >= 3,
        "commented:\n{toml}"
    );
    assert_eq!(
        read(&root.join(".gitignore")).trim_end().lines().last(),
        Some("out/")
    );
    assert!(read(&root.join("source/article.txt")).contains("[1]"));

    // The translation files are what `stele sync` writes: front matter, one empty div per segment.
    let registry: Value =
        serde_json::from_str(&read(&root.join("source/article.ids.json"))).unwrap();
    let ids: Vec<&str> = registry["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["title", "p1", "h1", "p2", "h2", "ref-1"]);
    for lang in ["ar", "ru"] {
        let text = read(&root.join(format!("translations/{lang}.md")));
        assert!(text.starts_with(&format!("---\nlang: {lang}\n")), "{text}");
        for id in &ids {
            assert!(
                text.contains(&format!("::: {{#{id}}}\n")),
                "{lang}: no div {id}:\n{text}"
            );
        }
    }
    // `sync` finds nothing to add: the files are exactly what it makes.
    let (ok, err) = run_stele(root, &["sync", "--lang", "ar"]);
    assert!(ok && err.contains("up to date"), "{err}");

    let (ok, err) = run_stele(root, &["build"]);
    assert!(ok, "stele build after init failed:\n{err}");
    assert!(
        err.contains("warning[empty]"),
        "empty divs are warnings:\n{err}"
    );
    for f in [
        "manifest.json",
        "html/en.html",
        "html/ar.html",
        "epub/en-ru.epub",
        "pdf/en.pdf",
    ] {
        assert!(root.join("out").join(f).is_file(), "out/{f} missing");
    }
}

#[test]
fn init_derives_the_id_from_the_directory_and_takes_languages() {
    let (_tmp, dir) = init_project(
        "My Café Édition",
        &["--source-lang", "en", "--langs", "fr,de"],
    );
    let toml = read(&dir.join("source/edition.toml"));
    assert!(toml.contains("id = \"my-cafe-edition\""), "{toml}");
    assert!(toml.contains("target_langs = [\"fr\", \"de\"]"), "{toml}");
    assert!(dir.join("translations/fr.md").is_file());
    assert!(dir.join("translations/de.md").is_file());
    assert!(!dir.join("translations/ar.md").exists());
    let (ok, _, err) = run_out(&dir, &["status", "--json"]);
    assert!(ok, "{err}");
}

#[test]
fn init_refuses_to_overwrite_anything() {
    // A whole project: refused, every byte as it was.
    let project = common::article_project();
    let before = snapshot(project.path());
    let (ok, err) = run_stele(project.path(), &["init"]);
    assert!(!ok, "init in a project must fail");
    assert!(err.contains("error[init]"), "{err}");
    assert!(
        err.contains("source/edition.toml"),
        "names the files:\n{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(before, snapshot(project.path()), "init changed the project");

    // One file init would create is enough to refuse, and nothing else appears.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(".gitignore"), "target/\n").unwrap();
    let (ok, err) = run_stele(tmp.path(), &["init"]);
    assert!(!ok);
    assert!(
        err.contains(".gitignore") && !err.contains("edition.toml"),
        "{err}"
    );
    let after = snapshot(tmp.path());
    assert_eq!(after.keys().collect::<Vec<_>>(), [Path::new(".gitignore")]);
    assert!(!tmp.path().join("source").exists() && !tmp.path().join("translations").exists());
}

#[test]
fn init_validates_language_tags_before_writing() {
    for args in [
        &["init", "--langs", "ar,en_US"][..],
        &["init", "--langs", "en"],
        &["init", "--langs", "ar,ar"],
        &["init", "--source-lang", "!!"],
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let (ok, err) = run_stele(tmp.path(), args);
        assert!(!ok, "{args:?} must fail");
        assert!(err.contains("error[lang]"), "{args:?}:\n{err}");
        assert!(snapshot(tmp.path()).is_empty(), "{args:?} wrote files");
        assert!(!tmp.path().join("source").exists());
    }
}

/// A copy of `align-basic` whose German file has one segment of each listed state.
fn project_with_holes() -> tempfile::TempDir {
    let project = common::fixture_project("align-basic");
    let path = project.path().join("translations/de.md");
    let text = read(&path);
    // p2: no div (missing).
    let start = text.find("::: {#p2 ").unwrap();
    let end = start + text[start..].find("\n:::\n").unwrap() + 5;
    let mut text = format!("{}{}", &text[..start], &text[end..]);
    // q1: an empty div.
    let start = text.find("::: {#q1 ").unwrap();
    let open_end = start + text[start..].find('\n').unwrap() + 1;
    let close = open_end + text[open_end..].find(":::\n").unwrap();
    text.replace_range(open_end..close, "");
    // h1: translated from another source text (stale); p99: an orphan.
    let text = text.replace(
        "{#h1 source=\"3c56b00b3ba8\"}",
        "{#h1 source=\"000000000000\"}",
    );
    let text = format!("{text}\n::: {{#p99}}\nEin Absatz, den die Quelle nicht hat.\n:::\n");
    std::fs::write(&path, text).unwrap();
    project
}

/// The 1-based line of the first line of `file` containing `needle`.
fn line_of(file: &Path, needle: &str) -> usize {
    read(file)
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {}", file.display()))
        + 1
}

#[test]
fn status_json_has_the_numbers_of_the_table() {
    let project = project_with_holes();
    let (ok, table, err) = run_out(project.path(), &["status"]);
    assert!(ok, "{err}");
    let (ok, json, err) = run_out(project.path(), &["status", "--json"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&json).expect("status --json is JSON");
    assert_eq!(v["document"], "lighthouse-keepers");
    let langs = v["languages"].as_array().unwrap();
    assert_eq!(langs.len(), 2);
    for lang in langs {
        let row: Vec<&str> = table
            .lines()
            .find(|l| l.split_whitespace().next() == lang["lang"].as_str())
            .unwrap_or_else(|| panic!("no row for {}:\n{table}", lang["lang"]))
            .split_whitespace()
            .collect();
        for (i, key) in [
            "total",
            "translated",
            "missing",
            "stale",
            "orphan",
            "flagged",
        ]
        .iter()
        .enumerate()
        {
            assert_eq!(
                lang[key].as_u64().unwrap().to_string(),
                row[i + 1],
                "{key} of {}",
                lang["lang"]
            );
        }
        assert_eq!(
            format!("{:.1}%", lang["coverage"].as_f64().unwrap()),
            row[7]
        );
        assert!(lang.get("segments").is_none(), "segments only with --list");
    }
    let de = &langs[0];
    assert_eq!(de["lang"], "de");
    assert_eq!(
        (
            de["missing"].as_u64(),
            de["stale"].as_u64(),
            de["orphan"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
}

#[test]
fn status_list_names_each_segment_by_state_with_file_and_line() {
    let project = project_with_holes();
    let de = project.path().join("translations/de.md");
    let (ok, out, err) = run_out(project.path(), &["status", "--list", "--lang", "de"]);
    assert!(ok, "{err}");
    assert!(
        !out.lines().any(|l| l.starts_with("ar")),
        "--lang de shows only de:\n{out}"
    );
    assert!(
        out.contains("de (translations/de.md): 1 missing, 1 empty, 1 stale, 1 orphan"),
        "{out}"
    );
    let entry = |state: &str, id: &str| -> String {
        out.lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .find(|w| w.len() == 3 && w[0] == state && w[1] == id)
            .unwrap_or_else(|| panic!("no `{state} {id}` line:\n{out}"))[2]
            .to_string()
    };
    assert_eq!(entry("missing", "p2"), "translations/de.md");
    for (state, id) in [("empty", "q1"), ("stale", "h1"), ("orphan", "p99")] {
        let loc = entry(state, id);
        let line: usize = loc
            .strip_prefix("translations/de.md:")
            .unwrap_or_else(|| panic!("{loc}"))
            .parse()
            .unwrap();
        let fence = line_of(&de, &format!("{{#{id}"));
        assert!(
            line == fence || line == fence + 1,
            "{state} {id} at {line}, div at {fence}"
        );
    }

    // The same lists in JSON, consistent with the counts.
    let (ok, json, err) = run_out(
        project.path(),
        &["status", "--json", "--list", "--lang", "de"],
    );
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&json).unwrap();
    let langs = v["languages"].as_array().unwrap();
    assert_eq!(langs.len(), 1);
    let s = &langs[0]["segments"];
    let ids = |state: &str| -> Vec<&str> {
        s[state]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect()
    };
    assert_eq!(
        (ids("missing"), ids("empty"), ids("stale"), ids("orphan")),
        (vec!["p2"], vec!["q1"], vec!["h1"], vec!["p99"])
    );
    assert_eq!(s["missing"][0]["line"], Value::Null);
    assert_eq!(
        langs[0]["missing"].as_u64().unwrap() as usize,
        ids("missing").len() + ids("empty").len()
    );

    let (ok, _, err) = run_out(project.path(), &["status", "--list", "--lang", "fr"]);
    assert!(
        !ok && err.contains("`fr` is not a target language"),
        "{err}"
    );
}

#[test]
fn build_and_export_gates_fail_the_run_but_write_the_editions() {
    let (_tmp, dir) = init_project("gates", &[]);
    let out = dir.join("out");

    let (ok, err) = run_stele(&dir, &["build", "--format", "html", "--fail-under", "50"]);
    assert!(!ok, "coverage 0% is below 50");
    assert!(
        err.contains("error[fail-under]") && err.contains("[ar]") && err.contains("[ru]"),
        "{err}"
    );
    assert!(out.join("html/ar.html").is_file() && out.join("manifest.json").is_file());

    let (ok, err) = run_stele(&dir, &["build", "--format", "html", "--fail-under", "0"]);
    assert!(ok, "{err}");

    let (ok, err) = run_stele(&dir, &["build", "--format", "html", "--deny-warnings"]);
    assert!(!ok);
    assert!(err.contains("error[deny-warnings]"), "{err}");

    // `--lang` limits the languages the coverage gate judges.
    let (ok, err) = run_stele(
        &dir,
        &["export", "epub", "--lang", "en,ar", "--fail-under", "100"],
    );
    assert!(!ok);
    assert!(
        err.contains("error[fail-under]") && err.contains("[ar]") && !err.contains("[ru] coverage"),
        "{err}"
    );
    assert!(
        out.join("epub/en-ar.epub").is_file(),
        "the edition is written"
    );

    let (ok, err) = run_stele(&dir, &["export", "html", "--deny-warnings"]);
    assert!(!ok && err.contains("error[deny-warnings]"), "{err}");
    let (ok, err) = run_stele(&dir, &["export", "html", "--fail-under", "0"]);
    assert!(ok, "{err}");

    // A complete project passes both gates.
    let project = common::fixture_project("tech-manual");
    let (ok, err) = run_stele(
        project.path(),
        &["export", "html", "--fail-under", "100", "--deny-warnings"],
    );
    assert!(ok, "{err}");
}

#[test]
fn every_subcommand_help_shows_an_example() {
    let cmd = stele::cli::command();
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for expected in ["init", "status", "build", "export", "completions", "man"] {
        assert!(
            names.iter().any(|n| n == expected),
            "no subcommand {expected}"
        );
    }
    for name in &names {
        let o = common::stele()
            .args([name.as_str(), "--help"])
            .output()
            .unwrap();
        let help = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{name} --help");
        assert!(
            help.contains("Examples:\n  stele "),
            "`stele {name} --help` shows no example:\n{help}"
        );
    }
    let o = common::stele().arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("Example:\n  stele init"));
}

#[test]
fn completions_and_man_page_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = common::stele()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{shell}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let script = String::from_utf8_lossy(&o.stdout);
        for sub in ["init", "status", "build", "export", "completions"] {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
        assert!(
            script.contains("fail-under"),
            "{shell} completion lacks --fail-under"
        );
    }
    let o = common::stele()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );

    let o = common::stele().arg("man").output().unwrap();
    assert!(o.status.success());
    let page = String::from_utf8_lossy(&o.stdout);
    assert!(page.contains(".TH stele 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    for sub in [
        "init",
        "status",
        "build",
        "export",
        "sync",
        "align",
        "completions",
        "man",
    ] {
        assert!(
            page.contains(&format!("stele\\-{sub}(1)")),
            "man lacks {sub}"
        );
    }
    // The pages it refers to.
    let o = common::stele().args(["man", "status"]).output().unwrap();
    assert!(o.status.success());
    let page = String::from_utf8_lossy(&o.stdout);
    assert!(
        page.contains(".TH stele-status 1") && page.contains("\\-\\-list"),
        "{page}"
    );
    let o = common::stele().args(["man", "nope"]).output().unwrap();
    assert!(!o.status.success());
}

// ---- issue 17: per-language failure ----

/// `align-basic` (de and ar, both current) with `edit` applied to the German file.
fn align_basic_with_de(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let project = common::fixture_project("align-basic");
    let path = project.path().join("translations/de.md");
    let text = read(&path);
    let edited = edit(text.clone());
    assert_ne!(edited, text, "the edit changed nothing");
    std::fs::write(&path, edited).unwrap();
    project
}

/// The pages in out/html (the shipped fonts' directory, issue 18, is not a page).
fn html_files(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("out/html"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n != "fonts")
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn manifest(root: &Path) -> Value {
    serde_json::from_str(&read(&root.join("out/manifest.json"))).unwrap()
}

#[test]
fn issue17_policy_fail_with_lang_builds_the_selected_current_language() {
    // ar is current, de is stale: under --policy fail, --lang ar checks and builds ar only.
    let project = align_basic_with_de(|t| {
        t.replace(
            "{#p1 source=\"f623f8d5cfe1\"}",
            "{#p1 source=\"000000000000\"}",
        )
    });
    let root = project.path();
    let (ok, _, err) = run_out(
        root,
        &[
            "build", "--format", "html", "--policy", "fail", "--lang", "ar",
        ],
    );
    assert!(ok, "the ar build failed:\n{err}");
    assert!(
        !err.contains("[de]"),
        "de was checked although --lang ar:\n{err}"
    );
    assert_eq!(html_files(root), ["ar.html"]);
    assert!(read(&root.join("out/html/ar.html")).contains("lang=\"ar\""));
    // Without --lang, de is refused, named with its reason, and everything else is built.
    let (ok, _, err) = run_out(root, &["build", "--format", "html", "--policy", "fail"]);
    assert!(!ok, "a refused language must make the exit status non-zero");
    assert!(
        err.contains("error[refused]")
            && err.contains("`de` is left out of this build")
            && err.contains("[stale] in segment p1"),
        "{err}"
    );
    assert!(
        err.contains("refused de (translations/de.md)"),
        "the summary table names the refused language:\n{err}"
    );
    assert_eq!(html_files(root), ["ar.html", "en.html", "parallel.html"]);
    let parallel = read(&root.join("out/html/parallel.html"));
    assert!(parallel.contains("lang=\"ar\"") && !parallel.contains("lang=\"de\""));
    let m = manifest(root);
    assert_eq!(m["refused"][0]["lang"], "de", "{m:#}");
}

#[test]
fn issue17_broken_front_matter_leaves_out_only_that_language() {
    let project = common::fixture_project("align-basic");
    let root = project.path();
    let (ok, _, err) = run_out(root, &["build", "--format", "html"]);
    assert!(ok, "{err}");
    assert_eq!(
        html_files(root),
        ["ar.html", "de.html", "en.html", "parallel.html"]
    );
    let old_de = read(&root.join("out/html/de.html"));
    let path = root.join("translations/de.md");
    std::fs::write(&path, read(&path).replacen("lang: de\n", "lang: [de\n", 1)).unwrap();
    let (ok, _, err) = run_out(root, &["build", "--format", "html"]);
    assert!(
        !ok,
        "a broken file must make the exit status non-zero:\n{err}"
    );
    assert!(err.contains("`de` is left out of this build"), "{err}");
    // The others are rebuilt (parallel without de), the previous de page is left as it was and
    // the manifest lists it as failed, not as built.
    assert_eq!(read(&root.join("out/html/de.html")), old_de);
    assert!(!read(&root.join("out/html/parallel.html")).contains("lang=\"de\""));
    let m = manifest(root);
    let built: Vec<&str> = m["editions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .filter(|p| !p.starts_with("html/fonts/"))
        .collect();
    assert_eq!(
        built,
        ["html/ar.html", "html/en.html", "html/parallel.html"],
        "{m:#}"
    );
    assert!(
        m["failed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "html/de.html"),
        "{m:#}"
    );
    assert!(
        m["refused"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("error"),
        "{m:#}"
    );
}

#[test]
fn issue17_citation_parity_error_leaves_out_only_that_language() {
    let project = align_basic_with_de(|t| t.replacen("aufbewahrt.[1]", "aufbewahrt.", 1));
    let root = project.path();
    let (ok, _, err) = run_out(root, &["build", "--format", "html,epub"]);
    assert!(!ok, "{err}");
    assert!(err.contains("[citation-parity] in segment p1"), "{err}");
    assert_eq!(html_files(root), ["ar.html", "en.html", "parallel.html"]);
    assert!(root.join("out/epub/ar.epub").exists() && !root.join("out/epub/de.epub").exists());
    // --lang ar does not check de: the build succeeds.
    let (ok, _, err) = run_out(root, &["build", "--format", "html", "--lang", "ar"]);
    assert!(ok, "{err}");
}

#[test]
fn issue17_export_refuses_only_the_broken_language() {
    // de's front matter is broken: every format exports ar and refuses de, exit non-zero.
    let project = align_basic_with_de(|t| t.replacen("lang: de\n", "lang: [de\n", 1));
    let root = project.path();
    for (format, files, absent) in [
        ("xliff", vec!["ar.xlf"], "de.xlf"),
        ("po", vec!["ar.po"], "de.po"),
        ("tmx", vec!["memory.tmx"], ""),
    ] {
        let (ok, _, err) = run_out(root, &["export", format]);
        assert!(!ok, "{format}: a broken language must fail the run:\n{err}");
        assert!(
            err.contains("translations/de.md")
                && err.contains("nothing was exported or imported for `de`"),
            "{format}: the refusal names the file and the language:\n{err}"
        );
        for f in &files {
            let path = root.join("out/exchange").join(f);
            assert!(path.exists(), "{format}: {f} was not written:\n{err}");
        }
        if !absent.is_empty() {
            assert!(!root.join("out/exchange").join(absent).exists(), "{format}");
        }
    }
    let tmx = read(&root.join("out/exchange/memory.tmx"));
    assert!(tmx.contains("xml:lang=\"ar\"") && !tmx.contains("xml:lang=\"de\""));
    // Fixed, both are exported and the run succeeds.
    let path = root.join("translations/de.md");
    std::fs::write(&path, read(&path).replacen("lang: [de\n", "lang: de\n", 1)).unwrap();
    let (ok, _, err) = run_out(root, &["export", "xliff"]);
    assert!(ok, "{err}");
    assert!(root.join("out/exchange/de.xlf").exists());
}
