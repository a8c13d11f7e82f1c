"""Claims from crafted sentences: type, polarity, speaker and side, places, dates."""

from __future__ import annotations

from datetime import date

import pytest

from truce.extract import extract

PUB = date(2020, 11, 18)  # a Wednesday


def _claims(text: str, pub: date = PUB) -> list[dict]:
    doc = extract(text, published=pub)
    out = []
    for c in doc.claims:
        out.append(
            {
                "type": c.type,
                "polarity": c.polarity,
                "side": c.speaker.side if c.speaker else None,
                "speaker": c.speaker.name if c.speaker else None,
                "places": [p.place_id for p in c.places],
                "date": (c.first, c.last) if c.first else None,
                "figures": [(f.kind, f.value) for f in c.figures],
                "text": doc.text[c.start : c.end],
                "modality": c.modality,
            }
        )
    return out


def test_claims_denial_by_the_other_side() -> None:
    (claim,) = _claims(
        "Armenia's Defence Ministry denied that its forces shelled Tartar on Monday."
    )
    assert claim["type"] == "ASSAULT" and claim["polarity"] == "deny"
    assert claim["side"] == "armenia"
    assert claim["date"] == (date(2020, 11, 16), date(2020, 11, 16))


def test_claims_reported_attack_with_figures_and_two_names_of_a_place() -> None:
    (claim,) = _claims(
        "Azerbaijan's Defense Ministry said Armenian forces fired rockets at Khojavend (Martuni) "
        "overnight, killing two civilians and wounding five."
    )
    # an attack reported with its toll is a casualty report (docs/extraction.md)
    assert claim["type"] == "CASUALTIES" and claim["polarity"] == "assert"
    assert claim["side"] == "azerbaijan"
    assert claim["places"] == ["nk:martuni"]
    assert claim["figures"] == [("killed", 2), ("wounded", 5)]
    assert claim["date"] == (date(2020, 11, 17), date(2020, 11, 17))


def test_claims_speech_acts_and_their_speaker() -> None:
    request, accuse = _claims(
        "The French foreign minister called on both sides to respect the truce. "
        "Baku accuses Yerevan of shelling civilian areas."
    )
    assert request["type"] == "REQUEST" and request["side"] == "france"
    assert accuse["type"] == "ACCUSE" and accuse["side"] == "azerbaijan"


def test_claims_report_called_false_is_denied_by_the_author_not_its_source() -> None:
    (claim,) = _claims(
        "The information disseminated by the Armenian side that Azerbaijani units shelled "
        "Tartar on Monday is false."
    )
    # the Armenian side made the claim that is denied; the denial is the outlet's own
    assert claim["type"] == "ASSAULT" and claim["polarity"] == "deny"
    assert claim["speaker"] is None


def test_claims_the_accused_is_not_the_accuser() -> None:
    accused, accuser = _claims(
        "The Armenian side bears full responsibility for the shelling. "
        "Baku blames Yerevan for the shelling."
    )
    assert accused["type"] == "ACCUSE" and accused["speaker"] is None
    assert accuser["type"] == "ACCUSE" and accuser["side"] == "azerbaijan"


def test_claims_first_person_is_the_speaker_of_an_address_not_of_a_communique() -> None:
    (address,) = _claims(
        "Address by President Ilham Aliyev to the nation\n\n"
        "We liberated Shusha from occupation on Sunday."
    )
    assert address["type"] == "SEIZE" and address["side"] == "azerbaijan"
    (communique,) = _claims(
        "MINISTRY OF DEFENSE OF THE REPUBLIC OF AZERBAIJAN\n\n"
        "We declare that Armenian units shelled Tartar on Monday."
    )
    # a ministry's own communique: its author states it, so there is no speaker
    assert communique["type"] == "ASSAULT" and communique["speaker"] is None


def test_claims_the_village_is_the_village_named_before() -> None:
    first, second = _claims(
        "Azerbaijani forces shelled the village of Taghavard on Monday. "
        "Two residents were killed in the village, the Defense Army said."
    )
    assert first["places"] == ["nk:taghavard"]
    assert second["type"] == "CASUALTIES" and second["places"] == ["nk:taghavard"]
    # a city is not "the village"
    _, other = _claims(
        "Azerbaijani forces shelled Stepanakert on Monday. "
        "Two residents were killed in the village, the Defense Army said."
    )
    assert other["places"] == []


def test_claims_a_participle_after_an_article_reports_nothing() -> None:
    (claim,) = _claims(
        "The first Karabakh war killed an estimated 25,000 people in Nagorno-Karabakh."
    )
    assert claim["type"] == "CASUALTIES" and claim["speaker"] is None


def test_claims_unattributed_statement_has_no_speaker() -> None:
    (claim,) = _claims("Russian peacekeepers deployed along the Lachin corridor on Sunday.")
    assert claim["type"] == "DEPLOY" and claim["speaker"] is None
    assert claim["places"] == ["nk:lachin-corridor"]


def test_claims_quotation_attributed_after_it() -> None:
    claims = _claims(
        "“The enemy shelled our positions near Hadrut. Two soldiers were wounded,” "
        "the Defense Army said in a statement."
    )
    assert [c["type"] for c in claims] == ["ASSAULT", "CASUALTIES"]
    assert all(c["side"] == "artsakh" for c in claims)


def test_claims_two_events_in_one_sentence() -> None:
    claims = _claims(
        "Azerbaijani troops captured the town of Hadrut on October 9, and the Armenian side "
        "agreed to a humanitarian truce the next day."
    )
    assert [c["type"] for c in claims] == ["SEIZE", "AGREE"]


def test_claims_a_denial_echo_takes_the_previous_event() -> None:
    claims = _claims(
        "Baku accused Armenian forces of shelling the town of Tartar, a claim denied by Yerevan."
    )
    assert [(c["type"], c["polarity"], c["side"]) for c in claims] == [
        ("ACCUSE", "assert", "azerbaijan"),
        ("ASSAULT", "deny", "armenia"),
    ]


def test_claims_negated_event_is_denied() -> None:
    (claim,) = _claims("No shots were fired near Shusha during the night, observers said.")
    assert claim["polarity"] == "deny" and claim["type"] == "ASSAULT"


def test_claims_planned_events_are_not_dated_and_marked_planned() -> None:
    (claim,) = _claims("Refugees will return to their homes under UN supervision.")
    assert claim["type"] == "RETURN" and claim["date"] is None
    assert claim["modality"] == "planned"


def test_claims_headline_counts() -> None:
    claims = _claims("Heavy Fighting Reported Near Shusha\n\nThe fighting continued on Tuesday.")
    assert claims[0]["type"] == "ASSAULT" and claims[0]["places"] == ["nk:shushi"]


def test_claims_country_only_as_location_and_only_without_finer_place() -> None:
    (claim,) = _claims("Azerbaijan said Armenian forces shelled towns inside Azerbaijan.")
    assert claim["places"] == ["cc:AZ"]
    (finer,) = _claims("Azerbaijan said Armenian forces shelled Barda, in central Azerbaijan.")
    assert [p for p in finer["places"] if p.startswith("cc:")] == []


def test_claims_opinion_is_no_claim() -> None:
    assert _claims("This is a tragedy for real people and real families.") == []


@pytest.mark.parametrize(
    "text",
    ["", "   ", "1 2 3 4 5", "......", "Shusha Shusha Shusha", "“unclosed quotation"],
)
def test_claims_degenerate_texts(text: str) -> None:
    for claim in _claims(text):
        assert claim["text"]
