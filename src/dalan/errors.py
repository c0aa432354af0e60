"""The dalan exception tree.

Every error a user can cause is a :class:`DalanError` whose message names what was wrong, where,
and what to do about it. The CLI prints ``str(error)``; the web API turns it into a 4xx body.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from dalan.messages import MESSAGES, Text, both, localize, render
from dalan.messages import text as message_text


class DalanError(Exception):
    """Base class of every error dalan raises on purpose.

    Raised with a message id of :mod:`dalan.messages` and its parameters, an error can be shown in
    every language (:meth:`message`); raised with a plain text, it is shown as written.
    """

    message_id: str = ""
    params: Mapping[str, object] = {}

    def __init__(self, *args: object, message_id: str = "", params: Mapping[str, object] | None = None):
        self.message_id = message_id
        self.params = dict(params or {})
        if message_id and not args:
            args = (render(message_id, "en", **self.params),)
        super().__init__(*args)

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` (English text for errors raised without a message id)."""
        return render(self.message_id, lang, **self.params) if self.message_id else str(self)


#: A word or a number standing alone in a record label ("edit 2 (line 8)"; not the digits of an id).
_RECORD_WORD = re.compile(r"\b(?:[a-z]+|\d+)\b")


def _record_word(word: str, lang: str) -> str:
    """A record label's word in ``lang``: its ``record.WORD`` entry, a number in ``lang``'s digits."""
    if word.isdigit():
        return str(localize(int(word), lang))
    return message_text(f"record.{word}", lang) if f"record.{word}" in MESSAGES else word


@dataclass(frozen=True)
class Said:
    """A problem's message and hint as catalogue ids (``problem.ID``, ``hint.ID``) and their
    parameters, for code that finds a problem before it knows the record (value converters)."""

    message_id: str
    hint_id: str = ""
    params: Mapping[str, object] = dataclass_field(default_factory=dict)

    @classmethod
    def of(cls, message_id: str, hint_id: str = "", **params: object) -> Said:
        return cls(message_id, hint_id, params)

    def problem(self, record: str, field_name: str, value: object, file: str = "") -> Problem:
        """The problem of ``record``'s ``field_name`` holding ``value``."""
        return Problem.of(record, field_name, value, self.message_id, self.hint_id, file, **self.params)

    @property
    def message(self) -> str:
        return render(f"problem.{self.message_id}", "en", **self.params)


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: which file, record, field and value, and a hint."""

    record: str
    field: str
    value: object
    message: str
    hint: str = ""
    #: The file, or a name in every language for input that is not a file (an upload)
    file: str | Text = ""
    #: Catalogue ids (``problem.*``, ``hint.*``) and their parameters, for other languages.
    message_id: str = ""
    hint_id: str = ""
    params: Mapping[str, object] = dataclass_field(default_factory=dict)

    @classmethod
    def of(cls, record: str, field_name: str, value: object, message_id: str, hint_id: str = "", file: str = "", **params: object) -> Problem:
        """A problem whose message and hint come from the catalogue."""
        message = render(f"problem.{message_id}", "en", **params)
        hint = render(f"hint.{hint_id}", "en", **params) if hint_id else ""
        return cls(record, field_name, value, message, hint, file, message_id, hint_id, params)

    def text(self, lang: str = "en") -> str:
        """The problem in ``lang`` (the English text when it has no catalogue id). Outside English
        the record's leading word (``line``, ``place`` …) and the field get their catalogue names
        (``record.WORD``, ``field.NAME`` or ``edit_field.NAME``); the field's own name stays, for finding it in the file."""
        if lang == "en" or not self.message_id:
            message, hint = self.message, self.hint
        else:
            message = render(f"problem.{self.message_id}", lang, **self.params)
            hint = render(f"hint.{self.hint_id}", lang, **self.params) if self.hint_id else ""
        if not self.record:
            return message
        where = f"{localize(self.file, lang)}: " if self.file else ""
        record, label = self.record, f"field.{self.field}"
        if label not in MESSAGES:  # a scenario edit's field: its name in the editor
            label = f"edit_field.{self.field}"
        if lang != "en":
            record = _RECORD_WORD.sub(lambda m: _record_word(m[0], lang), record)
        fields = {"record": record, "field": self.field, "value": self.value, "message": message}
        if lang != "en" and label in MESSAGES:
            said = where + render("error.field_labelled", lang, label=message_text(label, lang), **fields)
        else:
            said = where + render("error.field", lang, **fields)
        return render("error.hint", lang, text=said, hint=hint) if hint else said

    def __str__(self) -> str:
        return self.text("en")


