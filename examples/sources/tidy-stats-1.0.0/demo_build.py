"""A PEP 517 build backend for Airlock's demo package, standard library only.

pip builds a wheel from an sdist with the backend its pyproject.toml names. This one needs no
download, so `pip install --index-url file://.../simple tidy-stats` works offline. The metadata is
the PKG-INFO beside this file. Archives are reproducible: fixed times, owners and order.

Rebuild the demo sdist from this folder: python3 demo_build.py ../../packages
"""

import base64
import gzip
import hashlib
import io
import os
import sys
import tarfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SDIST_FILES = ["PKG-INFO", "README.md", "demo_build.py", "pyproject.toml", "tidy_stats/__init__.py"]
PACKAGE_FILES = ["tidy_stats/__init__.py"]
WHEEL_TAG = "py3-none-any"


def _metadata():
    with open(os.path.join(HERE, "PKG-INFO"), encoding="utf-8") as f:
        text = f.read()
    fields = dict(line.split(": ", 1) for line in text.split("\n\n", 1)[0].splitlines())
    return text, fields["Name"], fields["Version"]


def _read(relative):
    with open(os.path.join(HERE, relative), "rb") as f:
        return f.read()


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    text, name, version = _metadata()
    dist = name.replace("-", "_")
    dist_info = f"{dist}-{version}.dist-info"
    files = [(path, _read(path)) for path in PACKAGE_FILES]
    files.append((f"{dist_info}/METADATA", text.encode("utf-8")))
    wheel = f"Wheel-Version: 1.0\nGenerator: demo_build\nRoot-Is-Purelib: true\nTag: {WHEEL_TAG}\n"
    files.append((f"{dist_info}/WHEEL", wheel.encode("utf-8")))
    record = "".join(
        f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},{len(data)}\n"
        for path, data in files)
    files.append((f"{dist_info}/RECORD", (record + f"{dist_info}/RECORD,,\n").encode("utf-8")))
    wheel_name = f"{dist}-{version}-{WHEEL_TAG}.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files:
            info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    _, name, version = _metadata()
    top = f"{name}-{version}"
    sdist_name = f"{top}.tar.gz"
    tar_bytes = io.BytesIO()
    with tarfile.open(fileobj=tar_bytes, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for path in sorted(SDIST_FILES):
            data = _read(path)
            info = tarfile.TarInfo(f"{top}/{path}")
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            archive.addfile(info, io.BytesIO(data))
    with open(os.path.join(sdist_directory, sdist_name), "wb") as f:
        f.write(gzip.compress(tar_bytes.getvalue(), mtime=0))
    return sdist_name


if __name__ == "__main__":
    print(build_sdist(sys.argv[1] if len(sys.argv) > 1 else "."))
