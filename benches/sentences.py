#!/usr/bin/env python3
"""What sentence alignment (issue 19) adds to a build (a benchmark, not a test: asserts nothing).

Generates the 100x article (benches/gen-scaled.py), then times `stele build --format html,epub`
with `[align] sentences = true` (the default) and `false`, --force each time so that every edition
is rebuilt. Reports the minimum CPU time (user+sys) and wall time of --runs runs: CPU time is what
the work costs even while other processes share the machine. The whole build with PDFs takes far
longer, so the share there is smaller still.

usage: python3 benches/sentences.py [--scale 100] [--runs 3] [--format html,epub|all]
needs: cargo build --release
"""
import argparse, os, re, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STELE = os.environ.get("STELE", os.path.join(ROOT, "target/release/stele"))


def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr.read().decode()[-2000:]))
    return ru.ru_utime + ru.ru_stime, wall


def set_sentences(cfg, on):
    text = open(cfg, encoding="utf-8").read()
    text = re.sub(r"(?m)^sentences = (true|false)\n", "", text)
    if "[align]" in text:
        text = text.replace("[align]\n", "[align]\nsentences = %s\n" % ("true" if on else "false"), 1)
    else:
        text += "\n[align]\nsentences = %s\n" % ("true" if on else "false")
    open(cfg, "w", encoding="utf-8").write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--format", default="html,epub", help="formats to build, or `all` (PDFs too)")
    a = ap.parse_args()
    d = tempfile.mkdtemp(prefix="stele-sentences-")
    subprocess.run([sys.executable, os.path.join(ROOT, "benches/gen-scaled.py"), str(a.scale), d, STELE],
                   check=True, stdout=subprocess.DEVNULL)
    cfg = os.path.join(d, "source/edition.toml")
    res = {}
    for on in (False, True):
        set_sentences(cfg, on)
        fmt = [] if a.format == "all" else ["--format", a.format]
        runs = [run([STELE, "--root", d, "build", *fmt, "--force", "--quiet"]) for _ in range(a.runs)]
        res[on] = (min(r[0] for r in runs), min(r[1] for r in runs))
    off, on = res[False], res[True]
    print("machine: %d cores; %dx article, build --format %s --force, min of %d" % (os.cpu_count(), a.scale, a.format, a.runs))
    print("sentences = false: %.2f s CPU, %.2f s wall" % off)
    print("sentences = true:  %.2f s CPU, %.2f s wall" % on)
    print("sentence alignment adds %.1f%% CPU (target under 10%%)" % (100.0 * (on[0] - off[0]) / off[0]))


if __name__ == "__main__":
    main()
