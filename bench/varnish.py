"""Reads at internet scale: Zipf readers through Varnish while an editor saves every 5 s.

Seeds the archive (as `pages` does), serves it with gunicorn (production settings, 2 workers,
a Redis of its own on a free port) behind varnishd running the shipped VCL
(deploy/varnish/newsroom.vcl), then measures:

- the hit ratio of readers choosing stories by a Zipf law (exponent BENCH_ZIPF, 1.1: the
  newest story the most read), with one request in twenty for a list (the front page, a
  section, the feed, the API's list), while an editor saves one of the 100 most read stories
  every 5 s: once with purges by surrogate key (this design), once purging every page on every
  save (the site-wide generation the server's cache used before). Varnish is first warmed
  with every address the readers will ask for, as a cache that has run for a day would be: what
  misses in the measured minute misses because of a purge, not because nobody asked before;
- the time from an edit's commit to the new headline being served through Varnish (p50, p99
  over the edits of both runs; few samples, so the p99 is near the maximum);
- throughput of a cached story page through Varnish as a ratio to `/robots.txt` served by
  gunicorn directly.

Needs varnishd with the xkey module, redis-server and wrk (`apt-get install -y varnish
varnish-modules redis-server wrk`). BENCH_READS (30,000 addresses in the readers' sequence),
BENCH_SECONDS (60 per run), BENCH_EDIT_INTERVAL (5).
"""

import bisect
import concurrent.futures
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.pages import (
    HOST,
    PYTHON,
    ROOT,
    WRK,
    database_url,
    env_int,
    free_port,
    get,
    gunicorn,
    manage,
    seeded_environment,
    server_env,
    wrk,
)

VCL = ROOT / "deploy" / "varnish" / "newsroom.vcl"
EDITED_RANKS = 100  # the editor works on the stories readers read most


def archive_addresses(env):
    """Every published story's slug, newest first (rank 1 is the most read), and the
    sections' addresses."""
    code = (
        "import json; from articles.models import Article, Section; print(json.dumps({"
        "'stories': list(Article.objects.published().latest_first()"
        ".values_list('slug', flat=True)), "
        "'sections': [s.get_absolute_url() for s in Section.objects.all()]}))"
    )
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])  # after whatever the shell prints first


def readers_sequence(slugs, count, exponent, lists):
    rng = random.Random(1)
    cumulative, total = [], 0.0
    for rank in range(1, len(slugs) + 1):
        total += rank**-exponent
        cumulative.append(total)
    paths = []
    for _ in range(count):
        if rng.random() < 0.05:
            paths.append(rng.choice(lists))
        else:
            rank = bisect.bisect_left(cumulative, rng.random() * total)
            paths.append(f"/stories/{slugs[rank]}/")
    return paths


def wrk_script(paths, folder):
    script = Path(folder) / "readers.lua"
    table = ",\n".join(json.dumps(path) for path in paths)
    script.write_text(
        f"local paths = {{\n{table}\n}}\n"
        "local i = 0\n"
        "function init(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)); "
        "i = math.random(#paths) end\n"
        "function request()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n"
    )
    return script


