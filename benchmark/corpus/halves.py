#!/usr/bin/env python3
"""The fixed rule that splits every benchmark corpus into a tuning half and a validation half.

A sample's key is its family for malicious PyPI (near-duplicates never straddle the halves) and its
package name, lower-cased, for everything else. The half is `tuning` when the last hex digit of
sha256(key) is even, `validation` when it is odd. Rules are tuned on the tuning half only.

Run as a script, it writes manifests/dev-halves.tsv: the half of every row of the shared DEV
manifests (which are read-only and carry no half column of their own).

usage: halves.py [--dev DIR]   (DIR: the folder of the DEV manifests, default /work/shared/benchmark)
"""
import argparse
import csv
import hashlib
import os
import sys


def key(corpus, name, family=None):
    if corpus == "malicious-pypi" and family:
        return family
    return name.lower()


def half(corpus, name, family=None):
    digit = hashlib.sha256(key(corpus, name, family).encode("utf-8")).hexdigest()[-1]
    return "tuning" if int(digit, 16) % 2 == 0 else "validation"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", default="/work/shared/benchmark")
    a = ap.parse_args(argv)
    rows = []
    for corpus in ("benign-npm", "benign-pypi", "malicious-pypi"):
        with open(os.path.join(a.dev, corpus + "-dev.tsv"), newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                name = r.get("name") or r["mirror_path"].split("/")[0]
                rows.append((corpus, r["file"], name, r["sha256"], half(corpus, name, r.get("family_id"))))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "manifests", "dev-halves.tsv")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["corpus", "file", "name", "sha256", "half"])
        w.writerows(rows)
    for corpus in ("benign-npm", "benign-pypi", "malicious-pypi"):
        n = [r for r in rows if r[0] == corpus]
        print("%-15s %3d rows: %3d tuning, %3d validation" % (corpus, len(n), sum(r[4] == "tuning" for r in n),
                                                                 sum(r[4] == "validation" for r in n)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
