"""Route answers kept by the server process, and the HTTP response that sends one.

A route answer is deterministic: the same applied scenario (a shipped one, or a stored one at a
given version), the same options and the same day give the same JSON. The server keeps the bytes
of recent answers (bounded in bytes, least recently used dropped first) with their gzip form and a
validator (ETag), so that a repeated question costs no route worker and no compression. Responses
say ``Cache-Control: private, no-cache``: a client may keep an answer but must ask again, sending
``If-None-Match``, and gets ``304 Not Modified`` while the answer is unchanged.

The exact query string of a question answered on a shipped scenario (readable by every caller,
never changed while the server runs) is remembered with the day: :class:`RepeatedRoutes` answers
the same query string on the same day before FastAPI parses and validates it again.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from dalan.errors import DalanError
from dalan.network.history import today

#: Answers shorter than this are sent uncompressed (as the app's GZip middleware does).
GZIP_MIN_BYTES = 2048
#: How many query strings of shipped-scenario questions are remembered (least recent dropped).
MAX_QUERIES = 10_000
#: zlib level of the kept gzip form: level 1 for answers under ``GZIP_FAST_BELOW`` bytes (a best
#: route, 12–36 KB: 0.1 ms instead of 0.2 ms of the server's CPU for about 15 % more bytes, ~0.6 KB),
#: level 6 above (K best and Pareto answers, 70–250 KB: level 1 would send ~45 % more); level 9
#: takes 1.0–1.6× the time of 6 for 0.2–3 % fewer bytes.
GZIP_LEVEL = 6
GZIP_FAST_BELOW = 64_000
CACHE_CONTROL = "private, no-cache"


@dataclass(frozen=True)
class Answer:
    """A route answer as sent: the JSON bytes, their gzip form (None when short) and weak ETag."""

    body: bytes
    gzipped: bytes | None
    etag: str

    @classmethod
    def of(cls, body: bytes) -> Answer:
        level = 1 if len(body) < GZIP_FAST_BELOW else GZIP_LEVEL
        gzipped = gzip.compress(body, level, mtime=0) if len(body) >= GZIP_MIN_BYTES else None
        return cls(body, gzipped, f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"')

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")

    def response(self, request_headers: Headers) -> Response:
        """200 with the body (gzip when the client accepts it), or 304 when the client's
        ``If-None-Match`` names this answer."""
        headers = {"etag": self.etag, "cache-control": CACHE_CONTROL, "vary": "Accept-Encoding"}
        if _matches(request_headers.get("if-none-match"), self.etag):
            return Response(status_code=304, headers=headers)
        if self.gzipped is not None and "gzip" in request_headers.get("accept-encoding", ""):
            return Response(self.gzipped, media_type="application/json", headers=headers | {"content-encoding": "gzip"})
        return Response(self.body, media_type="application/json", headers=headers)


def _matches(if_none_match: str | None, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weak comparison, ``*`` matches any)."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


class AnswerCache:
    """Answers by key, at most ``max_bytes`` in all (0: keep nothing); thread-safe."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, Answer] = OrderedDict()
        #: (query string, day) → answer key, for questions on shipped scenarios
        self.queries: OrderedDict[Hashable, Hashable] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def find(self, key: Hashable) -> Answer | None:
        """The kept answer for ``key`` (counted as a hit), or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            return found

    def keep(self, key: Hashable, answer: Answer) -> Answer:
        """``answer``, computed for ``key`` after :meth:`find` missed (counted), kept if it fits."""
        with self._lock:
            self.misses += 1
            if answer.size > self.max_bytes:
                return answer
            if key not in self._entries:
                self._entries[key] = answer
                self._bytes += answer.size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.size
        return answer

    def remember_query(self, query: bytes, day: object, key: Hashable) -> None:
        """Remember that ``query`` (a raw query string) asked on ``day`` is the question ``key``."""
        if self.max_bytes <= 0:
            return
        with self._lock:
            self.queries[query, day] = key
            self.queries.move_to_end((query, day))
            while len(self.queries) > MAX_QUERIES:
                self.queries.popitem(last=False)

    def find_query(self, query: bytes, day: object) -> Answer | None:
        """The kept answer of the question ``query`` asked on ``day``, if remembered and kept."""
        key = self.queries.get((query, day))
        return None if key is None else self.find(key)

    def __len__(self) -> int:
        return len(self._entries)


class RepeatedRoutes:
    """ASGI middleware (inside the access guard): a ``GET`` of ``path`` whose exact query string
    was answered today on a shipped scenario is answered from ``answers`` at once."""

    def __init__(self, app: ASGIApp, answers: AnswerCache, path: str = "/api/route"):
        self.app = app
        self.answers = answers
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == self.path:
            try:
                answer = self.answers.find_query(scope["query_string"], today())
            except DalanError:  # a bad DALAN_TODAY: the app says so
                answer = None
            if answer is not None:
                return await answer.response(Headers(scope=scope))(scope, receive, send)
        await self.app(scope, receive, send)
