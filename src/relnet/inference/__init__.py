"""Inference: is a network statistic more than chance? (CUG tests, random graphs, ERGMs)."""
