"""The real processes of the multihost tests (bench/processes.py, shared with the benchmarks),
with the tests' rule for a missing PostgreSQL: skip locally, fail under CI=true."""

from bench.processes import (  # noqa: F401 (the tests' one door to them)
    POSTGRES_INSTALL_HINT,
    POSTGRES_TOOLS,
    Server,
    Worker,
    get,
    manage,
    site_environment,
    wait_until,
)
from bench.processes import PostgresPair as Pair
from tests.conftest import require_tool


class PostgresPair(Pair):
    def __init__(self, *args, **kwargs):
        require_tool(POSTGRES_TOOLS, POSTGRES_INSTALL_HINT)
        super().__init__(*args, **kwargs)
