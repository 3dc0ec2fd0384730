// Rows in step in the parallel page (issue 16), read in headless Chromium: in every row of
// html/parallel.html the cells of every language start at the same height, for every block kind
// (heading, paragraph, list, table, block quote, code block, image, footnote), and inside a list
// or table row every language has the same number of items or cells. Run by
// tests/suite/sources.rs; also by hand:
//
//   node tests/browser/parallel-rows.mjs --chromium /usr/bin/chromium out/html/parallel.html
//
// Prints one line per row kind ("ok ..." / "FAIL ...") and exits 1 if any check failed.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const argv = process.argv.slice(2);
const i = argv.indexOf("--chromium");
const exe = argv[i + 1];
argv.splice(i, 2);
const file = resolve(argv[0]);

const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];
const profile = mkdtempSync(join(tmpdir(), "stele-chromium-"));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: exe, headless: true, args: FLAGS, viewport: { width: 1400, height: 900 },
});
let failures = 0;
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(pathToFileURL(file).href);
  const rows = await page.evaluate(() => {
    const kindOf = (cell) => {
      const pick = [
        ["table", "table"], ["ul, ol", "list"], ["blockquote", "quote"], ["pre", "code"],
        [".footnote", "footnote"], [".figure", "image"], ["h1, h2, h3, h4, h5, h6", "heading"],
        [".paragraph", "paragraph"],
      ];
      for (const [sel, k] of pick) if (cell.querySelector(sel)) return k;
      return "other";
    };
    const parts = (cell) => cell.querySelectorAll("li, td, th").length;
    return [...document.querySelectorAll("main > .row:not(.row-head)")].map((row) => {
      const cells = [...row.querySelectorAll(":scope > .cell")];
      return {
        id: row.id,
        kind: kindOf(cells[0]),
        tops: cells.map((c) => c.getBoundingClientRect().top),
        parts: cells.map(parts),
        filled: cells.map((c) => c.textContent.trim().length > 0),
      };
    });
  });
  const seen = {};
  for (const r of rows) {
    const bad = [];
    if (r.tops.length < 2) bad.push("fewer than two cells");
    if (Math.max(...r.tops) - Math.min(...r.tops) > 1) bad.push(`tops ${r.tops.join(",")}`);
    if (new Set(r.parts).size > 1) bad.push(`items/cells ${r.parts.join(",")}`);
    if (r.filled.includes(false)) bad.push("an empty cell");
    if (bad.length) {
      failures++;
      console.log(`FAIL ${r.kind} row ${r.id}: ${bad.join("; ")}`);
    }
    seen[r.kind] = (seen[r.kind] ?? 0) + 1;
  }
  for (const [k, n] of Object.entries(seen).sort()) console.log(`ok ${k}: ${n} rows`);
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
