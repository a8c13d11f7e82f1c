"""copy candidates by day (issue 4): an index on ``document_heads (hash, day, document_id)``.

A boilerplate hash is held by a large share of all documents; counting its holders
around a new document's day read every one of their rows through the primary key. The
index answers both lookups (counts per hash and day, holders per hash in a range of
days) from the index alone.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_document_heads_hash_day", "document_heads", ["hash", "day", "document_id"])


def downgrade() -> None:
    op.drop_index("ix_document_heads_hash_day", table_name="document_heads")
