"""The thread policy: how many numba threads a kernel call runs on.

One rule for every kernel: work below :data:`SERIAL_BELOW` units (arcs, or arcs times
sources for path measures) runs on one thread, because waking numba's thread pool costs more
than the work (measured on PageRank at 10,000 staff, 31,000 arcs: 43 iterations took 2.8 ms on
one thread and 990 ms on two while another process held the second core). Larger work runs
on numba's current thread count.

Every metric calls its kernels the same way::

    with kernel_chunks(graph.m) as chunks:
        values = kernels.some_kernel(graph.indptr, graph.indices, chunks)

``chunks`` is the number of per-thread scratch buffers the kernel should allocate; kernels
give each chunk its own rows, so results do not depend on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numba

#: Work units (arcs, or arc visits for path measures) below which kernels run on one thread.
SERIAL_BELOW = 200_000


@contextmanager
def kernel_chunks(work: int) -> Iterator[int]:
    """Set numba's threads for ``work`` units and yield the chunk count to pass to kernels.

    Parameters
    ----------
    work : int
        Size of the job: arcs for a one-pass kernel, arcs times sources for a path measure.

    Yields
    ------
    int
        1 below :data:`SERIAL_BELOW` (numba runs on one thread inside the block), otherwise
        numba's current thread count.

    Examples
    --------
    >>> from relnet.threads import kernel_chunks
    >>> with kernel_chunks(10) as chunks:
    ...     chunks
    1
    """
    if work >= SERIAL_BELOW:
        yield numba.get_num_threads()
        return
    previous = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        yield 1
    finally:
        numba.set_num_threads(previous)
