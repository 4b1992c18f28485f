"""relnet: relational network analysis for implementation science.

Sociometric survey nominations ("who do you trust?") in; directed, weighted networks,
cohesion, reciprocity and brokerage measures, links to implementation outcomes and shareable
HTML views out. One import gives the whole public API::

    import relnet as rn
    survey = rn.read_survey("nominations.csv", roster="roster.csv")
    g = survey.network("trust")
    rn.reciprocity(g), rn.triad_census(g), rn.betweenness(g)

Names are loaded on first use (PEP 562), so ``import relnet`` stays fast and a script that
only reads surveys never compiles a kernel it does not call.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_PUBLIC = {
    # core
    "Network": "relnet.network",
    "from_networkx": "relnet.interop",
    "from_igraph": "relnet.interop",
    "RelnetError": "relnet.errors",
    "SurveyFormatError": "relnet.errors",
    "SurveyFileError": "relnet.errors",
    "UnknownPersonError": "relnet.errors",
    "GraphKindError": "relnet.errors",
    "ArgumentError": "relnet.errors",
    "MissingDependencyError": "relnet.errors",
    "LinkageError": "relnet.errors",
    "MissingDataWarning": "relnet.errors",
    "DataRepairWarning": "relnet.errors",
    "LinkWarning": "relnet.errors",
    "SmallSampleWarning": "relnet.errors",
    "synth": "relnet.synth",
    "config": "relnet.settings",
    # ingestion
    "read_survey": "relnet.ingest",
    "IngestReport": "relnet.ingest.report",
    "Survey": "relnet.survey",
    # reciprocity
    "dyad_census": "relnet.metrics.reciprocity",
    "reciprocity": "relnet.metrics.reciprocity",
    "node_reciprocity": "relnet.metrics.reciprocity",
    "triad_census": "relnet.metrics.triads",
    # cohesion
    "density": "relnet.metrics.density",
    "components": "relnet.metrics.cohesion",
    "component_sizes": "relnet.metrics.cohesion",
    "core_number": "relnet.metrics.cohesion",
    "transitivity": "relnet.metrics.cohesion",
    "clustering": "relnet.metrics.cohesion",
    "krackhardt": "relnet.metrics.hierarchy",
    "fragmentation": "relnet.metrics.distance",
    "compactness": "relnet.metrics.distance",
    "DistanceIndex": "relnet.metrics.distance",
    "ei_index": "relnet.metrics.mixing",
    "block_density": "relnet.metrics.mixing",
    "assortativity": "relnet.metrics.mixing",
    "centralization": "relnet.metrics.centralization",
    # brokers and centrality
    "betweenness": "relnet.metrics.centrality",
    "degree": "relnet.metrics.centrality",
    "pagerank": "relnet.metrics.centrality",
    "harmonic_closeness": "relnet.metrics.centrality",
    "hubs_authorities": "relnet.metrics.centrality",
    "structural_holes": "relnet.metrics.structural_holes",
    "brokerage": "relnet.metrics.brokerage",
    "articulation_points": "relnet.metrics.cutpoints",
    "bridges": "relnet.metrics.cutpoints",
    "node_metrics": "relnet.metrics.tables",
    "network_metrics": "relnet.metrics.tables",
    "BrokerageResult": "relnet.metrics.brokerage",
    # outcomes
    "group_metrics": "relnet.metrics.groups",
    "link_outcomes": "relnet.outcomes.linkage",
    "associate": "relnet.outcomes.models",
    "qap_correlation": "relnet.outcomes.qap",
    "mrqap": "relnet.outcomes.qap",
    "score_scale": "relnet.outcomes.scales",
    "scales": "relnet.outcomes.scales",
    "compare_waves": "relnet.outcomes.waves",
    "exposure": "relnet.outcomes.diffusion",
    "adoption_threshold": "relnet.outcomes.diffusion",
    # champions (planning)
    "key_players": "relnet.planning.key_players",
    "KeyPlayerResult": "relnet.planning.key_players",
    "group_centrality": "relnet.planning.group_centrality",
    "simulate_diffusion": "relnet.planning.diffusion",
    "DiffusionResult": "relnet.planning.diffusion",
    "fit_bass": "relnet.planning.bass",
    "BassResult": "relnet.planning.bass",
    # ERGMs
    "ergm": "relnet.inference.ergm.fit",
    "ergm_terms": "relnet.inference.ergm.terms",
    "ErgmFit": "relnet.inference.ergm.fit",
    # informal groups and positions
    "communities": "relnet.structure.communities",
    "modularity": "relnet.structure.communities",
    "compare_partitions": "relnet.structure.communities",
    "silos": "relnet.structure.silos",
    "structural_equivalence": "relnet.structure.positions",
    "blockmodel": "relnet.structure.positions",
    "BlockModel": "relnet.structure.positions",
    "concor": "relnet.structure.positions",
    # scale-out
    "distributed": "relnet.distributed",
    "DistributedError": "relnet.distributed",
    # views
    "to_html": "relnet.viz.network_view",
    "report": "relnet.viz.report",
    "report_data": "relnet.viz.report_data",
    "plot_network": "relnet.viz.static",
    # inference: conditional uniform graph tests
    "random_network": "relnet.inference.random_graphs",
    "cug_test": "relnet.inference.cug",
    "CUGResult": "relnet.inference.cug",
    # ego networks, multiplexity, eigenvector and Bonacich power (issue 18)
    "ego_network": "relnet.structure.ego",
    "ego_metrics": "relnet.structure.ego",
    "multiplexity": "relnet.structure.multiplexity",
    "MultiplexResult": "relnet.structure.multiplexity",
    "eigenvector": "relnet.metrics.eigenvector",
    "bonacich": "relnet.metrics.eigenvector",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    module_name = _PUBLIC.get(name)
    if module_name is None:
        raise AttributeError(f"module 'relnet' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    # a function named like its module (relnet.metrics.density.density) wins over the module
    value = getattr(module, name, module)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    # the public API only: not importlib, Any or the loaded submodules
    return sorted(set(_PUBLIC) | {"__version__"})
