"""Errors and warnings raised by relnet.

Every error relnet raises derives from :class:`RelnetError`, and also from the builtin
exception a caller would expect (``ValueError``, ``LookupError``, ``FileNotFoundError``), so
``except ValueError`` keeps working. Messages say what went wrong, where (file, column, row)
and how to fix it.
"""

from __future__ import annotations


class RelnetError(Exception):
    """Base of every error relnet raises."""


class SurveyFormatError(RelnetError, ValueError):
    """An input table cannot be read as a survey: bad layout, cells or columns."""


class SurveyFileError(RelnetError, FileNotFoundError):
    """An input file is missing, empty or unreadable."""


class UnknownPersonError(RelnetError, LookupError):
    """An id that is not a person of the network or roster."""


class GraphKindError(RelnetError, ValueError):
    """A network that does not suit the operation (duplicate arcs, loops, wrong kind)."""


class ArgumentError(RelnetError, ValueError):
    """An argument outside its allowed values."""


class MissingDependencyError(RelnetError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


class LinkageError(RelnetError, ValueError):
    """Tables that cannot be linked: duplicate or incompatible keys."""


class MissingDataWarning(UserWarning):
    """Non-respondents present; says how their unobserved ties are treated."""


class DataRepairWarning(UserWarning):
    """Input was repaired (dropped self-nominations, merged duplicates); gives counts."""


class LinkWarning(UserWarning):
    """Keys that matched nothing while linking tables."""


class SmallSampleWarning(UserWarning):
    """Too few observations for a model to be trusted."""


def check_choice(name: str, value: object, allowed: tuple[str, ...]) -> None:
    """Raise :class:`ArgumentError` unless ``value`` is one of ``allowed``.

    Examples
    --------
    >>> from relnet.errors import check_choice
    >>> check_choice("mode", "in", ("in", "out"))
    >>> check_choice("mode", "up", ("in", "out"))
    Traceback (most recent call last):
    ...
    relnet.errors.ArgumentError: mode='up' is not one of 'in', 'out'.
    """
    if value not in allowed:
        choices = ", ".join(repr(a) for a in allowed)
        raise ArgumentError(f"{name}={value!r} is not one of {choices}.")
