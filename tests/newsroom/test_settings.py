"""Configuration from the environment: production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.settings.base import env_bool, env_list

PROJECT = Path(__file__).resolve().parents[2]
REAL_LOOKING_ENV = {
    "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
    "DJANGO_SECRET_KEY": "k8#2vQ!x9mZ$wLr4@tYp7&nB0cF5hJ1dS6gA3eR8uI2oP9lK4jH7",
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "DATABASE_URL": "sqlite:////tmp/newsroom-deploy-check.sqlite3",
}


def manage(*args, env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=REAL_LOOKING_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_renders_with_the_cached_template_loader():
    # Django caches compiled templates unless `loaders` is set by hand: production must not.
    script = "from django.template import engines; print(engines['django'].engine.loaders[0][0])"
    result = manage("shell", "-c", script, env=REAL_LOOKING_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "django.template.loaders.cached.Loader"


@pytest.mark.parametrize(
    "missing, message",
    [
        ("DJANGO_SECRET_KEY", "Set DJANGO_SECRET_KEY"),
        ("DJANGO_ALLOWED_HOSTS", "Set DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without(missing, message):
    env = {key: value for key, value in REAL_LOOKING_ENV.items() if key != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", env={**REAL_LOOKING_ENV, "DJANGO_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_boolean_variables_refuse_to_guess(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("DJANGO_DEBUG")
    monkeypatch.setenv("DJANGO_DEBUG", "False")
    assert env_bool("DJANGO_DEBUG", True) is False


def test_list_variables_ignore_blanks(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", " a.example, ,b.example,")
    assert env_list("DJANGO_ALLOWED_HOSTS") == ["a.example", "b.example"]


def test_database_url_selects_the_database():
    result = manage(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.db import connection as c; print(c.vendor, c.settings_dict['NAME'])",
        env={"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/elsewhere"},
    )
    assert result.stdout.split() == ["postgresql", "elsewhere"], result.stderr
