"""The incident timeline store: append-only records in a real database (SQLAlchemy Core).

Where it lives
    ``SITREP_DB`` names it: any SQLAlchemy URL (``postgresql+psycopg://...`` for a shared
    deployment) or a plain file path (an SQLite file). Default:
    ``sitrep.sqlite`` in ``SITREP_HOME`` (default ``$XDG_DATA_HOME/sitrep``, i.e.
    ``~/.local/share/sitrep/sitrep.sqlite``).
    The schema is created on first use and, while an incident holds no records, that
    incident is seeded from its bundled ``timeline.csv``, ``station_events.csv`` and
    ``notes.csv`` (:func:`incident_files`).

Keyed by incident
    ``records``, ``station_events`` and ``notes`` carry ``incident``; a :class:`Store` is opened for one
    incident (``open_store(incident=...)``) and every read, count, retraction and correction
    is scoped to it: two incidents' rows never mix. Accounts (``users``) are global.

Migrations
    The schema has Alembic revisions (:mod:`sitrep.migrations`, in the package; the store's
    revision is in ``alembic_version``). The first opening for writing brings an older store
    (one made before incidents has no ``alembic_version``: its rows become the default
    incident's) to the current revision in place, in one transaction under the write lock.
    Read-only opening never migrates: it reads an older store as it is. A store of a newer
    revision than this sitrep knows is refused with one line.

Notes and qualifiers
    ``records.qualifier`` says how a figure was published (``more-than``, ``at-least``,
    ``about``; ``""`` as stated). ``notes`` holds free-text timeline notes (highlights,
    response, needs, gaps, next update, contacts; :class:`sitrep.records.Note`) with their
    source and times: :meth:`Store.add_notes` (or :meth:`Store.append`) and :meth:`Store.notes`.

Append-only
    Nothing is updated or deleted: a correction is a new record whose ``corrects`` names the
    record it corrects; a figure that was wrong with no replacement gets a row in
    ``retractions`` (who, why, when). Triggers refuse UPDATE and DELETE outright (and
    TRUNCATE on PostgreSQL) on records, station events, their authors, retractions and notes.

Who entered what
    Records carry ``author``; station events get theirs in the side table
    ``station_event_authors``. Accounts (``users``: name, role, bcrypt hash) live here
    too, so a PostgreSQL deployment shares them; see :mod:`sitrep.accounts`.

Idempotent
    Each row carries the SHA-256 of its content (everything but entry time and incident) under
    ``UNIQUE (incident, content_hash)``; storing the same figure twice in one incident stores it
    once (in two incidents: two rows). The hash is the one older stores hold, so a file
    ingested before an upgrade adds nothing when ingested again after it.

Secrets, typos and other people's files
    A password in the URL (``user:pw@``, ``?password=``, ``?pwd=``, ``?sslpassword=``, a
    percent-encoded key such as ``?pass%77ord=``, a value that sets one such as
    ``?options=-c%20password%3D...``, URL-encoded or not, even in a URL too malformed to
    parse) is never shown: :attr:`Store.url`, errors, logs and report manifests carry
    :func:`redact_url`'s ``***`` instead. Text that starts like a URL
    (``postgresql+psycopg:/u@h/db``, ``sqlite:x.db``, ``postgres//h/db``) but is not one is an
    error, never a new SQLite file in a folder named after it. An SQLite file that is not
    sitrep's (other tables, not a database, a folder) is refused before anything is written
    to it; tables named like sitrep's are sitrep's only with every column (and type) of
    ``records`` and ``station_events`` and their append-only triggers. A stored value that
    does not fit its column (another program wrote it) is one line naming the row and
    column; a missing or 0-byte file is created. Every database failure (server down, wrong
    password, no such database, read-only file) is one line naming the store, no traceback.

Read-only use
    ``open_store(read_only=True)`` (``sitrep timeline``, ``sitrep report``) opens an existing
    store without writing anything: no schema, no seed, no journal-mode switch, no trigger
    (a store of an older schema is read as it is, its missing side tables as empty), and SQLite
    opens the file with ``mode=ro`` (``immutable=1`` when even SQLite's shared-memory index
    cannot be created, i.e. the folder is read-only and no writer is active). Columns an older
    store lacks read as their defaults (``qualifier``: ``""``; ``incident``: the default
    incident), a table it lacks as empty (no notes before revision 0003). A store that
    does not exist yet is created and seeded as on any first use.

Concurrent and crash-safe
    Each batch is one transaction (all in or all out; SQLite's journal makes a killed
    process's half batch vanish). SQLite runs in WAL mode and takes the write lock at
    ``BEGIN IMMEDIATE``; a busy database is retried with exponential backoff, so several
    processes may ingest at once without "database is locked" reaching the user.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import logging
import os
import random
import re
import sqlite3
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from .accounts import User, check_name, check_role, credential_fingerprint, verify_password
from .errors import InputError, SitrepError
from .records import Note, Record, StationEvent, validate_rows
from .migrations import BASELINE, HEAD, REVISIONS
from .migrations.baseline import APPEND_ONLY_TABLES, IDENTITY_COLUMNS, append_only_ddl
from .settings import DATA_DIR, default_incident, sitrep_home

__all__ = ["as_db_url", "default_db_url", "incident_files", "redact_url", "Store", "StoreBusyError", "open_store"]

log = logging.getLogger("sitrep")
T = TypeVar("T")

metadata = sa.MetaData()

records = sa.Table(
    "records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("metric", sa.String(80), nullable=False, index=True),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("unit", sa.String(40), nullable=False),
    sa.Column("scope", sa.Text, nullable=False, server_default=""),
    sa.Column("observed_at", sa.DateTime, nullable=False, index=True),  # UTC, naive in the database
    sa.Column("reported_at", sa.DateTime, nullable=True),
    sa.Column("entered_at", sa.DateTime, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("source_url", sa.Text, nullable=False, server_default=""),
    sa.Column("author", sa.Text, nullable=False, server_default=""),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("corrects", sa.Integer, sa.ForeignKey("records.id"), nullable=True),
    sa.Column("batch", sa.String(32), nullable=False),
    sa.Column("incident", sa.Text, nullable=False),  # where migration 0002_incident adds it
    sa.Column("qualifier", sa.Text, nullable=False, server_default=""),  # last: where migration 0003_notes adds it
    sa.UniqueConstraint("incident", "content_hash", name="records_incident_content_hash_key"),
)

station_events = sa.Table(
    "station_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("station_id", sa.String(80), nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("entered_at", sa.DateTime, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("batch", sa.String(32), nullable=False),
    sa.Column("incident", sa.Text, nullable=False),
    sa.CheckConstraint("status IN ('out', 'restored')", name="status_out_or_restored"),
    sa.UniqueConstraint("incident", "content_hash", name="station_events_incident_content_hash_key"),
)

#: Who entered each station event (a side table: ``station_events`` keeps its columns).
station_event_authors = sa.Table(
    "station_event_authors",
    metadata,
    sa.Column("station_event_id", sa.Integer, sa.ForeignKey("station_events.id"), primary_key=True),
    sa.Column("author", sa.Text, nullable=False),
)

#: A figure found wrong with no replacement: it leaves every card, chart, table and report.
#: Append-only like the records; one retraction per record.
retractions = sa.Table(
    "retractions",
    metadata,
    sa.Column("record_id", sa.Integer, sa.ForeignKey("records.id"), primary_key=True),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("entered_at", sa.DateTime, nullable=False),
)

#: Free-text timeline notes (highlights, response, needs, gaps, next update, contacts), with
#: their sources; append-only like the records (revision 0003_notes).
notes = sa.Table(
    "notes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("section", sa.String(32), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("observed_at", sa.DateTime, nullable=False, index=True),  # UTC, naive in the database
    sa.Column("reported_at", sa.DateTime, nullable=True),
    sa.Column("entered_at", sa.DateTime, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("source_url", sa.Text, nullable=False, server_default=""),
    sa.Column("author", sa.Text, nullable=False, server_default=""),
    sa.Column("batch", sa.String(32), nullable=False),
    sa.Column("incident", sa.Text, nullable=False),
    sa.UniqueConstraint("incident", "content_hash", name="notes_incident_content_hash_key"),
)

#: The tables nothing may update or delete in (the baseline's, and the notes).
_APPEND_ONLY = (*APPEND_ONLY_TABLES, "notes")

#: What a column an older store lacks reads as (a read-only store is read as it is).
_ABSENT = {"incident": lambda: default_incident(), "qualifier": lambda: ""}

#: Accounts (not part of the timeline: roles change, accounts are removed). Only bcrypt
#: hashes are stored, never passwords.
users = sa.Table(
    "users",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.String(128), nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="role_known"),
)


#: Retries of a busy database: 10 attempts, waits from 50 ms doubling to 3 s (with jitter).
RETRIES = 10
FAULT_ENV = "SITREP_FAULT_SLEEP_IN_TX"  # test hook: seconds to sleep inside a write transaction


class StoreBusyError(SitrepError):
    """The database stayed locked through every retry."""


# --- where the store is: URLs, typos, secrets ---------------------------------------------------

#: Names of query parameters and DSN keys whose value is a secret (matched after percent-decoding).
_SECRET_NAME = re.compile(r"(?i)(?:^|[_.\-]|ssl)(?:password|passwd|passphrase|pass|pwd)$|password|secret|token|api_?key")
#: ``key=value`` in a URL query, a libpq DSN or a driver's message; ``=`` may be written ``%3D``.
_PAIR = re.compile(r"(?<![\w%.+\-])(?P<key>[A-Za-z_%][\w%.+\-]*)(?P<eq>\s*(?:=|%3[dD])\s*)(?P<val>'[^']*'|\"[^\"]*\"|[^\s&;,)'\"]*)")
#: A value that itself sets a secret, e.g. ``options=-c password=...`` (matched after percent-decoding).
_SECRET_IN_VALUE = re.compile(r"(?i)(?<![a-z0-9])(?:ssl)?(?:password|passwd|pwd|pass|secret|token)\s*=")
#: ``scheme:/*`` then ``user:password@`` in one token (greedy to the token's last ``@``).
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][\w+.\-]*:/*)?(?P<user>[^\s:/@'\"()<>]*):(?!//)(?P<pw>[^\s'\"()<>]*)@")
#: Text that starts like a URL scheme, ``postgresql+psycopg:`` (a Windows drive letter is not one).
_SCHEME_START = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:(?:[\\/]|$)")
#: A URL that lost its colon: ``postgres//host/db``, ``postgresql+psycopg/u@h/db``.
_SCHEME_WITHOUT_COLON = re.compile(
    r"^(?:(?:postgres|postgresql|sqlite|mysql|mariadb|oracle|mssql|cockroachdb)(?:\+[\w.]+)?//|[A-Za-z][\w.]*\+[\w.]+/)", re.I
)
_URL_EXPECTED = (
    "expected a database URL such as postgresql+psycopg://USER@HOST/DBNAME or sqlite:///PATH, "
    "or a file path (write ./NAME for a file whose name holds ':')"
)


def redact_url(url: str) -> str:
    """``url`` with every password replaced by ``***``; also any text that may quote a URL or DSN.

    Hides ``user:password@`` (parsed or, for malformed text, wherever a ``:`` precedes an
    ``@``), and the values of ``password=``, ``pwd=`` and similar query or DSN keys. Text
    with nothing to hide comes back unchanged.

    >>> redact_url("postgresql+psycopg://sitrep:s3cr%40t@db.lan/sitrep")
    'postgresql+psycopg://sitrep:***@db.lan/sitrep'
    >>> redact_url("postgresql+psycopg://sitrep@db.lan/sitrep?password=s3cret&sslmode=require")
    'postgresql+psycopg://sitrep@db.lan/sitrep?password=***&sslmode=require'
    >>> redact_url("postgresql+psycopg:/sitrep:s3cret@db.lan/sitrep")
    'postgresql+psycopg:/sitrep:***@db.lan/sitrep'
    """
    text = str(url)
    parsed = _parse_url(text)
    if parsed is not None and parsed.password is not None:
        text = parsed.render_as_string(hide_password=True)
    return _redact_text(text, _url_secrets(parsed))


def _parse_url(text: str) -> sa.engine.URL | None:
    if "://" not in text:
        return None
    try:
        return sa.engine.make_url(text.strip())
    except (ArgumentError, ValueError, TypeError):
        return None


def _url_secrets(parsed: sa.engine.URL | None) -> list[str]:
    """The secrets a parsed URL holds, decoded: its password and every secret query value."""
    if parsed is None:
        return []
    found = [parsed.password] if parsed.password else []
    for key, values in parsed.query.items():
        for value in (values,) if isinstance(values, str) else values:
            if value and (_SECRET_NAME.search(key) or _SECRET_IN_VALUE.search(value)):
                found.append(value)
                # and the secret a value sets: "-c password=s3cret" -> "s3cret"
                found += [m[1].strip("'\"") for m in re.finditer(_SECRET_IN_VALUE.pattern + r"\s*(\S+)", value)]
    return found


def _redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with passwords hidden: ``user:pw@``, secret ``key=value`` pairs (keys and values
    percent-decoded before matching) and, anywhere, each of ``secrets`` (4+ characters) as
    written or URL-encoded."""

    def userinfo(m: re.Match) -> str:
        return f"{m['scheme'] or ''}{m['user']}:***@" if m["pw"] != "***" else m[0]

    def pair(m: re.Match) -> str:
        key, value = urllib.parse.unquote_plus(m["key"]), urllib.parse.unquote_plus(m["val"])
        secret = _SECRET_NAME.search(key.strip()) or _SECRET_IN_VALUE.search(value)
        return f"{m['key']}{m['eq']}***" if secret and m["val"] not in ("", "***") else m[0]

    text = _USERINFO.sub(userinfo, text)
    text = _PAIR.sub(pair, text)
    for secret in secrets:
        if len(secret) >= 4:
            for form in {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret), urllib.parse.quote(secret)}:
                text = text.replace(form, "***")
    return text


