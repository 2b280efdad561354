#!/usr/bin/env python3
"""Token F1 and reading-order score of our PDF text extraction against
pdftotext's references.

Usage: benches/extract_quality.py [CORPUS_DIR] [--cmd "PROGRAM ARGS"] [--show N] [--all]

CORPUS_DIR defaults to $PDF_CORPUS, then ../shared/pdf-corpus (beside the checkout); the script
exits cleanly (status 0, a note on stderr) when the folder is absent. The
folder holds <name>.pdf, <name>.pdf.pdftotext.txt and MANIFEST.tsv (columns
file, encrypted, has_text_layer, ...). Only files with a text layer are
scored. --cmd is the extractor, given the PDF path last (and
"--password PW" before it for password-protected files); it defaults to
`target/release/policygap extract` (build it with `cargo build --release`).
--all also lists every file's figures, by name.

Both texts are NFKC-normalized (poppler keeps ligature code points), stripped
of bidi marks, and split on white space; F1 is over the token multisets. The
order score is the share of the reference's token sequence that ours
reproduces in the same order: the tokens of the matching blocks of the two
sequences (the longest common run, then recursively on either side of it),
over the reference's token count. A bag of the right words in the wrong
order scores F1 1 but a low order score.
"""
import collections
import difflib
import os
import re
import shlex
import statistics
import subprocess
import sys
import unicodedata

BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def token_list(text):
    return unicodedata.normalize("NFKC", text).translate(BIDI).split()


def tokens(text):
    return collections.Counter(token_list(text))


def order_score(ours, ref):
    """Share of the reference's tokens that ours gives in the same order."""
    if not ref:
        return 1.0 if not ours else 0.0
    # Tokens become small integers so the matcher compares ints, and no
    # token is treated as junk however often it occurs.
    ids = {}
    a = [ids.setdefault(t, len(ids)) for t in ours]
    b = [ids.setdefault(t, len(ids)) for t in ref]
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(m.size for m in sm.get_matching_blocks()) / len(b)


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
    per_file = False
    corpus = None
    while args:
        a = args.pop(0)
        if a == "--cmd":
            cmd = shlex.split(args.pop(0))
        elif a == "--show":
            show = int(args.pop(0))
        elif a == "--all":
            per_file = True
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
        rl, ol = token_list(ref), token_list(ours)
        rt, ot = collections.Counter(rl), collections.Counter(ol)
        scores.append((f1(ot, rt), name, len(rl), len(ol), order_score(ol, rl)))
    if not scores:
        print("no files with a text layer", file=sys.stderr)
        return 1
    values = [s[0] for s in scores]
    good = sum(v >= 0.95 for v in values)
    wordy = [s for s in scores if s[2] >= 20]
    wordy_good = sum(s[0] >= 0.95 for s in wordy)
    orders = [s[4] for s in scores]
    print(f"files scored: {len(values)}")
    print(f"median token F1: {statistics.median(values):.4f}")
    print(f"mean token F1:   {statistics.mean(values):.4f}")
    print(f"files >= 0.95:   {good}/{len(values)} ({100 * good / len(values):.1f}%)")
    if wordy:
        print(f"F1 >= 0.95 where the reference has >= 20 words: {wordy_good}/{len(wordy)} "
              f"({100 * wordy_good / len(wordy):.1f}%)")
    print(f"median order score: {statistics.median(orders):.4f}")
    print(f"mean order score:   {statistics.mean(orders):.4f}")
    print(f"\nworst {show} by F1 (F1, order, reference tokens, our tokens):")
    for v, name, rn, on, o in sorted(scores)[:show]:
        print(f"  {v:.3f}  {o:.3f}  {rn:6d} {on:6d}  {name}")
    print(f"\nworst {show} by order (order, F1, reference tokens, our tokens):")
    for v, name, rn, on, o in sorted(scores, key=lambda s: (s[4], s[1]))[:show]:
        print(f"  {o:.3f}  {v:.3f}  {rn:6d} {on:6d}  {name}")
    if per_file:
        print("\nevery file (F1, order, reference tokens, our tokens):")
        for v, name, rn, on, o in sorted(scores, key=lambda s: s[1]):
            print(f"  {v:.3f}  {o:.3f}  {rn:6d} {on:6d}  {name}")
    for name, why in failures:
        print(f"failed: {name}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
