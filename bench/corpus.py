"""A synthetic monitoring corpus with known ground truth, for grouping benchmarks.

N incidents happen over a region (a grid of districts, each with villages that have two
spellings) and a period; each is reported by several sources, with the noise real
reports have:

* the victim side's ministry (85%): a statement, dated to the day, or "the night of the
  16th to the 17th", or the wrong night (5%), often with killed/wounded figures;
* the other side's denial (35%), sometimes placed only at the district;
* a wire agency story (50%) quoting the victim side (and the denial), with its own
  "at least N wounded" figure placed at the district half the time; copied near
  verbatim by 1-3 other sites half the time (a masthead, a trimmed ending, a few words
  changed); the copies' claims are extracted again;
* an independent outlet (25%), in its own voice, often vague: "earlier this week"
  (a span up to the publication date), or only the district;
* an observer patrol (20%) hearing it from a village 2-5 km away, with a distance range
  and a 16-point bearing; an acoustic sensor (15%) with 1-3 detections; or a patrol
  that checked the place and found nothing (4%);
* on every claim: the other spelling of the place (50%), an unresolved place with
  jittered coordinates (10%), a neighbouring village named instead (4%), no date at all
  (3%), the wrong day (5%); plus talks at a country's capital (2% of incidents).

Ground truth is stored with the data (``claims.extra['truth']``, ``observations.raw``)
and the true status of each incident in ``truth.json`` next to the store.

    python bench/corpus.py --claims 20000 --db /tmp/c.db      # writes a store

Truth status follows the documented rules (docs/incidents.md): verified if a patrol heard
it; refuted if a patrol found nothing; disputed if denied by the other side; corroborated
if at least two independent sources assert it (one camp, one wire story with its copies,
one outlet, one sensor network count once each); otherwise single-source.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

CAMPS = {"armenian": ["armenia", "artsakh"], "azerbaijani": ["azerbaijan"]}
MINISTRIES = {
    "armenia": "Ministry of Defence of Armenia",
    "artsakh": "Defense Army of Artsakh",
    "azerbaijan": "Ministry of Defense of Azerbaijan",
}
WIRES = ["Transcaucasus Press Agency", "Caspian Wire", "Regional News Service"]
SITES = [f"Site {n}" for n in range(40)]
OUTLETS = [f"Outlet {n}" for n in range(60)]
VENUES = [
    ("cc:RU", "Russia"),
    ("cc:FR", "France"),
    ("cc:US", "United States"),
    ("cc:CH", "Switzerland"),
]
RATE = 0.25  # incidents per district per day
KM = 111.195
WORDS = [
    "officials",
    "residents",
    "village",
    "road",
    "bridge",
    "school",
    "clinic",
    "market",
    "convoy",
    "line",
    "contact",
    "positions",
    "checkpoint",
    "houses",
    "roof",
    "windows",
    "night",
    "morning",
    "evening",
    "shelter",
    "basement",
    "power",
    "water",
    "gas",
    "repair",
    "crews",
    "peacekeepers",
    "mission",
    "patrol",
    "statement",
    "ministry",
    "spokesman",
    "sources",
    "reported",
    "confirmed",
    "denied",
    "accused",
    "provocation",
    "calm",
    "tense",
    "situation",
    "area",
    "district",
    "region",
    "town",
    "farmers",
    "fields",
    "harvest",
    "livestock",
    "orchard",
    "cemetery",
    "church",
    "mosque",
    "hill",
    "ridge",
    "valley",
    "river",
    "forest",
    "highway",
    "corridor",
    "trucks",
    "buses",
    "families",
    "displaced",
    "returned",
]


@dataclass
class Village:
    id: str
    names: tuple[str, str]
    lat: float
    lon: float
    district: str


@dataclass
class District:
    id: str
    name: str
    lat: float
    lon: float
    villages: list[Village] = field(default_factory=list)


@dataclass
class Doc:
    outlet: str | None
    side: str | None
    published: date
    text: str
    kind: str = "article"
    claims: list[dict[str, Any]] = field(default_factory=list)
    observations: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Truth:
    id: int
    family: str
    status: str
    village: str
    day: str


class Generator:
    """Draws incidents and their reports; every draw comes from one seeded RNG."""

    def __init__(self, n_claims: int, seed: int = 1, *, start: date = date(2020, 11, 10)) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_incidents = max(20, round(n_claims / 3.3))
        self.days = max(60, min(1100, round(self.n_incidents / (RATE * 30))))
        n_districts = max(4, round(self.n_incidents / (RATE * self.days)))
        self.start = start
        self.districts = self._geography(n_districts)
        self.villages = [v for d in self.districts for v in d.villages]
        self.docs: list[Doc] = []
        self.truth: dict[int, Truth] = {}
        self.next_incident = 0
        self.talks: dict[tuple[tuple[str, str], date], int] = {}
        self.talk_sources: dict[int, set[str]] = {}
        self.target = n_claims

    # -- places ------------------------------------------------------------------------

    def _geography(self, n: int) -> list[District]:
        side = math.ceil(math.sqrt(n))
        lat0, lon0, size_km = 40.0 - side * 12.5 / KM, 46.5 - side * 12.5 / (KM * 0.77), 25.0
        out = []
        for k in range(n):
            row, col = divmod(k, side)
            lat = lat0 + (row + 0.5) * size_km / KM
            lon = lon0 + (col + 0.5) * size_km / (KM * math.cos(math.radians(lat)))
            d = District(f"d:{k}", f"{_name(self.rng)} district", lat, lon)
            placed: list[tuple[float, float]] = []
            while len(d.villages) < 20:
                vl = lat + self.rng.uniform(-0.5, 0.5) * size_km / KM
                vo = lon + self.rng.uniform(-0.5, 0.5) * size_km / (
                    KM * math.cos(math.radians(lat))
                )
                if all(_km(vl, vo, a, b) > 2.5 for a, b in placed):
                    placed.append((vl, vo))
                    base = _name(self.rng)
                    d.villages.append(
                        Village(f"v:{k}.{len(d.villages)}", (base, base[:-1] + "ye"), vl, vo, d.id)
                    )
            out.append(d)
        return out

    def district(self, v: Village) -> District:
        return self.districts[int(v.district.split(":")[1])]

    def places(self) -> list[dict[str, Any]]:
        rows = [
            {
                "id": "r:1",
                "name": "The region",
                "kind": "region",
                "lat": 40.0,
                "lon": 46.5,
                "parent_id": None,
            }
        ]
        for d in self.districts:
            rows.append(
                {
                    "id": d.id,
                    "name": d.name,
                    "kind": "district",
                    "lat": d.lat,
                    "lon": d.lon,
                    "parent_id": "r:1",
                }
            )
            for v in d.villages:
                rows.append(
                    {
                        "id": v.id,
                        "name": v.names[0],
                        "kind": "village",
                        "lat": v.lat,
                        "lon": v.lon,
                        "parent_id": d.id,
                        "names": list(v.names),
                    }
                )
        return rows

    # -- reports -----------------------------------------------------------------------

    def generate(self) -> Generator:
        count = 0
        while count < self.target:
            count += self.incident(self.next_incident)
            self.next_incident += 1
        return self

    def _place(self, v: Village, *, district_share: float = 0.0) -> dict[str, Any]:
        r = self.rng.random()
        if r < district_share:
            d = self.district(v)
            return {
                "place_id": d.id,
                "name": d.name,
                "lat": d.lat,
                "lon": d.lon,
                "kind": "district",
            }
        r = self.rng.random()
        if r < 0.10:
            jit = 1.5 / KM
            return {
                "place_id": None,
                "name": f"near {v.names[0]}",
                "lat": v.lat + self.rng.uniform(-jit, jit),
                "lon": v.lon + self.rng.uniform(-jit, jit),
                "kind": "village",
            }
        if r < 0.14:
            near = min(
                (w for w in self.district(v).villages if w is not v),
                key=lambda w: _km(v.lat, v.lon, w.lat, w.lon),
            )
            if _km(v.lat, v.lon, near.lat, near.lon) < 5:
                v = near
        name = v.names[self.rng.random() < 0.5]
        return {"place_id": v.id, "name": name, "lat": v.lat, "lon": v.lon, "kind": "village"}

    def _date(
        self, day: date, night: bool, published: date
    ) -> tuple[date | None, date | None, str | None]:
        r = self.rng.random()
        if r < 0.03:
            return None, None, None
        if r < 0.08:
            wrong = day + timedelta(days=self.rng.choice([-1, 1]))
            return wrong, wrong, "day"
        if night and self.rng.random() < 0.5:
            return day, day + timedelta(days=1), "span"
        return day, day, "day"

    def incident(self, k: int) -> int:
        rng = self.rng
        v = rng.choice(self.villages)
        day = self.start + timedelta(days=rng.randrange(self.days))
        family = rng.choices(["force", "presence", "territory"], [0.9, 0.06, 0.04])[0]
        ctype = {"force": "ASSAULT", "presence": "DEPLOY", "territory": "SEIZE"}[family]
        night = rng.random() < 0.3
        victim = rng.choice(["armenian", "azerbaijani"])
        other = "azerbaijani" if victim == "armenian" else "armenian"
        vside = rng.choice(CAMPS[victim])
        oside = CAMPS[other][0]
        killed = rng.choice([0, 0, 0, 1, 1, 2, 3])
        wounded = rng.choice([0, 1, 1, 2, 3, 4])
        claims = 0
        sources: set[str] = set()
        denied = observed = refuted = False
        pub = day + timedelta(days=1 if night else rng.choice([0, 1]))
        place_text = f"{v.names[0]} in {self.district(v).name}"

        def claim(
            ctype_: str,
            polarity: str,
            side: str | None,
            speaker: str | None,
            place: dict[str, Any],
            when: tuple,
            figures: list[tuple] = (),
        ) -> dict[str, Any]:  # type: ignore[assignment]
            return {
                "type": ctype_,
                "polarity": polarity,
                "side": side,
                "speaker": speaker,
                "place": place,
                "date": when,
                "figures": list(figures),
                "truth": k,
            }

        if rng.random() < 0.85:
            figs = (
                [("killed", killed, None, None), ("wounded", wounded, None, None)]
                if rng.random() < 0.6 and family == "force"
                else []
            )
            c = claim(
                ctype,
                "assert",
                vside,
                MINISTRIES[vside],
                self._place(v, district_share=0.05),
                self._date(day, night, pub),
                figs,
            )
            self.docs.append(
                Doc(
                    MINISTRIES[vside],
                    vside,
                    pub,
                    self._text(
                        f"The {MINISTRIES[vside]} reports that enemy forces attacked {place_text}.",
                        k,
                    ),
                    claims=[c],
                )
            )
            claims += 1
            sources.add(f"camp:{victim}")
        if rng.random() < 0.35 and family == "force":
            c = claim(
                ctype,
                "deny",
                oside,
                MINISTRIES[oside],
                self._place(v, district_share=0.3),
                self._date(day, night, pub),
            )
            self.docs.append(
                Doc(
                    MINISTRIES[oside],
                    oside,
                    pub,
                    self._text(
                        f"The {MINISTRIES[oside]} denies the reports about {place_text}.", k
                    ),
                    claims=[c],
                )
            )
            claims += 1
            denied = True
        if rng.random() < 0.5:
            agency = rng.choice(WIRES)
            cs = [
                claim(
                    ctype, "assert", vside, "officials", self._place(v), self._date(day, night, pub)
                )
            ]
            sources.add(f"camp:{victim}")
            if denied:
                cs.append(
                    claim(
                        ctype,
                        "deny",
                        oside,
                        "the defence ministry",
                        self._place(v, district_share=0.2),
                        self._date(day, night, pub),
                    )
                )
            if family == "force" and rng.random() < 0.7:
                cs.append(
                    claim(
                        "CASUALTIES",
                        "assert",
                        None,
                        None,
                        self._place(v, district_share=0.5),
                        self._date(day, night, pub),
                        [("wounded", wounded + 1, wounded + 1, None)],
                    )
                )
                sources.add(f"wire:{agency}")
            text = self._text(
                f"{agency}: sides trade blame over an attack on {place_text}; "
                f"at least {wounded + 1} wounded.",
                k,
                length=9,
            )
            self.docs.append(Doc(agency, "media", pub, text, claims=cs))
            claims += len(cs)
            if rng.random() < 0.5:
                for site in rng.sample(SITES, rng.randint(1, 3)):
                    later = pub + timedelta(days=rng.choice([0, 0, 1]))
                    copy_claims = [dict(c) for c in cs]
                    self.docs.append(
                        Doc(site, "media", later, _copy(text, site, rng), claims=copy_claims)
                    )
                    claims += len(copy_claims)
        if rng.random() < 0.25:
            outlet = rng.choice(OUTLETS)
            vague_time = rng.random() < 0.4
            when = (
                (pub - timedelta(days=rng.randint(3, 6)), pub, "span")
                if vague_time
                else self._date(day, night, pub)
            )
            c = claim(ctype, "assert", None, None, self._place(v, district_share=0.3), when)
            self.docs.append(
                Doc(
                    outlet,
                    "media",
                    pub,
                    self._text(
                        f"{outlet} learned of an incident in {place_text} earlier this week.", k
                    ),
                    claims=[c],
                )
            )
            claims += 1
            sources.add(f"outlet:{outlet}")
        if family == "force":
            hour = rng.uniform(21, 27) if night else rng.uniform(8, 19)
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour - 4)
            r = rng.random()
            if r < 0.20:
                self.docs.append(
                    Doc(
                        "OSCE field monitoring team",
                        "osce",
                        pub,
                        self._text("Patrol report.", k),
                        kind="observation",
                        observations=[self._heard(v, moment, k, "observer")],
                    )
                )
                observed = True
            elif r < 0.24:
                self.docs.append(
                    Doc(
                        "OSCE field monitoring team",
                        "osce",
                        pub,
                        self._text("Patrol report, follow-up visit.", k),
                        kind="observation",
                        observations=[self._checked(v, moment, k)],
                    )
                )
                refuted = True
            if not refuted and rng.random() < 0.15:
                obs = [
                    self._heard(v, moment + timedelta(minutes=3 * n), k, "sensor")
                    for n in range(rng.randint(1, 3))
                ]
                self.docs.append(
                    Doc(
                        "Acoustic sensor network",
                        "osce",
                        pub,
                        self._text("Sensor feed.", k),
                        kind="sensor",
                        observations=obs,
                    )
                )
                sources.add("sensor")
        asserting = len(sources)
        if not claims and not observed and not refuted:
            return 0
        status = (
            "verified"
            if observed
            else "refuted"
            if refuted
            else "disputed"
            if denied and asserting
            else "corroborated"
            if asserting >= 2
            else "single-source"
        )
        self.truth[k] = Truth(k, family, status, v.id, day.isoformat())
        if rng.random() < 0.02:
            claims += self._talks(day)
        return claims

    def _talks(self, day: date) -> int:
        """Talks reported by a few outlets: placed at a country, no observer can see them.
        Talks at one venue on one day are one event, however many outlets report them."""
        rng = self.rng
        venue = rng.choice(VENUES)
        k = self.talks.setdefault((venue, day), 10_000_000 + len(self.talks))
        n = rng.randint(1, 3)
        for _ in range(n):
            outlet = rng.choice(OUTLETS)
            c = {
                "type": "CONSULT",
                "polarity": "assert",
                "side": None,
                "speaker": None,
                "place": {
                    "place_id": venue[0],
                    "name": venue[1],
                    "lat": None,
                    "lon": None,
                    "kind": "country",
                },
                "date": (day, day, "day"),
                "figures": [],
                "truth": k,
            }
            self.docs.append(
                Doc(
                    outlet,
                    "media",
                    day,
                    self._text(f"{outlet}: talks in {venue[1]}.", k),
                    claims=[c],
                )
            )
            self.talk_sources.setdefault(k, set()).add(outlet)
        status = "corroborated" if len(self.talk_sources[k]) >= 2 else "single-source"
        self.truth[k] = Truth(k, "talks", status, venue[0], day.isoformat())
        return n

    def _heard(self, v: Village, moment: datetime, k: int, kind: str) -> dict[str, Any]:
        rng = self.rng
        dist = rng.uniform(2, 5)
        bearing = rng.uniform(0, 360)
        lat = v.lat - dist * math.cos(math.radians(bearing)) / KM
        lon = v.lon - dist * math.sin(math.radians(bearing)) / (KM * math.cos(math.radians(v.lat)))
        told = round(bearing / 22.5) * 22.5 % 360
        lo = max(0.5, dist - rng.uniform(0.5, 1.5))
        return {
            "time_start": moment,
            "time_end": moment + timedelta(minutes=rng.randint(1, 40)),
            "lat": lat,
            "lon": lon,
            "place": f"{v.names[0]} outskirts",
            "what": "explosion",
            "mode": "heard",
            "distance": (lo, lo + 2),
            "bearing": told,
            "source_kind": kind,
            "reporter": "FMT-1" if kind == "observer" else "AS-1",
            "truth": k,
        }

    def _checked(self, v: Village, moment: datetime, k: int) -> dict[str, Any]:
        return {
            "time_start": moment - timedelta(hours=1),
            "time_end": moment + timedelta(hours=1),
            "lat": v.lat,
            "lon": v.lon,
            "place": v.names[0],
            "what": "explosion",
            "mode": None,
            "distance": (None, None),
            "bearing": None,
            "source_kind": "observer",
            "reporter": "FMT-1",
            "result": "none_found",
            "truth": k,
        }

    def _text(self, lead: str, k: int, length: int = 5) -> str:
        rng = self.rng
        sentences = [lead]
        for _ in range(length):
            sentences.append(
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14))).capitalize() + "."
            )
        return f"[{self.seed}-{k}-{len(self.docs)}] " + " ".join(sentences)


def _copy(text: str, site: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(rng.randint(1, 4)):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    cut = rng.randint(0, 6)
    body = " ".join(words[: len(words) - cut])
    return f"{site}\n\n{body}\n\nDistributed by a news agency; republished with permission."


def _name(rng: random.Random) -> str:
    syll = [
        "ka",
        "ra",
        "ta",
        "gha",
        "var",
        "shu",
        "mar",
        "tun",
        "ash",
        "ken",
        "dar",
        "kho",
        "zar",
        "bel",
        "lin",
    ]
    return "".join(rng.choice(syll) for _ in range(3)).capitalize() + "d"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dx = (lon2 - lon1) * KM * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lat2 - lat1) * KM, dx)


# -- writing ----------------------------------------------------------------------------------


def write(store_url: str, gen: Generator, *, first_doc: int | None = None) -> dict[str, int]:
    """Store the documents (with claims and observations) through the raw driver."""
    from truce.correlate.bulk import Bulk
    from truce.correlate.wire import fingerprints, head_rows
    from truce.store import Store

    store = Store(store_url)
    now = datetime.now(UTC)
    counts = {"documents": 0, "claims": 0, "observations": 0}
    with store.write("bench corpus") as txn:
        bulk = Bulk(txn.session.connection())
        existing = {r[0] for r in bulk.fetch("SELECT id FROM places")}
        bulk.insert(
            "places",
            ["id", "name", "kind", "lat", "lon", "parent_id", "names"],
            [
                (
                    p["id"],
                    p["name"],
                    p["kind"],
                    p["lat"],
                    p["lon"],
                    p["parent_id"],
                    p.get("names", []),
                )
                for p in gen.places()
                if p["id"] not in existing
            ],
        )
        doc_id = first_doc or bulk.next_id("documents")
        claim_id = bulk.next_id("claims")
        obs_id = bulk.next_id("observations")
        docs, claims, places, figures, observations = [], [], [], [], []
        for doc in gen.docs:
            digest = hashlib.sha256(doc.text.encode()).hexdigest()
            docs.append(
                (
                    doc_id,
                    digest,
                    doc.kind,
                    doc.text[:60],
                    doc.outlet,
                    doc.published,
                    doc.side,
                    doc.text,
                    {},
                    now,
                )
            )
            for seq, c in enumerate(doc.claims):
                start, end, precision = c["date"]
                quote = f"{c['type'].lower()} claim {seq}"
                claims.append(
                    (
                        claim_id,
                        doc_id,
                        seq,
                        seq * 40,
                        seq * 40 + len(quote),
                        quote,
                        c["type"],
                        c["polarity"],
                        c["speaker"],
                        c["side"],
                        start,
                        end,
                        precision,
                        {"truth": c["truth"]},
                    )
                )
                p = c["place"]
                places.append((claim_id, p["place_id"], p["name"], p["lat"], p["lon"], p["kind"]))
                for kind, value, low, high in c["figures"]:
                    figures.append((claim_id, kind, value, low, high))
                claim_id += 1
            for row, o in enumerate(doc.observations, 1):
                h = hashlib.sha256(f"{digest}:{row}".encode()).hexdigest()
                observations.append(
                    (
                        obs_id,
                        doc_id,
                        row,
                        h,
                        o["source_kind"],
                        o["reporter"],
                        o["time_start"],
                        o["time_end"],
                        o["place"],
                        o["lat"],
                        o["lon"],
                        o["what"],
                        "ASSAULT",
                        o["mode"],
                        o["distance"][0],
                        o["distance"][1],
                        o["bearing"],
                        o.get("result", "observed"),
                        {"truth": o["truth"]},
                    )
                )
                obs_id += 1
            doc_id += 1
        bulk.insert(
            "documents",
            [
                "id",
                "content_hash",
                "kind",
                "title",
                "outlet",
                "published",
                "side",
                "text",
                "meta",
                "ingested_at",
            ],
            docs,
        )
        bulk.insert(
            "claims",
            [
                "id",
                "document_id",
                "seq",
                "span_start",
                "span_end",
                "quote",
                "type",
                "polarity",
                "speaker_name",
                "speaker_side",
                "date_start",
                "date_end",
                "date_precision",
                "extra",
            ],
            claims,
        )
        bulk.insert("claim_places", ["claim_id", "place_id", "name", "lat", "lon", "kind"], places)
        bulk.insert("figures", ["claim_id", "kind", "value", "low", "high"], figures)
        bulk.insert(
            "observations",
            [
                "id",
                "document_id",
                "row",
                "content_hash",
                "source_kind",
                "reporter",
                "time_start",
                "time_end",
                "place_name",
                "lat",
                "lon",
                "what",
                "event_type",
                "mode",
                "distance_min_km",
                "distance_max_km",
                "bearing_deg",
                "result",
                "raw",
            ],
            observations,
        )
        # as ingest does (truce.correlate.wire.Fingerprinter): every document fingerprinted
        first_doc = docs[0][0] if docs else 0
        prints = fingerprints([d[7] for d in docs])
        bulk.insert(
            "document_copies",
            ["document_id", "copy_of", "similarity", "size", "sketch"],
            [(first_doc + k, first_doc + k, 1.0, f.size, f.blob()) for k, f in enumerate(prints)],
        )
        heads = head_rows([d[0] for d in docs], [d[5] for d in docs], [f.sketch for f in prints])
        bulk.insert(
            "document_heads",
            ["hash", "document_id", "day"],
            [(h["hash"], h["document_id"], h["day"]) for h in heads],
        )
        for table in ("documents", "claims", "observations", "claim_places", "figures"):
            bulk.sync_sequence(table)
        txn.audit.append(
            "bench.corpus",
            "document",
            None,
            {"documents": len(docs), "claims": len(claims), "observations": len(observations)},
        )
        counts = {"documents": len(docs), "claims": len(claims), "observations": len(observations)}
    store.close()
    return counts


def truth_statuses(gen: Generator) -> dict[int, str]:
    return {t.id: t.status for t in gen.truth.values()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", required=True, help="store URL or SQLite file")
    args = parser.parse_args(argv)
    from truce.settings import resolve_db_url

    gen = Generator(args.claims, args.seed).generate()
    counts = write(resolve_db_url(args.db), gen)
    truth_file = (
        Path(args.db).with_suffix(".truth.json") if "://" not in args.db else Path("truth.json")
    )
    truth_file.write_text(json.dumps(truth_statuses(gen)))
    print(
        json.dumps(
            {
                **counts,
                "incidents": len(gen.truth),
                "days": gen.days,
                "districts": len(gen.districts),
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
