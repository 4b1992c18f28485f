"""Numba kernels over CSR arrays.

Kernels take and return numpy arrays only: no ids, no DataFrames, no Python objects per edge.
Conventions: ``indptr`` int64, ``indices`` int32 (rows sorted, no self-loops), ``weights``
float64; the in-direction (transpose) arrays carry a ``t_`` prefix. Parallel kernels take
``n_chunks`` (the caller passes ``numba.get_num_threads()``) and give each chunk its own
scratch buffers. This package imports only numpy, numba and math.
"""
