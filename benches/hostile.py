#!/usr/bin/env python3
"""stele's size benchmark for hostile input (issue 12; not a test): prints figures, asserts nothing.

Generated English texts, no translation files (every target segment is a stand-in):
1. one 20 MB paragraph, `stele build --format html,epub` (target: under 10 s and 1 GB);
2. 50,000 short paragraphs, the whole `stele build` (target: under 60 s and 2 GB);
3. one 1 MB paragraph, `stele export pdf` of the English edition (target: under 5 s).

usage: python3 benches/hostile.py [--only 1,2,3]
needs: cargo build --release
"""
import argparse, os, random, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STELE = os.environ.get("STELE", os.path.join(ROOT, "target/release/stele"))
WORDS = "the quick brown fox jumps over lazy dog server package locale mail network kernel".split()


def sentence(rng, n=12):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def paragraph(rng, size):
    out, total = [], 0
    while total < size:
        s = sentence(rng)
        out.append(s)
        total += len(s) + 1
    return " ".join(out)


def project(text, targets):
    d = tempfile.mkdtemp(prefix="stele-hostile-")
    os.makedirs(os.path.join(d, "source"))
    with open(os.path.join(d, "source/edition.toml"), "w") as f:
        f.write('[document]\nid = "hostile"\nsource_lang = "en"\ntarget_langs = %s\ndate = "2025-01-01"\n' % targets)
    with open(os.path.join(d, "source/article.txt"), "w") as f:
        f.write(text)
    return d


def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr.read().decode()[-2000:]))
    return dt, usage.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="1,2,3")
    only = ap.parse_args().only.split(",")
    rng = random.Random(1)
    print("machine: %d cores" % os.cpu_count())
    if "1" in only:
        d = project("A title\n\n" + paragraph(rng, 20_000_000) + "\n", '["ar"]')
        dt, rss = run([STELE, "--root", d, "build", "--format", "html,epub", "--quiet"])
        print("20 MB paragraph, build --format html,epub: %.1f s, peak RSS %.0f MiB" % (dt, rss))
    if "2" in only:
        paras = ["Title of many paragraphs"] + [sentence(rng, 10)[:-1] + " %d." % i for i in range(50_000)]
        d = project("\n\n".join(paras) + "\n", '["ar"]')
        dt, rss = run([STELE, "--root", d, "build", "--quiet"])
        print("50,000 paragraphs, whole build (8 editions): %.1f s, peak RSS %.0f MiB" % (dt, rss))
    if "3" in only:
        d = project("A title\n\n" + paragraph(rng, 1_000_000) + "\n", "[]")
        dt, rss = run([STELE, "--root", d, "export", "pdf"])
        print("1 MB paragraph, export pdf (en.pdf): %.1f s, peak RSS %.0f MiB" % (dt, rss))


if __name__ == "__main__":
    main()
