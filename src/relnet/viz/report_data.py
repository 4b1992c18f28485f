"""The content of the HTML report, as tables: computed, privacy rules applied, no HTML.

:func:`report_data` does every computation of :func:`relnet.report` and returns a
:class:`ReportData`; :mod:`relnet.viz.report` only renders it. Tests of the numbers, the
privacy rules (pseudonyms, small groups left out) and the findings need no HTML.
"""

from __future__ import annotations

import math
import secrets
import warnings
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError, RelnetError, check_choice
from relnet.inference.cug import cug_test
from relnet.metrics.centrality import betweenness, degree
from relnet.metrics.groups import group_metrics
from relnet.metrics.missing import MISSING_DEFAULT, MISSING_OPTIONS, check_missing
from relnet.metrics.reciprocity import reciprocity
from relnet.metrics.tables import network_metrics
from relnet.outcomes.linkage import link_outcomes
from relnet.outcomes.models import associate
from relnet.outcomes.waves import compare_waves
from relnet.planning.diffusion import simulate_diffusion
from relnet.planning.key_players import key_players
from relnet.structure.communities import communities
from relnet.structure.multiplexity import multiplexity
from relnet.structure.silos import silos as find_silos
from relnet.viz._html import plural, plural_word

REPORT_LABELS = ("pseudonym", "id", "name")
MISSING_CHOICES = MISSING_OPTIONS
#: Above this many people betweenness is estimated from sampled sources.
EXACT_BETWEENNESS_MAX = 5000
BETWEENNESS_SAMPLES = 256
#: Above this many people the people's betweenness uses fewer sampled sources.
HUGE_NETWORK = 50_000
HUGE_BETWEENNESS_SAMPLES = 128
#: Above this many people the network-level path measures are estimated from samples.
EXACT_NETWORK_MAX = 20_000
NETWORK_SAMPLES = 64
#: Above EXACT_NETWORK_MAX people, group betweenness centralization only for groups up to
#: this size (rn.group_metrics max_path_size).
GROUP_PATH_MAX = 2000
MAX_PREDICTORS = 8
PREFERRED_PREDICTORS = (
    "density",
    "reciprocity",
    "transitivity",
    "mean_in_degree",
    "indegree_centralization",
    "betweenness_centralization",
    "ei_index",
    "mean_constraint",
)
SIZE_WORDS = ("size", "n", "n_people", "people", "members", "n_members", "n_staff")
#: CUG tests of reciprocity: draws for the whole network and per group.
CUG_SIMS = 200
CUG_GROUP_SIMS = 100
#: Fewer draws when draws x arcs would exceed this.
CUG_BUDGET = 20_000_000
#: Above this many people no draws: the edges-condition expectation in closed form.
CUG_MAX_PEOPLE = 20_000
#: Informal groups (Leiden communities against the formal groups) up to this many people.
SILOS_MAX = 50_000
#: Champions (key players and a simulated adoption) up to this many people.
CHAMPIONS_MAX = 5_000
CHAMPIONS_K = 5
DIFFUSION_RUNS = 50


@dataclass(frozen=True, eq=False)
class Finding:
    """One plain-language finding of the summary, with the section that holds its evidence."""

    text: str
    anchor: str

    def __repr__(self) -> str:
        return f"<Finding #{self.anchor}: {self.text[:60]}>"


@dataclass(frozen=True, eq=False)
class ReportData:
    """Everything the report shows, as tables with the privacy rules already applied.

    Person ids are pseudonyms unless ``labels`` said otherwise; groups under
    ``min_group_size`` people are absent from every group-level table (``suppressed`` lists
    them only by count). Tables hold exact values; the renderer rounds for reading.
    """

    survey: Any  # the (pseudonymised) survey the tables were computed on
    labels: str
    by: str | None
    on: str | None
    missing: str
    missing_chosen: bool
    min_group_size: int
    relations: list
    waves: list
    graphs: dict
    coverage: dict
    ingest: pd.DataFrame
    ingest_issues: pd.DataFrame
    measures: pd.DataFrame
    measures_sampled: bool
    groups: dict
    n_groups: int
    suppressed: dict
    linked: dict
    associations: dict
    association_notes: dict
    outcome_columns: dict
    predictors: dict
    people: dict
    brokers: dict
    people_note: dict
    wave_changes: dict
    cug: dict
    cug_groups: dict
    multiplex: pd.DataFrame | None
    silos: dict
    champions: dict
    multiplex_by_group: pd.DataFrame | None = None
    community_labels: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)
    findings: list = field(default_factory=list)

    def __repr__(self) -> str:
        return (
            f"<ReportData {self.coverage['n_people']:,} people, relations "
            f"{', '.join(map(str, self.relations))}, {len(self.findings)} findings>"
        )