def as_db_url(value: str, *, option: str = "--db") -> str:
    """A database URL from a URL or a plain file path (an SQLite file).

    Text that starts like a URL but is not ``scheme://...`` (a typo such as
    ``postgresql+psycopg:/u@h/db``) raises :class:`InputError` naming ``option`` rather
    than becoming a local file.
    """
    value = value.strip()
    if not value:
        raise InputError(None, f"is empty; {_URL_EXPECTED}", field=option)
    if "://" in value or (_SCHEME_START.match(value) and not _DRIVE_LETTER.match(value)) or _SCHEME_WITHOUT_COLON.match(value):
        _check_url(value, option)
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _check_url(value: str, option: str) -> None:
    shown = redact_url(value)
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", value):
        raise InputError(None, f"{shown!r} looks like a URL but is not scheme://...; {_URL_EXPECTED}", field=option)
    try:
        sa.engine.make_url(value)
    except (ArgumentError, ValueError, TypeError) as exc:
        raise InputError(None, f"{shown!r} is not a valid database URL ({_redact_text(str(exc))}); {_URL_EXPECTED}", field=option) from None


def default_db_url() -> str:
    """``SITREP_DB`` (a URL or a file path), else ``sitrep.sqlite`` in :func:`~sitrep.settings.sitrep_home`."""
    value = os.environ.get("SITREP_DB", "").strip()
    if not value:
        value = str(sitrep_home() / "sitrep.sqlite")
    return as_db_url(value, option="SITREP_DB")


