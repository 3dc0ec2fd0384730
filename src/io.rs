//! The only code that touches the file system: reads `source/` and `translations/`, writes `out/`
//! (and the ID registry in `source/`, and translation files on `sync`) by atomic replace only.

use crate::config::Config;
use crate::diag::Diagnostic;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// Where a project's directories are.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub out: PathBuf,
    /// Whether paths from the project may resolve outside its root (`--allow-outside`, issue 12).
    pub allow_outside: bool,
}

impl Project {
    /// A project rooted at `root` writing into `root/out` unless `out` is given; its paths are
    /// confined to the root.
    pub fn new(root: impl Into<PathBuf>, out: Option<PathBuf>) -> Project {
        let root = root.into();
        let out = out.unwrap_or_else(|| root.join("out"));
        Project {
            root,
            out,
            allow_outside: false,
        }
    }
    /// The same project, with paths outside its root allowed (`true`) or refused.
    pub fn allow_outside(mut self, allow: bool) -> Project {
        self.allow_outside = allow;
        self
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
    /// The persisted segment-ID registry next to the source text (`article.txt` -> `article.ids.json`),
    /// confined to the project.
    pub fn registry_path(&self, config: &Config) -> Result<PathBuf, Diagnostic> {
        // A book's chapters may be reordered, renamed or added: its registry keeps one name.
        let stem = match config.document.source.is_book() {
            true => "book".into(),
            false => Path::new(&config.document.source)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "source".into()),
        };
        let path = self.source_dir().join(format!("{stem}.ids.json"));
        self.confine("the ID registry of document.source", &path)
    }
    /// Every chapter file of a book (`document.source` as a list) inside `source/`, confined.
    pub fn chapter_paths(&self, config: &Config) -> Result<Vec<PathBuf>, Diagnostic> {
        let files = config.document.source.files();
        files
            .iter()
            .map(|f| self.confine("document.source", &self.source_dir().join(f)))
            .collect()
    }
    /// The source text (`document.source` inside `source/`), confined to the project.
    pub fn source_path(&self, config: &Config) -> Result<PathBuf, Diagnostic> {
        let path = self.source_dir().join(&config.document.source);
        self.confine("document.source", &path)
    }
    /// Returns `path` unchanged when it resolves (symlinks followed) inside the project root, or
    /// when `--allow-outside` is given; else a `path-outside` error naming the config `key`.
    /// The path is returned as given, not resolved, so that writes still see a symlink as one.
    pub fn confine(&self, key: &str, path: &Path) -> Result<PathBuf, Diagnostic> {
        if self.allow_outside {
            return Ok(path.to_path_buf());
        }
        let config = self.display(&self.config_path());
        let unresolvable = |e: std::io::Error| {
            Diagnostic::error(
                "path-outside",
                format!(
                    "cannot resolve {key} ({}): {}",
                    path.display(),
                    crate::diag::lowercase_first(&e.to_string())
                ),
            )
            .file(&config)
            .hint("check that the project directory exists, or pass --allow-outside")
        };
        let root = self.root.canonicalize().map_err(unresolvable)?;
        let resolved = resolve(path, 40).map_err(unresolvable)?;
        if resolved.starts_with(&root) {
            return Ok(path.to_path_buf());
        }
        Err(Diagnostic::error(
            "path-outside",
            format!(
                "{key} resolves to {}, outside the project {}",
                resolved.display(),
                root.display()
            ),
        )
        .file(&config)
        .hint("keep the file inside the project (a symlink counts by its target), or pass --allow-outside to use it knowingly"))
    }
    /// Path shown in diagnostics: relative to the project root when possible.
    pub fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf())
    }

    /// The project's `edition.toml`, or every error found in it.
    pub fn load_config(&self) -> Result<Config, Vec<Diagnostic>> {
        let path = self.config_path();
        let bytes = read(&path, &self.display(&path)).map_err(|d| vec![d])?;
        let text = String::from_utf8(bytes)
            .map_err(|e| {
                Diagnostic::error(
                    "encoding",
                    format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
                )
                .file(self.display(&path))
                .hint("save edition.toml as UTF-8")
            })
            .map_err(|d| vec![d])?;
        Config::parse_all(&text, &self.display(&path))
    }
}

