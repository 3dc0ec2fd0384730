//! Issue 11: real technical text. The `tech-manual` fixture (commands, paths, versions, `IPv6`,
//! `argv[0]`, a literal `\[3]`, URLs before an Arabic comma and inside «…», Arabic ”…“, LRM
//! marks, `PXE-загрузка`, `لـExim`) builds with zero warnings and valid editions, its mixed
//! tokens render in order in Arabic (Chromium and `pdftotext`), and planted defects are caught.

use crate::common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Mixed tokens of the fixture that must show in their own order inside Arabic text.
const TOKENS: [&str; 23] = [
    "IPv6",
    "IPv4",
    "UTF-8",
    "ISO-8859-1",
    "dom0",
    "C++",
    "x86_64",
    "10.0.0.1/24",
    "user@host",
    "admin@example.org",
    "/etc/apt/sources.list",
    "/etc/locale.gen",
    "/var/log/syslog",
    "/usr/sbin/sendmail",
    "argv[0]",
    "exim4",
    "exim4-config",
    "apt-get update",
    "dpkg-reconfigure locales",
    "http://proxy.example.com:3128",
    "http://deb.debian.org/debian",
    "Debian 12",
    "Exim 4",
];

fn findings(root: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(root.join("out/reports/alignment.json")).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    json["findings"].as_array().cloned().unwrap_or_default()
}

/// Findings that a translator has to look at (warnings and errors), as `code lang segment`.
fn open_findings(root: &Path) -> Vec<String> {
    findings(root)
        .iter()
        .filter(|f| f["severity"] != "info")
        .map(|f| format!("{} {} {}", f["code"], f["lang"], f["segment"]).replace('"', ""))
        .collect()
}

#[test]
fn issue_11_technical_fixture_builds_clean() {
    let dir = fixture_project("tech-manual");
    let root = dir.path();
    for cmd in [&["normalize"][..], &["align"], &["build", "--quiet"]] {
        let (ok, stderr) = run_stele(root, cmd);
        assert!(ok, "stele {cmd:?} failed:\n{stderr}");
        assert!(
            !stderr.contains("warning[") && !stderr.contains("error["),
            "stele {cmd:?} reported:\n{stderr}"
        );
    }
    assert_eq!(open_findings(root), Vec::<String>::new());
    // The reviewed conventions are accepted, not ignored one by one: the LRM marks are one
    // info line for the file.
    let marks: Vec<Value> = findings(root)
        .into_iter()
        .filter(|f| f["code"] == "invisible-char")
        .collect();
    assert_eq!(marks.len(), 1, "{marks:?}");
    assert_eq!(marks[0]["severity"], "info");
    assert_eq!(marks[0]["segment"], Value::Null);

    // The literal `\[3]` and `argv[0]` stayed text; `[3]` after the sentence is a citation.
    let ast = std::fs::read_to_string(root.join("out/ast/en.json")).unwrap();
    assert_eq!(
        ast.matches("\"citationId\":\"ref-3\"").count(),
        1,
        "one real [3]"
    );
    assert!(ast.contains("argv[0]"));

    let out = root.join("out");
    for book in ["en", "ar", "ru", "en-ar", "en-ru"] {
        if let Some(found) = epubcheck(&out.join(format!("epub/{book}.epub"))) {
            assert!(
                found.is_empty(),
                "epubcheck {book}.epub:\n{}",
                found.join("\n")
            );
        }
    }
    let pages: Vec<PathBuf> = ["en", "ar", "ru", "parallel"]
        .iter()
        .map(|p| out.join(format!("html/{p}.html")))
        .collect();
    if let Some(report) = vnu(&pages) {
        assert!(report.trim().is_empty(), "vnu:\n{report}");
    }
}

/// Unzips the XHTML content documents of a book into `to`.
fn unzip_xhtml(book: &Path, to: &Path) -> Vec<PathBuf> {
    let file = std::fs::File::open(book).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        if name.ends_with(".xhtml") && !name.ends_with("nav.xhtml") {
            let path = to.join(name.replace('/', "_"));
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            std::fs::write(&path, bytes).unwrap();
            out.push(path);
        }
    }
    out
}

