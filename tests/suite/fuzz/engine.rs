//! The fuzz harness of issue 12: seeds read from the fixtures, hostile tokens, structured cases
//! (a base and mutations), and the runner (time budget, panics caught, shrinking, reproduction).

use super::*;

// ---------------------------------------------------------------------------------------------
// Seeds: the fixtures, read at run time.

pub(super) struct Seeds {
    /// `source/article.txt` of every fixture.
    pub(super) sources: Vec<Vec<u8>>,
    /// `translations/*.md` of every fixture.
    translations: Vec<Vec<u8>>,
    /// Paragraphs of both (the text between blank lines), for the inline reader.
    paragraphs: Vec<Vec<u8>>,
    /// Everything above, for splicing.
    all: Vec<Vec<u8>>,
}

pub(super) fn seeds() -> &'static Seeds {
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
pub(super) const TOKENS: &[&str] = &[
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
pub(super) const PAIRS: &[(&str, &str)] = &[
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
pub(super) const INVALID_UTF8: &[&[u8]] = &[
    b"\x80", b"\xBF", b"\xC0\x80", b"\xC1\xBF", b"\xC3", b"\xE2\x82", b"\xE0\x80\x80",
    b"\xED\xA0\x80", b"\xED\xBF\xBF", b"\xF0\x9F\x98", b"\xF4\x90\x80\x80", b"\xF5\x80\x80\x80",
    b"\xF8\x88\x80\x80\x80", b"\xFE", b"\xFF", b"\xFF\xFE", b"\xEF\xBB",
];

/// Segment IDs for generated translation files: valid ones, duplicates, odd ones.
#[rustfmt::skip]
pub(super) const IDS: &[&str] = &[
    "title", "p1", "p2", "p3", "h1", "q1", "r1", "ref-1", "p1", "p999999", "", "p 1", "p1}", "-",
    "é", "p\u{200F}1", "p1\"", "{#p1}", "p1 .c",
];
/// Language tags for the front matter: the right one, wrong ones, invalid ones.
#[rustfmt::skip]
pub(super) const FRONT_LANGS: &[&str] = &[
    "ar", "ar", "de", "AR", "ar-EG", "", "x_y", "\"ar\"", "[ar]", "ar\u{200F}",
];

// ---------------------------------------------------------------------------------------------
// Cases: a base and mutations; `bytes()` makes the input.

#[derive(Debug, Clone)]
pub(super) enum Base {
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
pub(super) enum Mutation {
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
pub(super) enum Pool {
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
pub(super) struct Case {
    pool: Pool,
    base: Base,
    mutations: Vec<Mutation>,
}

/// Moves a byte position back to the start of a UTF-8 sequence (at most 3 bytes), so that most
/// mutations keep valid text valid and invalid UTF-8 comes from the mutations meant for it.
pub(super) fn snap(buf: &[u8], mut pos: usize) -> usize {
    pos = pos.min(buf.len());
    for _ in 0..3 {
        if pos < buf.len() && pos > 0 && buf[pos] & 0xC0 == 0x80 {
            pos -= 1;
        }
    }
    pos
}

pub(super) fn at(buf: &[u8], i: &Index) -> usize {
    snap(buf, i.index(buf.len() + 1))
}

pub(super) fn range(buf: &[u8], start: &Index, len: usize) -> (usize, usize) {
    let a = at(buf, start);
    let b = snap(buf, a.saturating_add(len));
    (a, b.max(a))
}

pub(super) const WORDS: &[&str] = &["word", "Text", "a", "1871", "كلمة", "слово", "x.y", "ab-cd"];

impl Case {
    pub(super) fn bytes(&self) -> Vec<u8> {
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

pub(super) fn token() -> impl Strategy<Value = Index> {
    any::<Index>()
}

pub(super) fn base() -> impl Strategy<Value = Base> {
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

pub(super) fn mutation() -> impl Strategy<Value = Mutation> {
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

pub(super) fn case(pool: Pool) -> impl Strategy<Value = Case> {
    (base(), prop::collection::vec(mutation(), 0..16)).prop_map(move |(base, mutations)| Case {
        pool,
        base,
        mutations,
    })
}

// ---------------------------------------------------------------------------------------------
// Running a target: panics caught with their message and location.

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Failure {
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
pub(super) fn install_hook() {
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

pub(super) type Check = fn(&[u8]) -> Result<(), String>;

/// Runs `check` on `input`, turning a panic into a [`Failure`] with its message and location.
pub(super) fn run_one(check: Check, input: &[u8]) -> Result<(), Failure> {
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

pub(super) fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    let parsed = match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => v.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={v:?} is not a number")))
}

/// The budget per target: `STELE_FUZZ_SECONDS` (default 5).
pub(super) fn budget() -> Duration {
    Duration::from_secs(env_u64("STELE_FUZZ_SECONDS").unwrap_or(5))
}

/// The generator of case `case` of `seed` for target `name`: independent of how many cases ran
/// before it, so one case can be replayed alone.
pub(super) fn runner_for(seed: u64, name: &str, case: u64) -> TestRunner {
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
pub(super) fn shrink(
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
pub(super) fn fuzz(name: &'static str, pool: Pool, check: Check) {
    let seed = env_u64("STELE_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let only = env_u64("STELE_FUZZ_CASE");
    match fuzz_with(name, pool, check, seed, only, budget()) {
        Ok(summary) => println!("{summary}"),
        Err(report) => panic!("{report}"),
    }
}

/// The loop of [`fuzz`]: `Ok(summary)` or `Err(report)` naming the shrunk input's file.
pub(super) fn fuzz_with(
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
