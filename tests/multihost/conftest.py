"""Fixtures for more than one machine: a real object store, and the site's storage pointed at it."""

import pytest

from tests.multihost.object_store import ObjectStore


@pytest.fixture(scope="session")
def object_store():
    store = ObjectStore()
    yield store
    store.stop()


@pytest.fixture
def bucket(object_store):
    return object_store.new_bucket()


@pytest.fixture
def media_in_bucket(settings, object_store, bucket):
    """The site's media (STORAGES["default"]) in a fresh bucket of the real object store."""
    from newsroom.settings.media import media_storage_settings

    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage_settings(object_store.environment(bucket)),
    }
    return bucket
