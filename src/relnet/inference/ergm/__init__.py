"""Exponential random graph models with statnet's model language (:func:`ergm`)."""

from relnet.inference.ergm.fit import ErgmConvergenceError, ErgmDegeneracyError, ErgmFit, ergm
from relnet.inference.ergm.terms import ergm_terms

__all__ = ["ErgmConvergenceError", "ErgmDegeneracyError", "ErgmFit", "ergm", "ergm_terms"]
