"""The shared kernel: caching, the API's building blocks, HTML, images, the task queue.

It imports no app (the import contracts in pyproject.toml hold it to that): apps fill its
registries (`core.caching.register`, `register_refresher`…) from their AppConfig.ready().
"""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core import previous_state

        previous_state.connect()
