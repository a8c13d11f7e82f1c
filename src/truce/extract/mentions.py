"""Places and actors named in the text, from the reference data (gazetteer, actors)."""

from __future__ import annotations

from typing import Any

from truce.extract.doc import Doc
from truce.extract.pipeline import component


def _matching_form(doc: Doc) -> Any:
    """The text's matching form (``textnorm.normalize``), made once for both matchers."""
    if "norm" not in doc.user:
        from truce.reference.textnorm import normalize

        doc.user["norm"] = normalize(doc.text)
    return doc.user["norm"]


@component("places", requires=("sentences",), assigns=("places",))
def places(doc: Doc) -> Doc:
    from truce.reference.gazetteer import Gazetteer

    doc.places = Gazetteer.default().find(doc.text, norm=_matching_form(doc))
    return doc


@component("actors", requires=("sentences",), assigns=("actors",))
def actors(doc: Doc) -> Doc:
    try:
        from truce.reference.actors import ActorIndex
    except ImportError:  # reference data without an actor list: speakers get no side
        doc.actors = []
        return doc
    doc.actors = ActorIndex.default().find(doc.text, norm=_matching_form(doc))
    return doc
