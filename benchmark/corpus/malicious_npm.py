#!/usr/bin/env python3
"""The malicious npm corpus: real npm tarballs, as published, kept in a public GitHub repository.

Only the manifest (manifests/malicious-npm-ext.tsv: file, sha256, name, version, where the tarball is
in the source repository, family, label, half) is committed. The tarballs are live malware: this
script copies them as bytes out of a clone of the source repository into an ignored corpus folder,
checks each against its sha256, and never unpacks, runs or installs anything.

Source: github:jnicastro-Sonatype/Malicious-NPM-Packages (tarballs captured from the npm registry
before npm's security team replaced them with placeholders). Its README says the packages are
intentionally malicious; none of them is in the shared DEV manifests.

Families are fixed by reading the packages' files, not the scanner's results: versions of one
package and packages that carry the same payload (same file, same host) are one family. A family is
named after its alphabetically first archive, so the name is not a free choice, and the half of every
archive is the half of its family by the fixed rule of halves.py (sha256 of the family, last hex
digit even = tuning). The npm security placeholder (no code) is kept, labelled no-payload, and left
out of recall, as the DEV manifest does with inert PyPI uploads.

usage:
  malicious_npm.py --git GITDIR --corpus DIR        copy the tarballs into DIR/malicious-npm/ext/
  malicious_npm.py --git GITDIR --write-manifest    rebuild the manifest from the clone (maintainers)
GITDIR is a clone (bare is enough) of https://github.com/jnicastro-Sonatype/Malicious-NPM-Packages.
"""
import argparse
import csv
import hashlib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import halves  # noqa: E402

REPO = "jnicastro-Sonatype/Malicious-NPM-Packages"
COMMIT = "a7f1a7619422ba631a8b5d0d35d69c992b65f476"
MANIFEST = os.path.join(HERE, "manifests", "malicious-npm-ext.tsv")
COLUMNS = ["file", "sha256", "name", "version", "repo", "commit", "mirror_path", "family_id", "label",
           "what", "half"]

# What each archive does, from reading its files (not from any scanner). Archives that share a
# payload share a family; the family is named after its alphabetically first archive.
REVIEW = {
    "an0n-chat-lib": ("malicious", "Discord token and browser store (Firefox, LevelDB) stealer; 0.1.5 adds a postinstall"),
    "discord-fix": ("malicious", "Discord token stealer and remote-control client run from its entry module"),
    "electorn@1.0.1": ("malicious", "preinstall runs a file that sends name, version and host name out by DNS lookup"),
    "electorn@1.0.2": ("malicious", "preinstall runs a file that sends name, version and host name out by DNS lookup"),
    "lodashs@1.0.1": ("malicious", "preinstall shell command sends the host name out by nslookup (same host as electorn 1.0.x)"),
    "electorn@10.0.0": ("malicious", "preinstall starts update.js in the background: base64-hidden URLs, fingerprint posted to a GitHub issue, node-serialize payload from a raw file, hourly"),
    "loadyaml": ("malicious", "same update.js backdoor as electorn 10.0.0"),
    "loadyml": ("malicious", "same update.js backdoor as electorn 10.0.0"),
    "lodashs@1.0.2": ("malicious", "same update.js backdoor as electorn 10.0.0"),
    "sonatype": ("malicious", "ships a Windows installer executable that its entry module starts"),
    "electorn@0.0.1-security": ("no-payload", "npm security holding package: package.json and README only"),
}
FAMILY_OF = {
    "electorn@1.0.2": "electorn@1.0.1",
    "lodashs@1.0.1": "electorn@1.0.1",
    "loadyaml": "electorn@10.0.0",
    "loadyml": "electorn@10.0.0",
    "lodashs@1.0.2": "electorn@10.0.0",
}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir, *args], stdout=subprocess.PIPE, check=True).stdout


def review_key(name, version):
    exact = "%s@%s" % (name, version)
    return exact if exact in REVIEW else name


def name_version(file):
    stem = file[:-len(".tgz")]
    for i in range(len(stem) - 1, 0, -1):
        if stem[i] == "-" and stem[i + 1].isdigit():
            return stem[:i], stem[i + 1:]
    raise ValueError("no version in " + file)


def write_manifest(gitdir):
    paths = [p for p in git(gitdir, "ls-tree", "-r", "--name-only", COMMIT).decode().splitlines()
             if p.endswith(".tgz")]
    rows = []
    for path in sorted(paths):
        file = os.path.basename(path)
        name, version = name_version(file)
        key = review_key(name, version)
        label, what = REVIEW[key]
        rows.append(dict(file=file, sha256=hashlib.sha256(git(gitdir, "show", COMMIT + ":" + path)).hexdigest(),
                         name=name, version=version, repo=REPO, commit=COMMIT, mirror_path=path, what=what,
                         label=label, family_key=FAMILY_OF.get(key, key)))
    # A family is named after its alphabetically first archive.
    first = {}
    for r in rows:
        first[r["family_key"]] = min(first.get(r["family_key"], r["file"]), r["file"])
    for r in rows:
        r["family_id"] = first[r["family_key"]][:-len(".tgz")]
        r["half"] = halves.half("malicious-npm", r["name"], r["family_id"])
    with open(MANIFEST, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([r[c] for c in COLUMNS])
    for h in ("tuning", "validation"):
        hs = [r for r in rows if r["half"] == h]
        log("%-10s %2d archives (%d malicious) in %d families" % (
            h, len(hs), sum(r["label"] == "malicious" for r in hs), len({r["family_id"] for r in hs})))


def materialize(gitdir, corpus):
    out = os.path.join(corpus, "malicious-npm", "ext")
    os.makedirs(out, exist_ok=True)
    failures = 0
    with open(MANIFEST, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            dest = os.path.join(out, r["file"])
            if os.path.exists(dest) and sha256_file(dest) == r["sha256"]:
                continue
            data = git(gitdir, "show", r["commit"] + ":" + r["mirror_path"])
            if hashlib.sha256(data).hexdigest() != r["sha256"]:
                log("sha256 mismatch, not written: %s" % r["mirror_path"])
                failures += 1
                continue
            with open(dest + ".part", "wb") as w:
                w.write(data)
            os.replace(dest + ".part", dest)
    log("malicious-npm/ext in %s (%d failures)" % (out, failures))
    return 1 if failures else 0


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--git", required=True, help="clone of github.com/" + REPO)
    ap.add_argument("--corpus")
    ap.add_argument("--write-manifest", action="store_true")
    a = ap.parse_args(argv)
    if a.write_manifest:
        write_manifest(a.git)
        return 0
    if not a.corpus:
        ap.error("--corpus DIR is required")
    return materialize(a.git, a.corpus)


if __name__ == "__main__":
    sys.exit(main())