/// `path` with every symlink followed: canonical when it exists; else its nearest existing
/// ancestor canonicalized with the rest appended lexically (a dangling link is followed to its
/// target, at most `hops` links deep), which is where a write would land.
fn resolve(path: &Path, hops: u8) -> std::io::Result<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Ok(p);
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(target) = std::fs::read_link(path) {
        if hops == 0 {
            return path.canonicalize();
        }
        return resolve(&parent.join(target), hops - 1);
    }
    if path.parent().is_none() {
        return path.canonicalize();
    }
    let base = resolve(parent, hops)?;
    Ok(match path.components().next_back() {
        Some(Component::Normal(name)) => base.join(name),
        Some(Component::ParentDir) => base.parent().map(Path::to_path_buf).unwrap_or(base),
        _ => base,
    })
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
/// Refuses (issue 12) to replace a symlink (the rename would cut the link) or a file whose mode
/// makes it read-only (someone protected it); either is an error diagnostic and the file stays.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    check_replaceable(path)?;
    // A temp file is private (0600); the replaced file keeps its mode, a new one is world-readable.
    let mode = std::fs::metadata(path).map(|m| m.permissions()).ok();
    let tmp = staged(path, bytes, mode)?;
    tmp.persist(path)
        .map_err(|e| io_error(path, "replace", e.error))?;
    Ok(())
}

/// The error of a failed write of `path`.
fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "io",
        format!(
            "cannot {what}: {}",
            crate::diag::lowercase_first(&e.to_string())
        ),
    )
    .file(path)
    .hint("check the directory's permissions and free space")
}

/// `bytes` in a synced temporary file next to `path` (parents created), with the permissions
/// `mode` (default: world-readable), ready to be moved into place by the caller.
fn staged(
    path: &Path,
    bytes: &[u8],
    mode: Option<std::fs::Permissions>,
) -> Result<tempfile::NamedTempFile, Diagnostic> {
    let fail = |what: &str, e: std::io::Error| io_error(path, what, e);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    create_dirs(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".stele-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| fail("create a temporary file", e))?;
    tmp.write_all(bytes).map_err(|e| fail("write", e))?;
    #[cfg(unix)]
    let mode = mode.or_else(|| {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    });
    if let Some(p) = mode {
        tmp.as_file()
            .set_permissions(p)
            .map_err(|e| fail("set permissions on", e))?;
    }
    tmp.as_file().sync_all().map_err(|e| fail("sync", e))?;
    Ok(tmp)
}

/// Whether `path` may be replaced: absent, or a regular file with a write bit in its mode.
fn check_replaceable(path: &Path) -> Result<(), Diagnostic> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "an unreadable target".into());
        return Err(Diagnostic::error(
            "symlinked-file",
            format!(
                "stele will not replace a symlink: {} points to {target}",
                path.display()
            ),
        )
        .file(path)
        .hint("point align.files at the real file instead of a link to it"));
    }
    if meta.permissions().readonly() {
        return Err(Diagnostic::error(
            "read-only-file",
            "the file is read-only by its mode; stele will not replace it",
        )
        .file(path)
        .hint("make it writable (chmod u+w) if stele should update it"));
    }
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

/// The lock of one build over an output directory (`out/.stele-lock`, holding the builder's
/// process ID); released when dropped. A lock whose process is gone (a killed build) is taken
/// over.
#[derive(Debug)]
pub struct BuildLock {
    path: PathBuf,
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether a process with this ID is running (Linux: `/proc/<pid>`; elsewhere assumed alive).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Takes the build lock of `out`, or says which build holds it.
pub fn lock_build(out: &Path) -> Result<BuildLock, Diagnostic> {
    let path = out.join(".stele-lock");
    let fail = |e: std::io::Error| {
        Diagnostic::error(
            "io",
            format!(
                "cannot take the build lock: {}",
                crate::diag::lowercase_first(&e.to_string())
            ),
        )
        .file(&path)
    };
    std::fs::create_dir_all(out).map_err(fail)?;
    for _ in 0..2 {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(std::process::id().to_string().as_bytes())
                    .map_err(fail)?;
                return Ok(BuildLock { path });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = std::fs::read_to_string(&path).unwrap_or_default();
                match holder.trim().parse::<u32>() {
                    Ok(pid) if process_alive(pid) => {
                        return Err(Diagnostic::error(
                            "build-running",
                            format!(
                            "another stele build (process {pid}) is writing this output directory"
                        ),
                        )
                        .file(&path)
                        .hint("wait for it to finish, or build into another directory with --out"))
                    }
                    // A killed build's lock: take it over.
                    _ => {
                        let _ = std::fs::remove_file(&path);
                    }
                }
            }
            Err(e) => return Err(fail(e)),
        }
    }
    Err(fail(std::io::Error::other(
        "the lock file keeps reappearing",
    )))
}

/// The marker a build leaves in `out/` while it writes (`.stele-build`); returns what a previous
/// build that never finished had written in it (its source fingerprint), if one did.
pub fn start_build_marker(out: &Path, fingerprint: &str) -> Result<Option<String>, Diagnostic> {
    let path = out.join(".stele-build");
    let previous = std::fs::read_to_string(&path).ok();
    write_atomic(&path, fingerprint.as_bytes())?;
    Ok(previous)
}

/// Removes the build marker: the build finished and its manifest is written.
pub fn finish_build_marker(out: &Path) {
    let _ = std::fs::remove_file(out.join(".stele-build"));
}

