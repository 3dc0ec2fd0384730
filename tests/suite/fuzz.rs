//! Issue 12 (fuzzing): time-boxed property tests on the stable toolchain for the readers that take
//! untrusted text, and for the XHTML writer that turns their output into markup.
//!
//! Targets (one test each, `cargo test --release --test suite fuzz`):
//!
//! - `fuzz_normalize`: `normalize::normalize` on the bytes as the source text (first without an
//!   ID registry, then with the registry of a fixture article, so ID matching runs too);
//! - `fuzz_translation_file`: `align::format::parse`, then the Markdown of every div it returns;
//! - `fuzz_markdown`: `align::markdown::parse` for an Arabic and an English translation;
//! - `fuzz_xhtml_well_formed`: normalize, then `export::xhtml::blocks` (and `blocks_epub`) over the
//!   whole AST, and the same for the inlines the Markdown reader makes of the text: the markup
//!   wrapped in one root element must parse with quick-xml (end tags match, attributes unique and
//!   well-formed, only the five XML entities and numeric references to XML characters, every
//!   character an XML 1.0 `Char`) and hold none of the characters the serializer promises to
//!   replace (C0/C1 controls but tab and newline, CR, noncharacters).
//!
//! Inputs are structured and hostile, not only random bytes: a base (a fixture file read at run
//! time from `tests/fixtures/*/source/article.txt` and `tests/fixtures/*/translations/*.md`, a
//! run of hostile tokens, a generated translation file, random characters or random bytes), then
//! a list of mutations (splice from another fixture, duplicate, truncate at any byte, delete,
//! insert a token: brackets, braces, `:::`, `*`, `\`, `[n]`, URLs, bidi marks, controls, emoji,
//! combining marks; nest a pair up to 300 deep in total; insert invalid UTF-8).
//!
//! Budget: `STELE_FUZZ_SECONDS` per target (default 5; `.ci/run` sets 60). Cases are numbered and
//! case `k` of seed `s` is always the same input: `STELE_FUZZ_SEED` (default fixed, decimal or
//! 0x-hex) and `STELE_FUZZ_CASE` (run only that case) reproduce a failure. A failing case is
//! shrunk (proptest's shrinking, then byte-level deletion while the same failure remains),
//! written to a file under the temp directory, and the test fails naming the file, the panic
//! message and location, and the command that reproduces it.
//!
//! Each target runs on its own thread with an 8 MiB stack, as much as the CLI's main thread
//! has on Linux: a recursion that overflows the stack aborts the whole test process (it cannot
//! be caught), so generated nesting is capped at `MAX_NEST` until the depth limits land.

use crate::common::root;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as RunnerConfig, RngAlgorithm, TestRng, TestRunner};
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Once, OnceLock};
use std::time::{Duration, Instant};
use stele::config::Config;
use stele::model::{Document, Lang};
use stele::normalize::{self, ids::Registry, inline::Citations, Input};

/// The default seed: fixed, so that every run (and CI) tries the same cases first.
const DEFAULT_SEED: u64 = 0x57E1_E012;
/// Total nesting a case's `Nest` mutations may add (the rest of the input adds little).
const MAX_NEST: usize = 300;
/// The stack of the thread a target runs on (the CLI's main thread has 8 MiB on Linux).
const STACK: usize = 8 << 20;

/// A minimal edition.toml: English source, an Arabic and a Russian translation, the default
/// normalization (reference list headings, citations on, script tagging for Arabic/Cyrillic).
const EDITION_TOML: &str = r#"
[document]
id = "fuzz"
source_lang = "en"
target_langs = ["ar", "ru"]
date = "2024-01-01"
"#;

fn config() -> &'static Config {
    static C: OnceLock<Config> = OnceLock::new();
    C.get_or_init(|| Config::parse(EDITION_TOML, Path::new("source/edition.toml")).unwrap())
}