def report_data(
    survey: Any,
    outcomes: pd.DataFrame | None = None,
    by: str | None = None,
    *,
    on: str | None = None,
    outcome_columns: Sequence[str] | None = None,
    predictors: Sequence[str] | None = None,
    relations: str | Sequence[str] | None = None,
    waves: Hashable | Sequence[Hashable] | None = None,
    labels: str = "pseudonym",
    min_group_size: int = 5,
    missing: str = MISSING_DEFAULT,
    top: int = 10,
    salt: str | None = None,
    seed: int = 0,
    step: Callable[[str], Any] | None = None,
) -> ReportData:
    """Compute the tables of the report of a survey, with its privacy rules applied.

    **Definition.** For each relation and wave: the network measures
    (:func:`relnet.network_metrics` under one missing-data rule), a CUG test of reciprocity
    against random networks with the same number of arcs (:func:`relnet.cug_test`), the
    group table (:func:`relnet.group_metrics`, groups under ``min_group_size`` removed,
    transitivity NaN where a group has no two-path), the association of each outcome with
    each group measure (:func:`relnet.associate`, Spearman, one call per measure so ``n`` is
    the groups with both values, Holm-adjusted across measures), the most central and most
    brokering people, informal groups (:func:`relnet.silos`), champions
    (:func:`relnet.key_players` and :func:`relnet.simulate_diffusion`), the overlap of the
    relations (:func:`relnet.multiplexity`) and the changes between waves
    (:func:`relnet.compare_waves`); then three to six plain-language findings.

    Parameters
    ----------
    survey, outcomes, by, on, outcome_columns, relations, waves, labels, min_group_size,
    missing, top, salt, seed
        As :func:`relnet.report`.
    predictors : list of str, optional
        Group measures to associate with the outcomes (columns of
        :func:`relnet.group_metrics`); default up to eight of density, reciprocity,
        transitivity, mean in-degree, centralizations, E-I index and constraint.
    step : callable, optional
        Called with a label after each stage (progress).

    Returns
    -------
    ReportData

    Examples
    --------
    >>> import relnet as rn
    >>> s = rn.synth.health_system(60, n_sites=2, seed=1)
    >>> survey = rn.read_survey(s.nominations, roster=s.roster)
    >>> data = rn.report_data(survey, by="site", seed=1)
    >>> 3 <= len(data.findings) <= 6, data.coverage["n_people"]
    (True, 60)
    """

    step = step if step is not None else (lambda label: None)
    check_choice("labels", labels, REPORT_LABELS)
    chosen_missing = missing is not MISSING_DEFAULT
    missing = check_missing(missing)
    for name, value, low in (("min_group_size", min_group_size, 1), ("top", top, 1)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < low:
            raise ArgumentError(f"{name}={value!r} must be a whole number of at least {low}.")
    for attr in ("network", "nodes", "relations", "waves", "report"):
        if not hasattr(survey, attr):
            raise ArgumentError(
                f"report needs a relnet Survey (from relnet.read_survey), got "
                f"{type(survey).__name__}."
            )
    attributes = list(survey.nodes.columns)
    if by is not None and by not in attributes:
        raise ArgumentError(
            f"by={by!r} is not a person attribute; the survey has "
            f"{', '.join(map(repr, attributes))}."
        )
    if outcomes is not None and not isinstance(outcomes, pd.DataFrame):
        raise ArgumentError(f"outcomes must be a pandas DataFrame, got {type(outcomes).__name__}.")
    if outcomes is not None and by is None:
        raise ArgumentError(
            "outcomes are linked to groups: pass by= the grouping attribute (e.g. by='team')."
        )
    on = on if on is not None else by
    if outcome_columns is not None:
        outcome_columns = (
            [outcome_columns] if isinstance(outcome_columns, str) else list(outcome_columns)
        )
        absent = [c for c in outcome_columns if outcomes is None or c not in outcomes.columns]
        if absent:
            have = [] if outcomes is None else [str(c) for c in outcomes.columns]
            raise ArgumentError(
                f"outcome_columns {absent} are not columns of outcomes; it has {have}."
            )
        text = [
            c
            for c in outcome_columns
            if not pd.api.types.is_numeric_dtype(outcomes[c].dtype)
            or pd.api.types.is_bool_dtype(outcomes[c].dtype)
        ]
        if text:
            raise ArgumentError(
                f"outcome_columns {text} are not numeric; an outcome must be a number per "
                "group (convert yes/no to 1/0)."
            )
    if predictors is not None:
        predictors = [predictors] if isinstance(predictors, str) else list(predictors)
        if by is None:
            raise ArgumentError("predictors= are group measures: pass by= as well.")
        _check_predictors(predictors, by)  # before any work starts
    chosen = _relations(survey, relations)
    waves = _waves(survey, waves)

    if labels == "pseudonym":
        shared = survey.pseudonymize(salt if salt is not None else secrets.token_hex(16))
    else:
        shared = survey
    nodes = shared.nodes
    responded = nodes["responded"].astype(bool)
    coverage = {
        "n_people": int(len(nodes)),
        "n_respondents": int(responded.sum()),
        "response_rate": float(responded.mean()) if len(nodes) else math.nan,
    }
    ingest = shared.report.to_frame()
    issues = shared.report.issues

    # networks and their measures -------------------------------------------------------
    graphs: dict[tuple, Any] = {}
    rows = []
    cug: dict[Hashable, dict] = {}
    skipped: dict[str, str] = {}
    for relation in chosen:
        for wave in waves:
            graph = shared.network(relation, wave)
            graphs[(relation, wave)] = graph
            rows.append(_measures(graph, relation, wave, missing, seed))
            step(f"measures {_layer_title(relation, wave)}")
        cug[relation] = _cug(graphs[(relation, waves[-1])], missing, seed, skipped)
    measures = pd.DataFrame(rows).set_index(["relation", "wave"])
    sampled = bool(measures.pop("_sampled").any())

    # groups ------------------------------------------------------------------------
    groups: dict[tuple, pd.DataFrame] = {}
    full_groups: dict[tuple, pd.DataFrame] = {}
    suppressed: dict[Hashable, int] = {}
    n_groups = 0
    cug_groups: dict[Hashable, pd.DataFrame] = {}
    if by is not None:
        sizes = nodes[by].value_counts(dropna=False)
        n_groups = int(len(sizes))
        suppressed = {k: int(v) for k, v in sizes[sizes < min_group_size].items()}
        small = set(suppressed)
        for relation in chosen:
            for wave in waves:
                graph = graphs[(relation, wave)]
                path_max = GROUP_PATH_MAX if graph.n > EXACT_NETWORK_MAX else 10_000
                try:
                    table = group_metrics(graph, by=by, missing=missing, max_path_size=path_max)
                except RelnetError as error:
                    skipped[f"groups {_layer_title(relation, wave)}"] = str(error)
                    continue
                table = _undefined_transitivity(graph, table, by)
                full_groups[(relation, wave)] = table
                groups[(relation, wave)] = _suppress(table, by, small)
            step(f"groups {relation}")
            cug_groups[relation] = _cug_groups(
                graphs[(relation, waves[-1])], by, small, min_group_size, missing, seed,
                skipped,
            )  # fmt: skip

    # outcomes ---------------------------------------------------------------------
    linked: dict[Hashable, pd.DataFrame] = {}
    associations: dict[Hashable, pd.DataFrame] = {}
    notes: dict[Hashable, list[str]] = {}
    used_outcomes: dict[Hashable, list[str]] = {}
    used_predictors: dict[Hashable, list[str]] = {}
    if outcomes is not None:
        first = waves[0]
        for relation in chosen:
            table = full_groups.get((relation, first))
            if table is None:
                notes[relation] = ["there is no group table to link"]
                continue
            result = _associations(
                table, outcomes, on, by, set(suppressed), outcome_columns, predictors, seed
            )
            linked[relation], associations[relation], notes[relation] = result[:3]
            used_outcomes[relation], used_predictors[relation] = result[3:]
        step("outcomes")

    # people -----------------------------------------------------------------------
    last = waves[-1]
    people: dict[Hashable, pd.DataFrame] = {}
    brokers: dict[Hashable, pd.DataFrame] = {}
    people_note: dict[Hashable, str] = {}
    for relation in chosen:
        table, note = _people(graphs[(relation, last)], by, set(suppressed), seed)
        people[relation] = table
        brokers[relation] = table.sort_values(["betweenness", "in_degree"], ascending=False)
        people_note[relation] = note
        step(f"people {relation}")

    # informal groups and champions ---------------------------------------------------
    silos: dict[Hashable, pd.DataFrame] = {}
    community_labels: dict[Hashable, pd.Series] = {}
    champions: dict[Hashable, dict] = {}
    for relation in chosen:
        graph = graphs[(relation, last)]
        if by is not None:
            if graph.n > SILOS_MAX:
                skipped[f"informal groups {relation}"] = (
                    f"not computed above {SILOS_MAX:,} people ({graph.n:,}); run rn.silos "
                    "on one site's subgraph"
                )
            elif graph.m:
                try:
                    partition = communities(graph, seed=seed)
                    found = find_silos(graph, by=by, partition=partition, seed=seed)
                except (RelnetError, ImportError) as error:
                    skipped[f"informal groups {relation}"] = str(error)
                else:
                    kept = _suppress(found, by, set(suppressed))
                    kept.attrs = dict(found.attrs)
                    kept.attrs.setdefault("implementation", partition.attrs.get("implementation"))
                    silos[relation] = kept
                    community_labels[relation] = partition
        if graph.n > CHAMPIONS_MAX:
            skipped[f"champions {relation}"] = (
                f"not computed above {CHAMPIONS_MAX:,} people ({graph.n:,}); run "
                "rn.key_players per site"
            )
        elif graph.m:
            champions[relation] = _champions(graph, by, set(suppressed), seed, skipped)
        step(f"informal groups {relation}")

    multiplex = multiplex_by_group = None
    if len(chosen) > 1:
        try:
            result = multiplexity({str(r): graphs[(r, last)] for r in chosen}, wave=None)
        except (RelnetError, TypeError) as error:
            skipped["trust and advice"] = str(error)
        else:
            multiplex = result.pairs
            if by is not None:
                multiplex_by_group = _multiplex_holders(
                    result.nodes, graphs[(chosen[0], last)].attribute(by), by, set(suppressed)
                )

    # wave changes -------------------------------------------------------------------
    wave_changes: dict[Hashable, pd.DataFrame] = {}
    if len(waves) > 1:
        for relation in chosen:
            try:
                changes = compare_waves(shared, relation, by=by, missing=missing)
            except RelnetError as error:
                skipped[f"waves {relation}"] = str(error)
                continue
            if by is not None:
                changes = _suppress(changes, by, set(suppressed))
            wave_changes[relation] = changes
            step(f"waves {relation}")

    data = ReportData(
        survey=shared,
        labels=labels,
        by=by,
        on=on,
        missing=missing,
        missing_chosen=chosen_missing,
        min_group_size=min_group_size,
        relations=chosen,
        waves=waves,
        graphs=graphs,
        coverage=coverage,
        ingest=ingest,
        ingest_issues=issues,
        measures=measures,
        measures_sampled=sampled,
        groups=groups,
        n_groups=n_groups,
        suppressed=suppressed,
        linked=linked,
        associations=associations,
        association_notes=notes,
        outcome_columns=used_outcomes,
        predictors=used_predictors,
        people=people,
        brokers=brokers,
        people_note=people_note,
        wave_changes=wave_changes,
        cug=cug,
        cug_groups=cug_groups,
        multiplex=multiplex,
        multiplex_by_group=multiplex_by_group,
        community_labels=community_labels,
        silos=silos,
        champions=champions,
        skipped=skipped,
    )
    data.findings.extend(findings(data))
    return data


# ---------------------------------------------------------------------- findings
def findings(data: ReportData) -> list[Finding]:
    """Three to six plain-language findings, each with its numbers and uncertainty."""
    out: list[Finding] = []
    cov = data.coverage
    groups_text = ""
    if data.by is not None:
        groups_text = f" in {plural(data.n_groups, 'group')} ({data.by})"
    out.append(
        Finding(
            f"The survey covered {plural(cov['n_people'], 'person')}{groups_text}; "
            f"{cov['n_respondents']:,} responded ({percent(cov['response_rate'])}).",
            "ingest",
        )
    )
    last = data.waves[-1]
    for relation in data.relations[:2]:
        row = data.measures.loc[(relation, _wave_text(last))]
        recip = row.get("reciprocity", math.nan)
        if not np.isfinite(recip):
            continue
        test = data.cug.get(relation)
        if test is not None and test["n_sims"] == 0:
            chance = (
                f" against {percent(test['null_mean'])} expected by chance in random networks "
                "of the same density"
            )
        elif test is not None:
            chance = (
                f" against {percent(test['null_mean'])} in random networks of the same "
                f"density (CUG test, {test['n_sims']} draws, "
                f"p {p_text(test['p_greater'], test['n_sims'])})"
            )
        else:
            chance = ""
        when = "" if last is None or len(data.waves) == 1 else f" (wave {last})"
        out.append(
            Finding(
                f"{_cap(relation)}{when} is returned in {percent(recip)} of ties{chance}.",
                "measures",
            )
        )
    best = _best_association(data)
    if best is not None:
        relation, row, slope = best
        unit = data.by or "group"
        direction = "higher" if row["estimate"] > 0 else "lower"
        text = (
            f"{_cap(plural_word(unit))} with higher {relation} "
            f"{row['term'].replace('_', ' ')} have "
            f"{direction} {row['outcome'].replace('_', ' ')}: Spearman \u03c1 = "
            f"{row['estimate']:.2f} (95% CI {row['ci_low']:.2f} to {row['ci_high']:.2f}, "
            f"p {p_text(row['p_adjusted'])} after Holm adjustment, n = {int(row['n'])} "
            f"{plural_word(unit)})"
        )
        if slope is not None:
            text += f"; {slope}"
        out.append(Finding(text + ".", "outcomes"))
    elif data.associations:
        out.append(
            Finding(
                "No group measure is clearly associated with an outcome "
                "(no Holm-adjusted p below 0.05).",
                "outcomes",
            )
        )
    for relation, table in list(data.silos.items())[:1]:
        split = int(table["split"].sum())
        unit = data.by or "group"
        agree = (
            f"formal {plural_word(unit)} and informal {relation} communities agree with NMI "
            f"{table.attrs.get('nmi', math.nan):.2f} (1 = the same groups, 0 = unrelated)"
        )
        if split:
            text = (
                f"{plural(split, unit)} of {len(table):,} {'is' if split == 1 else 'are'} "
                f"split across informal {relation} communities (no community holds more "
                f"than half of the members); {agree}."
            )
        else:
            text = f"No {unit} is split across informal {relation} communities; {agree}."
        out.append(Finding(_cap(text), "informal"))
    if data.multiplex is not None and len(out) < 6:
        row = data.multiplex.iloc[0]
        a, b = data.multiplex.index[0]
        out.append(
            Finding(
                f"{percent(row['p_b_given_a'])} of {a} ties are also {b} ties "
                f"(Jaccard overlap {row['jaccard']:.2f}).",
                "multiplex",
            )
        )
    absent = cov["n_people"] - cov["n_respondents"]
    if not absent:
        limit = "Limits: everyone responded, so no tie is unobserved."
    elif data.missing == "ignore":
        limit = (
            f"Limits: {percent(1 - cov['response_rate'])} did not respond; their unobserved "
            "ties count as absent, which lowers density and reciprocity."
        )
    else:
        limit = (
            f"Limits: {percent(1 - cov['response_rate'])} did not respond; their ties are "
            f"treated by missing={data.missing!r} as stated at the top."
        )
    if data.associations:
        limit += " Associations across groups show co-occurrence, not cause."
    else:
        limit += " One survey describes one moment; it shows structure, not cause."
    out = out[:5]
    out.append(Finding(limit, "missing-rule"))
    return out


def _best_association(data: ReportData) -> tuple | None:
    best = None
    for relation, table in data.associations.items():
        if "p_adjusted" not in table.columns or table.empty:
            continue
        ok = table[table["p_adjusted"] < 0.05]
        if ok.empty:
            continue
        row = ok.loc[ok["estimate"].abs().idxmax()]
        if best is None or abs(row["estimate"]) > abs(best[1]["estimate"]):
            best = (relation, row)
    if best is None:
        return None
    relation, row = best
    slope = _slope_text(data.linked[relation], row["outcome"], row["term"])
    return relation, row, slope


def _slope_text(linked: pd.DataFrame, outcome: str, term: str) -> str | None:
    """'+3.1 per 0.1 density (95% CI 1.2 to 5.0)' from a least-squares line."""
    x = pd.to_numeric(linked[term], errors="coerce")
    y = pd.to_numeric(linked[outcome], errors="coerce")
    ok = x.notna() & y.notna()
    x, y = x[ok].to_numpy(float), y[ok].to_numpy(float)
    if len(x) < 4 or np.ptp(x) == 0:
        return None
    from scipy import stats

    fit = stats.linregress(x, y)
    unit = 10.0 ** math.floor(math.log10(np.ptp(x) / 2))
    t = stats.t.ppf(0.975, len(x) - 2)
    b, lo, hi = (fit.slope * unit, (fit.slope - t * fit.stderr) * unit,
                 (fit.slope + t * fit.stderr) * unit)  # fmt: skip
    unit_text = number(unit) if unit >= 1e-4 else f"{unit:g}"
    return (
        f"a least-squares line gives {'+' if b > 0 else ''}{number(b)} "
        f"{outcome.replace('_', ' ')} per {unit_text} {term.replace('_', ' ')} "
        f"(95% CI {number(lo)} to {number(hi)})"
    )


# ---------------------------------------------------------------------- computations
def _measures(graph: Any, relation: Hashable, wave: Hashable, missing: str, seed: int):
    big = graph.n > EXACT_NETWORK_MAX
    values = network_metrics(
        graph, missing=missing, samples=NETWORK_SAMPLES if big else None, seed=seed
    )
    respondents = int(graph.responded.sum())
    return {
        "relation": relation,
        "wave": _wave_text(wave),
        **{str(k): float(v) for k, v in values.items()},
        "_sampled": not (values.attrs["distance_exact"] and values.attrs["centralization_exact"]),
        "respondents": respondents,
        "mean_out_degree_of_respondents": graph.m / max(respondents, 1),
    }


def _cug(graph: Any, missing: str, seed: int, skipped: dict) -> dict | None:
    """CUG test of reciprocity (edges condition) on the whole network, within a budget."""
    if graph.m == 0 or graph.n < 3:
        return None
    if graph.n > CUG_MAX_PEOPLE:
        # Under the edges condition a random network's expected edgewise reciprocity is
        # the chance that a given other arc exists: (m - 1) / (n (n - 1) - 1).
        cells = graph.n * (graph.n - 1) - 1
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            observed = float(reciprocity(graph, missing=missing))
        return {
            "observed": observed,
            "null_mean": (graph.m - 1) / cells,
            "p_greater": math.nan,
            "n_sims": 0,
        }
    n_sims = CUG_SIMS
    if n_sims * graph.m > CUG_BUDGET:
        n_sims = max(20, CUG_BUDGET // max(graph.m, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = cug_test(graph, "reciprocity", n_sims=int(n_sims), missing=missing, seed=seed)
    return {
        "observed": float(result.observed),
        "null_mean": float(result.null_mean),
        "p_greater": float(result.summary()["p_greater"].iloc[0]),
        "n_sims": int(n_sims),
    }


def _cug_groups(
    graph: Any,
    by: str,
    small: set,
    min_group_size: int,
    missing: str,
    seed: int,
    skipped: dict,
) -> pd.DataFrame | None:
    if graph.m == 0:
        return None
    if graph.n > CUG_MAX_PEOPLE:
        skipped[f"CUG test per {by}"] = (
            f"not run above {CUG_MAX_PEOPLE:,} people ({graph.n:,}); run rn.cug_test(g, "
            f"'reciprocity', by={by!r}) and 'transitivity' on a subgraph"
        )
        return None
    n_sims = CUG_GROUP_SIMS
    if 2 * n_sims * graph.m > CUG_BUDGET:  # two tests share the budget
        n_sims = max(20, CUG_BUDGET // max(2 * graph.m, 1))
    # reciprocity against random networks with the group's number of ties (edges), and
    # transitivity against those with its mutual/asymmetric/null counts (dyad_census), so
    # closure is judged net of reciprocity (issue 15)
    tests = {"reciprocity": "edges", "transitivity": "dyad_census"}
    parts = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for statistic, condition in tests.items():
                result = cug_test(
                    graph,
                    statistic,
                    condition=condition,
                    n_sims=int(n_sims),
                    by=by,
                    missing=missing,
                    seed=seed,
                )
                parts.append(
                    result[["observed", "null_mean", "p_greater"]].rename(
                        columns={
                            "observed": statistic,
                            "null_mean": f"{statistic}_chance",
                            "p_greater": f"{statistic}_p",
                        }
                    )
                )
                size = result["n"]
    except RelnetError as error:
        skipped["CUG by group"] = str(error)
        return None
    table = pd.concat([size, *parts], axis=1)
    table = _suppress(table, by, small)
    table.attrs["n_sims"] = int(n_sims)
    table.attrs["conditions"] = tests
    return table


def _undefined_transitivity(graph: Any, table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Transitivity NaN (with ``two_paths`` = 0) for groups without a two-path inside.

    Two-paths i -> v -> k with i != k inside a group: per v, in * out minus the mutual pairs
    at v (a path i -> v -> i is not a two-path).
    """
    if "transitivity" not in table.columns:
        return table
    codes, levels = pd.factorize(graph.attribute(by).astype(object), use_na_sentinel=False)
    codes = np.asarray(codes, dtype=np.int64)
    src = graph.sources.astype(np.int64)
    dst = graph.indices.astype(np.int64)
    inside = codes[src] == codes[dst]
    n = graph.n
    out_deg = np.bincount(src[inside], minlength=n)
    in_deg = np.bincount(dst[inside], minlength=n)
    reverse = np.asarray(graph.reverse_arc)
    mutual = np.bincount(src[inside & (reverse >= 0)], minlength=n)
    per_node = out_deg * in_deg - mutual
    paths = pd.Series(
        np.bincount(codes, weights=per_node, minlength=len(levels)), index=pd.Index(levels)
    )
    table = table.copy()
    keys = table.index if table.index.name == by else table[by]
    two = paths.reindex(pd.Index(keys)).fillna(0).to_numpy()
    table["two_paths"] = two.astype(np.int64)
    table.loc[two == 0, "transitivity"] = np.nan
    return table


def _associations(
    table: pd.DataFrame,
    outcomes: pd.DataFrame,
    on: str,
    by: str,
    small: set,
    outcome_columns: list | None,
    predictors: list | None,
    seed: int,
) -> tuple:
    notes: list[str] = []
    clash = [c for c in outcomes.columns if c in table.columns and c not in (on, by)]
    if [c for c in clash if str(c).lower() not in SIZE_WORDS]:
        notes.append(
            f"the outcome table's column(s) {', '.join(map(str, clash))} also name group "
            "measures; the group measures are used"
        )
    empty = pd.DataFrame()
    try:
        linked = link_outcomes(
            _suppress(table, by, small), outcomes.drop(columns=clash), on=on, warn=False
        )
    except RelnetError as error:
        return empty, empty, [*notes, f"outcomes could not be linked: {error}"], [], []
    chosen_predictors = _predictors(table, by, predictors)
    columns = [
        c
        for c in (outcomes.columns if outcome_columns is None else outcome_columns)
        if c not in (on, by)
        and c in linked.columns
        and c not in table.columns
        and pd.api.types.is_numeric_dtype(outcomes[c].dtype)
        and not pd.api.types.is_bool_dtype(outcomes[c].dtype)
    ]
    if not columns or not chosen_predictors:
        what = "numeric outcome columns" if not columns else "group measures that vary"
        return linked, empty, [*notes, f"no {what} to associate"], columns, chosen_predictors
    frames = []
    for outcome in columns:
        rows = []
        for predictor in chosen_predictors:
            row = _one_association(linked, outcome, predictor, seed, notes)
            if row is not None:
                rows.append(row)
        if rows:
            frame = pd.DataFrame(rows)
            frame["p_adjusted"] = holm(frame["p_value"].to_numpy(dtype=float))
            frames.append(frame)
    result = pd.concat(frames, ignore_index=True) if frames else empty
    return linked, result, sorted(set(notes)), columns, chosen_predictors


def _one_association(
    linked: pd.DataFrame, outcome: str, predictor: str, seed: int, notes: list
) -> dict | None:
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frame = associate(linked, outcome, predictor, model="spearman", seed=seed)
    except RelnetError as error:
        notes.append(f"{outcome} ~ {predictor}: {error}")
        return None
    for w in caught:
        if "MissingData" not in type(w.message).__name__:
            notes.append(f"{outcome} ~ {predictor}: {w.message}")
    row = frame.iloc[-1]
    return {
        "outcome": outcome,
        "term": predictor,
        "estimate": float(row["estimate"]),
        "ci_low": float(row["ci_low"]),
        "ci_high": float(row["ci_high"]),
        "p_value": float(row["p_value"]),
        "n": int(row["n"]),
    }


def holm(p: np.ndarray) -> np.ndarray:
    """Holm step-down adjusted p-values (NaN stays NaN).

    Examples
    --------
    >>> holm(np.array([0.01, 0.04, 0.03])).tolist()   # 3*0.01, max(2*0.03, .03), max(.04, .06)
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    if ok.size == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    m = order.size
    adjusted = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out[order] = np.minimum(adjusted, 1.0)
    return out


def _check_predictors(predictors: list, by: str) -> None:
    """Raise unless every predictor is a column of rn.group_metrics (read off a 3-person
    network, so it costs nothing)."""
    from relnet.network import Network

    nodes = pd.DataFrame({by: ["g", "g", "g"]}, index=["a", "b", "c"])
    tiny = Network.from_edges(["a", "b"], ["b", "c"], nodes=nodes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        columns = [str(c) for c in group_metrics(tiny, by=by).columns]
    unknown = [c for c in predictors if c not in columns]
    if unknown:
        raise ArgumentError(
            f"predictors {unknown} are not group measures; choose from {', '.join(columns)}."
        )


def _predictors(table: pd.DataFrame, by: str, wanted: list | None) -> list[str]:
    if wanted is not None:
        unknown = [c for c in wanted if c not in table.columns]
        if unknown:
            raise ArgumentError(
                f"predictors {unknown} are not group measures; choose from "
                f"{', '.join(map(str, table.columns))}."
            )
        return list(wanted)
    usable = [
        c
        for c in PREFERRED_PREDICTORS
        if c in table.columns
        and pd.api.types.is_numeric_dtype(table[c].dtype)
        and table[c].nunique(dropna=True) > 1
    ]
    if usable:
        return usable[:MAX_PREDICTORS]
    numeric = [
        c
        for c in table.columns
        if pd.api.types.is_numeric_dtype(table[c].dtype)
        and not pd.api.types.is_bool_dtype(table[c].dtype)
        and str(c).lower() not in SIZE_WORDS
        and c != by
        and table[c].nunique(dropna=True) > 1
    ]
    return numeric[:MAX_PREDICTORS]


def _people(graph: Any, by: str | None, small: set, seed: int):
    samples = BETWEENNESS_SAMPLES if graph.n > EXACT_BETWEENNESS_MAX else None
    if graph.n > HUGE_NETWORK:
        samples = HUGE_BETWEENNESS_SAMPLES
    table = pd.DataFrame(
        {
            "in_degree": degree(graph, "in"),
            "betweenness": betweenness(graph, samples=samples, seed=seed),
        }
    )
    note = "In-degree counts nominations received."
    if samples is not None:
        note += (
            f" Betweenness is estimated from {samples} randomly chosen sources "
            f"(Brandes & Pich 2007, seed {seed}); ranks near the top are reliable, "
            "exact values are not."
        )
    else:
        note += " Betweenness is exact (directed, unweighted)."
    if by is not None:
        group = graph.attribute(by)
        hidden = group.isin(list(small))
        table[by] = group.astype(object).where(~hidden, "(small group)")
    return table, note


def _champions(graph: Any, by: str | None, small: set, seed: int, skipped: dict) -> dict:
    """Key players for reach (within two steps), their coverage per group, and simulated
    adoption (threshold model) from them against as many top in-degree people."""
    k = min(CHAMPIONS_K, max(graph.n - 1, 1))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            chosen = key_players(graph, k, objective="reach", m=2, by=by, seed=seed)
            people = list(chosen.players)
            indeg = pd.Series(graph.in_degree(), index=graph.ids).sort_values(
                ascending=False, kind="stable"
            )
            top = list(indeg.index[:k])
            curves = {}
            for name, seeds in (("key players", people), ("top in-degree", top)):
                result = simulate_diffusion(
                    graph, seeds, n_runs=DIFFUSION_RUNS, steps=10, seed=seed
                )
                curves[name] = result.curve["mean"].reset_index(drop=True)
    except (RelnetError, ImportError) as error:
        skipped["champions"] = str(error)
        return {}
    table = pd.DataFrame({"in_degree": indeg.reindex(people).to_numpy()},
                         index=pd.Index(people, name="person"))  # fmt: skip
    coverage = None
    if by is not None:
        group = graph.attribute(by).reindex(people)
        table[by] = group.astype(object).where(~group.isin(list(small)), "(small group)")
        if chosen.coverage is not None:
            coverage = _suppress(chosen.coverage, by, small)
    return {"people": table, "coverage": coverage, "curves": curves, "k": k,
            "score": float(chosen.score)}  # fmt: skip


# ---------------------------------------------------------------------- helpers
def _relations(survey: Any, relations: str | Sequence[str] | None) -> list:
    have = list(survey.relations) or [None]
    if relations is None:
        return have
    wanted = [relations] if isinstance(relations, str) else list(relations)
    unknown = [r for r in wanted if r not in have]
    if unknown:
        raise ArgumentError(
            f"relations {unknown} are not in the survey; it has {', '.join(map(repr, have))}."
        )
    return wanted


def _waves(survey: Any, waves: Any) -> list:
    have = list(survey.waves) or [None]
    if waves is None:
        return have
    wanted = list(waves) if isinstance(waves, (list, tuple)) else [waves]
    text = {str(w): w for w in have}
    chosen = [w if w in have else text.get(str(w), w) for w in wanted]
    unknown = [w for w in chosen if w not in have]
    if unknown:
        raise ArgumentError(
            f"waves {unknown} are not in the survey; it has "
            f"{', '.join(map(repr, have)) if have != [None] else 'no waves'}."
        )
    return chosen


def _multiplex_holders(nodes: pd.DataFrame, groups: pd.Series, by: str, small: set):
    """Per group: people, the share holding a multiplex tie, the mean multiplex share.

    A person holds a multiplex tie when some partner is linked to them in two relations in
    the same direction (``multiplex_out + multiplex_in > 0``; :func:`relnet.multiplexity`).
    """
    holds = (nodes["multiplex_out"] + nodes["multiplex_in"]) > 0
    frame = pd.DataFrame({"holds": holds, "share": nodes["multiplex_share"]}).join(groups)
    table = frame.groupby(by, observed=True).agg(
        people=("holds", "size"),
        holders_share=("holds", "mean"),
        mean_multiplex_share=("share", "mean"),
    )
    return _suppress(table, by, small)


def _suppress(frame: pd.DataFrame, by: str, small: set) -> pd.DataFrame:
    """Rows of groups that are not too small (the group is an index level or a column)."""
    if not small:
        return frame
    if by in (frame.index.names or []):
        keys = frame.index.get_level_values(by)
    elif by in frame.columns:
        keys = frame[by]
    else:
        return frame
    return frame[~pd.Index(keys).isin(list(small))]


def _layer_title(relation: Hashable, wave: Hashable) -> str:
    return f"{relation}" if wave is None else f"{relation}, wave {wave}"


def _wave_text(wave: Hashable) -> str:
    return "all" if wave is None else str(wave)


def _cap(text: Any) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def percent(share: float) -> str:
    """A share as a whole percentage ('52%'), one decimal under 10% ('4.5%'), two significant
    digits under 0.1% ('0.0031%'), '—' if NaN.

    Examples
    --------
    >>> percent(0.5234), percent(0.0451), percent(0.000031), percent(float("nan"))
    ('52%', '4.5%', '0.0031%', '\u2014')
    """
    if share is None or not np.isfinite(share):
        return "\u2014"
    value = 100 * share
    if 0 < abs(value) < 0.1:
        return f"{value:.2g}%"
    return f"{value:.1f}%" if 0 < abs(value) < 10 else f"{value:.0f}%"


def number(x: float) -> str:
    """A number for a sentence: 3 significant digits, never in e-notation.

    Examples
    --------
    >>> number(3.0312), number(-1234.5), number(0.000123)
    ('3.03', '-1,234', '0.000123')
    """
    if not np.isfinite(x):
        return "\u2014"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    text = f"{x:.3g}"
    if "e" in text:
        text = f"{x:.{max(3 - int(math.floor(math.log10(abs(x)))) - 1, 0)}f}"
    return text


def p_text(p: float, n_sims: int | None = None) -> str:
    """'= 0.03', '< 0.001', or '< 1/n_sims' for a Monte Carlo p of zero.

    Examples
    --------
    >>> p_text(0.0312), p_text(0.00002), p_text(0.0, 200)
    ('= 0.031', '< 0.001', '< 0.005')
    """
    if p is None or not np.isfinite(p):
        return "not available"
    if n_sims is not None and p <= 0:
        return f"< {1 / n_sims:.2g}"
    if p < 0.001:
        return "< 0.001"
    return f"= {p:.2g}" if p < 0.1 else f"= {p:.2f}"
