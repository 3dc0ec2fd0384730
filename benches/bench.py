#!/usr/bin/env python3
"""stele's benchmark (not a test): prints figures, asserts nothing.

1. The whole `stele build` (15 editions + reports + manifest) against pandoc 3.9 producing the nine
   single-language HTML, EPUB and PDF editions (PDF via `pandoc -t typst` and the Typst compiler
   from PyPI `typst`), measured in the same run, reported as ratios; and HTML+EPUB alone.
2. Scaling: generated documents of 10x and 100x the article (benches/gen-scaled.py): time and peak
   RSS for HTML+EPUB and for PDF.

usage: python3 benches/bench.py [--runs N] [--scales 10,100] [--no-pandoc]
needs: cargo build --release; for part 1: pip install pypandoc_binary typst
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STELE = os.environ.get("STELE", os.path.join(ROOT, "target/release/stele"))


def run(cmd, **kw):
    """Runs a command; returns (seconds, peak RSS in MiB) of that process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    _, status, usage = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("command failed: %s\n%s" % (" ".join(cmd), err[-2000:]))
    return dt, usage.ru_maxrss / 1024.0


def best(cmds_fn, runs):
    """Median wall time over runs of a list of commands run one after another (fresh out dir each)."""
    times, rss = [], 0.0
    for _ in range(runs):
        total = 0.0
        for cmd in cmds_fn():
            dt, m = run(cmd)
            total += dt
            rss = max(rss, m)
        times.append(total)
    return statistics.median(times), rss


def pandoc_path():
    import pypandoc
    return os.path.join(os.path.dirname(pypandoc.__file__), "files", "pandoc")


def part1(runs):
    pandoc = pandoc_path()
    work = tempfile.mkdtemp(prefix="stele-bench-")
    out = os.path.join(work, "out")
    # stele: the whole build, all 15 editions.
    def stele_cmds(fmt=None):
        def f():
            shutil.rmtree(out, ignore_errors=True)
            cmd = [STELE, "--root", ROOT, "--out", out, "--quiet", "build"]
            if fmt:
                cmd += ["--format", fmt]
            return [cmd]
        return f
    s_all, s_rss = best(stele_cmds(), runs)
    s_he, _ = best(stele_cmds("html,epub"), runs)
    # pandoc's inputs: Markdown of the same article per language, made once (not timed).
    md = {}
    for lang in ("en", "ar", "ru"):
        path = os.path.join(work, lang + ".md")
        subprocess.run([pandoc, "-f", "json", "-t", "markdown", "-s", "-o", path, os.path.join(out, "ast", lang + ".json")], check=True)
        md[lang] = path
    fonts = os.path.join(ROOT, "fonts")
    # Citations as a pandoc user would render them: citeproc over the same CSL JSON.
    refs = os.path.join(work, "references.json")
    shutil.copy(os.path.join(out, "ast", "references.json"), refs)
    cite = ["--citeproc", "--bibliography", refs]
    typst_py = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]])"
    def pandoc_cmds(formats):
        def f():
            cmds = []
            for lang, path in md.items():
                base = os.path.join(work, "pandoc-" + lang)
                if "html" in formats:
                    cmds.append([pandoc, "-s", *cite, path, "-o", base + ".html"])
                if "epub" in formats:
                    cmds.append([pandoc, *cite, path, "-o", base + ".epub"])
                if "pdf" in formats:
                    cmds.append([pandoc, "-s", *cite, "-t", "typst", path, "-o", base + ".typ"])
                    cmds.append([sys.executable, "-c", typst_py, base + ".typ", base + ".pdf", fonts])
            return cmds
        return f
    p_all, p_rss = best(pandoc_cmds(("html", "epub", "pdf")), runs)
    p_he, _ = best(pandoc_cmds(("html", "epub")), runs)
    print("## stele vs pandoc 3.9 (median of %d runs, same machine, same run)" % runs)
    print("stele build, 14 editions + reports + manifest: %7.3f s  (peak RSS %.0f MiB)" % (s_all, s_rss))
    print("pandoc, 9 single-language editions:            %7.3f s  (peak RSS %.0f MiB)" % (p_all, p_rss))
    print("ratio (pandoc / stele), everything:            %7.1fx  (target >= 8x)" % (p_all / s_all))
    print("stele HTML+EPUB (8 editions):                  %7.3f s" % s_he)
    print("pandoc HTML+EPUB (6 editions):                 %7.3f s" % p_he)
    print("ratio (pandoc / stele), HTML+EPUB:             %7.1fx  (target >= 25x)" % (p_he / s_he))
    shutil.rmtree(work, ignore_errors=True)


def part2(scales, runs):
    print("\n## scaling (median of %d runs)" % runs)
    print("%6s %9s | %14s %10s | %10s %10s" % ("scale", "segments", "HTML+EPUB s", "RSS MiB", "PDF s", "RSS MiB"))
    base = None
    for n in scales:
        proj = tempfile.mkdtemp(prefix="stele-scale-%d-" % n)
        gen = subprocess.run([sys.executable, os.path.join(ROOT, "benches/gen-scaled.py"), str(n), proj, STELE], check=True, capture_output=True, text=True)
        segs = gen.stdout.split(":")[-1].split()[0]
        out = os.path.join(proj, "out")
        def cmds(fmt):
            def f():
                shutil.rmtree(os.path.join(out, fmt.split(",")[0]), ignore_errors=True)
                return [[STELE, "--root", proj, "--quiet", "build", "--format", fmt]]
            return f
        he, he_rss = best(cmds("html,epub"), runs)
        pdf, pdf_rss = best(cmds("pdf"), runs)
        print("%5dx %9s | %14.3f %10.0f | %10.3f %10.0f" % (n, segs, he, he_rss, pdf, pdf_rss))
        shutil.rmtree(proj, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scales", default="1,10,100")
    ap.add_argument("--no-pandoc", action="store_true")
    a = ap.parse_args()
    if not os.path.exists(STELE):
        sys.exit("build first: cargo build --release")
    print("machine: %d cores; %s" % (os.cpu_count(), subprocess.run([STELE, "--version"], capture_output=True, text=True).stdout.strip()))
    if not a.no_pandoc:
        part1(a.runs)
    part2([int(x) for x in a.scales.split(",")], a.runs)


main()
