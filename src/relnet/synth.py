"""Synthetic staff surveys of a health system, for the demo, tests and benchmarks.

:func:`health_system` builds a system of sites, units and teams, gives every staff member a
role, and simulates a fixed-choice name generator ("name up to five colleagues you trust") in
two relations, ``trust`` and ``advice``. Everything is vectorised with numpy: a million staff
take seconds.

The outcome tables depend on structure in a documented way (:data:`OUTCOME_MODEL`), so that
linkage code can be checked to recover a planted effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError

ROLES = ("nurse", "physician", "allied_health", "manager", "administrator")
ROLE_SHARES = (0.45, 0.15, 0.20, 0.07, 0.13)

#: How the planted team outcomes depend on wave-1 trust structure within the team.
#: ``fidelity = intercept + density * team_density + reciprocity * team_reciprocity + e``,
#: with ``e ~ Normal(0, noise_sd)``; team adoption is Binomial(size, p) over members with
#: ``logit(p) = intercept + density * team_density + reciprocity * team_reciprocity``.
#: Density is the observed within-team trust density (cells whose sender responded) and
#: reciprocity the edgewise reciprocity of within-team trust arcs (0 when there are none).
OUTCOME_MODEL = {
    "fidelity": {"intercept": 40.0, "density": 30.0, "reciprocity": 15.0, "noise_sd": 3.0},
    "adoption": {"intercept": -1.5, "density": 3.0, "reciprocity": 1.5},
}

# Where a nomination lands: within the team, the rest of the unit, the site, another site.
SCOPE_SHARES = {"team": 0.62, "unit": 0.22, "site": 0.13, "system": 0.03}

# How many random colleagues of the scope a choice weighs against each other.
CANDIDATES = 4

RELATION_SETTINGS = {
    # mean nominations asked for, chance a received nomination is returned, popularity tilt
    "trust": {"mean_choices": 3.6, "reciprocate": 0.55, "senior_pull": 2.0},
    "advice": {"mean_choices": 3.0, "reciprocate": 0.25, "senior_pull": 5.0},
}


@dataclass(frozen=True, eq=False)
class SyntheticSurvey:
    """A synthetic survey: long nominations, a roster, outcome tables and the settings used.

    Attributes
    ----------
    nominations : pandas.DataFrame
        One row a nomination: ``respondent``, ``nominee``, ``relation``, ``wave``, ``weight``
        (Likert 1-5, higher = stronger).
    roster : pandas.DataFrame
        One row a person: ``id``, ``site``, ``unit``, ``team``, ``role``, ``responded``.
    outcomes : dict of str to pandas.DataFrame
        ``"team"`` (team, site, size, adopters, adoption_rate, fidelity and the planted
        ``true_density``/``true_reciprocity``), ``"site"`` (site, size, adoption_rate,
        fidelity) and ``"person"`` (id, team, site, adopted).
    settings : dict
        The arguments that made it.
    """

    nominations: pd.DataFrame
    roster: pd.DataFrame
    outcomes: dict[str, pd.DataFrame]
    settings: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"<SyntheticSurvey {len(self.roster)} staff, {len(self.nominations)} nominations, "
            f"{self.roster['site'].nunique()} sites, {self.roster['team'].nunique()} teams>"
        )

    def _repr_html_(self) -> str:
        from relnet.display import html_table

        r = self.roster
        rows = [("staff", len(r)), ("responded", f"{int(r['responded'].sum()):,} of {len(r):,}")]
        rows += [("nominations", len(self.nominations)), ("sites", r["site"].nunique())]
        rows += [("teams", r["team"].nunique()), ("outcome tables", ", ".join(self.outcomes))]
        rows += [(key, value) for key, value in self.settings.items()]
        return html_table("SyntheticSurvey (made by relnet.synth; no real people)", rows)

    def write(self, folder: str | Path) -> list[Path]:
        """Write ``nominations.csv``, ``roster.csv`` and ``outcomes_<level>.csv``; return paths."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / "nominations.csv", folder / "roster.csv"]
        self.nominations.to_csv(paths[0], index=False)
        self.roster.to_csv(paths[1], index=False)
        for level, table in self.outcomes.items():
            path = folder / f"outcomes_{level}.csv"
            table.to_csv(path, index=False)
            paths.append(path)
        return paths


