//! `stele serve [--port N]` and `stele watch` (issue 17): build, then watch `source/`,
//! `translations/`, `edition.toml` (and `i18n/`) and rebuild on every change (debounced; the
//! build itself skips editions whose inputs are unchanged). `serve` also serves `out/` on
//! 127.0.0.1 only, with a small script injected into the HTML it serves (never into the files in
//! `out/`) that reloads the page on a server-sent `reload` event after each build and shows the
//! last build's errors in the page. Ctrl-C stops both cleanly (after a build under way).

use super::BuildRequest;
use crate::diag::{self, Diagnostic, Severity};
use crate::io::{self, Project};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::Duration;

/// The URL path of the event stream.
const EVENTS: &str = "/__stele/events";

/// What `stele serve` or `stele watch` is asked for.
#[derive(Debug, Clone)]
pub struct ServeRequest {
    pub build: BuildRequest,
    /// The loopback port to serve on (0: any free port); `None`: watch without serving.
    pub port: Option<u16>,
}

/// The last build, as the pages and the event streams see it.
#[derive(Default)]
struct State {
    /// Counts finished builds; a stream sends `reload` when it grows.
    generation: u64,
    /// The last build's errors, rendered as on the terminal (empty: none).
    errors: String,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    stop: AtomicBool,
}

