"""Who may read and change what: the ownership and sharing rules of stored scenarios and jobs.

- A stored scenario belongs to the user who created it. Its owner reads and changes it; with
  ``shared`` set, every user may read it and route on it (and base scenarios on it), but only the
  owner changes, unshares or deletes it (403 for others). A scenario that is neither theirs nor
  shared is, to other users, unknown (404): its name does not show in lists or hints.
- A scenario without owner (stored by the admin, or before users existed) is readable by every
  user and changed only by the admin.
- A job is seen, listed and cancelled only by its owner; others get 404.
- The admin (the server's token, or anyone on a server with neither token nor users) may do
  everything.
"""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.engine import Row

from dalan.web.errors import ApiError
from dalan.web.users import Caller


async def caller(request: Request) -> Caller:
    """FastAPI dependency: the caller identified by :class:`dalan.web.security.AccessGuard`
    (``async``: a plain function would cost every request a hop to a worker thread)."""
    found = getattr(request.state, "caller", None)
    if not isinstance(found, Caller):  # a route outside /api: nothing identified it
        raise ApiError.of(401, "auth_needed", "authorization")
    return found


def can_read_scenario(row: Row, who: Caller) -> bool:
    return who.admin or row.owner is None or row.owner == who.name or bool(row.shared)


def can_write_scenario(row: Row, who: Caller) -> bool:
    return who.admin or (row.owner is not None and row.owner == who.name)


def refuse_write(row: Row) -> ApiError:
    """403: a scenario the caller may read but not change (shared by another user, or the admin's)."""
    if row.owner is None:
        return ApiError.of(403, "scenario_admin", "name", name=row.name)
    return ApiError.of(403, "scenario_shared", "name", name=row.name, owner=row.owner)


def can_see_job(row: Row, who: Caller) -> bool:
    return who.admin or (row.owner is not None and row.owner == who.name)
