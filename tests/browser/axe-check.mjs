// axe-core (WCAG 2.0/2.1/2.2 A and AA plus best practice) on HTML pages in headless Chromium
// (playwright-core driving the system chromium), in the light and dark colour schemes, at desktop
// and phone width. Run by tests/suite/accessibility.rs; also usable by hand:
//
//   node tests/browser/axe-check.mjs --chromium /usr/bin/chromium out/html/en.html out/reports/alignment.html
//
// Prints one line per page and setting ("ok ..." / "FAIL ..." with every violation: rule, impact,
// count, first targets), a last line "violations N", and exits 1 if N > 0.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const argv = process.argv.slice(2);
const at = argv.indexOf("--chromium");
if (at < 0) throw new Error("usage: axe-check.mjs --chromium PATH PAGE.html...");
const executablePath = argv[at + 1];
const pages = argv.filter((_, i) => i !== at && i !== at + 1).map((p) => resolve(p));
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
const SETTINGS = [
  { name: "light", colorScheme: "light", width: 1280, height: 900 },
  { name: "dark", colorScheme: "dark", width: 1280, height: 900 },
  { name: "phone light", colorScheme: "light", width: 390, height: 844 },
  { name: "phone dark", colorScheme: "dark", width: 390, height: 844 },
];

const profile = mkdtempSync(join(tmpdir(), "stele-axe-"));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  deviceScaleFactor: 1,
});
let total = 0;
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  for (const file of pages) {
    for (const s of SETTINGS) {
      await page.setViewportSize({ width: s.width, height: s.height });
      await page.emulateMedia({ colorScheme: s.colorScheme });
      await page.goto(pathToFileURL(file).href);
      await page.evaluate(axeSource);
      const result = await page.evaluate(
        (tags) => window.axe.run(document, {
          runOnly: { type: "tag", values: tags },
          // off by default in axe 4; WCAG 2.2 AA 2.5.8 (targets of at least 24 by 24 px)
          rules: { "target-size": { enabled: true } },
          resultTypes: ["violations"],
        }),
        TAGS,
      );
      const found = result.violations.reduce((n, v) => n + v.nodes.length, 0);
      total += found;
      const what = `${file} (${s.name}, ${s.width}px)`;
      if (found === 0) {
        console.log(`ok ${what}`);
        continue;
      }
      console.log(`FAIL ${what}: ${found} violations`);
      for (const v of result.violations) {
        const targets = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ");
        console.log(`  ${v.id} (${v.impact}) x${v.nodes.length}: ${v.help} [${targets}]`);
        const why = v.nodes[0]?.failureSummary?.split("\n").slice(0, 3).join(" / ");
        if (why) console.log(`    ${why}`);
      }
    }
  }
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`violations ${total}`);
process.exit(total > 0 ? 1 : 0);
