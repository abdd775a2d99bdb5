"""The few exception and warning classes that sitrep raises on purpose.

The CLI and the app catch exactly :class:`SitrepError` (and its children) and
show its message; anything else is a bug and fails loudly in tests.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "SitrepError",
    "InputError",
    "SpecError",
    "SuspectedSwapWarning",
    "AssumedTimezoneWarning",
]


class SitrepError(Exception):
    """Base class of every error sitrep reports to a user (exit status 2)."""


class InputError(SitrepError):
    """A user's input is unusable; the message names file, row/feature and field.

    Parameters
    ----------
    path
        The file that was being read, or ``None`` for input that is not a file
        (a command-line value, say).
    message
        What was wrong and what was expected, in one sentence.
    row
        Human-readable location inside the file, e.g. ``"row 5 (line 6)"`` or
        ``"feature 3 (id 'v-12')"``.
    field
        The column or property at fault (``"geometry"`` for coordinates).
    """

    def __init__(
        self,
        path: str | Path | None,
        message: str,
        *,
        row: str | None = None,
        field: str | None = None,
    ) -> None:
        self.path = None if path is None else str(path)
        self.row = row
        self.field = field
        self.message = message
        where = [p for p in (self.path, row, f"field '{field}'" if field else None) if p]
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class SpecError(SitrepError):
    """A layer or scenario spec in ``layers/`` is malformed."""


class SuspectedSwapWarning(UserWarning):
    """Coordinates look like latitude and longitude were given in swapped order."""


class AssumedTimezoneWarning(UserWarning):
    """A time without a UTC offset was read in the scenario's zone."""
