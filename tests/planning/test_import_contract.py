"""The diary listens to the stories and never the other way round: no module of the story
code (articles/), the world (events/) or the project's kernel (newsroom/) imports planning/,
not even lazily inside a function. (issue 26's import-linter contracts say the same for
`make lint`; this test holds until they land and keeps holding after.)"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# core/ holds the kernel once issue 26 moves it out of newsroom/.
NEVER_IMPORTING_PLANNING = [
    name for name in ("articles", "events", "newsroom", "core") if (ROOT / name).is_dir()
]


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield str(node.args[0].value)


def offending_imports(package):
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for module in imported_modules(path):
            if module == "planning" or module.startswith("planning."):
                found.append(f"{path.relative_to(ROOT)} imports {module}")
    return found


@pytest.mark.parametrize("package", NEVER_IMPORTING_PLANNING)
def test_the_story_code_imports_nothing_from_planning(package):
    assert offending_imports(package) == []


def test_the_check_finds_an_import_when_there_is_one(tmp_path, monkeypatch):
    """The test above can fail: a planted import is found, lazy or not."""
    package = tmp_path / "fake"
    package.mkdir()
    (package / "models.py").write_text(
        "def f():\n    from planning.models import CoverageItem\n    return CoverageItem\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert offending_imports("fake") == ["fake/models.py imports planning.models"]
