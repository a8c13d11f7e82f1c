"""Claim extraction: a pipeline of small components over one :class:`Doc`.

    >>> from truce.extract import extract
    >>> doc = extract("Azerbaijan denied losing any tanks.", published=date(2020, 11, 4))
    >>> doc.claims[0].type, doc.claims[0].polarity
    ('ASSAULT', 'deny')

The default pipeline: normalise -> sentences -> places -> actors -> dates -> figures ->
triggers -> claims (clause cutting, attribution, polarity, places, dates and figures per
claim).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

# importing the component modules registers them
from truce.extract import claims as _claims  # noqa: F401
from truce.extract import dates as _dates  # noqa: F401
from truce.extract import figures as _figures  # noqa: F401
from truce.extract import mentions as _mentions  # noqa: F401
from truce.extract import sentences as _sentences  # noqa: F401
from truce.extract import triggers as _triggers  # noqa: F401
from truce.extract.doc import Claim, Doc
from truce.extract.pipeline import REGISTRY, Pipeline, component

__all__ = ["DEFAULT_PIPELINE", "REGISTRY", "Claim", "Doc", "Pipeline", "component", "extract"]

VERSION = "1"
DEFAULT_PIPELINE = (
    "normalise",
    "sentences",
    "places",
    "actors",
    "dates",
    "figures",
    "triggers",
    "claims",
)


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    return Pipeline(DEFAULT_PIPELINE)


def extract(
    text: str,
    *,
    published: date | None = None,
    meta: dict[str, Any] | None = None,
    pipeline: Pipeline | None = None,
) -> Doc:
    """Run the pipeline over one text; the claims are in ``doc.claims``."""
    doc = Doc(text=text, published=published, meta=dict(meta or {}))
    return (pipeline or default_pipeline())(doc)
