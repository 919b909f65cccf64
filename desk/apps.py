from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = "The desk"

    def ready(self):
        from desk import signals

        signals.connect_signals()
