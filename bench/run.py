"""Run the benchmarks and report: `make bench`, or `python -m bench.run [NAME ...] [--articles N]`.

Each benchmark prints a table and writes its figures to bench-results/<name>.json. These are
measurements, not tests: nothing here passes or fails on a time.
"""

import argparse
import datetime
import json
import os
import platform
import sys
from pathlib import Path

import django

RESULTS_DIR = Path(__file__).resolve().parent.parent / "bench-results"


def benchmarks():
    """name → function returning {"rows": [dict, …], …}. Import after Django is set up."""
    from bench import (
        desk,
        distribution,
        editor_mentions,
        linker,
        live,
        pages,
        planning,
        replica,
        varnish,
    )

    return {
        "linker": linker.run,
        "editor_mentions": editor_mentions.run,
        "pages": pages.run,
        "distribution": distribution.run,
        "varnish": varnish.run,
        "desk": desk.run,
        "live": live.run,
        "planning": planning.run,
        "replica": replica.run,
    }


def cell(value):
    return f"{value:,}" if isinstance(value, int | float) else str(value)


def table(rows):
    columns = list(rows[0])
    widths = [max(len(column), *(len(cell(row[column])) for row in rows)) for column in columns]
    lines = ["  ".join(column.rjust(width) for column, width in zip(columns, widths, strict=True))]
    lines += [
        "  ".join(
            cell(row[column]).rjust(width) for column, width in zip(columns, widths, strict=True)
        )
        for row in rows
    ]
    return "\n".join(lines)


def markdown(rows):
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    lines += ["| " + " | ".join(cell(row[column]) for column in columns) + " |" for row in rows]
    return "\n".join(lines)


def main(names=()):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")
    django.setup()
    available = benchmarks()
    unknown = set(names) - set(available)
    if unknown:
        sys.exit(
            f"Unknown benchmark(s) {', '.join(sorted(unknown))}; known: {', '.join(available)}."
        )
    RESULTS_DIR.mkdir(exist_ok=True)
    for name in names or available:
        result = available[name]()
        print(f"== {name}")
        tables = {key: value for key, value in result.items() if key.endswith("rows")}
        for rows in tables.values():
            print(table(rows))
        for key, value in result.items():
            if key not in tables:
                print(f"{key}: {value}")
        report = {
            "benchmark": name,
            "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "machine": platform.machine(),
            **result,
        }
        # Runs on other databases or sizes keep their own files: pages-postgresql-1000000.json.
        stem = "-".join([name, *map(str, result.get("label", ()))])
        path = RESULTS_DIR / f"{stem}.json"
        path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        (RESULTS_DIR / f"{stem}.md").write_text(
            f"{name}, measured {report['measured_at']}\n\n"
            + "\n\n".join(markdown(rows) for rows in tables.values())
            + "\n",
            encoding="utf-8",
        )
        print(f"written to {path.relative_to(RESULTS_DIR.parent)} and {stem}.md\n")


def parse_arguments(arguments):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument(
        "--articles",
        type=int,
        help="stories in the synthetic archive (BENCH_ARTICLES; 0: the demo)",
    )
    options = parser.parse_args(arguments)
    if options.articles is not None:
        if options.articles < 0:
            parser.error("--articles must be 0 (the demo) or more")
        os.environ["BENCH_ARTICLES"] = str(options.articles)
    return options.names


if __name__ == "__main__":
    main(parse_arguments(sys.argv[1:]))
