// Issue 18: the HTML editions on a phone. In headless Chromium (playwright-core driving the
// system chromium) at 375x812 CSS px, for each page given: the page never scrolls sideways
// (document width <= viewport width, and no visible element reaches past either edge unless a
// scrolling container holds it), the running text is at least 16 px, the parallel page's sticky
// column picker fits the width, and sticky bars keep at most an eighth of the screen. Used by
// tests/suite/phone.rs; by hand:
//
//   node tests/browser/phone-width.mjs --chromium /usr/bin/chromium --dir out/html \
//        --pages ar.html,ru.html,parallel.html [--shots /tmp/shots]
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
const pages = String(args.pages).split(",");
const shots = args.shots ? resolve(args.shots) : null;
const WIDTH = 375;

let failures = 0;
function check(name, ok, detail = "") {
  console.log(`${ok ? "ok" : "FAIL"} ${name}${detail ? ": " + detail : ""}`);
  if (!ok) failures++;
}

const profile = mkdtempSync(join(tmpdir(), "stele-phone-"));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: args.chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  viewport: { width: WIDTH, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
});
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  for (const name of pages) {
    await page.goto(pathToFileURL(join(dir, name)).href);
    await page.evaluate(() => document.fonts.ready);
    const m = await page.evaluate((width) => {
      const doc = document.documentElement;
      // An element is out of bounds when its box reaches past the viewport and no ancestor
      // clips or scrolls it (a wide table in an overflow:auto wrapper is fine).
      const clipped = (el) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return true;
        }
        return false;
      };
      const out = [];
      for (const el of document.body.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (getComputedStyle(el).visibility === "hidden") continue;
        if ((r.right > width + 1 || r.left < -1) && !clipped(el)) {
          const id = el.id ? `#${el.id}` : el.className ? `.${String(el.className).split(" ")[0]}` : "";
          out.push(`${el.tagName.toLowerCase()}${id} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
        }
      }
      const para = document.querySelector("div.paragraph:not([data-status]) p") ?? document.querySelector("main p");
      const picker = document.querySelector("fieldset");
      const pr = picker ? picker.getBoundingClientRect() : null;
      // What stays on screen while reading: every sticky or fixed bar at the top.
      let bar = 0;
      for (const el of document.body.querySelectorAll("*")) {
        const pos = getComputedStyle(el).position;
        if ((pos === "sticky" || pos === "fixed") && el.getBoundingClientRect().height > 0) {
          const r = el.getBoundingClientRect();
          if (r.top <= 1) bar = Math.max(bar, r.bottom);
        }
      }
      return {
        scrollWidth: doc.scrollWidth,
        clientWidth: doc.clientWidth,
        outside: out.slice(0, 8),
        outsideCount: out.length,
        fontSize: para ? parseFloat(getComputedStyle(para).fontSize) : 0,
        picker: pr ? { left: pr.left, right: pr.right } : null,
        bar,
      };
    }, WIDTH);
    check(
      `${name}: no horizontal scrolling at ${WIDTH} px`,
      m.scrollWidth <= m.clientWidth,
      `document ${m.scrollWidth} px wide, viewport ${m.clientWidth} px`,
    );
    check(
      `${name}: no element reaches past the edges`,
      m.outsideCount === 0,
      m.outsideCount ? `${m.outsideCount}: ${m.outside.join("; ")}` : "",
    );
    check(`${name}: running text at least 16 px`, m.fontSize >= 16, `${m.fontSize} px`);
    if (m.picker) {
      check(
        `${name}: the column picker fits the width`,
        m.picker.left >= -1 && m.picker.right <= WIDTH + 1,
        `[${Math.round(m.picker.left)}, ${Math.round(m.picker.right)}]`,
      );
    }
    check(
      `${name}: the sticky bar keeps at most an eighth of the screen`,
      m.bar <= 812 / 8,
      `${Math.round(m.bar)} px`,
    );
    if (shots) {
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, `${name.replace(/\.html$/, "")}-375.png`) });
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 3));
      await page.screenshot({ path: join(shots, `${name.replace(/\.html$/, "")}-375-mid.png`) });
    }
  }
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
