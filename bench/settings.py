"""The benchmark's server: production settings, plus the one-query view it measures against
(`bench/urls.py`). Never used outside `bench/pages.py`."""

from newsroom.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
