"""Shared fixtures: the thidua CLI under test (THIDUA_CLI) and the bundled example."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "an-giang-2026"


@pytest.fixture(scope="session")
def thidua():
    cli = os.environ.get("THIDUA_CLI")
    assert cli, "set THIDUA_CLI to the thidua program"

    def run(*args, check=True):
        done = subprocess.run([cli, *map(str, args)], capture_output=True, text=True, cwd=ROOT)
        if check:
            assert done.returncode == 0, done.stderr
        return done

    return run
