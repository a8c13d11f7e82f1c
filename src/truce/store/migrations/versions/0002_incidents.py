"""incidents and correlation (issue 4).

- ``incident_members``: the grouping features of each claim or observation (family, tier,
  time window, point, radius, grid cell, place and district ids, first figure) and its
  grouping state (unit, anchor, cluster), so that new claims join existing incidents
  without recomputing everything; ``incident_id`` may be NULL (a negative observation that
  no claim matches yet);
- ``incidents``: ``merged_into`` (kept when an incident is merged away, so references to
  it still resolve), ``area`` (the district it rolls up to), ``sides``, ``date_precision``
  and ``aggregate`` (a figure summary over a long period or a whole region);
- ``incident_figures``: every source's figure per incident side by side, and the totals;
- ``document_copies``: each document's fingerprint (a sketch of its shingles) and the
  representative of its cluster of near-verbatim copies (wire copies).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MEMBER_COLUMNS = (
    ("item_key", sa.String(length=64)),
    ("document_id", sa.Integer()),
    ("family", sa.String(length=16)),
    ("tier", sa.String(length=1)),
    ("t0", sa.Float()),
    ("t1", sa.Float()),
    ("lat", sa.Float()),
    ("lon", sa.Float()),
    ("radius_km", sa.Float()),
    ("cell", sa.Integer()),
    ("place_id", sa.String(length=64)),
    ("district_id", sa.String(length=64)),
    ("fig_kind", sa.String(length=16)),
    ("fig_value", sa.BigInteger()),
    ("unit", sa.BigInteger()),
    ("anchor", sa.BigInteger()),
    ("cluster", sa.BigInteger()),
)


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("area", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("sides", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("date_precision", sa.String(length=8), nullable=True))
        batch_op.add_column(
            sa.Column("aggregate", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_incidents_merged_into"), ["merged_into"])
        batch_op.create_index(batch_op.f("ix_incidents_area"), ["area"])

    with op.batch_alter_table("incident_members", schema=None) as batch_op:
        batch_op.alter_column("incident_id", existing_type=sa.Integer(), nullable=True)
        for name, type_ in MEMBER_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
        batch_op.add_column(
            sa.Column("area_level", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index(
            "ix_incident_members_window", ["family", "tier", "cell", "t0"], unique=False
        )
        batch_op.create_index(
            "ix_incident_members_district", ["family", "tier", "district_id", "t0"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_incident_members_unit"), ["unit"], unique=False)
        batch_op.create_index(batch_op.f("ix_incident_members_anchor"), ["anchor"], unique=False)

    op.create_table(
        "incident_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("side", sa.String(length=32), nullable=True),
        sa.Column("polarity", sa.String(length=8), nullable=False),
        sa.Column("low", sa.BigInteger(), nullable=True),
        sa.Column("best", sa.BigInteger(), nullable=True),
        sa.Column("high", sa.BigInteger(), nullable=True),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_figures_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_figures")),
    )
    with op.batch_alter_table("incident_figures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_figures_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "document_copies",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("copy_of", sa.Integer(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sketch", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_copies_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_copies")),
    )
    with op.batch_alter_table("document_copies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_copies_copy_of"), ["copy_of"], unique=False)


def downgrade() -> None:
    op.drop_table("document_copies")
    op.drop_table("incident_figures")
    with op.batch_alter_table("incident_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_members_anchor"))
        batch_op.drop_index(batch_op.f("ix_incident_members_unit"))
        batch_op.drop_index("ix_incident_members_district")
        batch_op.drop_index("ix_incident_members_window")
        batch_op.drop_column("area_level")
        for name, _ in reversed(MEMBER_COLUMNS):
            batch_op.drop_column(name)
        batch_op.alter_column("incident_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_area"))
        batch_op.drop_index(batch_op.f("ix_incidents_merged_into"))
        for name in ("aggregate", "date_precision", "sides", "area", "merged_into"):
            batch_op.drop_column(name)
