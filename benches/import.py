#!/usr/bin/env python3
"""Benchmark (not a test) of `stele import` (issue 14) against the classic Gale–Church aligner.

Alignment cases with a known answer are built from the project's own translations (the shipped
`translations/ar.md` and `ru.md` of the article, `tests/fixtures/tech-manual/translations/*.md`):
each translation's divs, in source order, become plain paragraphs, then per seed some are
dropped, two neighbours merged, one split at a sentence end, two neighbours swapped (a slight
reorder) and some replaced by their English source (left untranslated). Both aligners get the same
case; the gold answer says which target paragraphs translate each source segment (none for a
dropped or untranslated one).

Reported per aligner: precision and recall of links (source segment, target paragraph) and the
share of source segments whose whole alignment is right (the same set of target paragraphs,
empty included), plus time. Gale–Church is PyPI `galechurch` (`pip install galechurch`), run
with its default parameters (c = 1, s² = 6.8) and with c set to the case's length ratio.

    cargo build --release && python3 benches/import.py [--seeds 10] [--stele target/release/stele]
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# (name, project, languages): the shipped article, and two fixtures with translations of their own.
# align-basic's German shares the source's script, so an English paragraph left in it can only be
# told by its words.
PROJECTS = [
    ("article", ROOT, ("ar", "ru")),
    ("tech-manual", os.path.join(ROOT, "tests/fixtures/tech-manual"), ("ar", "ru")),
    ("align-basic", os.path.join(ROOT, "tests/fixtures/align-basic"), ("ar", "de")),
]
# Per variant, how many units get each operation: "light" is a fixed handful (2 drops, 1 merge, 1
# split, 1 swap, 2 left in English); "heavy" is the synthetic degraded variant, a share of the
# document (10% dropped, 5% merged, 5% split, 5% swapped, 5% in English; at least one each).
VARIANTS = {
    "light": lambda n: {"drop": 2, "merge": 1, "split": 1, "swap": 1, "english": 2},
    "heavy": lambda n: {op: max(1, round(n * f)) for op, f in
                        (("drop", 0.10), ("merge", 0.05), ("split", 0.05), ("swap", 0.05), ("english", 0.05))},
}


def divs(path):
    text = open(path, encoding="utf-8").read()
    body = text.split("\n---\n", 1)[1]
    return [(i, t.strip()) for i, t in re.findall(r"^::: \{#(\S+?)[ }][^\n]*\n(.*?)^:::\s*$", body, re.S | re.M)]


def source_segments(stele, project, tmp):
    out = os.path.join(tmp, "out-src")
    subprocess.run([stele, "--root", project, "--out", out, "--quiet", "align"], check=True, capture_output=True)
    d = json.load(open(os.path.join(out, "reports/alignment.json"), encoding="utf-8"))
    return [(s["id"], s["text"]) for s in d["segments"]]


def make_case(segs, trans, rng, variant="light"):
    """Target paragraphs and gold: for each source ID, the set of target indices."""
    tr = dict(trans)
    units = [[(sid, tr[sid])] for sid, _ in segs if tr.get(sid)]  # each unit: list of (sid, text)
    src = dict(segs)
    n = len(units)
    counts = VARIANTS[variant](n)
    want = [op for op, k in counts.items() for _ in range(k)]
    picks = rng.sample(range(2, n - 2), min(len(want), n - 4))
    ops = dict(zip(picks, want))
    paras, gold = [], {sid: set() for sid, _ in segs}
    i = 0
    while i < n:
        sid, text = units[i][0]
        op = ops.get(i)
        if op == "drop":
            pass
        elif op == "english" and " ".join(src[sid].split()) != " ".join(text.split()):
            # (A translation identical to its source, `Exim 4`, is the same text either way.)
            paras.append(src[sid])
        elif op == "merge" and i + 1 < n and ops.get(i + 1) is None:
            sid2, text2 = units[i + 1][0]
            gold[sid].add(len(paras))
            gold[sid2].add(len(paras))
            paras.append(text + " " + text2)
            i += 1
        elif op == "split":
            cut = [m.end() for m in re.finditer(r"[.!?؟]\s", text)]
            if cut:
                c = cut[len(cut) // 2]
                gold[sid].update({len(paras), len(paras) + 1})
                paras.extend([text[:c].strip(), text[c:].strip()])
            else:
                gold[sid].add(len(paras))
                paras.append(text)
        elif op == "swap" and i + 1 < n and ops.get(i + 1) is None:
            sid2, text2 = units[i + 1][0]
            gold[sid2].add(len(paras))
            paras.append(text2)
            gold[sid].add(len(paras))
            paras.append(text)
            i += 1
        else:
            gold[sid].add(len(paras))
            paras.append(text)
        i += 1
    make_case.last_ops = {units[k][0][0]: op for k, op in ops.items()}
    return paras, gold


def score(gold, pred):
    gl = {(s, t) for s, ts in gold.items() for t in ts}
    pl = {(s, t) for s, ts in pred.items() for t in ts}
    ok = len(gl & pl)
    seg_ok = sum(1 for s in gold if gold[s] == pred.get(s, set()))
    return ok, len(pl), len(gl), seg_ok, len(gold)


def run_stele(stele, project, lang, paras, tmp):
    case = os.path.join(tmp, "case")
    if not os.path.exists(case):
        shutil.copytree(os.path.join(project, "source"), os.path.join(case, "source"))
        shutil.copytree(os.path.join(project, "translations"), os.path.join(case, "translations"))
    f = os.path.join(tmp, f"{lang}.txt")
    open(f, "w", encoding="utf-8").write("\n\n".join(paras) + "\n")
    t0 = time.perf_counter()
    p = subprocess.run([stele, "--root", case, "--quiet", "import", "--lang", lang, f, "--dry-run"], capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"stele import failed: {p.stderr}")
    d = json.load(open(os.path.join(case, "out/reports", f"import-{lang}.json"), encoding="utf-8"))
    pred = {}
    for r in d["pairs"]:
        if r["move"] in ("1:1", "2:1", "1:2"):
            for s in r["source"]:
                pred.setdefault(s, set()).update(t - 1 for t in r["target"])
    return pred, dt


def run_gc(segs, paras, mean):
    import galechurch

    t0 = time.perf_counter()
    res = galechurch.align([t for _, t in segs], paras, mean_xy=mean)
    dt = time.perf_counter() - t0
    pred = {}
    for b in res.beads:
        for s in range(b.source_start, b.source_end):
            pred.setdefault(segs[s][0], set()).update(range(b.target_start, b.target_end))
    return pred, dt


def show_errors(case, segs, paras, gold, pred):
    for sid, text in segs:
        got = pred.get(sid, set())
        if gold[sid] != got:
            print(f"  {case}: {sid} {text[:50]!r}: gold {sorted(gold[sid])} got {sorted(got)} ops {make_case.last_ops}")
            for t in sorted(gold[sid] | got):
                print(f"      [{t}] {paras[t][:60]!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--first-seed", type=int, default=0, help="seeds first..first+seeds-1 (0: the ones tuned on)")
    ap.add_argument("--stele", default=os.path.join(ROOT, "target/release/stele"))
    ap.add_argument("--show-errors", action="store_true", help="print each segment stele gets wrong")
    a = ap.parse_args()
    try:
        import galechurch  # noqa: F401
    except ImportError:
        sys.exit("pip install galechurch")
    names = ["stele import", "galechurch (c=1)", "galechurch (c=ratio)"]
    total = {k: [0, 0, 0, 0, 0, 0.0] for k in names}
    ncases = 0
    seeds = range(a.first_seed, a.first_seed + a.seeds)
    print(f"{'case':<28} {'aligner':<22} {'P':>6} {'R':>6} {'segs ok':>9} {'time ms':>8}")
    for variant in VARIANTS:
        for pname, project, langs in PROJECTS:
            with tempfile.TemporaryDirectory() as tmp:
                segs = source_segments(a.stele, project, tmp)
                src_len = sum(len(t.replace(" ", "")) for _, t in segs)
                for lang in langs:
                    trans = divs(os.path.join(project, "translations", f"{lang}.md"))
                    acc = {k: [0, 0, 0, 0, 0, 0.0] for k in names}
                    for seed in seeds:
                        tag = f"{pname}-{lang}-{seed}" if variant == "light" else f"{pname}-{lang}-{variant}-{seed}"
                        paras, gold = make_case(segs, trans, random.Random(tag), variant)
                        ratio = sum(len(p.replace(" ", "")) for p in paras) / src_len
                        runs = {
                            names[0]: run_stele(a.stele, project, lang, paras, tmp),
                            names[1]: run_gc(segs, paras, 1.0),
                            names[2]: run_gc(segs, paras, ratio),
                        }
                        if a.show_errors:
                            show_errors(f"{pname} {lang} {variant} seed {seed}", segs, paras, gold, runs[names[0]][0])
                        for k, (pred, dt) in runs.items():
                            sc = score(gold, pred)
                            for i in range(5):
                                acc[k][i] += sc[i]
                                total[k][i] += sc[i]
                            acc[k][5] += dt
                            total[k][5] += dt
                        ncases += 1
                    for k in names:
                        ok, np_, ng, sok, ns, dt = acc[k]
                        case = f"{pname} {lang} {variant}"
                        print(f"{case:<28} {k:<22} {ok / max(np_, 1):>6.3f} {ok / max(ng, 1):>6.3f} {sok / ns:>9.3f} {1000 * dt / a.seeds:>8.1f}")
    print()
    for k in names:
        ok, np_, ng, sok, ns, dt = total[k]
        print(f"{'all':<28} {k:<22} {ok / max(np_, 1):>6.3f} {ok / max(ng, 1):>6.3f} {sok / ns:>9.3f} {1000 * dt / ncases:>8.1f}")
    print("\n(stele's time is the whole `stele import --dry-run` process: normalizing the source, aligning, writing the report;")
    print(" galechurch's is its align() call in this process. benches/import_scale.py compares both as processes.)")


if __name__ == "__main__":
    main()
