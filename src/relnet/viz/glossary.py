"""One-sentence definitions and sources of every measure the report shows (tooltips and the
glossary section)."""

from __future__ import annotations

#: column -> (definition, source). Keys are column names of the report's tables.
GLOSSARY: dict[str, tuple[str, str]] = {
    # network and group measures
    "n": ("Number of people in the network.", "roster"),
    "size": ("Number of people in the group.", "roster"),
    "people": ("Number of people.", "roster"),
    "respondents": ("People who answered the survey.", "survey"),
    "response_rate": ("Share of people who answered the survey.", "survey"),
    "arcs": ("Number of ties reported (i named j).", "survey"),
    "density": (
        "Share of all possible ties that were reported: ties / (n (n - 1)).",
        "Wasserman & Faust 1994; R sna gden",
    ),
    "reciprocity": (
        "Share of ties that are returned (i named j and j named i): 2M / (2M + A).",
        "Wasserman & Faust 1994; R sna grecip (edgewise)",
    ),
    "transitivity": (
        "Share of two-step paths i \u2192 j \u2192 k closed by a tie i \u2192 k; "
        "\u2014 when there is no two-step path.",
        "R sna gtrans (weak)",
    ),
    "two_paths": ("Two-step paths i \u2192 j \u2192 k (i \u2260 k) inside the group.", "relnet"),
    "mutual": ("Pairs who named each other.", "Holland & Leinhardt 1976 (MAN census)"),
    "asymmetric": ("Pairs where only one named the other.", "Holland & Leinhardt 1976"),
    "null": ("Pairs where neither named the other.", "Holland & Leinhardt 1976"),
    "mutual_share": ("Share of connected pairs that are mutual: M / (M + A).", "R sna"),
    "mean_degree": ("Average number of ties per person.", "Wasserman & Faust 1994"),
    "mean_in_degree": ("Average number of times a member was named.", "Freeman 1979"),
    "components_weak": (
        "Number of separate parts of the network (ignoring tie direction).",
        "Wasserman & Faust 1994",
    ),
    "components_strong": ("Number of parts where everyone can reach everyone.", "Tarjan 1972"),
    "largest_component_share": (
        "Share of people in the largest connected part.",
        "Wasserman & Faust 1994",
    ),
    "compactness": ("Average of 1 / distance over all pairs (0 = no paths).", "Borgatti 2006"),
    "fragmentation": ("1 - compactness: how far apart people are.", "Borgatti 2006"),
    "krackhardt_connectedness": ("Share of pairs that can reach each other.", "Krackhardt 1994"),
    "krackhardt_hierarchy": ("Share of reachable pairs reachable one way only.", "Krackhardt 1994"),
    "krackhardt_efficiency": ("How few ties beyond the minimum connect it.", "Krackhardt 1994"),
    "krackhardt_lub": ("How far every pair has a common superior.", "Krackhardt 1994"),
    "centralization_indegree": (
        "How far nominations go to a few people (0 = equal, 1 = a star).",
        "Freeman 1979",
    ),
    "centralization_outdegree": ("How far naming is done by a few people.", "Freeman 1979"),
    "centralization_degree": ("How far ties centre on a few people.", "Freeman 1979"),
    "centralization_betweenness": (
        "How far brokerage centres on a few people.",
        "Freeman 1979",
    ),
    "centralization_closeness": ("How far closeness centres on a few people.", "Freeman 1979"),
    "indegree_centralization": (
        "How far nominations in the group go to a few members (0 = equal, 1 = a star).",
        "Freeman 1979",
    ),
    "betweenness_centralization": (
        "How far brokerage in the group centres on a few members.",
        "Freeman 1979",
    ),
    "ei_index": (
        "Ties leaving the group minus ties inside it, over all its ties (-1 = all inside).",
        "Krackhardt & Stern 1988",
    ),
    "mean_constraint": (
        "Average Burt constraint of members: high when one's contacts are all tied to each other.",
        "Burt 1992",
    ),
    "mean_weight": ("Average strength of the reported ties.", "survey"),
    "mean_out_degree_of_respondents": (
        "Average number of people each respondent named.",
        "survey",
    ),
    # people
    "in_degree": ("Times the person was named by others.", "Freeman 1979"),
    "betweenness": (
        "Shortest paths between others that pass through the person (brokerage).",
        "Freeman 1977; Brandes 2001",
    ),
    # associations
    "outcome": ("The implementation outcome of the group.", "outcome table"),
    "n_groups": ("Groups with both values: the correlation's n.", "relnet.associate"),
    "term": ("The group network measure.", "relnet.group_metrics"),
    "estimate": (
        "Spearman rank correlation of outcome and measure across groups (-1 to 1).",
        "Spearman 1904",
    ),
    "ci_low": ("Lower end of the 95% bootstrap interval (2,000 resamples).", "Efron 1979"),
    "ci_high": ("Upper end of the 95% bootstrap interval.", "Efron 1979"),
    "p_value": ("Chance of a correlation this strong if there were none.", "Spearman 1904"),
    "p_adjusted": (
        "p-value adjusted for testing several measures (Holm).",
        "Holm 1979",
    ),
    # CUG
    "observed": ("The measure in the survey network.", "relnet.cug_test"),
    "null_mean": (
        "Average of the measure in random networks with the same number of ties.",
        "Anderson, Butts & Carley 1999 (CUG test)",
    ),
    "p_greater": (
        "Share of random networks with at least the observed value.",
        "Anderson, Butts & Carley 1999",
    ),
    "reciprocity_chance": (
        "Average reciprocity in random networks with the group's number of ties.",
        "Anderson, Butts & Carley 1999 (CUG test, edges)",
    ),
    "reciprocity_p": (
        "Share of those random networks at least as reciprocal as the group.",
        "Anderson, Butts & Carley 1999",
    ),
    "transitivity_chance": (
        "Average transitivity in random networks with the group's mutual, asymmetric and "
        "null dyads (closure net of reciprocity).",
        "Holland & Leinhardt 1976; sna cug.test (dyad.census)",
    ),
    "transitivity_p": (
        "Share of those random networks at least as transitive as the group.",
        "Anderson, Butts & Carley 1999",
    ),
    # multiplexity
    "arcs_a": ("Ties of the first relation.", "survey"),
    "arcs_b": ("Ties of the second relation.", "survey"),
    "both": ("Ties i \u2192 j present in both relations.", "relnet.multiplexity"),
    "jaccard": ("Ties in both relations over ties in either.", "Jaccard 1901"),
    "p_b_given_a": (
        "Share of the first relation's ties that are also ties of the second.",
        "relnet.multiplexity",
    ),  # fmt: skip
    "correlation": ("Correlation of the two relations' tie matrices.", "Krackhardt 1988 (QAP)"),
    # informal groups
    "n_communities": (
        "Informal communities (Leiden) that the group's members fall in.",
        "Traag et al. 2019",
    ),
    "largest_share": ("Share of members in the group's largest community.", "relnet.silos"),
    "split": ("No community holds more than half of the members.", "relnet.silos"),
    "community": ("The community holding most members.", "Traag et al. 2019"),
    # champions
    "champions": ("Champions chosen in the group.", "relnet.key_players"),
    "reached": (
        "Members who are champions or name one within two steps.",
        "Borgatti 2006 (key players)",
    ),
    "share": ("Reached members over group size.", "Borgatti 2006"),
    # wave changes
    "density_from": ("Density in the earlier wave.", "R sna gden"),
    "density_to": ("Density in the later wave.", "R sna gden"),
    "density_change": ("Later minus earlier density.", "relnet.compare_waves"),
    "reciprocity_change": ("Later minus earlier reciprocity.", "relnet.compare_waves"),
    "ties_kept": ("Ties reported in both waves.", "relnet.compare_waves"),
    "ties_lost": ("Ties of the earlier wave not reported again.", "relnet.compare_waves"),
    "ties_gained": ("Ties new in the later wave.", "relnet.compare_waves"),
    "jaccard_waves": ("Ties in both waves over ties in either.", "Jaccard 1901"),
    # ingest
    "input": ("Nomination rows read.", "relnet.read_survey"),
    "kept": ("Nominations kept.", "relnet.read_survey"),
    "merged": ("Duplicate nominations merged into one.", "relnet.read_survey"),
    "dropped": ("Nominations dropped (self, unknown or blank).", "relnet.read_survey"),
}

