from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from articles import caching, linker

        linker.connect_signals()
        caching.register()
