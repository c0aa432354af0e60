"""The dalan exception tree.

Every error a user can cause is a :class:`DalanError` whose message names what was wrong, where,
and what to do about it. The CLI prints ``str(error)``; the web API turns it into a 4xx body.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class DalanError(Exception):
    """Base class of every error dalan raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: which file, record, field and value, and a hint."""

    record: str
    field: str
    value: object
    message: str
    hint: str = ""
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        text = f"{where}{self.record}: field '{self.field}' = {self.value!r}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class InputError(DalanError):
    """Bad input: one or more problems, each naming file, record, field, value and a hint."""

    def __init__(self, problems: Sequence[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(record="", field="", value="", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        head = f"{len(self.problems)} problem(s) found:" if len(self.problems) > 1 else ""
        lines = [str(p) if p.record else p.message for p in self.problems]
        super().__init__("\n".join([head, *lines]) if head else lines[0])


class UnknownPlaceError(DalanError):
    """A place name or id that matches nothing; carries the closest matches."""

    def __init__(self, query: str, suggestions: Sequence[str] = ()):
        self.query = query
        self.suggestions = tuple(suggestions)
        text = f"unknown place {query!r}"
        if self.suggestions:
            text += "; did you mean: " + ", ".join(self.suggestions) + "?"
        else:
            text += "; run 'dalan network places' to list the places"
        super().__init__(text)


class NoRouteError(DalanError):
    """No route exists between two places under the given options; says why."""

    def __init__(self, origin: str, destination: str, reason: str):
        self.origin = origin
        self.destination = destination
        self.reason = reason
        super().__init__(f"no route from {origin} to {destination}: {reason}")


class ScenarioError(DalanError):
    """A scenario file that cannot be applied."""


class GraphWeightError(DalanError):
    """An engine precondition broken: a negative or non-finite edge weight reached a shortest
    path, or a predecessor chain that does not end. Input checks should have refused the input
    that led here; this error stops the engine from looping or answering wrongly."""

    def __init__(self, detail: str):
        super().__init__(
            f"cannot route on this graph: {detail} (hint: check the scenario, costing and options for "
            "negative or non-finite values — dwell, fees, speeds, value of time, carbon price)"
        )


class ConvergenceError(DalanError):
    """An iterative method that did not reach its target."""