fn lang(tag: &str) -> Lang {
    Lang::parse(tag).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Seeds: the fixtures, read at run time.

struct Seeds {
    /// `source/article.txt` of every fixture.
    sources: Vec<Vec<u8>>,
    /// `translations/*.md` of every fixture.
    translations: Vec<Vec<u8>>,
    /// Paragraphs of both (the text between blank lines), for the inline reader.
    paragraphs: Vec<Vec<u8>>,
    /// Everything above, for splicing.
    all: Vec<Vec<u8>>,
}

fn seeds() -> &'static Seeds {
    static S: OnceLock<Seeds> = OnceLock::new();
    S.get_or_init(|| {
        let fixtures = root().join("tests/fixtures");
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&fixtures)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        let mut sources = Vec::new();
        let mut translations = Vec::new();
        for d in &dirs {
            if let Ok(b) = std::fs::read(d.join("source/article.txt")) {
                sources.push(b);
            }
            if let Ok(rd) = std::fs::read_dir(d.join("translations")) {
                let mut files: Vec<PathBuf> = rd
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|x| x == "md"))
                    .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
                    .collect();
                files.sort();
                translations.extend(files.iter().map(|f| std::fs::read(f).unwrap()));
            }
        }
        // Optional extra seeds (e.g. minimized inputs worth keeping).
        if let Ok(rd) = std::fs::read_dir(root().join("tests/fuzz-corpus")) {
            let mut files: Vec<PathBuf> = rd.map(|e| e.unwrap().path()).collect();
            files.sort();
            for f in files.iter().filter(|f| f.is_file()) {
                let b = std::fs::read(f).unwrap();
                if f.extension().is_some_and(|x| x == "md") {
                    translations.push(b);
                } else {
                    sources.push(b);
                }
            }
        }
        assert!(
            !sources.is_empty() && !translations.is_empty(),
            "no fixtures under {fixtures:?}"
        );
        let mut paragraphs = Vec::new();
        for b in sources.iter().chain(&translations) {
            let text = String::from_utf8_lossy(b);
            for p in text.split("\n\n") {
                let p: Vec<&str> = p.lines().filter(|l| !l.starts_with(":::")).collect();
                let p = p.join("\n");
                if !p.trim().is_empty() {
                    paragraphs.push(p.into_bytes());
                }
            }
        }
        let all = sources.iter().chain(&translations).cloned().collect();
        Seeds {
            sources,
            translations,
            paragraphs,
            all,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Hostile pieces.

/// Tokens inserted anywhere: markup of both readers, citations, URLs, bidi and zero-width
/// characters, controls, emoji and combining marks, XML specials, line endings.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    "[", "]", "{", "}", "(", ")", "<", ">", "&", "\"", "'", "`", "``", "*", "**", "***", "_", "__",
    "~", "~~", "^", "$", "#", "# ", "> ", "- ", "1. ", "|", "!", "\\", "\\\\", "\\[", "\\]", "\\*",
    "\\\n", ":::", "::: ", "::::", "\n:::\n", "::: {#p1}\n", "::: {#p1 source=\"x\"}\n",
    "::: {#p2 .c key=\"v\" ignore=\"a b\"}\n", "::: {#}\n", "::: {#p1 #p2}\n",
    "::: {#p1 source=\"unterminated}\n", "{#id}", "{.class}", "{key=\"v\"}", "{key=v}", "{-}",
    "[1]", "[2]", "[3]", "[0]", "[01]", "[12]", "[999999999999]", "[4294967296]", "[-1]", "[1,2]",
    "[1-3]", "\\[3]", "[@ref-1]", "[^1]", "[^1]: note", "[text](https://example.com)",
    "[text](javascript:alert(1))", "[t](<https://a b>)", "![img](https://example.com/i.png)",
    "[link][ref]", "[ref]: https://example.com", "https://example.com/wiki/Bit_(unit)",
    "https://example.com/a?b=c&d=e#f", "http://x.", "ftp://host/path.", "www.example.org.",
    "<https://example.com>", "<mailto:a@b.c>", "<b>", "</b>", "<script>x</script>", "<!--", "-->",
    "<![CDATA[", "]]>", "&amp;", "&nbsp;", "&#0;", "&#x1;", "&bogus;", "\u{200E}", "\u{200F}",
    "\u{061C}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}",
    "\u{2068}", "\u{2069}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{00A0}",
    "\u{202F}", "\u{2028}", "\u{2029}", "\u{0}", "\u{1}", "\u{7}", "\u{8}", "\u{B}", "\u{C}",
    "\u{1B}", "\u{1F}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}",
    "\u{FDD0}", "\u{1FFFE}", "\u{10FFFF}", "\u{E000}", "\r", "\r\n", "\n", "\n\n", "\n\n\n", "\t",
    " ", "  ", "😀", "👨‍👩‍👧‍👦", "🇺🇦", "🏳️‍🌈", "e\u{301}", "\u{301}",
    "\u{301}\u{302}\u{303}\u{304}\u{305}", "\u{20DD}", "Z\u{335}\u{336}\u{337}",
    "\u{1100}\u{1161}\u{11A8}", "…", "—", "“", "”", "„", "«", "»", "‘", "’", "‚", "‹", "›", "「",
    "」", "مرحبا", "العربية ١٢٣", "ـــ", "\u{FEFB}", "\u{FB50}", "\u{06CC}", "\u{06A9}", "، ؛ ؟",
    "עברית", "Привет", "Пpивeт", "Ελληνικά", "中文", "IPv6", "C++", "/etc/x", "argv[0]", "a[12]",
    "10%", "3.14", "References", "\n\nReferences\n\n",
    "\n\n[1] A. Author. Title. Publisher, 2020. https://example.com\n",
    "\n\n1. B. Author, “Quoted title,” Journal 3 (2019): 1–2.\n", "---", "---\n", "...",
    "---\nlang: ar\n---\n", "lang: ar", "title: \"x\"", "translators:\n  - name: x\n",
    "notes: |\n  x\n", "key: [", "key: {", "&anchor", "*alias", "!!binary", "? ", "%YAML 1.2",
];

