// Rendered order of mixed-direction tokens (issue 11), read in headless Chromium: for every
// occurrence of each token in the given pages, the glyph boxes of its characters must run left
// to right (a token such as IPv6 or /etc/locale.gen must not be shown as 6IPv or etc/locale.gen/).
// Run by tests/suite/technical.rs; also usable by hand:
//
//   node tests/browser/token-order.mjs --chromium /usr/bin/chromium --tokens tokens.json \
//        out/html/ar.html out/html/parallel.html
//
// Prints one line per page and token ("ok ..." / "FAIL ...") and exits 1 if any check failed.
import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return null;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const exe = opt("chromium");
const tokens = JSON.parse(readFileSync(opt("tokens"), "utf8"));
const pages = argv.map((p) => resolve(p));

const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];
const profile = mkdtempSync(join(tmpdir(), "stele-chromium-"));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: exe, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 },
});
let failures = 0;
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  for (const file of pages) {
    await page.goto(pathToFileURL(file).href);
    const results = await page.evaluate((tokens) => {
      // Every block's text, with a map from character offsets back to text nodes, so a token
      // split over several elements (the bug: <span>IPv</span><bdi>6</bdi>) is still found.
      const out = {};
      for (const t of tokens) out[t] = { found: 0, bad: [] };
      const blocks = document.querySelectorAll("p, h1, h2, h3, li, blockquote, td, div.csl-entry");
      for (const block of blocks) {
        if (block.querySelector("p, h1, h2, h3, li, blockquote, div.csl-entry") && block.tagName !== "P") continue;
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        const map = [];
        let text = "";
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          for (let i = 0; i < n.data.length; i++) map.push([n, i]);
          text += n.data;
        }
        for (const t of tokens) {
          for (let at = text.indexOf(t); at >= 0; at = text.indexOf(t, at + 1)) {
            // Whole tokens only (not exim4 inside exim4-config): no Latin or Cyrillic letter or
            // digit next to it (an Arabic prefix such as و in وIPv6 is fine).
            const before = text[at - 1], after = text[at + t.length];
            const word = /[0-9A-Za-z\u00C0-\u024F\u0370-\u04FF_-]/;
            if ((before && word.test(before)) || (after && word.test(after))) continue;
            out[t].found++;
            const boxes = [];
            for (let k = 0; k < t.length; k++) {
              const [node, off] = map[at + k];
              const r = document.createRange();
              r.setStart(node, off);
              r.setEnd(node, off + 1);
              const rect = r.getBoundingClientRect();
              boxes.push({ x: rect.left + rect.width / 2, y: Math.round(rect.top), w: rect.width });
            }
            // Consecutive characters on the same line must go left to right.
            for (let k = 1; k < boxes.length; k++) {
              const a = boxes[k - 1], b = boxes[k];
              if (a.w === 0 || b.w === 0 || Math.abs(a.y - b.y) > 2) continue;
              if (b.x < a.x) {
                out[t].bad.push(`${JSON.stringify(t[k - 1])} (x ${a.x.toFixed(1)}) before ${JSON.stringify(t[k])} (x ${b.x.toFixed(1)}) in ${block.id || block.tagName}`);
                break;
              }
            }
          }
        }
      }
      return out;
    }, tokens);
    for (const [t, r] of Object.entries(results)) {
      const ok = r.found > 0 && r.bad.length === 0;
      if (!ok) failures++;
      console.log(`${ok ? "ok" : "FAIL"} ${file.split("/").pop()} ${t}: ${r.found} occurrence(s)${r.bad.length ? "; " + r.bad.join("; ") : ""}`);
    }
  }
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