def incident_files(incident: str) -> list[tuple[Path, str]]:
    """The files an incident's timeline is seeded from: (path, what it holds: ``"records"``,
    ``"station_events"`` or ``"notes"``), those that exist.

    Today the bundled incidents' ``timeline.csv``, ``station_events.csv`` and ``notes.csv`` in
    :data:`~sitrep.settings.DATA_DIR`; an incident without them gets no seed.
    """
    if not incident or incident in (".", "..") or Path(incident).name != incident:
        return []  # (not a plain folder name: no files)
    folder = DATA_DIR / incident
    found = [(folder / "timeline.csv", "records"), (folder / "station_events.csv", "station_events"), (folder / "notes.csv", "notes")]
    return [(path, kind) for path, kind in found if path.is_file()]


def open_store(url: str | None = None, *, incident: str | None = None, seed: bool = True, read_only: bool = False,
               scenario: str | None = None) -> Store:  # fmt: skip
    """Open the store at ``url``, a URL or file path (default :func:`default_db_url`), for one incident.

    Every read and write of the returned :class:`Store` is scoped to ``incident`` (default
    :func:`~sitrep.settings.default_incident`; ``scenario`` is the old name of this keyword).
    A new store (no file, a 0-byte file, a database without tables) is created at the
    current schema revision. A store of an older revision (one made before incidents has
    no ``alembic_version``) is migrated in place on this first write opening, under the
    store's write lock (see :mod:`sitrep.migrations`). With ``seed``, an incident without
    records is seeded from :func:`incident_files`.

    With ``read_only`` an existing sitrep store is opened without writing anything (see the
    module docstring), even one of an older schema: the side tables it lacks read as empty,
    and a store from before incidents holds only the default incident's rows. A file or
    database that holds something else than sitrep's tables, or a store of a newer schema
    revision than this sitrep knows, raises :class:`InputError` and is left as it was.
    """
    if incident is not None and scenario is not None and incident != scenario:
        raise InputError(None, f"names two incidents, {incident!r} and {scenario!r}; give one", field="incident")
    name = incident if incident is not None else scenario if scenario is not None else default_incident()
    store = Store(as_db_url(url) if url else default_db_url(), create_folder=False, incident=name)
    found = store._inspect()
    store.engine.dispose()
    if found.state == "foreign":
        raise InputError(store.where, "holds tables that are not sitrep's; expected a sitrep timeline store "
                                      "(a new file name, or an empty database)")  # fmt: skip
    if found.state == "newer":
        raise InputError(store.where, _newer_message(found.revision))
    if read_only and found.state in ("sitrep", "outdated"):
        # an older store is read as it is: missing side tables read as empty (no retractions, no
        # authors, no accounts), a store from before incidents as the default incident's; nothing is added
        return Store(store._url, read_only=True, missing=found.missing, incident=name, legacy=not found.has_incident,
                     missing_columns=found.missing_columns)  # fmt: skip
    # new, or outdated and about to be written to: create or migrate, seed if the incident is empty
    store = Store(store._url, incident=name)
    if found.state != "sitrep":
        store.migrate()
    if seed:
        store.seed_if_empty()
    return store


def _newer_message(revision: str | None) -> str:
    return (f"was written by a newer sitrep (schema revision {revision!r}; this sitrep knows up to {HEAD!r}); "
            "upgrade sitrep to use this store")  # fmt: skip


