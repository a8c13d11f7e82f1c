"""Actor matching: named actors, institutions and generic phrases resolve to sides."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truce.reference.actors import ActorIndex, ActorMention, ActorsError


@pytest.fixture(scope="module")
def idx() -> ActorIndex:
    return ActorIndex.default()


def one(idx: ActorIndex, text: str) -> ActorMention:
    ms = idx.find(text)
    assert len(ms) == 1, [(m.surface, m.side) for m in ms]
    return ms[0]


# ------------------------------------------------------------------ named actors

@pytest.mark.parametrize("text,actor,side", [
    ("Pashinian said", "am-pashinyan", "armenia"),
    ("Pashinyan said", "am-pashinyan", "armenia"),
    ("Aliev said", "az-aliyev", "azerbaijan"),
    ("Erdoğan said", "tr-erdogan", "turkey"),
    ("Erdogan said", "tr-erdogan", "turkey"),
    ("Harutiunian said", "ak-harutyunyan", "artsakh"),
    ("Armen Sargsyan said", "am-sarkissian", "armenia"),
    ("Lavrov said", "ru-lavrov", "russia"),
    ("Guterres said", "un-guterres", "un"),
    ("the Kremlin said", "ru-kremlin", "russia"),
    ("AzerTac reported", "azertac", "media"),
    ("the ICRC said", "icrc", "icrc"),
    ("the OSCE Minsk Group co-chairs said", "osce-minsk-group", "osce"),
    ("Human Rights Watch said", "hrw", "other"),
])
def test_name_variants(idx: ActorIndex, text: str, actor: str, side: str) -> None:
    m = one(idx, text)
    assert m.actor is not None and m.actor.id == actor and m.side == side


def test_title_and_name_are_one_mention(idx: ActorIndex) -> None:
    text = "Russian President Vladimir Putin held separate calls."
    m = one(idx, text)
    assert m.surface == "Russian President Vladimir Putin" and m.actor.id == "ru-putin"
    assert m.kind == "person" and text[m.start:m.end] == m.surface


@pytest.mark.parametrize("text,actor", [
    ("Russia’s Deputy Foreign Minister Andrei Rudenko cautioned", "ru-rudenko"),
    ("NKR president Arayik Harutyunyan said", "ak-harutyunyan"),
    ("chief of the Armenian General Staff Gen. Onik Gasparyan said", "am-gasparyan"),
    ("Armenian Prime Minister Nikol Pashinian said", "am-pashinyan"),
    ("Kremlin spokesman Dmitry Peskov said", "ru-peskov"),
    ("Azerbaijan’s Ilham Aliyev agreed", "az-aliyev"),
])
def test_roles_before_names(idx: ActorIndex, text: str, actor: str) -> None:
    m = one(idx, text)
    assert m.actor.id == actor and text.startswith(m.surface.split()[0])


def test_surname_after_an_unknown_given_name_is_someone_else(idx: ActorIndex) -> None:
    assert idx.find("Ruben Harutyunyan, a local farmer, said") == []
    assert one(idx, "Earlier, Harutyunyan said").actor.id == "ak-harutyunyan"


def test_role_holder_depends_on_the_date(idx: ActorIndex) -> None:
    before = one(idx, "the Armenian foreign minister", ).actor
    assert before is not None and before.id == "am-ayvazian"  # the holder at the end
    m = idx.find("the Armenian foreign minister", on="2020-10-01")[0]
    assert m.actor.id == "am-mnatsakanyan" and m.side == "armenia"


# ------------------------------------------------------------------ institutions

@pytest.mark.parametrize("text,side,kind", [
    ("Azerbaijan’s Defense Ministry said", "azerbaijan", "body"),
    ("The Ministry of Defense of Armenia said", "armenia", "body"),
    ("Armenia’s Ministry of Foreign Affairs issued", "armenia", "body"),
    ("the Azerbaijani defence ministry said", "azerbaijan", "body"),
    ("the Defense Army of Artsakh denied", "artsakh", "force"),
    ("Nagorno-Karabakh’s Defense Army claimed", "artsakh", "force"),
    ("the ethnic Armenian Defense Army claimed", "artsakh", "force"),
    ("the Armenian General Staff said", "armenia", "body"),
    ("Russian peacekeepers arrived", "russia", "force"),
])
def test_bodies(idx: ActorIndex, text: str, side: str, kind: str) -> None:
    m = one(idx, text)
    assert (m.side, m.kind) == (side, kind)
    assert text[m.start:m.end] == m.surface


def test_institution_gets_a_stable_actor_id(idx: ActorIndex) -> None:
    a = one(idx, "Azerbaijan's Defense Ministry said").actor
    b = one(idx, "the Ministry of Defence of Azerbaijan said").actor
    assert a is not None and a == b and a.id == "azerbaijan/defense-ministry"


# ------------------------------------------------------------------ generic phrases

@pytest.mark.parametrize("text,side,kind", [
    ("the Russian foreign minister said", "russia", "person"),
    ("the Armenian president said", "armenia", "person"),
    ("ethnic Armenian forces claimed", "artsakh", "force"),
    ("Ethnic Armenian forces in Nagorno-Karabakh have reported", "artsakh", "force"),
    ("Armenian forces in Nagorno-Karabakh reported", "artsakh", "force"),
    ("Armenian forces reported", "armenia", "force"),
    ("Karabakh Armenian officials said", "artsakh", "person"),
    ("Armenian separatists said", "artsakh", "nationality"),
    ("the Azerbaijani side said", "azerbaijan", "group"),
    ("The Turkish-Azerbaijani side linked", "azerbaijan", "group"),
    ("Armenians have confirmed", "armenia", "nationality"),
    ("Azeri troops advanced", "azerbaijan", "force"),
    ("as noted by experts", "media", "group"),
    ("Either side also accuses", "other", "group"),
    ("Both sides have reported", "other", "group"),
    ("Baku said", "azerbaijan", "state"),
    ("U.S. officials said", "usa", "person"),
    ("the State Department said", "usa", "body"),
    ("Azerbaijan denied it", "azerbaijan", "state"),
])
def test_generic_phrases(idx: ActorIndex, text: str, side: str, kind: str) -> None:
    m = one(idx, text)
    assert (m.side, m.kind) == (side, kind), m


def test_ethnic_qualifier_is_part_of_the_span(idx: ActorIndex) -> None:
    m = one(idx, "ethnic Armenian forces claimed")
    assert m.surface == "ethnic Armenian forces"


def test_city_name_used_as_adjective_is_not_an_actor(idx: ActorIndex) -> None:
    assert idx.find("the Stepanakert hospital was hit") == []


def test_ordinary_words_are_not_actors(idx: ActorIndex) -> None:
    assert idx.find("the government said the leadership of the region and the people") == []
    assert idx.find("a major offensive, in general, was a trend") == []


@pytest.mark.parametrize("phrase,side", [
    ("Azerbaijan’s Defense Ministry", "azerbaijan"),
    ("the ethnic Armenian Defense Army", "artsakh"),
    ("Lavrov", "russia"),
    ("Either side", "other"),
    ("the Russian foreign minister", "russia"),
    ("local farmers", None),
])
def test_side_of(idx: ActorIndex, phrase: str, side: str | None) -> None:
    assert idx.side_of(phrase) == side


def test_sides_and_blocs_are_data(idx: ActorIndex) -> None:
    sides = idx.sides()
    assert {"armenia", "artsakh", "azerbaijan", "russia", "turkey", "usa", "france", "iran",
            "osce", "un", "icrc", "eu", "media", "other"} <= set(sides)
    assert idx.bloc("artsakh") == idx.bloc("armenia") == "arm"
    assert idx.bloc("azerbaijan") == "azerbaijan"


# ------------------------------------------------------------------ offsets

@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200)
       | st.builds(lambda a, b: a + " Azerbaijan’s Defense Ministry and Pashinian " + b,
                   st.text(max_size=30), st.text(max_size=30)))
def test_offsets_index_the_original_text(text: str) -> None:
    for m in ActorIndex.default().find(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.surface


# ------------------------------------------------------------------ user files

USER_YAML = """
sides:
  - {id: north, name: Northland}
  - {id: south, name: Southland}
