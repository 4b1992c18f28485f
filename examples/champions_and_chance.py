"""Is trust in the bundled health system reciprocated more than chance, and which five
champions would spread a new practice furthest through it? Draws three figures: the CUG null
distribution of reciprocity, the key players' cumulative reach and the simulated adoption
curves of those champions against five random staff.

    python examples/champions_and_chance.py
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

import relnet as rn

DATA = Path(__file__).resolve().parents[1] / "datasets" / "example_health_system"


def main() -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rn.DataRepairWarning)
        survey = rn.read_survey(DATA / "nominations.csv", roster=DATA / "roster.csv",
                                relation="relation", wave="wave", weight="weight")  # fmt: skip
    g = survey.network("trust", wave=1)
    print(g)

    # 1. reciprocity against networks with the same number of arcs (sna cug.test, cmode=edges)
    cug = rn.cug_test(g, "reciprocity", condition="edges", n_sims=300, missing="observed", seed=1)
    print(cug)
    cug.plot()

    # 2. five champions who together reach the most staff within two trusted steps
    champions = rn.key_players(g, 5, objective="reach", m=2, seed=1)
    print(champions)
    champions.plot()

    # 3. threshold diffusion from the champions and from five random staff
    rng = np.random.default_rng(1)
    random_five = list(rng.choice(np.asarray(g.ids), size=5, replace=False))
    chosen = rn.simulate_diffusion(g, champions, threshold=0.2, n_runs=50, seed=1)
    control = rn.simulate_diffusion(g, random_five, threshold=0.2, n_runs=50, seed=1)
    print("champions:", chosen)
    print("random five:", control)
    ax = chosen.plot(label="key players").axes[0]
    control.plot(ax=ax, label="random five")
    ax.legend(frameon=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
