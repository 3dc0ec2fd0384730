#!/usr/bin/env python3
"""Issue 13's structural checks, run by hand or in CI: `python3 scripts/check-imports.py`.

1. Only `src/main.rs` and `src/cli.rs` name `crate::cli` (or `stele::cli`).
2. No import cycle: among the crate's top-level modules, and among the sibling submodules of each
   module, no module refers to another that (directly or through others) refers back to it. A
   reference is any `crate::a::b` / `super::b` path in non-test code (`use` lines and paths in
   expressions alike); `#[cfg(test)]` modules and `tests.rs` files are left out.

Prints what it found; exits 1 on any violation. `--src DIR` checks another source tree (the
suite uses it to show that an injected cycle is found: tests/suite/architecture.rs).
"""
import os, re, sys

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")


def module_of(rel):
    parts = rel[:-3].split("/")
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return parts


def strip_tests(text):
    """The text without `#[cfg(test)]` items (a brace-balanced cut)."""
    out, i = [], 0
    while True:
        j = text.find("#[cfg(test)]", i)
        if j < 0:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:j])
        k = text.find("{", j)
        semi = text.find(";", j)
        if k < 0 or (0 <= semi < k):
            i = semi + 1
            continue
        depth, k2 = 0, k
        while k2 < len(text):
            depth += {"{": 1, "}": -1}.get(text[k2], 0)
            k2 += 1
            if depth == 0:
                break
        i = k2


def paths(text):
    """Every `crate::…`/`super::…`/`self::…` path, with `use x::{a, b::c}` groups expanded."""
    text = re.sub(r"//[^\n]*", "", text)
    found = []
    for m in re.finditer(r"\b((?:crate|super|self)(?:::(?:super|\w+))*)::\{", text):
        depth, k = 1, m.end()
        while k < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[k], 0)
            k += 1
        for item in re.findall(r"(?:^|[{,])\s*(\w+)", text[m.end():k - 1]):
            found.append(m.group(1).split("::") + [item])
    for m in re.finditer(r"\b((?:crate|super)(?:::(?:super|\w+))+)", text):
        found.append(m.group(1).split("::"))
    return found


def resolve(module, path):
    if path[0] == "crate":
        return path[1:]
    cur = list(module)
    while path and path[0] in ("super", "self"):
        if path[0] == "super":
            cur = cur[:-1]
        path = path[1:]
    return cur + path


def cycles(edges):
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main():
    global ROOT
    if len(sys.argv) == 3 and sys.argv[1] == "--src":
        ROOT = sys.argv[2]
    bad = 0
    files = {}
    for d, _, names in os.walk(ROOT):
        for f in names:
            if f.endswith(".rs") and f != "tests.rs":
                rel = os.path.relpath(os.path.join(d, f), ROOT)
                files[rel] = open(os.path.join(d, f), encoding="utf-8").read()
    cli = sorted(r for r, t in files.items()
                 if re.search(r"\b(crate|stele)::cli\b", t) and r not in ("main.rs", "cli.rs"))
    print("crate::cli outside main.rs/cli.rs:", ", ".join(cli) or "none")
    bad += len(cli)
    # edges at every level: parent module P -> {child -> children it refers to}
    levels = {}
    for rel, text in sorted(files.items()):
        if rel == "main.rs":
            continue
        module = module_of(rel)
        for p in paths(strip_tests(text)):
            target = resolve(module, p)
            # the first place where the two module paths part is the level of the reference
            k = 0
            while k < min(len(module), len(target)) and module[k] == target[k]:
                k += 1
            if k >= len(module) or k >= len(target):
                continue  # a reference to an ancestor or a descendant
            parent = "::".join(module[:k]) or "crate"
            levels.setdefault(parent, {}).setdefault(module[k], set()).add(target[k])
    for parent in sorted(levels):
        known = {m for m in levels[parent]}
        edges = {a: {b for b in bs if b in known or b in levels[parent]} for a, bs in levels[parent].items()}
        for c in cycles(edges):
            print("import cycle under %s: %s" % (parent, " <-> ".join(c)))
            for a in c:
                print("   %s -> %s" % (a, ", ".join(sorted(b for b in edges[a] if b in c))))
            bad += 1
    print("import cycles:", "none" if not bad else "see above")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
