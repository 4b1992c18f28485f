"""Survey: the people, every nomination of every relation and wave, and the ingest report."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from collections.abc import Hashable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from relnet.errors import ArgumentError
from relnet.ids import id_text, label_of
from relnet.network import Network

if TYPE_CHECKING:  # the report's module imports nothing from here: no cycle at run time
    from relnet.ingest.report import IngestReport


def _sort_key(value: object) -> tuple:
    return (0, value, "") if isinstance(value, (int, float)) else (1, 0, str(value))


_NOTES_WITH_IDS = ("ids normalised", "blank ids are")  # notes that quote ids
NAME_LIKE = ("name", "full_name", "fullname", "person_name", "display_name", "aliases", "alias")


class Survey:
    """A sociometric survey: people (roster), nominations and how they were read.

    Build one with :func:`relnet.read_survey`. Nominations are stored as positions among the
    people, so :meth:`network` builds a layer without looking ids up again.

    Attributes
    ----------
    nodes : pandas.DataFrame
        Indexed by id, in roster order (people added with ``unknown="keep"`` last): the
        roster's attributes, ``responded`` and ``on_roster``.
    nominations : pandas.DataFrame
        Tidy: ``source``, ``target`` (external ids), ``relation``, ``wave``, ``weight``.
    relations, waves : list
        The relations and waves present (``waves`` is empty when the input had no waves).
    report : IngestReport

    Examples
    --------
    >>> import pandas as pd
    >>> import relnet as rn
    >>> table = pd.DataFrame({"respondent": ["a", "a", "b"], "nominee": ["b", "c", "a"],
    ...                       "relation": ["trust", "trust", "advice"]})
    >>> survey = rn.read_survey(table)
    >>> survey.relations
    ['advice', 'trust']
    >>> survey.network("trust")
    <Network 3 people, 2 arcs, 67% responded>
    """

    def __init__(
        self,
        nodes: pd.DataFrame,
        src: np.ndarray,
        dst: np.ndarray,
        relation_codes: np.ndarray,
        relations: list,
        wave_codes: np.ndarray,
        waves: list,
        weights: np.ndarray,
        report: IngestReport,
        responded_by_wave: np.ndarray | None = None,
    ) -> None:
        self._nodes = nodes
        self._src = src
        self._dst = dst
        self._relation_codes = relation_codes
        self._relations = list(relations)
        self._wave_codes = wave_codes
        self._waves = list(waves)
        self._weights = weights
        self._report = report
        self._responded_by_wave = responded_by_wave
        self._nominations: pd.DataFrame | None = None

    # ------------------------------------------------------------------ properties
    @property
    def nodes(self) -> pd.DataFrame:
        """People indexed by id: attributes, ``responded``, ``on_roster`` (a copy)."""
        return self._nodes.copy()

    @property
    def ids(self) -> pd.Index:
        """Person ids in order."""
        return self._nodes.index

    @property
    def nominations(self) -> pd.DataFrame:
        """Kept nominations: ``source``, ``target``, ``relation``, ``wave``, ``weight``."""
        if self._nominations is None:
            ids = self._nodes.index
            relation = pd.Categorical.from_codes(
                self._relation_codes, categories=self._relations
            ).reorder_categories(self.relations)
            if self._waves:
                wave = pd.Index(self._waves).take(self._wave_codes)
            else:
                wave = pd.array([pd.NA] * len(self._src), dtype="object")
            self._nominations = pd.DataFrame(
                {
                    "source": ids.take(self._src),
                    "target": ids.take(self._dst),
                    "relation": relation,
                    "wave": wave,
                    "weight": self._weights,
                }
            )
        return self._nominations.copy()

    @property
    def relations(self) -> list:
        """Relation names, sorted."""
        return sorted(self._relations, key=_sort_key)

    @property
    def waves(self) -> list:
        """Wave labels, sorted (empty when the input had no wave column)."""
        return sorted(self._waves, key=_sort_key)

    @property
    def report(self) -> IngestReport:
        """The :class:`~relnet.ingest.report.IngestReport` of reading this survey."""
        return self._report

    def __repr__(self) -> str:
        waves = f", {len(self._waves)} waves" if self._waves else ""
        return (
            f"<Survey {len(self._nodes)} people, {len(self._src)} nominations, "
            f"relations {self.relations}{waves}>"
        )

    def _repr_html_(self) -> str:
        from relnet.display import html_table

        n = len(self._nodes)
        answered = int(self._nodes["responded"].sum()) if "responded" in self._nodes else n
        counts = self._report.counts
        rows = [("people", n), ("responded", f"{answered:,} of {n:,}")]
        rows += [("nominations", len(self._src))]
        rows += [("relations", ", ".join(map(str, self.relations)) or "none")]
        rows += [("waves", ", ".join(map(str, self.waves)) or "none")]
        notes = []
        if counts.get("merged", 0) or counts.get("dropped", 0):
            notes.append(
                f"{counts.get('merged', 0):,} input nominations merged and "
                f"{counts.get('dropped', 0):,} dropped: see survey.report"
            )
        if answered < n:
            notes.append(f"{n - answered:,} of {n:,} did not answer: choose missing= for dyads")
        per_relation = np.bincount(self._relation_codes, minlength=len(self._relations))
        table = pd.Series(per_relation, index=pd.Index(self._relations, name="relation"))
        table = table.reindex(self.relations).rename("nominations")
        return html_table("Survey", rows, notes, table=table)

    # ------------------------------------------------------------------ networks
    def _choose(self, kind: str, value: Hashable | None, have: list) -> int | None:
        """The code of a relation or wave label (``have`` is in code order)."""
        shown = ", ".join(map(repr, sorted(have, key=_sort_key))) or "(none)"
        if value is None:
            if len(have) <= 1:
                return 0 if have else None
            raise ArgumentError(
                f"this survey has {len(have)} {kind}s ({shown}); "
                f"name one: survey.network({kind}=...), or use survey.networks() for all."
            )
        wanted = label_of(value, text=kind == "relation")  # wave "1", "1.0" and 1 are one
        for i, label in enumerate(have):
            if label in (value, wanted) or str(label) == str(value):
                return i
        raise ArgumentError(f"no {kind} {value!r} in this survey; the {kind}s are {shown}.")

    def network(self, relation: str | None = None, wave: Hashable | None = None) -> Network:
        """One layer (relation, wave) as a :class:`~relnet.network.Network` over all people.

        Every person (roster order, then kept unknowns) is a node, so non-respondents and
        isolates are present; ``Network.responded`` says who answered (in that wave when the
        survey has waves and response was inferred from the rows).

        Raises
        ------
        ArgumentError
            When ``relation`` or ``wave`` is not given and the survey has several, or names
            one that does not exist.

        Examples
        --------
        >>> import pandas as pd
        >>> import relnet as rn
        >>> roster = pd.DataFrame({"id": ["ana", "ben", "cai"], "team": ["x", "x", "y"]})
        >>> table = pd.DataFrame({"respondent": ["ana", "ben"], "nominee": ["ben", "ana"]})
        >>> g = rn.read_survey(table, roster=roster).network()
        >>> list(g.ids), g.responded.tolist()
        (['ana', 'ben', 'cai'], [True, True, False])
        """
        r = self._choose("relation", relation, self._relations)
        w = self._choose("wave", wave, self._waves)
        mask = np.ones(len(self._src), dtype=bool)
        if r is not None:
            mask &= self._relation_codes == r
        if w is not None and self._waves:
            mask &= self._wave_codes == w
        return self._layer(mask, w)

    def _layer(self, mask: np.ndarray, w: int | None) -> Network:
        ids = self._nodes.index
        attributes = self._nodes.drop(columns=["responded", "on_roster"])
        responded = self._nodes["responded"].to_numpy()
        if w is not None and self._responded_by_wave is not None:
            responded = self._responded_by_wave[w]
        return Network.from_edges(
            ids.take(self._src[mask]),
            ids.take(self._dst[mask]),
            weight=self._weights[mask],
            nodes=attributes,
            responded=np.asarray(responded, dtype=bool),
        )

    def networks(self) -> dict:
        """Every layer: keyed by relation, or by ``(relation, wave)`` when there are waves."""
        out = {}
        for relation in self.relations:
            if len(self._waves) <= 1:
                out[relation] = self.network(relation, self._waves[0] if self._waves else None)
            else:
                for wave in self.waves:
                    out[(relation, wave)] = self.network(relation, wave)
        return out

    # ------------------------------------------------------------------ sharing
    def pseudonymize(self, salt: str | bytes) -> Survey:
        """A copy with ids replaced by keyed hashes and name columns dropped.

        **Definition.** Each id becomes the first 16 hex digits of HMAC-SHA256(salt, id as
        text): the same salt gives the same pseudonym, so results from several files still
        join; without the salt the ids cannot be recovered by hashing guesses. Columns that
        hold names or aliases are dropped, and the report's issues lose their values.

        Examples
        --------
        >>> import pandas as pd
        >>> import relnet as rn
        >>> table = pd.DataFrame({"respondent": ["ana", "ben"], "nominee": ["ben", "ana"]})
        >>> shared = rn.read_survey(table).pseudonymize("project-secret")
        >>> len(shared.ids[0]), "ana" in shared.ids
        (16, False)
        """
        if not isinstance(salt, (str, bytes)) or len(salt) == 0:
            raise ArgumentError("salt must be a non-empty string; keep it secret and reuse it.")
        key = salt.encode() if isinstance(salt, str) else salt
        hashed = [
            hmac.new(key, id_text(v).encode("utf-8"), hashlib.sha256).hexdigest()[:16]
            for v in self._nodes.index
        ]
        nodes = self._nodes.drop(
            columns=[c for c in self._nodes.columns if str(c).strip().lower() in NAME_LIKE]
        )
        nodes.index = pd.Index(hashed, name=self._nodes.index.name)
        issues = self._report.issues.copy()
        if len(issues):
            issues["value"] = "<pseudonymized>"
            issues["detail"] = ""
        report = dataclasses.replace(
            self._report,
            counts=dict(self._report.counts),
            issues=issues,
            relations=list(self._report.relations),
            waves=list(self._report.waves),
            unmatched=pd.DataFrame(),
            notes=[n for n in self._report.notes if not n.startswith(_NOTES_WITH_IDS)],
        )
        return Survey(
            nodes,
            self._src,
            self._dst,
            self._relation_codes,
            self._relations,
            self._wave_codes,
            self._waves,
            self._weights,
            report,
            self._responded_by_wave,
        )