class Store:
    """Append-only timeline records and station events in one database.

    :attr:`url` is the URL as shown to people (password redacted); :attr:`where` is the
    file path for SQLite, else :attr:`url`. :attr:`incident` is the incident every read and
    write is scoped to: two incidents' records and station events never mix.
    """

    def __init__(self, url: str, *, read_only: bool = False, create_folder: bool = True,
                 missing: Iterable[str] = (), incident: str | None = None, legacy: bool = False,
                 missing_columns: Iterable[str] = ()) -> None:  # fmt: skip
        self._url = url
        self.url = redact_url(url)
        self.read_only = read_only
        self.incident = str(incident or default_incident())
        #: Side tables this (older, read-only) store lacks; they read as empty.
        self.missing = frozenset(missing)
        #: A store from before incidents, read as it is: every row is the default incident's.
        self.legacy = bool(legacy)
        #: Columns (``"records.qualifier"``) this (older, read-only) store lacks; they read as their defaults.
        self.missing_columns = frozenset(missing_columns)
        if (self.missing or self.legacy or self.missing_columns) and not read_only:
            raise ValueError("only a read-only store may lack tables or columns")
        try:
            sa_url = sa.engine.make_url(url)
        except (ArgumentError, ValueError, TypeError):
            raise InputError(None, f"not a database URL or file path: {self.url!r}; {_URL_EXPECTED}", field="SITREP_DB") from None
        self._secrets = _url_secrets(sa_url)
        self.is_sqlite = sa_url.get_backend_name() == "sqlite"
        self.path = Path(sa_url.database) if self.is_sqlite and sa_url.database not in (None, "", ":memory:") else None
        self.where = str(self.path) if self.path is not None else self.url
        if self.path is not None and create_folder and not read_only:
            folder = self.path.parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(folder, f"cannot create the timeline's folder: {exc.strerror}", field="SITREP_DB") from None
        try:
            if read_only and self.path is not None:
                self.engine: Engine = sa.create_engine(url, creator=functools.partial(_sqlite_connect_read_only, self.path))
            else:
                self.engine = sa.create_engine(url, connect_args={"timeout": 5} if self.is_sqlite else {})
        except (ArgumentError, ImportError) as exc:
            raise InputError(self.where, f"cannot be opened: {self._redact(str(exc))}; expected an sqlite:// or postgresql+psycopg:// URL") from None
        if self.is_sqlite and not read_only:
            sa.event.listen(self.engine, "connect", _sqlite_on_connect)
            sa.event.listen(self.engine, "begin", _sqlite_begin_immediate)

    def inspect(self) -> str:
        """What the store holds, found without writing anything.

        ``"new"`` (no file, a 0-byte file, no tables; PostgreSQL: no sitrep tables),
        ``"sitrep"`` (every table of the current schema, at the current revision),
        ``"outdated"`` (sitrep's records and station events of an older revision, or a side
        table missing: :meth:`migrate` upgrades it), ``"newer"`` (a schema revision this
        sitrep does not know) or ``"foreign"`` (an SQLite file with other tables, or tables
        named like sitrep's that are not: a ``records`` or ``station_events`` table lacking
        any of the columns every sitrep store had, with a column of another type, or without
        sitrep's append-only triggers). A folder, a file that is not an SQLite database, or
        an unreachable server raises :class:`InputError`.
        """
        return self._inspect().state

    def _inspect(self) -> _Found:
        """:meth:`inspect`'s answer, the current schema's missing tables, the revision, and whether rows carry ``incident``."""
        if self.path is not None:
            if self.path.is_dir():
                raise InputError(self.path, "is a folder; expected an SQLite file such as sitrep.sqlite, or a database URL")
            if not self.path.exists() or self.path.stat().st_size == 0:
                return _Found("new", frozenset(metadata.tables), None, True, frozenset())

            def tables():
                con = _sqlite_connect_read_only(self.path)
                try:
                    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
                    found = {n: {r[0]: _sqlite_kind(r[1]) for r in con.execute("SELECT name, type FROM pragma_table_info(?)", (n,))}
                             for n in names if not n.startswith("sqlite_")}  # fmt: skip
                    triggers = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
                    revision = None
                    if set(found.get("alembic_version", ())) == {"version_num"}:
                        revision = next(iter(con.execute("SELECT version_num FROM alembic_version")), (None,))[0]
                    return found, triggers, revision
                finally:
                    con.close()
        else:

            def tables():
                with self.engine.connect() as conn:
                    insp = sa.inspect(conn)
                    known = {*metadata.tables, "alembic_version"}
                    found = {n: {c["name"]: _kind(c["type"]) for c in insp.get_columns(n)}
                             for n in insp.get_table_names() if n in known}  # fmt: skip
                    triggers, revision = set(), None
                    if conn.dialect.name == "postgresql" and found:
                        triggers = set(conn.exec_driver_sql(
                            "SELECT t.tgname FROM pg_catalog.pg_trigger t WHERE t.tgrelid IN "
                            "(to_regclass('records'), to_regclass('station_events'))").scalars())  # fmt: skip
                    if "version_num" in found.get("alembic_version", ()):
                        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
                    return found, triggers, revision

        found, triggers, revision = self._run(tables)
        dialect = "sqlite" if self.is_sqlite else self.engine.dialect.name
        state = _classify(found, triggers, dialect=dialect, revision=revision)
        has_incident = all("incident" in found.get(t, {"incident": 0}) for t in ("records", "station_events"))
        # columns a newer revision added to a table the store has (records.qualifier: 0003_notes); not incident (legacy)
        columns = frozenset(f"{name}.{c.name}" for name, table in metadata.tables.items() if name in found
                            for c in table.columns if c.name not in found[name] and c.name != "incident")  # fmt: skip
        return _Found(state, frozenset(set(metadata.tables) - set(found)), revision, has_incident, columns)

    # --- schema, migrations and seed -----------------------------------------------------

    def create(self) -> None:
        """Create the store, or bring an older one to the current revision (:meth:`migrate`)."""
        self.migrate()

    def migrate(self) -> str | None:
        """Bring the store to the current schema revision, in one transaction; returns the revision it was at.

        A new store gets the current tables and append-only triggers, stamped with the
        head revision. A store made before migrations existed (no ``alembic_version``) gets
        any side table it lacks, is stamped with the baseline and upgraded; an older revision
        is upgraded. All of it happens under the store's write lock (SQLite: ``BEGIN
        IMMEDIATE``; PostgreSQL: a transaction-level advisory lock), and what the store holds
        is looked at again once the lock is held, so two processes opening an old store at
        once migrate it once. A failure rolls everything back: the store stays as it was.
        """
        from . import migrations

        def work(conn):
            if conn.dialect.name == "postgresql":
                # one migrator at a time (also: concurrent CREATE OR REPLACE of one function fails)
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7202501070905)")
            insp = sa.inspect(conn)
            present = set(insp.get_table_names())
            revision = migrations.current_revision(conn) if "alembic_version" in present else None
            if revision is not None and revision not in REVISIONS:
                raise InputError(self.where, _newer_message(revision))
            if not present & set(metadata.tables):
                metadata.create_all(conn)
                self._append_only(conn)
                migrations.stamp(conn, HEAD)
                return None
            if revision is None:
                # made by sitrep 9f1f2a0 or older: complete the baseline (side tables an older one lacks)
                migrations.baseline.metadata.create_all(conn)
                self._append_only(conn, APPEND_ONLY_TABLES)  # (the baseline's tables; later ones come with their revision)
                migrations.stamp(conn, BASELINE)
            if revision != HEAD:
                log.info("migrating the timeline store %s from %s to %s", self.url, revision or "before migrations", HEAD)
                migrations.upgrade(conn, HEAD)
            metadata.create_all(conn)  # a side table missing at the head revision (dropped by hand)
            self._append_only(conn)
            return revision

        if not self.is_sqlite:
            return self._write(work)
        return self._write(work, foreign_keys_off=True)

    def _append_only(self, conn, tables: tuple[str, ...] = _APPEND_ONLY) -> None:
        for statement in append_only_ddl(conn.dialect.name, tables):
            conn.exec_driver_sql(statement)

    def seed_if_empty(self, scenario: str | None = None) -> int:
        """Seed the incident from :func:`incident_files` when it has no records; returns the rows stored."""
        if scenario is not None and scenario != self.incident:
            raise ValueError(f"this store is scoped to incident {self.incident!r}, not {scenario!r}")
        if self.count() > 0:
            return 0
        n = 0
        files = incident_files(self.incident)
        for path, kind in files:
            n += self.ingest_csv(path, station_events=kind in (True, "station_events"), notes=kind == "notes",
                                 batch=f"seed-{self.incident}"[:32])  # fmt: skip
        if files:
            log.info("seeded incident %s of the timeline store with %d rows from %s", self.incident, n, files[0][0].parent)
        return n

    # --- writing ---------------------------------------------------------------------------

    def append(self, items: Sequence[Record | StationEvent | Note], *, batch: str | None = None) -> list[tuple[int, bool]]:
        """Store ``items`` (records, station events, notes) in one transaction; returns (id, newly stored?) for each, in order.

        Items already stored in this store's incident (same content) are not stored again;
        their existing id is returned with ``False``. The same content in another incident is
        another row. A correction must correct a record of this incident.
        """
        check_column_lengths(items)
        batch = batch or f"b{time.time_ns():x}"
        entered = pd.Timestamp.now(tz="UTC").tz_localize(None).to_pydatetime()

        def work(conn):
            out = []
            for item in items:
                table = _table_of(item)
                if isinstance(item, Record) and item.corrects is not None:
                    item = _as_correction(conn, item, self.incident)
                h = item.content_hash()
                # ON CONFLICT DO NOTHING: race-free idempotency, also between concurrent writers
                row = _row(item, h, entered, batch, self.incident)
                new_id = conn.execute(self._insert(table).values(**row).returning(table.c.id)).scalar()
                if new_id is None:
                    mine = (table.c.incident == self.incident) & (table.c.content_hash == h)
                    new_id = conn.execute(sa.select(table.c.id).where(mine)).scalar_one()
                    out.append((int(new_id), False))
                else:
                    if isinstance(item, StationEvent) and item.author:
                        conn.execute(station_event_authors.insert().values(station_event_id=int(new_id), author=item.author))
                    out.append((int(new_id), True))
            _fault_injection(len(out))
            return out

        return self._write(work)

    def add_notes(self, items: Sequence[Note], *, batch: str | None = None) -> list[tuple[int, bool]]:
        """Store timeline notes in one transaction: :meth:`append` (which takes notes too), for notes only."""
        if not all(isinstance(item, Note) for item in items):
            raise TypeError("add_notes stores Note items only; use append for records and station events")
        return self.append(items, batch=batch)

    def ingest_csv(self, path: str | Path, *, station_events: bool = False, batch: str | None = None,
                   now: pd.Timestamp | None = None, author: str = "", notes: bool = False) -> int:  # fmt: skip
        """Validate every row of a CSV file (records; station events; with ``notes``, notes), then
        store them all in one transaction.

        A bad row raises :class:`InputError` naming the row and field, and nothing is
        stored. Rows without an ``author`` are attributed to ``author``. Returns how many
        rows were new.
        """
        path = Path(path)
        rows = read_csv_rows(path)
        if author:
            rows = [{**row, "author": (row.get("author") or "").strip() or author} for row in rows]
        items = validate_rows(rows, path=str(path), station_events=station_events, now=now, notes=notes)
        check_column_lengths(items, path=path)
        return sum(new for _, new in self.append(items, batch=batch))

    def _insert(self, table: sa.Table):
        if self.is_sqlite:
            from sqlalchemy.dialects.sqlite import insert
        elif self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:  # pragma: no cover - other databases: plain insert, unique constraint still guards
            return table.insert()
        return insert(table).on_conflict_do_nothing(index_elements=["incident", "content_hash"])

    def _insert_ignore(self, table: sa.Table, key: str):
        """INSERT that does nothing (RETURNING gives no row) when ``key`` is already taken."""
        if self.is_sqlite:
            from sqlalchemy.dialects.sqlite import insert
        elif self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:  # pragma: no cover
            return table.insert()
        return insert(table).on_conflict_do_nothing(index_elements=[key])

    # --- reading ---------------------------------------------------------------------------

    def _records(self) -> sa.FromClause:
        """``records``, or for an older store (read-only) a stand-in: rows from before incidents are the
        default incident's, a figure from before qualifiers has qualifier ``""``."""
        return self._as_read(records)

    def _station_events(self) -> sa.FromClause:
        return self._as_read(station_events)

    def _as_read(self, table: sa.Table) -> sa.FromClause:
        absent = {c.split(".", 1)[1] for c in self.missing_columns if c.split(".", 1)[0] == table.name}
        if self.legacy:
            absent.add("incident")
        return table if not absent else _older(table, absent)

    def count(self) -> int:
        """How many records the store holds for its incident."""

        def work():
            with self.engine.connect() as conn:
                r = self._records()
                return int(conn.execute(sa.select(sa.func.count()).select_from(r).where(r.c.incident == self.incident)).scalar())

        return self._run(work)

    def version(self) -> tuple[int, int, int, int]:
        """(records, station events, retractions, notes) counts of the incident: an append-only store changes exactly when these do."""

        def work():
            r, e, x, o = self._records(), self._station_events(), self._table(retractions), self._table(notes)
            with self.engine.connect() as conn:
                n = conn.execute(sa.select(sa.func.count()).select_from(r).where(r.c.incident == self.incident)).scalar()
                m = conn.execute(sa.select(sa.func.count()).select_from(e).where(e.c.incident == self.incident)).scalar()
                q = sa.select(sa.func.count()).select_from(x.join(r, r.c.id == x.c.record_id)).where(r.c.incident == self.incident)
                k = conn.execute(q).scalar()
                j = conn.execute(sa.select(sa.func.count()).select_from(o).where(o.c.incident == self.incident)).scalar()
            return int(n), int(m), int(k), int(j)

        return self._run(work)

    def records(self, *, metrics: Iterable[str] | None = None) -> pd.DataFrame:
        """Every record of the incident (optionally of some metrics) as a DataFrame with UTC times.

        Retracted records are included, flagged: ``retracted`` (bool), ``retracted_by`` and
        ``retraction_reason`` (empty when not retracted). :mod:`sitrep.timeline` leaves them out.
        ``qualifier`` is a key of :data:`sitrep.records.QUALIFIERS` (``""`` for a figure as
        stated, and for every figure of a store from before qualifiers).
        """
        rec, r = self._records(), self._table(retractions)
        j = rec.outerjoin(r, r.c.record_id == rec.c.id)
        q = sa.select(
            *(rec.c[c.name] for c in records.columns),
            (r.c.record_id.is_not(None)).label("retracted"),
            sa.func.coalesce(r.c.author, "").label("retracted_by"),
            sa.func.coalesce(r.c.reason, "").label("retraction_reason"),
        ).select_from(j).where(rec.c.incident == self.incident).order_by(rec.c.observed_at, rec.c.id)  # fmt: skip
        if metrics:
            q = q.where(rec.c.metric.in_([m.lower() for m in metrics]))
        df = self._frame(q)
        df["retracted"] = df["retracted"].astype(bool)
        df["qualifier"] = df["qualifier"].fillna("").astype(str)
        return df

    #: Columns of :meth:`notes`, in order.
    NOTE_COLUMNS = ("id", "section", "text", "observed_at", "reported_at", "source", "source_url", "author", "entered_at")

    def notes(self) -> pd.DataFrame:
        """Every timeline note of the incident, oldest observed first (ties by id).

        Columns :attr:`NOTE_COLUMNS`: ``observed_at`` and ``entered_at`` UTC, ``reported_at``
        UTC or NaT. An incident without notes (or an older store, read-only, without the
        ``notes`` table) gives an empty frame with these columns.
        """
        o = self._table(notes)
        q = (sa.select(*(o.c[name] for name in self.NOTE_COLUMNS)).where(o.c.incident == self.incident)
             .order_by(o.c.observed_at, o.c.id))  # fmt: skip
        df = self._frame(q)
        for name in ("section", "text", "source", "source_url", "author"):
            df[name] = df[name].fillna("").astype(str)
        df["id"] = df["id"].astype("int64")
        return df

    def station_events(self) -> pd.DataFrame:
        """Every station event of the incident as a DataFrame with UTC times, and who entered it (``author``, may be empty)."""
        ev, a = self._station_events(), self._table(station_event_authors)
        j = ev.outerjoin(a, a.c.station_event_id == ev.c.id)
        q = (sa.select(*(ev.c[c.name] for c in station_events.columns), sa.func.coalesce(a.c.author, "").label("author"))
             .select_from(j).where(ev.c.incident == self.incident).order_by(ev.c.at, ev.c.id))  # fmt: skip
        return self._frame(q)

    # --- retractions -----------------------------------------------------------------------

    def retract(self, record_id: int, *, author: str, reason: str) -> bool:
        """Retract record ``record_id`` of this incident (wrong, with no replacement); True if newly retracted.

        Append-only: a retraction is never undone in place. Retracting a retracted record
        changes nothing (returns False). A reason is required; a record of another incident
        cannot be retracted through this store.
        """
        reason = (reason or "").strip()
        if not reason:
            raise InputError(None, "a retraction needs a reason (what was wrong with the figure)", field="note")

        def work(conn):
            owner = conn.execute(sa.select(records.c.incident).where(records.c.id == int(record_id))).scalar()
            if owner is None:
                raise InputError(None, f"record {record_id} does not exist, so it cannot be retracted", field="retract")
            if owner != self.incident:
                raise InputError(None, f"record {record_id} belongs to incident {owner!r}, not {self.incident!r}; "
                                       "retract it in its own incident", field="retract")  # fmt: skip
            entered = pd.Timestamp.now(tz="UTC").tz_localize(None).to_pydatetime()
            stmt = self._insert_ignore(retractions, "record_id").values(record_id=int(record_id), author=author, reason=reason,
                                                                        entered_at=entered)  # fmt: skip
            return conn.execute(stmt.returning(retractions.c.record_id)).scalar() is not None

        return self._write(work)

    # --- accounts --------------------------------------------------------------------------

    def add_user(self, name: str, role: str, password_hash: str | None) -> None:
        """Create an account; an existing name is an error (use :meth:`set_role` / :meth:`set_password_hash`)."""
        name, role = check_name(name), check_role(role)
        created = pd.Timestamp.now(tz="UTC").tz_localize(None).to_pydatetime()

        def work(conn):
            stmt = self._insert_ignore(users, "name").values(name=name, role=role, password_hash=password_hash, created_at=created)
            if conn.execute(stmt.returning(users.c.name)).scalar() is None:  # (rowcount is -1 on PostgreSQL here)
                raise InputError(None, f"an account named {name!r} already exists", field="name")

        self._write(work)

    def users(self) -> pd.DataFrame:
        """Accounts: ``name``, ``role``, ``created_at`` (UTC), ``has_password``. Never the hashes."""
        u = self._table(users)  # (an older store opened read-only: no accounts)
        q = sa.select(u.c.name, u.c.role, u.c.created_at, u.c.password_hash.is_not(None).label("has_password"))
        df = self._frame(q.order_by(u.c.name))
        df["has_password"] = df["has_password"].astype(bool)
        return df

    def user_role(self, name: str) -> str | None:
        """The role of account ``name``, or None when there is no such account."""

        def work():
            with self.engine.connect() as conn:
                u = self._table(users)
                return conn.execute(sa.select(u.c.role).where(u.c.name == name)).scalar()

        return self._run(work)

    def user_fingerprint(self, name: str) -> str | None:
        """The account's :func:`~sitrep.accounts.credential_fingerprint` (changes with its password), or None."""

        def work():
            with self.engine.connect() as conn:
                u = self._table(users)
                return conn.execute(sa.select(u.c.name, u.c.password_hash, u.c.created_at).where(u.c.name == name)).first()

        row = self._run(work)
        return None if row is None else credential_fingerprint(row.name, row.password_hash, row.created_at)

    def authenticate(self, name: str, password: str) -> User | None:
        """The account ``name`` (with its credential fingerprint) when ``password`` matches its bcrypt hash, else None.

        The cost is the same either way.
        """

        def work():
            with self.engine.connect() as conn:
                u = self._table(users)
                q = sa.select(u.c.name, u.c.role, u.c.password_hash, u.c.created_at).where(u.c.name == name)
                return conn.execute(q).first()

        row = self._run(work)
        ok = verify_password(password, row.password_hash if row is not None else None)
        if not ok or row is None:
            return None
        return User(row.name, row.role, credential_fingerprint(row.name, row.password_hash, row.created_at))

    def set_role(self, name: str, role: str) -> None:
        """Change the role of an existing account."""
        self._update_user(name, role=check_role(role))

    def set_password_hash(self, name: str, password_hash: str) -> None:
        """Replace the password hash of an existing account."""
        self._update_user(name, password_hash=password_hash)

    def remove_user(self, name: str) -> None:
        """Delete an account (the figures it entered keep its name as their author)."""

        def work(conn):
            if conn.execute(users.delete().where(users.c.name == name)).rowcount != 1:
                raise InputError(None, f"there is no account named {name!r}", field="name")

        self._write(work)

    def _update_user(self, name: str, **values) -> None:
        def work(conn):
            if conn.execute(users.update().where(users.c.name == name).values(**values)).rowcount != 1:
                raise InputError(None, f"there is no account named {name!r}", field="name")

        self._write(work)

    def _table(self, table: sa.Table) -> sa.FromClause:
        """``table``, or an empty stand-in with its columns when this (older, read-only) store lacks it."""
        if table.name not in self.missing:
            return table
        empty = sa.select(*(sa.cast(sa.null(), c.type).label(c.name) for c in table.columns)).where(sa.false())
        return empty.subquery(table.name)

    def _frame(self, query: sa.Select) -> pd.DataFrame:
        """The rows of ``query`` as a DataFrame, every stored value checked against its column.

        Date-times come back as UTC timestamps, numbers as numbers. A value that is not what
        its column holds (text in a date-time or number column, an empty required column: a
        store changed by other software) or a failing query raises :class:`InputError`
        naming the store, the row id and the table and column. Every date-time column of
        ``query`` is converted, found by its type.
        """
        columns = list(query.selected_columns)
        # date-times read as stored (text in SQLite), parsed and checked here rather than by the driver
        raw = query.with_only_columns(
            *(sa.type_coerce(c, sa.Text).label(c.name) if isinstance(c.type, sa.DateTime) else c for c in columns),
            maintain_column_froms=True,
        )

        def work():
            with self.engine.connect() as conn:
                try:
                    return pd.read_sql(raw, conn)
                except pd.errors.DatabaseError as exc:  # pandas wraps the database's error: unwrap it
                    if isinstance(exc.__cause__, sa.exc.SQLAlchemyError):  # (busy retries, one-line errors)
                        raise exc.__cause__ from None
                    raise

        try:
            df = self._run(work)
        except (pd.errors.DatabaseError, sa.exc.SQLAlchemyError) as exc:
            cause = exc.__cause__ or exc
            text = " ".join(str(getattr(cause, "orig", None) or cause).split("\n")[0].split()) or type(cause).__name__
            raise InputError(self.where, self._redact(f"cannot be read ({text}); expected a sitrep timeline store")) from None
        except (ValueError, TypeError, OverflowError) as exc:
            raise InputError(self.where, self._redact(f"holds a value sitrep cannot read ({exc}); "
                                                      "expected a sitrep timeline store")) from None  # fmt: skip
        for c in columns:
            df[c.name] = self._checked(df, c)
        return df

    def _checked(self, df: pd.DataFrame, column) -> pd.Series:
        """Column ``column`` of ``df`` converted to its kind; a value that does not fit raises :class:`InputError`."""
        values, kind = df[column.name], _kind(column.type)
        if kind == "datetime":
            try:
                out = pd.to_datetime(values, utc=True, format="ISO8601", errors="coerce")
            except (ValueError, TypeError, OverflowError):
                out = pd.Series([_timestamp(v) for v in values], index=values.index, dtype="datetime64[ns, UTC]")
            expected = "a date and time (UTC)"
        elif kind in ("int", "float"):
            out = pd.to_numeric(values, errors="coerce")
            expected = "a number"
        else:
            return values
        bad = values.notna() & out.isna()
        if not getattr(column, "nullable", True):
            bad |= values.isna()
        if bad.any():
            i = bad.idxmax()
            value = values[i]
            table = getattr(getattr(column, "table", None), "name", None)
            field = f"{table}.{column.name}" if table else column.name
            row = f"row id {df['id'][i]}" if "id" in df.columns and column.name != "id" else f"row {i + 1}"
            shown = "nothing" if pd.isna(value) else repr(value if len(str(value)) <= 40 else f"{str(value)[:40]}...")
            raise InputError(self.where, self._redact(f"holds {shown}, not {expected}; the store was changed by "
                                                      "something other than sitrep"), row=row, field=field)  # fmt: skip
        return out

    # --- plumbing --------------------------------------------------------------------------

    def _write(self, work: Callable[[sa.Connection], T], *, foreign_keys_off: bool = False) -> T:
        """``work(conn)`` in one write transaction, with busy retries.

        ``foreign_keys_off`` (SQLite): foreign keys are not enforced during the transaction
        (a migration recreating a referenced table) and checked before it commits.
        """
        if self.read_only:
            raise InputError(self.where, "was opened read-only; nothing can be stored through it")

        def attempt():
            if not foreign_keys_off:
                with self.engine.begin() as conn:
                    return work(conn)
            with self.engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                raw.execute("PRAGMA foreign_keys=OFF")  # (a no-op inside a transaction: set before BEGIN)
                try:
                    with conn.begin():
                        out = work(conn)
                        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                        if broken:
                            raise InputError(self.where, f"a row of table {broken[0][0]} refers to a missing row of "
                                                         f"{broken[0][2]}; the store was changed by something other than sitrep")  # fmt: skip
                    return out
                finally:
                    raw.execute("PRAGMA foreign_keys=ON")

        return self._run(attempt)

    def _run(self, fn: Callable[[], T]) -> T:
        """``fn()`` with busy retries; a database failure becomes one :class:`InputError` line."""
        try:
            return _retry(fn)
        except (DBAPIError, sqlite3.Error) as exc:
            raise self._error(exc) from None

    def _error(self, exc: DBAPIError | sqlite3.Error) -> InputError:
        """The failure as one line naming the store, with every password redacted."""
        orig = getattr(exc, "orig", None) or exc
        text = " ".join(str(orig).split("\n")[0].split()) or type(orig).__name__
        low = text.lower()
        for needle, meaning in _FAILURES:
            if needle in low:
                text = f"{meaning} ({text})" if meaning else text
                break
        return InputError(self.where, self._redact(f"cannot be used: {text}"))

    def _redact(self, text: str) -> str:
        return _redact_text(text, self._secrets)


