"""Readers turn one input file into documents (and observations) or a one-line refusal.

* text (``.txt``, ``.md``, ``.text``): the text as read;
* HTML (``.html``, ``.htm``): main text, title, date, URL and site by trafilatura;
* structured (``.json``, ``.jsonl``, ``.csv``): records with a ``text`` field are
  articles (a feed export); other records are observations (``observations.py``).
  A bad record is refused on its own line; the good ones are kept.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from truce.errors import InputError
from truce.ingest.decode import DecodeError, decode_bytes
from truce.ingest.metadata import Meta, meta_from_mapping
from truce.ingest.observations import ObservationIn, describe_errors
from truce.ingest.textdate import find_header_date

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
STRUCTURED_SUFFIXES = {".json", ".jsonl", ".ndjson", ".csv"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | STRUCTURED_SUFFIXES
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: below this many words an HTML page has no article (navigation, an error page)
MIN_HTML_WORDS = 5


@dataclass(slots=True)
class ObservationRecord:
    """A validated observation and where in its file it came from."""

    where: str
    data: ObservationIn


@dataclass(slots=True)
class ParsedDocument:
    """A document as read, before it is stored."""

    path: Path
    text: str
    media_type: str
    encoding: str
    meta: Meta
    where: str | None = None  # the record of a multi-document file
    observations: list[ObservationRecord] = field(default_factory=list)


@dataclass(slots=True)
class FileResult:
    """Everything one file gave: documents to store and records refused."""

    documents: list[ParsedDocument] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


@dataclass(slots=True)
class ReadOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    day_first: bool = False
    timezone: tzinfo | None = None


def read_file(path: Path, options: ReadOptions) -> FileResult:
    """Read one file; raise InputError when the whole file must be refused."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            str(path),
            f"unsupported file type {suffix or '(none)'!r} "
            f"(expected {', '.join(sorted(SUFFIXES))})",
        )
    text, encoding = _read_text(path, options.max_bytes)
    if suffix in TEXT_SUFFIXES:
        media = "text/markdown" if suffix in {".md", ".markdown"} else "text/plain"
        meta = Meta(title=_first_line_title(text, markdown=media == "text/markdown"))
        return FileResult(
            [ParsedDocument(path, text, media, encoding, _dated(meta, text, options))]
        )
    if suffix in HTML_SUFFIXES:
        return FileResult([_read_html(path, text, encoding, options)])
    return _read_structured(path, text, encoding, suffix, options)


def _read_text(path: Path, max_bytes: int) -> tuple[str, str]:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                str(path), f"file too large ({size / 1e6:.1f} MB, limit {max_bytes / 1e6:.1f} MB)"
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(str(path), "file disappeared before it could be read") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(str(path), f"file too large (limit {max_bytes / 1e6:.1f} MB)")
    try:
        return decode_bytes(data)
    except DecodeError as exc:
        raise InputError(str(path), str(exc)) from None


