"""Users with API keys (stored as hashes); scenario owner and read-only sharing.

Revision ID: 0003
Revises: 0002
Create Date: 2026-03-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("key_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_users_key_sha256", "users", ["key_sha256"], unique=True)
    with op.batch_alter_table("scenarios") as batch:
        batch.add_column(sa.Column("owner", sa.String(64), nullable=True))
        batch.add_column(
            sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false())
        )
    op.create_index("ix_scenarios_owner", "scenarios", ["owner"])


def downgrade() -> None:
    op.drop_index("ix_scenarios_owner", table_name="scenarios")
    with op.batch_alter_table("scenarios") as batch:
        batch.drop_column("shared")
        batch.drop_column("owner")
    op.drop_index("ix_users_key_sha256", table_name="users")
    op.drop_table("users")
