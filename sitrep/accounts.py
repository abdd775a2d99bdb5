"""Who may write: account names, roles and password hashes (pure logic; storage is in :mod:`sitrep.store`).

Roles
    ``viewer``  anyone who can reach the app; sees everything, writes nothing (no account needed).
    ``editor``  adds figures and station events, corrects and retracts figures.
    ``admin``   an editor who also manages accounts.

Passwords are hashed with the maintained :mod:`bcrypt` package (salted, cost factor
:data:`BCRYPT_ROUNDS`); only the hash is stored, and checking uses :func:`bcrypt.checkpw`
(constant-time comparison inside bcrypt). Nothing here is home-made cryptography.

A signed-in session holds the account name and its :func:`credential_fingerprint` (SHA-256
of the name, the stored hash and the creation time): when the password is changed, or the
account removed and added again under the same name, the fingerprint no longer matches and
:func:`resolve_user` signs the session out. A role change keeps the fingerprint and applies
at once (roles are looked up on every call).

An authenticating reverse proxy may vouch for users instead: when ``SITREP_AUTH_PROXY_HEADER``
names a request header (e.g. ``X-Remote-User``), the user that header names is taken as
signed in, with the role of their account (a user without an account is a viewer). Enable
it ONLY behind a proxy that removes that header from clients' requests, or anyone can
claim any name.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

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
    "credential_fingerprint",
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
    #: :func:`credential_fingerprint` of the account at sign-in ("" for a proxy-vouched user).
    fingerprint: str = field(default="", compare=False, repr=False)

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


def credential_fingerprint(name: str, password_hash: str | None, created_at: datetime) -> str:
    """SHA-256 (hex) of an account's name, stored password hash and creation time (as stored, UTC).

    It changes when the password is changed (a new salted hash) and when the account is
    removed and added again under the same name (a new creation time), never with the
    role. Derived from existing columns, so old stores need no migration.
    """
    h = hashlib.sha256()
    for part in (name, password_hash or "", created_at.isoformat()):
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))  # length-prefixed: no two splits collide
        h.update(data)
    return h.hexdigest()


def resolve_user(role_of: Callable[[str], str | None], *, session_name: str | None = None,
                 session_fingerprint: str | None = None, fingerprint_of: Callable[[str], str | None] | None = None,
                 headers: Mapping[str, str] | None = None, header: str | None = None) -> User | None:  # fmt: skip
    """Who is asking: the proxy's user when ``header`` is configured and present, else the signed-in session's.

    ``role_of(name)`` looks the account up (None: no such account). A proxy-named user
    without an account is a viewer. A session counts only while its account exists and
    ``fingerprint_of(name)`` (the account's current :func:`credential_fingerprint`) equals
    the ``session_fingerprint`` taken at sign-in: a removed account, a changed password or
    an account re-created under the same name signs the session out (None). Roles are
    looked up on every call, so a changed role applies at once.
    """
    name = proxy_user_name(headers, header)
    if name is not None:
        return User(name, role_of(name) or "viewer")
    if not session_name or not session_fingerprint or fingerprint_of is None:
        return None
    current = fingerprint_of(session_name)
    if current is None or not hmac.compare_digest(current.encode("ascii", "replace"), session_fingerprint.encode("ascii", "replace")):
        return None
    role = role_of(session_name)
    return None if role is None else User(session_name, role, current)


class LoginThrottle:
    """Failed sign-ins, counted per client (browser session, network address) and per account name.

    Guessing is limited where the guesser is, so that it never locks the real owner out:

    * a **client** (one browser session; separately, one network address) that failed
      ``client_limit`` (session) or ``address_limit`` (address) times within ``window_s``
      seconds - whatever names it tried - may not try any name for ``lockout_s`` seconds
      after its latest failure. This only stops that client: another browser, from
      another address, is not affected;
    * an **account name** that failed ``name_limit`` times within ``window_s`` seconds
      (from anywhere) is delayed, not locked: the next try must wait
      ``name_base_s * 2**(failures - name_limit)`` seconds after the latest failure, at
      most ``name_cap_s``. This slows guesses spread over many addresses, and the real
      owner waits at most ``name_cap_s`` seconds after an attacker's latest try.

    A success clears the session's and the name's failures (not the address's: others may
    share it). Thread-safe; ``clock`` (seconds) is injectable for tests.
    """

    def __init__(self, *, client_limit: int = 5, address_limit: int = 20, window_s: float = 300.0, lockout_s: float = 60.0,
                 name_limit: int = 5, name_base_s: float = 1.0, name_cap_s: float = 30.0,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.client_limit, self.address_limit, self.window_s, self.lockout_s = client_limit, address_limit, window_s, lockout_s
        self.name_limit, self.name_base_s, self.name_cap_s, self.clock = name_limit, name_base_s, name_cap_s, clock
        self._failures: dict[tuple[str, str], list[float]] = {}
        self._lock = threading.Lock()

    def wait_s(self, name: str, *, session: str | None = None, address: str | None = None) -> float:
        """Seconds before this client may try ``name`` (0 when it may now)."""
        with self._lock:
            now = self.clock()
            waits = [0.0]
            for key, limit in ((("session", session), self.client_limit), (("address", address), self.address_limit)):
                recent = self._recent(key, now)
                if key[1] is not None and len(recent) >= limit:
                    waits.append(recent[-1] + self.lockout_s - now)
            recent = self._recent(("name", _name_key(name)), now)
            if len(recent) >= self.name_limit:
                delay = min(self.name_cap_s, self.name_base_s * 2.0 ** (len(recent) - self.name_limit))
                waits.append(recent[-1] + delay - now)
            return max(0.0, *waits)

    def failed(self, name: str, *, session: str | None = None, address: str | None = None) -> None:
        """Count a wrong password (or unknown name) against the name and the client."""
        with self._lock:
            now = self.clock()
            if len(self._failures) > _MAX_THROTTLE_KEYS:
                self._forget_old(now)
            for key in (("name", _name_key(name)), ("session", session), ("address", address)):
                if key[1] is not None:
                    self._failures.setdefault(key, []).append(now)  # type: ignore[arg-type]

    def succeeded(self, name: str, *, session: str | None = None, address: str | None = None) -> None:
        """The right password: forget the name's and the session's failures."""
        with self._lock:
            self._failures.pop(("name", _name_key(name)), None)
            if session is not None:
                self._failures.pop(("session", session), None)

    def _recent(self, key: tuple[str, str | None], now: float) -> list[float]:
        if key[1] is None:
            return []
        recent = [t for t in self._failures.get(key, []) if now - t < self.window_s]  # type: ignore[arg-type]
        if recent:
            self._failures[key] = recent  # type: ignore[index]
        else:
            self._failures.pop(key, None)  # type: ignore[arg-type]
        return recent

    def _forget_old(self, now: float) -> None:
        # guesses over many names or sessions must not grow memory without bound
        for key in [k for k, times in self._failures.items() if not times or now - times[-1] >= self.window_s]:
            del self._failures[key]


#: Above this many tracked names/sessions/addresses, entries whose failures left the window are dropped.
_MAX_THROTTLE_KEYS = 10_000


def _name_key(name: str) -> str:
    # a name longer than any account is still one key (and a short one)
    return name[: MAX_NAME_CHARS + 1] if isinstance(name, str) else ""


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
