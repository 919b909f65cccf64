"""Where an uncached page spends its time: cProfile of each page in one process.

    DATABASE_URL=sqlite:////tmp/archive.sqlite3 python -m bench.profile_pages [--top 25] [PAGE…]
    … python -m bench.profile_pages --nothing-kept   # no page and no part kept: the long tail

Serves the pages through Django's test client with the production template settings and the
page cache off (`NEWSROOM_PAGE_CACHE=false`), as the first reader after a change meets them
(with `--nothing-kept`, `NEWSROOM_PAGE_CACHE_SECONDS=0` and `NEWSROOM_SEARCH_KEEP_SECONDS=0`
too: every request makes every part): the first request of each page in a fresh process (cold:
templates compiled, the linker built) timed alone, then `--requests` warm requests profiled
together. Prints per page the cold and warm milliseconds, the query count and the functions
with the most time of their own and in total. A measurement, not a test.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time


def setup(nothing_kept=False):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")
    os.environ["NEWSROOM_PAGE_CACHE"] = "false"
    # The anonymous API rate limit would answer the repeated requests with 429s.
    os.environ["NEWSROOM_API_ANON_RATE"] = "100000000/second"
    if nothing_kept:
        os.environ["NEWSROOM_PAGE_CACHE_SECONDS"] = "0"
        os.environ["NEWSROOM_SEARCH_KEEP_SECONDS"] = "0"
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False  # no query log; production's template settings
    settings.ALLOWED_HOSTS = ["*"]
    # Without collectstatic's manifest: the plain storage gives the same kind of address.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


class QueryCounter:
    count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def paths():
    from articles.models import Article, Section
    from events.models import Event, Person

    def most_linked(model):
        from django.db.models import Count

        return model.objects.annotate(n=Count("articles")).order_by("-n").first()

    story = Article.objects.published().latest_first().first()
    return {
        "story": story.get_absolute_url(),
        "front": "/",
        "section": Section.objects.first().get_absolute_url(),
        "person": most_linked(Person).get_absolute_url(),
        "event": most_linked(Event).get_absolute_url(),
        "api-list": "/api/articles/",
        "api-item": f"/api/articles/{story.slug}/",
        # A word in every headline of the synthetic archive, and one in the demo's.
        "search": "/search/?q=" + story.headline.split()[0].lower(),
    }


def main(arguments):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument(
        "--no-profile", action="store_true", help="time the warm requests without cProfile"
    )
    parser.add_argument(
        "--nothing-kept", action="store_true", help="keep no page and no part (the long tail)"
    )
    options = parser.parse_args(arguments)
    setup(options.nothing_kept)
    from django.db import connection
    from django.test import Client

    client = Client()
    for name, path in paths().items():
        if options.pages and name not in options.pages:
            continue
        started = time.perf_counter()
        # Counted by a wrapper, not Django's query log: each request clears the log.
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            response = client.get(path)
        cold = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (path, response.status_code)
        profiler = cProfile.Profile()
        started, cpu_started = time.perf_counter(), time.process_time()
        if not options.no_profile:
            profiler.enable()
        for _ in range(options.requests):
            client.get(path)
        profiler.disable()
        warm = (time.perf_counter() - started) * 1000 / options.requests
        # The process's own CPU time: steadier than the clock on a machine doing other work.
        cpu = (time.process_time() - cpu_started) * 1000 / options.requests
        if options.no_profile:
            print(
                f"== {name} {path}: cold {cold:.1f} ms ({queries.count} queries), "
                f"warm {warm:.2f} ms ({cpu:.2f} ms CPU)"
            )
            continue
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(options.top)
        stats.sort_stats("cumulative").print_stats(options.top * 2)
        print(
            f"== {name} {path}: cold {cold:.1f} ms, warm {warm:.1f} ms (profiled), "
            f"{queries.count} queries cold"
        )
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:12000])


if __name__ == "__main__":
    main(sys.argv[1:])