#: Plain names shown as table headers.
HEADERS: dict[str, str] = {
    "n": "people",
    "arcs": "ties",
    "mean_degree": "mean degree",
    "response_rate": "responded",
    "mean_in_degree": "mean in-degree",
    "ei_index": "E-I index",
    "largest_component_share": "in largest part",
    "indegree_centralization": "in-degree centralization",
    "betweenness_centralization": "betweenness centralization",
    "mean_constraint": "constraint",
    "estimate": "Spearman r",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "p_adjusted": "p (Holm)",
    "n_groups": "groups",
    "p_value": "p",
    "in_degree": "in-degree",
    "null_mean": "random mean",
    "p_greater": "p (CUG)",
    "reciprocity_chance": "reciprocity by chance",
    "reciprocity_p": "p (reciprocity)",
    "transitivity_chance": "transitivity by chance",
    "transitivity_p": "p (transitivity)",
    "p_b_given_a": "share also in b",
    "n_communities": "communities",
    "largest_share": "largest share",
    "density_change": "density change",
    "reciprocity_change": "reciprocity change",
    "ties_gained": "ties gained",
    "ties_lost": "ties lost",
    "centralization_indegree": "in-degree centralization",
    "centralization_betweenness": "betweenness centralization",
    "components_weak": "parts",
}


def define(column: str) -> tuple[str, str] | None:
    """Definition and source of a column, or None."""
    return GLOSSARY.get(str(column))
