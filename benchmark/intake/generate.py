"""Writes an uncompressed tar of varied, poorly compressible content to stdout, streaming.

Usage: python3 generate.py TOTAL_BYTES | gzip -1 > big.tar.gz

Nothing is held in memory beyond one 1 MiB buffer: most entries are random bytes (incompressible)
of assorted sizes, with some source files and a small nested zip so the scanner has text to read.
"""
import io
import os
import random
import sys
import tarfile
import zipfile

CHUNK = 1024 * 1024


class RandomReader(io.RawIOBase):
    """A file-like object yielding `size` random bytes, made on the fly."""

    def __init__(self, size):
        self.left = size

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.left, CHUNK)
        if n <= 0:
            return 0
        buffer[:n] = os.urandom(n)
        self.left -= n
        return n


def source_file(index):
    lines = [f"def function_{index}_{i}(x):\n    return x * {i} + {index}\n" for i in range(200)]
    return "".join(lines).encode()


def nested_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("inner/helper.py", source_file(0))
        z.writestr("inner/blob.bin", os.urandom(256 * 1024))
    return buffer.getvalue()


def add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1_700_000_000
    tar.addfile(info, io.BytesIO(data))


def main():
    total = int(sys.argv[1])
    rng = random.Random(42)
    written = 0
    index = 0
    with tarfile.open(fileobj=sys.stdout.buffer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        add_bytes(tar, "bench-1.0/setup.py", b"from setuptools import setup\nsetup(name='bench', version='1.0')\n")
        add_bytes(tar, "bench-1.0/vendor/extra.zip", nested_zip())
        while written < total:
            index += 1
            if index % 10 == 0:
                data = source_file(index)
                add_bytes(tar, f"bench-1.0/bench/module_{index}.py", data)
                written += len(data)
                continue
            size = min(rng.choice([64 * 1024, 1024 * 1024, 8 * 1024 * 1024, 64 * 1024 * 1024]), total - written)
            info = tarfile.TarInfo(f"bench-1.0/data/blob_{index}.bin")
            info.size = size
            info.mtime = 1_700_000_000
            tar.addfile(info, io.BufferedReader(RandomReader(size), CHUNK))
            written += size


if __name__ == "__main__":
    main()
