"""Users of the web API and their API keys.

A key is ``dalan_`` + 43 URL-safe characters: 256 random bits from :mod:`secrets`. It is shown
once, when the user is added; the database keeps only its SHA-256 digest.

Why a plain SHA-256 and not scrypt/PBKDF2 with a salt: slow, salted hashes protect *passwords*,
whose few bits of entropy let a thief of the table try every likely guess. A 256-bit random key
cannot be guessed at any hashing speed (2²⁵⁶ tries), so a slow hash would add nothing but ~50 ms
of CPU to every request (an easy denial of service), and a per-key salt would stop us from finding
the key's row by an indexed lookup of its digest. The digest is unique per key, so the lookup is
``WHERE key_sha256 = digest``, then the digest is compared again with :func:`hmac.compare_digest`.
The server's single token (``dalan serve --token``) stays the admin key; it never enters the table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine, Row

from dalan.errors import DalanError
from dalan.web.db import users as table
from dalan.web.messages import has, text

KEY_PREFIX = "dalan_"
KEY_BYTES = 32
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Caller:
    """Who sends a request: a user by name, or the admin (``name`` None: the server's token, or
    any caller of a server that has neither token nor users)."""

    name: str | None
    admin: bool = False


ADMIN = Caller(None, admin=True)


class UserError(DalanError):
    """A refused user command (bad or taken name, unknown user), in English and Persian."""

    def __init__(self, key: str, **fields: object):
        self.key = key
        self.fields = fields
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        hint = (
            f" ({text(self.key + '.hint', lang, **self.fields)})"
            if has(self.key + ".hint")
            else ""
        )
        return text(self.key, lang, **self.fields) + hint


def new_key() -> str:
    """A fresh API key: the prefix and 256 random bits, URL-safe."""
    return KEY_PREFIX + secrets.token_urlsafe(KEY_BYTES)


def key_digest(key: str) -> str:
    """The hex SHA-256 of ``key``, as stored."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def add_user(engine: Engine, name: str) -> str:
    """Add the user ``name`` (or give a revoked one a new key); returns the key, the only time it
    exists outside the caller."""
    if not NAME_PATTERN.match(name):
        raise UserError("user_name", name=name)
    key = new_key()
    values = {"key_sha256": key_digest(key), "created_at": _now(), "revoked_at": None}
    with engine.begin() as connection:
        row = connection.execute(sa.select(table).where(table.c.name == name)).first()
        if row is not None and row.revoked_at is None:
            raise UserError("user_exists", name=name)
        if row is None:
            connection.execute(table.insert().values(name=name, **values))
        else:
            connection.execute(
                table.update().where(table.c.name == name).values(**values)
            )
    return key


def list_users(engine: Engine) -> list[Row]:
    """Every user (name, created_at, revoked_at), by name; the digests are not returned."""
    with engine.connect() as connection:
        columns = (table.c.name, table.c.created_at, table.c.revoked_at)
        return list(connection.execute(sa.select(*columns).order_by(table.c.name)))


def revoke_user(engine: Engine, name: str) -> None:
    """Revoke ``name``: their key stops working at once; their scenarios and jobs stay theirs."""
    with engine.begin() as connection:
        done = connection.execute(
            table.update()
            .where(table.c.name == name, table.c.revoked_at.is_(None))
            .values(revoked_at=_now())
        ).rowcount
    if not done:
        raise UserError("user_unknown", name=name)


def has_users(engine: Engine) -> bool:
    """Whether any user holds a working key (then every request under /api needs one)."""
    with engine.connect() as connection:
        query = sa.select(table.c.name).where(table.c.revoked_at.is_(None)).limit(1)
        return connection.execute(query).first() is not None


def user_of_key(engine: Engine, key: str) -> str | None:
    """The name of the user whose working key is ``key``, or ``None``."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    digest = key_digest(key)
    with engine.connect() as connection:
        row = connection.execute(
            sa.select(table.c.name, table.c.key_sha256).where(
                table.c.key_sha256 == digest, table.c.revoked_at.is_(None)
            )
        ).first()
    return (
        row.name
        if row is not None and hmac.compare_digest(row.key_sha256, digest)
        else None
    )


def authenticate(engine: Engine, token: str | None, given: str | None) -> Caller | None:
    """The caller presenting ``given`` (the bearer value, or None): the admin for the server's
    ``token``, a user for their key; ``None`` when it matches neither. Without a token and without
    users, anyone is the admin (a local, single-user server)."""
    if (
        given is not None
        and token is not None
        and hmac.compare_digest(given.encode(), token.encode())
    ):
        return ADMIN
    if given is not None:
        name = user_of_key(engine, given)
        if name is not None:
            return Caller(name)
    if token is None and not has_users(engine):
        return ADMIN
    return None
