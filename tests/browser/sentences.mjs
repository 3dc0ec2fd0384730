// Sentence highlighting in the parallel page (issue 19), in headless Chromium, against a
// hand-made answer file: for every answered segment and language, hovering each source sentence
// must mark exactly the translated sentences the answer pairs it with (in that language's column),
// and hovering each translated sentence exactly its source sentences. Then the keyboard (a tab
// stop per cell, Down/Up along the column, Left/Right to the counterpart, the pair named by
// aria-describedby) and the page with JavaScript off (every sentence shown, nothing focusable
// added). Run by tests/suite/sentences.rs; also by hand:
//
//   node tests/browser/sentences.mjs --chromium /usr/bin/chromium out/html/parallel.html \
//     tests/fixtures/sentences/answers.json
//
// Prints "ok ..." / "FAIL ..." lines and exits 1 if any check failed.
import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const argv = process.argv.slice(2);
const i = argv.indexOf("--chromium");
const exe = argv[i + 1];
argv.splice(i, 2);
const file = pathToFileURL(resolve(argv[0])).href;
const answers = JSON.parse(readFileSync(argv[1], "utf8"));
const source = answers.source;

const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok" : "FAIL"} ${what}`);
  if (!ok) failures++;
};
const same = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

const profile = mkdtempSync(join(tmpdir(), "stele-chromium-"));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: exe, headless: true, args: FLAGS, viewport: { width: 1400, height: 900 },
});
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(file);
  // The marked sentences of column `lang` (IDs without the column prefix).
  const marked = (lang) => page.evaluate((lang) =>
    [...document.querySelectorAll(`.cell[lang="${lang}"] .sentence-pair`)]
      .map((s) => s.id.slice(lang.length + 1)), lang);
  let hovers = 0;
  for (const [lang, segs] of Object.entries(answers.answers)) {
    for (const [seg, links] of Object.entries(segs)) {
      const bad = [];
      for (const [src, tgt] of links) {
        for (const s of src) {
          await page.hover(`[id="${source}-${s}"]`);
          hovers++;
          const want = links.filter(([a]) => a.includes(s)).flatMap(([, b]) => b);
          const got = await marked(lang);
          if (!same(got, want)) bad.push(`${source} ${s} marks [${got}] in ${lang}, expected [${want}]`);
        }
        for (const t of tgt) {
          await page.hover(`[id="${lang}-${t}"]`);
          hovers++;
          const want = links.filter(([, b]) => b.includes(t)).flatMap(([a]) => a);
          const got = await marked(source);
          if (!same(got, want)) bad.push(`${lang} ${t} marks [${got}] in ${source}, expected [${want}]`);
        }
      }
      check(bad.length === 0, `${lang} ${seg}: ${links.length} links${bad.length ? ": " + bad.join("; ") : ""}`);
    }
  }
  check(hovers > 0, `hovered ${hovers} sentences`);

  // Keyboard, on the first answered segment of the first language.
  const [lang, segs] = Object.entries(answers.answers)[0];
  const [seg, links] = Object.entries(segs)[0];
  const tabStops = await page.evaluate(() =>
    [...document.querySelectorAll(".row .cell")].every((c) => {
      const ss = [...c.querySelectorAll(".sentence")];
      return ss.every((s, k) => s.getAttribute("tabindex") === (k === 0 ? "0" : "-1"));
    }));
  check(tabStops, "one tab stop per cell (its first sentence), the others reachable by arrows");
  await page.focus(`[id="${lang}-${seg}.s1"]`);
  const focused = () => page.evaluate(() => document.activeElement.id);
  const first = links.find(([, b]) => b.includes(`${seg}.s1`));
  const described = await page.evaluate(() => document.activeElement.getAttribute("aria-describedby") || "");
  // its source sentences, and the other translations' sentences of those (never its own column's)
  const ids = described.split(" ").filter(Boolean);
  check(first[0].every((s) => ids.includes(`${source}-${s}`)) && !ids.some((x) => x.startsWith(`${lang}-`)),
    `focused ${lang} ${seg}.s1 is described by its counterparts (${described})`);
  await page.keyboard.press("ArrowDown");
  check((await focused()) === `${lang}-${seg}.s2`, `ArrowDown moves to ${lang} ${seg}.s2 (${await focused()})`);
  await page.keyboard.press("ArrowUp");
  check((await focused()) === `${lang}-${seg}.s1`, `ArrowUp moves back (${await focused()})`);
  // The source column is the row's first cell: towards it is Left in a left-to-right row.
  await page.keyboard.press("ArrowLeft");
  const back = await focused();
  check(first[0].map((s) => `${source}-${s}`).includes(back), `ArrowLeft reaches the source counterpart (${back})`);
  const announced = await page.evaluate(() => {
    const el = document.activeElement;
    return (el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent.trim().length > 0);
  });
  check(announced.length > 0 && announced.every(Boolean), "the source sentence names its translations for screen readers");

  // Without JavaScript (a second browser: a persistent context cannot switch scripts off):
  // nothing made focusable, every sentence shown.
  const plain = await chromium.launch({ executablePath: exe, headless: true, args: FLAGS });
  const p3 = await (await plain.newContext({ javaScriptEnabled: false })).newPage();
  await p3.goto(file);
  const state = await p3.evaluate(() => {
    const ss = [...document.querySelectorAll(".row .sentence")];
    return {
      n: ss.length,
      focusable: ss.filter((s) => s.hasAttribute("tabindex")).length,
      hidden: ss.filter((s) => s.getBoundingClientRect().width === 0 || getComputedStyle(s).visibility === "hidden").length,
    };
  });
  check(state.n > 0 && state.focusable === 0 && state.hidden === 0,
    `no script: ${state.n} sentences shown, ${state.focusable} focusable, ${state.hidden} hidden`);
  await plain.close();
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
