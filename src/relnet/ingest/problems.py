"""The named codes of ingestion: how a value matched, and what was wrong with a nomination."""

from __future__ import annotations

import enum


class Match(enum.IntEnum):
    """How one raw respondent/nominee value resolved to a person (stored as int8)."""

    OK = 0  # an id, exactly (or a number and the text that writes it plainly)
    BLANK = 1
    UNKNOWN = 2
    AMBIGUOUS = 3
    BY_NAME = 4  # a name or alias
    ADDED = 5  # a person added for it (unknown="keep")
    NORMALISED = 6  # an id once spaces, Unicode form, BOM or zero-width characters are removed


class Problem(enum.IntEnum):
    """Why a nomination was dropped or merged, in checking order (the first one wins).

    Stored as int8 per nomination (0 = kept); ``label`` is the text of the report's
    ``problem`` column and ``role`` the part of the nomination it concerns.
    """

    BLANK_RESPONDENT = 1
    UNKNOWN_RESPONDENT = 2
    AMBIGUOUS_RESPONDENT = 3
    BLANK_NOMINEE = 4
    UNKNOWN_NOMINEE = 5
    AMBIGUOUS_NOMINEE = 6
    BLANK_RELATION = 7
    BLANK_WAVE = 8
    SELF_NOMINATION = 9
    REPEATED = 10
    # reported, not a drop: two ids that differ only by case, leading zeros or number form
    POSSIBLE_DUPLICATE = 11

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def role(self) -> str:
        return _LABELS[self][1]

    @property
    def count(self) -> str | None:
        """The ``report.counts`` key a dropped nomination of this kind adds to."""
        return _LABELS[self][2]


_LABELS = {
    Problem.BLANK_RESPONDENT: ("blank respondent", "respondent", "dropped_blank"),
    Problem.UNKNOWN_RESPONDENT: ("respondent not on roster", "respondent", "dropped_unknown"),
    Problem.AMBIGUOUS_RESPONDENT: ("ambiguous respondent name", "respondent", "dropped_ambiguous"),
    Problem.BLANK_NOMINEE: ("blank nominee", "nominee", "dropped_blank"),
    Problem.UNKNOWN_NOMINEE: ("nominee not on roster", "nominee", "dropped_unknown"),
    Problem.AMBIGUOUS_NOMINEE: ("ambiguous nominee name", "nominee", "dropped_ambiguous"),
    Problem.BLANK_RELATION: ("blank relation", "relation", "dropped_blank"),
    Problem.BLANK_WAVE: ("blank wave", "wave", "dropped_blank"),
    Problem.SELF_NOMINATION: ("self-nomination", "nominee", "dropped_self"),
    Problem.REPEATED: ("repeated nomination", "nominee", None),
    Problem.POSSIBLE_DUPLICATE: ("possible duplicate id", "id", None),
}
#: problems that drop a nomination (codes 1-9)
DROPS = tuple(p for p in Problem if p < Problem.REPEATED)
#: per role: the problem for a blank, unknown and ambiguous value
ROLE_PROBLEMS = {
    "respondent": {
        Match.BLANK: Problem.BLANK_RESPONDENT,
        Match.UNKNOWN: Problem.UNKNOWN_RESPONDENT,
        Match.AMBIGUOUS: Problem.AMBIGUOUS_RESPONDENT,
    },
    "nominee": {
        Match.BLANK: Problem.BLANK_NOMINEE,
        Match.UNKNOWN: Problem.UNKNOWN_NOMINEE,
        Match.AMBIGUOUS: Problem.AMBIGUOUS_NOMINEE,
    },
}
