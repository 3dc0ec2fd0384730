// Issue 18: the HTML editions use the fonts they ship. In headless Chromium (playwright-core
// driving the system chromium), for each page: the page's own @font-face faces load from
// fonts/ over file://, and the font Chromium actually draws the text of the first paragraph
// with (CDP CSS.getPlatformFontsForNode) is the shipped face: Amiri for Arabic script,
// Libertinus Serif otherwise. Used by tests/suite/typography.rs; by hand:
//
//   node tests/browser/fonts-check.mjs --chromium /usr/bin/chromium --dir out/html \
//        --pages ar:Amiri,ru:Libertinus\ Serif [--shots out/screenshots]
//
// Prints one line per check ("ok ..." / "FAIL ...") and exits 1 if any check failed.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = {};
process.argv.slice(2).forEach((a, i, all) => {
  if (a.startsWith("--")) args[a.slice(2)] = all[i + 1];
});
const dir = resolve(args.dir);
const pages = String(args.pages).split(",").map((p) => p.split(":"));
const shots = args.shots ? resolve(args.shots) : null;

let failures = 0;
function check(name, ok, detail = "") {
  console.log(`${ok ? "ok" : "FAIL"} ${name}${detail ? ": " + detail : ""}`);
  if (!ok) failures++;
}

const profile = mkdtempSync(join(tmpdir(), "stele-fonts-"));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: args.chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  viewport: { width: 1280, height: 900 },
  deviceScaleFactor: 1,
});
const external = [];
ctx.on("request", (r) => { if (!r.url().startsWith("file:")) external.push(r.url()); });
const page = ctx.pages()[0] || (await ctx.newPage());
const cdp = await ctx.newCDPSession(page);
await cdp.send("DOM.enable");
await cdp.send("CSS.enable");

for (const [lang, family] of pages) {
  await page.goto(pathToFileURL(join(dir, `${lang}.html`)).href);
  await page.waitForLoadState("load");
  await page.evaluate(() => document.fonts.ready);
  // the faces of `family` that the page loaded (from its fonts/ directory)
  const loaded = await page.evaluate((f) => {
    const out = [];
    document.fonts.forEach((face) => {
      if (face.family.replace(/"/g, "") === f && face.status === "loaded") out.push(face.weight);
    });
    return out;
  }, family);
  check(`${lang}: the shipped ${family} faces loaded`, loaded.length > 0, `weights ${loaded.join(",")}`);
  // what Chromium drew the first body paragraph with
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "main .paragraph p" });
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  const main = [...fonts].sort((a, b) => b.glyphCount - a.glyphCount)[0] || {};
  check(
    `${lang}: the first paragraph is drawn in the shipped ${family}`,
    main.familyName === family && main.isCustomFont === true,
    fonts.map((f) => `${f.familyName}${f.isCustomFont ? " (web font)" : ""} ${f.glyphCount}`).join("; "),
  );
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, `fonts-${lang}.png`) });
  }
}
check("no request left the file system", external.length === 0, external.join(" "));
await ctx.close();
rmSync(profile, { recursive: true, force: true });
process.exit(failures ? 1 : 0);