nations:
  north: {names: [Northland], adjectives: [Northern], people: [Northerners], capitals: [Nordhavn]}
  south: {names: [Southland], adjectives: [Southlandish]}
actors:
  - {id: n-boss, kind: person, side: north, names: [Ada Quux, Quux],
     roles: [{title: president, of: north}]}
"""


def test_user_actors_file_adds_sides_and_actors(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text(USER_YAML, encoding="utf-8")
    idx = ActorIndex.load([f], cache_dir=tmp_path / "cache")
    assert idx.sides()["north"].name == "Northland"
    assert [(m.surface, m.side) for m in idx.find("Northern troops and the Southlandish side")] \
        == [("Northern troops", "north"), ("the Southlandish side", "south")]
    m = idx.find("the Northern president said")[0]
    assert m.actor is not None and m.actor.id == "n-boss"
    assert idx.side_of("Putin") == "russia"  # packaged data still there
    only = ActorIndex.load([f], include_default=False, use_cache=False)
    assert only.side_of("Putin") is None and only.side_of("Quux") == "north"


@pytest.mark.parametrize("content,problem", [
    ("actors:\n  - {id: x, kind: wizard, side: other, names: [X]}\n", "kind 'wizard'"),
    ("actors:\n  - {id: x, kind: person, side: narnia, names: [X]}\n", "unknown side 'narnia'"),
    ("actors:\n  - {id: x, kind: person, side: other}\n", "'names' must be"),
    ("actors: [{id: x, kind: person, side: other, names: [X]},\n"
     "         {id: x, kind: person, side: other, names: [Y]}]\n", "duplicate actor id 'x'"),
    ("sides: [ {id: a\n", "invalid YAML"),
    ("colours: []\n", "unknown section"),
    ("- just a list\n", "must be a mapping"),
])
def test_malformed_file_gives_a_clear_error(tmp_path: Path, content: str, problem: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(ActorsError) as e:
        ActorIndex.load([f], use_cache=False)
    assert str(f) in str(e.value) and problem in str(e.value)


def test_error_names_the_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("actors:\n  - {id: ok1, kind: person, side: other, names: [A]}\n"
                 "  - {id: bad1, kind: wizard, side: other, names: [B]}\n", encoding="utf-8")
    with pytest.raises(ActorsError, match=r"line 3: actors\[1\]"):
        ActorIndex.load([f], use_cache=False)


def test_packaged_data_is_consistent(idx: ActorIndex) -> None:
    """Every role refers to a declared role id and side; every actor has a known kind."""
    from truce.reference.actors import ACTOR_KINDS

    role_ids = {r[0] for r in idx._roles}
    for a in idx.actors():
        assert a.kind in ACTOR_KINDS
        assert a.side is None or a.side in idx.sides()
        for r in a.roles:
            title, of = r.split("@")
            assert title in role_ids and of in idx.sides(), (a.id, r)
        for org in a.member_of:
            assert idx.get(org) is not None, (a.id, org)
    assert idx.get("ru-popov").member_of == ("osce-minsk-group",)


def test_second_load_comes_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import truce.reference.actors as ac

    f = tmp_path / "mine.yaml"
    f.write_text(USER_YAML, encoding="utf-8")
    ActorIndex.load([f], cache_dir=tmp_path / "c")

    def boom(*_a: object, **_k: object) -> None:
        raise AssertionError("parsed again despite a warm cache")

    monkeypatch.setattr(ac, "parse_file", boom)
    idx = ActorIndex.load([f], cache_dir=tmp_path / "c")
    assert idx.side_of("Quux") == "north"