#: Database failures people meet, and what to tell them (matched lower-case in the driver's text).
_FAILURES = (
    ("file is not a database", "not an SQLite database (corrupt, encrypted or another kind of file); "
                               "expected a sitrep timeline file"),
    ("readonly database", "the store is read-only for this user; storing needs write access to the file and its folder"),
    ("unable to open database file", "SQLite cannot open the file; check that it and its folder exist and are readable"),
    ("password authentication failed", "the server refused the user name or password"),
    ("no password supplied", "the server wants a password; give it in the URL or in ~/.pgpass"),
    ("connection refused", "no database server answers at that address; is it running, are host and port right?"),
    ("does not exist", ""),
    ("could not translate host name", "unknown host name"),
    ("value too long", "a text is longer than its column allows"),
    ("disk i/o error", "the disk failed while reading or writing the store"),
    ("database or disk is full", "the disk is full"),
)


#: The tables that make a database sitrep's: every schema version since the first had all of
#: their columns (with these types) and their append-only triggers. The other tables are side
#: tables a newer schema added.
_IDENTITY = ("records", "station_events")
_IDENTITY_TRIGGERS = {
    "sqlite": {f"{t}_no_{op}" for t in _IDENTITY for op in ("update", "delete")},
    "postgresql": {f"{t}_append_only" for t in _IDENTITY},
}


