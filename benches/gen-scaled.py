#!/usr/bin/env python3
"""Generates a project that is N copies of the article (source and every translation), for the
scaling benchmark. Each copy's segments get new IDs and its citations/entries are renumbered so the
document stays valid; translation divs are re-keyed to the IDs and fingerprints stele assigns.

usage: benches/gen-scaled.py N OUTDIR [STELE_BINARY]
"""
import json, os, re, shutil, subprocess, sys

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    stele = sys.argv[3] if len(sys.argv) > 3 else "target/release/stele"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "source"))
    os.makedirs(os.path.join(out, "translations"))
    cfg = open(os.path.join(root, "source/edition.toml"), encoding="utf-8").read()
    cfg = re.sub(r"(?ms)^\[\[reference\]\].*?(?=^\[|\Z)", "", cfg)  # per-reference metadata is per number
    open(os.path.join(out, "source/edition.toml"), "w", encoding="utf-8").write(cfg)
    text = open(os.path.join(root, "source/article.txt"), encoding="utf-8").read()
    paras = [p for p in text.split("\n\n") if p.strip()]
    title, body = paras[0], paras[1:]
    refs_at = next(i for i, p in enumerate(body) if p.strip() == "References")
    main_body, entries = body[:refs_at], [p for p in body[refs_at + 1:] if p.startswith("[")]
    nrefs = len(entries)
    renum = lambda s, k: re.sub(r"\[(\d+)\]", lambda m: "[%d]" % (int(m.group(1)) + k * nrefs), s)
    # Headings must stay unique text-wise only for readability; IDs come from stele.
    out_paras = [title]
    for k in range(n):
        out_paras += [renum(p, k) for p in main_body]
    out_paras.append("References")
    for k in range(n):
        out_paras += [renum(p, k) for p in entries]
    open(os.path.join(out, "source/article.txt"), "w", encoding="utf-8").write("\n\n".join(out_paras) + "\n")
    subprocess.run([stele, "--root", out, "-q", "normalize"], check=True)
    ast = json.load(open(os.path.join(out, "out/ast/en.json"), encoding="utf-8"))
    segs = []
    def walk(blocks):
        for b in blocks:
            if b["t"] in ("Header", "Div"):
                attr = b["c"][1] if b["t"] == "Header" else b["c"][0]
                kv = dict(attr[2])
                if "fingerprint" in kv:
                    segs.append((attr[0], kv["fingerprint"]))
                elif b["t"] == "Div":
                    walk(b["c"][1])
    walk(ast["blocks"])
    # The original IDs in order, per copy: the same order stele walks.
    orig = json.load(open(os.path.join(root, "source/article.ids.json"), encoding="utf-8"))["segments"]
    orig_ids = [e["id"] for e in orig]
    o_title, o_refs_head = orig_ids[0], [e["id"] for e in orig if e["text"] == "References"][0]
    o_main = orig_ids[1:orig_ids.index(o_refs_head)]
    o_entries = orig_ids[orig_ids.index(o_refs_head) + 1:]
    order = [(o_title, 0)] + [(i, k) for k in range(n) for i in o_main] + [(o_refs_head, 0)] + [(i, k) for k in range(n) for i in o_entries]
    assert len(order) == len(segs), (len(order), len(segs))
    for tr in os.listdir(os.path.join(root, "translations")):
        src = os.path.join(root, "translations", tr)
        if not tr.endswith(".md"):
            shutil.copy(src, os.path.join(out, "translations", tr))
            continue
        t = open(src, encoding="utf-8").read()
        fm_end = t.index("\n---\n", 4) + 5
        divs = dict(re.findall(r"(?ms)^::: \{#([A-Za-z0-9-]+)[^}]*\}\n(.*?)\n:::\s*$", t[fm_end:]))
        parts = [t[:fm_end]]
        for (oid, k), (nid, fp) in zip(order, segs):
            parts.append('::: {#%s source="%s"}\n%s\n:::\n' % (nid, fp, renum(divs[oid], k)))
        open(os.path.join(out, "translations", tr), "w", encoding="utf-8").write("\n".join(parts))
    print("generated %s: %d segments" % (out, len(segs)))

main()
