"""What one check of the story editor's entity marks costs the server: a 2,000-word story in
paragraphs of 40 words, against 1,000 and 100,000 names (the goal: under 20 ms at 100,000).

A check is what `articles.editor.mentions_view` does with the paragraphs the editor sends:
the mention linker over each paragraph, offsets in the browser's units, and the JSON answer.
Its one query per kind of entity (people, events, …, by primary key) is left out: it does not
grow with the number of names, and tests/admin/test_writing_desk.py counts it.
"""

import json
import statistics
import time

from articles.editor import find_block_mentions
from bench.linker import linker_for, synthetic_names, synthetic_text

STORY_WORDS = 2_000
PARAGRAPH_WORDS = 40
NAME_COUNTS = (1_000, 100_000)
CHECKS = 20


def paragraphs(text, words=PARAGRAPH_WORDS):
    tokens = text.split()
    return [" ".join(tokens[index : index + words]) for index in range(0, len(tokens), words)]


def one_check(blocks, linker):
    found = find_block_mentions(blocks, linker)
    return json.dumps(
        {
            "mentions": [
                {
                    "block": index,
                    "start": start,
                    "end": end,
                    "text": mention.text,
                    "entity": f"{mention.kind}:{mention.pk}",
                }
                for index, mention, start, end in found
            ]
        }
    ), len(found)


def run(*, name_counts=NAME_COUNTS, words=STORY_WORDS, checks=CHECKS):
    names = synthetic_names(max(name_counts))
    text, expected = synthetic_text(names[: min(name_counts)], words=words)
    blocks = paragraphs(text)
    rows = []
    for count in name_counts:
        linker = linker_for(names[:count])
        one_check(blocks, linker)  # warm up
        timings = []
        for _ in range(checks):
            started = time.perf_counter()
            _answer, found = one_check(blocks, linker)
            timings.append(time.perf_counter() - started)
        timings.sort()
        rows.append(
            {
                "names": count,
                "story_words": len(text.split()),
                "paragraphs": len(blocks),
                "mentions": found,
                "expected_mentions": expected,
                "check_ms_median": round(statistics.median(timings) * 1000, 3),
                "check_ms_worst": round(timings[-1] * 1000, 3),
            }
        )
    ratio = rows[-1]["check_ms_median"] / rows[0]["check_ms_median"]
    return {"rows": rows, "check_time_ratio": round(ratio, 2), "goal_ms": 20}
