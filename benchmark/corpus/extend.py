#!/usr/bin/env python3
"""Builds the manifests of the extended benign corpora (popular Python and npm packages beyond DEV).

Never runs, installs or imports anything from a package: Debian packages are unpacked with
dpkg-deb -x and repacked exactly as the shared recipe (materialize.py) does; npm tarballs come from
`npm pack --ignore-scripts`. Only the manifests are committed; the archives stay under --corpus.

  benign-pypi-ext.tsv : the most downloaded PyPI projects (the [pypi] list of popular-packages.txt,
                        in rank order) that Debian bookworm ships as python3-*, not already in DEV
  benign-npm-ext.tsv  : the most downloaded npm packages (the [npm] list), latest version when
                        chosen (pinned in the manifest), not already in DEV

Every row gets a `half` (tuning or validation) by the fixed rule of halves.py. The manifests are
named <corpus>-ext.tsv, so materialize.py rebuilds them like DEV:
  python3 materialize.py --manifests benchmark/corpus/manifests --corpus /work/corpus

  benign-pypi-fresh.tsv (--fresh N): the next N such projects, in neither DEV nor ext; built after the
                        rules were tuned, to validate on packages never looked at
  benign-npm-fresh.tsv  (--fresh N): popular npm names in neither DEV nor ext that Debian ships as
                        node-<name>, repacked like `npm pack` (rebuilt by this script, not materialize.py)

usage: extend.py --materialize DIR --corpus DIR [--pypi 330] [--npm 330] [--only pypi|npm] [--fresh N]
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import halves  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
POPULAR = os.path.join(ROOT, "scanner/src/main/resources/dev/airlock/scanner/popular-packages.txt")
MANIFESTS = os.path.join(HERE, "manifests")

# PyPI names whose Debian package is not python3-<name>
DEBIAN_NAMES = {
    "pyyaml": "python3-yaml", "beautifulsoup4": "python3-bs4", "pyjwt": "python3-jwt", "pillow": "python3-pil",
    "scikit-learn": "python3-sklearn", "attrs": "python3-attr", "python-dateutil": "python3-dateutil",
    "pyopenssl": "python3-openssl", "pymysql": "python3-pymysql", "psycopg2": "python3-psycopg2",
    "pycparser": "python3-pycparser", "msgpack": "python3-msgpack", "pyzmq": "python3-zmq",
    "markupsafe": "python3-markupsafe", "jinja2": "python3-jinja2", "pygments": "python3-pygments",
    "pyserial": "python3-serial", "pycryptodome": "python3-pycryptodome", "pycryptodomex": "python3-pycryptodome",
    "python-magic": "python3-magic", "pynacl": "python3-nacl", "opencv-python": "python3-opencv",
    "protobuf": "python3-protobuf", "google-auth": "python3-google-auth", "pyparsing": "python3-pyparsing",
    "ruamel-yaml": "python3-ruamel.yaml", "python-json-logger": "python3-pythonjsonlogger",
    "pysocks": "python3-socks", "python-dotenv": "python3-dotenv", "websocket-client": "python3-websocket",
    "dnspython": "python3-dnspython", "gitpython": "python3-git", "pymongo": "python3-pymongo",
    "tzdata": "", "importlib-metadata": "python3-importlib-metadata", "typing-extensions": "python3-typing-extensions",
    "prompt-toolkit": "python3-prompt-toolkit", "ply": "python3-ply", "mysqlclient": "python3-mysqldb",
    "pyrsistent": "python3-pyrsistent", "python-slugify": "python3-slugify", "pyhamcrest": "python3-hamcrest",
    "sqlalchemy": "python3-sqlalchemy", "llvmlite": "python3-llvmlite", "google-api-core": "python3-google-api-core",
}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def popular(section):
    names, on = [], False
    with open(POPULAR, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                on = line == "[%s]" % section
                continue
            if on and line and not line.startswith("#"):
                names.extend(line.split())
    return names


def debian_python3_packages():
    out = subprocess.run(["apt-cache", "search", "--names-only", "^python3-"], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    return {line.split(" - ", 1)[0].strip() for line in out.splitlines() if line.strip()}


def deb_candidates(name):
    n = re.sub(r"[._]", "-", name.lower())
    if n in DEBIAN_NAMES:
        return [DEBIAN_NAMES[n]] if DEBIAN_NAMES[n] else []
    out = ["python3-" + n]
    if n.startswith("python-"):
        out.append("python3-" + n[len("python-"):])
    if n.endswith("-python"):
        out.append("python3-" + n[:-len("-python")])
    return out


def build_pypi(m, corpus, wanted, split="ext"):
    """benign-pypi-<split>.tsv: the next `wanted` popular names with a Debian package, in rank order,
    skipping DEV and, for any split but ext, every package of the ext manifest (a fresh set)."""
    taken = m.read_tsv(os.path.join(m_dir(m), "benign-pypi-dev.tsv"))
    if split != "ext":
        taken += m.read_tsv(os.path.join(MANIFESTS, "benign-pypi-ext.tsv"))
    dev = {r["name"].lower() for r in taken}
    dev_debs = {r["deb_package"] for r in taken}
    available = debian_python3_packages()
    chosen, used = [], set(dev_debs)
    for rank, name in enumerate(popular("pypi"), 1):
        if name.lower() in dev:
            continue
        deb = next((c for c in deb_candidates(name) if c in available and c not in used), None)
        if deb:
            chosen.append((rank, name, deb))
            used.add(deb)
    log("pypi: %d popular names have a Debian package" % len(chosen))
    cache = os.path.join(corpus, "_cache")
    rows = []
    for i in range(0, len(chosen), 40):
        if len(rows) >= wanted:
            break
        batch = chosen[i:i + 40]
        debs = m.apt_download([(d, None) for _, _, d in batch], os.path.join(cache, "deb"))
        for rank, name, deb in batch:
            if len(rows) >= wanted:
                break
            path = debs.get(deb)
            if not path:
                log("  no download:", deb)
                continue
            debver = subprocess.run(["dpkg-deb", "-f", path, "Version"], stdout=subprocess.PIPE,
                                    check=True).stdout.decode().strip()
            version = m.deb_upstream_version(debver)
            file = "%s-%s.tar.gz" % (name, version)
            with tempfile.TemporaryDirectory(dir=cache, prefix=".x-") as td:
                dp = m.deb_extract(path, td)
                members = m.own_top_level_entries(dp)
                if not members:
                    log("  no code in", deb)
                    continue
                out = os.path.join(cache, "pypi", file)
                sha, tar_sha, nfiles, skipped = m.repack_sdist_like(td, dp, members, name, version, out)
            if nfiles == 0:
                continue
            rows.append(dict(file=file, name=name, version=version, sha256=sha, tar_sha256=tar_sha,
                             deb_package=deb, deb_version=debver, deb_sha256=m.sha256_file(path),
                             members=",".join(members), pypi_rank=rank, files=nfiles, skipped_links=skipped,
                             half=halves.half("benign-pypi", name)))
            log("  %3d %s %s (%d files)" % (len(rows), name, version, nfiles))
    m.write_tsv(os.path.join(MANIFESTS, "benign-pypi-%s.tsv" % split), rows,
                ["file", "name", "version", "sha256", "tar_sha256", "deb_package", "deb_version", "deb_sha256",
                 "members", "pypi_rank", "files", "skipped_links", "half"])
    return len(rows)


def npm_pack_latest(m, name, dest):
    os.makedirs(dest, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest, prefix=".pack-") as td:
        r = subprocess.run(["npm", "pack", name, "--ignore-scripts", "--json", "--pack-destination", td],
                           cwd=td, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600,
                           env=dict(os.environ, npm_config_fund="false", npm_config_audit="false",
                                    npm_config_update_notifier="false"))
        if r.returncode != 0:
            raise RuntimeError(r.stderr.decode("utf-8", "replace").strip()[-200:])
        info = json.loads(r.stdout.decode())[0]
        file = m.npm_file_name(info["name"], info["version"])
        out = os.path.join(dest, file)
        os.replace(os.path.join(td, info["filename"]), out)
        return info, file, out


def build_npm(m, corpus, wanted):
    dev = {r["name"] for r in m.read_tsv(os.path.join(m_dir(m), "benign-npm-dev.tsv"))}
    names = [(rank, n) for rank, n in enumerate(popular("npm"), 1) if n not in dev][:wanted + 40]
    dest = os.path.join(corpus, "_cache", "npm")

    def one(item):
        rank, name = item
        try:
            info, file, path = npm_pack_latest(m, name, dest)
        except Exception as e:  # deprecated, unpublished, ...
            log("  npm pack %s failed: %s" % (name, str(e)[:120]))
            return None
        return dict(file=file, name=info["name"], version=info["version"], sha256=m.sha256_file(path),
                    integrity=info.get("integrity", ""), npm_rank=rank, size=info.get("size", ""),
                    unpacked_size=info.get("unpackedSize", ""), files=info.get("entryCount", ""),
                    half=halves.half("benign-npm", info["name"]))

    with ThreadPoolExecutor(3) as ex:
        rows = [r for r in ex.map(one, names) if r][:wanted]
    m.write_tsv(os.path.join(MANIFESTS, "benign-npm-ext.tsv"), rows,
                ["file", "name", "version", "sha256", "integrity", "npm_rank", "size", "unpacked_size", "files",
                 "half"])
    return len(rows)


def debian_node_packages():
    out = subprocess.run(["apt-cache", "search", "--names-only", "^node-"], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    return {line.split(" - ", 1)[0].strip() for line in out.splitlines() if line.strip()}


def repack_npm_like(module_dir, out_path):
    """Deterministic npm tarball (package/<files>, as `npm pack` lays it out) of one module folder as
    Debian installs it. Links are skipped, never followed. Returns (sha256, files, skipped links)."""
    import gzip
    import io
    import tarfile
    entries, skipped = [], 0
    for dirpath, dirnames, filenames in os.walk(module_dir):
        for d in list(dirnames):
            if os.path.islink(os.path.join(dirpath, d)):
                dirnames.remove(d)
                skipped += 1
        dirnames.sort()
        for fn in sorted(filenames):
            path = os.path.join(dirpath, fn)
            if os.path.islink(path) or not os.path.isfile(path):
                skipped += 1
                continue
            entries.append(("package/" + os.path.relpath(path, module_dir).replace(os.sep, "/"), path))
    entries.sort()
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tf:
        for arc, path in entries:
            ti = tarfile.TarInfo(arc)
            ti.mtime = 499162500  # npm pack's fixed date, 1985-10-26
            ti.mode = 0o755 if os.stat(path).st_mode & 0o111 else 0o644
            ti.size = os.path.getsize(path)
            with open(path, "rb") as f:
                tf.addfile(ti, f)
    data = io.BytesIO()
    with gzip.GzipFile(fileobj=data, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(raw.getvalue())
    with open(out_path + ".part", "wb") as f:
        f.write(data.getvalue())
    os.replace(out_path + ".part", out_path)
    return hashlib.sha256(data.getvalue()).hexdigest(), len(entries), skipped


def build_npm_debian(m, corpus, wanted):
    """benign-npm-fresh.tsv: popular npm names (rank order) in neither DEV nor ext that Debian ships as
    node-<name>, the module folder Debian installs (/usr/share/nodejs/<name>) repacked like `npm pack`.
    Written straight into CORPUS/benign-npm/fresh/ (materialize.py would `npm pack` instead)."""
    taken = {r["name"] for r in m.read_tsv(os.path.join(m_dir(m), "benign-npm-dev.tsv"))}
    taken |= {r["name"] for r in m.read_tsv(os.path.join(MANIFESTS, "benign-npm-ext.tsv"))}
    available = debian_node_packages()
    chosen = [(rank, n, "node-" + n.lower()) for rank, n in enumerate(popular("npm"), 1)
              if n not in taken and not n.startswith("@") and "node-" + n.lower() in available]
    log("npm: %d popular names not yet used have a Debian node- package" % len(chosen))
    cache = os.path.join(corpus, "_cache")
    out_dir = os.path.join(corpus, "benign-npm", "fresh")
    os.makedirs(out_dir, exist_ok=True)
    rows = []
    for i in range(0, len(chosen), 40):
        if len(rows) >= wanted:
            break
        batch = chosen[i:i + 40]
        debs = m.apt_download([(d, None) for _, _, d in batch], os.path.join(cache, "deb"))
        for rank, name, deb in batch:
            if len(rows) >= wanted:
                break
            path = debs.get(deb)
            if not path:
                log("  no download:", deb)
                continue
            debver = subprocess.run(["dpkg-deb", "-f", path, "Version"], stdout=subprocess.PIPE,
                                    check=True).stdout.decode().strip()
            with tempfile.TemporaryDirectory(dir=cache, prefix=".x-") as td:
                subprocess.run(["dpkg-deb", "-x", path, td], check=True)
                module = next((os.path.join(td, base, name) for base in ("usr/share/nodejs", "usr/lib/nodejs")
                               if os.path.isfile(os.path.join(td, base, name, "package.json"))), None)
                if not module:
                    log("  no module folder in", deb)
                    continue
                with open(os.path.join(module, "package.json"), encoding="utf-8") as f:
                    version = json.load(f).get("version") or m.deb_upstream_version(debver)
                file = m.npm_file_name(name, version)
                sha, nfiles, skipped = repack_npm_like(module, os.path.join(out_dir, file))
            rows.append(dict(file=file, name=name, version=version, sha256=sha, deb_package=deb, deb_version=debver,
                             deb_sha256=m.sha256_file(path), npm_rank=rank, files=nfiles, skipped_links=skipped,
                             half=halves.half("benign-npm", name)))
            log("  %3d %s %s (%d files)" % (len(rows), name, version, nfiles))
    m.write_tsv(os.path.join(MANIFESTS, "benign-npm-fresh.tsv"), rows,
                ["file", "name", "version", "sha256", "deb_package", "deb_version", "deb_sha256", "npm_rank", "files",
                 "skipped_links", "half"])
    return len(rows)


def m_dir(m):
    return os.path.dirname(os.path.abspath(m.__file__))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--materialize", default="/work/shared/benchmark", help="folder of materialize.py and the DEV manifests")
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--pypi", type=int, default=330)
    ap.add_argument("--npm", type=int, default=330)
    ap.add_argument("--only", default="")
    ap.add_argument("--fresh", type=int, default=0,
                    help="instead: benign-pypi-fresh.tsv, the next N popular Debian-shipped projects in neither"
                         " DEV nor ext (never used for tuning: a validation set)")
    a = ap.parse_args(argv)
    sys.path.insert(0, a.materialize)
    import materialize as m
    os.makedirs(MANIFESTS, exist_ok=True)
    if a.fresh:
        if a.only in ("", "pypi"):
            log("benign-pypi-fresh: %d rows" % build_pypi(m, a.corpus, a.fresh, "fresh"))
        if a.only in ("", "npm"):
            log("benign-npm-fresh: %d rows" % build_npm_debian(m, a.corpus, a.fresh))
        return 0
    if a.only in ("", "pypi"):
        log("benign-pypi-ext: %d rows" % build_pypi(m, a.corpus, a.pypi))
    if a.only in ("", "npm"):
        log("benign-npm-ext: %d rows" % build_npm(m, a.corpus, a.npm))
    return 0


if __name__ == "__main__":
    sys.exit(main())
