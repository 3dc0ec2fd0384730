//! The code's structure (issue 13): `crate::cli` stays at the boundary and no module imports
//! another that imports it back, checked by `scripts/check-imports.py` on the real tree, and the
//! checker shown to catch an injected cycle (so a pass means something).

use crate::common::{copy_dir, require, root};
use std::path::{Path, PathBuf};
use std::process::Command;

fn python3() -> Option<PathBuf> {
    let ok = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    require("python3", ok.then(|| PathBuf::from("python3")))
}

fn check(src: &Path) -> (bool, String) {
    let o = Command::new("python3")
        .arg(root().join("scripts/check-imports.py"))
        .arg("--src")
        .arg(src)
        .output()
        .expect("run python3");
    let text =
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    (o.status.success(), text)
}

#[test]
fn issue13_no_import_cycles_and_cli_only_at_the_boundary() {
    if python3().is_none() {
        return;
    }
    let (ok, out) = check(&root().join("src"));
    assert!(ok, "scripts/check-imports.py found violations:\n{out}");
    assert!(out.contains("import cycles: none"), "{out}");
    assert!(
        out.contains("crate::cli outside main.rs/cli.rs: none"),
        "{out}"
    );
}

#[test]
fn issue13_the_import_checker_finds_an_injected_cycle_and_a_cli_import() {
    if python3().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    copy_dir(&root().join("src"), &src);
    // media -> model is allowed; model -> media is the other half of a cycle.
    let media = src.join("media.rs");
    let text = std::fs::read_to_string(&media).unwrap();
    std::fs::write(
        &media,
        format!("{text}\nfn cycle(_: &crate::model::Document) {{}}\n"),
    )
    .unwrap();
    let diag = src.join("diag.rs");
    let text = std::fs::read_to_string(&diag).unwrap();
    std::fs::write(&diag, format!("{text}\nfn leak(_: crate::cli::Cli) {{}}\n")).unwrap();
    let (ok, out) = check(&src);
    assert!(!ok, "the checker passed a tree with a cycle:\n{out}");
    assert!(
        out.contains("import cycle under crate: media <-> model"),
        "{out}"
    );
    assert!(
        out.contains("crate::cli outside main.rs/cli.rs: diag.rs"),
        "{out}"
    );
}
