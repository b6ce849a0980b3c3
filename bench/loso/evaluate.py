"""Leave-one-writer-set-out figures: the lexicon that had not seen a set, plus a model trained without it.

Run: python -m bench.loso.evaluate [--models ngram,use,e5,ngram+use] [--sets L,J]
(first: python -m bench.loso.embed use|e5, python -m bench.loso.lexicon_outcomes . b5cc88a 'd0ca48a^',
python -m bench.loso.scores ngram,use,e5; all cached under $LOSO_CACHE).

For a held-out set S: the lexicon outcome is today's content/ at the last commit before S was tuned on
(L: b5cc88a, J: d0ca48a^), so the lexicon has not seen S; the model's score of each message of S comes
from a model trained on every other writer set (S's tuning probes left out too); the thresholds are
chosen on the other sets' out-of-set scores only (never on S):
  t_ask:  at most 5% of their ordinary messages reach it (as the shipped model);
  t_hi:   at most HIGH of their ordinary messages reach it.
Policies (an urgent or crisis outcome counts for an urgent message; crisis only for a crisis one):
  lexicon     the lexicon alone;
  +ask        the shipped second opinion: a question when the lexicon found nothing and score >= t_ask;
  +hi         the model raises the urgent outcome (crisis when its group is crisis) at score >= t_hi;
  +agree      a partial sign of the lexicon (POSSIBLE) and score >= t_ask raise it;
  +hi+agree   both;
  +crisis     the crisis path when P(crisis) >= t_crisis, where CRISIS_RATE of the other sets' ordinary messages are;
  +hi+crisis  that, else +hi;
  +all        +crisis, else +hi, else +agree.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from bench.loso.embed import key
from bench.loso.lexicon_outcomes import cached as lexicon_cached
from bench.loso.scores import probabilities
from bench.loso.sets import LANGUAGES, read_items
from content.redflags.classifier import CLASSES

# The last commit before each set was tuned on, per language
# (set I: 8d5c5cc tuned English on it and brought its concepts to es and ru).
PRE_SET = {
    "L": {"en": "b5cc88a", "es": "b5cc88a", "ru": "b5cc88a"},
    "J": {"en": "d0ca48a^", "es": "d0ca48a^", "ru": "d0ca48a^"},
    "I": {"en": "8d5c5cc^", "es": "8d5c5cc^", "ru": "8d5c5cc^"},
}


def lexicon_for(held: str, language: str) -> dict[str, str]:
    """The lexicon outcomes of a language before the set was tuned on (today's where unknown)."""
    return lexicon_cached(PRE_SET.get(held, {}).get(language, "."))[language]


ASK = 0.05
CRISIS = CLASSES.index("crisis")


def threshold(scores: npt.NDArray[np.float64], rate: float) -> float:
    ranked = np.sort(scores)[::-1]
    allowed = int(np.floor(rate * len(ranked)))
    return float(np.nextafter(ranked[min(allowed, len(ranked) - 1)], 1.0))


def model_probabilities(name: str, language: str) -> npt.NDArray[np.float64]:
    """Every class's out-of-set probability; "a+b" averages two models'."""
    return np.mean([probabilities(part, language) for part in name.split("+")], axis=0)


def model_scores(name: str, language: str) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Urgent probability and the most likely urgent group of every item."""
    every = model_probabilities(name, language)
    return 1.0 - every[:, 0], np.argmax(every[:, 1:], axis=1) + 1


@dataclass
class Tally:
    urgent: int = 0
    ordinary: int = 0
    caught: dict[str, int] = field(default_factory=dict)
    alarms: dict[str, int] = field(default_factory=dict)
    silent: dict[str, int] = field(default_factory=dict)
    asked_ordinary: dict[str, int] = field(default_factory=dict)

    def add(self, policy: str, urgent: bool, ok: bool, alarm: bool, silent: bool, asked: bool) -> None:
        if urgent:
            self.caught[policy] = self.caught.get(policy, 0) + ok
            self.silent[policy] = self.silent.get(policy, 0) + silent
        else:
            self.alarms[policy] = self.alarms.get(policy, 0) + alarm
            self.asked_ordinary[policy] = self.asked_ordinary.get(policy, 0) + asked


POLICIES = ("lexicon", "+ask", "+hi", "+agree", "+hi+agree", "+crisis", "+hi+crisis", "+all")
CRISIS_RATE = 0.005


def evaluate(
    name: str, language: str, held: str, high: float, tally: Tally, by_category: dict[str, Tally] | None = None
) -> None:
    items = read_items(language)
    score, group = model_scores(name, language)
    crisis = model_probabilities(name, language)[:, CRISIS]
    sets = np.array([i.writer_set.removesuffix("-probes") for i in items])
    ordinary = np.array([not i.urgent for i in items])
    others = (sets != held) & ordinary
    t_ask, t_hi = threshold(score[others], ASK), threshold(score[others], high)
    t_crisis = threshold(crisis[others], CRISIS_RATE)
    lexicon = lexicon_for(held, language)
    for k in np.flatnonzero(np.array([i.writer_set == held for i in items])):
        item = items[k]
        base = lexicon[key(item.text)]
        model_outcome = "crisis" if group[k] == CRISIS else "urgent"
        high_hit, ask_hit = score[k] >= t_hi, score[k] >= t_ask
        outcomes = {
            "lexicon": base,
            "+ask": "possible" if base == "none" and ask_hit else base,
        }
        raised = base in ("urgent", "crisis")
        hi = model_outcome if not raised and high_hit else None
        agree = model_outcome if base == "possible" and ask_hit else None
        suicidal = "crisis" if not raised and crisis[k] >= t_crisis else None
        for policy, extra in (
            ("+hi", hi),
            ("+agree", agree),
            ("+hi+agree", hi or agree),
            ("+crisis", suicidal),
            ("+hi+crisis", suicidal or hi),
            ("+all", suicidal or hi or agree),
        ):
            out = extra or outcomes["+ask"]
            outcomes[policy] = out
        if item.urgent:
            tally.urgent += 1
        else:
            tally.ordinary += 1
        tallies = [tally]
        if by_category is not None and item.urgent:
            tallies.append(by_category.setdefault(item.category, Tally()))
            tallies[-1].urgent += 1
        for policy in POLICIES:
            out = outcomes[policy]
            ok = out == "crisis" if item.category == "crisis" else out in ("urgent", "crisis")
            for each in tallies:
                each.add(policy, item.urgent, ok, out in ("urgent", "crisis"), out == "none", out == "possible")


INDEPENDENT = ("B", "F", "H", "I", "J", "L", "C", "D", "G")  # written before tuning on them; not dev, HO, K, probes


def discrimination(name: str, language: str, rates: tuple[float, ...]) -> str:
    """Model alone, every independent set held out in turn: share of its urgent and ordinary messages that
    reach a threshold set at each rate of the other sets' ordinary messages."""
    items = read_items(language)
    score, _ = model_scores(name, language)
    sets = np.array([i.writer_set.removesuffix("-probes") for i in items])
    ordinary = np.array([not i.urgent for i in items])
    reach_u = np.zeros(len(rates))
    reach_o = np.zeros(len(rates))
    nu = no = 0
    for held in INDEPENDENT:
        inside = np.array([i.writer_set == held for i in items])
        if not inside.any():
            continue
        others = (sets != held) & ordinary
        for r, rate in enumerate(rates):
            t = threshold(score[others], rate)
            reach_u[r] += int((score[inside & ~ordinary] >= t).sum())
            reach_o[r] += int((score[inside & ordinary] >= t).sum())
        nu += int((inside & ~ordinary).sum())
        no += int((inside & ordinary).sum())
    cells = "  ".join(f"{reach_u[r] / nu:6.1%} {int(reach_o[r]):>3}/{no}" for r in range(len(rates)))
    return f"{name:<10} {language:<3} {cells}"


def added_alarms(name: str, language: str, high: float, crisis_rate: float | None) -> tuple[int, int]:
    """Ordinary messages of every independent set that the model alone would raise (the lexicon did not),
    each set held out in turn; the lexicon is the one before the set was tuned on where known, else today's."""
    items = read_items(language)
    score, _ = model_scores(name, language)
    crisis = model_probabilities(name, language)[:, CRISIS]
    sets = np.array([i.writer_set.removesuffix("-probes") for i in items])
    ordinary = np.array([not i.urgent for i in items])
    raised = total = 0
    for held in INDEPENDENT:
        inside = np.flatnonzero((sets == held) & ordinary & np.array([i.writer_set == held for i in items]))
        if len(inside) == 0:
            continue
        others = (sets != held) & ordinary
        t_hi = threshold(score[others], high)
        t_crisis = threshold(crisis[others], crisis_rate) if crisis_rate else np.inf
        lexicon = lexicon_for(held, language)
        for k in inside.tolist():
            if lexicon[key(items[k].text)] in ("urgent", "crisis"):
                continue
            total += 1
            raised += bool(score[k] >= t_hi or crisis[k] >= t_crisis)
        total += sum(lexicon[key(items[k].text)] in ("urgent", "crisis") for k in inside.tolist())
    return raised, total


def sweep(names: list[str], languages: list[str], sets: list[str]) -> None:
    """Urgent outcome on the sets against false alarms, for thresholds at several rates."""
    print(f"+all on sets {','.join(sets)} (lexicon before each); added alarms: the model's, on every independent set")
    print(f"{'model':<12} {'rate':>6} {'urgent outcome':>16} {'silent':>7} {'alarms sets':>12} {'added, all sets':>16}")
    for name in names:
        for rate in (0.0025, 0.005, 0.01, 0.02, 0.03):
            tally = Tally()
            raised = total = 0
            for language in languages:
                for held in sets:
                    evaluate(name, language, held, rate, tally)
                r, t = added_alarms(name, language, rate, CRISIS_RATE)
                raised, total = raised + r, total + t
            c, a = tally.caught["+all"], tally.alarms["+all"]
            print(
                f"{name:<12} {rate:>6.2%} {c:>5}/{tally.urgent:<4} {c / tally.urgent:>6.1%} "
                f"{tally.silent['+all']:>7} {a:>4}/{tally.ordinary:<4}{a / tally.ordinary:>5.1%} "
                f"{raised:>4}/{total:<4} {raised / total:>5.2%}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="ngram")
    parser.add_argument("--sets", default="L,J")
    parser.add_argument("--high", type=float, default=0.01)
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--discrimination", action="store_true")
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--by-category", action="store_true")
    args = parser.parse_args()
    if args.by_category:
        for name in args.models.split(","):
            categories: dict[str, Tally] = {}
            for language in args.languages.split(","):
                for held in args.sets.split(","):
                    evaluate(name, language, held, args.high, Tally(), categories)
            print(f"\nmodel {name}, sets {args.sets}, t_hi at {args.high:.1%}: urgent outcome by category")
            print(f"{'category':<18} {'n':>4} " + " ".join(f"{p:>10}" for p in POLICIES))
            for category, t in sorted(categories.items()):
                cells = " ".join(f"{t.caught[p] / t.urgent:>10.1%}" for p in POLICIES)
                print(f"{category:<18} {t.urgent:>4} {cells}")
        return
    if args.sweep:
        sweep(args.models.split(","), args.languages.split(","), args.sets.split(","))
        return
    if args.discrimination:
        rates = (0.05, 0.02, 0.01, 0.005)
        print("model alone, sets " + ",".join(INDEPENDENT) + " each held out; urgent reached / ordinary reached at a")
        print(
            "threshold where " + ", ".join(f"{r:.1%}" for r in rates) + " of the other sets' ordinary messages would be"
        )
        for name in args.models.split(","):
            for language in args.languages.split(","):
                print(discrimination(name, language, rates))
        return
    for name in args.models.split(","):
        print(f"\nmodel {name}; t_hi at {args.high:.1%} of other sets' ordinary messages; sets {args.sets}")
        print(
            f"{'lang':<5} {'policy':<10} {'urgent outcome':>16} {'silent':>7} {'false alarms':>14} {'asked ord.':>10}"
        )
        total = Tally()
        for language in args.languages.split(","):
            tally = Tally()
            for held in args.sets.split(","):
                evaluate(name, language, held, args.high, tally)
                evaluate(name, language, held, args.high, total)
            show(language, tally)
        show("all", total)


def show(label: str, tally: Tally) -> None:
    for policy in POLICIES:
        c, a = tally.caught.get(policy, 0), tally.alarms.get(policy, 0)
        print(
            f"{label:<5} {policy:<10} {c:>5}/{tally.urgent:<4} {c / tally.urgent:>6.1%} {tally.silent[policy]:>7} "
            f"{a:>4}/{tally.ordinary:<4} {a / max(tally.ordinary, 1):>5.1%} {tally.asked_ordinary[policy]:>10}"
        )


if __name__ == "__main__":
    main()
