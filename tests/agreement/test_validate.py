"""Agreement files: valid ones parse; each malformed one gives clear lines and stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.agreement.helpers import BASE, GAZ, MALFORMED, write_base
from truce.agreement.loader import load_file
from truce.agreement.validate import AgreementFileError, parse_agreement, read_agreement
from truce.store import Store
from truce.store.schema import Agreement, AgreementVersion, AuditEntry, EvidenceLink, Provision

#: file -> (line, text the first problem must contain)
EXPECTED: dict[str, tuple[int, str]] = {
    "01_missing_format": (1, "format: required field is missing"),
    "02_wrong_format_version": (1, "format: got 'truce-agreement/9'"),
    "03_missing_id": (1, "id: required field is missing"),
    "04_bad_id": (2, "id: 'Test Accord!' is not a valid id"),
    "05_missing_effective": (1, "effective: required field is missing"),
    "06_impossible_date": (6, "effective: '2021-02-30T00:00': day is out of range"),
    "07_no_time_zone": (4, "signed: '2021-03-01T10:00' has no time zone"),
    "08_unknown_time_zone": (4, "timezone: unknown time zone 'Mars/Olympus_Mons'"),
    "09_offset_contradicts_zone": (6, "offset +05:00 is not the offset of Europe/Moscow"),
    "10_deadline_before_effective": (26, "provisions[1].deadline: deadline is not after"),
    "11_unknown_place_id": (20, "scope.places[0]: unknown place id 't:atlantis'"),
    "12_unknown_place_name": (20, "scope.places[0]: unknown place 'Atlantis'"),
    "13_ambiguous_place_name": (20, "place 'Twin' is ambiguous: write one of t:twin-1"),
    "14_unknown_party": (18, "provisions[0].obligated[1]: unknown party 'west'"),
    "15_duplicate_provision_id": (21, "provisions[1].id: duplicate provision id 'cf'"),
    "16_unknown_kind": (30, "provisions[2].kind: got 'peacekeeping'"),
    "17_misspelt_field": (26, "provisions[1].dedline: unknown field"),
    "18_wrong_type_list": (18, "provisions[0].obligated: input should be a valid list"),
    "19_yaml_syntax": (18, "YAML syntax error"),
    "20_duplicate_key": (18, "duplicate key 'text'"),
    "21_amendment_cycle": (40, "amendments replace each other in a cycle: a1 -> a2 -> a1"),
    "22_amendment_unknown_provision": (39, "changes[0].provision: unknown provision 'handoff'"),
    "23_amendment_from_mismatch": (39, "deadline of handover was 2021-03-10 at that date"),
    "24_amendment_before_signature": (36, "amendment dated before the agreement was signed"),
    "25_amendment_replaces_unknown": (38, "replaces[0]: unknown amendment 'a0'"),
    "26_notice_longer_than_term": (33, "term: notice must be shorter than the term"),
    "27_bad_duration": (33, "term.length: 'one year' is not a duration"),
    "28_unknown_event_type": (23, "types: unknown event type 'SHELLING'"),
    "29_area_two_shapes": (22, "an area needs exactly one of circle, polygon or corridor"),
    "30_not_a_mapping": (1, "an agreement file is a mapping of fields"),
    "31_standing_with_deadline": (19, "a standing obligation (ceasefire) has no deadline"),
    "32_latitude_out_of_range": (23, "less than or equal to 90, got 140"),
    "33_window_deadline_missing": (24, "window uses 'deadline' but the provision has none"),
    "34_signatory_unknown_party": (13, "signatories[0].party: unknown party 'east'"),
    "35_no_sources": (1, "sources: required field is missing"),
    "36_empty_file": (1, "an agreement file is a mapping of fields"),
    "37_bad_url": (41, "sources[0].url: 'not a link' is not an http(s) URL"),
    "38_not_utf8": (17, "not UTF-8 text"),
}


def test_malformed_set_is_complete() -> None:
    files = sorted(p.stem for p in MALFORMED.glob("*.yaml"))
    assert files == sorted(EXPECTED)
    assert len(files) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_gives_one_clear_line_per_problem(name: str) -> None:
    path = MALFORMED / f"{name}.yaml"
    with pytest.raises(AgreementFileError) as info:
        read_agreement(path, gazetteer=GAZ)
    line, text = EXPECTED[name]
    first = str(info.value.problems[0])
    assert first.startswith(f"{path}:{line}: "), first
    assert text in first
    for problem in info.value.problems:
        assert "\n" not in str(problem) and "Traceback" not in str(problem)
    assert "\n" not in str(info.value)


def test_every_malformed_file_stores_nothing(store: Store) -> None:
    for path in sorted(MALFORMED.glob("*.yaml")):
        with pytest.raises(AgreementFileError):
            load_file(store, path, actor="tester", gazetteer=GAZ)
    with store.read() as session:
        for table in (Agreement, AgreementVersion, Provision, EvidenceLink, AuditEntry):
            assert session.scalar(select(func.count()).select_from(table)) == 0, table


def test_base_file_parses_with_moments_in_utc() -> None:
    parsed = parse_agreement(BASE, "accord.yaml", gazetteer=GAZ)
    a = parsed.agreement
    assert a.effective.utc.isoformat() == "2021-03-01T21:00:00+00:00"  # 00:00 Moscow = 21:00 UTC
    assert a.effective.zone == "Europe/Moscow"
    handover = a.provision("handover")
    assert handover is not None and handover.deadline is not None
    assert handover.deadline.precision == "day"
    assert handover.deadline.end_of_day().isoformat() == "2021-03-10T21:00:00+00:00"
    place = handover.scope.places[0]
    assert (place.id, place.name, place.radius_km) == ("t:town-a", "Alphaville", 5)


def test_hash_ignores_comments_and_layout() -> None:
    one = parse_agreement(BASE, "a.yaml", gazetteer=GAZ)
    two = parse_agreement(
        "# a comment\n" + BASE.replace("[north, south]", "[ north,  south ]"),
        "b.yaml",
        gazetteer=GAZ,
    )
    edited = BASE.replace("Both stop firing.", "Both stop.")
    three = parse_agreement(edited, "c.yaml", gazetteer=GAZ)
    assert one.content_hash == two.content_hash != three.content_hash


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    text = BASE.replace("obligated: [north, south]", "obligated: [north, west]").replace(
        "kind: deployment", "kind: peacekeeping"
    )
    with pytest.raises(AgreementFileError) as info:
        read_agreement(write_base(tmp_path, text), gazetteer=GAZ)
    assert len(info.value.problems) == 1  # a format error stops before meaning checks
    text = BASE.replace("obligated: [north, south]", "obligated: [north, west]").replace(
        "places: [t:region]", "places: [Atlantis]"
    )
    with pytest.raises(AgreementFileError) as info:
        read_agreement(write_base(tmp_path, text), gazetteer=GAZ)
    assert [p.line for p in info.value.problems] == [18, 20]
    assert "(and 1 more problems)" in str(info.value)


def test_place_names_resolve_through_the_gazetteer() -> None:
    text = BASE.replace("[t:region]", "[Alpha District]")
    parsed = parse_agreement(text, "a.yaml", gazetteer=GAZ)
    cf = parsed.agreement.provision("cf")
    assert cf is not None and cf.scope.places[0].id == "t:district-a"
