"""Gazetteer behaviour that the claim extractor relies on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truce.reference.gazetteer import Gazetteer, GazetteerError, PlaceMention


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def ids(mentions: list[PlaceMention]) -> list[str]:
    return [m.place.id for m in mentions if m.place]


def near(m: PlaceMention, lat: float, lon: float, km: float = 25.0) -> bool:
    from truce.reference.gazetteer import _haversine

    assert m.place is not None
    return _haversine(m.place.lat, m.place.lon, lat, lon) <= km


# ------------------------------------------------------------------ names and scripts

@pytest.mark.parametrize("name", ["Shushi", "Shusha", "Şuşa", "Шуша", "Շուշի", "Susa", "SHUSHI",
                                  "Shoushi", "shusha"])
def test_all_names_of_shushi_lookup_to_one_place(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name)[0].id == "nk:shushi"


@pytest.mark.parametrize("text", ["Fighting near Shushi.", "Fighting near Shusha.",
                                  "Fighting near Şuşa.", "Бои у Шуши и Шуша.", "Կռիվ Շուշի"])
def test_shushi_found_in_any_script(gaz: Gazetteer, text: str) -> None:
    assert "nk:shushi" in ids(gaz.find(text))


@pytest.mark.parametrize("a,b", [("Stepanakert", "Khankendi"), ("Stepanakert", "Xankəndi"),
                                 ("Martakert", "Aghdara"), ("Lachin", "Berdzor"),
                                 ("Kalbajar", "Karvachar"), ("Khojaly", "Ivanyan"),
                                 ("Aghdam", "Akna"), ("Fuzuli", "Varanda"),
                                 ("Jabrayil", "Jrakan"), ("Zangilan", "Kovsakan"),
                                 ("Turshsu", "Lisagor"), ("Nagorno-Karabakh", "Artsakh"),
                                 ("Nagorno Karabakh", "Dağlıq Qarabağ"),
                                 ("Nagorno-Karabakh", "Нагорный Карабах")])
def test_both_sides_names_are_one_place(gaz: Gazetteer, a: str, b: str) -> None:
    assert gaz.lookup(a)[0].id == gaz.lookup(b)[0].id


def test_lookup_ignores_apostrophes_dashes_and_case(gaz: Gazetteer) -> None:
    assert gaz.lookup("nagorno karabakh")[0].id == gaz.lookup("Nagorno–Karabakh")[0].id
    assert gaz.lookup("Xank'endi")[0].id == "nk:stepanakert"
    assert gaz.lookup("no such place anywhere") == []


def test_display_names_show_both_sides(gaz: Gazetteer) -> None:
    assert gaz.get("nk:shushi").display_names() == "Shushi / Shusha"
    assert gaz.get("nk:martuni").display_names() == "Martuni / Khojavend"
    assert gaz.get("nk:stepanakert").display_names() == "Stepanakert / Khankendi"
    assert gaz.get("cc:FR").display_names() == "France"


def test_replaced_geonames_ids_lead_to_the_curated_row(gaz: Gazetteer) -> None:
    # GeoNames 147105 (Shusha) was absorbed by the curated row, with its names
    p = gaz.get("gn:147105")
    assert p is not None and p.id == "nk:shushi"
    assert "Szusza" in {n.text for n in p.names}


# ------------------------------------------------------------------ conventions

def test_country_is_located_at_its_capital(gaz: Gazetteer) -> None:
    (m,) = gaz.find("Azerbaijan denied it.")
    assert m.place.kind == "country" and near(m, 40.409, 49.867)


def test_region_and_district_points(gaz: Gazetteer) -> None:
    ms = gaz.find("clashes in the south of Martuni district and across Nagorno-Karabakh")
    martuni, nk = ms
    assert martuni.hint == "district" and martuni.place.kind == "district"
    assert near(martuni, 39.795, 47.11, km=5)
    assert near(nk, 39.82, 46.76, km=10)


# ------------------------------------------------------------------ context

def test_martuni_in_karabakh_context(gaz: Gazetteer) -> None:
    ms = gaz.find("Shelling was reported in Martuni and Stepanakert.")
    assert ms[0].place.country == "AZ" and near(ms[0], 39.795, 47.11, km=5)


def test_martuni_in_armenian_context(gaz: Gazetteer) -> None:
    ms = gaz.find("Residents of Martuni, a town near Gavar on Lake Sevan in Armenia's "
                  "Gegharkunik province, protested.")
    assert ms[0].surface == "Martuni"
    assert ms[0].place.country == "AM"
    assert {"AM", "AZ"} <= {c.country for c in ms[0].candidates}


def test_focus_wins_ties_without_context(gaz: Gazetteer) -> None:
    (m,) = gaz.find("Martuni")
    assert m.place.focus


def test_town_preferred_to_its_district_without_hint(gaz: Gazetteer) -> None:
    (m,) = gaz.find("Drones struck Aghdam.")
    assert m.place.kind == "town"
    (m,) = gaz.find("Drones struck the Aghdam district.")
    assert m.place.kind == "district" and m.hint == "district"


def test_parenthesised_alternate_is_one_mention(gaz: Gazetteer) -> None:
    text = "advancing in the Khojavend (Martuni) direction and towards Shushi (Shusha), a town"
    ms = gaz.find(text)
    assert [m.surface for m in ms] == ["Khojavend (Martuni)", "Shushi (Shusha)"]
    assert ms[0].place.id == "nk:martuni" and ms[0].hint == "direction"
    assert ms[1].place.id == "nk:shushi"
    assert all(text[m.start:m.end] == m.surface for m in ms)


def test_parenthesis_of_another_place_is_not_merged(gaz: Gazetteer) -> None:
    ms = gaz.find("Stepanakert (Armenia) and Baku")
    assert [m.surface for m in ms] == ["Stepanakert", "Armenia", "Baku"]


@pytest.mark.parametrize("text,surface", [("Stepanakert's hospital", "Stepanakert"),
                                          ("Shushi’s transfer", "Shushi"),
                                          ("Azerbaijan’s Defense Ministry", "Azerbaijan")])
def test_possessives(gaz: Gazetteer, text: str, surface: str) -> None:
    (m,) = gaz.find(text)
    assert m.surface == surface and m.start == 0


def test_longest_match_wins(gaz: Gazetteer) -> None:
    ms = gaz.find("the former Nagorno-Karabakh Autonomous Oblast and the Lachin corridor")
    assert [m.place.id for m in ms] == ["nk:nkao", "nk:lachin-corridor"]


def test_road_feature_keeps_its_end_towns(gaz: Gazetteer) -> None:
    (m,) = gaz.find("de-mining the Stepanakert-Goris highway")
    assert m.place.kind == "feature"
    assert {p.name for p in gaz.parts_of(m.place)} == {"Stepanakert", "Goris"}


def test_directional_subregion(gaz: Gazetteer) -> None:
    (m,) = gaz.find("the collapse of the defense in the south of Artsakh")
    assert m.surface == "south of Artsakh" and near(m, 39.52, 47.03)


# ------------------------------------------------------------------ precision

@pytest.mark.parametrize("text", [
    "Of course, the police said it was a nice split of the reading.",
    "Police said reading the Bath report was a March opportunity.",
    "Split decisions. Nice try. Mobile phones. Reading is fun. Victoria said so.",
    "Vladimir Putin and Victoria Nuland met Gen. Austin on Monday in May.",
    "The OSCE Minsk Group co-chairs met.",
    "interviewed by the Italian La Republica newspaper; ANN reported",
    "the gulf between them; us and them; turkey dinner",
])
def test_no_false_places_on_common_words_and_names(gaz: Gazetteer, text: str) -> None:
    assert gaz.find(text) == []


def test_acronym_aliases_need_capitals(gaz: Gazetteer) -> None:
    assert ids(gaz.find("U.S. and US officials")) == ["cc:US", "cc:US"]
    assert gaz.find("let us go") == []


def test_conflict_zone_names_match_even_if_common(gaz: Gazetteer) -> None:
    # "Sushi" is a misspelling of Shushi seen in news; conflict-zone names are exempt
    assert ids(gaz.find("the fall of the key stronghold of Sushi")) == ["nk:shushi"]


# ------------------------------------------------------------------ offsets

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
       | st.builds(lambda a, b: a + " Shushi (Shusha) " + b, st.text(max_size=40),
                   st.text(max_size=40)))
def test_offsets_index_the_original_text(text: str) -> None:
    g = Gazetteer.default()
    for m in g.find(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.surface


def test_offsets_with_decomposed_diacritics(gaz: Gazetteer) -> None:
    text = "Near La\u0063\u0327i\u0301n and \u200bS\u0327us\u0327a today"
    ms = gaz.find(text)
    assert [m.place.id for m in ms] == ["nk:lachin", "nk:shushi"]
    for m in ms:
        assert text[m.start:m.end] == m.surface
    assert ms[0].surface == "La\u0063\u0327i\u0301n"


# ------------------------------------------------------------------ user files

USER_TSV = (
    "# a tiny gazetteer for another conflict\n"
    "id\tname\tkind\tlat\tlon\tcountry\tparent\tnames\tflags\n"
    "xx:qwertown\tQwertown\ttown\t10.5\t20.25\tZZ\t\ten:Qwerty Town|fr:Qwertville\tfocus\n"
    "xx:martuni\tMartuni\tvillage\t1.0\t1.0\tZZ\t\t\t\n"
)


def test_user_gazetteer_file_is_loaded(tmp_path: Path) -> None:
    f = tmp_path / "mine.tsv"
    f.write_text(USER_TSV, encoding="utf-8")
    g = Gazetteer.load([f], cache_dir=tmp_path / "cache")
    (m,) = g.find("Shelling of Qwertville and Qwerty Town.")[:1]
    assert m.place.id == "xx:qwertown" and (m.place.lat, m.place.lon) == (10.5, 20.25)
    assert g.lookup("qwertown")[0].id == "xx:qwertown"
    assert g.get("nk:shushi") is not None  # packaged data still there
    only = Gazetteer.load([f], include_default=False, use_cache=False)
    assert len(only) == 2 and only.get("nk:shushi") is None


def test_user_file_via_environment(tmp_path: Path) -> None:
    f = tmp_path / "env.tsv"
    f.write_text(USER_TSV, encoding="utf-8")
    code = ("from truce.reference.gazetteer import Gazetteer;"
            "print([m.place.id for m in Gazetteer.default().find('Qwertville')])")
    env = dict(os.environ, TRUCE_GAZETTEER=str(f), TRUCE_CACHE_DIR=str(tmp_path / "c"))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout
    assert "xx:qwertown" in out


def test_unwritable_cache_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    f = tmp_path / "mine.tsv"
    f.write_text(USER_TSV, encoding="utf-8")
    g = Gazetteer.load([f], include_default=False, cache_dir=blocker / "sub")
    assert g.lookup("Qwertown")


def test_cache_is_reused_and_keyed_by_content(tmp_path: Path) -> None:
    f = tmp_path / "mine.tsv"
    f.write_text(USER_TSV, encoding="utf-8")
    cache = tmp_path / "cache"
    Gazetteer.load([f], include_default=False, cache_dir=cache)
    assert len(list(cache.glob("gazetteer-*.bin"))) == 1
    f.write_text(USER_TSV.replace("Qwertown", "Asdftown"), encoding="utf-8")
    g = Gazetteer.load([f], include_default=False, cache_dir=cache)
    assert g.lookup("Asdftown") and not g.lookup("Qwertown")
    assert len(list(cache.glob("gazetteer-*.bin"))) == 2


@pytest.mark.parametrize("content,problem", [
    ("id\tname\tkind\tlat\n", "missing: lon"),
    ("id\tname\tkind\tlat\tlon\nx:1\tA\ttown\tnorth\t20\n", "line 2: lat/lon must be numbers"),
    ("id\tname\tkind\tlat\tlon\nx:1\tA\tcastle\t1\t2\n", "line 2: kind 'castle'"),
    ("# c\nid\tname\tkind\tlat\tlon\nx:1\tA\ttown\t1\t2\nx:1\tB\ttown\t1\t2\n",
     "line 4: duplicate id 'x:1'"),
    ("id\tname\tkind\tlat\tlon\nx:1\tA\ttown\t100\t2\n", "out of range"),
    ("id\tname\tkind\tlat\tlon\nx:1\tA\ttown\t1\t2\textra\n", "expected 5"),
    ("id\tname\tkind\tlat\tlon\tcolour\n", "unknown column"),
    ("", "no header"),
    ("id\tname\tkind\tlat\tlon\tnames\nx:1\tA\ttown\t1\t2\ten:\n", "line 2: empty name after"),
])
def test_malformed_file_gives_a_clear_error(tmp_path: Path, content: str, problem: str) -> None:
    f = tmp_path / "bad.tsv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError) as e:
        Gazetteer.load([f], include_default=False, use_cache=False)
    assert str(f) in str(e.value) and problem in str(e.value)


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="file not found"):
        Gazetteer.load([tmp_path / "nope.tsv"], use_cache=False)
    f = tmp_path / "bin.tsv"
    f.write_bytes(b"\xff\xfe\x00id")
    with pytest.raises(GazetteerError, match="not UTF-8"):
        Gazetteer.load([f], include_default=False, use_cache=False)


def test_data_files_are_consistent(gaz: Gazetteer) -> None:
    """Every parent and part id of the shipped data resolves to a place."""
    missing = []
    for p in gaz.places():
        for ref in [p.parent, *p.parts]:
            if ref and gaz.get(ref) is None:
                missing.append((p.id, ref))
    assert missing == []


def test_second_load_comes_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm cache must not re-parse or re-compile the data (that is what keeps loading fast)."""
    import truce.reference.gazetteer as gz

    f = tmp_path / "mine.tsv"
    f.write_text(USER_TSV, encoding="utf-8")
    Gazetteer.load([f], include_default=False, cache_dir=tmp_path / "c")

    def boom(*_a: object, **_k: object) -> None:
        raise AssertionError("compiled again despite a warm cache")

    monkeypatch.setattr(gz, "_compile", boom)
    monkeypatch.setattr(gz, "parse_file", boom)
    g = Gazetteer.load([f], include_default=False, cache_dir=tmp_path / "c")
    assert [m.place.id for m in g.find("Qwertville")] == ["xx:qwertown"]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab Z9_'’.-\t\n,ı²", max_size=50), st.integers(0, 50))
def test_prev_word_reads_what_the_word_before_pattern_finds(text: str, pos: int) -> None:
    from truce.reference.gazetteer import _WORD_BEFORE, _prev_word

    pos = min(pos, len(text))
    m = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
    assert _prev_word(text, pos) == (m.group(1) if m else "")
