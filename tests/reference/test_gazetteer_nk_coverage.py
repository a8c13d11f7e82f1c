"""Coverage of the hand-curated conflict-zone file (60_conflict_nk.tsv).

Checks that a sample of the villages and features added from published coordinates
resolve, under the names of both sides and in several scripts, to the right point,
and that the file is internally consistent (parents exist, villages lie near the
centre of their district).
"""

from __future__ import annotations

import math

import pytest

from truce.reference.gazetteer import Gazetteer, data_dir, parse_file

NK_FILE = data_dir() / "60_conflict_nk.tsv"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return parse_file(NK_FILE)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.radians
    a = (math.sin(p(lat2 - lat1) / 2) ** 2
         + math.cos(p(lat1)) * math.cos(p(lat2)) * math.sin(p(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(a))


# name -> (expected id, published latitude, longitude): every name must lead to a point
# within 3 km of the published coordinates
SAMPLE = [
    ("Mets Taghlar", "nk:mets-taghlar", 39.6183, 46.9547),
    ("Böyük Tağlar", "nk:mets-taghlar", 39.6183, 46.9547),
    ("Taghaser", "nk:taghaser", 39.5189, 47.0117),
    ("Tsakuri", "nk:tsakuri", 39.5697, 46.9836),
    ("Hünərli", "nk:tsakuri", 39.5697, 46.9836),
    ("Hin Tagher", "nk:hin-tagher", 39.5075, 46.8236),
    ("Köhnə Tağlar", "nk:hin-tagher", 39.5075, 46.8236),
    ("Khtsaberd", "nk:khtsaberd", 39.5458, 46.7708),
    ("Çaylaqqala", "nk:khtsaberd", 39.5458, 46.7708),
    ("Хцаберд", "nk:khtsaberd", 39.5458, 46.7708),
    ("Խծաբերդ", "nk:khtsaberd", 39.5458, 46.7708),
    ("Arakel", "nk:arakel", 39.4378, 46.9975),
    ("Arakül", "nk:arakel", 39.4378, 46.9975),
    ("Khramort", "nk:khramort", 40.0053, 46.8172),
    ("Pirlər", "nk:khramort", 40.0053, 46.8172),
    ("Parukh", "nk:parukh", 40.0164, 46.8011),
    ("Farrukh", "nk:parukh", 40.0164, 46.8011),
    ("Shosh", "nk:shosh", 39.7700, 46.7847),
    ("Şuşakənd", "nk:shosh", 39.7700, 46.7847),
    ("Shushikend", "nk:shosh", 39.7700, 46.7847),
    ("Machkalashen", "nk:machkalashen", 39.6939, 47.0289),
    ("Herher", "nk:herher", 39.7031, 46.9636),
    ("Qarqar", "nk:herher", 39.7031, 46.9636),
    ("Jojug Marjanli", "nk:jojug-marjanli", 39.3911, 47.2981),
    ("Cocuq Mərcanlı", "nk:jojug-marjanli", 39.3911, 47.2981),
    ("Lele Tepe", "nk:lele-tepe", 39.4085, 47.2687),
    ("Lələtəpə", "nk:lele-tepe", 39.4085, 47.2687),
    ("Sus", "nk:sus", 39.6269, 46.5128),
    ("Zabukh", "nk:zabukh", 39.5897, 46.5433),
    ("Aghavno", "nk:zabukh", 39.5897, 46.5433),
    ("Böyük Qaladərəsi", "nk:mets-shen-shushi", 39.6583, 46.6019),
    ("Alkhanli", "nk:alkhanli", 39.5983, 47.3750),
    ("Alxanlı", "nk:alkhanli", 39.5983, 47.3750),
    ("Tap Qaraqoyunlu", "nk:tap-qaraqoyunlu", 40.4283, 46.7706),
    ("Getashen", "nk:getashen", 40.4660, 46.3800),
    ("Levonarkh", "nk:levonarkh", 40.3167, 46.8083),
    ("Kolatak", "nk:kolatak", 40.0031, 46.6000),
    ("Kichan", "nk:kichan", 40.0625, 46.6733),
    ("Xanlıq", "nk:khanlig", 39.2675, 46.7286),
    ("Ishkhanadzor", "nk:khanlig", 39.2675, 46.7286),
    ("Tsitsernavank", "nk:tsitsernavank", 39.6443, 46.4077),
    ("Amaras", "nk:amaras", 39.6839, 47.0569),
    ("Horadiz", "nk:horadiz", 39.4502, 47.3350),
    ("Leninavan", "nk:shikharkh", 40.3312, 46.8857),
]


@pytest.mark.parametrize("name,pid,lat,lon", SAMPLE)
def test_sample_names_lookup_to_the_published_point(
        gaz: Gazetteer, name: str, pid: str, lat: float, lon: float) -> None:
    found = gaz.lookup(name)
    assert found, name
    p = found[0]
    assert p.id == pid
    assert km(p.lat, p.lon, lat, lon) <= 3.0
    assert p.focus


@pytest.mark.parametrize("text,expected", [
    ("Shelling hit Jojug Marjanli, Lele Tepe and Horadiz.",
     ["nk:jojug-marjanli", "nk:lele-tepe", "nk:horadiz"]),
    ("Clashes continued around Khtsaberd and Hin Tagher.", ["nk:khtsaberd", "nk:hin-tagher"]),
    ("Troops entered Parukh (Farrukh) near Khramort.", ["nk:parukh", "nk:khramort"]),
    ("The new route bypasses Aghavno and Sus.", ["nk:zabukh", "nk:sus"]),
    ("Обстрел Хцаберда не подтвердился; Мец Таглар.", ["nk:mets-taghlar"]),
    ("Water was cut along the Tartar river and the Hakari river.",
     ["nk:tartar-river", "nk:hakari"]),
])
def test_new_places_are_found_in_text(gaz: Gazetteer, text: str, expected: list[str]) -> None:
    got = [m.place.id for m in gaz.find(text) if m.place]
    for pid in expected:
        assert pid in got, (pid, got)


def test_replaced_geonames_rows_lead_to_curated_rows(gaz: Gazetteer) -> None:
    for old, new in [("gn:148003", "nk:horadiz"), ("gn:828645", "nk:shikharkh"),
                     ("gn:147504", "nk:mincivan"), ("gn:585736", "nk:guzanli"),
                     ("gn:147969", "nk:istisu")]:
        p = gaz.get(old)
        assert p is not None and p.id == new


def test_every_row_has_an_existing_parent_and_the_focus_flag(
        gaz: Gazetteer, rows: list[dict]) -> None:
    for r in rows:
        assert "focus" in r["flags"], r["id"]
        if r["kind"] in ("village", "town", "feature") and r["id"] != "nk:arm-aze-border":
            assert r["parent"], r["id"]
        if r["parent"]:
            assert gaz.get(r["parent"]) is not None, (r["id"], r["parent"])
        assert r["source"].startswith("curated"), r["id"]


def test_settlements_lie_near_their_district_centre(gaz: Gazetteer, rows: list[dict]) -> None:
    checked = 0
    for r in rows:
        if r["kind"] not in ("village", "town"):
            continue
        parent = gaz.get(r["parent"])
        assert parent is not None
        if parent.kind != "district":
            continue
        d = km(r["lat"], r["lon"], parent.lat, parent.lon)
        assert d <= 40.0, (r["id"], parent.id, round(d, 1))
        checked += 1
    assert checked >= 60


def test_coverage_of_the_curated_file(rows: list[dict]) -> None:
    by_kind: dict[str, int] = {}
    for r in rows:
        by_kind[r["kind"]] = by_kind.get(r["kind"], 0) + 1
    assert len(rows) >= 135
    assert by_kind["village"] >= 60
    assert by_kind["feature"] >= 20
