"""The words an agreement file may use: provision kinds, event types, evidence statuses.

Kept in one place so the validator, the linker and the docs agree. Event types are the
claim guideline's (``shared/eval/GUIDELINE.md``); observation kinds come from the ingest
data file, so a kind added there is accepted here too.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

#: provision kind -> how it is kept: a *standing* obligation holds from its effective
#: time until broken (a ceasefire); a *deliverable* is done once (a handover).
KINDS: dict[str, str] = {
    "ceasefire": "standing",
    "positions_freeze": "standing",
    "corridor": "standing",
    "humanitarian_access": "standing",
    "deployment": "deliverable",
    "withdrawal": "deliverable",
    "handover": "deliverable",
    "return_of_displaced": "deliverable",
    "exchange": "deliverable",
    "transport_links": "deliverable",
    "monitoring_centre": "deliverable",
    "negotiations": "deliverable",
    "other": "deliverable",
}

AGREEMENT_KINDS = (
    "ceasefire",
    "humanitarian_ceasefire",
    "peace_agreement",
    "implementation",
    "other",
)

PARTY_ROLES = ("party", "mediator", "guarantor", "facilitator", "observer", "witness")

EVENT_TYPES = (
    "ASSAULT",
    "SEIZE",
    "CEASEFIRE",
    "AGREE",
    "REJECT",
    "CONSULT",
    "DEPLOY",
    "WITHDRAW",
    "RETURN",
    "AID",
    "ACCUSE",
    "REQUEST",
    "CASUALTIES",
)

#: incident statuses from strongest to weakest; ``refuted`` is never evidence
STATUSES = ("verified", "corroborated", "single-source", "disputed", "refuted")
STRENGTH = {s: len(STATUSES) - i for i, s in enumerate(STATUSES)}
THRESHOLDS = ("verified", "corroborated", "single-source")

#: provision statuses, in the order the status engine decides them
PROVISION_STATUSES = ("violated", "disputed", "met", "overdue", "due soon", "not yet due")

AMENDABLE = ("deadline", "effective", "until", "text")

#: criteria applied when a provision gives none, by kind
DEFAULT_CRITERIA: dict[str, dict[str, list[dict[str, object]]]] = {
    "ceasefire": {"violation": [{"types": ["ASSAULT"]}]},
    "positions_freeze": {"violation": [{"types": ["SEIZE"]}]},
    "corridor": {"violation": [{"types": ["ASSAULT"]}, {"what": ["restriction"]}]},
    "humanitarian_access": {"violation": [{"what": ["restriction"]}]},
    "withdrawal": {"compliance": [{"types": ["WITHDRAW"]}]},
    "handover": {"compliance": [{"types": ["WITHDRAW"]}]},
    "deployment": {"compliance": [{"types": ["DEPLOY"]}]},
    "return_of_displaced": {"compliance": [{"types": ["RETURN"]}]},
    "exchange": {
        "compliance": [{"mentions": ["prisoner", "detainee", "bodies", "remains", "exchange"]}]
    },
    "monitoring_centre": {"compliance": [{"types": ["DEPLOY"], "mentions": ["centre", "center"]}]},
}


@cache
def observation_kinds() -> dict[str, dict[str, str]]:
    """Observation kinds (``what``) with their event type and family, from the ingest data."""
    text = (
        resources.files("truce.ingest")
        .joinpath("data/observation_kinds.yaml")
        .read_text(encoding="utf-8")
    )
    data = yaml.safe_load(text) or {}
    return {str(k): dict(v) for k, v in data.items()}
