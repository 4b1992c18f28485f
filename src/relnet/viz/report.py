"""The HTML report of a survey: one folder, an index page, a CSV of every table, network views."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import secrets
import warnings
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import relnet as rn
from relnet.errors import ArgumentError, RelnetError, check_choice
from relnet.metrics.missing import MISSING_DEFAULT, MISSING_OPTIONS, check_missing
from relnet.viz._html import esc, page, table_html
from relnet.viz.network_view import to_html

REPORT_LABELS = ("pseudonym", "id", "name")
MISSING_CHOICES = MISSING_OPTIONS  # ("ignore", "observed", "reconstruct")
#: Above this many people betweenness is estimated from sampled sources.
EXACT_BETWEENNESS_MAX = 5000
BETWEENNESS_SAMPLES = 256
#: Above this many people the network-level path measures are estimated from samples.
EXACT_NETWORK_MAX = 20_000
NETWORK_SAMPLES = 256
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
#: What the measures other than the dyad measures do under each rule.
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
    relations: str | Sequence[str] | None = None,
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
    page, in full) and ``views/*.html`` (network views by :func:`relnet.to_html`). The index
    shows, in order: the ingest report (counts and issues); for each relation and wave the
    network measures, with the missing-data treatment stated; the group table (by ``by``);
    the association of each group measure with each outcome, with a scatter plot per
    predictor; the most central (in-degree) and most brokering (betweenness) people; the
    changes between waves when there are two or more; and links to a network view per
    relation and wave and per group. Every page works offline from ``file://``.

    Parameters
    ----------
    survey : Survey
        From :func:`relnet.read_survey`.
    outcomes : pandas.DataFrame, optional
        Outcomes per group, with a key column (or index level) named ``on``.
    by : str, optional
        Node attribute that defines the groups (e.g. ``"site"``, ``"team"``).
    out : str or pathlib.Path
        The report folder (created; files of an earlier report are overwritten).
    on : str, optional
        Key shared by the group table and ``outcomes``; default ``by``.
    outcome_columns : list of str, optional
        Outcome columns to associate; default every numeric column of ``outcomes`` other than
        the key and the columns that also name a group measure (such as ``size``).
    relations : str or list of str, optional
        Relations to report; default all.
    labels : {"pseudonym", "id", "name"}
        How people are shown: keyed-hash pseudonyms (default, via
        ``Survey.pseudonymize``), the survey's ids, or the ``name`` attribute in the views.
    min_group_size : int
        Groups with fewer people are left out of every shared table, plot and view (default
        5); network-level measures still count them. The page says how many were left out.
    missing : {"ignore", "observed", "reconstruct"}, default "ignore"
        The one rule for non-respondents' unobserved ties (:mod:`relnet.metrics.missing`),
        used by every table of the report: the network measures
        (:func:`relnet.network_metrics`), the group table (:func:`relnet.group_metrics`) and
        the wave changes (:func:`relnet.compare_waves`). The default is relnet's default for
        every measure, so the report's numbers equal those functions run with their
        defaults. The first lines of the page state the rule and why it was used, and each
        ``tables/*.csv`` has a ``tables/*.json`` sidecar that records it.
    color_by : str, optional
        Attribute that colours the people in the views; default ``by``.
    top : int
        How many people the central and brokering tables list.
    max_nodes : int
        Views of larger networks are drawn at the group level (see :func:`relnet.to_html`).
    max_group_views : int
        At most this many per-group views per relation (the largest groups).
    salt : str, optional
        Key of the pseudonyms; default a fresh random key that is not stored, so the
        pseudonyms cannot be linked back. Pass your project's secret to get stable ones.
    seed : int
        Seed of the layouts and of sampled betweenness.
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
        On an unknown option, or ``by``/``on``/``relations`` that the survey does not have.

    Notes
    -----
    Betweenness of networks above 5,000 people is estimated from 256 sampled sources
    (Brandes & Pich 2007) and marked as such.

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
    check_choice("labels", labels, REPORT_LABELS)
    chosen_missing = missing is not MISSING_DEFAULT
    missing = check_missing(missing)
    for name, value, low in (
        ("min_group_size", min_group_size, 1),
        ("top", top, 1),
        ("max_nodes", max_nodes, 1),
        ("max_group_views", max_group_views, 0),
    ):
        if not isinstance(value, (int, np.integer)) or value < low:
            raise ArgumentError(f"{name}={value!r} must be a whole number of at least {low}.")
    for attr in ("network", "nodes", "relations", "waves", "report"):
        if not hasattr(survey, attr):
            raise ArgumentError(
                f"report needs a relnet Survey (from relnet.read_survey), got "
                f"{type(survey).__name__}."
            )
    attributes = list(survey.nodes.columns)
    for name, value in (("by", by), ("color_by", color_by)):
        if value is not None and value not in attributes:
            raise ArgumentError(
                f"{name}={value!r} is not a person attribute; the survey has "
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
            raise ArgumentError(f"outcome_columns {absent} are not columns of outcomes.")
    chosen = _relations(survey, relations)
    waves = list(survey.waves) or [None]

    if labels == "pseudonym":
        shared = survey.pseudonymize(salt if salt is not None else secrets.token_hex(16))
    else:
        shared = survey
    has_name = "name" in shared.nodes.columns
    view_labels = "name" if labels == "name" and has_name else "id"
    color = color_by if color_by is not None else by

    folder = Path(out)
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    (folder / "views").mkdir(parents=True, exist_ok=True)
    n_layers = len(chosen) * len(waves)
    steps = _Steps(
        progress,
        total=2
        + 2 * n_layers
        + (outcomes is not None)
        + len(chosen) * (1 + (by is not None) + (len(waves) > 1)),
    )
    doc = _Document(folder, missing)
    privacy = _privacy_text(labels, has_name, min_group_size, by)

    # 1. ingest report --------------------------------------------------------------
    _ingest_section(doc, shared.report)
    steps("ingest report")

    # 2. networks and their measures --------------------------------------------------
    graphs: dict[tuple, Any] = {}
    rows = []
    for relation in chosen:
        for wave in waves:
            graph = shared.network(relation, wave)
            graphs[(relation, wave)] = graph
            rows.append(_measures(graph, relation, wave, missing, seed))
            steps(f"measures {relation} {'' if wave is None else wave}".strip())
    _measures_section(doc, rows, missing)

    # 3. groups ----------------------------------------------------------------------
    group_tables: dict[tuple, pd.DataFrame] = {}
    suppressed: dict[Hashable, int] = {}
    if by is not None:
        sizes = shared.nodes[by].value_counts(dropna=False)
        small = sizes[sizes < min_group_size]
        suppressed = {k: int(v) for k, v in small.items()}
        doc.h2("Groups", "groups")
        doc.p(
            f"One row per {by}. {len(sizes):,} groups; "
            + (
                f"{len(small):,} with fewer than {min_group_size} people are left out of "
                f"these tables, the plots and the views to protect respondents "
                f"({int(small.sum()):,} people; they still count in the network measures)."
                if len(small)
                else f"every group has at least {min_group_size} people."
            ),
            cls="note",
        )
        doc.p(f"Every group measure uses missing={missing!r}, as above.", cls="muted")
        for relation in chosen:
            for wave in waves:
                title = _layer_title(relation, wave)
                try:
                    table = rn.group_metrics(graphs[(relation, wave)], by=by, missing=missing)
                except RelnetError as error:
                    doc.h3(title)
                    doc.p(f"Group table could not be computed: {error}", cls="note")
                    continue
                group_tables[(relation, wave)] = table
                shown = _suppress(table, by, set(suppressed))
                doc.h3(title)
                doc.table(shown, f"groups__{relation}__{_wave_text(wave)}")
            steps(f"groups {relation}")

    # 4. outcomes --------------------------------------------------------------------
    if outcomes is not None:
        _outcome_section(
            doc,
            group_tables,
            outcomes,
            on,
            by,
            chosen,
            waves,
            set(suppressed),
            seed,
            outcome_columns,
        )
        steps("outcomes")

    # 5. central and brokering people --------------------------------------------------
    doc.h2("Most central and most brokering people", "people")
    doc.p(privacy, cls="note")
    last = waves[-1]
    highlights: dict[str, list] = {}
    node_tables: dict[str, pd.DataFrame] = {}
    for relation in chosen:
        graph = graphs[(relation, last)]
        people, brokers, note = _people(graph, by, set(suppressed), top, seed)
        node_tables[relation] = people
        highlights[relation] = list(brokers.index[: min(top, len(brokers))])
        doc.h3(_layer_title(relation, last))
        doc.p(note, cls="muted")
        central = people.sort_values(["in_degree", "betweenness"], ascending=False).head(top)
        doc.p(f"Most central: the {top} people named most often (in-degree).")
        doc.table(_person_rows(central, labels), f"top_central__{relation}", index=False)
        doc.p(
            f"Most brokering: the {top} people on most shortest paths between others "
            "(betweenness), ringed in red in the network view."
        )
        doc.table(_person_rows(brokers.head(top), labels), f"top_brokers__{relation}", index=False)
        steps(f"people {relation}")

    # 6. wave changes ----------------------------------------------------------------
    if len(waves) > 1:
        doc.h2("Changes between waves", "waves")
        for relation in chosen:
            doc.h3(str(relation))
            try:
                changes = rn.compare_waves(shared, relation, by=by, missing=missing)
            except RelnetError as error:
                doc.p(f"Wave comparison could not be computed: {error}", cls="note")
            else:
                if by is not None:
                    changes = _suppress(changes, by, set(suppressed))
                doc.table(changes, f"waves__{relation}__table")
            steps(f"waves {relation}")

    # 7. network views ---------------------------------------------------------------
    doc.h2("Network views", "views")
    doc.p(
        "Each link opens an interactive view (offline). Larger networks than "
        f"{max_nodes:,} people are drawn at the group level.",
        cls="muted",
    )
    links = []
    for relation in chosen:
        for wave in waves:
            graph = _pooled(graphs[(relation, wave)], by, set(suppressed), min_group_size)
            name = f"views/{_slug('network', relation, _wave_text(wave))}.html"
            metrics = node_tables[relation] if wave == last else None
            to_html(
                graph,
                folder / name,
                color_by=color,
                labels=view_labels,
                highlight=highlights[relation] if wave == last else None,
                metrics=_view_metrics(metrics),
                title=f"relnet: {_layer_title(relation, wave)}",
                max_nodes=max_nodes,
                group_by=by,
                seed=seed,
            )
            links.append((name, _layer_title(relation, wave)))
            steps(f"view {relation}")
    doc.links(links)
    if by is not None and max_group_views > 0:
        _group_views(
            doc,
            folder,
            graphs,
            chosen,
            last,
            by,
            suppressed,
            min_group_size,
            max_group_views,
            color_by,
            view_labels,
            highlights,
            node_tables,
            max_nodes,
            seed,
        )

    index = folder / "index.html"
    rule = _missing_statement(shared, missing, chosen_missing)
    index.write_text(doc.render(shared, chosen, waves, by, privacy, rule), encoding="utf-8")
    steps("index")
    steps.close()
    return index


# ---------------------------------------------------------------------- sections
def _ingest_section(doc: _Document, ingest: Any) -> None:
    doc.h2("How the survey was read", "ingest")
    doc.pre(str(ingest))
    doc.table(ingest.to_frame(), "ingest_summary", index=False)
    issues = ingest.issues
    doc.p(f"{len(issues):,} nominations were merged or dropped.")
    if len(issues):
        doc.table(issues, "ingest_issues", index=False)
    else:
        doc.csv_only(issues, "ingest_issues", index=False)


def _measures(graph: Any, relation: Hashable, wave: Hashable, missing: str, seed: int) -> dict:
    big = graph.n > EXACT_NETWORK_MAX
    values = rn.network_metrics(
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


def _measures_section(doc: _Document, rows: list[dict], missing: str) -> None:
    doc.h2("Network measures", "measures")
    doc.p(_MISSING_TEXT[missing], cls="note")
    doc.p(_OTHER_TEXT[missing], cls="muted")
    if any(r["_sampled"] for r in rows):
        doc.p(
            f"In networks above {EXACT_NETWORK_MAX:,} people, compactness, fragmentation and "
            f"betweenness and closeness centralization are estimated from {NETWORK_SAMPLES} "
            f"randomly chosen source people (seeded), not computed exactly.",
            cls="note",
        )
    table = pd.DataFrame([{k: v for k, v in r.items() if k != "_sampled"} for r in rows])
    table = table.set_index(["relation", "wave"])
    wide = table.T  # measures as rows, one column per layer
    wide.columns = [_layer_title(r, None if w == "all" else w) for r, w in table.index.to_list()]
    wide.index.name = "measure"
    doc.table(wide, "network_measures_wide")
    doc.csv_only(table, "network_measures")


def _outcome_section(
    doc: _Document,
    group_tables: dict,
    outcomes: pd.DataFrame,
    on: str,
    by: str,
    chosen: list,
    waves: list,
    suppressed: set,
    seed: int,
    outcome_columns_given: list | None,
) -> None:
    doc.h2("Outcomes", "outcomes")
    first = waves[0]
    doc.p(
        f"Group measures of wave {_wave_text(first)} are linked to the outcomes by {on!r}. "
        "Groups under the minimum size are left out of the models and plots.",
        cls="muted",
    )
    for relation in chosen:
        doc.h3(_layer_title(relation, first))
        table = group_tables.get((relation, first))
        if table is None:
            doc.p("Not available: there is no group table to link.")
            continue
        clash = [c for c in outcomes.columns if c in table.columns and c not in (on, by)]
        if clash:
            doc.p(
                f"The outcome table's column(s) {', '.join(map(str, clash))} also name group "
                "measures; the group measures are used.",
                cls="muted",
            )
        try:
            linked = rn.link_outcomes(
                _suppress(table, by, suppressed),
                outcomes.drop(columns=clash),
                on=on,
                warn=False,
            )
        except RelnetError as error:
            doc.p(f"Outcomes could not be linked: {error}", cls="note")
            continue
        doc.pre(linked.attrs["link_report"].summary())
        predictors = _predictors(table, by)
        outcome_columns = [
            c
            for c in (outcomes.columns if outcome_columns_given is None else outcome_columns_given)
            if c not in (on, by)
            and c in linked.columns
            and c not in table.columns
            and pd.api.types.is_numeric_dtype(outcomes[c].dtype)
            and not pd.api.types.is_bool_dtype(outcomes[c].dtype)
        ]
        if not outcome_columns or not predictors:
            doc.p("No numeric outcome or predictor columns to associate.")
            continue
        doc.p(
            "Spearman rank correlation of each outcome with each group measure, with a "
            "bootstrap 95% interval (2,000 resamples of groups) and p-values adjusted "
            "across the measures (Holm); one row per outcome and measure.",
            cls="muted",
        )
        results = [_association(linked, outcome, predictors, seed) for outcome in outcome_columns]
        notes = sorted({note for _, found in results for note in found})
        for note in notes:
            doc.p(f"Warning: {note}", cls="note")
        doc.table(
            pd.concat([frame for frame, _ in results], ignore_index=True),
            f"associations__{relation}",
            index=False,
        )
        for outcome in outcome_columns:
            doc.image(
                _scatter_png(linked, outcome, predictors),
                f"{outcome} against each group measure ({relation}); one dot per group",
            )


def _association(
    linked: pd.DataFrame, outcome: str, predictors: list[str], seed: int
) -> tuple[pd.DataFrame, set]:
    """Correlations of one outcome with each predictor, and the warnings they raised."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frame = rn.associate(linked, outcome, predictors, model="spearman", seed=seed)
    except RelnetError as error:
        return pd.DataFrame([{"outcome": outcome, "note": str(error)}]), set()
    frame.insert(0, "outcome", outcome)
    return frame, {str(w.message) for w in caught}


