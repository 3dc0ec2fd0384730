//! The inline stylesheet and the small optional script of the HTML editions.
//!
//! Direction comes from `dir` attributes in the markup, never from CSS: the stylesheet uses
//! logical properties (`margin-inline-start`, `text-align: start`) so one sheet serves both
//! directions. Per-language rules (fonts by script, the parallel page's column chooser) are
//! generated for the edition's languages.

use crate::export::webfonts::ARABIC_SCALE;
use crate::model::{Lang, Script};

/// The stylesheet for a page of an edition in `langs`.
pub fn css(langs: &[&Lang]) -> String {
    let fonts = crate::export::webfonts::for_langs(langs.iter().copied());
    let mut s = crate::export::webfonts::font_faces(&fonts, "fonts/");
    s.push_str(BASE);
    for l in langs {
        let tag = l.as_str();
        // Fonts and line spacing by script; sized once at the outermost element of the language.
        match l.script() {
            Script::Arabic => s.push_str(&format!(
                ":lang({tag}) {{ font-family: {ARABIC_FONTS}; }}\n\
                 :lang({tag}):not(:lang({tag}) *) {{ font-size: {ARABIC_SCALE}em; line-height: 1.85; }}\n\
                 :lang({tag}) .pull-quote blockquote {{ font-style: normal; }}\n\
                 :lang({tag}) div:not(:lang({tag})) {{ font-family: {BODY_FONTS}; font-size: {LATIN_IN_ARABIC}em; line-height: 1.6; }}\n"
            )),
            Script::Hebrew => s.push_str(&format!(
                ":lang({tag}) {{ font-family: {HEBREW_FONTS}; }}\n"
            )),
            _ => {}
        }
        // The parallel page's chooser: an unticked language's column is hidden, unless nothing
        // is ticked (then every column shows). Without `:has()` every column shows.
        s.push_str(&format!(
            "html:has(#show-{tag}:not(:checked)):has(.chooser input:checked) .cell-{tag} {{ display: none; }}\n"
        ));
    }
    s.push_str(super::sentences::CSS);
    s.push_str(PRINT);
    s
}

/// Arabic faces first (the shipped Amiri); Latin and Cyrillic runs fall through to Libertinus.
const ARABIC_FONTS: &str = crate::export::webfonts::ARABIC_STACK;
/// The body's faces (also for a stand-in in another language inside an Arabic-script page).
const BODY_FONTS: &str = crate::export::webfonts::SERIF_STACK;
/// A Latin stand-in inside Arabic text: back at the Latin size (1 / [`ARABIC_SCALE`]).
const LATIN_IN_ARABIC: &str = ".83";
const HEBREW_FONTS: &str = "\"Noto Serif Hebrew\", \"David\", \"Times New Roman\", serif";

