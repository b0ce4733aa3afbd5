"""Caches of the public results per snapshot: the indexed snapshot, the rendered figures
of each filter choice, and the open-data files.

A recomputation writes a new `computed_at`, and every key below holds it, so an entry is
never read after its snapshot changed: new keys are simply asked for. What the figures
read besides the snapshot (the dialogue's slug, source language, k, the page language and
the filters) is in the key too. The answers download reads the ballots themselves, so its
key also holds a fingerprint of them (how many, the newest change).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Count, Max

from polyvox.deliberation.models import Participant
from polyvox.dialogues.models import Dialogue
from polyvox.results.figures import SnapshotReader
from polyvox.results.models import ResultsSnapshot, snapshot_charts_load
from polyvox.results.selectors import ballot_rows

# Long enough to serve a published snapshot all day; a new snapshot uses new keys anyway.
CACHE_SECONDS = 24 * 3600
# Readers kept in this process: the live page recomputes every few seconds, so a few suffice.
READERS_KEPT = 4

_readers: OrderedDict[tuple[int, str, str], SnapshotReader] = OrderedDict()
_readers_lock = threading.Lock()


def snapshot_version(snapshot: ResultsSnapshot) -> str:
    """Which snapshot, and which computation of it."""
    return f"{snapshot.pk}@{snapshot.computed_at.isoformat()}"


def snapshot_reader(snapshot: ResultsSnapshot, *, source_language: str) -> SnapshotReader:
    """The snapshot indexed once per process instead of on every request: readers only
    read it (the drawn charts they add are the same for everyone)."""
    key = (snapshot.pk, snapshot.computed_at.isoformat(), source_language)
    with _readers_lock:
        reader = _readers.get(key)
        if reader is not None:
            _readers.move_to_end(key)
            return reader
    deferred = snapshot.get_deferred_fields() & {"data", "charts"}
    if deferred:  # one query for both, rather than one each on first use
        snapshot.refresh_from_db(fields=sorted(deferred))
    reader = SnapshotReader(
        snapshot.data,
        source_language=source_language,
        charts=snapshot_charts_load(snapshot.charts),
    )
    with _readers_lock:
        _readers[key] = reader
        while len(_readers) > READERS_KEPT:
            _readers.popitem(last=False)
    return reader


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()


def figures_key(*, dialogue: Dialogue, snapshot: ResultsSnapshot, language: str, view: str) -> str:
    """`view` says everything else the rendered figures show: filters, live or not, query."""
    return "results-figures:" + _digest(
        snapshot_version(snapshot),
        dialogue.slug,
        dialogue.source_language,
        dialogue.k_anonymity,
        language,
        view,
    )


def cached_text(key: str, build: Callable[[], str]) -> str:
    text = cache.get(key)
    if not isinstance(text, str):
        text = build()
        cache.set(key, text, CACHE_SECONDS)
    return text


def ballots_fingerprint(*, dialogue: Dialogue) -> str:
    """How many ballots and participants the answers download reads, and their newest
    change: a vote cast, changed or deleted changes it (participants' demographics are
    set when the panel is drawn and not edited afterwards)."""
    answers = ballot_rows(dialogue=dialogue).aggregate(
        count=Count("id"), newest=Max("updated_at"), last=Max("id")
    )
    people = Participant.objects.filter(site__dialogue=dialogue).aggregate(
        count=Count("id"), last=Max("id")
    )
    return _digest(*answers.values(), *people.values())


def download_key(*, meta: object, dataset: str, fmt: str, data_version: str) -> str:
    """`meta` is the file's metadata but for its computed_at and protection (both follow
    from the data): licence, title, attribution, k, reference data."""
    return f"results-download:{dataset}:{fmt}:" + _digest(meta, data_version)


def cached_bytes(key: str, build: Callable[[], bytes]) -> bytes:
    content = cache.get(key)
    if not isinstance(content, bytes):
        content = build()
        cache.set(key, content, CACHE_SECONDS)
    return content