/// Pairs nested around a range: every bracket and emphasis of both readers, fenced divs,
/// quotation marks of several scripts, bidi embeddings and isolates.
#[rustfmt::skip]
const PAIRS: &[(&str, &str)] = &[
    ("[", "]"), ("[", "](https://example.com)"), ("![", "](x.png)"), ("{", "}"), ("(", ")"),
    ("<", ">"), ("*", "*"), ("**", "**"), ("_", "_"), ("~~", "~~"), ("^", "^"), ("`", "`"),
    ("[", "]{.c}"), ("[", "]{lang=ar}"), ("::: {#p1}\n", "\n:::\n"), ("::: x\n", "\n:::\n"),
    ("> ", "\n"), ("“", "”"), ("«", "»"), ("„", "“"), ("\u{202B}", "\u{202C}"),
    ("\u{202E}", "\u{202C}"), ("\u{2067}", "\u{2069}"), ("\u{2066}", "\u{2069}"), ("<b>", "</b>"),
    ("\\[", "\\]"),
    // Alternating delimiters nest (a run of one delimiter does not).
    ("*_", "_*"), ("**_", "_**"), ("[*", "*]{.c}"), ("_[", "](https://example.com)_"),
    ("~~*", "*~~"), ("^[", "]^"), ("[`", "`]"), ("“«", "»”"), ("https://example.com/a(", ")"),
    ("\u{202B}\u{2066}", "\u{2069}\u{202C}"), ("::: {#p1}\n::: x\n", "\n:::\n:::\n"),
    ("*[", "]{.c}*"), ("[**", "**]{lang=ar}"), ("[[", "](https://example.com)]{.c}"),
];

/// Byte sequences that are not UTF-8: stray continuation bytes, truncated and overlong
/// sequences, encoded surrogates, code points past U+10FFFF, bytes never valid.
#[rustfmt::skip]
const INVALID_UTF8: &[&[u8]] = &[
    b"\x80", b"\xBF", b"\xC0\x80", b"\xC1\xBF", b"\xC3", b"\xE2\x82", b"\xE0\x80\x80",
    b"\xED\xA0\x80", b"\xED\xBF\xBF", b"\xF0\x9F\x98", b"\xF4\x90\x80\x80", b"\xF5\x80\x80\x80",
    b"\xF8\x88\x80\x80\x80", b"\xFE", b"\xFF", b"\xFF\xFE", b"\xEF\xBB",
];

/// Segment IDs for generated translation files: valid ones, duplicates, odd ones.
#[rustfmt::skip]
const IDS: &[&str] = &[
    "title", "p1", "p2", "p3", "h1", "q1", "r1", "ref-1", "p1", "p999999", "", "p 1", "p1}", "-",
    "é", "p\u{200F}1", "p1\"", "{#p1}", "p1 .c",
];
/// Language tags for the front matter: the right one, wrong ones, invalid ones.
#[rustfmt::skip]
const FRONT_LANGS: &[&str] = &[
    "ar", "ar", "de", "AR", "ar-EG", "", "x_y", "\"ar\"", "[ar]", "ar\u{200F}",
];

// ---------------------------------------------------------------------------------------------
// Cases: a base and mutations; `bytes()` makes the input.

