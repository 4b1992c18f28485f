"""The examples run end to end (smoke tests)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _load(name: str) -> dict:
    return runpy.run_path(str(EXAMPLES / name), run_name="example")


def test_health_system_outcomes_runs(capsys):
    assert _load("health_system_outcomes.py")["main"](1500) == 0
    out = capsys.readouterr().out
    assert "Team fidelity" in out and "MRQAP" in out


def test_ckm_adoption_runs_or_skips_politely(capsys):
    example = _load("ckm_adoption.py")
    assert example["main"]() == 0
    out = capsys.readouterr().out
    if example["find_data"]() is None:
        assert "not found" in out
    else:
        assert "physicians with adoption data" in out and "By city" in out


def test_ckm_adoption_skips_without_data(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("RELNET_DATASETS", str(tmp_path))
    assert _load("ckm_adoption.py")["main"]() == 0
    assert "nothing to do" in capsys.readouterr().out


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_examples_are_scripts():
    for path in EXAMPLES.glob("*.py"):
        assert 'if __name__ == "__main__":' in path.read_text()