def _kind(type_: sa.types.TypeEngine) -> str:
    """The kind of a column type (``int``, ``float``, ``datetime``, ``text``), for comparing schemas."""
    if isinstance(type_, sa.DateTime):
        return "datetime"
    if isinstance(type_, sa.Integer):
        return "int"
    if isinstance(type_, (sa.Float, sa.Numeric)):
        return "float"
    if isinstance(type_, sa.String):
        return "text"
    return "other"


def _sqlite_kind(declared: str) -> str:
    """The kind of an SQLite column from its declared type (SQLite's affinity rules, and DATETIME)."""
    d = (declared or "").upper()
    if "INT" in d:
        return "int"
    if "DATE" in d or "TIME" in d:
        return "datetime"
    if any(k in d for k in ("CHAR", "CLOB", "TEXT")):
        return "text"
    if any(k in d for k in ("REAL", "FLOA", "DOUB", "NUMERIC", "DECIMAL")):
        return "float"
    return "other"


@dataclasses.dataclass(frozen=True)
class _Found:
    """What :meth:`Store._inspect` found."""

    state: str  # new, sitrep, outdated, newer, foreign
    missing: frozenset[str]  # tables of the current schema the store lacks
    revision: str | None  # alembic_version's, None before migrations
    has_incident: bool  # records and station events carry ``incident`` (revision 0002 and later)
    missing_columns: frozenset[str]  # "table.column" of the current schema the store's tables lack (but incident)


