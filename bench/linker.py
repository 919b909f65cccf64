"""How the mention linker's cost grows: one 5,000-word text against 1,000 and 100,000 aliases;
and what the proposer costs on a 2,000-word story against the same names (`proposal_rows`).

The text holds the same mentions in both runs (names from the first 1,000), so only the number
of names the automaton knows changes. With Aho–Corasick the search time should stay about the
same; one regular expression per name would make it a hundred times slower.
"""

import random
import statistics
import time
from pathlib import Path

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
    proposals = run_proposals(alias_counts=alias_counts, search_runs=search_runs)
    return {
        "rows": rows,
        "search_time_ratio": round(ratio, 2),
        **proposals,
    }


# The proposer (articles/proposer) on real copy: the labelled set's stories, the two sources
# first, joined until the story is 2,000 words long. Every name in them is new to the synthetic
# linker, so every pattern runs: the most a story can cost (the goal: under 50 ms at 100,000).
PROPOSER_STORIES = Path(__file__).resolve().parent.parent / "tests" / "articles" / "proposer_set"
SOURCES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
PROPOSER_STORY_WORDS = 2_000
PROPOSER_GOAL_MS = 50


def proposer_story(words=PROPOSER_STORY_WORDS):
    """About `words` words of news copy, in paragraphs joined by a blank line."""
    from articles.ingest import read_story

    paragraphs = []
    paths = [*sorted(SOURCES.glob("*.txt")), *sorted(PROPOSER_STORIES.glob("*.txt"))]
    while sum(len(paragraph.split()) for paragraph in paragraphs) < words:
        for path in paths:
            for paragraph in read_story(path, year=2024).paragraphs:
                if sum(len(part.split()) for part in paragraphs) >= words:
                    break
                paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def run_proposals(
    *, alias_counts=ALIAS_COUNTS, search_runs=SEARCH_RUNS, words=PROPOSER_STORY_WORDS
):
    from articles.proposer import propose

    names = synthetic_names(max(alias_counts))
    text = proposer_story(words)
    rows = []
    for count in alias_counts:
        linker = linker_for(names[:count])
        propose(text, linker=linker)  # warm up
        timings, cpu_timings = [], []
        for _ in range(max(search_runs, 5)):
            started, cpu_started = time.perf_counter(), time.process_time()
            proposals = propose(text, linker=linker)
            timings.append(time.perf_counter() - started)
            cpu_timings.append(time.process_time() - cpu_started)
        timings.sort()
        rows.append(
            {
                "names": count,
                "story_words": len(text.split()),
                "proposals": len(proposals),
                "propose_ms_median": round(statistics.median(timings) * 1000, 2),
                "propose_ms_worst": round(timings[-1] * 1000, 2),
                # CPU time of this process: what the proposer costs when the machine's other
                # work (a shared CI box) stretches the wall-clock figures.
                "propose_cpu_ms_median": round(statistics.median(cpu_timings) * 1000, 2),
            }
        )
    ratio = rows[-1]["propose_ms_median"] / rows[0]["propose_ms_median"]
    return {
        "proposal_rows": rows,
        "propose_time_ratio": round(ratio, 2),
        "propose_goal_ms": PROPOSER_GOAL_MS,
    }
