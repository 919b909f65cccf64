"""The replica router: public reads to a replica that has applied the latest change; the desk,
tokens, writers, workers and transactions to the primary. (A real lagging replica:
tests/multihost/test_replica.py.)"""

import importlib

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from articles.models import Article
from core import db_router
from core.db_router import PrimaryReplicaRouter, ReplicaReadsMiddleware

router = PrimaryReplicaRouter()


@pytest.fixture
def one_replica(monkeypatch):
    """A replica that has applied every change (the real replay check, against a real lagging
    standby, is in tests/multihost/test_replica.py)."""
    monkeypatch.setattr(db_router, "replica_aliases", lambda: ["replica"])
    monkeypatch.setattr(db_router, "has_replayed", lambda alias, position: True)
    monkeypatch.setattr(db_router, "fence", lambda: 0)
    return "replica"


def read_during(request, answer=lambda: router.db_for_read(Article)):
    """Where the router sends a read made while `request` is being answered."""
    seen = {}

    def view(request):
        seen["alias"] = answer()
        return HttpResponse("ok")

    response = ReplicaReadsMiddleware(view)(request)
    return seen["alias"], response


def test_an_anonymous_read_goes_to_a_replica(one_replica, monkeypatch):
    monkeypatch.setattr(db_router, "primary_in_transaction", lambda: False)
    alias, _ = read_during(RequestFactory().get("/"))
    assert alias == "replica"


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"HTTP_AUTHORIZATION": "Token abc"},
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": f"{db_router.WROTE_COOKIE}=1"},
    ],
    ids=["a token", "a session", "a write a moment ago"],
)
def test_reads_of_the_desk_tokens_and_recent_writers_go_to_the_primary(
    one_replica, monkeypatch, request_kwargs
):
    monkeypatch.setattr(db_router, "primary_in_transaction", lambda: False)
    alias, _ = read_during(RequestFactory().get("/", **request_kwargs))
    assert alias == "default"


def test_a_write_sends_its_browser_to_the_primary_for_a_few_seconds(one_replica, settings):
    settings.NEWSROOM_READ_YOUR_WRITES_SECONDS = 7
    _, response = read_during(RequestFactory().post("/admin/"))
    cookie = response.cookies[db_router.WROTE_COOKIE]
    assert cookie["max-age"] == 7 and cookie["httponly"]


def test_reads_outside_a_request_go_to_the_primary(one_replica, monkeypatch):
    """A task worker making a page ahead must see the change that asked for it."""
    monkeypatch.setattr(db_router, "primary_in_transaction", lambda: False)
    assert router.db_for_read(Article) == "default"


def test_reads_inside_a_transaction_stay_on_the_primary(one_replica, monkeypatch):
    monkeypatch.setattr(db_router, "primary_in_transaction", lambda: True)
    alias, _ = read_during(RequestFactory().get("/"))
    assert alias == "default"


def test_writes_go_to_the_primary():
    assert router.db_for_write(Article) == "default"
    assert router.db_for_write(Article, instance=Article()) == "default"


def test_objects_from_either_database_may_be_related():
    assert router.allow_relation(Article(), Article()) is True


def test_only_the_primary_is_migrated():
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False
    assert router.allow_migrate("replica_2", "articles") is False


def test_lsns_compare_as_positions():
    assert db_router.parse_lsn("16/B374D848") > db_router.parse_lsn("16/3002D50")
    assert db_router.parse_lsn("17/0") > db_router.parse_lsn("16/FFFFFFFF")


@pytest.mark.parametrize(
    ("environment", "aliases"),
    [
        ({"DATABASE_REPLICA_URL": "postgres://reader@one.example:5432/newsroom"}, ["replica"]),
        (
            {
                "DATABASE_REPLICA_URLS": (
                    "postgres://reader@one.example:5432/newsroom, "
                    "postgres://reader@two.example:5432/newsroom"
                )
            },
            ["replica", "replica_2"],
        ),
    ],
    ids=["one replica", "two replicas"],
)
def test_the_router_is_installed_only_with_replica_urls(monkeypatch, environment, aliases):
    from newsroom.settings import base

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    replica_settings = importlib.reload(base)
    try:
        assert [a for a in replica_settings.DATABASES if a != "default"] == aliases
        assert replica_settings.DATABASES["replica"]["HOST"] == "one.example"
        assert replica_settings.DATABASES["replica"]["TEST"] == {"MIRROR": "default"}
        assert replica_settings.DATABASE_ROUTERS == ["core.db_router.PrimaryReplicaRouter"]
        assert replica_settings.MIDDLEWARE[0] == "core.db_router.ReplicaReadsMiddleware"
    finally:
        for name in environment:
            monkeypatch.delenv(name)
        plain_settings = importlib.reload(base)
    assert "replica" not in plain_settings.DATABASES
    assert plain_settings.DATABASE_ROUTERS == []
    assert "core.db_router.ReplicaReadsMiddleware" not in plain_settings.MIDDLEWARE
