"""The networkx backend interface: what the ``networkx.backends`` entry point loads.

networkx calls ``BackendInterface.convert_from_nx`` on each graph argument, asks
``can_run``/``should_run``, then calls ``BackendInterface.<function>`` with the converted
graph and, in its test mode, hands the result through ``convert_to_nx``. The pieces live in
:mod:`~relnet.nx_backend.graph` (conversion), :mod:`~relnet.nx_backend.dispatch` (the two
decisions) and :mod:`~relnet.nx_backend.algorithms` (the functions).
"""

from __future__ import annotations

from relnet.nx_backend import dispatch, graph


class BackendInterface:
    """What networkx loads from the ``networkx.backends`` entry point ``relnet``."""

    convert_from_nx = staticmethod(graph.convert_from_nx)
    convert_to_nx = staticmethod(graph.convert_to_nx)
    can_run = staticmethod(dispatch.can_run)
    should_run = staticmethod(dispatch.should_run)


for _name, _function in dispatch.IMPLEMENTED.items():
    setattr(BackendInterface, _name, staticmethod(_function))
del _name, _function
