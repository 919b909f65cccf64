from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from articles import caching, linker, story_index

        linker.connect_signals()
        story_index.connect_signals()
        caching.register()
