"""The server's access, ownership, user and time-limit messages: entries ``web.KEY`` of the one
catalogue (:mod:`dalan.messages`); a hint is the entry ``web.KEY.hint``.
:class:`dalan.web.errors.ApiError.of` builds an error with both languages from a key, so a JSON
error carries ``error``/``hint`` in English and ``error_fa``/``hint_fa`` in Persian.
"""

from __future__ import annotations

from dalan import messages
from dalan.reports.i18n import check_lang


def text(key: str, lang: str = "en", **fields: object) -> str:
    """The message ``web.KEY`` in ``lang`` with ``fields`` filled in (numbers in Persian digits
    in Persian; names are left as they are)."""
    return messages.render(f"web.{key}", check_lang(lang), **fields)


def both(key: str, **fields: object) -> tuple[str, str]:
    """The message ``key`` in English and Persian."""
    return text(key, "en", **fields), text(key, "fa", **fields)


def has(key: str) -> bool:
    return f"web.{key}" in messages.MESSAGES
