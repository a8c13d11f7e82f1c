"""The ``truce`` command line: thin commands over the core; errors as one line, no traceback."""

from __future__ import annotations

import os
import sys

import typer

from truce import __version__
from truce.cli import (  # issue 6: reports and exports
    agreement,
    audit,
    claims,
    demo,
    documents,
    export,
    extract,
    incidents,
    ingest,
    report,
)
from truce.cli.common import State, err
from truce.errors import TruceError

app = typer.Typer(
    name="truce",
    help="Ceasefire monitoring and verification: ingest reports, extract claims, "
    "group incidents, track agreements, write situation reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        print(f"truce {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="TRUCE_DB",
        help="Store URL (default: truce.db here; postgresql+psycopg://... for a server).",
    ),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True),
) -> None:
    ctx.obj = State(db=db)


app.command()(ingest.ingest)
app.command()(extract.extract)
app.command()(claims.claims)
app.command()(documents.documents)
app.command()(documents.show)
app.command()(demo.demo)
app.command()(demo.summary)
app.add_typer(audit.app, name="audit")
app.add_typer(agreement.app, name="agreement")
app.add_typer(report.app, name="report")  # issue 6
app.command()(export.export)  # issue 6
incidents.register(app)  # issue 4: incidents, incident, figures


def main() -> None:
    """Entry point: domain errors become one line on stderr and a non-zero exit."""
    try:
        code = app(standalone_mode=False)
    except TruceError as exc:
        err.print(f"error: {exc}", markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted", markup=False)
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, EOFError):
        sys.exit(1)
    except Exception as exc:  # usage errors and real bugs
        from typer._click import ClickException  # typer bundles its own click

        if isinstance(exc, ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if os.environ.get("TRUCE_DEBUG"):
            raise
        err.print(
            f"internal error: {type(exc).__name__}: {exc} (set TRUCE_DEBUG=1 for a traceback)",
            markup=False,
        )
        sys.exit(70)
    sys.exit(code if isinstance(code, int) else 0)
