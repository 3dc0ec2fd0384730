#!/usr/bin/env python3
"""Benchmark (not a test) of the CAT-tool exchange (issue 15): `stele export xliff|po|tmx` and
`stele import FILE.xlf|.po` on a generated 4,000-segment project (benches/gen-scaled.py: 62 copies
of the article, 3,908 segments, two target languages). Prints the median wall time and CPU time
(user + sys) of each command over --runs runs; asserts nothing.

Imports: "unchanged" re-imports the export (nothing to write); "into emptied" imports it into
translations/ar.md with every div's text removed, so every div is rewritten (the worst case).

    cargo build --release && python3 benches/exchange.py [--runs 5] [--copies 62]
"""
import argparse, os, re, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STELE = os.environ.get("STELE", os.path.join(ROOT, "target/release/stele"))


def run(args):
    t0 = time.perf_counter()
    p = subprocess.Popen([STELE] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: stele %s\n%s" % (" ".join(args), err[-2000:]))
    return wall, usage.ru_utime + usage.ru_stime


def emptied(text):
    out, inside = [], False
    for l in text.split("\n"):
        if l.startswith(":::") and "{" in l:
            inside = True
            out.append(l)
        elif l.startswith(":::"):
            inside = False
            out += ["", l]
        elif not inside:
            out.append(l)
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--copies", type=int, default=62)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proj = os.path.join(tmp, "p")
        subprocess.run([sys.executable, os.path.join(ROOT, "benches/gen-scaled.py"), str(a.copies), proj, STELE], check=True, capture_output=True)
        md = os.path.join(proj, "translations/ar.md")
        original = open(md, encoding="utf-8").read()
        segs = len(re.findall(r"(?m)^::: \{#", original))
        root = ["--root", proj, "--quiet"]
        subprocess.run([STELE] + root + ["align"], capture_output=True)  # the QA notes come from its report
        ex = os.path.join(proj, "out/exchange")
        cases = [
            ("export xliff --lang ar (2.1)", lambda: None, root + ["export", "xliff", "--lang", "ar"]),
            ("export xliff --xliff-version 1.2", lambda: None, root + ["export", "xliff", "--xliff-version", "1.2", "--lang", "ar"]),
            ("export po --lang ar", lambda: None, root + ["export", "po", "--lang", "ar"]),
            ("export tmx (ar + ru)", lambda: None, root + ["export", "tmx"]),
            ("import ar.xlf, unchanged", lambda: None, root + ["import", os.path.join(ex, "ar.xlf")]),
            ("import ar.xlf into emptied", lambda: open(md, "w", encoding="utf-8").write(emptied(original)), root + ["import", os.path.join(ex, "ar.xlf")]),
            ("import ar.po into emptied", lambda: open(md, "w", encoding="utf-8").write(emptied(original)), root + ["import", os.path.join(ex, "ar.po")]),
        ]
        print("%d segments per language, %d runs, median; machine: %d CPUs, load %.1f" % (segs, a.runs, os.cpu_count(), os.getloadavg()[0]))
        print("%-34s %9s %9s" % ("command", "wall s", "CPU s"))
        for name, setup, args in cases:
            walls, cpus = [], []
            for _ in range(a.runs):
                setup()
                w, c = run(args)
                walls.append(w)
                cpus.append(c)
            print("%-34s %9.3f %9.3f" % (name, statistics.median(walls), statistics.median(cpus)))
        assert open(md, encoding="utf-8").read() == original, "the import did not give back the translation"
        print("round trip: translations/ar.md byte-identical after the last import")


if __name__ == "__main__":
    main()
