"""Trust structure of teams and sites of a synthetic health system against the outcomes that
relnet.synth planted on it (fidelity and adoption depend on team trust density and
reciprocity; relnet.synth.OUTCOME_MODEL gives the true coefficients).

    python examples/health_system_outcomes.py [n_staff]
"""

from __future__ import annotations

import sys
import warnings

import relnet as rn


def main(n_staff: int = 5000) -> int:
    system = rn.synth.health_system(n_staff, n_sites=3, n_waves=2, seed=42)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rn.DataRepairWarning)
        survey = rn.read_survey(system.nominations, roster=system.roster, relation="relation",
                                wave="wave", weight="weight")  # fmt: skip
    trust = survey.network("trust", 1)
    print(survey)

    # 1. team and site trust metrics, linked to the outcome tables; non-respondents' ties
    #    are unobserved: density uses observed cells, reciprocity counts them as absent
    teams = rn.group_metrics(trust, "team", missing="ignore")
    sites = rn.group_metrics(trust, "site", missing="ignore")
    team_table = rn.link_outcomes(teams, system.outcomes["team"].drop(columns=["size", "site"]),
                                  on="team")  # fmt: skip
    site_table = rn.link_outcomes(sites, system.outcomes["site"].rename(columns={"size": "staff"}),
                                  on="site")  # fmt: skip
    print("\nSites:")
    shown = ["size", "density", "reciprocity", "transitivity", "ei_index", "mean_constraint",
             "adoption_rate", "fidelity"]  # fmt: skip
    print(site_table[shown].round(4).to_string())

    # 2. do team fidelity and adoption go with trust density and reciprocity?
    truth = rn.synth.OUTCOME_MODEL
    print(f"\nTeam fidelity (planted: density {truth['fidelity']['density']}, reciprocity "
          f"{truth['fidelity']['reciprocity']}), OLS with HC3 errors:")  # fmt: skip
    ols = rn.associate(team_table, "fidelity", ["density", "reciprocity"], model="ols")
    print(ols.round(3).to_string(index=False))
    print(f"\nTeam adoption (planted logit: density {truth['adoption']['density']}, reciprocity "
          f"{truth['adoption']['reciprocity']}), binomial GLM over team members:")  # fmt: skip
    logit = rn.associate(team_table, "adopters", ["density", "reciprocity"], model="logit",
                         trials="size")  # fmt: skip
    print(logit.round(3).to_string(index=False))
    print("\nRank correlations with team fidelity, bootstrap intervals:")
    corr = rn.associate(team_table, "fidelity", ["density", "reciprocity", "transitivity",
                                                 "betweenness_centralization", "ei_index"],
                        n_boot=500, seed=1)  # fmt: skip
    print(corr.round(3).to_string(index=False))

    # 3. person-level adoption: random intercept per team
    people = rn.link_outcomes(
        rn.degree(trust, "in").to_frame(),
        system.outcomes["person"]
        .drop(columns=["team", "site"])
        .assign(adopted=lambda t: t["adopted"].astype(int)),
        on="id",
    )
    print("\nPerson adoption by trust in-degree, random intercept per team (mixed):")
    people = people.join(trust.nodes["team"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rn.SmallSampleWarning)
        mixed = rn.associate(people, "adopted", "in_degree", model="mixed", by="team")
    print(mixed.round(3).to_string(index=False))

    # 4. change between waves, and trust versus advice inside one unit (MRQAP)
    change = rn.compare_waves(survey, "trust", by="site")
    print("\nTrust from wave 1 to 2 by site:")
    print(change[["people", "density_change", "reciprocity_change", "jaccard"]].round(4)
          .to_string())  # fmt: skip
    unit = trust.nodes["unit"].value_counts().index[0]
    members = trust.nodes.index[trust.nodes["unit"] == unit]
    fit = rn.mrqap(trust.subgraph(list(members)),
                   {"advice": survey.network("advice", 1).subgraph(list(members))},
                   n_perm=200, seed=1)  # fmt: skip
    print(f"\nMRQAP in {unit} ({len(members)} staff): trust on advice (DSP permutations)")
    print(fit.round(4).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))
