//! The reading aids of issue 18, added after [`super::assets`]'s sheet: 44 px tap targets for the
//! per-segment links, and the parallel reader's sticky column picker, readable measure (columns
//! at most 70ch wide, centred) and remembered choice (`?cols=en,ar`, then local storage).
//!
//! With JavaScript off the picker still works through CSS `:has()` and every column shows by
//! default; the script only remembers and shares the choice and measures the sticky bar.

/// Rules for every page (tap targets) and the parallel page (`body.parallel`).
pub const CSS: &str = r##".seg-links { gap: .25rem; flex-wrap: wrap; }
.seg-links a { min-height: 44px; min-width: 44px; padding: 0 .6rem; justify-content: center; }
body.parallel .site-header { position: sticky; top: 0; z-index: 3; background: var(--bg); }
body.parallel .row-head { top: var(--bar, 0px); }
body.parallel [id] { scroll-margin-top: calc(var(--bar, 0px) + 3.5rem); }
.chooser .choice { display: inline-flex; align-items: center; min-height: 44px; }
.chooser .choice label { padding-inline-end: .4rem; }
.row { grid-auto-columns: minmax(0, 70ch); justify-content: center; }
.row-toc .toc { margin: .5rem 0; border: 0; }
@media (max-width: 48rem) {
  .row { grid-auto-columns: auto; justify-content: stretch; }
  body.parallel .chooser .hint { display: none; }
  /* On a phone the sticky bar is the switcher and one row of boxes: the legend is for screen
     readers only (the boxes name their languages), so the bar keeps to about an eighth of the
     screen. */
  body.parallel .chooser legend {
    float: none; position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); white-space: nowrap;
  }
  body.parallel .chooser { gap: 0 .75rem; }
  body.parallel .site-header { padding-block: .25rem; gap: 0 1.25rem; }
  body.parallel [id] { scroll-margin-top: calc(var(--bar, 0px) + 1rem); }
}
"##;

/// The parallel page's script (free of `<` and `&`, so the page stays well-formed XML): applies
/// `?cols=` (else the stored choice), stores and shares every change in the URL, and sets `--bar`
/// to the sticky header's height so the column labels stick right below it.
pub const SCRIPT: &str = r##"(function () {
  var boxes = [].slice.call(document.querySelectorAll(".chooser input[type=checkbox]"));
  var header = document.querySelector(".site-header");
  if (!boxes.length || !header) return;
  var KEY = "stele-parallel-cols";
  function tag(b) { return b.id.slice("show-".length); }
  function read(s) { return (s || "").split(",").map(function (x) { return x.trim(); }).filter(Boolean); }
  function apply(list) {
    var known = list.filter(function (l) { return boxes.some(function (b) { return tag(b) === l; }); });
    if (!known.length) return false;
    boxes.forEach(function (b) { b.checked = known.indexOf(tag(b)) >= 0; });
    return true;
  }
  function save() {
    var on = boxes.filter(function (b) { return b.checked; }).map(tag);
    // Nothing ticked shows every column: that is the default, so it is not kept.
    var cols = on.length ? on.join(",") : "";
    try { if (cols) localStorage.setItem(KEY, cols); else localStorage.removeItem(KEY); } catch (e) {}
    var p = new URLSearchParams(location.search);
    p.delete("cols");
    var q = [p.toString(), cols ? "cols=" + cols : ""].filter(Boolean).join(String.fromCharCode(38));
    history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
  }
  var asked = new URLSearchParams(location.search).get("cols");
  var stored = null;
  try { stored = localStorage.getItem(KEY); } catch (e) {}
  if (apply(read(asked)) || apply(read(stored))) save();
  boxes.forEach(function (b) { b.addEventListener("change", save); });
  function bar() { document.documentElement.style.setProperty("--bar", header.getBoundingClientRect().height + "px"); }
  bar();
  addEventListener("resize", bar);
  if (location.hash) {
    var t = document.getElementById(location.hash.slice(1));
    if (t) t.scrollIntoView();
  }
})();
"##;