#[derive(Debug, Clone)]
enum Base {
    /// A fixture file from the target's pool.
    Seed(Index),
    /// A run of tokens, each optionally followed by a word.
    Tokens(Vec<(Index, bool)>),
    /// A translation file built from hostile parts.
    Translation {
        front_lang: Index,
        front_extra: Vec<Index>,
        divs: Vec<(Index, Vec<Index>, Vec<Index>)>,
        close_front: bool,
        crlf: bool,
    },
    /// Random characters (any Unicode scalar value).
    Chars(String),
    /// Random bytes.
    Bytes(Vec<u8>),
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Insert a range of another fixture.
    Splice {
        from: Index,
        start: Index,
        len: usize,
        at: Index,
    },
    /// Repeat a range in place, `times` more times.
    Duplicate {
        start: Index,
        len: usize,
        times: usize,
    },
    /// Cut the input: at a character boundary, or (`raw`) at any byte, inside a UTF-8 sequence.
    Truncate {
        at: Index,
        raw: bool,
    },
    Delete {
        start: Index,
        len: usize,
    },
    Insert {
        at: Index,
        token: Index,
    },
    /// Wrap a range in `depth` copies of a pair (total depth per case capped at `MAX_NEST`).
    Nest {
        at: Index,
        len: usize,
        pair: Index,
        depth: usize,
    },
    InvalidUtf8 {
        at: Index,
        seq: Index,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pool {
    Sources,
    Translations,
    Paragraphs,
}

impl Pool {
    fn get(self) -> &'static [Vec<u8>] {
        let s = seeds();
        match self {
            Pool::Sources => &s.sources,
            Pool::Translations => &s.translations,
            Pool::Paragraphs => &s.paragraphs,
        }
    }
}

#[derive(Debug, Clone)]
struct Case {
    pool: Pool,
    base: Base,
    mutations: Vec<Mutation>,
}

/// Moves a byte position back to the start of a UTF-8 sequence (at most 3 bytes), so that most
/// mutations keep valid text valid and invalid UTF-8 comes from the mutations meant for it.
fn snap(buf: &[u8], mut pos: usize) -> usize {
    pos = pos.min(buf.len());
    for _ in 0..3 {
        if pos < buf.len() && pos > 0 && buf[pos] & 0xC0 == 0x80 {
            pos -= 1;
        }
    }
    pos
}

fn at(buf: &[u8], i: &Index) -> usize {
    snap(buf, i.index(buf.len() + 1))
}

fn range(buf: &[u8], start: &Index, len: usize) -> (usize, usize) {
    let a = at(buf, start);
    let b = snap(buf, a.saturating_add(len));
    (a, b.max(a))
}

const WORDS: &[&str] = &["word", "Text", "a", "1871", "كلمة", "слово", "x.y", "ab-cd"];

impl Case {
    fn bytes(&self) -> Vec<u8> {
        let pick = |i: &Index| TOKENS[i.index(TOKENS.len())];
        let mut buf: Vec<u8> = match &self.base {
            Base::Seed(i) => i.get(self.pool.get()).clone(),
            Base::Tokens(toks) => {
                let mut s = String::new();
                for (k, (t, word)) in toks.iter().enumerate() {
                    s.push_str(pick(t));
                    if *word {
                        s.push_str(WORDS[k % WORDS.len()]);
                    }
                }
                s.into_bytes()
            }
            Base::Translation {
                front_lang,
                front_extra,
                divs,
                close_front,
                crlf,
            } => {
                let mut s = format!("---\nlang: {}\n", *front_lang.get(FRONT_LANGS));
                for t in front_extra {
                    s.push_str(pick(t));
                    s.push('\n');
                }
                if *close_front {
                    s.push_str("---\n");
                }
                for (id, attrs, body) in divs {
                    s.push_str("\n::: {#");
                    s.push_str(IDS[id.index(IDS.len())]);
                    for a in attrs {
                        s.push(' ');
                        s.push_str(pick(a));
                    }
                    s.push_str("}\n");
                    for (k, t) in body.iter().enumerate() {
                        s.push_str(pick(t));
                        s.push_str(WORDS[k % WORDS.len()]);
                    }
                    s.push_str("\n:::\n");
                }
                if *crlf {
                    s = s.replace('\n', "\r\n");
                }
                s.into_bytes()
            }
            Base::Chars(s) => s.clone().into_bytes(),
            Base::Bytes(b) => b.clone(),
        };
        let mut nest_left = MAX_NEST;
        for m in &self.mutations {
            match m {
                Mutation::Splice {
                    from,
                    start,
                    len,
                    at: to,
                } => {
                    let src = from.get(&seeds().all);
                    let (a, b) = range(src, start, *len);
                    let to = at(&buf, to);
                    buf.splice(to..to, src[a..b].iter().copied());
                }
                Mutation::Duplicate { start, len, times } => {
                    let (a, b) = range(&buf, start, *len);
                    let piece = buf[a..b].to_vec();
                    for _ in 0..*times {
                        buf.splice(b..b, piece.iter().copied());
                    }
                }
                Mutation::Truncate { at: i, raw } => {
                    let n = i.index(buf.len() + 1);
                    buf.truncate(if *raw { n } else { snap(&buf, n) });
                }
                Mutation::Delete { start, len } => {
                    let (a, b) = range(&buf, start, *len);
                    buf.drain(a..b);
                }
                Mutation::Insert { at: i, token } => {
                    let i = at(&buf, i);
                    buf.splice(i..i, pick(token).bytes());
                }
                Mutation::Nest {
                    at: i,
                    len,
                    pair,
                    depth,
                } => {
                    let depth = (*depth).min(nest_left);
                    nest_left -= depth;
                    let (open, close) = pair.get(PAIRS);
                    let (a, b) = range(&buf, i, *len);
                    buf.splice(b..b, close.repeat(depth).into_bytes());
                    buf.splice(a..a, open.repeat(depth).into_bytes());
                }
                Mutation::InvalidUtf8 { at: i, seq } => {
                    // Any byte position: also inside a sequence.
                    let i = i.index(buf.len() + 1);
                    buf.splice(i..i, seq.get(INVALID_UTF8).iter().copied());
                }
            }
        }
        buf
    }
}

fn token() -> impl Strategy<Value = Index> {
    any::<Index>()
}

fn base() -> impl Strategy<Value = Base> {
    prop_oneof![
        6 => any::<Index>().prop_map(Base::Seed),
        3 => prop::collection::vec((token(), any::<bool>()), 0..64).prop_map(Base::Tokens),
        2 => (
            any::<Index>(),
            prop::collection::vec(token(), 0..4),
            prop::collection::vec(
                (
                    any::<Index>(),
                    prop::collection::vec(token(), 0..3),
                    prop::collection::vec(token(), 0..12)
                ),
                0..8
            ),
            prop::bool::weighted(0.9),
            prop::bool::weighted(0.1),
        )
            .prop_map(|(front_lang, front_extra, divs, close_front, crlf)| Base::Translation {
                front_lang,
                front_extra,
                divs,
                close_front,
                crlf,
            }),
        1 => prop::collection::vec(any::<char>(), 0..256)
            .prop_map(|c| Base::Chars(c.into_iter().collect())),
        1 => prop::collection::vec(any::<u8>(), 0..512).prop_map(Base::Bytes),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let len = || prop_oneof![0usize..16, 0usize..4096];
    // Weights: about one case in eight gets invalid UTF-8 from a mutation (the normalizer
    // rejects it at once, so more would waste the budget).
    prop_oneof![
        8 => (any::<Index>(), any::<Index>(), len(), any::<Index>())
            .prop_map(|(from, start, len, at)| Mutation::Splice { from, start, len, at }),
        8 => (any::<Index>(), len(), 1usize..8)
            .prop_map(|(start, len, times)| Mutation::Duplicate { start, len, times }),
        4 => (any::<Index>(), prop::bool::weighted(0.1))
            .prop_map(|(at, raw)| Mutation::Truncate { at, raw }),
        8 => (any::<Index>(), len()).prop_map(|(start, len)| Mutation::Delete { start, len }),
        32 => (any::<Index>(), token()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        8 => (any::<Index>(), len(), any::<Index>(), prop_oneof![1usize..8, 1usize..=MAX_NEST])
            .prop_map(|(at, len, pair, depth)| Mutation::Nest { at, len, pair, depth }),
        1 => (any::<Index>(), any::<Index>())
            .prop_map(|(at, seq)| Mutation::InvalidUtf8 { at, seq }),
    ]
}

fn case(pool: Pool) -> impl Strategy<Value = Case> {
    (base(), prop::collection::vec(mutation(), 0..16)).prop_map(move |(base, mutations)| Case {
        pool,
        base,
        mutations,
    })
}

// ---------------------------------------------------------------------------------------------
// Running a target: panics caught with their message and location.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Failure {
    Panic {
        message: String,
        location: Option<String>,
    },
    /// A property other than "no panic" does not hold.
    Property(String),
}

impl Failure {
    /// What must stay the same while an input is minimized.
    fn signature(&self) -> String {
        match self {
            Failure::Panic { message, location } => {
                location.clone().unwrap_or_else(|| message.clone())
            }
            Failure::Property(m) => m.split(':').next().unwrap_or(m).to_string(),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Panic { message, location } => write!(
                f,
                "panicked at {}: {message}",
                location.as_deref().unwrap_or("?")
            ),
            Failure::Property(m) => write!(f, "property failed: {m}"),
        }
    }
}

thread_local! {
    /// Set while a fuzz target runs on this thread: its panics are recorded here, not printed.
    static CAPTURE: RefCell<Option<(String, Option<String>)>> = const { RefCell::new(None) };
    static CAPTURING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs (once) a panic hook that records the panics of fuzz threads and passes every other
/// panic to the previous hook, so the rest of the suite reports as before.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CAPTURING.with(|c| c.get()) {
                let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
                    s.to_string()
                } else if let Some(s) = info.payload().downcast_ref::<String>() {
                    s.clone()
                } else {
                    "(non-string panic payload)".to_string()
                };
                let location = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                CAPTURE.with(|c| *c.borrow_mut() = Some((message, location)));
            } else {
                previous(info);
            }
        }));
    });
}

