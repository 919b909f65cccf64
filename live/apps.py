from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = "Live coverage"

    def ready(self):
        from live import caching, pushes, story_page
        from live.api import ninjs

        caching.register()
        story_page.register()
        ninjs.register()
        pushes.connect_signals()
