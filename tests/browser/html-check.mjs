// Browser checks of the HTML editions in headless Chromium (playwright-core driving the system
// chromium). Run by tests/suite/html.rs; also usable by hand:
//
//   node tests/browser/html-check.mjs --chromium /usr/bin/chromium --dir out/html \
//        --langs en,ar,ru --rtl ar --shots out/screenshots [--xss ar,parallel]
//
// Prints one line per check ("ok ..." / "FAIL ...") and exits 1 if any check failed.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith("--")) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith("--") ? all[i + 1] : true]);
    return acc;
  }, []),
);
const dir = resolve(args.dir);
const langs = String(args.langs).split(",");
// Right-to-left languages: as given, else read from each page's <html dir> (a weaker check).
let rtl = args.rtl ? String(args.rtl).split(",") : null;
const shots = args.shots ? resolve(args.shots) : null;
const url = (file, hash = "") => pathToFileURL(join(dir, file)).href + hash;
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];

let failures = 0;
function check(name, ok, detail = "") {
  console.log(`${ok ? "ok" : "FAIL"} ${name}${detail ? ": " + detail : ""}`);
  if (!ok) failures++;
}

// A fresh profile per context; any request that is not file:// fails the run.
async function open(javaScriptEnabled, width = 1280, height = 900) {
  const profile = mkdtempSync(join(tmpdir(), "stele-chromium-"));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: args.chromium,
    headless: true,
    args: FLAGS,
    javaScriptEnabled,
    viewport: { width, height },
    deviceScaleFactor: 1,
  });
  const external = [];
  ctx.on("request", (r) => { if (!r.url().startsWith("file:")) external.push(r.url()); });
  const dialogs = [];
  ctx.on("page", (p) => p.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); }));
  for (const p of ctx.pages()) p.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  return { ctx, profile, external, dialogs };
}
async function close({ ctx, profile }) {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}

if (args.xss) {
  // Pages built from a translation holding markup: it must show as text and never run.
  const s = await open(true);
  const page = s.ctx.pages()[0] || (await s.ctx.newPage());
  page.on("dialog", (d) => { s.dialogs.push(d.message()); d.dismiss(); });
  // --xss names the pages whose translation holds the markup; every page is checked for script.
  const marked = String(args.xss).split(",");
  for (const l of langs.concat(["parallel"])) {
    await page.goto(url(`${l}.html`));
    await page.waitForLoadState("load");
    const text = await page.evaluate(() => document.body.innerText);
    const scripts = await page.evaluate(() => document.scripts.length);
    const onload = await page.evaluate(() => document.querySelectorAll("[onload], [onerror], img").length);
    if (marked.includes(l)) {
      check(`xss ${l}: markup shows as text`, text.includes('<script>alert(1)</script> " onload=alert(2)'));
    }
    check(`xss ${l}: only the page's own script, no injected handlers`, scripts === 1 && onload === 0, `scripts=${scripts} handlers=${onload}`);
  }
  check("xss: no dialog opened", s.dialogs.length === 0, s.dialogs.join(" | "));
  await close(s);
  process.exit(failures ? 1 : 0);
}

