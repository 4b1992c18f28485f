"""Graphs the topic benchmarks share, built from relnet.synth."""

from __future__ import annotations

import relnet as rn


def health_system_network(n: int) -> rn.Network:
    """All nominations of the synthetic health system as one layer, roster as node table.

    Trust and advice, both waves, merged: a pair named in several keeps its strongest weight.
    """
    survey = rn.synth.health_system(n, n_sites=10, seed=1)
    noms = survey.nominations.sort_values("weight", ascending=False)
    noms = noms.drop_duplicates(["respondent", "nominee"])
    return rn.Network.from_edges(
        noms["respondent"],
        noms["nominee"],
        weight=noms["weight"],
        nodes=survey.roster.set_index("id"),
    )