impl Shared {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

/// Runs `serve` or `watch` until Ctrl-C; `report` prints each build's diagnostics as they come.
pub fn serve_cmd(
    project: &Project,
    req: &ServeRequest,
    report: &dyn Fn(&[Diagnostic]),
) -> Vec<Diagnostic> {
    let shared = Arc::new(Shared::default());
    let for_handler = Arc::clone(&shared);
    if let Err(e) = ctrlc::set_handler(move || {
        for_handler.stop.store(true, Ordering::SeqCst);
        for_handler.changed.notify_all();
    }) {
        return vec![Diagnostic::error(
            "serve",
            format!("cannot catch Ctrl-C: {e}"),
        )];
    }
    let (tx, rx) = mpsc::channel();
    let watched = watched(project);
    let _watcher = match io::watch(&watched, Duration::from_millis(250), tx) {
        Ok(w) => w,
        Err(d) => return vec![d],
    };
    let server = match req.port.map(bind).transpose() {
        Ok(s) => s.map(Arc::new),
        Err(d) => return vec![d],
    };
    rebuild(project, req, &shared, report);
    let serving = server.as_ref().map(|s| {
        let (s, shared, out) = (Arc::clone(s), Arc::clone(&shared), project.out.clone());
        std::thread::spawn(move || accept_loop(&s, &shared, &out))
    });
    match &server {
        Some(s) => println!(
            "serving http://{}/ (out/ of {}); watching for changes, Ctrl-C stops",
            s.server_addr(),
            project.root.display()
        ),
        None => println!(
            "watching {} for changes; Ctrl-C stops",
            project.root.display()
        ),
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();
    watch_loop(project, req, &shared, &rx, report);
    if let (Some(s), Some(t)) = (server, serving) {
        s.unblock();
        let _ = t.join();
    }
    vec![Diagnostic::info("serve", "stopped")]
}

/// Binds the server to 127.0.0.1, never to another address.
fn bind(port: u16) -> Result<tiny_http::Server, Diagnostic> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    tiny_http::Server::http(addr).map_err(|e| {
        Diagnostic::error("serve", format!("cannot listen on {addr}: {e}"))
            .hint("choose another port with --port N (0 picks a free one)")
    })
}

/// What is watched: the source directory (edition.toml is in it), translations, interface catalogs.
fn watched(project: &Project) -> Vec<PathBuf> {
    let mut paths = vec![project.source_dir(), project.translations_dir()];
    let config = project.config_path();
    if !config.starts_with(project.source_dir()) {
        paths.push(config);
    }
    paths.push(project.root.join("i18n"));
    paths
}

/// Files the build itself writes next to the inputs (the ID registry, the source history, temp
/// files of atomic writes): their events do not start another build.
fn written_by_build(project: &Project, path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with(".stele-") || path.starts_with(&project.out) {
        return true;
    }
    let Ok(config) = project.load_config() else {
        return false;
    };
    let own = [
        project.registry_path(&config).ok(),
        super::accept::history_path(project, &config).ok(),
    ];
    own.iter().flatten().any(|p| p == path)
}

fn watch_loop(
    project: &Project,
    req: &ServeRequest,
    shared: &Shared,
    rx: &mpsc::Receiver<notify_debouncer_mini::DebounceEventResult>,
    report: &dyn Fn(&[Diagnostic]),
) {
    while !shared.stopping() {
        let events = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(Ok(events)) => events,
            Ok(Err(e)) => {
                report(&[Diagnostic::warning(
                    "watch",
                    format!("watching failed: {e}"),
                )]);
                continue;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let changed: Vec<&Path> = events
            .iter()
            .map(|e| e.path.as_path())
            .filter(|p| !written_by_build(project, p))
            .collect();
        if let Some(first) = changed.first() {
            eprintln!(
                "stele: {} changed, rebuilding",
                project.display(first).display()
            );
            rebuild(project, req, shared, report);
        }
    }
}

/// One build; then the pages are told to reload.
fn rebuild(project: &Project, req: &ServeRequest, shared: &Shared, report: &dyn Fn(&[Diagnostic])) {
    let diags = super::build_cmd(project, &req.build);
    report(&diags);
    let errors: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let mut state = shared.state();
    state.generation += 1;
    state.errors = diag::render_capped(&errors, diag::TERMINAL_CAP);
    drop(state);
    shared.changed.notify_all();
}

fn accept_loop(server: &tiny_http::Server, shared: &Arc<Shared>, out: &Path) {
    for request in server.incoming_requests() {
        if shared.stopping() {
            break;
        }
        let url = request.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        if path == EVENTS {
            let shared = Arc::clone(shared);
            let since = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("since="))
                .and_then(|v| v.parse().ok());
            std::thread::spawn(move || stream_events(request, &shared, since));
        } else {
            respond(request, shared, out, &percent_decode(path));
        }
    }
}

/// A server-sent event stream: `reload` whenever a build finished after generation `since`
/// (default: the current one); a comment every 15 s finds closed connections.
fn stream_events(request: tiny_http::Request, shared: &Shared, since: Option<u64>) {
    use std::io::Write;
    let mut seen = since.unwrap_or_else(|| shared.state().generation);
    let mut w = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n: stele\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    let mut state = shared.state();
    while !shared.stopping() {
        let msg = if state.generation > seen {
            seen = state.generation;
            format!("event: reload\ndata: {seen}\n\n")
        } else {
            let (s, timeout) = shared
                .changed
                .wait_timeout(state, Duration::from_secs(15))
                .unwrap_or_else(|e| e.into_inner());
            state = s;
            if !timeout.timed_out() {
                continue;
            }
            ": keep-alive\n\n".to_string()
        };
        drop(state);
        if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
        state = shared.state();
    }
}

/// A file of `out/` (HTML with the reload script), or an index of the editions at `/`.
fn respond(request: tiny_http::Request, shared: &Shared, out: &Path, path: &str) {
    use tiny_http::{Header, Response};
    let found = match path {
        "/" => Some(index(out)),
        p if p.ends_with('/') => io::read_served(out, &format!("{p}index.html")),
        p => io::read_served(out, p),
    };
    let Some(bytes) = found else {
        let r = Response::from_string("not found: stele serves the files of out/\n")
            .with_status_code(404);
        let _ = request.respond(r);
        return;
    };
    let kind = content_type(if path.ends_with('/') {
        "index.html"
    } else {
        path
    });
    let bytes = if kind.starts_with("text/html") {
        let state = shared.state();
        inject(&bytes, state.generation, &state.errors)
    } else {
        bytes
    };
    let header = Header::from_bytes("Content-Type", kind).expect("valid header");
    let no_cache = Header::from_bytes("Cache-Control", "no-store").expect("valid header");
    let _ = request.respond(
        Response::from_data(bytes)
            .with_header(header)
            .with_header(no_cache),
    );
}

/// The page with the reload script (and the last build's errors) before its last `</body>`.
fn inject(page: &[u8], generation: u64, errors: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut snippet = String::new();
    if !errors.is_empty() {
        snippet.push_str("<pre id=\"stele-serve-errors\" style=\"position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1em;background:#fee;color:#600;border-top:3px solid #c00;z-index:99999;white-space:pre-wrap;direction:ltr;text-align:left\">");
        crate::export::xhtml::push_text(
            &mut snippet,
            &format!("stele: the last build has errors\n\n{errors}"),
        );
        snippet.push_str("</pre>");
    }
    snippet.push_str(&format!(
        "<script>/* stele serve: live reload; not part of out/ */new EventSource(\"{EVENTS}?since={generation}\").addEventListener(\"reload\",function(){{location.reload();}});</script>"
    ));
    let mut out = text.into_owned();
    match out.rfind("</body>") {
        Some(at) => out.insert_str(at, &snippet),
        None => out.push_str(&snippet),
    }
    out.into_bytes()
}

/// `/`: links to the editions of `out/manifest.json`.
fn index(out: &Path) -> Vec<u8> {
    let manifest: serde_json::Value = io::read_served(out, "manifest.json")
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let mut s = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>stele serve</title></head><body><h1>Editions</h1><ul>");
    for e in manifest["editions"].as_array().into_iter().flatten() {
        if let Some(p) = e["path"].as_str() {
            s.push_str("<li><a href=\"/");
            crate::export::xhtml::push_attr(&mut s, p);
            s.push_str("\">");
            crate::export::xhtml::push_text(&mut s, p);
            s.push_str("</a></li>");
        }
    }
    s.push_str("<li><a href=\"/reports/alignment.html\">reports/alignment.html</a></li></ul></body></html>\n");
    s.into_bytes()
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("");
    match ext {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "woff2" => "font/woff2",
        "epub" => "application/epub+zip",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `%XX` escapes of a URL path decoded (invalid ones kept as they are).
fn percent_decode(path: &str) -> String {
    let b = path.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end_tag() {
        let page = inject(b"<html><body><p>x</p></body></html>", 3, "");
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("<p>x</p><script>"), "{page}");
        assert!(page.contains("since=3") && page.ends_with("</script></body></html>"));
        let page = String::from_utf8(inject(b"<body></body>", 1, "error[x]: <b>")).unwrap();
        assert!(
            page.contains("stele-serve-errors") && page.contains("error[x]: &lt;b&gt;"),
            "{page}"
        );
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("/html/en%2Dar.html"), "/html/en-ar.html");
        assert_eq!(percent_decode("/a%2"), "/a%2");
        assert_eq!(percent_decode("/%2e%2e/x"), "/../x");
    }

    #[test]
    fn served_paths_stay_inside_out() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("out")).unwrap();
        std::fs::write(dir.path().join("out/a.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        let out = dir.path().join("out");
        assert_eq!(io::read_served(&out, "/a.html").as_deref(), Some(&b"a"[..]));
        assert_eq!(io::read_served(&out, "/../secret"), None);
        assert_eq!(io::read_served(&out, "/"), None);
    }
}
