"""Scenario version history: every saved version of a stored scenario's TOML (for diff and revert).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scenario_versions",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("toml", sa.Text, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.String(64), nullable=True),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    # the scenarios stored before this migration start their history at their current version
    op.execute(
        "INSERT INTO scenario_versions (name, version, toml, saved_at, saved_by, note) "
        "SELECT name, version, toml, updated_at, owner, '' FROM scenarios"
    )


def downgrade() -> None:
    op.drop_table("scenario_versions")
