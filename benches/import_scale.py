#!/usr/bin/env python3
"""Benchmark (not a test) of `stele import` at book size (issue 14): time and peak memory of one
import of a ~2,000-segment document, against PyPI `galechurch` on the same case, both measured as
whole processes (start-up, reading, aligning, writing), plus galechurch's align() call alone.

The document is the article repeated (`benches/gen-scaled.py N`, default 31 copies: 1,985
segments), the target its Arabic or Russian translation made into plain paragraphs and degraded
as `benches/import.py`'s heavy variant (10% dropped, 5% merged, 5% split, 5% swapped with a
neighbour, 5% left in English). Accuracy is scored as there.

    cargo build --release && python3 benches/import_scale.py [--copies 31] [--runs 3]
"""

import argparse
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("bench_import", os.path.join(ROOT, "benches/import.py"))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

GC = """
import json, sys, galechurch
d = json.load(open(sys.argv[1], encoding="utf-8"))
res = galechurch.align(d["src"], d["tgt"])
json.dump([[b.source_start, b.source_end, b.target_start, b.target_end] for b in res.beads], open(sys.argv[2], "w"))
"""


def measure(cmd):
    """Wall time (s), peak RSS (MiB) and CPU time (user + system, s) of one child process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    if status != 0:
        sys.exit(f"{cmd[0]} failed: {p.stderr.read().decode()}")
    return dt, ru.ru_maxrss / 1024, ru.ru_utime + ru.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=31)
    ap.add_argument("--runs", type=int, default=3, help="runs per tool; the best time is reported")
    ap.add_argument("--stele", default=os.path.join(ROOT, "target/release/stele"))
    a = ap.parse_args()
    import galechurch

    with tempfile.TemporaryDirectory() as tmp:
        proj = os.path.join(tmp, "book")
        subprocess.run([sys.executable, os.path.join(ROOT, "benches/gen-scaled.py"), str(a.copies), proj, a.stele],
                       check=True, capture_output=True)
        segs = bench.source_segments(a.stele, proj, tmp)
        print(f"document: {len(segs)} source segments ({a.copies} copies of the article)")
        print(f"{'case':<10} {'aligner':<26} {'segs ok':>8} {'time s':>8} {'CPU s':>7} {'peak RSS MiB':>13}")
        for lang in ("ar", "ru"):
            trans = bench.divs(os.path.join(proj, "translations", f"{lang}.md"))
            paras, gold = bench.make_case(segs, trans, random.Random(f"scale-{lang}"), "heavy")
            f = os.path.join(tmp, f"{lang}.txt")
            open(f, "w", encoding="utf-8").write("\n\n".join(paras) + "\n")
            cmd = [a.stele, "--root", proj, "--quiet", "import", "--lang", lang, f, "--dry-run"]
            runs = [measure(cmd) for _ in range(a.runs)]
            pred, _ = bench.run_stele(a.stele, proj, lang, paras, tmp)
            sok = bench.score(gold, pred)[3] / len(segs)
            print(f"{lang:<10} {'stele import (process)':<26} {sok:>8.3f} {min(r[0] for r in runs):>8.3f} {min(r[2] for r in runs):>7.3f} {max(r[1] for r in runs):>13.1f}")
            inp, outp = os.path.join(tmp, "gc-in.json"), os.path.join(tmp, "gc-out.json")
            json.dump({"src": [t for _, t in segs], "tgt": paras}, open(inp, "w", encoding="utf-8"))
            gc = os.path.join(tmp, "gc.py")
            open(gc, "w").write(GC)
            runs = [measure([sys.executable, gc, inp, outp]) for _ in range(a.runs)]
            gpred, _ = bench.run_gc(segs, paras, 1.0)
            gok = bench.score(gold, gpred)[3] / len(segs)
            print(f"{lang:<10} {'galechurch (process)':<26} {gok:>8.3f} {min(r[0] for r in runs):>8.3f} {min(r[2] for r in runs):>7.3f} {max(r[1] for r in runs):>13.1f}")
            best = min(bench.run_gc(segs, paras, 1.0)[1] for _ in range(a.runs))
            print(f"{lang:<10} {'galechurch align() only':<26} {gok:>8.3f} {best:>8.3f} {'':>7} {'':>13}")
        print("\n(python3 start-up alone:", f"{min(measure([sys.executable, '-c', 'pass'])[0] for _ in range(a.runs)):.3f} s)")


if __name__ == "__main__":
    main()
