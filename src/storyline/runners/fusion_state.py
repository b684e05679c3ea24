"""The fusion runner's state between runs: its incremental indexes and per-article inputs.

The state is pickled into the store (``fusion_state`` table) under a version naming the
runner version and :data:`STATE_FORMAT`. Pickle is acceptable here because the blob is
the store's own private state, written and read only by this module, never user input or
anything fetched: whoever can write the store file can already change every fact in it.
A state that does not unpickle, or carries another version or alias table, is ignored
and the picture rebuilt; bump :data:`STATE_FORMAT` whenever a pickled class changes shape.

What an incremental run may still do differently from a rebuild over the same articles:

* dating: an undated article is re-dated when a new known fact could be taken for one
  of its expressions: it matches it better than the last match taken there (see
  :mod:`storyline.runners.fusion_dating`). A new fact that is not taken still changes the
  name weights (a name's share of the dated articles) the other matches are scored with;
  that drift is not followed, so after many runs an undated article's dating can differ
  slightly from a rebuild's. ``fuse --rebuild`` recomputes. (On the demo corpus, fused in
  two halves, there is no difference.)
* claims are re-fused from every stored attribution when a speaker's entity id changed
  since its attribution was added (later articles can change an entity's best name; only
  the clusters the entity index reports as relinked are checked), so they stay equal to a
  rebuild, at the cost of a pass over the attributions that run;
* claims of an undated article whose inferred date changed, or of an article whose
  duplicate group changed, are rebuilt with the new date or group (the matching of
  sources never reads either);
* story assignment and event clustering depend on arrival order; articles are always
  fed in ingestion order, so batching does not change them.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.fusion.aliases import AliasTable
from storyline.fusion.claims import ClaimIndex
from storyline.fusion.claims_contradictions import ContradictionIndex
from storyline.fusion.claims_records import Contradiction
from storyline.fusion.entities_index import EntityChanges
from storyline.fusion.dating_records import DateInference, KnownFact
from storyline.fusion.entities import EntityIndex
from storyline.fusion.events import EventIndex
from storyline.fusion.stories import StoryIndex
from storyline.language.timex.model import TimeExpression

STATE_FORMAT = 2


def state_version(fusion_version: str) -> str:
    return f"{fusion_version}/state-{STATE_FORMAT}"


def aliases_digest(aliases: AliasTable | None) -> str:
    table = aliases if aliases is not None else AliasTable.default()
    return hashlib.sha1(repr(table.rows).encode("utf-8")).hexdigest()


class _Pickler(pickle.Pickler):
    """Pickles an :class:`AliasTable` as its rows (its read-only index does not pickle)."""

    def reducer_override(self, obj: object) -> Any:
        if isinstance(obj, AliasTable):
            return AliasTable.from_rows, (obj.rows,)
        return NotImplemented


@dataclass(frozen=True, slots=True)
class Undated:
    """What dating an undated article needs, kept so it can be re-dated later."""

    times: tuple[TimeExpression, ...]
    event_dicts: tuple[dict[str, Any], ...]  # as stored: symbolic time values
    mentions: tuple[Any, ...]
    notices: str  # text and removed boilerplate, for copyright years


@dataclass
class RunChanges:
    """What one run changed beyond what the indexes report themselves."""

    entities: EntityChanges = field(default_factory=EntityChanges)
    redated: set[str] = field(default_factory=set)  # undated articles whose dating changed
    removed_claims: set[str] = field(default_factory=set)  # ids gone when claims re-fused


@dataclass
class FusionState:
    aliases_digest: str
    entity_index: EntityIndex
    story_index: StoryIndex
    claim_index: ClaimIndex
    event_index: EventIndex
    published: dict[str, date | None] = field(default_factory=dict)  # as stored
    effective: dict[str, date | None] = field(default_factory=dict)  # inferred where undated
    group_of: dict[str, str] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)
    undated: dict[str, Undated] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)  # ingestion order of fused articles
    analysis_of: dict[str, str] = field(default_factory=dict)  # "version@analyzed_at"
    group_members: dict[str, list[str]] = field(default_factory=dict)
    dated_in_group: dict[str, list[tuple[str, date]]] = field(default_factory=dict)
    known_facts: list[KnownFact] = field(default_factory=list)
    facts_by_name: dict[str, list[int]] = field(default_factory=dict)  # name word -> facts
    undated_names: dict[str, frozenset[str]] = field(default_factory=dict)
    # undated article -> (context of each date dating may match, its length in days, span)
    undated_contexts: dict[str, list[tuple[Any, int, tuple[int, int]]]] = field(
        default_factory=dict)
    # undated article -> expression span -> the score a new fact must beat to be taken
    entry_scores: dict[str, dict[tuple[int, int], float]] = field(default_factory=dict)
    undated_by_name: dict[str, set[str]] = field(default_factory=dict)
    datings: dict[str, DateInference] = field(default_factory=dict)
    # (article id, speaker cluster) -> the entity id its attribution was fused with
    claim_speakers: dict[tuple[str, Any], str | None] = field(default_factory=dict)
    contradiction_index: ContradictionIndex = field(default_factory=ContradictionIndex)
    # contradiction record id -> (the contradiction, how many times it is found)
    contradictions: dict[str, tuple[Contradiction, int]] = field(default_factory=dict)
    claim_contradictions: dict[str, set[str]] = field(default_factory=dict)  # claim -> records
    # (kind, id) -> digest of the record last written: what lets a run write only changes
    digests: dict[tuple[str, str], str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    # What the current run changed, for writing the picture (never saved).
    run: RunChanges | None = None

    @classmethod
    def empty(cls, aliases: AliasTable | None, digest: str) -> FusionState:
        return cls(digest, EntityIndex(aliases), StoryIndex(), ClaimIndex(), EventIndex())

    def __getstate__(self) -> dict[str, Any]:
        # The digests of written records are read back from the store on load: records
        # written after this save are not in them.
        return {**self.__dict__, "digests": {}, "run": None}

    def dumps(self) -> bytes:
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=5).dump(self)
        return buffer.getvalue()


def load_state(
    stored: tuple[str, bytes] | None, fusion_version: str, digest: str
) -> tuple[FusionState | None, str]:
    """The stored state when it can be used, else None and why not."""
    if stored is None:
        return None, "no fusion state yet"
    version, data = stored
    if version != state_version(fusion_version):
        return None, f"state version {version!r} is not {state_version(fusion_version)!r}"
    try:
        state = pickle.loads(data)
    except Exception as exc:  # noqa: BLE001 - any unreadable state means: rebuild
        return None, f"state unreadable ({type(exc).__name__})"
    if not isinstance(state, FusionState):
        return None, "state is not a fusion state"
    if state.aliases_digest != digest:
        return None, "another alias table"
    return state, ""


__all__ = ["STATE_FORMAT", "FusionState", "RunChanges", "Undated", "aliases_digest", "load_state",
           "state_version"]
