"""The relnet command: each subcommand, its exit codes and its messages on bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from relnet.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "datasets" / "example_health_system"


def run(*argv: str) -> int:
    return main(list(argv))


def test_python_dash_m_and_help():
    done = subprocess.run(
        [sys.executable, "-m", "relnet", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    for command in COMMANDS:
        assert command in done.stdout


COMMANDS = ["demo", "report", "metrics", "validate", "synth", "summary", "champions", "communities"]


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as stop:
        run(command, "--help")
    assert stop.value.code == 0
    assert "Example: relnet " in capsys.readouterr().out


def test_usage_errors_exit_2(capsys):
    assert run() == 2
    with pytest.raises(SystemExit) as stop:
        run("no-such-command")
    assert stop.value.code == 2
    with pytest.raises(SystemExit) as stop:
        run("metrics", str(EXAMPLE))  # --out is required
    assert stop.value.code == 2


def test_synth_writes_the_files_and_a_readme(tmp_path, capsys):
    out = tmp_path / "sys"
    assert run("synth", "--staff", "120", "--sites", "2", "--seed", "3", "--out", str(out)) == 0
    roster = pd.read_csv(out / "roster.csv")
    assert len(roster) == 120 and roster["site"].nunique() == 2
    assert "relnet synth --staff 120 --sites 2" in (out / "README.md").read_text()
    assert "wrote 120 staff" in capsys.readouterr().out


def test_bundled_example_is_what_its_readme_command_makes(tmp_path):
    # the README states the command; running it again gives the same files
    assert run(
        "synth", "--staff", "300", "--sites", "3", "--waves", "2", "--seed", "7",
        "--out", str(tmp_path),
    ) == 0  # fmt: skip
    for name in ("nominations.csv", "roster.csv", "outcomes_team.csv"):
        assert (tmp_path / name).read_text() == (EXAMPLE / name).read_text(), name


def test_summary_of_the_example(capsys):
    assert run("summary", str(EXAMPLE)) == 0
    text = capsys.readouterr().out
    noms = pd.read_csv(EXAMPLE / "nominations.csv")
    roster = pd.read_csv(EXAMPLE / "roster.csv")
    assert f"people: {len(roster)}" in text
    assert f"respondents: {int(roster['responded'].sum())}" in text
    counts = noms.groupby(["relation", "wave"]).size()
    for (relation, wave), count in counts.items():
        line = next(row for row in text.splitlines() if row.split()[:2] == [relation, str(wave)])
        assert int(line.split()[2]) == count


def test_bad_input_exits_2_with_one_line_and_no_traceback(tmp_path, capsys):
    assert run("summary", str(tmp_path / "missing.csv")) == 2
    err = capsys.readouterr().err
    assert err.startswith("relnet: error: ") and err.count("\n") == 1
    assert "missing.csv" in err and "Traceback" not in err
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert run("validate", str(empty)) == 2
    captured = capsys.readouterr()
    assert "empty" in captured.err.lower() and captured.out == ""


def test_validate_prints_the_report(capsys):
    code = run(
        "validate", str(EXAMPLE / "nominations.csv"), "--roster", str(EXAMPLE / "roster.csv")
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "long" in out  # the layout it detected


def test_metrics_node_and_group_level(tmp_path):
    nodes = tmp_path / "nodes.csv"
    assert run(
        "metrics", str(EXAMPLE), "--relation", "trust", "--wave", "1",
        "--level", "node", "--out", str(nodes),
    ) == 0  # fmt: skip
    table = pd.read_csv(nodes, index_col=0)
    assert len(table) == 300
    groups = tmp_path / "groups.csv"
    assert run(
        "metrics", str(EXAMPLE), "--relation", "trust", "--wave", "1",
        "--level", "group", "--by", "site", "--out", str(groups),
    ) == 0  # fmt: skip
    assert len(pd.read_csv(groups)) == 3


def test_metrics_group_level_needs_by(tmp_path, capsys):
    code = run(
        "metrics", str(EXAMPLE), "--relation", "trust", "--wave", "1",
        "--level", "group", "--out", str(tmp_path / "g.csv"),
    )  # fmt: skip
    assert code == 2
    assert "--by" in capsys.readouterr().err


def test_ambiguous_relation_is_bad_input(tmp_path, capsys):
    code = run("metrics", str(EXAMPLE), "--out", str(tmp_path / "x.csv"))
    assert code == 2
    assert "relation" in capsys.readouterr().err


def test_report_command_writes_a_linked_report(tmp_path, capsys):
    out = tmp_path / "report"
    code = run(
        "--quiet", "report", str(EXAMPLE), "--relation", "trust", "--wave", "1",
        "--outcomes", str(EXAMPLE / "outcomes_site.csv"), "--on", "site", "--by", "site",
        "--out", str(out),
    )  # fmt: skip
    assert code == 0
    assert (out / "index.html").exists()
    assert str(out / "index.html") in capsys.readouterr().out
    # the outcome table is linked to the sites and every site shows in the group table
    assert "site_1" in (out / "index.html").read_text()


def test_report_outcomes_need_on(tmp_path, capsys):
    code = run(
        "report", str(EXAMPLE), "--outcomes", str(EXAMPLE / "outcomes_site.csv"),
        "--out", str(tmp_path / "r"),
    )  # fmt: skip
    assert code == 2
    assert "--on" in capsys.readouterr().err
