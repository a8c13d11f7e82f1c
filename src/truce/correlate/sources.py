"""Who stands behind each member of an incident, and which of them are independent.

Each member carries identity tokens; members sharing a token are one source:

* a claim by a party or a state speaks for its *camp* (``camp:armenian``: Armenia and
  the Artsakh authorities are one camp, see ``data/sides.yaml``), however many outlets
  repeat it;
* an outlet's own statement belongs to the outlet (``outlet:tpa``) and to its wire story
  (``wire:12``): the same outlet, or a near-verbatim copy of the same story on another
  site, is the same source;
* another outlet or an expert quoted by name is a source of its own (``media:reuters``);
* observer patrols and sensor networks are sources named by their mission or network.
"""

from __future__ import annotations

import re

from truce.correlate.vocab import Vocab

_NON_WORD = re.compile(r"[^\w]+")


def norm(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def identity(
    *,
    kind: str,
    side: str | None,
    speaker: str | None,
    speaker_side: str | None,
    outlet: str | None,
    wire: int,
    reporter: str | None,
    vocab: Vocab,
) -> tuple[str, str | None, str, str | None, int]:
    """(token, second token, label, camp, reliability rank) of one member.

    ``kind`` is claim, observer or sensor; ``side`` the speaker's side, else the
    document's; ``wire`` the representative of the document's copy cluster. The rank
    orders sources for figures: 0 observer, 1 monitor or sensor network, 2 media,
    3 party."""
    if kind == "observer":
        name = outlet or side or "observers"
        return f"observer:{norm(name)}", None, reporter or name, None, 0
    if kind == "sensor":
        name = outlet or side or "sensors"
        return f"sensor:{norm(name)}", None, name, None, 1
    camp = vocab.camp(side)
    if camp is not None:
        return f"camp:{camp}", None, side or camp, camp, vocab.source_class(side)
    if speaker and speaker_side in vocab.media:
        return f"media:{norm(speaker)}", None, speaker, None, 2
    token = f"outlet:{norm(outlet)}" if outlet else f"doc:{wire}"
    return token, f"wire:{wire}", outlet or f"document {wire}", None, 2
