"""Encodings are detected; binary and empty inputs are refused with a reason."""

from __future__ import annotations

import codecs
import os

import pytest

from truce.ingest.decode import DecodeError, decode_bytes

RUSSIAN = "Шуша и Степанакерт: обстрелы продолжались всю ночь, сообщило министерство."
AZERBAIJANI = "Şuşa, Xocavənd və Ağdam istiqamətində döyüşlər davam edir."
FRENCH = "Le cessez-le-feu humanitaire a été rompu quelques heures après son entrée en vigueur."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (AZERBAIJANI.encode("utf-8"), AZERBAIJANI),
        (codecs.BOM_UTF8 + RUSSIAN.encode("utf-8"), RUSSIAN),
        (RUSSIAN.encode("utf-16"), RUSSIAN),  # with BOM
        (FRENCH.encode("utf-16-le"), FRENCH),
        (RUSSIAN.encode("cp1251"), RUSSIAN),
        (FRENCH.encode("latin-1"), FRENCH),
        (FRENCH.encode("cp1252"), FRENCH),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-no-bom", "cp1251", "latin1", "cp1252"],
)
def test_decode_finds_the_encoding(data: bytes, expected: str) -> None:
    text, _encoding = decode_bytes(data)
    assert text == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\t \n", "empty"),
        (codecs.BOM_UTF8, "empty"),
        (os.urandom(4096), "binary"),
        (b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "binary"),
        (b"\x00\x01\x02\x03" * 500, "binary"),
    ],
    ids=["empty", "whitespace", "bom-only", "random", "png", "zeros"],
)
def test_decode_refuses_non_text(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert reason in str(info.value)