#: errno -> catalogue id of why a file could not be read or written, for the common causes.
_OS_REASONS = {
    errno.ENOENT: "os.no_such_file", errno.EACCES: "os.permission", errno.EPERM: "os.permission",
    errno.EISDIR: "os.is_a_directory", errno.ENOTDIR: "os.not_a_directory", errno.ENOSPC: "os.disk_full",
    errno.EROFS: "os.read_only", errno.EEXIST: "os.file_in_the_way",
}  # fmt: skip


def os_reason(error: OSError) -> Text | str:
    """Why a file operation failed, in every language for the common causes (else the system's words)."""
    key = _OS_REASONS.get(error.errno or 0)
    return both(key) if key else (error.strerror or str(error))


class InputError(DalanError):
    """Bad input: one or more problems, each naming file, record, field, value and a hint."""

    def __init__(self, problems: Sequence[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(record="", field="", value="", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.message("en"))

    @classmethod
    def of(cls, message_id: str, **params: object) -> InputError:
        """An error told by the one sentence ``problem.MESSAGE_ID`` (no record or field)."""
        return cls(Problem.of("", "", "", message_id, "", "", **params))

    def message(self, lang: str = "en") -> str:
        lines = [p.text(lang) for p in self.problems]
        if len(lines) > 1:
            return "\n".join([render("error.problems", lang, count=len(lines)), *lines])
        return lines[0]


class UnknownPlaceError(DalanError):
    """A place name or id that matches nothing; carries the closest matches."""

    def __init__(self, query: str, suggestions: Sequence[str | Text] = ()):
        self.query = query
        self.suggestions = tuple(str(s) for s in suggestions)
        #: The closest matches in every language, for other messages to name.
        self.close: tuple[str | Text, ...] = tuple(suggestions)
        if suggestions:
            super().__init__(message_id="error.unknown_place", params={"query": query, "suggestions": tuple(suggestions)})
        else:
            super().__init__(message_id="error.unknown_place_list", params={"query": query})


class NoRouteError(DalanError):
    """No route exists between two places under the given options; says why."""

    def __init__(self, origin: str | Text, destination: str | Text, reason: str | Text):
        self.origin = str(origin)
        self.destination = str(destination)
        self.reason = str(reason)
        params = {"origin": origin, "destination": destination, "reason": reason}
        super().__init__(message_id="error.no_route", params=params)


class ScenarioError(DalanError):
    """A scenario file that cannot be applied."""

    @classmethod
    def of(cls, problems: Sequence[Problem]) -> ScenarioError:
        """The problems of a scenario, one per line, in every language."""
        lines = Text("\n".join(p.text("en") for p in problems), "\n".join(p.text("fa") for p in problems))
        return cls(message_id="error.lines", params={"lines": lines})

    @classmethod
    def about(cls, message_id: str, **params: object) -> ScenarioError:
        """The error ``error.MESSAGE_ID`` with its parameters."""
        return cls(message_id=f"error.{message_id}", params=params)


class GraphWeightError(DalanError):
    """An engine precondition broken: a negative or non-finite edge weight reached a shortest
    path, or a predecessor chain that does not end. Input checks should have refused the input
    that led here; this error stops the engine from looping or answering wrongly."""

    def __init__(self, detail_id: str, **params: object):
        detail = Text(render(f"graph.{detail_id}", "en", **params), render(f"graph.{detail_id}", "fa", **params))
        super().__init__(message_id="error.graph_weight", params={"detail": detail})


class ConvergenceError(DalanError):
    """An iterative method that did not reach its target."""