// ---- JavaScript on, desktop width ----
{
  const s = await open(true);
  const page = s.ctx.pages()[0] || (await s.ctx.newPage());
  if (rtl === null) {
    rtl = [];
    for (const l of langs) {
      await page.goto(url(`${l}.html`));
      if ((await page.evaluate(() => document.documentElement.dir)) === "rtl") rtl.push(l);
    }
  }
  await page.goto(url("parallel.html"));
  await page.waitForLoadState("load");
  const rows = await page.evaluate((langs) => {
    return [...document.querySelectorAll(".row[data-seg]")].map((row) => {
      const id = row.id;
      const tops = langs.map((l) => {
        const el = document.getElementById(`${l}-${id}`);
        const cell = row.querySelector(`.cell-${l}`);
        return {
          lang: l,
          seg: el ? el.getBoundingClientRect().top + scrollY : null,
          cell: cell ? cell.getBoundingClientRect().top + scrollY : null,
        };
      });
      return { id, tops };
    });
  }, langs);
  check("parallel: has rows", rows.length > 0, `${rows.length} rows`);
  const bad = rows.filter((r) => {
    const segs = r.tops.map((t) => t.seg);
    const cells = r.tops.map((t) => t.cell);
    if (segs.some((t) => t === null)) return true;
    return Math.max(...segs) - Math.min(...segs) > 1 || Math.max(...cells) - Math.min(...cells) > 1;
  });
  check("parallel: every segment's cells start within 1px of each other", bad.length === 0,
    bad.slice(0, 5).map((r) => `${r.id} ${JSON.stringify(r.tops)}`).join("; "));
  const dirs = await page.evaluate((langs) => langs.map((l) => {
    const p = document.querySelector(`.row[data-seg] .cell-${l} .paragraph p`);
    const cell = p && p.closest(".cell");
    return [l, cell && getComputedStyle(cell).direction, p && getComputedStyle(p).direction];
  }), langs);
  for (const [l, cellDir, pDir] of dirs) {
    const want = rtl.includes(l) ? "rtl" : "ltr";
    check(`parallel: ${l} column direction is ${want}`, cellDir === want && pDir === want, `${cellDir}/${pDir}`);
  }
  for (const l of rtl) {
    await page.goto(url(`${l}.html`));
    const d = await page.evaluate(() => [document.documentElement.dir, getComputedStyle(document.querySelector("main p")).direction,
      getComputedStyle(document.querySelector("main p")).textAlign]);
    check(`${l}.html: rtl throughout`, d[0] === "rtl" && d[1] === "rtl" && ["start", "right"].includes(d[2]), d.join("/"));
  }

  // Following a segment's link to another language lands on the same ID, in the viewport.
  const hops = [];
  for (let i = 0; i < langs.length; i++) hops.push([langs[i], langs[(i + 1) % langs.length]]);
  for (const [from, to] of hops) {
    const seg = await page.goto(url(`${from}.html`)).then(() =>
      page.evaluate(() => {
        const paras = [...document.querySelectorAll("main .paragraph[id]")];
        return paras[Math.floor(paras.length / 2)].id;
      }));
    await page.locator(`[id="${seg}"] .seg-links a[hreflang="${to}"]`).click();
    await page.waitForURL(new RegExp(`${to}\\.html#${seg}$`));
    await page.waitForLoadState("load");
    const r = await page.evaluate((seg) => {
      const el = document.getElementById(seg);
      const b = el.getBoundingClientRect();
      return { lang: document.documentElement.lang, top: b.top, bottom: b.bottom, h: innerHeight };
    }, seg);
    check(`link ${from}.html#${seg} -> ${to}.html#${seg} lands in the viewport`,
      r.lang === to && r.top >= -1 && r.top < r.h, JSON.stringify(r));
    // The switcher now points at this segment in the other pages.
    const sw = await page.evaluate(() => [...document.querySelectorAll("a[data-keep-place]")].map((a) => a.getAttribute("href")));
    check(`switcher in ${to}.html keeps the place`, sw.length > 0 && sw.every((h) => h.endsWith(`#${seg}`)), sw.join(" "));
  }
  {
    const from = langs[0];
    await page.goto(url(`${from}.html`));
    const seg = await page.evaluate(() => [...document.querySelectorAll("main .paragraph[id]")].at(-3).id);
    await page.locator(`[id="${seg}"] .seg-links a[href="parallel.html#${seg}"]`).click();
    await page.waitForURL(new RegExp(`parallel\\.html#${seg}$`));
    const r = await page.evaluate((seg) => {
      const row = document.getElementById(seg).getBoundingClientRect();
      const head = document.querySelector(".row-head").getBoundingClientRect();
      return { top: row.top, head: head.bottom, h: innerHeight };
    }, seg);
    check(`link ${from}.html#${seg} -> parallel.html#${seg} lands below the sticky column labels`,
      r.top >= r.head - 1 && r.top < r.h, JSON.stringify(r));
  }
  // Readable contrast (WCAG AA, 4.5:1) of the text people read, in every page.
  for (const l of langs.concat(["parallel"])) {
    await page.goto(url(`${l}.html`));
    const low = await page.evaluate(() => {
      const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => {
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const bg = (el) => {
        for (; el; el = el.parentElement) {
          const c = rgb(getComputedStyle(el).backgroundColor);
          if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const sels = ["main p", ".toc a", ".lang-switcher a", ".seg-links a", ".byline", ".review a", ".status-note",
        ".site-footer p", ".cite", ".chooser label", ".chooser .hint", ".row-head .cell"];
      const out = [];
      for (const sel of sels) {
        for (const el of [...document.querySelectorAll(sel)].slice(0, 3)) {
          const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg(el));
          const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
          if (ratio < 4.5) out.push(`${sel} ${ratio.toFixed(2)}`);
        }
      }
      return out;
    });
    check(`${l}.html: text contrast at least 4.5:1`, low.length === 0, low.join(", "));
  }
  check("no request leaves the pages", s.external.length === 0, s.external.join(" "));

  if (shots) {
    mkdirSync(shots, { recursive: true });
    for (const l of langs) {
      await page.goto(url(`${l}.html`));
      await page.screenshot({ path: join(shots, `${l}.png`) });
      await page.goto(url(`${l}.html`, "#ref-1"));
      await page.screenshot({ path: join(shots, `${l}-references.png`) });
    }
    await page.goto(url("parallel.html"));
    await page.screenshot({ path: join(shots, "parallel.png") });
    await page.goto(url("parallel.html", "#p5"));
    await page.screenshot({ path: join(shots, "parallel-p5.png") });
    await page.goto(url("parallel.html", "#ref-1"));
    await page.screenshot({ path: join(shots, "parallel-references.png") });
  }
  await close(s);
}

// ---- JavaScript off ----
{
  const s = await open(false);
  const page = s.ctx.pages()[0] || (await s.ctx.newPage());
  await page.goto(url("parallel.html"));
  const hidden = await page.evaluate((langs) => {
    const out = [];
    for (const row of document.querySelectorAll(".row[data-seg]")) {
      for (const l of langs) {
        const el = document.getElementById(`${l}-${row.id}`);
        const b = el && el.getBoundingClientRect();
        if (!el || b.height === 0 || b.width === 0 || getComputedStyle(el).visibility !== "visible") out.push(`${l}-${row.id}`);
      }
    }
    return out;
  }, langs);
  check("javascript off: every segment of every language is shown", hidden.length === 0, hidden.slice(0, 10).join(" "));
  // The chooser works without script: untick the last language, its column goes, rows re-flow.
  const last = langs[langs.length - 1];
  await page.locator(`#show-${last}`).uncheck();
  const after = await page.evaluate(([langs, last]) => {
    const row = document.querySelector(".row[data-seg]");
    return langs.map((l) => [l, getComputedStyle(row.querySelector(`.cell-${l}`)).display, row.querySelector(`.cell-${l}`).getBoundingClientRect().width]);
  }, [langs, last]);
  check(`javascript off: unticking ${last} hides its column only`,
    after.every(([l, d, w]) => (l === last ? d === "none" : d !== "none" && w > 300)), JSON.stringify(after));
  if (shots) await page.screenshot({ path: join(shots, `parallel-without-${last}.png`) });
  for (const l of langs) await page.locator(`#show-${l}`).uncheck();
  const none = await page.evaluate(() => [...document.querySelectorAll(".row[data-seg] .cell")].filter((c) => getComputedStyle(c).display === "none").length);
  check("javascript off: nothing ticked shows every column", none === 0, `${none} hidden`);
  await close(s);
}

// ---- Narrow screen: rows stack ----
{
  const s = await open(true, 400, 800);
  const page = s.ctx.pages()[0] || (await s.ctx.newPage());
  await page.goto(url("parallel.html", "#p3"));
  const cells = await page.evaluate(() => [...document.getElementById("p3").querySelectorAll(".cell")].map((c) => {
    const b = c.getBoundingClientRect();
    return [b.top, b.bottom, b.left, b.width];
  }));
  const stacked = cells.every((c, i) => i === 0 || c[0] >= cells[i - 1][1] - 1);
  const wide = cells.every((c) => c[3] > 300);
  check("narrow screen: a row's cells stack, full width, not overlapping", stacked && wide, JSON.stringify(cells));
  if (shots) await page.screenshot({ path: join(shots, "parallel-narrow.png") });
  await close(s);
}

process.exit(failures ? 1 : 0);
