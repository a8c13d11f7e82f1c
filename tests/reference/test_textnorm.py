"""The matching form of a text and its map back to the original offsets."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from truce.reference.textnorm import _MATCH, _translate, normalize

# ASCII text, punctuation and runs of separators, and the non-ASCII characters of news:
# curly quotes, dashes, accented Latin letters, Cyrillic and Armenian letters
_PLAIN = "abcXYZ019 .,;'\n\t-()" + "’“”–—éŞşıАаБбՍս"
_MARKS = "\u0327\u0301\u00ad\u200b"  # combining marks and zero-width characters
_texts = st.text(alphabet=_PLAIN, max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_PLAIN + _MARKS, max_size=60))
def test_translate_is_the_table_applied_to_the_whole_text(text: str) -> None:
    assert _translate(text) == text.translate(_MATCH)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_runs_of_spaces_collapse_and_offsets_map_back(text: str) -> None:
    t = text.translate(_MATCH)
    kept = [j for j, c in enumerate(t) if not (c == " " and j and t[j - 1] == " ")]
    nt = normalize(text)
    assert nt.text == "".join(t[j] for j in kept)
    assert [nt.orig(i) for i in range(len(kept))] == kept


def test_a_long_mostly_english_text_with_a_few_foreign_names() -> None:
    text = ("Shelling of Şuşa,  the  town’s  centre. “Сергей” said —  " * 50) + "Ստեփանակերտ"
    t = text.translate(_MATCH)
    nt = normalize(text)
    assert nt.text == re.sub(" {2,}", " ", t)
    for i in range(len(nt.text)):
        assert nt.text[i] == t[nt.orig(i)]
