"""The demo: the world of the fixtures, built from annotated sources, and the commands that
build, load and grow it (`build_fixtures`, `load_demo`, `seed_synthetic`, `create_demo_editor`)."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Demo"
