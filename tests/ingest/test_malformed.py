"""200 malformed inputs mixed with valid ones: one clear line each, every valid one stored."""

from __future__ import annotations

import codecs
import json
import os
import random
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

import truce.cli.ingest as cli_ingest
from tests.ingest.helpers import article, observation_rows, write_csv, write_jsonl
from truce.cli import main
from truce.ingest.sources import iter_inputs
from truce.store import Store
from truce.store.audit import verify
from truce.store.schema import Document, Observation

HTML_OK = (
    "<html><head><title>Report {n}</title></head><body><article><h1>Report {n}</h1>"
    "<p>{body}</p></article><footer>Copyright</footer></body></html>"
)


def build_corpus(root: Path) -> tuple[list[str], dict[str, int], set[str]]:
    """Write the inputs; return (bad file names, good obs rows per file, good doc names)."""
    rng = random.Random(7)
    bad: list[str] = []
    good_docs: set[str] = set()
    good_rows: dict[str, int] = {}

    def put(name: str, data: bytes | str, *, is_bad: bool) -> Path:
        path = root / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        (bad.append if is_bad else good_docs.add)(name)
        return path

    for i in range(40):  # random bytes under text-like names
        suffix = [".txt", ".md", ".html", ".json", ".csv"][i % 5]
        put(f"random{i:02d}{suffix}", rng.randbytes(rng.randint(200, 5000)), is_bad=True)
    for i in range(30):  # HTML cut off before any body text
        page = HTML_OK.format(n=i, body=article(i))
        put(
            f"truncated{i:02d}.html", page[: page.index("<body>") - rng.randint(0, 20)], is_bad=True
        )
    for i in range(30):  # broken JSON documents
        text = json.dumps({"observations": observation_rows(i)})
        put(f"broken{i:02d}.json", text[: rng.randint(5, len(text) - 5)], is_bad=True)
    for i in range(25):  # CSV with one bad row among good ones: the row is refused, not the file
        rows = observation_rows(100 + i, count=4)
        rows[2]["time"] = ["tomorrow", "2020-13-45", "", "noon"][i % 4]
        if i % 4 == 2:
            rows[2]["place"] = ""  # neither time nor place problem alone... both missing
        name = f"rows{i:02d}.csv"
        write_csv(root / name, rows)
        bad.append(f"{name}: line 4")
        good_rows[name] = 3
    for i in range(20):  # JSONL with one line that is not JSON
        rows = observation_rows(200 + i, count=3)
        path = root / f"lines{i:02d}.jsonl"
        write_jsonl(path, rows)
        with path.open("a") as handle:
            handle.write("{'not': json,\n")
        bad.append(f"{path.name}: line 4")
        good_rows[path.name] = 3
    for i in range(10):  # a UTF-8 BOM followed by bytes that are not UTF-8
        put(
            f"badbom{i:02d}.txt",
            codecs.BOM_UTF8 + b"caf\xe9 \xff\xfe" + rng.randbytes(50),
            is_bad=True,
        )
    for i in range(10):  # a UTF-16 BOM followed by an odd number of bytes / lone surrogates
        put(f"badutf16_{i:02d}.txt", codecs.BOM_UTF16_LE + b"\x00\xd8a" * (i + 1), is_bad=True)
    for i in range(20):  # empty and whitespace-only files
        put(f"empty{i:02d}.txt", b"" if i % 2 else b"  \n\t\n", is_bad=True)
    for i, name in enumerate(["a.pdf", "b.docx", "c.xlsx", "d.png", "e"]):  # unsupported types
        put(name, f"content {i}", is_bad=True)
    big = root / "huge.txt"  # 50 MB: refused by size without being read
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    bad.append("huge.txt")
    put("vanishing.txt", article(999), is_bad=True)  # deleted after listing, before reading
    put("number.json", "42", is_bad=True)
    for i in range(5):  # JSON objects that are neither a report nor an article
        put(f"object{i}.json", json.dumps({"foo": i, "bar": [1, 2]}), is_bad=True)
    put("nulls.csv", "time,what\n" + "\x00" * 50, is_bad=True)
    put("header_only.csv", "time,place,what\n", is_bad=True)

    for i in range(60):  # valid inputs of every kind
        put(f"good{i:02d}.txt", article(i, words=80 + i), is_bad=False)
    for i in range(10):
        put(f"page{i:02d}.html", HTML_OK.format(n=i, body=article(300 + i)), is_bad=False)
    for i in range(8):
        write_jsonl(root / f"feed{i:02d}.jsonl", observation_rows(400 + i, count=2))
        good_rows[f"feed{i:02d}.jsonl"] = 2
    (root / "windows1251.txt").write_bytes(
        "Министерство обороны сообщило об обстреле Шуши.".encode("cp1251")
    )
    good_docs.add("windows1251.txt")
    return bad, good_rows, good_docs


@pytest.mark.slow
def test_ingest_200_malformed_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "inputs"
    root.mkdir()
    bad, good_rows, good_docs = build_corpus(root)
    assert len(bad) == 200

    def listing_then_vanish(paths, exclude=frozenset()):  # type: ignore[no-untyped-def]
        items = list(iter_inputs(paths, exclude=exclude))
        os.remove(root / "vanishing.txt")
        return items

    monkeypatch.setattr(cli_ingest, "iter_inputs", listing_then_vanish)
    db = tmp_path / "store.db"
    monkeypatch.setattr(sys, "argv", ["truce", "--db", f"sqlite:///{db}", "ingest", str(root)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    captured = capsys.readouterr()
    assert exit_info.value.code == 1
    assert "Traceback" not in captured.err + captured.out
    error_lines = [line for line in captured.err.splitlines() if line.startswith("error: ")]
    assert len(error_lines) == 200, "\n".join(error_lines)
    for name in bad:  # exactly one line names each bad input (file, or file and row)
        hits = [line for line in error_lines if f"/{name}:" in line]
        assert len(hits) == 1, (name, hits)
    assert all(len(line) < 400 for line in error_lines)
    assert "file disappeared" in next(line for line in error_lines if "vanishing.txt" in line)
    assert "too large" in next(line for line in error_lines if "huge.txt" in line)

    store = Store(f"sqlite:///{db}")
    with store.read() as session:
        names = set(session.scalars(select(Document.source_name)).all())
        rows = dict(
            session.execute(
                select(Document.source_name, func.count(Observation.id))
                .join(Observation, Observation.document_id == Document.id)
                .group_by(Document.source_name)
            ).all()
        )
        assert verify(session).ok
    assert good_docs <= names
    assert rows == good_rows
    assert not {n for n in names} & {b for b in bad if ":" not in b}