class Varnish:
    def __init__(self, backend_port, folder):
        self.folder = Path(folder)
        self.folder.chmod(0o755)  # varnishd reads the VCL as its own unprivileged user
        vcl = self.folder / "newsroom.vcl"
        vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
        self.port = free_port()
        self.instance = self.folder / "instance"
        self.pidfile = self.folder / "varnishd.pid"
        subprocess.run(
            ["varnishd", "-a", f"{HOST}:{self.port}", "-f", str(vcl), "-s", "malloc,1g",
             "-n", str(self.instance), "-P", str(self.pidfile), "-T", f"{HOST}:0"],
            check=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(self.port, "/robots.txt")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("Varnish did not start")
            time.sleep(0.2)

    def counters(self):
        output = subprocess.run(
            ["varnishstat", "-n", str(self.instance), "-1", "-j"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        data = json.loads(output)
        counters = data.get("counters", data)
        return {
            name: counters[f"MAIN.{name}"]["value"]
            for name in ("cache_hit", "cache_miss", "cache_hitmiss", "s_pass")
        }

    def purge_everything(self):
        import http.client

        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        connection.request("PURGE", "/", headers={"xkey-purge": "all"})
        connection.getresponse().read()
        connection.close()

    def stop(self):
        os.kill(int(self.pidfile.read_text()), signal.SIGTERM)


class OwnRedis:
    def __init__(self, folder):
        self.port = free_port()
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "",
             "--appendonly", "no", "--dir", str(folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(0.5)
        self.url = f"redis://{HOST}:{self.port}/0"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def warm(port, paths):
    """Ask Varnish for each address once, four at a time: a cache that has run for a day."""

    def fetch(path):
        return get(port, path)[0]

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(fetch, sorted(set(paths))))
    return sum(1 for status in statuses if status != 200)


def readers_under_edits(varnish, env, script, slugs, seconds, mode, interval):
    """wrk through Varnish for `seconds` while the editor saves; the hit ratio, the edits."""
    slugs_file = Path(script).with_name("edited.json")
    slugs_file.write_text(json.dumps(slugs[:EDITED_RANKS]))
    before = varnish.counters()
    editor = subprocess.Popen(
        [PYTHON, "-m", "bench.varnish", "editor", str(varnish.port), str(slugs_file),
         str(seconds), str(interval), mode],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    output = subprocess.run(
        [WRK, "-t2", "-c16", f"-d{seconds}s", "-s", str(script), f"http://{HOST}:{varnish.port}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    edits = json.loads(editor.communicate(timeout=120)[0])
    after = varnish.counters()
    delta = {name: after[name] - before[name] for name in after}
    served = delta["cache_hit"] + delta["cache_miss"] + delta["cache_hitmiss"]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "mode": mode,
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "hits": delta["cache_hit"],
        "misses": delta["cache_miss"] + delta["cache_hitmiss"],
        "hit_ratio": round(delta["cache_hit"] / served, 6) if served else None,
        "edits": len(edits),
        "edit_to_visible_ms": edits,
    }


def editor_main(varnish_port, slugs_file, seconds, interval, mode):
    """The editor (a process of its own, as the desk is): saves a popular story every
    `interval` seconds and measures how long the new headline takes to reach readers."""
    import django

    django.setup()
    from django.db import transaction

    from articles.models import Article
    from core.caching.purge import purge

    slugs = json.loads(Path(slugs_file).read_text())
    rng = random.Random(7)
    latencies = []
    ends = time.monotonic() + float(seconds)
    number = 0
    while time.monotonic() + float(interval) <= ends:
        next_edit = time.monotonic() + float(interval)
        number += 1
        story = Article.objects.get(slug=rng.choice(slugs))
        story.headline = f"{story.headline.split(' [edit')[0]} [edit {number}]"
        committed = {}
        with transaction.atomic():
            transaction.on_commit(
                lambda committed=committed: committed.setdefault("at", time.perf_counter())
            )
            story.save()
        if mode == "site-wide":
            purge({"all"})  # what the content generation did: every page stale
        marker = f"[edit {number}]".encode()
        while marker not in get(int(varnish_port), story.get_absolute_url())[1]:
            time.sleep(0.002)
        latencies.append(round((time.perf_counter() - committed["at"]) * 1000, 1))
        time.sleep(max(0, next_edit - time.monotonic()))
    print(json.dumps(latencies))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run():
    for tool in ("varnishd", "varnishstat", "redis-server"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed: apt-get install -y varnish varnish-modules "
                     "redis-server wrk, then run again.")  # fmt: skip
    if WRK is None:
        sys.exit("wrk is not installed: apt-get install -y wrk, then run again.")
    articles = env_int("BENCH_ARTICLES", 5000)
    seconds = env_int("BENCH_SECONDS", 60)
    interval = env_int("BENCH_EDIT_INTERVAL", 5)
    reads = env_int("BENCH_READS", 30000)
    exponent = float(os.environ.get("BENCH_ZIPF", "1.1"))
    base_env = seeded_environment(articles)
    folder = tempfile.mkdtemp(prefix="newsroom-bench-varnish-")
    static_root = Path(folder) / "static"
    redis = OwnRedis(folder)
    database = urlsplit(database_url()).scheme
    result = {"articles": articles, "database": database, "label": (database, articles)}
    try:
        env = {
            **server_env(base_env, page_cache=True, static_root=static_root),
            "REDIS_URL": redis.url,
            "NEWSROOM_PURGE_BACKEND": "varnish",
        }
        manage("collectstatic", "--noinput", "-v", "0", env=env)
        archive = archive_addresses(env)
        slugs = archive["stories"]
        with gunicorn(env) as port:
            varnish = Varnish(port, folder)
            env["NEWSROOM_VARNISH_URLS"] = f"http://{HOST}:{varnish.port}/"
            try:
                lists = ["/", "/feeds/", "/api/articles/", "/archive/", *archive["sections"][:3]]
                paths = readers_sequence(slugs, reads, exponent, lists)
                script = wrk_script(paths, folder)
                runs = []
                for mode in ("surrogate keys", "site-wide"):
                    varnish.purge_everything()
                    failed = warm(varnish.port, paths)
                    runs.append(
                        {
                            "warmed": len(set(paths)),
                            "warm_failures": failed,
                            **readers_under_edits(
                                varnish, env, script, slugs, seconds, mode, interval
                            ),
                        }
                    )
                story = paths[0]
                wrk(varnish.port, story, 1)
                through_varnish = [wrk(varnish.port, story, 5, connections=16)]
                direct = [wrk(port, "/robots.txt", 5, connections=16)]
                through_varnish.append(wrk(varnish.port, story, 5, connections=16))
                direct.append(wrk(port, "/robots.txt", 5, connections=16))
            finally:
                varnish.stop()
    finally:
        redis.stop()
        shutil.rmtree(folder, ignore_errors=True)
    varnish_rate = statistics.mean(r["requests_per_second"] for r in through_varnish)
    direct_rate = statistics.mean(r["requests_per_second"] for r in direct)
    latencies = [ms for one in runs for ms in one["edit_to_visible_ms"]]
    rows = [
        {
            "design": one["mode"],
            "requests": one["requests"],
            "req/s": round(one["requests_per_second"]),
            "hit ratio": f"{one['hit_ratio']:.3%}",
            "misses": one["misses"],
            "edits": one["edits"],
            "edit→visible p50 ms": statistics.median(one["edit_to_visible_ms"]),
            "edit→visible max ms": max(one["edit_to_visible_ms"]),
            "non-2xx": one["non_2xx"],
        }
        for one in runs
    ]
    throughput_rows = [
        {
            "cached story through Varnish req/s": round(varnish_rate),
            "robots.txt from gunicorn req/s": round(direct_rate),
            "ratio": round(varnish_rate / direct_rate, 2),
        }
    ]
    result.update(
        {
            "zipf_exponent": exponent,
            "reads_in_sequence": reads,
            "distinct_addresses": len(set(paths)),
            "seconds_per_run": seconds,
            "edit_interval_seconds": interval,
            "runs": runs,
            "edit_to_visible_p50_ms": statistics.median(latencies),
            "edit_to_visible_p99_ms": percentile(latencies, 0.99),
            "through_varnish": through_varnish,
            "direct": direct,
        }
    )
    return {"rows": rows, "throughput_rows": throughput_rows, **result}


if __name__ == "__main__" and sys.argv[1:2] == ["editor"]:
    editor_main(*sys.argv[2:])
