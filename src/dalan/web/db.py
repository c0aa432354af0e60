"""The web app's database: SQLite (WAL) by default, PostgreSQL by URL; schema by Alembic.

Tables are SQLAlchemy Core (``scenarios``: user scenarios as TOML text with owner and sharing;
``scenario_versions``: every saved version of each, for history, diff and revert;
``jobs``: the queue of background jobs with status, progress, result, owner and the heartbeat of
the server running it; ``users``: names and the SHA-256 of their API keys). :func:`open_database` creates the engine, applies every
migration (``alembic upgrade head``, scripts shipped in ``dalan/web/migrations``) and returns it.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

metadata = sa.MetaData()

scenarios = sa.Table(
    "scenarios",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("toml", sa.Text, nullable=False),
    sa.Column("title_en", sa.Text, nullable=False),
    sa.Column("title_fa", sa.Text, nullable=False),
    sa.Column("base", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    # 0003: owner (None: the server's admin) and read-only sharing
    sa.Column("owner", sa.String(64), nullable=True, index=True),
    sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()),
)

#: 0004: every saved version of a stored scenario (``note``: what the page's editor changed)
scenario_versions = sa.Table(
    "scenario_versions",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("toml", sa.Text, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("saved_by", sa.String(64), nullable=True),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("params", sa.JSON, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("progress", sa.Float, nullable=False),
    sa.Column("result", sa.JSON, nullable=True),
    sa.Column("error", sa.JSON, nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    # 0002: the queue in worker processes
    sa.Column("owner", sa.String(64), nullable=True, index=True),
    sa.Column("worker", sa.String(128), nullable=True),
    sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("cancel_requested", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("ix_jobs_status_created", "status", "created_at"),
)


users = sa.Table(
    "users",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("key_sha256", sa.String(64), nullable=False, unique=True, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
)


def default_url() -> str:
    """``sqlite:///…/dalan.sqlite3`` in the user's data directory (created when missing)."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("dalan", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'dalan.sqlite3'}"


def _sqlite_pragmas(connection, _record) -> None:
    """WAL for concurrent readers; FULL sync so a committed write survives a crash."""
    cursor = connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=10000", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite connections get WAL and durable-commit pragmas."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied (``alembic upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("dalan.web") / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(url: str | None = None) -> Engine:
    """The engine of ``url`` (default: :func:`default_url`), migrated to the latest schema."""
    engine = create_db_engine(url or default_url())
    upgrade(engine)
    return engine
