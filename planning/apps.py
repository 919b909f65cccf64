from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = "The diary"

    def ready(self):
        from planning import panels, signals

        signals.connect_signals()
        panels.register()
