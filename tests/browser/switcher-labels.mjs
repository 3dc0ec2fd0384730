// The language-switcher labels as a reader sees them (issue 17), read in headless Chromium: for
// every page given, the text, `lang` and `hreflang` of each `nav.lang-switcher` link, the page's
// contents heading, and (on a parallel page) the column picker's labels. Run by
// tests/suite/localization.rs, which compares the labels; also by hand:
//
//   node tests/browser/switcher-labels.mjs --chromium /usr/bin/chromium out/html/fr.html ...
//
// Prints one JSON object (file name -> what was read) and exits 1 if a page could not be read.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const argv = process.argv.slice(2);
const i = argv.indexOf("--chromium");
const exe = argv[i + 1];
argv.splice(i, 2);

const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];
const profile = mkdtempSync(join(tmpdir(), "stele-chromium-"));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: exe, headless: true, args: FLAGS, viewport: { width: 1200, height: 900 },
});
const out = {};
let failed = false;
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  for (const f of argv) {
    try {
      await page.goto(pathToFileURL(resolve(f)).href);
      out[basename(f)] = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        // innerText: what is rendered (CSS text-transform included), not the markup's text.
        switcher: [...document.querySelectorAll("nav.lang-switcher a")].map((a) => ({
          text: a.innerText.trim(),
          lang: a.closest("[lang]").getAttribute("lang"),
          hreflang: a.getAttribute("hreflang"),
          current: a.getAttribute("aria-current") === "page",
        })),
        contents: [...document.querySelectorAll("nav.toc h2, nav#toc h2, .toc h2")]
          .map((h) => h.innerText.trim()),
        picker: [...document.querySelectorAll("fieldset label")].map((l) => l.innerText.trim()),
      }));
    } catch (e) {
      failed = true;
      out[basename(f)] = { error: String(e) };
    }
  }
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(out, null, 1));
process.exit(failed ? 1 : 0);
