"""copy candidates by index (issue 4): ``document_heads``.

Each dated document's smallest sketch hashes, one row each, keyed by hash, so that the
documents that may be copies of a new one are found by index lookups. Filled here from
the fingerprints already stored in ``document_copies``.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_heads",
        sa.Column("hash", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_heads_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("hash", "document_id", name=op.f("pk_document_heads")),
    )
    _fill(op.get_bind())


def _fill(conn: sa.engine.Connection) -> None:
    from truce.correlate.wire import head_rows

    last = 0
    while True:
        rows = conn.execute(
            sa.text(
                "SELECT d.id, d.published, k.sketch FROM documents d "
                "JOIN document_copies k ON k.document_id = d.id "
                "WHERE d.id > :last AND d.published IS NOT NULL ORDER BY d.id LIMIT 20000"
            ),
            {"last": last},
        ).all()
        if not rows:
            return
        out = head_rows([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
        if out:
            conn.execute(
                sa.text(
                    "INSERT INTO document_heads (hash, document_id, day) "
                    "VALUES (:hash, :document_id, :day)"
                ),
                out,
            )
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_table("document_heads")
