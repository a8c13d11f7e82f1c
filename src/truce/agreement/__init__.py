"""Agreements: provisions, deadlines and compliance derived from the evidence.

The public entry points (imported from their modules, so that importing this package
stays cheap):

- ``truce.agreement.validate.read_agreement(path)``: validate a file (``AgreementFileError``
  lists every problem with file, line and field);
- ``truce.agreement.loader.load_file(store, path, actor=...)`` and
  ``load_shipped(store, actor=...)``: store agreements, versioned and audited, idempotent;
- ``truce.agreement.report.status_rows(store, at=...)``: every provision's status at a moment;
  ``deadlines(session, at=..., within=...)``: what falls due;
- ``truce.agreement.linker``: automatic links and analysts' overrides.

The file format, the statuses and their rules are in ``docs/agreements.md``.
"""
