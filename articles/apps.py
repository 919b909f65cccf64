from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from articles import linker
        from newsroom import page_cache

        linker.connect_signals()
        page_cache.connect_signals()
