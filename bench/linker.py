"""How the mention linker's cost grows: one 5,000-word text against 1,000 and 100,000 aliases.

The text holds the same mentions in both runs (names from the first 1,000), so only the number
of names the automaton knows changes. With Aho–Corasick the search time should stay about the
same; one regular expression per name would make it a hundred times slower.
"""

import random
import statistics
import time

from articles.linker import MentionLinker, Target

TEXT_WORDS = 5_000
ALIAS_COUNTS = (1_000, 100_000)
MENTION_EVERY = 50  # one name in every 50 words
SEARCH_RUNS = 5
SEED = 20241008

SYLLABLES = [
    *("ka", "lo", "mir", "ves", "tra", "din", "sha", "vo", "ren", "bek", "zor", "ali"),
    *("nu", "tem", "gor", "isk", "pol", "dra", "mun", "sel", "tov", "yar", "el", "quin"),
]
FILLER = [
    *("the", "leaders", "met", "in", "a", "session", "and", "discussed", "trade", "with"),
    *("security", "of", "their", "countries", "on", "cooperation", "after", "talks", "said"),
]


def synthetic_names(count, *, seed=SEED):
    """`count` distinct two-word capitalised names, the same ones on every run."""
    generator = random.Random(seed)
    names = {}
    while len(names) < count:
        first, last = (
            "".join(generator.choices(SYLLABLES, k=generator.randint(2, 3))).capitalize()
            for _ in range(2)
        )
        names.setdefault(f"{first} {last}", None)
    return list(names)


def synthetic_text(names, *, words=TEXT_WORDS, seed=SEED):
    """`words` words of lower-case filler with a name from `names` every MENTION_EVERY words."""
    generator = random.Random(seed)
    parts, word_count, mentions = [], 0, 0
    while word_count < words:
        if word_count % MENTION_EVERY == 0 and word_count + 2 <= words:
            name = generator.choice(names)
            parts.append(name)
            word_count += len(name.split())
            mentions += 1
        else:
            parts.append(generator.choice(FILLER))
            word_count += 1
    return " ".join(parts), mentions


def linker_for(names):
    return MentionLinker(
        (name, Target("person", f"person-{number}", number)) for number, name in enumerate(names)
    )


def run(*, alias_counts=ALIAS_COUNTS, words=TEXT_WORDS, search_runs=SEARCH_RUNS):
    """One result row per alias count, and the ratio of the search times (largest/smallest)."""
    names = synthetic_names(max(alias_counts))
    text, expected_mentions = synthetic_text(names[: min(alias_counts)], words=words)
    rows = []
    for count in alias_counts:
        started = time.perf_counter()
        linker = linker_for(names[:count])
        build_seconds = time.perf_counter() - started
        timings = []
        for _ in range(search_runs):
            started = time.perf_counter()
            mentions = linker.find(text)
            timings.append(time.perf_counter() - started)
        rows.append(
            {
                "aliases": count,
                "text_words": len(text.split()),
                "mentions": len(mentions),
                "expected_mentions": expected_mentions,
                "build_ms": round(build_seconds * 1000, 2),
                "search_ms": round(statistics.median(timings) * 1000, 3),
            }
        )
    ratio = rows[-1]["search_ms"] / rows[0]["search_ms"]
    return {"rows": rows, "search_time_ratio": round(ratio, 2)}
