"""Evidence of items as columns: who speaks (source identity, side, camp), what they say
(polarity, type), where (place and its written name), and every figure.

Each claim and observation is encoded once, when it is read, into integer codes aligned
with the items; the member table the status and figure rules run on (derive.py) is then
gathered with numpy, without a Python object per member.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

from truce.correlate.config import CorrelateConfig
from truce.correlate.derive import (
    ASSERT,
    CLAIM,
    DENY,
    NONE_FOUND,
    OBSERVED,
    OBSERVER,
    SENSOR,
    Codes,
    MemberTable,
)
from truce.correlate.graph import positions
from truce.correlate.items import ClaimRows, Interner, Items, ObservationRows
from truce.correlate.sources import identity
from truce.correlate.vocab import FAMILIES, Vocab
from truce.ingest.observations import observation_kinds


@dataclass(slots=True)
class Evidence:
    """One row per item (``refs``); figures in rows of their own (``fig_*``), those of
    item row r being fig_start[r] .. fig_start[r] + fig_count[r]."""

    refs: np.ndarray
    polarity: np.ndarray
    kind: np.ndarray
    weak: np.ndarray
    side: np.ndarray
    type: np.ndarray
    place: np.ndarray
    place_name: np.ndarray
    what: np.ndarray
    who: np.ndarray
    token1: np.ndarray
    token2: np.ndarray
    label: np.ndarray
    camp: np.ndarray
    rank: np.ndarray
    fig_start: np.ndarray
    fig_count: np.ndarray
    fig_kind: np.ndarray
    fig_value: np.ndarray
    fig_low: np.ndarray
    fig_high: np.ndarray

    def __len__(self) -> int:
        return len(self.refs)

    @classmethod
    def empty(cls) -> Evidence:
        return cls(**{f.name: np.zeros(0, np.int64) for f in fields(cls)})

    @staticmethod
    def concat(parts: Sequence[Evidence]) -> Evidence:
        parts = [p for p in parts if len(p)]
        if not parts:
            return Evidence.empty()
        out = {}
        offset = 0
        starts = []
        for p in parts:
            starts.append(p.fig_start + offset)
            offset += len(p.fig_kind)
        for f in fields(Evidence):
            if f.name == "fig_start":
                out[f.name] = np.concatenate(starts)
            else:
                out[f.name] = np.concatenate([getattr(p, f.name) for p in parts])
        return Evidence(**out)

    def rows_of(self, refs: np.ndarray) -> np.ndarray:
        """Row of each ref (-1 where absent)."""
        return positions(self.refs, refs)


class Encoder:
    """Encodes claims and observations into Evidence with one set of codes per run."""

    def __init__(self, config: CorrelateConfig, vocab: Vocab) -> None:
        self.config = config
        self.vocab = vocab
        self.strings = Codes()
        self.tokens = Codes()
        self.kinds = observation_kinds()

    def claims(self, rows: ClaimRows) -> Evidence:
        code, token, vocab = self.strings, self.tokens, self.vocab
        cols: dict[str, list[object]] = {f.name: [] for f in fields(Evidence)}
        figs: list[tuple[int, float, float, float]] = []
        for k, claim_id in enumerate(rows.id):
            side = rows.speaker_side[k] or rows.doc_side[k]
            wire = rows.copy_of[k] or rows.document_id[k]
            tok, tok2, lab, camp, rank = identity(
                kind="claim", side=side, speaker=rows.speaker_name[k],
                speaker_side=rows.speaker_side[k], outlet=rows.outlet[k], wire=wire,
                reporter=None, vocab=vocab,
            )  # fmt: skip
            cols["refs"].append(2 * claim_id)
            cols["polarity"].append(DENY if rows.polarity[k] == "deny" else ASSERT)
            cols["kind"].append(CLAIM)
            cols["weak"].append(False)
            cols["side"].append(code(side))
            cols["type"].append(code(rows.type[k]))
            cols["place"].append(code(rows.place_id[k]))
            cols["place_name"].append(code(rows.place_name[k]))
            cols["what"].append(-1)
            cols["who"].append(-1)
            cols["token1"].append(token(tok))
            cols["token2"].append(token(tok2))
            cols["label"].append(code(lab))
            cols["camp"].append(token(camp))
            cols["rank"].append(rank)
            cols["fig_start"].append(len(figs))
            cols["fig_count"].append(len(rows.figures[k]))
            for kind, value, low, high in rows.figures[k]:
                figs.append((code(kind), _float(value), _float(low), _float(high)))
        return self._done(cols, figs)

    def observations(self, rows: ObservationRows) -> Evidence:
        code, token, vocab = self.strings, self.tokens, self.vocab
        cols: dict[str, list[object]] = {f.name: [] for f in fields(Evidence)}
        figs: list[tuple[int, float, float, float]] = []
        for k, obs_id in enumerate(rows.id):
            what = rows.what[k]
            negative = rows.result[k] == "none_found" or what in vocab.negative_kinds
            sensor = rows.source_kind[k] == "sensor"
            confidence = rows.confidence[k]
            weak = (
                sensor and confidence is not None and confidence < self.config.sensor_min_confidence
            )
            tok, _, lab, _, rank = identity(
                kind="sensor" if sensor else "observer", side=rows.doc_side[k], speaker=None,
                speaker_side=None, outlet=rows.outlet[k], wire=rows.document_id[k],
                reporter=rows.reporter[k], vocab=vocab,
            )  # fmt: skip
            cols["refs"].append(2 * obs_id + 1)
            cols["polarity"].append(NONE_FOUND if negative else OBSERVED)
            cols["kind"].append(SENSOR if sensor else OBSERVER)
            cols["weak"].append(bool(weak))
            cols["side"].append(code(rows.doc_side[k]))
            cols["type"].append(code(self.kinds.get(what, {}).get("type", "ASSAULT")))
            cols["place"].append(code(rows.place_id[k]))
            cols["place_name"].append(code(rows.place_name[k]))
            cols["what"].append(code(what))
            cols["who"].append(code(rows.reporter[k] or rows.outlet[k]))
            cols["token1"].append(token(tok))
            cols["token2"].append(-1)
            cols["label"].append(code(lab))
            cols["camp"].append(-1)
            cols["rank"].append(rank)
            cols["fig_start"].append(len(figs))
            found = [
                (kind, n)
                for kind, n in (("killed", rows.killed[k]), ("wounded", rows.wounded[k]))
                if n
            ]
            cols["fig_count"].append(len(found))
            for kind, n in found:
                figs.append((code(kind), float(n), math.nan, math.nan))
        return self._done(cols, figs)

    @staticmethod
    def _done(
        cols: dict[str, list[object]], figs: list[tuple[int, float, float, float]]
    ) -> Evidence:
        out = {}
        for name, values in cols.items():
            if name.startswith("fig_") and name not in ("fig_start", "fig_count"):
                continue
            out[name] = np.array(values, dtype=bool if name == "weak" else np.int64)
        f = np.array(figs, dtype=float).reshape(-1, 4)
        out["fig_kind"] = f[:, 0].astype(np.int64)
        out["fig_value"], out["fig_low"], out["fig_high"] = f[:, 1], f[:, 2], f[:, 3]
        return Evidence(**out)


def _float(value: object) -> float:
    return math.nan if value is None else float(value)  # type: ignore[arg-type]


def member_table(
    items: Items,
    evidence: Evidence,
    groups: Sequence[tuple[int, list[int]]],
    encoder: Encoder,
    interner: Interner,
) -> tuple[MemberTable, list[int], list[str]]:
    """The member table of these groups (label, item rows), sorted by (group, ref).

    Returns the table, the label of each group kept (a group whose members were all
    deleted meanwhile is left out) and each group's family."""
    sizes = np.array([len(rs) for _, rs in groups], dtype=np.int64)
    rows = np.fromiter((r for _, rs in groups for r in rs), dtype=np.int64, count=int(sizes.sum()))
    g = np.repeat(np.arange(len(groups)), sizes)
    ev = evidence.rows_of(items.ref[rows])
    keep = ev >= 0
    rows, g, ev = rows[keep], g[keep], ev[keep]
    order = np.lexsort((items.ref[rows], g))
    rows, g, ev = rows[order], g[order], ev[order]
    kept, g = np.unique(g, return_inverse=True)
    labels = [groups[k][0] for k in kept.tolist()]
    families = [
        FAMILIES[f] for f in items.family[[groups[k][1][0] for k in kept.tolist()]].tolist()
    ]
    strings = encoder.strings
    district_codes = np.array([strings(v) for v in interner.values] + [-1], dtype=np.int64)
    counts = evidence.fig_count[ev]
    fig_member = np.repeat(np.arange(len(rows)), counts)
    fig_rows = np.repeat(evidence.fig_start[ev], counts) + (
        np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    )
    table = MemberTable(
        g=g,
        ref=items.ref[rows],
        is_claim=items.ref[rows] % 2 == 0,
        tier=items.tier[rows].astype(np.int64),
        key64=items.key64[rows],
        t0=items.t0[rows],
        t1=items.t1[rows],
        lat=items.lat[rows],
        lon=items.lon[rows],
        radius=items.radius[rows],
        district=district_codes[items.district[rows]],
        polarity=evidence.polarity[ev],
        kind=evidence.kind[ev],
        weak=evidence.weak[ev],
        side=evidence.side[ev],
        type=evidence.type[ev],
        place=evidence.place[ev],
        place_name=evidence.place_name[ev],
        what=evidence.what[ev],
        who=evidence.who[ev],
        token1=evidence.token1[ev],
        token2=evidence.token2[ev],
        label=evidence.label[ev],
        camp=evidence.camp[ev],
        rank=evidence.rank[ev],
        fig_member=fig_member,
        fig_kind=evidence.fig_kind[fig_rows],
        fig_value=evidence.fig_value[fig_rows],
        fig_low=evidence.fig_low[fig_rows],
        fig_high=evidence.fig_high[fig_rows],
        strings=strings,
        token_count=len(encoder.tokens.values),
    )
    return table, labels, families
