"""Out-of-set scores: each message scored by a model trained without its writer set (and that set's probes).

Models: "ngram" (content.redflags.training.fit: hashed char 3-5-grams and words, the shipped model's features
and penalty), "use" and "e5" (multinomial logistic regression on cached sentence embeddings, bench.loso.embed).
Cached per model and language as .npz: urgent probability and most likely group for every item, in
read_items order.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import numpy.typing as npt

from bench.loso.embed import CACHE, key, load
from bench.loso.sets import Item, read_items
from content.redflags.classifier import CLASSES, ORDINARY
from content.redflags.training import Sample, fit, lbfgs, quantised

NGRAM_L2 = 1e-5  # what the shipped model chose for every language (content/redflags/model.npz)
# Chosen on en sets I, H, F held out (L and J out of training too): AUC 0.974-0.988, 0.945-0.968 at 1e-3.
DENSE_L2 = 1e-5


STEMMERS = {"en": "english", "es": "spanish", "ru": "russian"}


def stemmed(language: str):  # type: ignore[no-untyped-def]
    """The message followed by its words' Snowball stems (snowballstemmer, in the environment already)."""
    import functools

    import snowballstemmer

    from content.redflags.classifier import fold

    stemmer = snowballstemmer.stemmer(STEMMERS[language])
    stem = functools.lru_cache(maxsize=100_000)(stemmer.stemWord)
    return lambda text: text + "\n" + " ".join(map(stem, fold(text).split()))


def held_sets(items: list[Item]) -> list[str]:
    """The writer sets, each probes set folded into its own set (held out with it)."""
    return sorted({i.writer_set.removesuffix("-probes") for i in items})


def fit_dense(x: npt.NDArray[np.float64], y: npt.NDArray[np.int64], l2: float = DENSE_L2):  # type: ignore[no-untyped-def]
    n, width = x.shape
    classes = len(CLASSES)
    onehot = np.zeros((n, classes))
    onehot[np.arange(n), y] = 1.0

    def loss(flat: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
        weights = flat[: width * classes].reshape(width, classes)
        bias = flat[width * classes :]
        logits = x @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        value = -(onehot * log_p).sum() / n + l2 / 2 * float((weights * weights).sum())
        delta = (np.exp(log_p) - onehot) / n
        return value, np.concatenate([(x.T @ delta + l2 * weights).ravel(), delta.sum(axis=0)])

    flat = lbfgs(loss, np.zeros(width * classes + classes), 300)
    return flat[: width * classes].reshape(width, classes), flat[width * classes :]


def dense_probabilities(x: npt.NDArray[np.float64], weights, bias) -> npt.NDArray[np.float64]:  # type: ignore[no-untyped-def]
    logits = x @ weights + bias
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


def out_of_set(model: str, language: str) -> npt.NDArray[np.float64]:
    """Every class's probability (CLASSES order) of every item, out of its set."""
    items = read_items(language)
    groups = np.array([i.writer_set.removesuffix("-probes") for i in items])
    y = np.array([CLASSES.index(i.label) for i in items])
    every = np.zeros((len(items), len(CLASSES)))
    transform = stemmed(language) if model == "ngram_stem" else (lambda text: text)
    if not model.startswith("ngram"):
        table = load(model)
        x = np.stack([table[key(i.text)] for i in items]).astype(np.float64)
    for held in held_sets(items):
        inside = np.flatnonzero(groups == held)
        outside = np.flatnonzero(groups != held)
        started = time.process_time()
        if model.startswith("ngram"):
            trained = quantised(language, *fit([_sample(items[k], transform) for k in outside], NGRAM_L2))
            probs = np.stack([trained.probabilities(transform(items[k].text)) for k in inside])
        else:
            weights, bias = fit_dense(x[outside], y[outside])
            probs = dense_probabilities(x[inside], weights, bias)
        every[inside] = probs
        print(
            f"  {model} {language} without {held}: {len(outside)} trained, {len(inside)} scored, "
            f"{time.process_time() - started:.1f} s",
            file=sys.stderr,
        )
    return every


def _sample(item: Item, transform=lambda text: text) -> Sample:  # type: ignore[no-untyped-def]
    return Sample(transform(item.text), item.label, item.category, item.part, 0)


def probabilities(model: str, language: str) -> npt.NDArray[np.float64]:
    """Every class's out-of-set probability of every item (read_items order), cached."""
    path = CACHE / f"oos_{model}_{language}.npz"
    if not path.exists():
        np.savez(path, probabilities=out_of_set(model, language))
    with np.load(path) as data:
        if "probabilities" in data:
            return np.asarray(data["probabilities"])
    path.unlink()  # an older cache without every class
    return probabilities(model, language)


def cached(model: str, language: str) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Urgent probability (1 - P(ordinary)) and most likely urgent group (index into CLASSES) of every item."""
    every = probabilities(model, language)
    return 1.0 - every[:, 0], np.argmax(every[:, 1:], axis=1) + 1


if __name__ == "__main__":
    for model in sys.argv[1].split(","):
        for language in sys.argv[2].split(",") if len(sys.argv) > 2 else ("en", "es", "ru"):
            cached(model, language)
    _ = ORDINARY