type Check = fn(&[u8]) -> Result<(), String>;

/// Runs `check` on `input`, turning a panic into a [`Failure`] with its message and location.
fn run_one(check: Check, input: &[u8]) -> Result<(), Failure> {
    CAPTURING.with(|c| c.set(true));
    CAPTURE.with(|c| *c.borrow_mut() = None);
    let r = panic::catch_unwind(AssertUnwindSafe(|| check(input)));
    CAPTURING.with(|c| c.set(false));
    match r {
        Ok(Ok(())) => Ok(()),
        Ok(Err(m)) => Err(Failure::Property(m)),
        Err(_) => {
            let (message, location) = CAPTURE
                .with(|c| c.borrow_mut().take())
                .unwrap_or_else(|| ("(panic not recorded)".into(), None));
            Err(Failure::Panic { message, location })
        }
    }
}

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    let parsed = match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => v.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={v:?} is not a number")))
}

/// The budget per target: `STELE_FUZZ_SECONDS` (default 5).
fn budget() -> Duration {
    Duration::from_secs(env_u64("STELE_FUZZ_SECONDS").unwrap_or(5))
}

/// The generator of case `case` of `seed` for target `name`: independent of how many cases ran
/// before it, so one case can be replayed alone.
fn runner_for(seed: u64, name: &str, case: u64) -> TestRunner {
    let mut x = seed
        ^ name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
        });
    x ^= case.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut bytes = [0u8; 32];
    for chunk in bytes.chunks_mut(8) {
        // splitmix64
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        chunk.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    let config = RunnerConfig {
        failure_persistence: None,
        ..RunnerConfig::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// Shrinks a failing case with proptest's value tree (same failure signature), then deletes
/// byte ranges of the input while the failure stays the same. Bounded in time.
fn shrink(
    check: Check,
    mut tree: impl ValueTree<Value = Case>,
    first: Failure,
) -> (Vec<u8>, Failure, Case) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let sig = first.signature();
    let mut best = (tree.current().bytes(), first, tree.current());
    let mut steps = 0;
    if tree.simplify() {
        while steps < 4096 && Instant::now() < deadline {
            steps += 1;
            let case = tree.current();
            let input = case.bytes();
            match run_one(check, &input) {
                Err(f) if f.signature() == sig => {
                    best = (input, f, case);
                    if !tree.simplify() {
                        break;
                    }
                }
                _ => {
                    if !tree.complicate() {
                        break;
                    }
                }
            }
        }
    }
    // Byte-level: remove chunks, halving the chunk size down to one byte.
    let (mut input, mut failure, case) = best;
    let mut chunk = input.len().div_ceil(2).max(1);
    loop {
        let mut i = 0;
        while i < input.len() && Instant::now() < deadline {
            let mut candidate = input.clone();
            candidate.drain(i..(i + chunk).min(input.len()));
            match run_one(check, &candidate) {
                Err(f) if f.signature() == sig => {
                    input = candidate;
                    failure = f;
                }
                _ => i += chunk,
            }
        }
        if chunk == 1 || Instant::now() >= deadline {
            break;
        }
        chunk = chunk.div_ceil(2);
    }
    (input, failure, case)
}

/// Generates cases for `name` until the budget is spent; on a failure, shrinks it, writes the
/// input to a file and fails with everything needed to reproduce it.
fn fuzz(name: &'static str, pool: Pool, check: Check) {
    let seed = env_u64("STELE_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let only = env_u64("STELE_FUZZ_CASE");
    match fuzz_with(name, pool, check, seed, only, budget()) {
        Ok(summary) => println!("{summary}"),
        Err(report) => panic!("{report}"),
    }
}

/// The loop of [`fuzz`]: `Ok(summary)` or `Err(report)` naming the shrunk input's file.
fn fuzz_with(
    name: &'static str,
    pool: Pool,
    check: Check,
    seed: u64,
    only: Option<u64>,
    budget: Duration,
) -> Result<String, String> {
    install_hook();
    let handle = std::thread::Builder::new()
        .name(format!("fuzz-{name}"))
        .stack_size(STACK)
        .spawn(move || {
            let strategy = case(pool);
            let start = Instant::now();
            let mut n = only.unwrap_or(0);
            let mut ran = 0u64;
            let mut valid_utf8 = 0u64;
            loop {
                let mut runner = runner_for(seed, name, n);
                let tree = strategy
                    .new_tree(&mut runner)
                    .expect("strategy never rejects");
                let input = tree.current().bytes();
                valid_utf8 += std::str::from_utf8(&input).is_ok() as u64;
                ran += 1;
                if let Err(f) = run_one(check, &input) {
                    let (min, failure, case) = shrink(check, tree, f);
                    let file = std::env::temp_dir()
                        .join(format!("stele-fuzz-{name}-{seed:#x}-case{n}.bin"));
                    std::fs::write(&file, &min).unwrap();
                    return Err(format!(
                        "fuzz {name}: case {n} of seed {seed:#x} failed: {failure}\n\
                         shrunk input ({} bytes) written to {}\n\
                         shrunk input: {:?}\n\
                         (generated from {case:?})\n\
                         reproduce: STELE_FUZZ_SEED={seed:#x} STELE_FUZZ_CASE={n} \
                         cargo test --release --test suite fuzz::fuzz_{name}",
                        min.len(),
                        file.display(),
                        String::from_utf8_lossy(&min),
                    ));
                }
                n += 1;
                if only.is_some() || start.elapsed() >= budget {
                    break;
                }
            }
            Ok(format!(
                "fuzz {name}: {ran} cases ({valid_utf8} valid UTF-8) in {:.1}s, seed {seed:#x}, \
                 no failure",
                start.elapsed().as_secs_f64()
            ))
        })
        .unwrap();
    match handle.join() {
        Ok(r) => r,
        Err(p) => panic::resume_unwind(p),
    }
}

// ---------------------------------------------------------------------------------------------
// Targets.

/// The registry of the first fixture article, so that ID matching against a previous run is
/// exercised on every input.
fn fixture_registry() -> &'static Option<Registry> {
    static R: OnceLock<Option<Registry>> = OnceLock::new();
    R.get_or_init(|| {
        let bytes = &seeds().sources[0];
        normalize_bytes(bytes, None).map(|n| n.registry)
    })
}

fn normalize_bytes(bytes: &[u8], registry: Option<&Registry>) -> Option<normalize::Normalized> {
    let staged = normalize::normalize(&Input {
        bytes,
        file: Path::new("source/article.txt"),
        config: config(),
        registry,
    });
    let _ = stele::diag::render(&staged.diags);
    staged.value
}

fn check_normalize(bytes: &[u8]) -> Result<(), String> {
    normalize_bytes(bytes, None);
    normalize_bytes(bytes, fixture_registry().as_ref());
    Ok(())
}

fn taggings() -> &'static [stele::normalize::inline::ScriptTagging] {
    static T: OnceLock<Vec<stele::normalize::inline::ScriptTagging>> = OnceLock::new();
    T.get_or_init(|| {
        ["ar", "en"]
            .iter()
            .map(|l| stele::align::tagging_for(config(), &lang(l), &Citations::AnyNumber))
            .collect()
    })
}

