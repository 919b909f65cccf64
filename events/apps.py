from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "People, events and agreements"

    def ready(self):
        from events import caching

        caching.register()
