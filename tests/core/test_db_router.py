"""The read-replica router: reads to the replica, writes and in-transaction reads to the primary."""

import pytest

from articles.models import Article
from core import db_router
from core.db_router import PrimaryReplicaRouter

router = PrimaryReplicaRouter()


@pytest.fixture
def outside_transaction(monkeypatch):
    monkeypatch.setattr(db_router, "primary_in_transaction", lambda: False)


def test_reads_go_to_the_replica(outside_transaction):
    assert router.db_for_read(Article) == "replica"


def test_reads_inside_a_transaction_stay_on_the_primary(monkeypatch):
    monkeypatch.setattr(db_router, "primary_in_transaction", lambda: True)
    assert router.db_for_read(Article) == "default"


def test_writes_go_to_the_primary(outside_transaction):
    assert router.db_for_write(Article) == "default"
    assert router.db_for_write(Article, instance=Article()) == "default"


def test_objects_from_either_database_may_be_related():
    assert router.allow_relation(Article(), Article()) is True


def test_only_the_primary_is_migrated():
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


def test_the_router_is_installed_only_with_a_replica_url(monkeypatch):
    import importlib

    from newsroom.settings import base

    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://reader@replica.example:5432/newsroom")
    replica_settings = importlib.reload(base)
    try:
        assert replica_settings.DATABASES["replica"]["HOST"] == "replica.example"
        assert replica_settings.DATABASES["replica"]["TEST"] == {"MIRROR": "default"}
        assert replica_settings.DATABASE_ROUTERS == ["core.db_router.PrimaryReplicaRouter"]
    finally:
        monkeypatch.delenv("DATABASE_REPLICA_URL")
        plain_settings = importlib.reload(base)
    assert "replica" not in plain_settings.DATABASES
    assert plain_settings.DATABASE_ROUTERS == []
