//! Issue 17: `stele serve` builds, serves `out/` on 127.0.0.1 only, and after an edit of a
//! translation sends the reload event and serves the new text; Ctrl-C stops it cleanly.

use crate::common;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `stele serve`, stopped (SIGINT, then kill) when dropped.
struct Served {
    child: Child,
    addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `stele serve --port 0` in `root` and waits for the address it prints.
fn serve(root: &std::path::Path) -> Served {
    let mut child = common::stele()
        .arg("--root")
        .arg(root)
        .args(["--quiet", "serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start stele serve");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let line = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("stele serve printed its address");
    let addr = line
        .strip_prefix("serving http://")
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_string();
    Served { child, addr }
}

/// A GET over a fresh connection: (status line, body).
fn get(addr: &str, path: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    )
}

#[test]
fn issue17_serve_reloads_the_page_after_a_translation_edit() {
    let project = common::fixture_project("align-basic");
    let root = project.path();
    let server = serve(root);
    assert!(
        server.addr.starts_with("127.0.0.1:"),
        "bound to a non-loopback address: {}",
        server.addr
    );
    let (status, page) = get(&server.addr, "/html/de.html");
    assert!(status.contains("200"), "{status}");
    assert!(
        page.contains("Regionalarchiv") && page.contains("EventSource(\"/__stele/events"),
        "{page}"
    );
    // The script is in the served page only, never in the file in out/.
    let on_disk = std::fs::read_to_string(root.join("out/html/de.html")).unwrap();
    assert!(
        !on_disk.contains("__stele"),
        "the reload script leaked into out/"
    );
    assert!(get(&server.addr, "/../source/edition.toml")
        .0
        .contains("404"));

    let mut events = TcpStream::connect(&server.addr).unwrap();
    write!(events, "GET /__stele/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    events
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut seen = String::new();
    let mut read_some = |seen: &mut String| {
        let mut buf = [0u8; 4096];
        if let Ok(n) = events.read(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    };
    let start = Instant::now();
    while !seen.contains(": stele") && start.elapsed() < Duration::from_secs(10) {
        read_some(&mut seen);
    }
    assert!(seen.contains("text/event-stream"), "{seen}");

    let path = root.join("translations/de.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Regionalarchiv", "Landesarchiv")).unwrap();
    let start = Instant::now();
    while !seen.contains("event: reload") && start.elapsed() < Duration::from_secs(20) {
        read_some(&mut seen);
    }
    assert!(
        seen.contains("event: reload"),
        "no reload event within 20 s: {seen}"
    );
    let (_, page) = get(&server.addr, "/html/de.html");
    assert!(
        page.contains("Landesarchiv") && !page.contains("Regionalarchiv"),
        "{page}"
    );
}

#[test]
fn issue17_serve_shows_build_errors_in_the_page_and_stops_on_ctrl_c() {
    let project = common::fixture_project("align-basic");
    let root = project.path();
    let path = root.join("translations/de.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("aufbewahrt.[1]", "aufbewahrt.", 1)).unwrap();
    let mut server = serve(root);
    let (_, page) = get(&server.addr, "/html/ar.html");
    assert!(
        page.contains("id=\"stele-serve-errors\"") && page.contains("citation-parity"),
        "the build error is not shown in the page: {page}"
    );
    let pid = server.child.id().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status();
    assert!(sent.is_ok_and(|s| s.success()), "kill -INT failed");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break Some(s);
        }
        if start.elapsed() > Duration::from_secs(10) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let status = status.expect("stele serve did not stop within 10 s of Ctrl-C");
    assert!(
        status.code().is_some(),
        "killed by the signal instead of stopping: {status:?}"
    );
}
