#!/usr/bin/env python3
"""Token-level F1 of our PDF text extraction against pdftotext's references.

Usage: benches/extract_quality.py [CORPUS_DIR] [--cmd "PROGRAM ARGS"] [--show N]

CORPUS_DIR defaults to $PDF_CORPUS, then ../shared/pdf-corpus (beside the checkout); the script
exits cleanly (status 0, a note on stderr) when the folder is absent. The
folder holds <name>.pdf, <name>.pdf.pdftotext.txt and MANIFEST.tsv (columns
file, encrypted, has_text_layer, ...). Only files with a text layer are
scored. --cmd is the extractor, given the PDF path last (and
"--password PW" before it for password-protected files); it defaults to
`target/release/policygap extract` (build it with `cargo build --release`).

Both texts are NFKC-normalized (poppler keeps ligature code points), stripped
of bidi marks, and split on white space; F1 is over the token multisets.
"""
import collections
import os
import re
import shlex
import statistics
import subprocess
import sys
import unicodedata

BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def tokens(text):
    text = unicodedata.normalize("NFKC", text).translate(BIDI)
    return collections.Counter(text.split())


def f1(ours, ref):
    if not ours and not ref:
        return 1.0
    common = sum((ours & ref).values())
    total = sum(ours.values()) + sum(ref.values())
    return 2 * common / total if total else 0.0


def main():
    args = sys.argv[1:]
    cmd = None
    show = 12
    corpus = None
    while args:
        a = args.pop(0)
        if a == "--cmd":
            cmd = shlex.split(args.pop(0))
        elif a == "--show":
            show = int(args.pop(0))
        else:
            corpus = a
    corpus = corpus or os.environ.get("PDF_CORPUS") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "pdf-corpus")
    manifest = os.path.join(corpus, "MANIFEST.tsv")
    if not os.path.isfile(manifest):
        print(f"extract_quality: no corpus at {corpus}; skipping", file=sys.stderr)
        return 0
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cmd = cmd or [os.path.join(root, "target/release/policygap"), "extract"]
    rows = []
    with open(manifest, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    scores = []
    failures = []
    for row in rows:
        if row.get("has_text_layer") != "yes":
            continue
        name = row["file"]
        pdf = os.path.join(corpus, name)
        ref_path = pdf + ".pdftotext.txt"
        with open(ref_path, encoding="utf-8", errors="replace") as fh:
            ref = fh.read()
        m = re.search(r"user password: ([^)]*)\)", row.get("encrypted", ""))
        pw = ["--password", m.group(1)] if m else []
        try:
            p = subprocess.run(cmd + pw + [pdf], capture_output=True, timeout=120)
            ours = p.stdout.decode("utf-8", "replace")
            err = p.stderr.decode("utf-8", "replace").strip().splitlines()
            if p.returncode != 0:
                why = next((line for line in err if "error" in line), err[0] if err else "")
                failures.append((name, why or f"exit {p.returncode}"))
        except subprocess.TimeoutExpired:
            ours = ""
            failures.append((name, "timed out after 120 s"))
        rt, ot = tokens(ref), tokens(ours)
        scores.append((f1(ot, rt), name, sum(rt.values()), sum(ot.values())))
    if not scores:
        print("no files with a text layer", file=sys.stderr)
        return 1
    values = [s[0] for s in scores]
    good = sum(v >= 0.95 for v in values)
    print(f"files scored: {len(values)}")
    print(f"median token F1: {statistics.median(values):.4f}")
    print(f"mean token F1:   {statistics.mean(values):.4f}")
    print(f"files >= 0.95:   {good}/{len(values)} ({100 * good / len(values):.1f}%)")
    print(f"\nworst {show} (F1, reference tokens, our tokens):")
    for v, name, rn, on in sorted(scores)[:show]:
        print(f"  {v:.3f}  {rn:6d} {on:6d}  {name}")
    for name, why in failures:
        print(f"failed: {name}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
