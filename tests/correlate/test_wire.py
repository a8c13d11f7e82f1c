"""Near-duplicate documents: the same wire story on several sites counts as one source."""

from __future__ import annotations

import random

import numpy as np
from sqlalchemy import select

from tests.correlate.factory import WIRE_TEXT, Corpus, wire_copy
from tests.correlate.helpers import group, status_of
from truce.correlate.wire import PrintSet, candidate_pairs, copies, fingerprints, representatives
from truce.store import Store
from truce.store.schema import DocumentCopy

OTHER_STORY = (
    "BAKU, Nov 18 - Azerbaijan's foreign ministry said on Wednesday that talks on the return "
    "of displaced people to the Kalbajar district would resume next week in Moscow, after the "
    "handover of the district was delayed by ten days at the request of the Armenian side. "
    "Officials said humanitarian convoys were waiting at the Lachin corridor and that demining "
    "teams had started to clear the main road. Residents were told to wait for instructions."
)


def _set(texts: list[str], days: list[int] | None = None) -> PrintSet:
    prints = fingerprints(texts)
    return PrintSet.build(
        list(range(1, len(texts) + 1)),
        days or [18583] * len(texts),
        [f"{k:064x}" for k in range(1, len(texts) + 1)],
        [p.sketch for p in prints],
        [p.size for p in prints],
    )


def _is_copy(a: str, b: str) -> bool:
    ps = _set([a, b])
    return bool(copies(ps, np.array([0]), np.array([1]), 0.6)[0][0])


def test_republished_story_is_a_copy_and_another_story_is_not() -> None:
    assert _is_copy(WIRE_TEXT, wire_copy(WIRE_TEXT, "The Highland Courier"))
    assert not _is_copy(WIRE_TEXT, OTHER_STORY)


def test_shortened_republication_is_a_copy_by_containment() -> None:
    assert _is_copy(WIRE_TEXT, WIRE_TEXT[: len(WIRE_TEXT) * 3 // 5])


def test_copies_survive_case_punctuation_and_spacing() -> None:
    messy = WIRE_TEXT.upper().replace(" ", "  ").replace(",", " ,").replace("-", "--")
    assert _is_copy(WIRE_TEXT, messy)


def test_fingerprints_do_not_depend_on_the_other_texts() -> None:
    texts = [WIRE_TEXT, OTHER_STORY, wire_copy(WIRE_TEXT, "X")]
    alone = [fingerprints([t])[0] for t in texts]
    together = fingerprints(texts[::-1])[::-1]
    for a, b in zip(alone, together, strict=True):
        assert a.size == b.size and a.sketch.tolist() == b.sketch.tolist()


def test_candidates_need_the_publication_window_and_clusters_take_the_earliest() -> None:
    texts = [WIRE_TEXT, wire_copy(WIRE_TEXT, "X"), wire_copy(WIRE_TEXT, "Y")]
    # document 2 was published a day earlier: it represents the cluster; document 3 came
    # 17 days later: not a candidate
    ps = _set(texts, [18583, 18582, 18600])
    a, b = candidate_pairs(ps, 7)
    assert list(zip(a.tolist(), b.tolist(), strict=True)) == [(0, 1)]
    assert representatives(ps, a, b).tolist() == [2, 2, 3]


def test_boilerplate_shared_by_many_documents_is_no_evidence() -> None:
    rng = random.Random(1)
    words = OTHER_STORY.split()
    heading = "Information of the Ministry of Defense of the Republic of Azerbaijan press service."
    ps = _set([heading + " " + " ".join(rng.sample(words, 20)) for _ in range(40)])
    a, b = candidate_pairs(ps, 7)
    ok, _ = copies(ps, a, b, 0.6)
    assert not ok.any()


def test_a_copy_arriving_later_adds_no_source(store: Store) -> None:
    c = Corpus(store)
    shelling = {"type": "ASSAULT", "date": "2020-11-16", "place": "v:taghavard"}
    _, (a,), _ = c.document(outlet="TPA", side="media", text=WIRE_TEXT, claims=[shelling])
    group(store)
    assert status_of(store, a) == "single-source"
    copy, _, _ = c.document(
        outlet="Highland Courier",
        side="media",
        published="2020-11-18",
        text=wire_copy(WIRE_TEXT, "HC"),
        claims=[shelling],
    )
    group(store)
    assert status_of(store, a) == "single-source"
    with store.read() as session:
        reps = dict(session.execute(select(DocumentCopy.document_id, DocumentCopy.copy_of)).all())
    assert reps[copy] == 1
    # an outlet's own story is a second source
    c.document(outlet="Caspian Ledger", side="media", text=OTHER_STORY, claims=[shelling])
    group(store)
    assert status_of(store, a) == "corroborated"
