//! The parallel page's sentence highlighting (issue 19): the script and its styles.
//!
//! Sentences are `<span class="sentence" id="<lang>-p12.s3">` (the column's prefix, then the
//! AST's ID); a translated one carries `data-counterpart="p12.s2 p12.s3"`, the source sentences
//! it renders. Hovering, focusing or tapping a sentence marks the sentences it is aligned with in
//! the other columns: for a source sentence, the translated sentences that name it; for a
//! translated one, the source sentences it names and the sentences of the other translations
//! that name any of those. Keyboard: each cell's first sentence is a tab stop; Down/Up move to
//! the next/previous sentence of the column, Left/Right to the first aligned sentence of the
//! neighbouring column. The focused sentence is described by its counterparts
//! (`aria-describedby`), so a screen reader reads the pair. Without the script the spans are
//! plain text.

/// Styles of the highlighted sentences: the counterparts in a colour of their own (the
/// targeted row already has `--target`) and underlined, so the pair shows without colour too.
pub const CSS: &str = r##".parallel .sentence.sentence-on { background: var(--mark-bg); border-radius: 2px; }
.parallel .sentence.sentence-pair { background: var(--pair, #dcebfb); border-radius: 2px; box-shadow: 0 0 0 2px var(--pair, #dcebfb); text-decoration: underline dotted var(--link); text-underline-offset: .2em; }
@media (prefers-color-scheme: dark) { .parallel .sentence.sentence-pair { --pair: #1d3552; } }
.parallel .sentence:focus { outline: 2px solid var(--focus); outline-offset: 1px; }
@media print { .parallel .sentence.sentence-on, .parallel .sentence.sentence-pair { background: none; box-shadow: none; } }
"##;

/// The script, inlined at the end of the parallel page.
pub const SCRIPT: &str = r##"(function () {
  if (!document.querySelector(".row .sentence")) return;
  function cellOf(el) { return el.closest(".cell"); }
  function own(el) {
    var lang = cellOf(el).getAttribute("lang") || "";
    return el.id.slice(lang.length + 1);
  }
  function names(el) { return (el.getAttribute("data-counterpart") || "").split(" ").filter(Boolean); }
  function related(el) {
    var row = el.closest(".row"), cell = cellOf(el), cells = row.querySelectorAll(":scope > .cell");
    var isSrc = cell === cells[0], set = isSrc ? [own(el)] : names(el), out = [];
    for (var i = 0; cells.length > i; i++) {
      if (cells[i] === cell) continue;
      var ss = cells[i].querySelectorAll(".sentence");
      for (var j = 0; ss.length > j; j++) {
        var hit = i === 0 ? set.indexOf(own(ss[j])) >= 0
          : names(ss[j]).some(function (n) { return set.indexOf(n) >= 0; });
        if (hit) out.push(ss[j]);
      }
    }
    return out;
  }
  var on = null;
  function clear() {
    var old = document.querySelectorAll(".sentence-on, .sentence-pair");
    for (var i = 0; old.length > i; i++) old[i].classList.remove("sentence-on", "sentence-pair");
    on = null;
  }
  function show(el) {
    if (on === el) return;
    clear();
    on = el;
    el.classList.add("sentence-on");
    var r = related(el), ids = [];
    for (var i = 0; r.length > i; i++) { r[i].classList.add("sentence-pair"); ids.push(r[i].id); }
    if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
    else el.removeAttribute("aria-describedby");
  }
  var all = document.querySelectorAll(".row .sentence");
  for (var i = 0; all.length > i; i++) {
    var first = all[i].parentNode.closest(".cell").querySelector(".sentence") === all[i];
    all[i].setAttribute("tabindex", first ? "0" : "-1");
  }
  function target(e) { return e.target.closest ? e.target.closest(".row .sentence") : null; }
  document.addEventListener("mouseover", function (e) { var s = target(e); if (s) show(s); });
  document.addEventListener("mouseout", function (e) {
    var s = target(e);
    if (s && s !== document.activeElement && !(e.relatedTarget && s.contains(e.relatedTarget))) clear();
  });
  document.addEventListener("focusin", function (e) { var s = target(e); if (s) show(s); });
  document.addEventListener("click", function (e) { var s = target(e); if (s && !e.target.closest("a")) show(s); });
  function column(el) {
    var cell = cellOf(el), lang = cell.getAttribute("lang"), out = [];
    var cs = document.querySelectorAll(".row > .cell");
    for (var i = 0; cs.length > i; i++) {
      if (cs[i].getAttribute("lang") === lang) out.push.apply(out, cs[i].querySelectorAll(".sentence"));
    }
    return out;
  }
  function go(el) { if (el) { el.focus(); el.scrollIntoView({ block: "nearest" }); } }
  document.addEventListener("keydown", function (e) {
    var s = target(e);
    if (!s) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      var col = column(s), k = col.indexOf(s) + (e.key === "ArrowDown" ? 1 : -1);
      go(col[k]);
    } else if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      var cells = Array.prototype.slice.call(s.closest(".row").querySelectorAll(":scope > .cell"));
      var rtl = getComputedStyle(s.closest(".row")).direction === "rtl";
      var step = (e.key === "ArrowRight") !== rtl ? 1 : -1;
      var next = cells[cells.indexOf(cellOf(s)) + step], r = related(s);
      if (!next) return;
      go(r.filter(function (x) { return cellOf(x) === next; })[0] || next.querySelector(".sentence"));
    } else return;
    e.preventDefault();
  });
})();
"##;
