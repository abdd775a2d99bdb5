"""Who may write: account names, roles and password hashes (pure logic; storage is in :mod:`sitrep.store`).

Roles
    ``viewer``  anyone who can reach the app; sees everything, writes nothing (no account needed).
    ``editor``  adds figures and station events, corrects and retracts figures.
    ``admin``   an editor who also manages accounts.

Passwords are hashed with the maintained :mod:`bcrypt` package (salted, cost factor
:data:`BCRYPT_ROUNDS`); only the hash is stored, and checking uses :func:`bcrypt.checkpw`
(constant-time comparison inside bcrypt). Nothing here is home-made cryptography.

An authenticating reverse proxy may vouch for users instead: when ``SITREP_AUTH_PROXY_HEADER``
names a request header (e.g. ``X-Remote-User``), the user that header names is taken as
signed in, with the role of their account (a user without an account is a viewer). Enable
it ONLY behind a proxy that removes that header from clients' requests, or anyone can
claim any name.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import bcrypt

from .errors import InputError

__all__ = [
    "ROLES",
    "EDIT_ROLES",
    "MIN_PASSWORD_CHARS",
    "MAX_PASSWORD_BYTES",
    "MAX_NAME_CHARS",
    "PROXY_HEADER_ENV",
    "BCRYPT_ROUNDS",
    "User",
    "LoginThrottle",
    "check_name",
    "check_role",
    "check_password_rules",
    "hash_password",
    "verify_password",
    "can_edit",
    "can_admin",
    "proxy_header_name",
    "proxy_user_name",
    "resolve_user",
]

#: Roles, least to most privileged.
ROLES: tuple[str, ...] = ("viewer", "editor", "admin")
#: Roles that may add figures, station events, corrections and retractions.
EDIT_ROLES: frozenset[str] = frozenset({"editor", "admin"})
#: Shortest password accepted, in characters.
MIN_PASSWORD_CHARS = 8
#: bcrypt reads at most 72 bytes of a password; longer ones are refused rather than cut.
MAX_PASSWORD_BYTES = 72
#: Longest account name, in characters.
MAX_NAME_CHARS = 64
#: The environment variable naming the trusted proxy's user header.
PROXY_HEADER_ENV = "SITREP_AUTH_PROXY_HEADER"
#: bcrypt's cost factor (2**12 rounds: about a quarter of a second per check).
BCRYPT_ROUNDS = 12

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]*")


@dataclass(frozen=True)
class User:
    """A signed-in (or proxy-vouched) user and the role that decides what they may do."""

    name: str
    role: str

    @property
    def can_edit(self) -> bool:
        return can_edit(self.role)

    @property
    def can_admin(self) -> bool:
        return can_admin(self.role)


def check_name(name: object, *, field: str = "name") -> str:
    """An account name: letters, digits and ``. _ - @``, starting with a letter or digit, at most 64 characters.

    >>> check_name("li.wei@desk-2")
    'li.wei@desk-2'
    """
    text = name if isinstance(name, str) else ""
    if not text or len(text) > MAX_NAME_CHARS or not _NAME.fullmatch(text):
        shown = text[:MAX_NAME_CHARS] + ("…" if len(text) > MAX_NAME_CHARS else "")
        raise InputError(None, f"an account name is 1-{MAX_NAME_CHARS} letters, digits, '.', '_', '-' or '@', "
                               f"starting with a letter or digit; got {shown!r}", field=field)  # fmt: skip
    return text


def check_role(role: object) -> str:
    """One of :data:`ROLES`."""
    if role not in ROLES:
        raise InputError(None, f"a role is one of {', '.join(ROLES)}; got {role!r}", field="role")
    return str(role)


def check_password_rules(password: str) -> str:
    """Refuse an empty, short (< 8 characters) or over-long (> 72 UTF-8 bytes) password.

    The message never contains the password.
    """
    if not password:
        raise InputError(None, "the password is empty; give one of at least 8 characters", field="password")
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError(None, f"the password is too short; give one of at least {MIN_PASSWORD_CHARS} characters", field="password")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise InputError(None, f"the password is too long; bcrypt uses at most {MAX_PASSWORD_BYTES} bytes (UTF-8)", field="password")
    return password


def hash_password(password: str, *, rounds: int = BCRYPT_ROUNDS) -> str:
    """A salted bcrypt hash of ``password`` (after :func:`check_password_rules`), as ASCII text."""
    check_password_rules(password)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds)).decode("ascii")


_DUMMY_HASH: bytes | None = None


def verify_password(password: str, stored_hash: str | None) -> bool:
    """True when ``password`` matches ``stored_hash`` (bcrypt); False for no hash or a malformed one.

    Without a hash (unknown user, proxy-only account) a dummy hash is still checked, so a
    wrong name takes as long as a wrong password.
    """
    global _DUMMY_HASH
    data = password.encode("utf-8") if isinstance(password, str) else b""
    if not stored_hash:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = bcrypt.hashpw(b"no account by this name", bcrypt.gensalt(BCRYPT_ROUNDS))
        bcrypt.checkpw(data[:MAX_PASSWORD_BYTES], _DUMMY_HASH)
        return False
    if not data or len(data) > MAX_PASSWORD_BYTES:
        return False
    try:
        return bcrypt.checkpw(data, stored_hash.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return False


def can_edit(role: str | None) -> bool:
    """Editors and admins write figures, station events, corrections and retractions."""
    return role in EDIT_ROLES


def can_admin(role: str | None) -> bool:
    """Only admins manage accounts."""
    return role == "admin"


def proxy_header_name(environ: Mapping[str, str] | None = None) -> str | None:
    """The trusted proxy's user header (``SITREP_AUTH_PROXY_HEADER``), or None when not configured."""
    value = (os.environ if environ is None else environ).get(PROXY_HEADER_ENV, "").strip()
    return value or None


