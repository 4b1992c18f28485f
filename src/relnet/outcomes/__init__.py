"""Outcomes: group tables, linkage to outcome data, association models, QAP, scales, diffusion.

Public names are re-exported lazily by :mod:`relnet`; import them from there
(``rn.group_metrics``, ``rn.link_outcomes``, ``rn.associate``, ``rn.mrqap`` ...).
"""
