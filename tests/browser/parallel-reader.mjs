// The parallel reader of issue 18, read in headless Chromium from file://: the column picker
// stays in view after scrolling (desktop and phone widths), `?cols=` picks the columns and is
// remembered in local storage (a later visit without it gets the same columns, and the URL says
// so), a single column keeps a readable measure, the contents list is in every shown language,
// the per-segment links are at least 44 by 44 px, and with JavaScript off every column shows.
// Run by tests/suite/review.rs; also by hand:
//
//   node tests/browser/parallel-reader.mjs --chromium /usr/bin/chromium out/html
//
// Prints one JSON object with what it measured; the Rust test holds the expectations.
import { chromium } from "playwright-core";
import { resolve, join } from "node:path";
import { pathToFileURL } from "node:url";

const argv = process.argv.slice(2);
const i = argv.indexOf("--chromium");
const exe = argv[i + 1];
argv.splice(i, 2);
const dir = resolve(argv[0]);
const url = (f) => pathToFileURL(join(dir, f)).href;

const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];
const out = {};
const browser = await chromium.launch({ executablePath: exe, headless: true, args: FLAGS });

/// What the page shows: the picker's place, the visible columns, their widths, the contents.
const look = () => {
  const picker = document.querySelector(".chooser").getBoundingClientRect();
  const cols = [...document.querySelectorAll(".row:not(.row-head):not(.row-toc)")][5];
  const shown = [...cols.querySelectorAll(":scope > .cell")].filter((c) => c.checkVisibility());
  const probe = document.createElement("span");
  probe.style.cssText = "display:inline-block;width:70ch";
  shown[0].appendChild(probe);
  const ch70 = probe.getBoundingClientRect().width;
  probe.remove();
  return {
    scrollY: Math.round(scrollY),
    pickerTop: Math.round(picker.top),
    pickerInView: picker.top >= 0 && picker.bottom <= innerHeight && picker.height > 0,
    cols: shown.map((c) => c.lang),
    widths: shown.map((c) => Math.round(c.getBoundingClientRect().width)),
    ch70: Math.round(ch70),
    checked: [...document.querySelectorAll(".chooser input")].filter((b) => b.checked).map((b) => b.id.slice(5)),
    search: location.search,
    stored: (() => { try { return localStorage.getItem("stele-parallel-cols"); } catch (e) { return "n/a"; } })(),
    toc: [...document.querySelectorAll(".row-toc .cell")].filter((c) => c.checkVisibility())
      .map((c) => [c.lang, c.querySelector("nav.toc h2").textContent, c.querySelectorAll("nav.toc li").length]),
  };
};

/// Every visible per-segment link's size, its accessible name and title.
const links = () => [...document.querySelectorAll(".seg-links a")].filter((a) => a.checkVisibility())
  .map((a) => { const r = a.getBoundingClientRect(); return { w: r.width, h: r.height, text: a.textContent.trim(), title: a.title }; });
const small = (ls) => ls.filter((l) => l.w < 44 || l.h < 44).slice(0, 5);

try {
  for (const [name, viewport] of [["desktop", { width: 1440, height: 900 }], ["phone", { width: 390, height: 844 }]]) {
    const ctx = await browser.newContext({ viewport, hasTouch: name === "phone" });
    const page = await ctx.newPage();
    await page.goto(url("parallel.html") + "#p20");
    await page.waitForTimeout(150);
    const r = { afterScroll: await page.evaluate(look) };
    // A shared link picks the columns; the choice is remembered and shown in the URL.
    await page.goto(url("parallel.html") + "?cols=ar");
    r.colsAr = await page.evaluate(look);
    await page.goto(url("parallel.html"));
    r.remembered = await page.evaluate(look);
    // Ticking a box updates the URL and the store.
    await page.click("label[for=show-en]");
    r.clicked = await page.evaluate(look);
    await page.goto(url("parallel.html") + "?cols=en,ru");
    r.colsEnRu = await page.evaluate(look);
    const all = await page.evaluate(links);
    r.parallelLinks = { count: all.length, small: small(all), sample: all.slice(0, 2) };
    for (const f of ["en.html", "ar.html", "ru.html"]) {
      await page.goto(url(f));
      const ls = await page.evaluate(links);
      r[f] = { count: ls.length, small: small(ls), sample: ls.slice(0, 3) };
    }
    out[name] = r;
    await ctx.close();
  }
  const nojs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1440, height: 900 } });
  const page = await nojs.newPage();
  await page.goto(url("parallel.html") + "?cols=ar#p20");
  await page.waitForTimeout(150);
  out.nojs = await page.evaluate(look);
  // The picker still works through CSS: untick Russian and English.
  await page.click("label[for=show-ru]");
  await page.click("label[for=show-en]");
  out.nojsPicked = await page.evaluate(look);
  await nojs.close();
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
