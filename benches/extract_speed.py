#!/usr/bin/env python3
"""Extraction speed, side by side with pdftotext, in one run.

Usage: benches/extract_speed.py [CORPUS_DIR] [--bin PATH] [--pages N]

Measures pages per second of `policygap extract FILE` and of `pdftotext FILE -`
(1) over every PDF of CORPUS_DIR (default $PDF_CORPUS, then
../shared/pdf-corpus (beside the checkout); skipped when absent), one process per file as a
user would run them, and (2) on a manual of about N (default 500) pages
generated here from policy-like text with LibreOffice into a temporary
folder. Peak memory comes from /usr/bin/time -v. Needs pdftotext, pdfinfo,
soffice and /usr/bin/time; build the binary first with
`cargo build --release`.
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_timed(cmd):
    """Runs cmd under /usr/bin/time -v; returns (seconds, peak KB, ok)."""
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=600)
    secs = time.perf_counter() - start
    m = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    return secs, int(m.group(1)) if m else 0, p.returncode == 0


def pages_of(pdf):
    p = subprocess.run(["pdfinfo", pdf], capture_output=True, timeout=60)
    m = re.search(rb"^Pages:\s+(\d+)", p.stdout, re.M)
    return int(m.group(1)) if m else 0


def bench(files, ours, rounds):
    """Best-of-rounds total time for both tools over the files."""
    result = {}
    for name, mk in (("policygap", lambda f: [ours, "extract", f]),
                     ("pdftotext", lambda f: ["pdftotext", "-enc", "UTF-8", f, "-"])):
        best, peak = None, 0
        for _ in range(rounds):
            total = 0.0
            for f in files:
                secs, kb, _ = run_timed(mk(f))
                total += secs
                peak = max(peak, kb)
            best = total if best is None else min(best, total)
        result[name] = (best, peak)
    return result


WORDS = ("officer officers member members shall may must not detain detainer hold "
         "immigration status warrant judicial court order federal agency request "
         "custody release notify information person individual arrest booking "
         "supervisor department policy procedure report record complaint access "
         "interview consent language interpreter community trust enforcement civil "
         "criminal violation probable cause reasonable suspicion citation jail").split()


def sentence(rng):
    n = rng.randint(9, 24)
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.3:
        words.insert(rng.randint(1, n - 1), "unless")
    return " ".join(words).capitalize() + "."


def manual_text(rng, chapters):
    out = []
    for c in range(1, chapters + 1):
        num = 300 + c
        out.append(f"Policy {num}")
        out.append(rng.choice(["IMMIGRATION VIOLATIONS", "USE OF FORCE", "RECORDS RELEASE",
                               "CUSTODY SEARCHES", "BIAS-BASED POLICING"]))
        out.append("")
        for s in range(1, 9):
            out.append(f"{num}.{s} " + rng.choice(["PURPOSE AND SCOPE", "POLICY", "PROCEDURE",
                                                    "DETAINERS", "TRAINING", "DEFINITIONS"]))
            for _ in range(rng.randint(2, 4)):
                out.append(" ".join(sentence(rng) for _ in range(rng.randint(3, 6))))
                out.append("")
            for item in "abc":
                out.append(f"({item}) {sentence(rng)}")
            out.append("")
    return "\n".join(out)


def make_manual(tmp, target_pages):
    chapters = max(1, target_pages // 5)
    for _ in range(4):
        txt = os.path.join(tmp, "manual.txt")
        with open(txt, "w", encoding="utf-8") as fh:
            fh.write(manual_text(random.Random(428), chapters))
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, txt],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        pdf = os.path.join(tmp, "manual.pdf")
        pages = pages_of(pdf)
        if pages == 0:
            return None, 0
        if target_pages * 0.95 <= pages <= target_pages * 1.1:
            return pdf, pages
        chapters = int(chapters * target_pages / pages) + 1
    return pdf, pages


def report(title, pages, res):
    ours_t, ours_kb = res["policygap"]
    pt_t, pt_kb = res["pdftotext"]
    ours_pps, pt_pps = pages / ours_t, pages / pt_t
    print(f"\n{title}: {pages} pages")
    print(f"  policygap extract: {ours_t:7.2f} s  {ours_pps:8.1f} pages/s  peak {ours_kb / 1024:6.1f} MB")
    print(f"  pdftotext:         {pt_t:7.2f} s  {pt_pps:8.1f} pages/s  peak {pt_kb / 1024:6.1f} MB")
    print(f"  speed ratio (policygap / pdftotext): {ours_pps / pt_pps:.2f}x")


def main():
    args = sys.argv[1:]
    ours = os.path.join(ROOT, "target/release/policygap")
    target_pages = 500
    corpus = None
    while args:
        a = args.pop(0)
        if a == "--bin":
            ours = args.pop(0)
        elif a == "--pages":
            target_pages = int(args.pop(0))
        else:
            corpus = a
    for tool in ("pdftotext", "pdfinfo", "/usr/bin/time"):
        if not shutil.which(tool):
            print(f"extract_speed: {tool} is not installed; skipping", file=sys.stderr)
            return 0
    if not os.path.exists(ours):
        print(f"extract_speed: build first: cargo build --release ({ours} missing)", file=sys.stderr)
        return 1
    corpus = corpus or os.environ.get("PDF_CORPUS") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "pdf-corpus")
    if os.path.isdir(corpus):
        files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if f.endswith(".pdf"))
        pages = sum(pages_of(f) for f in files)
        report(f"corpus {corpus} ({len(files)} files, pdfinfo page count)", pages,
               bench(files, ours, rounds=3))
    else:
        print(f"extract_speed: no corpus at {corpus}; skipping that part", file=sys.stderr)
    if not shutil.which("soffice"):
        print("extract_speed: soffice is not installed; skipping the generated manual", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        pdf, pages = make_manual(tmp, target_pages)
        if not pdf:
            print("extract_speed: LibreOffice made no PDF", file=sys.stderr)
            return 1
        report("generated manual", pages, bench([pdf], ours, rounds=5))
    return 0


if __name__ == "__main__":
    sys.exit(main())