def _classify(found: dict[str, dict[str, str]], triggers: set[str] = frozenset(), *, dialect: str = "sqlite",
              revision: str | None = None) -> str:  # fmt: skip
    """``"new"``, ``"sitrep"``, ``"outdated"``, ``"newer"`` or ``"foreign"`` (see :meth:`Store.inspect`).

    ``found`` maps each table to {column: kind} (:func:`_kind`); ``triggers`` are the names of
    the triggers in the database; ``revision`` is the one ``alembic_version`` holds.
    """
    if not set(found) & set(metadata.tables):
        return "new" if not found or (set(found) == {"alembic_version"} and revision is None) else "foreign"

    def same(name: str) -> bool:
        have = found.get(name)
        return have is not None and all(have.get(c) == _kind(t) for c, t in IDENTITY_COLUMNS[name].items())

    if not all(same(name) for name in _IDENTITY):
        return "foreign"
    if not _IDENTITY_TRIGGERS.get(dialect, set()) <= triggers:
        return "foreign"
    if revision is not None and revision not in REVISIONS:
        return "newer"
    complete = all(name in found and {c.name for c in t.columns} <= set(found[name]) for name, t in metadata.tables.items())
    return "sitrep" if complete and revision == HEAD else "outdated"


def check_column_lengths(items: Sequence[Record | StationEvent | Note], *, path: str | Path | None = None) -> None:
    """Refuse text longer than its column allows (PostgreSQL would fail mid-batch; SQLite would store it).

    Raises :class:`InputError` naming the row (for several items) and the field.
    """
    for i, item in enumerate(items):
        table = _table_of(item)
        for col in table.columns:
            limit = getattr(col.type, "length", None)
            value = getattr(item, col.name, None)
            if limit and isinstance(value, str) and len(value) > limit:
                row = f"row {i + 1} (line {i + 2})" if path is not None else (f"item {i + 1}" if len(items) > 1 else None)
                raise InputError(path, f"{len(value)} characters is too long; at most {limit}", row=row, field=col.name)


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file as dicts of text, with clear errors for unreadable files.

    A row with more fields than the header is refused, naming it: an unquoted comma in a
    field (``rest in progress; 57 staff, 16 vehicles``) would otherwise cut the field short
    and drop the rest without a word.
    """
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            rows = []
            for i, row in enumerate(reader):
                if None in row:  # DictReader's key for the fields beyond the header
                    n, extra = len(reader.fieldnames or ()), len(row[None])
                    raise InputError(path, f"has {n + extra} fields, the header {n}; quote a field that holds a comma "
                                           '("57 staff, 16 vehicles")', row=f"row {i + 1} (line {i + 2})")  # fmt: skip
                rows.append({(k or "").strip().lower(): v for k, v in row.items()})
            return rows
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text; expected a CSV file") from None
    except (OSError, csv.Error) as exc:
        raise InputError(path, f"could not be read as CSV: {exc}") from None


def _as_correction(conn, item: Record, incident: str) -> Record:
    """Check a correction against the record it corrects (:func:`sitrep.records.correction_problem`),
    which must be a record of ``incident``.

    It gets that record's scope (its own, if given, must be the same up to case and spacing).
    """
    from .records import correction_problem  # (may join the import of .records above; here to keep this edit in one function)

    query = sa.select(records.c.metric, records.c.scope, records.c.observed_at, records.c.incident)
    target = conn.execute(query.where(records.c.id == item.corrects)).first()
    if target is None:
        raise InputError(None, f"record {item.corrects} does not exist, so it cannot be corrected", field="corrects")
    if target.incident != incident:
        raise InputError(None, f"record {item.corrects} belongs to incident {target.incident!r}, not {incident!r}; "
                               "a correction corrects a record of its own incident", field="corrects")  # fmt: skip
    observed = pd.Timestamp(target.observed_at)
    observed = observed.tz_localize("UTC") if observed.tzinfo is None else observed.tz_convert("UTC")
    problem = correction_problem(item, target_id=int(item.corrects), target_metric=target.metric, target_scope=target.scope or "",
                                 target_observed_at=observed)  # fmt: skip
    if problem is not None:
        raise InputError(None, problem[1], field=problem[0])
    return dataclasses.replace(item, scope=target.scope or "")


def _older(table: sa.Table, absent: set[str]) -> sa.Subquery:
    """``table`` of an older store, read as it is: each ``absent`` column reads as :data:`_ABSENT` says
    (``incident``: the default incident, a store from before incidents held only that one; ``qualifier``: ``""``)."""
    columns = [c if c.name not in absent else sa.literal(_ABSENT[c.name](), c.type).label(c.name) for c in table.columns]
    return sa.select(*columns).subquery(table.name)


def _table_of(item: Record | StationEvent | Note) -> sa.Table:
    return records if isinstance(item, Record) else notes if isinstance(item, Note) else station_events


def _row(item: Record | StationEvent | Note, h: str, entered, batch: str, incident: str) -> dict:
    def naive(ts):
        return None if ts is None else ts.tz_convert("UTC").tz_localize(None).to_pydatetime()

    if isinstance(item, Record):
        return dict(content_hash=h, metric=item.metric, value=item.value, unit=item.unit, scope=item.scope,
                    observed_at=naive(item.observed_at), reported_at=naive(item.reported_at), entered_at=entered,
                    source=item.source, source_url=item.source_url, author=item.author, note=item.note,
                    corrects=item.corrects, batch=batch, incident=incident, qualifier=item.qualifier)  # fmt: skip
    if isinstance(item, Note):
        return dict(content_hash=h, section=item.section, text=item.text, observed_at=naive(item.observed_at),
                    reported_at=naive(item.reported_at), entered_at=entered, source=item.source, source_url=item.source_url,
                    author=item.author, batch=batch, incident=incident)  # fmt: skip
    return dict(content_hash=h, station_id=item.station_id, status=item.status, at=naive(item.at),
                entered_at=entered, source=item.source, note=item.note, batch=batch, incident=incident)  # fmt: skip


def _timestamp(value) -> pd.Timestamp:
    """One stored date-time as a UTC timestamp (naive means UTC); NaT when it is not one."""
    try:
        ts = pd.Timestamp(value)
        return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    except (ValueError, TypeError, OverflowError):
        return pd.NaT


def _retry(fn: Callable[[], T]) -> T:
    for attempt in range(RETRIES):
        try:
            return fn()
        except OperationalError as exc:
            if not _is_busy(exc) or attempt == RETRIES - 1:
                if _is_busy(exc):
                    raise StoreBusyError("the timeline database stayed locked by other writers; try again") from None
                raise
            wait = min(3.0, 0.05 * 2**attempt) * (0.5 + random.random())
            log.info("timeline database busy; retrying in %.2f s", wait)
            time.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def _is_busy(exc: DBAPIError) -> bool:
    text = str(exc.orig if getattr(exc, "orig", None) else exc).lower()
    return "locked" in text or "busy" in text


def _sqlite_connect_read_only(path: Path) -> sqlite3.Connection:
    """Open ``path`` read-only (``mode=ro``); ``immutable=1`` when even the WAL index cannot be made.

    A WAL-mode file needs its ``-shm`` index; in a folder this user cannot write, and with no
    writer active (no ``-shm`` to share), SQLite can read it only as immutable.
    """
    uri = f"file:{urllib.parse.quote(str(path))}?mode=ro"
    con = sqlite3.connect(uri, uri=True, timeout=5, check_same_thread=False)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return con
    except sqlite3.OperationalError as exc:
        con.close()
        text = str(exc).lower()
        shm = Path(f"{path}-shm")
        if ("readonly" in text or "unable to open" in text) and not shm.exists():
            log.info("opening %s as immutable: its folder is read-only and no writer is active", path)
            return sqlite3.connect(uri + "&immutable=1", uri=True, timeout=5, check_same_thread=False)
        raise


def _sqlite_on_connect(dbapi_conn, _record) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN IMMEDIATE instead of pysqlite's deferred BEGIN.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin_immediate(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _fault_injection(n_rows: int) -> None:
    seconds = os.environ.get(FAULT_ENV)
    if seconds:
        print(f"sitrep: fault injection: {n_rows} rows written, sleeping {seconds} s inside the transaction", file=sys.stderr, flush=True)
        time.sleep(float(seconds))
