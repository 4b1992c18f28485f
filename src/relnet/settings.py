"""Session-wide switches: ``rn.config``.

Examples
--------
>>> import relnet as rn
>>> rn.config.warn_missing
True
>>> rn.config.warn_missing = False  # I know about the non-respondents: no more warnings
>>> rn.config.warn_missing = True
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Config:
    """Switches read by relnet at call time.

    Attributes
    ----------
    warn_missing : bool, default True
        Warn (a :class:`relnet.MissingDataWarning`, once per set of people) when a measure
        meets non-respondents and ``missing=`` was left at its default. ``False`` silences it
        for the session; passing ``missing=`` explicitly silences it for that call.
    """

    warn_missing: bool = True


#: The one instance, exported as ``rn.config``.
config = Config()
