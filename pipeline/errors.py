"""The project's own exceptions: each turns into one line on stderr, never a traceback."""
from __future__ import annotations


class NotulenError(Exception):
    """Base of every error notulen reports to a user."""


class RulesError(NotulenError):
    """One or more rule files are invalid; ``problems`` holds one message per problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class ReadError(NotulenError):
    """A document could not be read; ``code`` is a stable identifier for errors.csv."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (at most 200 characters), for one-line error messages."""
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else exc.__class__.__name__
