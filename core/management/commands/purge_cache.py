"""Purge surrogate keys from every cache by hand: after a change made without signals (a
`QuerySet.update()`, a bulk import, a fix in the database), or everything after a deploy that
changed the templates."""

import re

from django.core.management.base import BaseCommand, CommandError

from core.caching.cdn import purge_backend
from core.caching.keys import EVERYTHING
from core.caching.purge import purge
from core.signals import security_event

KEY = re.compile(r"^(\*|[a-z]+\d*)(:[a-z]+)?\*?$")


class Command(BaseCommand):
    help = (
        "Purge surrogate keys (a12: story 12; p5:a: person 5's stories; a: every list of "
        "stories) from the server's page cache and the HTTP cache in front; --all for every page."
    )

    def add_arguments(self, parser):
        parser.add_argument("keys", nargs="*", help="surrogate keys, as pages send them")
        parser.add_argument("--all", action="store_true", help="every cached page")

    def handle(self, *args, keys, all, **options):
        if all:
            keys = [*keys, EVERYTHING]
        if not keys:
            raise CommandError("Name the keys to purge (a12 p5:a …), or --all for every page.")
        wrong = [key for key in keys if key != EVERYTHING and not KEY.match(key)]
        if wrong:
            raise CommandError(
                f"Not a surrogate key: {', '.join(wrong)}. Keys look like a12, p5:a, a, a*; "
                "a page's keys are in its Surrogate-Key (or xkey, Cache-Tag) header."
            )
        purge(set(keys))
        backend = purge_backend()
        where = f"the page cache and {backend}" if backend else "the page cache"
        # A purge by hand is someone's decision: the audit trail records it (a command's
        # entry has no actor; its origin says "command").
        security_event.send(
            sender=type(self),
            action="cache_purged",
            actor=None,
            target=None,
            request=None,
            detail=f"{', '.join(sorted(set(keys)))} from {where}",
        )
        self.stdout.write(f"Purged {len(keys)} key(s) from {where}.")
