"""The fusion runner's state between runs: its incremental indexes and per-article inputs.

The state is pickled into the store (``fusion_state`` table) under a version naming the
runner version and :data:`STATE_FORMAT`. Pickle is acceptable here because the blob is
the store's own private state, written and read only by this module, never user input or
anything fetched: whoever can write the store file can already change every fact in it.
A state that does not unpickle, or carries another version or alias table, is ignored
and the picture rebuilt; bump :data:`STATE_FORMAT` whenever a pickled class changes shape.

What an incremental run may still do differently from a rebuild over the same articles:

* dating: an undated article is re-dated when a new known fact could match one of its
  expressions (see :mod:`storyline.runners.fusion_dating`). A new fact that cannot match
  it still changes the name weights (a name's share of the dated articles) its other
  matches are scored with; that drift is not followed, so after many runs an undated
  article's dating can differ slightly from a rebuild's. ``fuse --rebuild`` recomputes.
  (On the demo corpus, fused in two halves, there is no difference.)
* claims are re-fused from every stored attribution when a speaker's entity id changed
  since its attribution was added (later articles can change an entity's best name), so
  they stay equal to a rebuild, at the cost of a pass over the attributions that run;
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
from storyline.fusion.dating_records import DateInference, KnownFact
from storyline.fusion.entities import EntityIndex
from storyline.fusion.events import EventIndex
from storyline.fusion.stories import StoryIndex
from storyline.language.timex.model import TimeExpression

STATE_FORMAT = 1


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
    # undated article -> (context of each date dating may match, its length in days)
    undated_contexts: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    undated_by_name: dict[str, set[str]] = field(default_factory=dict)
    datings: dict[str, DateInference] = field(default_factory=dict)
    # (article id, speaker cluster) -> the entity id its attribution was fused with
    claim_speakers: dict[tuple[str, Any], str | None] = field(default_factory=dict)
    # (kind, id) -> digest of the record last written: what lets a run write only changes
    digests: dict[tuple[str, str], str] = field(default_factory=dict)
    # (kind, id) -> (object, extra) the record was last made from (never saved: see below)
    sources: dict[tuple[str, str], tuple[Any, Any]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def empty(cls, aliases: AliasTable | None, digest: str) -> FusionState:
        return cls(digest, EntityIndex(aliases), StoryIndex(), ClaimIndex(), EventIndex())

    def __getstate__(self) -> dict[str, Any]:
        # The digests of written records are read back from the store on load: records
        # written after this save are not in them.
        return {**self.__dict__, "digests": {}, "sources": {}}

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


__all__ = ["STATE_FORMAT", "FusionState", "Undated", "aliases_digest", "load_state",
           "state_version"]
