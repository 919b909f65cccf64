"""Reads to the read replica, writes to the primary: installed when DATABASE_REPLICA_URL is set.

Inside a transaction on the primary every read stays on the primary: a service that writes a
story and reads it back (publishing, ingest, the admin's save) must see its own write, which a
replica may not have yet. Outside one, a read may lag the primary by the replication delay;
the page cache already lets readers see a page up to a minute old, so this is no new promise.
"""

from django.db import connections

PRIMARY = "default"
REPLICA = "replica"


def primary_in_transaction():
    return connections[PRIMARY].in_atomic_block


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if primary_in_transaction():
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, first, second, **hints):
        # Both aliases hold the same rows: an object read from the replica may be related
        # to one written to the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives the schema by replication, never by `migrate`.
        return db == PRIMARY