def health_system(
    n_staff: int,
    n_sites: int = 3,
    *,
    team_size: float = 10.0,
    teams_per_unit: float = 4.0,
    max_choices: int = 5,
    response_rate: float = 0.85,
    n_waves: int = 1,
    wave_stability: float = 0.85,
    seed: int | np.random.Generator | None = None,
) -> SyntheticSurvey:
    """Simulate a staff trust and advice survey of a health system.

    **Definition.** Staff are split into sites, units (about ``teams_per_unit`` teams each) and
    teams (about ``team_size`` people). Each respondent asks for a Poisson number of
    colleagues per relation, capped at ``max_choices`` (fixed-choice name generator). Each
    choice lands in the team, the rest of the unit, the site or elsewhere with the shares in
    :data:`SCOPE_SHARES`; within its scope it weighs :data:`CANDIDATES` random colleagues
    and takes one with probability proportional to attractiveness, which is higher for managers
    and physicians (``senior_pull``) and doubled for a colleague of the same role (role
    homophily). Respondents then return a received nomination with the relation's
    ``reciprocate`` probability while they have choices left. Non-respondents
    (``1 - response_rate``) nominate nobody but can be named. Weights are Likert 1-5, higher
    within teams and on returned ties. A later wave keeps each tie with probability
    ``wave_stability`` and adds as many fresh ones as it lost.

    Parameters
    ----------
    n_staff : int
        Number of staff (at least 10).
    n_sites : int
        Number of sites.
    team_size, teams_per_unit : float
        Mean team size and mean number of teams per unit.
    max_choices : int
        Cap of the name generator (default 5).
    response_rate : float
        Share of staff who answer.
    n_waves : int
        1 or more survey waves.
    wave_stability : float
        Share of ties kept from one wave to the next.
    seed : int or numpy.random.Generator, optional
        Seed of the random generator; the same seed gives the same survey.

    Returns
    -------
    SyntheticSurvey

    Examples
    --------
    >>> from relnet.synth import health_system
    >>> s = health_system(300, n_sites=3, n_waves=2, seed=7)
    >>> len(s.roster), sorted(s.nominations["relation"].unique()), sorted(s.outcomes)
    (300, ['advice', 'trust'], ['person', 'site', 'team'])
    >>> bool(s.nominations.groupby(["respondent", "relation", "wave"]).size().max() <= 5)
    True
    """
    if n_staff < 10:
        raise ArgumentError(f"n_staff={n_staff} is too small; a health system needs at least 10.")
    if not 1 <= n_sites <= n_staff // 5:
        raise ArgumentError(f"n_sites={n_sites} must be between 1 and n_staff / 5.")
    if not 0 < response_rate <= 1:
        raise ArgumentError(f"response_rate={response_rate} must be in (0, 1].")
    if n_waves < 1 or max_choices < 1:
        raise ArgumentError("n_waves and max_choices must be at least 1.")
    rng = np.random.default_rng(seed)
    roster, scopes = _structure(n_staff, n_sites, team_size, teams_per_unit, rng)
    responded = rng.random(n_staff) < response_rate
    roster["responded"] = responded
    role_code = roster["role"].cat.codes.to_numpy()
    appeal = rng.lognormal(0.0, 0.5, n_staff)

    frames = []
    for relation, config in RELATION_SETTINGS.items():
        senior = np.where(np.isin(role_code, [1, 3]), config["senior_pull"], 1.0)
        arcs = _nominate(scopes, appeal * senior, role_code, responded, config, max_choices, rng)
        for wave in range(1, n_waves + 1):
            if wave > 1:
                arcs = _next_wave(
                    arcs, scopes, appeal * senior, role_code, responded, config,
                    max_choices, wave_stability, rng,
                )  # fmt: skip
            weight = _likert(arcs, scopes["team"], n_staff, rng)
            frames.append(
                pd.DataFrame(
                    {
                        "respondent": arcs[0] + 1,
                        "nominee": arcs[1] + 1,
                        "relation": relation,
                        "wave": wave,
                        "weight": weight,
                    }
                )
            )
    nominations = pd.concat(frames, ignore_index=True)
    outcomes = _outcomes(roster, frames[0], rng)
    settings = {
        "n_staff": n_staff,
        "n_sites": n_sites,
        "team_size": team_size,
        "teams_per_unit": teams_per_unit,
        "max_choices": max_choices,
        "response_rate": response_rate,
        "n_waves": n_waves,
        "wave_stability": wave_stability,
        "seed": seed,
    }
    return SyntheticSurvey(nominations, roster, outcomes, settings)


