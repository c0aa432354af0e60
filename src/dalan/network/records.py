"""Records read from a file before they become a :class:`~dalan.network.model.Network`."""

from __future__ import annotations

from dataclasses import dataclass

from dalan.errors import InputError, Problem
from dalan.network.model import Link, Network, Place
from dalan.network.validation import duplicate_problems


@dataclass(frozen=True)
class Records:
    """Places and links as read (records with bad fields left out) and the problems found."""

    places: tuple[Place, ...]
    links: tuple[Link, ...]
    problems: tuple[Problem, ...]
    name: str
    file: str = ""

    def to_network(self) -> Network:
        """The network, or :class:`InputError` listing the read problems and duplicate ids."""
        problems = [
            *self.problems,
            *duplicate_problems(self.places, self.links, self.file),
        ]
        if problems:
            raise InputError(problems)
        return Network(self.places, self.links, self.name)
