"""The relnet command's options (issue 21 item 4; issues 17-20, 24): each flag, its exit code
and its one-line error, checked against the library call it stands for."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import relnet as rn
from relnet import cli
from relnet.cli import as_flags, main

EXAMPLE = Path(__file__).resolve().parents[1] / "datasets" / "example_health_system"


def run(*argv: str) -> int:
    return main(["--quiet", *argv])


@pytest.fixture(scope="module")
def survey():
    return rn.read_survey(EXAMPLE / "nominations.csv", roster=EXAMPLE / "roster.csv")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """80 staff (8 teams), 2 sites, 2 waves, written as CSV (for a quick report)."""
    folder = tmp_path_factory.mktemp("small")
    system = rn.synth.health_system(80, n_sites=2, n_waves=2, seed=1)
    system.write(folder)
    return folder


def error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("relnet: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


# ---------------------------------------------------------------------- version, help, flags
def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"relnet {rn.__version__}"


def test_every_option_has_help():
    parser = cli._parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    missing = [
        f"{name} {'/'.join(action.option_strings) or action.dest}"
        for name, sub in [("relnet", parser), *commands.items()]
        for action in sub._actions
        if not action.help and action.dest != "command"
    ]
    assert missing == []


def test_errors_name_flags_not_python_arguments(capsys, tmp_path):
    # the library's message names survey.network(relation=...); the CLI names --relation
    assert run("metrics", str(EXAMPLE), "--out", str(tmp_path / "x.csv")) == 2
    err = error_line(capsys)
    assert "--relation" in err and "survey.network" not in err and "relation=" not in err
    assert as_flags("per_group='team' has 3 groups but k=2; n_starts=0") == (
        "--per-group 'team' has 3 groups but --k 2; --starts 0"
    )
    assert (
        as_flags("outcome_columns ['x'] and max_nodes=3")
        == "outcome_columns ['x'] and --max-nodes 3"
    )


# ---------------------------------------------------------------------- report
def test_readme_report_example_runs_as_written_and_associates(tmp_path, monkeypatch, capsys):
    # README: relnet report nominations.csv --roster roster.csv --outcomes teams.csv --on team
    # --by team, run where the files are; teams.csv is the bundled team outcome table
    for name in ("nominations.csv", "roster.csv"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    shutil.copy(EXAMPLE / "outcomes_team.csv", tmp_path / "teams.csv")
    monkeypatch.chdir(tmp_path)
    argv = "report nominations.csv --roster roster.csv --outcomes teams.csv --on team --by team"
    assert main(argv.split()) == 0
    captured = capsys.readouterr()
    assert "report written: relnet-report/index.html" in captured.out
    # a plain progress line per stage on stderr (not a terminal): step counts and seconds
    lines = [line for line in captured.err.splitlines() if line.startswith("relnet: report [")]
    assert lines[0].startswith("relnet: report [1/") and lines[0].endswith(" s)")
    assert len(lines) >= 5
    tables = tmp_path / "relnet-report" / "tables"
    for relation in ("trust", "advice"):
        assoc = pd.read_csv(tables / f"associations__{relation}.csv")
        assert len(assoc) > 0 and assoc["estimate"].notna().any()
        assert "fidelity" in set(assoc["outcome"])


def test_report_outcome_predictor_wave_and_max_nodes(small, tmp_path, capsys):
    out = tmp_path / "r"
    code = run(
        "report", str(small), "--relation", "trust", "--wave", "1",
        "--outcomes", str(small / "outcomes_team.csv"), "--on", "team", "--by", "team",
        "--outcome", "fidelity", "--predictor", "density", "--predictor", "reciprocity",
        "--min-group-size", "1", "--max-nodes", "10", "--out", str(out),
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assoc = pd.read_csv(out / "tables" / "associations__trust.csv")
    assert set(assoc["outcome"]) == {"fidelity"}  # not adopters, size, adoption_rate
    assert set(assoc["term"]) == {"density", "reciprocity"}
    groups = sorted(p.name for p in (out / "tables").glob("groups__*.csv"))
    assert groups == ["groups__trust__1.csv"]  # one relation, one wave
    # 80 people > --max-nodes 10: the whole-network view is drawn at the team level
    view = (out / "views" / "network__trust__1.html").read_text()
    assert "more than max_nodes=10, so it is drawn at the group level" in view


@pytest.mark.parametrize(
    ("extra", "flag"),
    [
        (["--by", "no_such"], "--by no_such"),
        (
            ["--outcomes", "{o}", "--on", "site", "--by", "site", "--outcome", "nope"],
            "--outcome nope",
        ),
        (["--outcomes", "{o}", "--on", "nope", "--by", "site"], "--on nope"),
        (
            ["--outcomes", "{o}", "--on", "site", "--by", "site", "--outcome", "site"],
            "--outcome site",
        ),
        (["--by", "site", "--predictor", "not_a_measure"], "--predictor not_a_measure"),
        (["--by", "site", "--wave", "9"], "--wave 9"),
        (["--relation", "gossip"], "--relation gossip"),
        (["--max-nodes", "0"], "--max-nodes 0"),
        (["--outcome", "fidelity"], "--outcomes"),
    ],
)
def test_report_limits_are_checked_before_any_work(small, tmp_path, capsys, extra, flag):
    out = tmp_path / "r"
    extra = [e.format(o=small / "outcomes_site.csv") for e in extra]
    assert run("report", str(small), *extra, "--out", str(out)) == 2
    assert flag in error_line(capsys)
    assert not out.exists()  # refused before the folder was made


def test_report_refuses_a_non_empty_folder_without_force(small, tmp_path, capsys):
    out = tmp_path / "r"
    out.mkdir()
    (out / "stale.csv").write_text("old\n")
    assert run("report", str(small), "--relation", "trust", "--wave", "1", "--out", str(out)) == 2
    assert "--force" in error_line(capsys)
    assert (out / "stale.csv").exists() and not (out / "index.html").exists()
    code = run(
        "report", str(small), "--relation", "trust", "--wave", "1", "--out", str(out), "--force"
    )
    assert code == 0
    assert (out / "index.html").exists() and not (out / "stale.csv").exists()


def test_force_never_removes_a_file_the_working_folder_or_a_repository(
    tmp_path, capsys, monkeypatch
):
    afile = tmp_path / "a.txt"
    afile.write_text("keep")
    assert run("report", str(EXAMPLE), "--out", str(afile), "--force") == 2
    assert "is a file" in error_line(capsys) and afile.read_text() == "keep"
    monkeypatch.chdir(tmp_path)
    assert run("report", str(EXAMPLE), "--out", ".", "--force") == 2
    assert "working folder" in error_line(capsys) and afile.exists()
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert run("report", str(EXAMPLE), "--out", str(repo), "--force") == 2
    error_line(capsys)
    assert (repo / ".git").is_dir()


# ---------------------------------------------------------------------- missing data
def test_metrics_missing_default_is_the_library_default(survey, tmp_path):
    graph = survey.network("trust", 1)
    out = tmp_path / "g.csv"
    common = ("metrics", str(EXAMPLE), "--relation", "trust", "--wave", "1", "--level", "group")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an explicit rule: no MissingDataWarning either
        assert run(*common, "--by", "site", "--out", str(out)) == 0
    got = pd.read_csv(out, index_col=0)
    want = rn.group_metrics(graph, by="site", missing="ignore")
    pd.testing.assert_series_equal(
        got["density"], want["density"], check_names=False, check_index_type=False
    )
    assert run(*common, "--by", "site", "--missing", "observed", "--out", str(out)) == 0
    observed = rn.group_metrics(graph, by="site", missing="observed")
    assert pd.read_csv(out, index_col=0)["density"].tolist() == pytest.approx(
        observed["density"].tolist()
    )
    assert not observed["density"].equals(want["density"])  # the rule matters here


def test_summary_uses_ignore_and_says_so(capsys):
    assert run("summary", str(EXAMPLE)) == 0
    out = capsys.readouterr().out
    assert "--missing ignore" in out
    noms = pd.read_csv(EXAMPLE / "nominations.csv")
    n = len(pd.read_csv(EXAMPLE / "roster.csv"))
    arcs = len(noms.query("relation == 'trust' and wave == 1"))
    line = next(r for r in out.splitlines() if r.split()[:2] == ["trust", "1"])
    # ignore: arcs over all n(n-1) ordered pairs (non-respondents' rows count as absent)
    assert float(line.split()[3]) == pytest.approx(arcs / (n * (n - 1)), abs=5e-5)
    assert run("summary", str(EXAMPLE), "--missing", "observed") == 0
    assert "--missing observed" in capsys.readouterr().out


# ---------------------------------------------------------------------- metrics levels
def test_metrics_ego_level_is_ego_metrics(survey, tmp_path):
    out = tmp_path / "ego.csv"
    argv = ["metrics", str(EXAMPLE), "--relation", "trust", "--wave", "1", "--level", "ego"]
    assert run(*argv, "--by", "team", "--out", str(out)) == 0
    want = rn.ego_metrics(survey.network("trust", 1), by="team", missing="ignore")
    got = pd.read_csv(out, index_col=0)
    assert list(got.columns) == list(want.columns)
    assert got["size"].tolist() == want["size"].tolist()
    assert got["iqv"].tolist() == pytest.approx(want["iqv"].tolist(), nan_ok=True)


def test_metrics_node_level_uses_by_without_deprecation(tmp_path):
    out = tmp_path / "n.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        argv = ["metrics", str(EXAMPLE), "--relation", "trust", "--wave", "1", "--by", "team"]
        assert run(*argv, "--out", str(out)) == 0
    assert len(pd.read_csv(out)) == 300


# ---------------------------------------------------------------------- champions
def test_champions_csv_matches_key_players(survey, tmp_path, capsys):
    out = tmp_path / "champions.csv"
    argv = ["champions", str(EXAMPLE), "--relation", "advice", "--wave", "1", "--k", "4"]
    assert run(*argv, "--per-group", "site", "--seed", "3", "--out", str(out)) == 0
    printed = capsys.readouterr().out
    want = rn.key_players(survey.network("advice", 1), 4, per_group="site", seed=3)
    table = pd.read_csv(out)
    assert list(table.columns) == ["pick", "id", "gain", "cumulative", "site"]
    assert table["id"].tolist() == [int(p) for p in want.players]
    assert table["pick"].tolist() == [1, 2, 3, 4]
    assert table["gain"].cumsum().tolist() == pytest.approx(table["cumulative"].tolist())
    assert table["cumulative"].iloc[-1] == pytest.approx(want.score)
    roster = pd.read_csv(EXAMPLE / "roster.csv", index_col="id")
    assert table["site"].tolist() == roster.loc[table["id"], "site"].tolist()
    assert "coverage per site" in printed and "search: 10 starts" in printed


def test_champions_per_group_limit_names_the_flags(tmp_path, capsys):
    argv = ["champions", str(EXAMPLE), "--relation", "advice", "--wave", "1", "--k", "10"]
    assert run(*argv, "--per-group", "team", "--out", str(tmp_path / "c.csv")) == 2
    teams = pd.read_csv(EXAMPLE / "roster.csv")["team"].nunique()
    assert f"--per-group team: {teams} teams but --k 10" in error_line(capsys)
    assert not (tmp_path / "c.csv").exists()


def test_champions_respondents_only_and_simulate(survey, tmp_path, capsys):
    out = tmp_path / "c.csv"
    argv = ["champions", str(EXAMPLE), "--relation", "advice", "--wave", "1", "--k", "3"]
    code = run(
        *argv, "--respondents-only", "--simulate", "cascade", "--p", "0.2", "--runs", "20",
        "--out", str(out),
    )  # fmt: skip
    assert code == 0
    printed = capsys.readouterr().out
    picked = pd.read_csv(out)["id"].tolist()
    responded = pd.read_csv(EXAMPLE / "roster.csv", index_col="id")["responded"]
    assert responded.loc[picked].all()
    graph = survey.network("advice", 1)
    share = rn.simulate_diffusion(
        graph, [str(p) if isinstance(graph.ids[0], str) else p for p in picked],
        model="cascade", p=0.2, n_runs=20, seed=1,
    ).final_share  # fmt: skip
    line = next(r for r in printed.splitlines() if r.strip().startswith("champions"))
    assert float(line.split()[-1]) == pytest.approx(share, abs=5e-4)
    assert "top-3 in-degree" in printed


@pytest.mark.parametrize(
    ("extra", "flag"),
    [(["--k", "0"], "--k 0"), (["--threshold", "1.5"], "--threshold 1.5"),
     (["--per-group", "nope"], "--per-group nope")],
)  # fmt: skip
def test_champions_bad_values_exit_2(tmp_path, capsys, extra, flag):
    argv = ["champions", str(EXAMPLE), "--relation", "advice", "--wave", "1", *extra]
    assert run(*argv, "--out", str(tmp_path / "c.csv")) == 2
    assert flag in error_line(capsys)


# ---------------------------------------------------------------------- communities
def test_communities_csv_nmi_and_silos(survey, tmp_path, capsys):
    out = tmp_path / "communities.csv"
    argv = ["communities", str(EXAMPLE), "--relation", "trust", "--wave", "1", "--by", "team"]
    assert run(*argv, "--seed", "0", "--out", str(out)) == 0
    printed = capsys.readouterr().out
    graph = survey.network("trust", 1)
    want = rn.communities(graph, seed=0)
    table = pd.read_csv(out, index_col=0)
    assert list(table.columns) == ["community", "team"]
    assert table["community"].tolist() == want.tolist()
    agree = rn.compare_partitions(graph.attribute("team"), want)
    assert f"NMI {agree['nmi']:.3f}, ARI {agree['ari']:.3f}" in printed
    assert "split across communities" in printed


def test_communities_louvain_and_bad_resolution(tmp_path, capsys):
    argv = ["communities", str(EXAMPLE), "--relation", "trust", "--wave", "1"]
    assert run(*argv, "--method", "louvain", "--out", str(tmp_path / "c.csv")) == 0
    assert len(pd.read_csv(tmp_path / "c.csv")) == 300
    capsys.readouterr()
    assert run(*argv, "--resolution", "0", "--out", str(tmp_path / "c.csv")) == 2
    assert "--resolution 0" in error_line(capsys)


# ---------------------------------------------------------------------- cluster flags
def test_scheduler_and_workers_do_not_go_together(tmp_path, capsys):
    argv = ["summary", str(EXAMPLE), "--scheduler", "tcp://127.0.0.1:1", "--workers", "2"]
    assert run(*argv) == 2
    assert "--scheduler and --workers" in error_line(capsys)


def test_without_dask_the_error_names_the_extra(monkeypatch, capsys):
    import relnet.distributed as distributed

    def no_dask():
        raise rn.MissingDependencyError(
            "rn.distributed needs Dask distributed, which is not installed; install the extra "
            "with pip install 'relnet[distributed]'."
        )

    monkeypatch.setattr(distributed, "_dask", no_dask)
    assert run("summary", str(EXAMPLE), "--workers", "1") == 1
    assert "pip install 'relnet[distributed]'" in error_line(capsys)


def test_workers_runs_the_command_on_a_local_cluster(tmp_path):
    pytest.importorskip("dask.distributed")
    argv = ["metrics", str(EXAMPLE), "--relation", "trust", "--wave", "1", "--level", "node"]
    assert run(*argv, "--out", str(tmp_path / "local.csv")) == 0
    assert run(*argv, "--workers", "1", "--out", str(tmp_path / "dask.csv")) == 0
    local = pd.read_csv(tmp_path / "local.csv", index_col=0)
    remote = pd.read_csv(tmp_path / "dask.csv", index_col=0)
    pd.testing.assert_frame_equal(local, remote)


# ---------------------------------------------------------------------- spreadsheet-safe CSV
def test_csvs_are_spreadsheet_safe(tmp_path):
    noms = pd.DataFrame({"respondent": ["=cmd", "b", "c", "d"], "nominee": ["b", "c", "=cmd", "b"]})
    roster = pd.DataFrame({"id": ["=cmd", "b", "c", "d"], "team": ["x", "x", "y", "y"]})
    noms.to_csv(tmp_path / "noms.csv", index=False)
    roster.to_csv(tmp_path / "roster.csv", index=False)
    base = [str(tmp_path / "noms.csv"), "--roster", str(tmp_path / "roster.csv")]
    assert run("communities", *base, "--by", "team", "--out", str(tmp_path / "c.csv")) == 0
    assert run("champions", *base, "--k", "2", "--out", str(tmp_path / "k.csv")) == 0
    for name in ("c.csv", "k.csv"):
        text = (tmp_path / name).read_text()
        assert "\n=cmd" not in text and ",=cmd" not in text