def _structure(
    n_staff: int, n_sites: int, team_size: float, teams_per_unit: float, rng: np.random.Generator
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Roster with contiguous teams inside units inside sites, and each person's scopes."""
    n_teams_guess = int(n_staff / team_size * 1.5) + 2
    sizes = np.maximum(3, rng.poisson(team_size - 3, n_teams_guess) + 3)
    ends = np.cumsum(sizes)
    n_teams = int(np.searchsorted(ends, n_staff)) + 1
    team = np.repeat(np.arange(n_teams), sizes[:n_teams])[:n_staff]
    units_of_team = np.cumsum(rng.random(n_teams) < 1.0 / teams_per_unit)
    units_of_team[0] = 0
    unit = units_of_team[team]
    n_units = int(unit.max()) + 1
    n_sites = min(n_sites, n_units)
    # sites take contiguous runs of units of unequal size
    cut = np.sort(rng.choice(np.arange(1, n_units), n_sites - 1, replace=False))
    site_of_unit = np.searchsorted(cut, np.arange(n_units), side="right")
    site = site_of_unit[unit]
    role = rng.choice(len(ROLES), n_staff, p=ROLE_SHARES)
    roster = pd.DataFrame(
        {
            "id": np.arange(1, n_staff + 1),
            "site": pd.Categorical.from_codes(site, [f"site_{s + 1}" for s in range(n_sites)]),
            "unit": pd.Categorical.from_codes(
                unit, [f"unit_{u + 1:0{len(str(n_units))}d}" for u in range(n_units)]
            ),
            "team": pd.Categorical.from_codes(
                team, [f"team_{t + 1:0{len(str(n_teams))}d}" for t in range(n_teams)]
            ),
            "role": pd.Categorical.from_codes(role, list(ROLES)),
        }
    )
    scopes = {}
    for name, codes in (("team", team), ("unit", unit), ("site", site)):
        start = np.searchsorted(codes, codes, side="left")
        stop = np.searchsorted(codes, codes, side="right")
        scopes[name] = codes
        scopes[name + "_start"] = start
        scopes[name + "_stop"] = stop
    return roster, scopes


def _nominate(
    scopes: dict[str, np.ndarray],
    appeal: np.ndarray,
    role: np.ndarray,
    responded: np.ndarray,
    config: dict,
    max_choices: int,
    rng: np.random.Generator,
    n_asked: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """First-round choices of every respondent plus returned nominations, deduplicated."""
    n = len(appeal)
    people = np.flatnonzero(responded)
    if n_asked is None:
        n_asked = np.minimum(rng.poisson(config["mean_choices"], len(people)), max_choices)
    src = np.repeat(people, n_asked)
    dst = _choose(src, scopes, appeal, role, rng)
    src, dst = _dedupe(src, dst, n)
    # returned nominations: j answers i's nomination while j has choices left
    back = responded[dst] & (rng.random(len(src)) < config["reciprocate"])
    cand_src, cand_dst = dst[back], src[back]
    used = np.bincount(src, minlength=n)
    order = np.lexsort((rng.random(len(cand_src)), cand_src))
    cand_src, cand_dst = cand_src[order], cand_dst[order]
    rank = np.arange(len(cand_src)) - np.searchsorted(cand_src, cand_src, side="left")
    room = rank < (max_choices - used[cand_src])
    src = np.r_[src, cand_src[room]]
    dst = np.r_[dst, cand_dst[room]]
    return _dedupe(src, dst, n)


def _choose(
    src: np.ndarray,
    scopes: dict[str, np.ndarray],
    appeal: np.ndarray,
    role: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """One nominee per entry of ``src``: scope by SCOPE_SHARES, then a pull-weighted pick."""
    n = len(appeal)
    k = len(src)
    shares = np.array(list(SCOPE_SHARES.values()))
    scope = rng.choice(len(shares), k, p=shares / shares.sum())
    start = np.zeros(k, dtype=np.int64)
    stop = np.full(k, n, dtype=np.int64)
    for code, name in enumerate(("team", "unit", "site")):
        mask = scope == code
        start[mask] = scopes[name + "_start"][src[mask]]
        stop[mask] = scopes[name + "_stop"][src[mask]]
    width = stop - start
    # CANDIDATES random colleagues of the scope; take one with probability proportional to pull
    picks = start + (rng.random((CANDIDATES, k)) * width).astype(np.int64)
    pull = appeal[picks] * np.where(role[picks] == role[src], 2.0, 1.0)
    cumulative = np.cumsum(pull, axis=0)
    chosen = (rng.random(k) * cumulative[-1] >= cumulative).sum(axis=0)
    return picks[np.minimum(chosen, CANDIDATES - 1), np.arange(k)]


def _dedupe(src: np.ndarray, dst: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Drop self-choices and repeats; arcs come back sorted by (source, target)."""
    keep = src != dst
    key = np.sort(src[keep].astype(np.int64) * n + dst[keep])
    key = key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key
    return key // n, key % n


def _is_returned(src: np.ndarray, dst: np.ndarray, n: int) -> np.ndarray:
    """For arcs sorted by (source, target): does the reverse arc exist too."""
    key = src.astype(np.int64) * n + dst
    reverse = dst.astype(np.int64) * n + src
    at = np.minimum(np.searchsorted(key, reverse), max(len(key) - 1, 0))
    return key[at] == reverse if len(key) else np.zeros(0, dtype=bool)


def _next_wave(
    arcs: tuple[np.ndarray, np.ndarray],
    scopes: dict[str, np.ndarray],
    appeal: np.ndarray,
    role: np.ndarray,
    responded: np.ndarray,
    config: dict,
    max_choices: int,
    stability: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Keep each tie with probability ``stability`` and refill each person's lost choices."""
    n = len(appeal)
    src, dst = arcs
    kept = rng.random(len(src)) < stability
    lost = np.bincount(src[~kept], minlength=n)
    people = np.flatnonzero(lost)
    fresh_src = np.repeat(people, lost[people])
    fresh_dst = _choose(fresh_src, scopes, appeal, role, rng)
    src, dst = _dedupe(np.r_[src[kept], fresh_src], np.r_[dst[kept], fresh_dst], n)
    # the cap still holds: drop a person's choices beyond max_choices
    rank = np.arange(len(src)) - np.searchsorted(src, src, side="left")
    keep = rank < max_choices
    return src[keep], dst[keep]


def _likert(
    arcs: tuple[np.ndarray, np.ndarray], team: np.ndarray, n: int, rng: np.random.Generator
) -> np.ndarray:
    """Likert 1-5 strengths: higher within teams and on returned ties."""
    src, dst = arcs
    mutual = _is_returned(src, dst, n)
    score = 3.0 + 0.7 * (team[src] == team[dst]) + 0.5 * mutual + rng.normal(0, 0.8, len(src))
    return np.clip(np.rint(score), 1, 5).astype(np.int64)


def _outcomes(
    roster: pd.DataFrame, trust: pd.DataFrame, rng: np.random.Generator
) -> dict[str, pd.DataFrame]:
    """Team, site and person outcomes planted on wave-1 within-team trust structure."""
    team = roster["team"].cat.codes.to_numpy()
    n_teams = len(roster["team"].cat.categories)
    responded = roster["responded"].to_numpy()
    src = trust["respondent"].to_numpy() - 1
    dst = trust["nominee"].to_numpy() - 1
    inside = team[src] == team[dst]
    src, dst = src[inside], dst[inside]
    n = len(roster)
    mutual = _is_returned(src, dst, n)
    size = np.bincount(team, minlength=n_teams)
    answered = np.bincount(team, weights=responded, minlength=n_teams)
    arcs = np.bincount(team[src], minlength=n_teams)
    mutual_arcs = np.bincount(team[src], weights=mutual, minlength=n_teams)
    with np.errstate(invalid="ignore", divide="ignore"):
        density = np.where(answered > 0, arcs / (answered * (size - 1)), 0.0)
        reciprocity = np.where(arcs > 0, mutual_arcs / arcs, 0.0)
    fid = OUTCOME_MODEL["fidelity"]
    fidelity = (
        fid["intercept"]
        + fid["density"] * density
        + fid["reciprocity"] * reciprocity
        + rng.normal(0.0, fid["noise_sd"], n_teams)
    )
    ado = OUTCOME_MODEL["adoption"]
    logit = ado["intercept"] + ado["density"] * density + ado["reciprocity"] * reciprocity
    p_adopt = 1.0 / (1.0 + np.exp(-logit))
    adopted = rng.random(n) < p_adopt[team]
    adopters = np.bincount(team, weights=adopted, minlength=n_teams).astype(np.int64)
    site_of_team = np.zeros(n_teams, dtype=np.int64)
    site_of_team[team] = roster["site"].cat.codes.to_numpy()
    site_labels = roster["site"].cat.categories
    team_table = pd.DataFrame(
        {
            "team": roster["team"].cat.categories,
            "site": site_labels[site_of_team],
            "size": size,
            "adopters": adopters,
            "adoption_rate": adopters / size,
            "fidelity": np.round(fidelity, 3),
            "true_density": density,
            "true_reciprocity": reciprocity,
        }
    )
    site_table = (
        team_table.assign(weighted_fidelity=team_table["fidelity"] * team_table["size"])
        .groupby("site", observed=True)[["size", "adopters", "weighted_fidelity"]]
        .sum()
        .reset_index()
    )
    site_table["adoption_rate"] = site_table["adopters"] / site_table["size"]
    site_table["fidelity"] = (site_table.pop("weighted_fidelity") / site_table["size"]).round(3)
    person_table = pd.DataFrame(
        {
            "id": roster["id"],
            "team": roster["team"],
            "site": roster["site"],
            "adopted": adopted,
        }
    )
    return {"team": team_table, "site": site_table, "person": person_table}