def _people(
    graph: Any, by: str | None, suppressed: set, top: int, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    samples = BETWEENNESS_SAMPLES if graph.n > EXACT_BETWEENNESS_MAX else None
    table = pd.DataFrame(
        {
            "in_degree": rn.degree(graph, "in"),
            "betweenness": rn.betweenness(graph, samples=samples, seed=seed),
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
        small = group.isin(list(suppressed))
        table[by] = group.astype(object).where(~small, "(small group)")
    brokers = table.sort_values(["betweenness", "in_degree"], ascending=False)
    return table, brokers, note


def _group_views(
    doc: _Document,
    folder: Path,
    graphs: dict,
    chosen: list,
    last: Hashable,
    by: str,
    suppressed: dict,
    min_group_size: int,
    max_group_views: int,
    color_by: str | None,
    view_labels: str,
    highlights: dict,
    node_tables: dict,
    max_nodes: int,
    seed: int,
) -> None:
    doc.h3(f"One view per {by}")
    for relation in chosen:
        graph = graphs[(relation, last)]
        values = graph.attribute(by)
        sizes = values.value_counts()
        eligible = sizes[sizes >= min_group_size]
        drawn = eligible.head(max_group_views)
        links = []
        for group, _ in drawn.items():
            mask = (values == group).to_numpy()
            sub = graph.subgraph(mask)
            name = f"views/{_slug('group', relation, _wave_text(last), group)}.html"
            members = set(sub.ids)
            kept = [p for p in highlights[relation] if p in members]
            to_html(
                sub,
                folder / name,
                color_by=color_by if color_by != by else None,
                labels=view_labels,
                highlight=kept,
                metrics=_view_metrics(node_tables[relation].reindex(sub.ids)),
                title=f"relnet: {_layer_title(relation, last)}, {by} {group}",
                max_nodes=max_nodes,
                seed=seed,
            )
            links.append((name, f"{relation}: {by} {group} ({len(sub.ids):,} people)"))
        doc.p(f"{_layer_title(relation, last)}:", cls="muted")
        doc.links(links)
        left = len(eligible) - len(drawn)
        notes = []
        if left:
            notes.append(
                f"{left:,} smaller groups are not drawn (max_group_views={max_group_views})"
            )
        if suppressed:
            notes.append(f"{len(suppressed):,} groups under {min_group_size} people are not drawn")
        if notes:
            doc.p("; ".join(notes) + ".", cls="muted")


# ---------------------------------------------------------------------- the document
class _Document:
    """The index page as a list of HTML fragments, and the CSV of every table (each with a
    JSON sidecar recording the missing-data rule)."""

    def __init__(self, folder: Path, missing: str) -> None:
        self.folder = folder
        self.missing = missing
        self.parts: list[str] = []
        self.toc: list[tuple[str, str]] = []
        self.csvs: list[str] = []

    def h2(self, text: str, anchor: str) -> None:
        self.toc.append((anchor, text))
        self.parts.append(f'<h2 id="{anchor}">{esc(text)}</h2>')

    def h3(self, text: str) -> None:
        self.parts.append(f"<h3>{esc(text)}</h3>")

    def p(self, text: str, cls: str | None = None) -> None:
        attr = f' class="{cls}"' if cls else ""
        self.parts.append(f"<p{attr}>{esc(text)}</p>")

    def pre(self, text: str) -> None:
        self.parts.append(f'<pre class="muted">{esc(text)}</pre>')

    def csv_only(self, frame: pd.DataFrame, stem: str, *, index: bool = True) -> str:
        name = f"tables/{_slug(stem)}.csv"
        frame.to_csv(self.folder / name, index=index)
        meta = {
            "table": name,
            "missing": self.missing,
            "missing_rule": _MISSING_TEXT[self.missing],
            "other_measures": _OTHER_TEXT[self.missing],
            "relnet_version": rn.__version__,
        }
        sidecar = self.folder / name.replace(".csv", ".json")
        sidecar.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
        self.csvs.append(name)
        return name

    def table(self, frame: pd.DataFrame, stem: str, *, index: bool = True) -> None:
        name = self.csv_only(frame, stem, index=index)
        self.parts.append(
            table_html(frame, index=index)
            + f'<p class="muted"><a href="{esc(name)}">{esc(name)}</a></p>'
        )

    def image(self, png: bytes, alt: str) -> None:
        data = base64.b64encode(png).decode("ascii")
        self.parts.append(
            f'<figure><img alt="{esc(alt)}" src="data:image/png;base64,{data}">'
            f'<figcaption class="muted">{esc(alt)}</figcaption></figure>'
        )

    def links(self, links: list[tuple[str, str]]) -> None:
        items = "".join(f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for href, text in links)
        self.parts.append(f'<ul class="links">{items}</ul>')

    def render(
        self,
        survey: Any,
        relations: list,
        waves: list,
        by: str | None,
        privacy: str,
        rule: str,
    ) -> str:
        nodes = survey.nodes
        wave_text = "" if waves == [None] else f", waves {', '.join(map(str, waves))}"
        summary = (
            f"{len(nodes):,} people ({nodes['responded'].mean():.0%} responded), relations "
            f"{', '.join(map(str, relations))}{wave_text}"
            + (f", groups by {by}" if by else "")
            + "."
        )
        toc = "".join(f'<li><a href="#{a}">{esc(t)}</a></li>' for a, t in self.toc)
        csvs = "".join(f'<li><a href="{esc(c)}">{esc(c)}</a></li>' for c in self.csvs)
        body = (
            f'<header><h1>relnet report</h1><div class="muted">{esc(summary)}</div></header>'
            f'<main><p class="note" id="missing-rule">{esc(rule)}</p>'
            f'<p class="note">{esc(privacy)}</p><nav><ul>{toc}'
            '<li><a href="#csv">Every table as CSV</a></li></ul></nav>'
            + "\n".join(self.parts)
            + f'<h2 id="csv">Every table as CSV</h2><ul>{csvs}</ul>'
            '<p class="muted">Made by relnet; this page and its views work offline.</p></main>'
        )
        css = (
            "figure img { max-width: 100%; } pre { white-space: pre-wrap; } "
            "h3 { margin-top: 1.4em; } ul.links { columns: 3 18em; }"
        )
        return page("relnet report", body, css=css)


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
        if self.bar is not None:
            self.bar.set_postfix_str(label, refresh=False)
            self.bar.update(1)
        elif self.callback is not None:
            self.callback(label, self.done, max(self.total, self.done))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


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


def _privacy_text(labels: str, has_name: bool, min_group_size: int, by: str | None) -> str:
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
            if has_name
            else "labels='name' was asked for but the survey has no name column: ids are shown."
        )
    groups = (
        f" Groups ({by}) with fewer than {min_group_size} people are left out of shared tables."
        if by
        else ""
    )
    return who + groups


def _missing_statement(survey: Any, missing: str, chosen: bool) -> str:
    """The page's first note: which missing-data rule every table uses, and why."""
    responded = survey.nodes["responded"]
    absent = int((~responded.astype(bool)).sum())
    who = (
        f"{absent:,} of {len(responded):,} people did not respond, so their outgoing ties are "
        "unobserved. "
        if absent
        else "Everyone responded, so no tie is unobserved and the rule changes nothing. "
    )
    why = (
        f"It was chosen for this report (missing={missing!r})."
        if chosen
        else "It is relnet's default for every measure, so these numbers equal "
        "rn.network_metrics and rn.group_metrics run with their defaults; pass "
        "missing='observed' (only observed cells, as R sna with NA rows) or "
        "missing='reconstruct' (Stork & Richards 1992) to rn.report to use another rule."
    )
    return (
        f"Missing data: every table uses missing={missing!r}. {who}{_MISSING_TEXT[missing]} "
        f"{_OTHER_TEXT[missing]} {why}"
    )


def _layer_title(relation: Hashable, wave: Hashable) -> str:
    return f"{relation}" if wave is None else f"{relation}, wave {wave}"


def _wave_text(wave: Hashable) -> str:
    return "all" if wave is None else str(wave)


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


def _predictors(table: pd.DataFrame, by: str) -> list[str]:
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


def _person_rows(frame: pd.DataFrame, labels: str) -> pd.DataFrame:
    rows = frame.reset_index()
    first = rows.columns[0]
    word = {"pseudonym": "person (pseudonym)", "id": "person", "name": "person"}[labels]
    return rows.rename(columns={first: word})


def _view_metrics(table: pd.DataFrame | None) -> pd.DataFrame | None:
    if table is None:
        return None
    return table[[c for c in ("in_degree", "betweenness") if c in table.columns]]


def _scatter_png(frame: pd.DataFrame, outcome: str, predictors: list[str]) -> bytes:
    """One scatter panel per predictor (with its least-squares line) as PNG bytes."""
    from matplotlib.figure import Figure

    k = len(predictors)
    cols = min(k, 4)
    rows = (k + cols - 1) // cols
    fig = Figure(figsize=(3.2 * cols, 2.8 * rows), dpi=80)
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.1, top=0.93, wspace=0.38, hspace=0.45)
    axes = fig.subplots(rows, cols, squeeze=False)
    y_all = pd.to_numeric(frame[outcome], errors="coerce").to_numpy(dtype=float)
    for slot, predictor in enumerate(predictors):
        ax = axes[slot // cols][slot % cols]
        x = pd.to_numeric(frame[predictor], errors="coerce").to_numpy(dtype=float)
        ok = np.isfinite(x) & np.isfinite(y_all)
        ax.scatter(x[ok], y_all[ok], s=14, alpha=0.7, color="#1f77b4", edgecolors="none")
        if ok.sum() >= 3 and np.ptp(x[ok]) > 0:
            slope, intercept = np.polyfit(x[ok], y_all[ok], 1)
            grid = np.linspace(x[ok].min(), x[ok].max(), 20)
            ax.plot(grid, intercept + slope * grid, color="#d62728", linewidth=1.2)
        ax.set_xlabel(str(predictor), fontsize=8)
        ax.set_ylabel(str(outcome), fontsize=8)
        ax.set_title(f"n = {int(ok.sum())}", fontsize=8)
        ax.tick_params(labelsize=7)
    for slot in range(k, rows * cols):
        axes[slot // cols][slot % cols].set_visible(False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
