"""The settlements of the hand-curated conflict-zone file (60_conflict_nk.tsv), row by row.

Every row must hang under an existing parent, lie inside the area its parent belongs to,
say how sure its position is, and be found by ``lookup()`` under each of its names; the
names of both sides (Armenian, Azerbaijani, Russian, in Latin and native scripts) must
lead to the same place; and names that are ordinary English words or belong to places
elsewhere must not turn running text into conflict-zone villages.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from truce.reference.gazetteer import Gazetteer, data_dir, parse_file

NK_FILE = data_dir() / "60_conflict_nk.tsv"

#: districts of the former oblast, the seven surrounding districts and Tartar: lat/lon box
CONFLICT_PARENTS = frozenset({
    "nk:karabakh", "nk:stepanakert", "nk:d-askeran", "nk:d-khojaly", "nk:d-martakert",
    "nk:d-martuni", "nk:d-hadrut", "nk:d-shushi", "nk:d-shahumyan", "nk:d-lachin",
    "nk:d-kalbajar", "nk:d-aghdam", "nk:d-fuzuli", "nk:d-jabrayil", "nk:d-qubadli",
    "nk:d-zangilan", "nk:d-tartar",
})
CONFLICT_BOX = (38.8, 40.6, 45.4, 47.6)
#: front-line districts further out (Goranboy, Barda, Aghjabadi, Beylagan, Tovuz)
FRONT_PARENTS = frozenset({"nk:d-goranboy", "nk:d-barda", "nk:d-aghjabadi", "nk:d-beylagan",
                           "nk:d-tovuz"})
FRONT_BOX = (39.5, 41.1, 45.4, 47.8)
AZ_BOX = (38.3, 41.95, 44.7, 50.5)

SETTLEMENTS = ("village", "town", "city")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return parse_file(NK_FILE)


def inside(lat: float, lon: float, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= lat <= box[1] and box[2] <= lon <= box[3]


def test_ids_are_unique_and_namespaced(rows: list[dict]) -> None:
    counts = Counter(r["id"] for r in rows)
    assert [i for i, n in counts.items() if n > 1] == []
    assert all(r["id"].startswith("nk:") for r in rows)


def test_every_parent_exists_and_settlements_hang_under_a_district_or_town(
        gaz: Gazetteer, rows: list[dict]) -> None:
    for r in rows:
        if not r["parent"]:
            continue
        parent = gaz.get(r["parent"])
        assert parent is not None, (r["id"], r["parent"])
        if r["kind"] == "village":
            assert parent.kind in ("district", "city", "town"), (r["id"], parent.id, parent.kind)


def test_settlements_lie_inside_the_area_of_their_district(
        gaz: Gazetteer, rows: list[dict]) -> None:
    checked = 0
    for r in rows:
        if r["kind"] not in SETTLEMENTS or r["country"] != "AZ":
            continue
        parent = gaz.get(r["parent"]).id if r["parent"] else ""
        if parent in CONFLICT_PARENTS:
            box = CONFLICT_BOX
        elif parent in FRONT_PARENTS:
            box = FRONT_BOX
        else:
            box = AZ_BOX
        assert inside(r["lat"], r["lon"], box), (r["id"], parent, r["lat"], r["lon"])
        checked += 1
    assert checked >= 350


def test_every_position_says_how_sure_it_is(rows: list[dict]) -> None:
    """A village row cites its coordinates, a GeoNames row it replaces, or a radius."""
    cited = re.compile(r"°|±\s*\d+\s*km|\d+\.\d+\s*[NE ,]|GeoNames")
    for r in rows:
        if r["kind"] in SETTLEMENTS:
            assert r["source"].startswith("curated"), r["id"]
            assert r["replaces"] or cited.search(r["source"]), (r["id"], r["source"])


def test_coverage_by_district(gaz: Gazetteer, rows: list[dict]) -> None:
    per: Counter[str] = Counter()
    for r in rows:
        if r["kind"] == "village" and r["parent"]:
            per[gaz.get(r["parent"]).id] += 1
    assert sum(per.values()) >= 360
    for district, floor in [("nk:d-askeran", 30), ("nk:d-martuni", 24), ("nk:d-hadrut", 28),
                            ("nk:d-martakert", 17), ("nk:d-shushi", 10), ("nk:d-aghdam", 15),
                            ("nk:d-fuzuli", 40), ("nk:d-jabrayil", 60), ("nk:d-zangilan", 32),
                            ("nk:d-qubadli", 32), ("nk:d-lachin", 16), ("nk:d-kalbajar", 7),
                            ("nk:d-goranboy", 7)]:
        assert per[district] >= floor, (district, per[district])


def test_each_settlement_is_found_by_each_of_its_names(gaz: Gazetteer, rows: list[dict]) -> None:
    for r in rows:
        if r["kind"] not in SETTLEMENTS:
            continue
        place = gaz.get(r["id"])
        assert place is not None and place.id == r["id"]
        for name in [place.name, *(n.text for n in place.names)]:
            found = [p.id for p in gaz.lookup(name)]
            assert place.id in found, (r["id"], name, found[:3])


@pytest.mark.parametrize("pid,names", [
    ("nk:drmbon", ["Drmbon", "Դրմբոն", "Дрмбон", "Heyvalı", "Kheyvali"]),
    ("nk:haterk", ["Haterk", "Հաթերք", "Həsənriz", "Hasanriz"]),
    ("nk:berdashen", ["Berdashen", "Բերդաշեն", "Karakend", "Qarakənd", "Каракенд"]),
    ("nk:nor-maragha", ["Nor Maragha", "Նոր Մարաղա", "Qızıl Kəngərli", "Gizil Kangarli"]),
    ("nk:moshkhmhat", ["Moshkhmhat", "Մոշխմհատ", "Moşxmhat"]),
    ("nk:garnakar", ["Garnakar", "Գառնաքար", "Çormanlı", "Chormanli"]),
    ("nk:charektar", ["Charektar", "Ճարեքտար", "Çərəktar", "Чаректар"]),
    ("nk:hin-shen", ["Hin Shen", "Հին Շեն", "Kiçik Qaladərəsi"]),
    ("nk:haghorti", ["Haghorti", "Հաղորտի", "Kəndxurd", "Kandkhurd"]),
    ("nk:krkzhan", ["Krkzhan", "Կրկժան", "Kərkicahan", "Karkijahan"]),
    ("nk:zardanashen", ["Zardanashen", "Զարդանաշեն", "Zərdanaşen"]),
    ("nk:shukurbeyli", ["Shukurbeyli", "Şükürbəyli", "Shukurbayli"]),
])
def test_names_of_both_sides_lead_to_the_same_village(
        gaz: Gazetteer, pid: str, names: list[str]) -> None:
    for name in names:
        found = gaz.lookup(name)
        assert found and found[0].id == pid, (name, [p.id for p in found[:3]])


def test_replaced_geonames_rows_lead_to_the_curated_rows(gaz: Gazetteer) -> None:
    for old, new in [("gn:584747", "nk:vank-martakert"), ("gn:147736", "nk:krkzhan"),
                     ("gn:148177", "nk:dunyamalilar")]:
        assert gaz.get(old).id == new


@pytest.mark.parametrize("text,expected", [
    ("The Azerbaijani army took Horovlu, Mahmudlu and Jafarabad in the Jabrayil district.",
     ["nk:horovlu", "nk:mahmudlu-jabrayil", "nk:jafarabad-jabrayil"]),
    ("Residents of Drmbon and Haterk left for Stepanakert.", ["nk:drmbon", "nk:haterk"]),
    ("Shelling hit Berdashen and Gishi in the Martuni region.", ["nk:berdashen", "nk:gishi"]),
    ("Ağbənd and Mincivan lie on the Araz.", ["nk:aghband", "nk:mincivan"]),
])
def test_villages_are_found_in_text(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    got = [m.place.id for m in gaz.find(text) if m.place]
    for pid in expected:
        assert pid in got, (pid, got)


@pytest.mark.parametrize("text,surface", [
    ("Decal sales rose in March.", "Decal"),
    ("Tsar Nicholas II abdicated in 1917.", "Tsar"),
    ("Kis and hugs were sent.", "Kis"),
])
def test_ordinary_words_do_not_become_villages(gaz: Gazetteer, text: str, surface: str) -> None:
    for m in gaz.find(text):
        if m.surface == surface:
            assert m.place is None or not m.place.id.startswith("nk:"), (surface, m.place.id)


def test_lookup_only_names_stay_with_their_own_places_in_text(gaz: Gazetteer) -> None:
    """Verishen in Syunik is not pulled to the Shahumyan village of the same Armenian name."""
    got = {m.surface: m.place.id for m in gaz.find("Shelling near Goris and Verishen, Syunik.")
           if m.place}
    assert got.get("Verishen") == "gn:174717"
