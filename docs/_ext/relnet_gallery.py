"""A small gallery of ``examples/*.py`` and ``examples/*.ipynb``: each script's docstring,
source, printed output and figures, and each notebook's cells and outputs, executed at build
time (notebooks with nbclient).

Why not sphinx-gallery: the examples are plain runnable scripts (``python examples/x.py``)
whose docstrings are prose, not sphinx-gallery's reST title blocks, and they print tables
rather than build figures cell by cell. This extension runs each script once in a fresh
process (``MPLBACKEND=Agg``, working directory a scratch folder under the build), captures
what it prints, saves every matplotlib figure it made (and any PNG it wrote)
and writes one Markdown page per example into ``docs/gallery/`` (generated; not committed).
A script that fails stops the build (the docs build runs with warnings as errors).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

# Runs the example like ``python examples/x.py`` and then saves the figures left open.
_RUNNER = textwrap.dedent(
    """
    import runpy, sys
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.figure
    script, out = sys.argv[1], sys.argv[2]
    sys.argv = [script]
    made = []  # every figure the script creates, through pyplot or not, closed or not
    init = matplotlib.figure.Figure.__init__
    def record(self, *args, **kwargs):
        init(self, *args, **kwargs)
        made.append(self)
    matplotlib.figure.Figure.__init__ = record
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as stop:
        if stop.code not in (None, 0):
            raise
    for k, fig in enumerate([f for f in made if f.axes], start=1):
        fig.savefig(f"{out}/figure_{k}.png", dpi=90, bbox_inches="tight")
    """
)


def _docstring(path: Path) -> str:
    text = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return text.strip()


def _run(path: Path, out: Path, timeout: float) -> str:
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONWARNINGS="ignore")
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(path), str(out)],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"gallery: {path.name} failed (exit {done.returncode}):\n{done.stderr[-3000:]}"
        )
    return done.stdout


def _page(path: Path, output: str | None, figures: list[Path], static: Path) -> str:
    title = path.stem.replace("_", " ").capitalize()
    doc = _docstring(path)
    lines = [f"# {title}", "", f"`examples/{path.name}`", ""]
    lines += ["```text", doc, "```", ""] if doc else []
    lines += ["## Source", "", "```python", path.read_text(encoding="utf-8").rstrip(), "```", ""]
    if output is None:
        lines += ["*Not executed in this build (`RELNET_DOCS_EXECUTE=0`).*", ""]
    else:
        lines += ["## Output", "", "```text", output.rstrip() or "(no output)", "```", ""]
        for k, fig in enumerate(figures, start=1):
            rel = os.path.relpath(fig, static)
            lines += [f"![Figure {k} of {path.name}](_figures/{rel})", ""]
    return "\n".join(lines)


def _notebook_page(path: Path, execute: bool, figures: Path, timeout: float) -> str:
    """The notebook as a page: its Markdown cells, code and (executed here) outputs."""
    import base64

    import nbformat

    nb = nbformat.read(path, as_version=4)
    note = ""
    if execute:
        try:
            from nbclient import NotebookClient
        except ImportError:  # the test extra brings nbclient; a docs-only install may not
            note = "*Outputs not shown: nbclient is not installed.*"
        else:
            root = str(path.resolve().parents[1])  # the notebook reads datasets/ from there
            client = NotebookClient(nb, timeout=timeout, kernel_name="python3")
            client.resources = {"metadata": {"path": root}}
            client.execute()
    else:
        note = "*Not executed in this build (`RELNET_DOCS_EXECUTE=0`).*"
    figures.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    n_figures = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            # links written for the repository (examples/ -> ../docs/x.md) -> docs/gallery/
            lines += [cell.source.replace("](../docs/", "](../"), ""]
            if not note and len(lines) == 2:
                lines += [f"`examples/{path.name}`, run when this site was built.", ""]
            continue
        if cell.cell_type != "code":
            continue
        lines += ["```python", cell.source, "```", ""]
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data:
                n_figures += 1
                png = figures / f"figure_{n_figures}.png"
                png.write_bytes(base64.b64decode(data["image/png"]))
                lines += [f"![Figure {n_figures}](_figures/{path.stem}/{png.name})", ""]
            elif "text/html" in data:
                lines += ["```{raw} html", data["text/html"].strip(), "```", ""]
            elif "text/plain" in data:
                lines += ["```text", data["text/plain"], "```", ""]
            elif out.get("output_type") == "stream" and out.get("name") == "stdout":
                lines += ["```text", out.get("text", "").rstrip(), "```", ""]
    if note:
        lines[2:2] = [note, ""]
    return "\n".join(lines)


def build_gallery(app) -> None:  # noqa: ANN001 (Sphinx application)
    examples = Path(app.config.relnet_gallery_examples)
    execute = bool(app.config.relnet_gallery_execute)
    gallery = Path(app.srcdir) / "gallery"
    figures_root = gallery / "_figures"
    gallery.mkdir(exist_ok=True)
    scripts = sorted(p for p in examples.glob("*.py") if not p.name.startswith("_"))
    entries = []
    for script in scripts:
        output, figures = None, []
        if execute:
            scratch = Path(app.outdir).parent / "gallery_run" / script.stem
            output = _run(script, scratch, timeout=600)
            target = figures_root / script.stem
            target.mkdir(parents=True, exist_ok=True)
            for old in target.glob("*.png"):
                old.unlink()
            for png in sorted(scratch.rglob("*.png")):
                dest = target / png.name
                dest.write_bytes(png.read_bytes())
                figures.append(dest)
        page = _page(script, output, figures, figures_root)
        page_path = gallery / f"{script.stem}.md"
        if not page_path.exists() or page_path.read_text(encoding="utf-8") != page:
            page_path.write_text(page, encoding="utf-8")
        summary = (_docstring(script).split("\n\n")[0] or script.stem).replace("\n", " ")
        entries.append((script.stem, summary))
    for notebook in sorted(examples.glob("*.ipynb")):
        page = _notebook_page(notebook, execute, figures_root / notebook.stem, timeout=600)
        page_path = gallery / f"{notebook.stem}.md"
        if not page_path.exists() or page_path.read_text(encoding="utf-8") != page:
            page_path.write_text(page, encoding="utf-8")
        entries.append((notebook.stem, "the notebook: " + notebook.stem.replace("_", " ")))
    index = ["# Gallery", "", "The scripts and notebook in `examples/`, run when the site was"]
    index += ["built.", ""]
    index += ["```{toctree}", ":hidden:", ""] + [name for name, _ in entries] + ["```", ""]
    index += [f"- [{name}]({name}.md): {summary}" for name, summary in entries]
    text = "\n".join(index) + "\n"
    index_path = gallery / "index.md"
    if not index_path.exists() or index_path.read_text(encoding="utf-8") != text:
        index_path.write_text(text, encoding="utf-8")


def setup(app):  # noqa: ANN001, ANN201 (Sphinx extension entry point)
    app.add_config_value("relnet_gallery_examples", "examples", "env")
    app.add_config_value("relnet_gallery_execute", True, "env")
    app.connect("builder-inited", build_gallery)
    return {"version": "1", "parallel_read_safe": True}
