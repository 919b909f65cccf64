"""Real processes for more than one machine: a PostgreSQL primary with a streaming standby
(lagging on purpose in the tests), application servers (gunicorn), task workers; each on free
loopback ports, each stopped by whoever started it. Shared by the multihost tests
(`tests/multihost/processes.py` adds their skip when PostgreSQL is absent) and the benchmarks
(`bench/replica.py`), which need nothing of the tests: nothing here imports pytest."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGRES_TOOLS = [POSTGRES_BIN / "initdb", POSTGRES_BIN / "pg_basebackup"]
POSTGRES_INSTALL_HINT = "apt-get install -y postgresql-15"


class MissingTool(RuntimeError):
    """A program these processes need is not installed (the message says how to install it)."""


def free_port():
    """A TCP port nothing listens on, for a server about to be started."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout=20, interval=0.05, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"{what} did not happen within {timeout} s")


class PostgresPair:
    """A primary and a streaming standby (`pg_basebackup -R`) of our own, in a temporary folder,
    the standby applying each change `apply_delay` after it (recovery_min_apply_delay).

    The machine's own server (5432) allows no replication; this pair is the caller's own.
    PostgreSQL refuses to run as root, so the servers run as the `postgres` user."""

    def __init__(self, apply_delay="2s", standby=True):
        missing = [str(path) for path in POSTGRES_TOOLS if not path.exists()]
        if missing:
            raise MissingTool(f"needs {', '.join(missing)} ({POSTGRES_INSTALL_HINT})")
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-pg-pair-"))
        shutil.chown(self.folder, "postgres")
        self.primary_port = free_port()
        self.standby_port = free_port()
        self.apply_delay = apply_delay
        self.run_as_postgres(
            POSTGRES_BIN / "initdb", "-D", self.folder / "primary", "-A", "trust", "-U", "postgres"
        )
        self.start("primary", self.primary_port, "-c wal_level=replica")
        # The database exists before the base backup: the standby has it from its first moment,
        # not `apply_delay` later (a query on it in between would find no database).
        self.run_as_postgres(
            "psql", "-h", "127.0.0.1", "-p", self.primary_port, "-U", "postgres",
            "-c", "CREATE DATABASE newsroom",
        )  # fmt: skip
        if standby:
            self.start_standby()

    def start_standby(self):
        self.run_as_postgres(
            POSTGRES_BIN / "pg_basebackup",
            "-h", "127.0.0.1", "-p", self.primary_port, "-U", "postgres",
            "-D", self.folder / "standby", "-R", "-X", "stream",
        )  # fmt: skip
        with (self.folder / "standby" / "postgresql.auto.conf").open("a") as conf:
            conf.write(f"recovery_min_apply_delay = '{self.apply_delay}'\n")
        self.start("standby", self.standby_port)

    def run_as_postgres(self, *command):
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, command)],
            check=True,
            capture_output=True,
            cwd=self.folder,
        )

    def start(self, name, port, options=""):
        self.run_as_postgres(
            POSTGRES_BIN / "pg_ctl", "-D", self.folder / name, "-w",
            "-l", self.folder / f"{name}.log",
            "-o", f"-p {port} -k {self.folder} -c listen_addresses=127.0.0.1 {options}",
            "start",
        )  # fmt: skip

    def stop(self, name, mode="fast"):
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(POSTGRES_BIN / "pg_ctl"), "-D",
             str(self.folder / name), "-m", mode, "-w", "stop"],
            capture_output=True,
            cwd=self.folder,
        )  # fmt: skip

    def url(self, name="primary"):
        port = self.primary_port if name == "primary" else self.standby_port
        return f"postgres://postgres@127.0.0.1:{port}/newsroom"

    def query(self, name, sql):
        import psycopg

        with psycopg.connect(self.url(name).replace("postgres://", "postgresql://")) as conn:
            return conn.execute(sql).fetchall()

    def destroy(self):
        if (self.folder / "standby").exists():
            self.stop("standby", "immediate")
        self.stop("primary", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def site_environment(**overrides):
    """The environment of an application server or worker: production-like, over plain HTTP."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE", "NEWSROOM_", "REDIS_URL", "DJANGO_", "PYTEST"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings.dev",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="multihost-test-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        NEWSROOM_TASKS="database",
    )
    env.update({key: str(value) for key, value in overrides.items()})
    env.setdefault("DJANGO_STATIC_ROOT", collected_static_files())
    return env


def collected_static_files(_collected={}):  # noqa: B006 (once per process)
    """A STATIC_ROOT with collectstatic run into it: the manifest production's storage reads."""
    if "root" not in _collected:
        root = tempfile.mkdtemp(prefix="newsroom-static-")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
        env.update(DJANGO_SETTINGS_MODULE="newsroom.settings.dev", DJANGO_STATIC_ROOT=root)
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        _collected["root"] = root
    return _collected["root"]


def manage(*args, env, check=True, input=None):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=check,
        capture_output=True,
        text=True,
        input=input,
        timeout=180,
    )


class Server:
    """gunicorn serving the site (production's WSGI application) with `env`."""

    def __init__(self, env, workers=2, port=None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="newsroom-gunicorn-", suffix=".log")  # noqa: SIM115
        self.process = subprocess.Popen(
            [GUNICORN, "newsroom.wsgi:application", "-b", f"127.0.0.1:{self.port}",
             "-w", str(workers), "--access-logfile", "/dev/null", "--graceful-timeout", "2"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_until(self.answers, timeout=30, what=f"gunicorn on {self.port}")

    def log_tail(self, characters=4000):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-characters:]

    def answers(self):
        if self.process.poll() is not None:
            self.log.seek(0)
            raise RuntimeError(f"gunicorn stopped:\n{self.log.read().decode()[-3000:]}")
        try:
            urllib.request.urlopen(self.url + "/robots.txt", timeout=2).read()
            return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class Worker:
    """`manage.py run_worker` as its own process (the task queue in the database)."""

    def __init__(self, env):
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "run_worker"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def get(url, headers=None, timeout=10):
    """(status, headers, text) of a GET, errors included (a 503 is an answer, not a failure)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")