fn check_translation_file(bytes: &[u8]) -> Result<(), String> {
    let ar = lang("ar");
    let (file, diags) = stele::align::format::parse(bytes, Path::new("translations/ar.md"), &ar);
    let _ = stele::diag::render(&diags);
    if let Some(file) = file {
        if let Some(title) = &file.front.title {
            stele::align::markdown::parse(title, &taggings()[0]);
        }
        for div in &file.divs {
            let _ = (div.is_empty(), div.text_line());
            stele::align::markdown::parse(&div.text(), &taggings()[0]);
        }
    }
    Ok(())
}

fn check_markdown(bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    for tagging in taggings() {
        stele::align::markdown::parse(&text, tagging);
    }
    Ok(())
}

/// A document to render Markdown inlines in: the first fixture's metadata, language `ar`.
fn arabic_doc() -> &'static Option<Document> {
    static D: OnceLock<Option<Document>> = OnceLock::new();
    D.get_or_init(|| {
        normalize_bytes(&seeds().sources[0], None).map(|n| Document {
            lang: lang("ar"),
            ast: pandoc_ast::Pandoc {
                meta: n.doc.ast.meta.clone(),
                blocks: Vec::new(),
                pandoc_api_version: n.doc.ast.pandoc_api_version.clone(),
            },
        })
    })
}

