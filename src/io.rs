//! The only code that touches the file system: reads `source/` and `translations/`, writes `out/`
//! (and the ID registry in `source/`, and translation files on `sync`) by atomic replace only.

use crate::config::Config;
use crate::diag::Diagnostic;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where a project's directories are.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub out: PathBuf,
}

impl Project {
    /// A project rooted at `root` writing into `root/out` unless `out` is given.
    pub fn new(root: impl Into<PathBuf>, out: Option<PathBuf>) -> Project {
        let root = root.into();
        let out = out.unwrap_or_else(|| root.join("out"));
        Project { root, out }
    }
    pub fn source_dir(&self) -> PathBuf {
        self.root.join("source")
    }
    pub fn translations_dir(&self) -> PathBuf {
        self.root.join("translations")
    }
    pub fn config_path(&self) -> PathBuf {
        self.source_dir().join("edition.toml")
    }
    /// The persisted segment-ID registry next to the source text (`article.txt` -> `article.ids.json`).
    pub fn registry_path(&self, config: &Config) -> PathBuf {
        let stem = Path::new(&config.document.source)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "source".into());
        self.source_dir().join(format!("{stem}.ids.json"))
    }
    pub fn source_path(&self, config: &Config) -> PathBuf {
        self.source_dir().join(&config.document.source)
    }
    /// Path shown in diagnostics: relative to the project root when possible.
    pub fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf())
    }

    pub fn load_config(&self) -> Result<Config, Diagnostic> {
        let path = self.config_path();
        let bytes = read(&path, &self.display(&path))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Diagnostic::error(
                "encoding",
                format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
            )
            .file(self.display(&path))
            .hint("save edition.toml as UTF-8")
        })?;
        Config::parse(&text, &self.display(&path))
    }
}

/// Reads a whole file; a missing or unreadable file is a diagnostic naming it.
pub fn read(path: &Path, shown: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            "io",
            format!(
                "cannot read: {}",
                crate::diag::lowercase_first(&e.to_string())
            ),
        )
        .file(shown)
        .hint("check that the file exists and is readable")
    })
}

/// Reads a file if it exists.
pub fn read_optional(path: &Path, shown: &Path) -> Result<Option<Vec<u8>>, Diagnostic> {
    if path.exists() {
        read(path, shown).map(Some)
    } else {
        Ok(None)
    }
}

/// Lists the files in a directory (sorted, non-recursive); a missing directory is empty.
pub fn list_dir(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Reads every font file (`.ttf`, `.otf`, `.ttc`, `.otc`) under the given directories, recursively,
/// in sorted path order (for `--font-path`); a directory that cannot be read is a diagnostic.
pub fn read_font_dirs(dirs: &[PathBuf]) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostic> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out)?;
            } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e.to_ascii_lowercase().as_str(),
                    "ttf" | "otf" | "ttc" | "otc"
                )
            }) {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    for dir in dirs {
        walk(dir, &mut files).map_err(|e| {
            Diagnostic::error(
                "io",
                format!(
                    "cannot read the font directory: {}",
                    crate::diag::lowercase_first(&e.to_string())
                ),
            )
            .file(dir)
            .hint("--font-path takes a directory of font files")
        })?;
    }
    files
        .into_iter()
        .map(|p| {
            let bytes = read(&p, &p)?;
            Ok((p, bytes))
        })
        .collect()
}

/// Writes `bytes` to `path` by writing a temporary file in the same directory and renaming it,
/// so a reader (or a crash) never sees a half-written file and the old file survives any failure.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let fail = |what: &str, e: std::io::Error| {
        Diagnostic::error(
            "io",
            format!(
                "cannot {what}: {}",
                crate::diag::lowercase_first(&e.to_string())
            ),
        )
        .file(path)
        .hint("check the directory's permissions and free space")
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| fail("create the directory", e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".stele-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| fail("create a temporary file", e))?;
    tmp.write_all(bytes).map_err(|e| fail("write", e))?;
    // A temp file is private (0600); the replaced file keeps its mode, a new one is world-readable.
    let perms = std::fs::metadata(path).map(|m| m.permissions()).ok();
    #[cfg(unix)]
    let perms = perms.or_else(|| {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    });
    if let Some(p) = perms {
        tmp.as_file()
            .set_permissions(p)
            .map_err(|e| fail("set permissions on", e))?;
    }
    tmp.as_file().sync_all().map_err(|e| fail("sync", e))?;
    tmp.persist(path).map_err(|e| fail("replace", e.error))?;
    Ok(())
}

/// Removes temporary files that a killed run left behind (`.stele-*.tmp`, never a finished file)
/// anywhere under `dir`; finished files are only ever created by rename.
pub fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            remove_stale_temp_files(&path);
        } else if name.starts_with(".stele-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(list_dir(&dir.path().join("a")).len(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Published files must be readable by others (a temp file alone would be 0600).
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o644
            );
        }
    }
}
