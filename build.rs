//! Build script: a fingerprint of stele's own code, catalogs, styles and fonts, so that an
//! incremental build rebuilds every edition after stele itself changed (the version number alone
//! stays the same between commits).

use std::hash::Hasher;
use std::path::{Path, PathBuf};

fn main() {
    // `DefaultHasher::new()` has fixed keys: the same files give the same fingerprint on every
    // machine, so manifests stay reproducible.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for dir in ["src", "fonts"] {
        println!("cargo:rerun-if-changed={dir}");
        let mut files = Vec::new();
        walk(Path::new(dir), &mut files);
        files.sort();
        for f in files {
            h.write(f.to_string_lossy().as_bytes());
            h.write(&std::fs::read(&f).unwrap_or_default());
        }
    }
    println!("cargo:rustc-env=STELE_CODE_FINGERPRINT={:016x}", h.finish());
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}