fn check_xhtml(bytes: &[u8]) -> Result<(), String> {
    use stele::export::xhtml::{self, XhtmlOptions};
    let opts = XhtmlOptions::default();
    if let Some(n) = normalize_bytes(bytes, None) {
        let mut s = String::new();
        xhtml::blocks(&n.doc, &n.doc.ast.blocks, &opts, &mut s);
        well_formed(&s).map_err(|e| format!("blocks (source): {e}"))?;
        let mut s = String::new();
        xhtml::blocks_epub(&n.doc, &n.doc.ast.blocks, &opts, &mut s);
        well_formed(&s).map_err(|e| format!("blocks_epub (source): {e}"))?;
    }
    // The same text as a translation's Markdown, rendered as one paragraph of an Arabic edition.
    if let Some(base) = arabic_doc() {
        let text = String::from_utf8_lossy(bytes);
        let (inlines, _) = stele::align::markdown::parse(&text, &taggings()[0]);
        let mut doc = base.clone();
        doc.ast.blocks = vec![pandoc_ast::Block::Para(inlines)];
        let mut s = String::new();
        xhtml::blocks(&doc, &doc.ast.blocks, &opts, &mut s);
        well_formed(&s).map_err(|e| format!("blocks (translation): {e}"))?;
    }
    Ok(())
}

/// XML 1.0 `Char`.
fn xml_char(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// What the serializer promises to replace (see `forbidden` in src/export/xhtml/mod.rs).
fn promised_away(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\t' && c != '\n')
        || (0x7F..=0x9F).contains(&u)
        || (0xFDD0..=0xFDEF).contains(&u)
        || (u & 0xFFFE) == 0xFFFE
}

fn check_chars(what: &str, s: &str) -> Result<(), String> {
    if let Some(c) = s.chars().find(|&c| !xml_char(c)) {
        return Err(format!(
            "not an XML character: U+{:04X} in {what} {s:?}",
            c as u32
        ));
    }
    if let Some(c) = s.chars().find(|&c| promised_away(c)) {
        return Err(format!(
            "unreplaced forbidden character: U+{:04X} in {what} {s:?}",
            c as u32
        ));
    }
    Ok(())
}

/// Whether `markup`, wrapped in one root element, is well-formed XML (quick-xml, plus the
/// character and entity rules quick-xml leaves to the caller).
fn well_formed(markup: &str) -> Result<(), String> {
    use quick_xml::events::Event;
    let doc = format!(
        "<root xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">\
         {markup}</root>"
    );
    let mut reader = quick_xml::Reader::from_str(&doc);
    reader.config_mut().check_end_names = true;
    reader.config_mut().check_comments = true;
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        let at = reader.buffer_position();
        let context = || {
            let a = (at as usize).saturating_sub(80);
            let mut a = a.min(doc.len());
            while !doc.is_char_boundary(a) {
                a -= 1;
            }
            let mut b = (at as usize + 80).min(doc.len());
            while !doc.is_char_boundary(b) {
                b += 1;
            }
            format!("near {:?}", &doc[a..b])
        };
        let event = reader
            .read_event()
            .map_err(|e| format!("XML error: {e} {}", context()))?;
        let attrs = |e: &quick_xml::events::BytesStart| -> Result<(), String> {
            let name = std::str::from_utf8(e.name().as_ref()).unwrap().to_string();
            check_chars("element name", &name)?;
            for a in e.attributes().with_checks(true) {
                let a = a.map_err(|err| format!("XML error: attribute: {err} {}", context()))?;
                let raw = std::str::from_utf8(&a.value).unwrap().to_string();
                check_chars("attribute value", &raw)?;
                if raw.contains('<') {
                    return Err(format!(
                        "XML error: `<` in an attribute value {}",
                        context()
                    ));
                }
                let value = a
                    .unescape_value()
                    .map_err(|err| format!("XML error: attribute value: {err} {}", context()))?;
                check_chars("attribute value", &value)?;
            }
            Ok(())
        };
        match event {
            Event::Start(e) => {
                attrs(&e)?;
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Event::Empty(e) => {
                attrs(&e)?;
                if depth == 0 {
                    return Err(format!("XML error: element outside the root {}", context()));
                }
            }
            Event::End(_) => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| format!("XML error: unmatched end tag {}", context()))?;
            }
            Event::Text(t) => {
                let raw = std::str::from_utf8(&t).unwrap().to_string();
                check_chars("text", &raw)?;
                if raw.contains("]]>") {
                    return Err(format!("XML error: `]]>` in text {}", context()));
                }
                let text = t
                    .unescape()
                    .map_err(|err| format!("XML error: text: {err} {}", context()))?;
                check_chars("text", &text)?;
                if depth == 0 && !text.trim().is_empty() {
                    return Err(format!("XML error: text outside the root {}", context()));
                }
            }
            Event::CData(t) => check_chars("CDATA", std::str::from_utf8(&t).unwrap())?,
            Event::Comment(t) => check_chars("comment", std::str::from_utf8(&t).unwrap())?,
            Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {
                return Err(format!("XML error: unexpected declaration {}", context()))
            }
            Event::Eof => break,
        }
    }
    if depth != 0 {
        return Err(format!(
            "XML error: {depth} element(s) left open at the end"
        ));
    }
    if roots != 1 {
        return Err(format!("XML error: {roots} root elements"));
    }
    Ok(())
}

