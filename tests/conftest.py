"""Shared fixtures: the reference data in ../shared (tests skip when it is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATASETS = SHARED / "datasets"
SNA_REFERENCE = SHARED / "reference" / "sna"


def sna_reference_files() -> list[Path]:
    """The per-relation sna reference JSON files (empty when ../shared is absent)."""
    if not SNA_REFERENCE.is_dir():
        return []
    return sorted(p for p in SNA_REFERENCE.glob("*__*.json") if not p.stem.endswith("__models"))


def load_reference(path: Path) -> dict:
    return json.loads(path.read_text())


@pytest.fixture
def shared_datasets() -> Path:
    if not DATASETS.is_dir():
        pytest.skip("../shared/datasets is absent")
    return DATASETS
