"""Keywords renamed in 0.2, kept working for one release with a ``FutureWarning``.

relnet 0.2 names the grouping attribute ``by=`` everywhere (it was ``attr``, ``group`` or
``group_by`` in some functions). :func:`renamed_keyword` lets the old keyword through, warns
once per call, and refuses a call that passes both.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from relnet.errors import ArgumentError

F = TypeVar("F", bound=Callable[..., Any])


def renamed_keyword(old: str, new: str, *, since: str = "0.2") -> Callable[[F], F]:
    """Accept ``old=`` as a deprecated spelling of ``new=``.

    Examples
    --------
    >>> from relnet.deprecation import renamed_keyword
    >>> import warnings
    >>> @renamed_keyword("attr", "by")
    ... def f(graph, by=None):
    ...     return by
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     f(None, attr="team"), caught[0].category.__name__
    ('team', 'FutureWarning')
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if old in kwargs:
                if new in kwargs:
                    raise ArgumentError(
                        f"{func.__name__}() got both {old}= and {new}=; pass only {new}= "
                        f"({old}= is its old name)."
                    )
                warnings.warn(
                    f"{func.__name__}({old}=...) is renamed {new}= in relnet {since}; "
                    f"the old name stops working in the next release.",
                    FutureWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