const BASE: &str = r##":root {
  color-scheme: light dark;
  --fg: #1b1b1b; --bg: #fdfdfb; --muted: #4d4d4d; --link: #0a4f96; --visited: #5a2d91;
  --rule: #cfcfc7; --mark: #7a3e00; --mark-bg: #fff1db; --target: #fff6bf; --focus: #b34700;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e9e7e3; --bg: #141414; --muted: #bdbdbd; --link: #93bdf7; --visited: #cfb1f5;
    --rule: #444; --mark: #ffd08a; --mark-bg: #33250d; --target: #3a3500; --focus: #ff9c5c;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0; font-family: "Libertinus Serif", Georgia, "Noto Serif", "DejaVu Serif", "Liberation Serif", serif;
  font-size: 1.125rem; line-height: 1.6; text-rendering: optimizeLegibility;
}
a { color: var(--link); }
a:visited { color: var(--visited); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
[id] { scroll-margin-top: 1rem; }
:target { background: var(--target); }
.skip-link {
  position: absolute; inset-inline-start: 1rem; top: -20rem; z-index: 10;
  background: var(--bg); color: var(--link); padding: .5rem 1rem; border: 2px solid var(--focus);
}
.skip-link:focus { top: .5rem; }
.site-header {
  display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 2rem;
  padding: .5rem 1.25rem; border-bottom: 1px solid var(--rule);
  font-family: system-ui, "DejaVu Sans", sans-serif; font-size: 1rem;
}
.lang-switcher ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
.lang-switcher [aria-current="page"] { font-weight: bold; color: var(--fg); text-decoration: none; }
main { display: block; max-width: 44rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
main:focus { outline: none; }
h1 { font-size: 2rem; line-height: 1.25; margin: 1rem 0 .75rem; }
h2 { font-size: 1.4rem; line-height: 1.3; margin: 2.2rem 0 .6rem; }
p { margin: 0 0 1rem; }
.article-header { margin-bottom: 1.5rem; }
.byline, .review { font-family: system-ui, "DejaVu Sans", sans-serif; font-size: .95rem; color: var(--muted); margin: 0 0 .5rem; }
.review a { color: var(--mark); }
.toc { border-block: 1px solid var(--rule); margin: 1.5rem 0 2rem; padding: .25rem 0 .5rem; font-size: 1rem; }
.toc h2 { font-size: 1.1rem; margin: .75rem 0 .25rem; }
.toc ol { margin: 0; padding-inline-start: 1.5rem; }
.paragraph, .pull-quote, .csl-entry { margin: 0 0 1rem; }
.paragraph > p, .csl-entry > p { margin: 0; }
.pull-quote blockquote {
  margin: 1.5rem 0; padding: .25rem 0; padding-inline-start: 1.25rem;
  border-inline-start: 4px solid var(--rule); font-size: 1.15em; font-style: italic;
}
.pull-quote blockquote p { margin: 0; }
.csl-entry > p { padding-inline-start: 2.75em; text-indent: -2.75em; }
.ref-number { display: inline-block; min-width: 2.5em; text-indent: 0; }
.csl-entry a, .paragraph a { overflow-wrap: anywhere; }
/* Citations and back-links: a thin dotted underline, so they stand out without colour (WCAG
   1.4.1) and the line stays calm; solid under the pointer or focus. */
.cite, .backlink {
  text-decoration: underline dotted; text-decoration-thickness: 1px; text-underline-offset: .2em;
}
.cite { white-space: nowrap; }
.cite:hover, .cite:focus, .backlink:hover, .backlink:focus { text-decoration-style: solid; }
.gloss { color: var(--muted); }
[data-status] { border-inline-start: 4px solid var(--mark); padding-inline-start: .75rem; }
.status-note {
  font-family: system-ui, "DejaVu Sans", sans-serif; font-size: .9rem; line-height: 1.4;
  color: var(--mark); background: var(--mark-bg); padding: .25rem .6rem; margin: .4rem 0 0;
}
h1 + .status-note, h2 + .status-note { margin: -.3rem 0 .6rem; }
.seg-links {
  display: flex; justify-content: flex-end; gap: .6rem; margin: .15rem 0 0;
  font-family: system-ui, "DejaVu Sans", sans-serif; font-size: .8rem; line-height: 1.2;
}
.seg-links a { color: var(--muted); text-decoration: underline dotted 1px; text-underline-offset: .2em; padding: .1rem .2rem; display: inline-flex; align-items: center; min-height: 24px; min-width: 24px; }
.seg-links a:hover, .seg-links a:focus { color: var(--link); text-decoration-style: solid; }
h1 + .seg-links, h2 + .seg-links, h1 + .status-note + .seg-links, h2 + .status-note + .seg-links { margin-top: -.4rem; margin-bottom: .6rem; }
.site-footer {
  border-top: 1px solid var(--rule); padding: .75rem 1.25rem 2rem; color: var(--muted);
  font-family: system-ui, "DejaVu Sans", sans-serif; font-size: .85rem; text-align: center;
}
/* Parallel page: one grid row per segment, one column per language shown. */
body.parallel main { max-width: 100rem; }
.chooser { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; align-items: center; gap: .25rem 1rem; }
.chooser legend { float: inline-start; font-weight: bold; padding: 0; margin-inline-end: .5rem; }
.chooser .choice { white-space: nowrap; }
.chooser input { width: 24px; height: 24px; vertical-align: middle; margin-inline-end: .3rem; }
.chooser .hint { color: var(--muted); font-size: .85rem; }
.row {
  display: grid; grid-auto-flow: column; grid-auto-columns: minmax(0, 1fr);
  column-gap: 2.5rem; align-items: start; padding: .5rem 0; border-bottom: 1px solid var(--rule);
}
.row > .cell > :first-child, .cell > :first-child > :first-child { margin-top: 0; }
.cell .seg-links { margin-top: .3rem; }
.row-head {
  position: sticky; top: 0; z-index: 2; background: var(--bg); padding: .4rem 0;
  font-family: system-ui, "DejaVu Sans", sans-serif; font-size: .95rem; font-weight: bold;
  border-bottom: 2px solid var(--rule);
}
body.parallel [id] { scroll-margin-top: 3.5rem; }
.row:target { background: var(--target); }
.row-heading h2 { margin-bottom: .25rem; }
@media (max-width: 48rem) {
  .row { grid-auto-flow: row; grid-auto-columns: auto; row-gap: .75rem; }
  .row-head { display: none; }
  .cell::before {
    content: attr(data-label); display: block; color: var(--muted); font-size: .8rem;
    font-family: system-ui, "DejaVu Sans", sans-serif; margin-bottom: .2rem;
  }
  body.parallel [id] { scroll-margin-top: 1rem; }
}
"##;

const PRINT: &str = r##"@media print {
  body { font-size: 11pt; line-height: 1.45; background: #fff; color: #000; }
  .skip-link, .site-header, .seg-links, .row-head, .site-footer .hint { display: none; }
  main { max-width: none; padding: 0; }
  a, a:visited { color: inherit; text-decoration: none; }
  .csl-entry a[href^="http"] { text-decoration: underline; }
  :target, .row:target { background: none; }
  h1 { font-size: 18pt; } h2 { font-size: 14pt; }
  h1, h2 { break-after: avoid; }
  .row { column-gap: 1.5rem; }
  .row, .csl-entry, .pull-quote { break-inside: avoid; }
  .status-note { background: none; border: 1px solid #000; color: #000; }
  [data-status] { border-inline-start-color: #000; }
  .cell::before { content: none; }
}
"##;

/// Optional (and free of `<` and `&`, so the page stays well-formed XML): points the language switcher's links at the segment being read, so switching
/// language keeps the reader's place. Without it the links open the other page at its top.
pub const SCRIPT: &str = r##"(function () {
  var marks = document.querySelectorAll("[data-seg]");
  var links = document.querySelectorAll("a[data-keep-place]");
  var head = document.querySelector(".row-head");
  function update() {
    var top = head ? head.getBoundingClientRect().bottom : 0, id = "";
    for (var i = 0; marks.length > i; i++) {
      if (marks[i].getBoundingClientRect().bottom > top + 4) { id = marks[i].getAttribute("data-seg"); break; }
    }
    for (var j = 0; links.length > j; j++) {
      var base = links[j].getAttribute("href").split("#")[0];
      links[j].setAttribute("href", id ? base + "#" + id : base);
    }
  }
  var pending = false;
  addEventListener("scroll", function () {
    if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; update(); }); }
  }, { passive: true });
  addEventListener("hashchange", update);
  addEventListener("load", update);
  update();
})();
"##;