/// Removes a file stele wrote (a manifest about to be superseded); absent is fine.
pub fn remove_output(path: &Path) -> Result<(), Diagnostic> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Diagnostic::error(
            "io",
            format!(
                "cannot remove the file: {}",
                crate::diag::lowercase_first(&e.to_string())
            ),
        )
        .file(path)),
    }
}

// ---- creating a project (`stele init`, issue 17): nothing existing is ever replaced ----

/// The paths among `paths` that exist in any form (file, directory, symlink, dangling or not).
pub fn existing(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths
        .iter()
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .cloned()
        .collect()
}

/// The last name of `path` once resolved (`.` becomes the current directory's name); `None`
/// for a root.
pub fn resolved_name(path: &Path) -> Option<String> {
    let p = resolve(path, 40).ok()?;
    p.file_name().map(|n| n.to_string_lossy().into_owned())
}

/// Creates a directory and its missing parents; an existing directory is fine.
pub fn create_dirs(dir: &Path) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(
            "io",
            format!(
                "cannot create the directory: {}",
                crate::diag::lowercase_first(&e.to_string())
            ),
        )
        .file(dir)
        .hint("check the parent directory's permissions")
    })
}

/// Writes a new file (parents created): a temporary file in the same directory, then linked into
/// place only if nothing is there yet, so an existing file is never replaced and no half-written
/// file is ever visible.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let tmp = staged(path, bytes, None)?;
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Diagnostic::error("exists", "the file exists; stele will not replace it")
                .file(path)
                .hint("move it away first if stele should create it")
        } else {
            io_error(path, "create", e.error)
        }
    })?;
    Ok(())
}

/// A file under `out/` asked for by a URL path of `stele serve` (already percent-decoded, `/`
/// separated): `None` unless it names a regular file inside `out` (no `..`, no absolute or
/// drive components, no symlink leading outside).
pub fn read_served(out: &Path, url_path: &str) -> Option<Vec<u8>> {
    let mut path = out.to_path_buf();
    for part in url_path.split('/').filter(|p| !p.is_empty()) {
        if part == "." || part == ".." || part.contains(['\\', ':', '\0']) {
            return None;
        }
        path.push(part);
    }
    let base = std::fs::canonicalize(out).ok()?;
    let real = std::fs::canonicalize(&path).ok()?;
    if !real.starts_with(&base) || !real.is_file() {
        return None;
    }
    std::fs::read(real).ok()
}

/// The watcher of `stele serve`/`watch`: debounced events for every path in `paths` (directories
/// recursively) sent to `tx`; paths that do not exist are skipped. Dropping it stops watching.
pub fn watch(
    paths: &[PathBuf],
    debounce: std::time::Duration,
    tx: std::sync::mpsc::Sender<notify_debouncer_mini::DebounceEventResult>,
) -> Result<
    notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
    Diagnostic,
> {
    use notify_debouncer_mini::notify::RecursiveMode;
    let fail = |p: &Path, e: &dyn std::fmt::Display| {
        Diagnostic::error("watch", format!("cannot watch for changes: {e}"))
            .file(p)
            .hint("check that the directory is readable; on Linux, raise fs.inotify.max_user_watches if it is exhausted")
    };
    let mut debouncer =
        notify_debouncer_mini::new_debouncer(debounce, tx).map_err(|e| fail(Path::new("."), &e))?;
    for p in paths.iter().filter(|p| p.exists()) {
        debouncer
            .watcher()
            .watch(p, RecursiveMode::Recursive)
            .map_err(|e| fail(p, &e))?;
    }
    Ok(debouncer)
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

    #[test]
    fn issue_12_a_file_not_yet_made_is_judged_by_where_it_would_land() {
        // `sync` may create a translation file: its nearest existing parent decides, and `..`
        // after a missing directory climbs out just as create_dir_all would.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p");
        std::fs::create_dir_all(root.join("translations")).unwrap();
        let project = Project::new(&root, None);
        let inside = root.join("translations/new/../ar.md");
        assert!(project.confine("align.files.ar", &inside).is_ok());
        let out = root.join("translations/new/../../../x.md");
        let d = project.confine("align.files.ar", &out).unwrap_err();
        assert_eq!(d.code, "path-outside");
        assert!(
            d.message.starts_with("align.files.ar resolves to "),
            "{}",
            d.message
        );
        assert!(project.allow_outside(true).confine("k", &out).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn issue_12_writes_refuse_symlinks_and_read_only_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (real, link) = (dir.path().join("real.md"), dir.path().join("link.md"));
        std::fs::write(&real, b"keep").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(
            write_atomic(&link, b"new").unwrap_err().code,
            "symlinked-file"
        );
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert_eq!(
            write_atomic(&real, b"new").unwrap_err().code,
            "read-only-file"
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"keep");
    }
}