def _first_line_title(text: str, *, markdown: bool) -> str | None:
    """A short first line reads as a title (``# Title`` in Markdown)."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if markdown and stripped.startswith("#"):
            return stripped.lstrip("#").strip() or None
        if find_header_date(stripped) and len(stripped) < 40:
            continue  # a dateline, not a title
        return stripped if len(stripped) <= 200 else None
    return None


def _dated(meta: Meta, text: str, options: ReadOptions) -> Meta:
    if meta.published is None:
        found = find_header_date(text, day_first=options.day_first)
        if found is not None:
            meta.published, meta.published_from = found, "text"
    return meta


def _read_html(path: Path, html: str, encoding: str, options: ReadOptions) -> ParsedDocument:
    import trafilatura  # imported on first HTML file: it is slow to import

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            extracted = trafilatura.bare_extraction(html, with_metadata=True)
        except Exception as exc:  # trafilatura/lxml raise many types on broken markup
            raise InputError(str(path), f"cannot parse HTML: {exc}") from None
    if extracted is None or len((extracted.text or "").split()) < MIN_HTML_WORDS:
        raise InputError(str(path), "no main text found in the HTML page")
    meta = Meta(
        title=extracted.title or None,
        outlet=extracted.sitename or None,
        url=extracted.url or None,
        language=getattr(extracted, "language", None) or None,
    )
    if extracted.date:
        with contextlib.suppress(InputError):  # an unparseable page date is no date
            meta = meta.over(
                meta_from_mapping({"published": extracted.date}, source="html", path=str(path))
            )
    text = extracted.text
    return ParsedDocument(path, text, "text/html", encoding, _dated(meta, text, options))


def _read_structured(
    path: Path, text: str, encoding: str, suffix: str, options: ReadOptions
) -> FileResult:
    result = FileResult()
    report_meta = Meta()
    observations: list[ObservationRecord] = []
    for where, record in _records(path, text, suffix):
        if isinstance(record, InputError):
            result.errors.append(record)
            continue
        if where == "report":
            report_meta = meta_from_mapping(record, source="file", path=str(path))
            continue
        if "text" in record:
            try:
                result.documents.append(_article_record(path, where, record, encoding, options))
            except InputError as exc:
                result.errors.append(exc)
            continue
        try:
            observations.append(ObservationRecord(where, ObservationIn.model_validate(record)))
        except ValidationError as exc:
            result.errors.append(InputError(str(path), describe_errors(exc), where=where))
    if observations:
        sensor = all(o.data.device and not o.data.reporter for o in observations)
        kind = "sensor" if sensor else "observations"
        meta = report_meta.over(Meta(title=path.stem, kind=kind))
        media = {".csv": "text/csv", ".json": "application/json"}.get(suffix, "application/jsonl")
        result.documents.append(
            ParsedDocument(path, text, media, encoding, meta, observations=observations)
        )
    if not result.documents and not result.errors:
        raise InputError(str(path), "no records found")
    return result


def _article_record(
    path: Path, where: str, record: dict[str, Any], encoding: str, options: ReadOptions
) -> ParsedDocument:
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError(str(path), "'text' must be non-empty text", where=where)
    fields = {k: v for k, v in record.items() if k != "text"}
    meta = meta_from_mapping(fields, source="file", path=f"{path}: {where}")
    return ParsedDocument(
        path, body, "application/json", encoding, _dated(meta, body, options), where=where
    )


def _records(path: Path, text: str, suffix: str) -> Iterator[tuple[str, Any]]:
    """(where, record) pairs; a record that cannot be parsed comes as an InputError."""
    if suffix == ".csv":
        yield from _csv_records(path, text)
    elif suffix == ".json":
        yield from _json_records(path, text)
    else:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            where = f"line {number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield where, InputError(str(path), f"invalid JSON: {exc.msg}", where=where)
                continue
            if not isinstance(record, dict):
                yield where, InputError(str(path), "a line must hold a JSON object", where=where)
                continue
            yield where, record


def _json_records(path: Path, text: str) -> Iterator[tuple[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            str(path), f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    if isinstance(data, dict) and "text" in data:
        records: Any = [data]
    elif isinstance(data, dict):
        if "report" in data:
            if not isinstance(data["report"], dict):
                raise InputError(str(path), "'report' must be a JSON object")
            yield "report", data["report"]
        records = data.get("observations", data.get("records"))
        if records is None:
            raise InputError(str(path), "expected a list of records or an 'observations' list")
    else:
        records = data
    if not isinstance(records, list):
        raise InputError(str(path), "expected a list of records")
    for number, record in enumerate(records, 1):
        where = f"record {number}"
        if not isinstance(record, dict):
            yield where, InputError(str(path), "a record must be a JSON object", where=where)
        else:
            yield where, record


def _csv_records(path: Path, text: str) -> Iterator[tuple[str, Any]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(str(path), "empty CSV file") from None
    except csv.Error as exc:
        raise InputError(str(path), f"malformed CSV header: {exc}") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    if not any(header) or len(set(header)) != len(header):
        raise InputError(str(path), "CSV header must name each column once")
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            where = f"line {reader.line_num}"
            yield where, InputError(str(path), f"malformed CSV: {exc}", where=where)
            continue
        where = f"line {reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield (
                where,
                InputError(
                    str(path), f"has {len(row)} cells, the header has {len(header)}", where=where
                ),
            )
            continue
        yield where, dict(zip(header, row, strict=True))
