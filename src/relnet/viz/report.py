"""The HTML report of a survey: one folder, an index page, a CSV of every table, network views.

:func:`relnet.viz.report_data.report_data` computes the tables (privacy rules applied);
this module renders them: a summary of findings first, readable tables with tooltips and a
glossary, figures as inline SVG, and offline network views that share one vis-network copy.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from relnet import __version__
from relnet.errors import ArgumentError, RelnetError
from relnet.exports import write_csv
from relnet.metrics.missing import MISSING_DEFAULT
from relnet.viz._html import esc, page, write_vis_assets
from relnet.viz.glossary import GLOSSARY, HEADERS
from relnet.viz.network_view import to_html
from relnet.viz.report_data import (
    EXACT_NETWORK_MAX,
    GROUP_PATH_MAX,
    NETWORK_SAMPLES,
    REPORT_LABELS,
    ReportData,
    _layer_title,
    _wave_text,
    p_text,
    percent,
    plural,
    report_data,
)

__all__ = ["report", "REPORT_LABELS"]

#: Figures of networks above this many people are drawn at the group level.
STATIC_PERSON_MAX = 1000
#: Key columns shown per table (the CSVs hold every column).
GROUP_COLUMNS = (
    "size",
    "response_rate",
    "density",
    "reciprocity",
    "transitivity",
    "mean_in_degree",
    "ei_index",
)
MEASURE_ROWS = (
    "n",
    "respondents",
    "arcs",
    "density",
    "reciprocity",
    "transitivity",
    "mean_degree",
    "largest_component_share",
    "components_weak",
    "centralization_indegree",
    "centralization_betweenness",
)
ASSOCIATION_COLUMNS = ("outcome", "term", "estimate", "ci_low", "ci_high", "p_adjusted", "n")
WAVE_COLUMNS = ("density_from", "density_to", "reciprocity_change", "ties_gained", "ties_lost")
SILO_COLUMNS = ("size", "n_communities", "largest_share", "ei_index", "split")
DASH = "\u2014"
#: Shares shown as percentages.
PERCENT_COLUMNS = (
    "response_rate",
    "largest_component_share",
    "share",
    "largest_share",
    "p_b_given_a",
    "p_a_given_b",
)
P_COLUMNS = ("p", "p_value", "p_adjusted", "p_greater", "p_less")
#: Groups listed in the informal-groups table (least cohesive first; the CSV has all).
SILO_ROWS = 12

_MISSING_TEXT = {
    "observed": (
        "Dyad measures (density, reciprocity, dyad census) count only observed cells: a tie "
        "i\u2192j counts when i responded, a dyad when both did (missing='observed', as R sna "
        "with non-respondents' rows set to NA)."
    ),
    "ignore": (
        "Non-respondents' unobserved ties are counted as absent (missing='ignore', as networkx "
        "and igraph do); this biases density and reciprocity downward when many did not respond."
    ),
    "reconstruct": (
        "A non-respondent i is given the tie i\u2192j wherever j\u2192i was reported "
        "(missing='reconstruct', Stork & Richards 1992), then every cell counts."
    ),
}
_OTHER_TEXT = {
    "observed": (
        "Other measures (transitivity, components, compactness, Krackhardt, centralization, "
        "brokerage) have no observed-cells version: they use the reported ties as they are."
    ),
    "ignore": "Every other measure uses the reported ties as they are.",
    "reconstruct": "Every other measure is computed on the same reconstructed network.",
}


def report(
    survey: Any,
    outcomes: pd.DataFrame | None = None,
    by: str | None = None,
    out: str | Path = "relnet-report",
    *,
    on: str | None = None,
    outcome_columns: Sequence[str] | None = None,
    predictors: Sequence[str] | None = None,
    relations: str | Sequence[str] | None = None,
    waves: Hashable | Sequence[Hashable] | None = None,
    labels: str = "pseudonym",
    min_group_size: int = 5,
    missing: str = MISSING_DEFAULT,
    color_by: str | None = None,
    top: int = 10,
    max_nodes: int = 2000,
    max_group_views: int = 24,
    salt: str | None = None,
    seed: int = 0,
    progress: bool | Callable[..., Any] | None = None,
) -> Path:
    """Write the HTML report of a survey to a folder; return the path of its ``index.html``.

    **Definition.** The folder holds ``index.html``, ``tables/*.csv`` (every table on the
    page, in full, each with a ``.json`` sidecar recording the missing-data rule) and
    ``views/*.html`` (network views by :func:`relnet.to_html`, sharing one copy of
    vis-network in ``views/``). The index opens with a summary: three to six plain-language
    findings with their numbers and uncertainty, each linking to its evidence, the response
    rate and the limits. Then, per relation and wave: the network measures (with a CUG test
    of reciprocity); the group table (by ``by``); a forest plot of the Spearman correlation
    of each group measure with each outcome, with scatter plots carrying r, p and n; the
    overlap of the relations; formal against informal groups; champions; the most central
    and most brokering people; the changes between waves; links to network views; how the
    survey was read; and a glossary (every measure's definition and source, also shown as a
    tooltip on each column). Tables show about six key columns rounded for reading; the CSVs
    hold every column exactly. Files of an earlier report in ``tables/`` and ``views/``
    that this report did not write are removed. Every page works offline from ``file://``.

    Parameters
    ----------
    survey : Survey
        From :func:`relnet.read_survey`.
    outcomes : pandas.DataFrame, optional
        Outcomes per group, with a key column (or index level) named ``on``.
    by : str, optional
        Node attribute that defines the groups (e.g. ``"site"``, ``"team"``).
    out : str or pathlib.Path
        The report folder (created).
    on : str, optional
        Key shared by the group table and ``outcomes``; default ``by``.
    outcome_columns : list of str, optional
        Outcome columns to associate; default every numeric column of ``outcomes`` other than
        the key and the columns that also name a group measure (such as ``size``).
    predictors : list of str, optional
        Group measures (columns of :func:`relnet.group_metrics`) to associate with the
        outcomes; default up to eight of density, reciprocity, transitivity, mean in-degree,
        in-degree and betweenness centralization, E-I index and mean constraint.
    relations : str or list of str, optional
        Relations to report; default all.
    waves : wave or list of waves, optional
        Waves to report (a wave's value or its text, e.g. ``2`` or ``"2"``); default all.
        The changes between waves need two or more.
    labels : {"pseudonym", "id", "name"}
        How people are shown: keyed-hash pseudonyms (default, via
        ``Survey.pseudonymize``), the survey's ids, or the ``name`` attribute in the views.
    min_group_size : int
        Groups with fewer people are left out of every shared table, plot and view (default
        5); network-level measures still count them. The page says how many were left out.
    missing : {"ignore", "observed", "reconstruct"}, default "ignore"
        The one rule for non-respondents' unobserved ties (:mod:`relnet.metrics.missing`),
        used by every table. The first lines of the page state the rule and why.
    color_by : str, optional
        Attribute that colours the people in the views; default ``by``.
    top : int
        How many people the central and brokering tables list.
    max_nodes : int
        Views of larger networks are drawn at the group level (see :func:`relnet.to_html`).
    max_group_views : int
        At most this many per-group views per relation (the largest groups).
    salt : str, optional
        Key of the pseudonyms; default a fresh random key that is not stored.
    seed : int
        Seed of the layouts, samples, bootstrap and simulations.
    progress : bool or callable, optional
        True for a progress bar (tqdm, on stderr); a callable is called as
        ``progress(step_label, done, total)`` after each step; default silent.

    Returns
    -------
    pathlib.Path
        ``out/index.html``.

    Raises
    ------
    ArgumentError
        On an unknown option, or ``by``/``on``/``relations``/``outcome_columns``/
        ``predictors`` that the survey or outcomes do not have.

    Notes
    -----
    Betweenness of networks above 5,000 people is estimated from 256 sampled sources
    (Brandes & Pich 2007) and marked as such. Sections that would be slow on very large
    networks (informal groups, champions) say why they were skipped.

    Examples
    --------
    >>> import tempfile
    >>> import relnet as rn
    >>> s = rn.synth.health_system(60, n_sites=2, seed=1)
    >>> survey = rn.read_survey(s.nominations, roster=s.roster)
    >>> index = report(survey, by="site", out=tempfile.mkdtemp(), seed=1)
    >>> index.name, (index.parent / "tables").is_dir()
    ('index.html', True)
    """
    for name, value, low in (("max_nodes", max_nodes, 1), ("max_group_views", max_group_views, 0)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < low:
            raise ArgumentError(f"{name}={value!r} must be a whole number of at least {low}.")
    if color_by is not None and hasattr(survey, "nodes") and color_by not in survey.nodes:
        raise ArgumentError(
            f"color_by={color_by!r} is not a person attribute; the survey has "
            f"{', '.join(map(repr, survey.nodes.columns))}."
        )
    n_rel = (
        len(_as_list(relations))
        if relations is not None
        else len(getattr(survey, "relations", []) or [None])
    )
    n_waves = (
        len(waves) if isinstance(waves, (list, tuple)) else 1 if waves is not None
        else len(getattr(survey, "waves", []) or [None])
    )  # fmt: skip
    total = (
        n_rel * n_waves  # measures
        + (n_rel if by is not None else 0)  # groups
        + (1 if outcomes is not None else 0)
        + 2 * n_rel  # people, informal groups
        + (n_rel if n_waves > 1 else 0)  # waves
        + n_rel * n_waves  # views
        + (n_rel if by is not None and max_group_views > 0 else 0)
        + 1  # index
    )
    steps = _Steps(progress, total=total)
    data = report_data(
        survey,
        outcomes,
        by,
        on=on,
        outcome_columns=outcome_columns,
        predictors=predictors,
        relations=relations,
        waves=waves,
        labels=labels,
        min_group_size=min_group_size,
        missing=missing,
        top=top,
        salt=salt,
        seed=seed,
        step=steps,
    )
    folder = Path(out)
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    (folder / "views").mkdir(parents=True, exist_ok=True)
    doc = _Document(folder, data.missing)
    _measures_section(doc, data)
    _groups_section(doc, data)
    _outcome_section(doc, data)
    _multiplex_section(doc, data)
    _informal_section(doc, data)
    _champions_section(doc, data)
    _people_section(doc, data, top)
    _waves_section(doc, data)
    color = color_by if color_by is not None else data.by
    _views_section(doc, data, color, color_by, top, max_nodes, max_group_views, seed, steps)
    _ingest_section(doc, data)
    _skipped_section(doc, data)
    index = folder / "index.html"
    index.write_text(doc.render(data), encoding="utf-8")
    doc.remove_stale()
    steps("index")
    steps.close()
    return index


# ---------------------------------------------------------------------- sections
def _measures_section(doc: _Document, data: ReportData) -> None:
    doc.h2("Network measures", "measures")
    doc.p(_MISSING_TEXT[data.missing], cls="muted")
    if data.measures_sampled:
        doc.p(
            f"In networks above {EXACT_NETWORK_MAX:,} people, compactness, fragmentation and "
            f"betweenness and closeness centralization are estimated from {NETWORK_SAMPLES} "
            "randomly chosen source people (seeded), not computed exactly; the groups' "
            f"betweenness centralization is left out for groups above {GROUP_PATH_MAX:,} "
            "people.",
            cls="note",
        )
    table = data.measures
    wide = table.T
    wide.columns = [_layer_title(r, None if w == "all" else w) for r, w in table.index.to_list()]
    wide.index.name = "measure"
    shown = wide.loc[[m for m in MEASURE_ROWS if m in wide.index]]
    doc.table(shown, "network_measures_wide", full=wide, row_tips=True)
    doc.csv_only(table, "network_measures")
    tests = [
        {
            "relation": relation,
            "observed": test["observed"],
            "null_mean": test["null_mean"],
            "p_greater": test["p_greater"],
            "draws": test["n_sims"],
        }
        for relation, test in data.cug.items()
        if test is not None
    ]
    closed = any(t["draws"] == 0 for t in tests)
    if tests:
        doc.h3("Is reciprocity more than chance?")
        doc.p(
            "Reciprocity of the last wave against random networks with the same people and "
            "number of ties (conditional uniform graph test, edges condition); a p-value of "
            "0 means no random network reached the observed value, so p < 1 / draws."
            + (
                " With 0 draws (networks above 20,000 people) the random mean is the exact "
                "expectation (m - 1) / (n (n - 1) - 1) and no p-value is simulated."
                if closed
                else ""
            ),
            cls="muted",
        )
        doc.table(pd.DataFrame(tests), "cug_reciprocity", index=False)
    for relation, table in data.cug_groups.items():
        if table is None or table.empty:
            continue
        doc.details(
            f"CUG tests per {data.by} ({relation}, {table.attrs['n_sims']} draws each): "
            "reciprocity against random networks with the same number of ties, transitivity "
            "against those with the same mutual, asymmetric and null dyads",
            table,
            f"cug_by_{data.by}__{relation}",
        )


def _groups_section(doc: _Document, data: ReportData) -> None:
    if data.by is None:
        return
    by = data.by
    small = data.suppressed
    doc.h2("Groups", "groups")
    doc.p(
        f"One row per {by}: {plural(data.n_groups, 'group')}; "
        + (
            f"{plural(len(small), 'group')} with fewer than {data.min_group_size} people "
            f"{'is' if len(small) == 1 else 'are'} left out of these tables, the plots and the "
            f"views to protect respondents ({plural(int(sum(small.values())), 'person')}; they "
            "still count in the network measures)."
            if small
            else f"every group has at least {data.min_group_size} people."
        ),
        cls="note",
    )
    for (relation, wave), table in data.groups.items():
        cols = [c for c in GROUP_COLUMNS if c in table.columns]
        stem = f"groups__{relation}__{_wave_text(wave)}"
        if wave != data.waves[0]:
            doc.details(f"{_layer_title(relation, wave)} ({plural(len(table), by)})",
                        table[cols], stem, full=table)  # fmt: skip
            continue
        doc.h3(_layer_title(relation, wave))
        doc.table(table[cols], stem, full=table)
        if "transitivity" in table.columns and table["transitivity"].isna().any():
            k = int(table["transitivity"].isna().sum())
            doc.p(
                f"\u2014 transitivity: {plural(k, by)} with no two-step path i \u2192 j \u2192 k "
                "inside, so there is nothing to close (the measure is undefined; some tools "
                "report 1 by convention).",
                cls="muted footnote",
            )


def _outcome_section(doc: _Document, data: ReportData) -> None:
    if not data.association_notes and not data.associations:
        return
    doc.h2("Outcomes", "outcomes")
    first = data.waves[0]
    doc.p(
        f"Group measures of wave {_wave_text(first)} are linked to the outcomes by "
        f"{data.on!r}. Each row correlates one outcome with one measure across the "
        f"{data.by} groups that have both (Spearman rank correlation, bootstrap 95% interval, "
        "p adjusted across measures by Holm's method); groups under the minimum size are left "
        "out.",
        cls="muted",
    )
    for relation in data.relations:
        frame = data.associations.get(relation)
        notes = data.association_notes.get(relation, [])
        if frame is None and not notes:
            continue
        doc.h3(str(relation))
        for note in notes:
            doc.p(f"Note: {note}.", cls="note")
        if frame is None or frame.empty:
            continue
        doc.figure(
            _forest_svg(frame, relation),
            f"Correlation of each outcome with each {relation} group measure (dot) and its "
            "95% interval (line); intervals crossing 0 are compatible with no association.",
        )
        shown = frame[list(ASSOCIATION_COLUMNS)].rename(columns={"n": "n_groups"})
        doc.table(shown, f"associations__{relation}", index=False, full=frame)
        linked = data.linked[relation]
        for outcome in data.outcome_columns.get(relation, []):
            rows = frame[frame["outcome"] == outcome]
            doc.figure(
                _scatter_svg(linked, outcome, rows),
                f"{outcome} against each {relation} group measure; one dot per {data.by}; "
                "r = Spearman correlation, p Holm-adjusted.",
            )


def _multiplex_section(doc: _Document, data: ReportData) -> None:
    if data.multiplex is None:
        return
    doc.h2("Trust and advice: how the relations overlap", "multiplex")
    doc.p(
        "For each pair of relations: ties in each, ties in both, the share of the first "
        "relation's ties that are also ties of the second, and the Jaccard overlap.",
        cls="muted",
    )
    frame = data.multiplex.reset_index()
    cols = [c for c in ("a", "b", "arcs_a", "both", "p_b_given_a", "jaccard", "correlation")
            if c in frame.columns]  # fmt: skip
    doc.table(frame[cols], "multiplexity", index=False, full=frame)
    holders = data.multiplex_by_group
    if holders is not None and not holders.empty:
        doc.figure(
            _holders_svg(holders, data.by),
            f"Who holds multiplex ties: per {data.by}, the share of people with at least one "
            "partner tied to them in two relations (bar), groups sorted by that share.",
        )
        doc.csv_only(holders, f"multiplex_holders_by_{data.by}")


def _informal_section(doc: _Document, data: ReportData) -> None:
    if not data.silos:
        return
    doc.h2("Formal and informal groups", "informal")
    doc.p(
        f"Informal communities found in the ties (Leiden, seeded) against the formal {data.by} "
        "groups: a group is split when no community holds more than half of its members. "
        "NMI and ARI measure agreement of the two partitions (1 = identical, 0 = unrelated).",
        cls="muted",
    )
    for relation, table in data.silos.items():
        attrs = table.attrs
        doc.h3(str(relation))
        doc.p(
            f"{plural(int(attrs.get('n_communities', 0)), 'community')}; "
            f"NMI {attrs.get('nmi', math.nan):.2f}, ARI {attrs.get('ari', math.nan):.2f}; "
            f"{plural(int(table['split'].sum()), data.by)} split."
        )
        cols = [c for c in SILO_COLUMNS if c in table.columns]
        shown = table.sort_values("largest_share", kind="stable")[cols].head(SILO_ROWS)
        if len(table) > SILO_ROWS:
            doc.p(f"The {SILO_ROWS} least cohesive of {plural(len(table), data.by)}:", cls="muted")
        doc.table(shown, f"silos__{relation}", full=table)


def _champions_section(doc: _Document, data: ReportData) -> None:
    if not data.champions:
        return
    doc.h2("Champions", "champions")
    doc.p(
        "People chosen so that as many others as possible name a champion, or name someone "
        "who does (key players for reach within two steps, Borgatti 2006), and a simulated "
        "spread of a practice from them (threshold model: a person adopts once 20% of the "
        "people they trust have) against the same number of most-named people. "
        "People are shown under the report's labels.",
        cls="muted",
    )
    for relation, found in data.champions.items():
        doc.h3(str(relation))
        doc.table(found["people"], f"champions__{relation}")
        if found.get("coverage") is not None:
            cov = found["coverage"]
            cols = [c for c in ("size", "champions", "reached", "share") if c in cov.columns]
            doc.details(
                f"Reach per {data.by} ({plural(len(cov), 'group')})", cov[cols],
                f"champions_coverage__{relation}",
            )  # fmt: skip
        doc.figure(
            _curve_svg(found["curves"], relation),
            f"Simulated adoption ({relation}): mean share of people adopted after each step "
            f"over 50 runs, from {found['k']} key players and from the {found['k']} most-named "
            "people.",
        )


def _people_section(doc: _Document, data: ReportData, top: int) -> None:
    doc.h2("Most central and most brokering people", "people")
    doc.p(_privacy_text(data), cls="note")
    last = data.waves[-1]
    for relation in data.relations:
        people = data.people[relation]
        doc.h3(_layer_title(relation, last))
        doc.p(data.people_note[relation], cls="muted")
        central = people.sort_values(["in_degree", "betweenness"], ascending=False).head(top)
        doc.p(f"Most central: the {top} people named most often (in-degree).")
        doc.table(_person_rows(central, data.labels), f"top_central__{relation}", index=False)
        doc.p(
            f"Most brokering: the {top} people on most shortest paths between others "
            "(betweenness), ringed in red in the network view."
        )
        doc.table(_person_rows(data.brokers[relation].head(top), data.labels),
                  f"top_brokers__{relation}", index=False)  # fmt: skip


def _waves_section(doc: _Document, data: ReportData) -> None:
    if len(data.waves) <= 1:
        return
    doc.h2("Changes between waves", "waves")
    for relation, changes in data.wave_changes.items():
        doc.h3(str(relation))
        cols = [c for c in ("people", *WAVE_COLUMNS) if c in changes.columns]
        doc.table(changes[cols], f"waves__{relation}__table", full=changes)


def _views_section(
    doc: _Document,
    data: ReportData,
    color: str | None,
    color_by: str | None,
    top: int,
    max_nodes: int,
    max_group_views: int,
    seed: int,
    steps: Any,
) -> None:
    folder = doc.folder
    write_vis_assets(folder / "views")
    doc.keep("views/vis-network.min.js", "views/vis-network.css")
    doc.h2("Network views", "views")
    doc.p(
        "Each link opens an interactive view (offline). Networks larger than "
        f"{max_nodes:,} people are drawn at the group level.",
        cls="muted",
    )
    by = data.by
    last = data.waves[-1]
    view_labels = "name" if data.labels == "name" and "name" in data.survey.nodes else "id"
    ring = f"the {top} most brokering people (betweenness)"
    links = []
    for relation in data.relations:
        graph = data.graphs[(relation, last)]
        doc.figure(
            _network_svg(graph, data, relation),
            f"The {relation} network"
            + (f" (last wave, {last})" if last is not None else "")
            + "; the same drawing as the view.",
        )
        for wave in data.waves:
            graph = _pooled(data.graphs[(relation, wave)], by, set(data.suppressed),
                            data.min_group_size)  # fmt: skip
            name = f"views/{_slug('network', relation, _wave_text(wave))}.html"
            people = data.people[relation] if wave == last else None
            group_attr = by
            too_many = by is not None and graph.n > max_nodes
            if too_many and graph.attribute(by).nunique(dropna=False) > max_nodes:
                group_attr = None  # to_html picks a coarser attribute
            try:
                to_html(
                    graph,
                    folder / name,
                    color_by=color,
                    labels=view_labels,
                    highlight=list(data.brokers[relation].index[:top]) if wave == last else None,
                    highlight_label=ring,
                    metrics=_view_metrics(people),
                    title=f"relnet: {_layer_title(relation, wave)}",
                    max_nodes=max_nodes,
                    by=group_attr,
                    seed=seed,
                    relation=str(relation),
                    assets=".",
                )
            except RelnetError as error:
                doc.p(f"{_layer_title(relation, wave)}: view not drawn: {error}", cls="note")
            else:
                doc.keep(name)
                links.append((name, _layer_title(relation, wave)))
            steps(f"view {_layer_title(relation, wave)}")
    for relation, labels in data.community_labels.items():
        graph = _pooled(data.graphs[(relation, last)], by, set(data.suppressed),
                        data.min_group_size)  # fmt: skip
        name = f"views/{_slug('communities', relation, _wave_text(last))}.html"
        title = f"{_layer_title(relation, last)} by informal community"
        try:
            to_html(
                _with_communities(graph, labels),
                folder / name,
                color_by="community",
                labels=view_labels,
                metrics=_community_tips(graph, by, data.people.get(relation)),
                title=f"relnet: {title}",
                max_nodes=max_nodes,
                by="community",
                seed=seed,
                relation=str(relation),
                assets=".",
            )
        except RelnetError as error:
            doc.p(f"{title}: view not drawn: {error}", cls="note")
        else:
            doc.keep(name)
            links.append((name, f"{title} ({by} in each person's tooltip)"))
    doc.links(links)
    if by is None or max_group_views == 0:
        return
    doc.h3(f"One view per {by}")
    for relation in data.relations:
        graph = data.graphs[(relation, last)]
        values = graph.attribute(by)
        sizes = values.value_counts()
        eligible = sizes[sizes >= data.min_group_size]
        drawn = eligible.head(max_group_views)
        group_links = []
        for group, _ in drawn.items():
            sub = graph.subgraph((values == group).to_numpy())
            name = f"views/{_slug('group', relation, _wave_text(last), group)}.html"
            members = set(sub.ids)
            kept = [p for p in data.brokers[relation].index[:top] if p in members]
            label = group_label(by, group)
            try:
                to_html(
                    sub,
                    folder / name,
                    color_by=color_by if color_by != by else None,
                    labels=view_labels,
                    highlight=kept,
                    highlight_label=ring + " of the whole network",
                    metrics=_view_metrics(data.people[relation].reindex(sub.ids)),
                    title=f"relnet: {_layer_title(relation, last)}, {label}",
                    max_nodes=max_nodes,
                    seed=seed,
                    relation=str(relation),
                    assets=".",
                )
            except RelnetError as error:  # e.g. a huge group with no attribute to draw by
                doc.p(f"{relation}: {label}: view not drawn: {error}", cls="note")
                continue
            doc.keep(name)
            group_links.append((name, f"{relation}: {label} ({plural(len(sub.ids), 'person')})"))
        doc.p(f"{_layer_title(relation, last)}:", cls="muted")
        doc.links(group_links)
        notes = []
        left = len(eligible) - len(drawn)
        if left:
            notes.append(
                f"{plural(left, 'smaller group')} not drawn (max_group_views={max_group_views})"
            )
        if data.suppressed:
            notes.append(
                f"{plural(len(data.suppressed), 'group')} under {data.min_group_size} people "
                "not drawn"
            )
        if notes:
            doc.p("; ".join(notes) + ".", cls="muted")
        steps(f"group views {relation}")


def _ingest_section(doc: _Document, data: ReportData) -> None:
    doc.h2("How the survey was read", "ingest")
    frame = data.ingest.set_index("item")["value"]

    def number(key: str) -> int:
        try:
            return int(frame.get(key, 0))
        except (TypeError, ValueError):
            return 0

    cov = data.coverage
    doc.p(
        f"{plural(cov['n_people'], 'person')}, {cov['n_respondents']:,} responded "
        f"({percent(cov['response_rate'])}). {plural(number('input'), 'nomination')} read: "
        f"{number('kept'):,} kept, {plural(number('merged'), 'duplicate')} merged, "
        f"{number('dropped'):,} dropped."
    )
    doc.csv_only(data.ingest, "ingest_summary", index=False)
    issues = data.ingest_issues
    if len(issues):
        doc.p(f"{plural(len(issues), 'nomination')} merged or dropped:")
        doc.table(issues, "ingest_issues", index=False)
    else:
        doc.csv_only(issues, "ingest_issues", index=False)


def _skipped_section(doc: _Document, data: ReportData) -> None:
    if not data.skipped:
        return
    doc.h2("Not computed", "skipped")
    doc.bullets([f"{what}: {why}" for what, why in data.skipped.items()])


# ---------------------------------------------------------------------- figures
def _svg(fig: Any, *, tight: bool = True) -> str:
    from relnet.viz.static import figure_svg

    return figure_svg(fig, tight=tight)


def _holders_svg(holders: pd.DataFrame, by: str) -> str:
    """Horizontal bars: share of people holding a multiplex tie, per group (at most 40)."""
    from matplotlib.figure import Figure

    shown = holders.sort_values("holders_share").tail(40)
    fig = Figure(figsize=(6.5, 0.25 * len(shown) + 1.0))
    ax = fig.add_subplot()
    labels = [group_label(by, v) for v in shown.index]
    ax.barh(range(len(shown)), shown["holders_share"].to_numpy(), color="#0072B2")
    ax.set_yticks(range(len(shown)), labels, fontsize=7)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of people holding a multiplex tie")
    ax.set_title(f"Multiplex ties by {by}" + (" (40 highest)" if len(holders) > 40 else ""))
    return _svg(fig)


def _forest_svg(frame: pd.DataFrame, relation: Hashable) -> str:
    from matplotlib.figure import Figure

    rows = frame.reset_index(drop=True)
    k = len(rows)
    fig = Figure(figsize=(6.4, 0.9 + 0.28 * k), dpi=72)
    ax = fig.add_subplot(1, 1, 1)
    y = np.arange(k)[::-1]
    est = rows["estimate"].to_numpy(float)
    lo = rows["ci_low"].to_numpy(float)
    hi = rows["ci_high"].to_numpy(float)
    strong = rows["p_adjusted"].to_numpy(float) < 0.05
    ax.axvline(0, color="#888888", lw=0.8)
    ax.hlines(y, lo, hi, color=np.where(strong, "#0072B2", "#999999"), lw=1.6)
    ax.scatter(est, y, color=np.where(strong, "#0072B2", "#999999"), s=18, zorder=3)
    labels = [
        f"{o} ~ {t} (n={n})"
        for o, t, n in zip(rows["outcome"], rows["term"], rows["n"].astype(int))
    ]
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("Spearman correlation with 95% interval (blue: Holm p < 0.05)", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.set_title(f"{relation}: standardised associations", fontsize=9)
    fig.tight_layout()
    return _svg(fig)


def _scatter_svg(linked: pd.DataFrame, outcome: str, rows: pd.DataFrame) -> str:
    """One panel per measure with its least-squares line; the title gives r, p and n of the
    same rows as the table (groups with both values)."""
    from matplotlib.figure import Figure

    terms = list(rows["term"])
    k = max(len(terms), 1)
    cols = min(k, 4)
    nrows = (k + cols - 1) // cols
    fig = Figure(figsize=(2.6 * cols, 2.3 * nrows), dpi=72)
    fig.subplots_adjust(left=0.08, right=0.99, bottom=0.16 / nrows, top=1 - 0.1 / nrows,
                        wspace=0.42, hspace=0.6)  # fmt: skip
    axes = fig.subplots(nrows, cols, squeeze=False)
    y_all = pd.to_numeric(linked[outcome], errors="coerce").to_numpy(dtype=float)
    for slot, (_, row) in enumerate(rows.iterrows()):
        ax = axes[slot // cols][slot % cols]
        x = pd.to_numeric(linked[row["term"]], errors="coerce").to_numpy(dtype=float)
        ok = np.isfinite(x) & np.isfinite(y_all)
        ax.scatter(x[ok], y_all[ok], s=12, alpha=0.75, color="#0072B2", edgecolors="none")
        if ok.sum() >= 3 and np.ptp(x[ok]) > 0:
            slope, intercept = np.polyfit(x[ok], y_all[ok], 1)
            grid = np.linspace(x[ok].min(), x[ok].max(), 2)
            ax.plot(grid, intercept + slope * grid, color="#D55E00", linewidth=1.1)
        ax.set_xlabel(str(row["term"]), fontsize=7)
        ax.set_ylabel(str(outcome), fontsize=7)
        ax.set_title(
            f"r = {row['estimate']:.2f}, p {p_text(row['p_adjusted'])}, n = {int(ok.sum())}",
            fontsize=7,
        )
        ax.tick_params(labelsize=6)
    for slot in range(len(terms), nrows * cols):
        axes[slot // cols][slot % cols].set_visible(False)
    return _svg(fig, tight=False)


def _curve_svg(curves: dict, relation: Hashable) -> str:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4.8, 2.6), dpi=72)
    ax = fig.add_subplot(1, 1, 1)
    for (name, curve), color in zip(curves.items(), ("#0072B2", "#E69F00")):
        ax.plot(np.arange(len(curve)), 100 * curve.to_numpy(float), color=color, label=name)
    ax.set_xlabel("step", fontsize=8)
    ax.set_ylabel("% adopted", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=7, frameon=False)
    ax.set_title(f"{relation}: simulated adoption", fontsize=9)
    fig.subplots_adjust(left=0.12, right=0.98, bottom=0.17, top=0.88)
    return _svg(fig, tight=False)


def _network_svg(graph: Any, data: ReportData, relation: Hashable) -> str:
    """The network as a static figure: people when small enough, else the groups."""
    from relnet.viz.static import plot_network

    by = data.by
    small = set(data.suppressed)
    if graph.n <= STATIC_PERSON_MAX:
        shown = graph
        if by is not None and small:
            shown = graph.subgraph(~graph.attribute(by).isin(list(small)).to_numpy())
        levels = shown.attribute(by).nunique() if by is not None else 0
        fig = plot_network(
            shown,
            color_by=by if by is not None and levels <= 70 else None,
            relation=str(relation),
            seed=0,
        )
        if fig.axes[0].get_legend() is not None and levels > 12:
            fig.axes[0].get_legend().remove()
        return _svg(fig)
    if by is None:
        return ""
    quotient = _quotient(graph, by, small)
    if quotient is None:
        return ""
    fig = plot_network(quotient, relation=f"nominations between {by} ({relation})", seed=0)
    return _svg(fig)


def _quotient(graph: Any, by: str, small: set) -> Any:
    from relnet.network import Network

    values = graph.attribute(by).astype(object)
    keep = ~values.isin(list(small)).to_numpy()
    codes, levels = pd.factorize(values, use_na_sentinel=False)
    if len(levels) > 500:
        return None
    src = codes[graph.sources]
    dst = codes[graph.indices]
    ok = (src != dst) & keep[graph.sources] & keep[graph.indices]
    pairs = pd.DataFrame({"s": src[ok], "t": dst[ok]}).value_counts().reset_index()
    level_text = [str(v) for v in levels]
    nodes = [level_text[c] for c in np.unique(codes[keep])]
    return Network.from_edges(
        [level_text[c] for c in pairs["s"]],
        [level_text[c] for c in pairs["t"]],
        weight=pairs["count"].to_numpy(float),
        nodes=nodes,
    )


# ---------------------------------------------------------------------- the document
class _Document:
    """The index page as HTML fragments, and the CSV of every table (each with a JSON
    sidecar recording the missing-data rule)."""

    def __init__(self, folder: Path, missing: str) -> None:
        self.folder = folder
        self.missing = missing
        self.parts: list[str] = []
        self.toc: list[tuple[str, str]] = []
        self.csvs: list[str] = []
        self.written: set[str] = set()
        self.shown: set[str] = set()
        self.footnote = False

    def keep(self, *names: str) -> None:
        self.written.update(names)

    def h2(self, text: str, anchor: str) -> None:
        self.toc.append((anchor, text))
        self.parts.append(f'<h2 id="{anchor}">{esc(text)}</h2>')

    def h3(self, text: str) -> None:
        self.parts.append(f"<h3>{esc(text)}</h3>")

    def p(self, text: str, cls: str | None = None) -> None:
        attr = f' class="{cls}"' if cls else ""
        self.parts.append(f"<p{attr}>{esc(text)}</p>")

    def bullets(self, items: list[str]) -> None:
        self.parts.append("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>")

    def csv_only(self, frame: pd.DataFrame, stem: str, *, index: bool = True) -> str:
        name = f"tables/{_slug(stem)}.csv"
        write_csv(frame, self.folder / name, index=index)
        meta = {
            "table": name,
            "missing": self.missing,
            "missing_rule": _MISSING_TEXT[self.missing],
            "other_measures": _OTHER_TEXT[self.missing],
            "relnet_version": __version__,
        }
        sidecar = self.folder / name.replace(".csv", ".json")
        sidecar.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
        self.csvs.append(name)
        self.keep(name, name.replace(".csv", ".json"))
        return name

    def table(
        self,
        frame: pd.DataFrame,
        stem: str,
        *,
        index: bool = True,
        full: pd.DataFrame | None = None,
        row_tips: bool = False,
    ) -> None:
        """Key columns rounded for reading; the CSV (of ``full``) holds every column."""
        name = self.csv_only(frame if full is None else full, stem, index=index)
        self.parts.append(self._table_html(frame, index=index, row_tips=row_tips))
        more = ""
        if full is not None and full.shape[1] > frame.shape[1]:
            more = f" (all {full.shape[1]} columns)"
        self.parts.append(
            f'<p class="muted csv">CSV{more}: <a href="{esc(name)}">{esc(name)}</a></p>'
        )

    def details(
        self, summary: str, frame: pd.DataFrame, stem: str, *, full: pd.DataFrame | None = None
    ) -> None:
        """A table folded under a summary line (opened on click)."""
        name = self.csv_only(frame if full is None else full, stem)
        self.parts.append(
            f"<details><summary>{esc(summary)}</summary>{self._table_html(frame, index=True)}"
            f'<p class="muted">CSV: <a href="{esc(name)}">{esc(name)}</a></p></details>'
        )

    def _table_html(
        self, frame: pd.DataFrame, *, index: bool, row_tips: bool = False, max_rows: int = 60
    ) -> str:
        shown = frame.head(max_rows)
        if index:
            shown = shown.reset_index()
        heads = []
        for col in shown.columns:
            heads.append(self._th(str(col)))
        body = []
        for _, row in shown.iterrows():
            cells = []
            for k, col in enumerate(shown.columns):
                value = row[col]
                text, numeric = readable(value, str(col))
                if k == 0 and row_tips:
                    cells.append(self._th(str(value), scope="row"))
                    continue
                if text == DASH and str(col) == "transitivity":
                    self.footnote = True
                cls = "" if numeric else ' class="text"'
                cells.append(f"<td{cls}>{esc(text)}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        more = ""
        if len(frame) > max_rows:
            more = f'<p class="muted">First {max_rows} of {len(frame):,} rows; the CSV has all.</p>'
        return (
            f'<div class="scroll"><table><thead><tr>{"".join(heads)}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>{more}"
        )

    def _th(self, column: str, scope: str = "col") -> str:
        entry = GLOSSARY.get(column)
        label = HEADERS.get(column, column.replace("_", " "))
        if entry is None:
            tip = _generic_tip(column)
        else:
            self.shown.add(column)
            tip = f"{entry[0]} Source: {entry[1]}."
        return f'<th scope="{scope}" title="{esc(tip)}">{esc(label)}</th>'

    def figure(self, svg: str, caption: str) -> None:
        if not svg:
            return
        self.parts.append(
            f'<figure class="plot">{svg}<figcaption class="muted">{esc(caption)}'
            "</figcaption></figure>"
        )

    def links(self, links: list[tuple[str, str]]) -> None:
        items = "".join(f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for href, text in links)
        self.parts.append(f'<ul class="links">{items}</ul>')

    def remove_stale(self) -> None:
        """Delete CSVs, sidecars and views of an earlier report that this one did not write."""
        for sub, patterns in (("tables", ("*.csv", "*.json")), ("views", ("*.html",))):
            for pattern in patterns:
                for path in (self.folder / sub).glob(pattern):
                    if f"{sub}/{path.name}" not in self.written:
                        path.unlink()

    def render(self, data: ReportData) -> str:
        nodes = data.survey.nodes
        wave_text = "" if data.waves == [None] else f", waves {', '.join(map(str, data.waves))}"
        head = (
            f"{plural(nodes.shape[0], 'person')} "
            f"({percent(data.coverage['response_rate'])} responded), "
            f"relations {', '.join(map(str, data.relations))}{wave_text}"
            + (f", groups by {data.by}" if data.by else "")
            + "."
        )
        rule = _missing_statement(data)
        findings = "".join(
            f'<li>{esc(f.text)} <a href="#{esc(f.anchor)}">evidence</a></li>' for f in data.findings
        )
        summary = (
            '<section id="summary">'
            f'<p class="note" id="missing-rule">{esc(rule)}</p>'
            "<h2>Summary</h2>"
            f'<ol class="findings">{findings}</ol>'
            f'<p class="note">{esc(_privacy_text(data))}</p></section>'
        )
        toc = "".join(f'<li><a href="#{a}">{esc(t)}</a></li>' for a, t in self.toc)
        toc += '<li><a href="#glossary">Glossary</a></li><li><a href="#csv">CSV files</a></li>'
        glossary = "".join(
            f"<dt>{esc(HEADERS.get(c, c.replace('_', ' ')))} <code>{esc(c)}</code></dt>"
            f'<dd>{esc(GLOSSARY[c][0])} <span class="muted">Source: {esc(GLOSSARY[c][1])}.'
            "</span></dd>"
            for c in sorted(self.shown)
        )
        csvs = "".join(f'<li><a href="{esc(c)}">{esc(c)}</a></li>' for c in self.csvs)
        body = (
            f'<header><h1>relnet report</h1><div class="muted">{esc(head)}</div></header>'
            f"<main>{summary}<nav><ul>{toc}</ul></nav>"
            + "\n".join(self.parts)
            + '<h2 id="glossary">Glossary</h2><dl class="glossary">'
            + glossary
            + "</dl>"
            + f'<h2 id="csv">Every table as CSV</h2><ul class="links">{csvs}</ul>'
            + '<p class="muted">Spreadsheet-safe: a cell that starts with = + - @, a tab or '
            "a carriage return gets a leading ' so a spreadsheet shows it as text and never "
            "runs it as a formula; numbers stay numbers (read_survey removes the quote).</p>"
            '<p class="muted">Made by relnet; this page and its views work offline.</p></main>'
        )
        css = (
            "main { max-width: 1200px; } figure { margin: 10px 0; } "
            "figure.plot svg { max-width: 100%; height: auto; } "
            "pre { white-space: pre-wrap; } h3 { margin-top: 1.4em; } "
            "ul.links { columns: 3 18em; } th[title] { text-decoration: underline dotted; "
            "cursor: help; } th[scope=row] { text-align: left; font-weight: normal; } "
            "ol.findings li { margin: 6px 0; font-size: 1.02rem; } "
            "dl.glossary dt { font-weight: 600; margin-top: 6px; } "
            "dl.glossary dd { margin-left: 1.5em; } nav ul { columns: 3 16em; } "
            "details { margin: 6px 0 12px 0; }"
        )
        return page("relnet report", body, css=css)


def readable(value: Any, column: str = "") -> tuple[str, bool]:
    """A value as text for reading, and whether it is a number: integers with thousands
    separators, shares and correlations with 2 decimals, p-values as '< 0.001', else 3
    significant digits; NaN as '—'.

    Examples
    --------
    >>> readable(1234.0)[0], readable(0.5612)[0], readable(3.24333)[0]
    ('1,234', '0.56', '3.24')
    >>> readable(0.0004, "p_value")[0]
    '< 0.001'
    >>> readable(float("nan"), "transitivity")[0]
    '—'
    """
    if isinstance(value, (bool, np.bool_)):
        return ("yes" if value else "no"), False
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}", True
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if not math.isfinite(v):
            return DASH, True
        if column in PERCENT_COLUMNS:
            return percent(v), True
        if column in P_COLUMNS:
            return ("< 0.001" if v < 0.001 else f"{v:.3f}" if v < 0.01 else f"{v:.2f}"), True
        if v.is_integer() and abs(v) < 1e15:
            return f"{int(v):,}", True
        if abs(v) >= 1000:
            return f"{v:,.0f}", True
        if 0 < abs(v) < 0.1:
            return f"{v:.2g}", True  # 0.011, not 0.01
        if abs(v) <= 1.0:
            return f"{v:.2f}", True
        return f"{v:.3g}", True
    if value is None or (isinstance(value, float) and value != value):
        return "", False
    return str(value), False


def _generic_tip(column: str) -> str:
    known = {
        "relation": "The survey question (relation).",
        "wave": "Survey wave.",
        "measure": "Network measure; hover a measure's name for its definition.",
        "a": "First relation.",
        "b": "Second relation.",
        "draws": "Random networks drawn for the test.",
        "person": "The person (the survey's id or name, as the report was asked).",
        "person (pseudonym)": "The person, as a keyed-hash pseudonym.",
        "wave_from": "Earlier wave.",
        "wave_to": "Later wave.",
    }
    return known.get(column, f"{column.replace('_', ' ')}: the group or label; see the CSV.")


def group_label(by: str, group: Any) -> str:
    """'team_18' rather than 'team team_18'; 'site 3' for a bare value.

    Examples
    --------
    >>> group_label("team", "team_18"), group_label("site", 3)
    ('team_18', 'site 3')
    """
    text = str(group)
    if text.lower().startswith(str(by).lower()):
        return text
    return f"{by} {text}"


class _Steps:
    """Progress: nothing, a tqdm bar, or a callback ``(label, done, total)``."""

    def __init__(self, progress: bool | Callable[..., Any] | None, total: int) -> None:
        self.total = total
        self.done = 0
        self.bar = None
        self.callback = None
        if progress is True:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc="relnet report", leave=False)
        elif callable(progress):
            self.callback = progress
        elif progress not in (None, False):
            raise ArgumentError("progress must be True, False, None or a callable.")

    def __call__(self, label: str) -> None:
        self.done += 1
        self.total = max(self.total, self.done)
        if self.bar is not None:
            self.bar.total = self.total
            self.bar.set_postfix_str(label, refresh=False)
            self.bar.update(1)
        elif self.callback is not None:
            self.callback(label, self.done, self.total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# ---------------------------------------------------------------------- helpers
def _as_list(value: Any) -> list:
    return [value] if isinstance(value, str) else list(value)


def _privacy_text(data: ReportData) -> str:
    labels = data.labels
    if labels == "pseudonym":
        who = (
            "People appear under pseudonyms (keyed hashes of their ids; the key is not in this "
            "report) and name columns are removed."
        )
    elif labels == "id":
        who = "People appear under the survey's own ids; names are not shown."
    else:
        who = (
            "People appear under their names in the network views (labels='name')."
            if "name" in data.survey.nodes
            else "labels='name' was asked for but the survey has no name column: ids are shown."
        )
    groups = (
        f" Groups ({data.by}) with fewer than {data.min_group_size} people are left out of "
        "shared tables."
        if data.by
        else ""
    )
    return who + groups


def _missing_statement(data: ReportData) -> str:
    """The page's first note: which missing-data rule every table uses, and why."""
    missing = data.missing
    n, r = data.coverage["n_people"], data.coverage["n_respondents"]
    absent = n - r
    who = (
        f"{absent:,} of {n:,} people did not respond, so their outgoing ties are unobserved. "
        if absent
        else "Everyone responded, so no tie is unobserved and the rule changes nothing. "
    )
    why = (
        f"It was chosen for this report (missing={missing!r})."
        if data.missing_chosen
        else "It is relnet's default for every measure, so these numbers equal "
        "rn.network_metrics and rn.group_metrics run with their defaults; pass "
        "missing='observed' (only observed cells, as R sna with NA rows) or "
        "missing='reconstruct' (Stork & Richards 1992) to rn.report to use another rule."
    )
    return (
        f"Missing data: every table uses missing={missing!r}. {who}{_MISSING_TEXT[missing]} "
        f"{_OTHER_TEXT[missing]} {why}"
    )


def _slug(*parts: Any) -> str:
    """A safe file stem: ASCII letters, digits, _ and -, plus a short hash when changed."""
    text = "__".join(str(p) for p in parts)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_")[:60] or "x"
    if stem != text:
        stem += "-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]
    return stem


def _pooled(graph: Any, by: str | None, small: set, min_group_size: int) -> Any:
    """The graph with the groups under ``min_group_size`` pooled into one value of ``by``."""
    if by is None or not small:
        return graph
    from relnet.network import Network

    nodes = graph.nodes
    values = nodes[by].astype(object)
    nodes[by] = values.where(~values.isin(list(small)), f"(groups under {min_group_size} people)")
    return Network.from_edges(
        graph.ids.take(graph.sources),
        graph.ids.take(graph.indices),
        weight=graph.weights,
        nodes=nodes,
    )


def _person_rows(frame: pd.DataFrame, labels: str) -> pd.DataFrame:
    rows = frame.reset_index()
    first = rows.columns[0]
    word = {"pseudonym": "person (pseudonym)", "id": "person", "name": "person"}[labels]
    return rows.rename(columns={first: word})


def _with_communities(graph: Any, labels: pd.Series) -> Any:
    """The graph with each person's informal community as the node attribute ``community``."""
    from relnet.network import Network

    nodes = graph.nodes
    nodes["community"] = "community " + labels.reindex(graph.ids).astype(str).to_numpy()
    return Network.from_edges(
        graph.ids.take(graph.sources),
        graph.ids.take(graph.indices),
        weight=graph.weights,
        nodes=nodes,
    )


def _community_tips(graph: Any, by: str | None, people: pd.DataFrame | None) -> pd.DataFrame:
    """Tooltip columns of the community view: the formal group beside in-degree and
    betweenness, so a community can be read against the org chart."""
    tips = _view_metrics(people)
    tips = pd.DataFrame(index=graph.ids) if tips is None else tips.reindex(graph.ids)
    if by is not None:
        tips.insert(0, by, graph.attribute(by).to_numpy())
    return tips


def _view_metrics(table: pd.DataFrame | None) -> pd.DataFrame | None:
    if table is None:
        return None
    return table[[c for c in ("in_degree", "betweenness") if c in table.columns]]