#[test]
fn issue_11_mixed_tokens_render_in_order_in_arabic() {
    let dir = fixture_project("tech-manual");
    let root = dir.path();
    let (ok, stderr) = run_stele(root, &["build", "--quiet"]);
    assert!(ok, "{stderr}");
    let out = root.join("out");

    // Browser: the glyph boxes of every token run left to right in the Arabic pages and books.
    if let (Some(chromium), Some(node)) = (chromium(), node_with_playwright()) {
        let tokens = root.join("tokens.json");
        std::fs::write(&tokens, serde_json::to_string(&TOKENS).unwrap()).unwrap();
        let mut pages = vec![out.join("html/ar.html"), out.join("html/parallel.html")];
        let books = root.join("books");
        std::fs::create_dir_all(&books).unwrap();
        let xhtml = unzip_xhtml(&out.join("epub/ar.epub"), &books);
        assert!(!xhtml.is_empty());
        // One book's chapters hold every token between them: check them as one set of pages
        // only where each token occurs, so the test reads every token somewhere in the EPUB.
        let joined = books.join("all.xhtml");
        join_xhtml(&xhtml, &joined);
        pages.push(joined);
        let o = Command::new(node)
            .arg(root_dir().join("tests/browser/token-order.mjs"))
            .arg("--chromium")
            .arg(&chromium)
            .arg("--tokens")
            .arg(&tokens)
            .args(&pages)
            .output()
            .expect("run node");
        let report =
            String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
        assert!(
            o.status.success() && !report.contains("FAIL"),
            "token order:\n{report}"
        );
        assert_eq!(
            report.matches("\nok ").count() + 1,
            TOKENS.len() * pages.len(),
            "{report}"
        );
    }

    // PDF: `pdftotext -raw` gives each glyph run in the order it was set; every token is whole.
    if let Some(pdftotext) = poppler("pdftotext") {
        let o = Command::new(pdftotext)
            .args(["-raw", "-enc", "UTF-8"])
            .arg(out.join("pdf/ar.pdf"))
            .arg("-")
            .output()
            .expect("run pdftotext");
        let text: String = String::from_utf8_lossy(&o.stdout)
            .chars()
            .filter(|c| !c.is_whitespace() && !is_format_char(*c))
            .collect();
        for t in TOKENS {
            let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(text.contains(&t), "ar.pdf lacks `{t}` in order:\n{text}");
        }
    }
}

/// Bidi controls poppler inserts around runs, and the soft hyphens of hyphenation.
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{00AD}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn root_dir() -> PathBuf {
    crate::common::root()
}

/// One XHTML document with the bodies of several (same book, same head).
fn join_xhtml(files: &[PathBuf], to: &Path) {
    let docs: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let body = |d: &str| {
        let s = d
            .find("<body")
            .and_then(|i| d[i..].find('>').map(|j| i + j + 1));
        let e = d.rfind("</body>");
        match (s, e) {
            (Some(s), Some(e)) => d[s..e].to_string(),
            _ => String::new(),
        }
    };
    let first = &docs[0];
    let head_end = first.find("<body").unwrap();
    let open_end = head_end + first[head_end..].find('>').unwrap() + 1;
    let mut out = first[..open_end].to_string();
    for d in &docs {
        out.push_str(&body(d));
    }
    out.push_str("</body></html>");
    std::fs::write(to, out).unwrap();
}

/// One planted defect: in `lang`'s file, inside segment `id`'s div, replace `from` by `to`;
/// `stele align` must report `code` on that segment, and nothing else.
struct Defect {
    lang: &'static str,
    id: &'static str,
    from: &'static str,
    to: &'static str,
    code: &'static str,
}

