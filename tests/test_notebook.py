"""examples/first_analysis.ipynb runs top to bottom (nbclient, a fresh kernel, the repository's
example survey), so the notebook never rots. Skips with a message when nbclient, nbformat or
ipykernel is missing (they are in the test extra)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "first_analysis.ipynb"
NEEDED = ("nbclient", "nbformat", "ipykernel")


@pytest.mark.skipif(
    any(importlib.util.find_spec(name) is None for name in NEEDED),
    reason="nbclient, nbformat or ipykernel not installed (pip install -e '.[test]')",
)
def test_first_analysis_notebook_runs():
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any failure
    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.get("output_type") == "error"]
    # rot shows first as warnings: a renamed argument, an unstated missing-data rule
    stderr = "".join(out.get("text", "") for out in outputs if out.get("name") == "stderr")
    for warning in ("FutureWarning", "DeprecationWarning", "MissingDataWarning"):
        assert warning not in stderr, stderr
    html = [out["data"]["text/html"] for out in outputs if "text/html" in out.get("data", {})]
    # the cards render: the network's (relnet.display) and the brokerage result's
    assert any("Network: 300 people" in h for h in html)
    assert any("BrokerageResult" in h for h in html)
    assert any("<strong>Survey</strong>" in h for h in html)
    assert any("IngestReport: nominations.csv" in h for h in html)
