"""The repository is self-contained: a clone has nothing beside it, so nothing may read there."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Spelt in two parts so this file does not match itself.
OUTSIDE = "../" + "shared"


def tracked_files():
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked files cannot be listed")
    return [ROOT / name for name in listing.decode().split("\0") if name]


def test_no_tracked_file_refers_to_a_folder_outside_the_repository():
    offenders = []
    for path in tracked_files():
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        offenders += [
            f"{path.relative_to(ROOT)}:{number}"
            for number, line in enumerate(text.splitlines(), 1)
            if OUTSIDE in line
        ]
    assert offenders == [], f"these lines read {OUTSIDE}, which a clone does not have"