const DEFECTS: [Defect; 15] = [
    // Two sentences added to a one-sentence paragraph: more sentences and a longer text.
    Defect { lang: "ru", id: "p16", from: "возвращается отправителю.", to: "возвращается отправителю. Администратор получает об этом отдельное уведомление. Его можно отключить в настройках сервера, если такие сообщения не нужны.", code: "sentence-count" },
    Defect { lang: "ar", id: "p2", from: "512", to: "521", code: "number-parity" },
    Defect { lang: "ru", id: "p11", from: "exim4-config.[2]", to: "exim4-config.", code: "citation-parity" },
    Defect { lang: "ru", id: "p4", from: "deb.debian.org/debian", to: "deb.debian.org/debain", code: "url-parity" },
    Defect { lang: "ar", id: "p5", from: "proxy.example.com:3128", to: "proxy.example.com:8080", code: "url-parity" },
    // A truncated paragraph: the last two of three sentences gone.
    Defect { lang: "ar", id: "p9", from: " وما زالت بعض التثبيتات القديمة تستخدم أحيانًا الترميز ISO-8859-1 الذي لا يستطيع تمثيل معظم أنظمة الكتابة في العالم. غير أن أكثر من 95% من ملفات الإعدادات على الخادم النموذجي لا تحتوي إلا على محارف ASCII؛ ولذلك نادرًا ما يكون التحويل صعبًا.", to: "", code: "length-ratio" },
    // A real look-alike: a Latin `o` typed inside a Russian word.
    Defect { lang: "ru", id: "p10", from: "программа", to: "прoграмма", code: "lookalike" },
    Defect { lang: "ru", id: "p14", from: "из argv[0].", to: "из (argv[0].", code: "unbalanced" },
    // Arabic quotes ”…“ with the closing mark lost.
    Defect { lang: "ar", id: "p12", from: "“", to: "", code: "unbalanced" },
    Defect { lang: "ar", id: "p16", from: "يبقى البريد الذي يتعذر تسليمه في قائمة الانتظار، وتُعاد محاولة تسليمه على مدى عدة أيام قبل أن يُعاد إلى المرسل.", to: "Mail that cannot be delivered stays in the queue and is retried for several days before it is returned to the sender.", code: "untranslated" },
    // Tatweel used as padding inside a word (not the `لـ` before a Latin word).
    Defect { lang: "ar", id: "p6", from: "المصادر", to: "المصـادر", code: "tatweel" },
    // An invisible character where no direction mark belongs (Russian is left to right).
    Defect { lang: "ru", id: "p7", from: "Debian 12", to: "Debian\u{200B} 12", code: "invisible-char" },
    Defect { lang: "ru", id: "p19", from: "dom0", to: "dom0 2", code: "number-parity" },
    Defect { lang: "ar", id: "p18", from: "عبر الشبكة", to: "عبر  الشبكة", code: "spaces" },
    Defect { lang: "ru", id: "p2", from: "512 МБ", to: "512 МБ [1]", code: "citation-parity" },
];

/// The div of `id` in a translation file, with `from` replaced by `to` (exactly once).
fn plant(file: &Path, d: &Defect) {
    let text = std::fs::read_to_string(file).unwrap();
    let head = format!("::: {{#{} ", d.id);
    let start = text
        .find(&head)
        .unwrap_or_else(|| panic!("no div {}", d.id));
    let end = start + text[start + 3..].find("\n:::").unwrap() + 3;
    let div = &text[start..end];
    assert!(
        div.contains(d.from),
        "{} {}: `{}` not in the div",
        d.lang,
        d.id,
        d.from
    );
    let planted = div.replacen(d.from, d.to, 1);
    std::fs::write(file, format!("{}{planted}{}", &text[..start], &text[end..])).unwrap();
}

#[test]
fn issue_11_planted_defects_are_caught_with_their_segment_and_nothing_else() {
    let mut missed = Vec::new();
    for d in &DEFECTS {
        let dir = fixture_project("tech-manual");
        let root = dir.path();
        let file = root.join(format!("translations/{}.md", d.lang));
        plant(&file, d);
        let _ = run_stele(root, &["align"]);
        let open = open_findings(root);
        let want = format!("{} {} {}", d.code, d.lang, d.id);
        if !open.contains(&want) {
            missed.push(format!("{want}: not reported (found {open:?})"));
        }
        let others: Vec<&String> = open
            .iter()
            .filter(|f| !f.ends_with(&format!(" {} {}", d.lang, d.id)))
            .collect();
        if !others.is_empty() {
            missed.push(format!("{want}: false alarms elsewhere {others:?}"));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

/// Issue 11: an `[[align.ignore]]` rule silences reviewed noise project-wide, as info naming it.
#[test]
fn issue_11_project_wide_ignore_rules_report_info() {
    let dir = fixture_project("tech-manual");
    let root = dir.path();
    plant(&root.join("translations/ar.md"), &DEFECTS[1]); // ar p2: 512 -> 521
    let config = root.join("source/edition.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[[align.ignore]]\ncode = \"number-parity\"\nlang = \"ar\"\nsegments = \"p?\"\nreason = \"reviewed\"\n");
    std::fs::write(&config, text).unwrap();
    let (ok, stderr) = run_stele(root, &["align", "--deny-warnings"]);
    assert!(ok, "{stderr}");
    let f: Vec<Value> = findings(root)
        .into_iter()
        .filter(|f| f["code"] == "number-parity")
        .collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["severity"], "info");
    let msg = f[0]["message"].as_str().unwrap();
    assert!(msg.contains("[[align.ignore]] rule 1: code = \"number-parity\", lang = \"ar\", segments = \"p?\"; reviewed"), "{msg}");
}
