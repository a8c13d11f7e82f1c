"""The exceptions truce raises, converted to one-line messages only at the edges.

    TruceError                 base: every message is one line, fit for a user
    ├── InputError             a file or row cannot be read (names the file and row)
    ├── StoreError             the database cannot be opened, migrated or written
    ├── AuditError             the audit chain does not verify
    └── DataError              a reference data file (gazetteer, actors, lexicon,
                               agreement) is malformed; names the file and line

The CLI prints ``str(exc)`` and exits non-zero; it never shows a traceback for these.
"""

from __future__ import annotations

__all__ = ["AuditError", "DataError", "InputError", "StoreError", "TruceError"]


class TruceError(Exception):
    """Base class: the message is a complete, single-line explanation."""


class InputError(TruceError):
    """An input file (or one row of it) was rejected."""

    def __init__(self, path: str, reason: str, *, where: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.where = where  # "line 7", "record 3": the part of the file at fault
        super().__init__(f"{path}: {where}: {reason}" if where else f"{path}: {reason}")


class StoreError(TruceError):
    """The store cannot be opened, migrated or written."""


class AuditError(TruceError):
    """The audit chain does not verify."""


class DataError(TruceError):
    """A reference data file is malformed."""