def resolve_user(role_of: Callable[[str], str | None], *, session_name: str | None = None,
                 headers: Mapping[str, str] | None = None, header: str | None = None) -> User | None:
    """Who is asking: the proxy's user when ``header`` is configured and present, else the signed-in session's.

    ``role_of(name)`` looks the account up (None: no such account). A proxy-named user
    without an account is a viewer; a session whose account was removed is signed out
    (None). Roles are looked up on every call, so a changed role applies at once.
    """
    name = proxy_user_name(headers, header)
    if name is not None:
        return User(name, role_of(name) or "viewer")
    if session_name:
        role = role_of(session_name)
        return None if role is None else User(session_name, role)
    return None


class LoginThrottle:
    """Failed sign-ins per account name: after ``limit`` failures within ``window_s`` seconds the
    name is refused for ``lockout_s`` seconds (its correct password too), which turns guessing
    from thousands of tries a minute into a handful. Thread-safe; ``clock`` (seconds) is
    injectable for tests.
    """

    def __init__(self, *, limit: int = 5, window_s: float = 300.0, lockout_s: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.limit, self.window_s, self.lockout_s, self.clock = limit, window_s, lockout_s, clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def wait_s(self, name: str) -> float:
        """Seconds before ``name`` may try again (0 when it may now)."""
        with self._lock:
            now = self.clock()
            recent = [t for t in self._failures.get(name, []) if now - t < self.window_s]
            self._failures[name] = recent
            if len(recent) < self.limit:
                return 0.0
            return max(0.0, recent[-1] + self.lockout_s - now)

    def failed(self, name: str) -> None:
        with self._lock:
            self._failures.setdefault(name, []).append(self.clock())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)


def proxy_user_name(headers: Mapping[str, str] | None, header: str | None) -> str | None:
    """The user a trusted proxy names in ``headers[header]`` (header names are case-insensitive).

    None when no header is configured, the header is absent or empty, or its value is not a
    valid account name (such a request is treated as anonymous, never as an error page).
    """
    if not header or not headers:
        return None
    wanted = header.lower()
    value = next((v for k, v in headers.items() if str(k).lower() == wanted), None)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return check_name(value.strip())
    except InputError:
        return None
