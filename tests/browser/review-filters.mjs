// The work-queue filters of out/reports/alignment.html (issue 18), read in headless Chromium from
// file:// (no server): each filter given on the command line as `name=value[&name=value]` is set
// on the page's selects and the IDs of the segments left shown are reported; also the page with
// JavaScript off (no filter form, every segment shown) and an old `#seg-<ID>` link. Run by
// tests/suite/review.rs; also by hand:
//
//   node tests/browser/review-filters.mjs --chromium /usr/bin/chromium out/reports/alignment.html status=stale
//
// Prints one JSON object: { nojs: {form, segments, hidden}, filters: {spec: {shown, open, cells}},
// oldAnchor: {hash, inView} }.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const argv = process.argv.slice(2);
const i = argv.indexOf("--chromium");
const exe = argv[i + 1];
argv.splice(i, 2);
const url = pathToFileURL(resolve(argv[0])).href;
const specs = argv.slice(1);

const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];
const out = { filters: {} };
const browser = await chromium.launch({ executablePath: exe, headless: true, args: FLAGS });
try {
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  let page = await nojs.newPage();
  await page.goto(url);
  out.nojs = await page.evaluate(() => ({
    form: document.getElementById("filters").checkVisibility(),
    segments: document.querySelectorAll(".seg").length,
    hidden: [...document.querySelectorAll(".seg")].filter((s) => s.hidden).length,
  }));
  await nojs.close();

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await ctx.newPage();
  for (const spec of specs) {
    await page.goto(url);
    for (const [name, value] of new URLSearchParams(spec)) {
      await page.selectOption(`#filter-${name}`, value);
    }
    out.filters[spec] = await page.evaluate(() => {
      const shown = [...document.querySelectorAll(".seg")].filter((s) => s.checkVisibility());
      return {
        form: document.getElementById("filters").checkVisibility(),
        shown: shown.map((s) => s.id),
        open: shown.filter((s) => s.tagName === "DETAILS" && s.open).map((s) => s.id),
        cells: shown.map((s) =>
          [...s.querySelectorAll(".cell[data-lang]")].filter((c) => c.checkVisibility())
            .map((c) => c.dataset.lang).join(",")),
        count: document.getElementById("filter-count").textContent,
      };
    });
  }
  const fresh = await ctx.newPage();
  await fresh.goto(url + "#seg-p12");
  await fresh.waitForTimeout(100);
  out.oldAnchor = await fresh.evaluate(() => {
    const el = document.getElementById("p12");
    const r = el ? el.getBoundingClientRect() : null;
    return { hash: location.hash, inView: !!r && r.top >= 0 && r.top < innerHeight };
  });
  await ctx.close();
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