#[test]
fn fuzz_normalize() {
    fuzz("normalize", Pool::Sources, check_normalize);
}

#[test]
fn fuzz_translation_file() {
    fuzz(
        "translation_file",
        Pool::Translations,
        check_translation_file,
    );
}

#[test]
fn fuzz_markdown() {
    fuzz("markdown", Pool::Paragraphs, check_markdown);
}

#[test]
fn fuzz_xhtml_well_formed() {
    fuzz("xhtml_well_formed", Pool::Sources, check_xhtml);
}

/// The checker itself: it accepts the serializer's kind of markup and rejects what is not XML.
#[test]
fn fuzz_well_formed_checker() {
    assert!(
        well_formed("<p id=\"a\" lang=\"ar\">x &amp; y<bdi dir=\"ltr\">1</bdi><br/></p>").is_ok()
    );
    for bad in [
        "<p>",
        "<p></q>",
        "</p>",
        "<p a=\"1\" a=\"2\"></p>",
        "<p>&nbsp;</p>",
        "<p>&#1;</p>",
        "<p>\u{1}</p>",
        "<p>\u{85}</p>",
        "<p a=\"<\"></p>",
        "<p>]]></p>",
        "x < y",
    ] {
        assert!(well_formed(bad).is_err(), "accepted {bad:?}");
    }
    // The generator is deterministic: the same seed and case give the same input.
    let strategy = case(Pool::Sources);
    let one = strategy
        .new_tree(&mut runner_for(1, "t", 7))
        .unwrap()
        .current()
        .bytes();
    let two = strategy
        .new_tree(&mut runner_for(1, "t", 7))
        .unwrap()
        .current()
        .bytes();
    assert_eq!(one, two);
}

/// The cases a target would run, with `STELE_FUZZ_SEED`/`STELE_FUZZ_CASE`: a look at what the
/// generator makes (`cargo test --release --test suite fuzz_show -- --ignored --nocapture`).
#[test]
#[ignore]
fn fuzz_show_cases() {
    let seed = env_u64("STELE_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let first = env_u64("STELE_FUZZ_CASE").unwrap_or(0);
    for n in first..first + 20 {
        let tree = case(Pool::Sources)
            .new_tree(&mut runner_for(seed, "normalize", n))
            .unwrap();
        let b = tree.current().bytes();
        let s = String::from_utf8_lossy(&b);
        let head: String = s.chars().take(300).collect();
        println!("case {n}: {} bytes: {head:?}", b.len());
    }
}

/// The harness itself: a panic is caught with its message and location, and shrunk to the
/// smallest input that still panics at the same place.
#[test]
fn fuzz_harness_shrinks_a_panic() {
    fn planted(bytes: &[u8]) -> Result<(), String> {
        if bytes.windows(4).any(|w| w == b"[12]") {
            panic!("planted");
        }
        Ok(())
    }
    let report = fuzz_with(
        "planted",
        Pool::Paragraphs,
        planted,
        DEFAULT_SEED,
        None,
        Duration::from_secs(20),
    )
    .expect_err("the planted panic is found");
    assert!(
        report.contains("panicked at tests/suite/fuzz.rs:"),
        "{report}"
    );
    assert!(report.contains(": planted"), "{report}");
    assert!(report.contains("shrunk input (4 bytes)"), "{report}");
    let file = report
        .lines()
        .find_map(|l| l.split(" written to ").nth(1))
        .unwrap();
    assert_eq!(std::fs::read(file).unwrap(), b"[12]");
    std::fs::remove_file(file).unwrap();
}

/// Every pair nested `MAX_NEST` deep, in every target: the deepest input the generator makes
/// (on the same 8 MiB stack), once, deterministically.
#[test]
fn fuzz_nesting_at_the_cap() {
    install_hook();
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(|| {
            let checks: [(&str, Check); 4] = [
                ("normalize", check_normalize),
                ("translation_file", check_translation_file),
                ("markdown", check_markdown),
                ("xhtml_well_formed", check_xhtml),
            ];
            let mut failures = Vec::new();
            for (open, close) in PAIRS {
                let text = format!(
                    "Title\n\nA paragraph {}https://example.com/x [1]{} end.\n\nReferences\n\n\
                     [1] A. Author. Title. 2020.\n",
                    open.repeat(MAX_NEST),
                    close.repeat(MAX_NEST)
                );
                let div = format!("---\nlang: ar\n---\n\n::: {{#p1}}\n{text}\n:::\n");
                for (name, check) in checks {
                    let input = if name == "translation_file" {
                        &div
                    } else {
                        &text
                    };
                    if let Err(f) = run_one(check, input.as_bytes()) {
                        failures.push(format!("{name}, {open:?}…{close:?} x{MAX_NEST}: {f}"));
                    }
                }
            }
            assert!(failures.is_empty(), "{}", failures.join("\n"));
        })
        .unwrap()
        .join()
        .unwrap_or_else(|p| panic::resume_unwind(p));
}
