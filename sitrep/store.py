"""The incident timeline store: append-only records in a real database (SQLAlchemy Core).

Where it lives
    ``SITREP_DB`` names it: any SQLAlchemy URL (``postgresql+psycopg://...`` for a shared
    deployment) or a plain file path (an SQLite file). Default:
    ``$XDG_DATA_HOME/sitrep/sitrep.sqlite`` (``~/.local/share/sitrep/sitrep.sqlite``).
    The schema is created on first use and, while the store holds no records, seeded from
    the bundled scenario's ``timeline.csv`` and ``station_events.csv``.

Append-only
    Nothing is updated or deleted: a correction is a new record whose ``corrects`` names the
    record it corrects; a figure that was wrong with no replacement gets a row in
    ``retractions`` (who, why, when). Triggers refuse UPDATE and DELETE outright (and
    TRUNCATE on PostgreSQL) on records, station events, their authors and retractions.

Who entered what
    Records carry ``author``; station events get theirs in the side table
    ``station_event_authors``. Accounts (``users``: name, role, bcrypt hash) live here
    too, so a PostgreSQL deployment shares them; see :mod:`sitrep.accounts`.

Idempotent
    Each row carries the SHA-256 of its content (everything but entry time) under a UNIQUE
    constraint; storing the same figure twice stores it once.

Secrets, typos and other people's files
    A password in the URL (``user:pw@``, ``?password=``, URL-encoded or not, even in a URL
    too malformed to parse) is never shown: :attr:`Store.url`, errors, logs and report
    manifests carry :func:`redact_url`'s ``***`` instead. Text that starts like a URL
    (``postgresql+psycopg:/u@h/db``, ``sqlite:x.db``, ``postgres//h/db``) but is not one is an
    error, never a new SQLite file in a folder named after it. An SQLite file that is not
    sitrep's (other tables, not a database, a folder) is refused before anything is written
    to it; a missing or 0-byte file is created. Every database failure (server down, wrong
    password, no such database, read-only file) is one line naming the store, no traceback.

Read-only use
    ``open_store(read_only=True)`` (``sitrep timeline``, ``sitrep report``) opens an existing
    store without writing anything: no schema, no seed, no journal-mode switch, and SQLite
    opens the file with ``mode=ro`` (``immutable=1`` when even SQLite's shared-memory index
    cannot be created, i.e. the folder is read-only and no writer is active). A store that
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

from .accounts import User, check_name, check_role, verify_password
from .errors import InputError, SitrepError
from .records import Record, StationEvent, validate_rows
from .settings import DATA_DIR, DEFAULT_SCENARIO

__all__ = ["as_db_url", "default_db_url", "redact_url", "Store", "StoreBusyError", "open_store"]

log = logging.getLogger("sitrep")
T = TypeVar("T")

metadata = sa.MetaData()

records = sa.Table(
    "records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
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
)

station_events = sa.Table(
    "station_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("station_id", sa.String(80), nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("entered_at", sa.DateTime, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("batch", sa.String(32), nullable=False),
    sa.CheckConstraint("status IN ('out', 'restored')", name="status_out_or_restored"),
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

_APPEND_ONLY_TABLES = ("records", "station_events", "station_event_authors", "retractions")

_APPEND_ONLY_SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS {t}_no_{op.lower()} BEFORE {op} ON {t} "
    f"BEGIN SELECT RAISE(ABORT, 'the timeline is append-only: add a correcting record instead'); END"
    for t in _APPEND_ONLY_TABLES
    for op in ("UPDATE", "DELETE")
]

_APPEND_ONLY_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION sitrep_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'the timeline is append-only: add a correcting record instead'; END $$",
    *(
        f"CREATE OR REPLACE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} "
        "FOR EACH ROW EXECUTE FUNCTION sitrep_append_only()"
        for t in _APPEND_ONLY_TABLES
    ),
    *(
        f"CREATE OR REPLACE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} "
        "FOR EACH STATEMENT EXECUTE FUNCTION sitrep_append_only()"
        for t in _APPEND_ONLY_TABLES
    ),
]

#: Retries of a busy database: 10 attempts, waits from 50 ms doubling to 3 s (with jitter).
RETRIES = 10
FAULT_ENV = "SITREP_FAULT_SLEEP_IN_TX"  # test hook: seconds to sleep inside a write transaction


class StoreBusyError(SitrepError):
    """The database stayed locked through every retry."""


# --- where the store is: URLs, typos, secrets ---------------------------------------------------

#: Query parameters and DSN keys whose value is a secret.
_SECRET_KEYS = r"(?:ssl)?password|passwd|pwd|pass|secret|token|api_?key|access_token"
_SECRET_VALUE = re.compile(rf"(?i)(?<![\w])({_SECRET_KEYS})(\s*=\s*)('[^']*'|\"[^\"]*\"|[^\s&;,)'\"]*)")
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
    if "://" in text:
        try:
            parsed = sa.engine.make_url(text.strip())
        except (ArgumentError, ValueError, TypeError):
            parsed = None
        if parsed is not None and parsed.password is not None:
            text = parsed.render_as_string(hide_password=True)
    return _redact_text(text)


def _redact_text(text: str) -> str:
    def userinfo(m: re.Match) -> str:
        return f"{m['scheme'] or ''}{m['user']}:***@" if m["pw"] != "***" else m[0]

    text = _USERINFO.sub(userinfo, text)
    return _SECRET_VALUE.sub(lambda m: f"{m[1]}{m[2]}***", text)


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
    """``SITREP_DB`` (a URL or a file path), else the SQLite file under XDG_DATA_HOME."""
    value = os.environ.get("SITREP_DB", "").strip()
    if not value:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        value = str(base / "sitrep" / "sitrep.sqlite")
    return as_db_url(value, option="SITREP_DB")


def open_store(url: str | None = None, *, scenario: str = DEFAULT_SCENARIO, seed: bool = True, read_only: bool = False) -> Store:
    """Open the store at ``url``, a URL or file path (default :func:`default_db_url`).

    A new store (no file, a 0-byte file, a database without tables) is created and, with
    ``seed``, seeded from ``scenario``. With ``read_only`` an existing sitrep store is
    opened without writing anything (see the module docstring). A file or database that
    holds something else than sitrep's tables raises :class:`InputError` and is left as
    it was.
    """
    store = Store(as_db_url(url) if url else default_db_url(), create_folder=False)
    state = store.inspect()
    store.engine.dispose()
    if state == "foreign":
        raise InputError(store.where, "holds tables that are not sitrep's; expected a sitrep timeline store "
                                      "(a new file name, or an empty database)")  # fmt: skip
    if read_only and state == "sitrep":
        return Store(store._url, read_only=True)
    # new or outdated (a table of a newer schema missing): create what is missing, seed if empty
    store = Store(store._url)
    store.create()
    if seed:
        store.seed_if_empty(scenario)
    return store


class Store:
    """Append-only timeline records and station events in one database.

    :attr:`url` is the URL as shown to people (password redacted); :attr:`where` is the
    file path for SQLite, else :attr:`url`.
    """

    def __init__(self, url: str, *, read_only: bool = False, create_folder: bool = True) -> None:
        self._url = url
        self.url = redact_url(url)
        self.read_only = read_only
        try:
            sa_url = sa.engine.make_url(url)
        except (ArgumentError, ValueError, TypeError):
            raise InputError(None, f"not a database URL or file path: {self.url!r}; {_URL_EXPECTED}", field="SITREP_DB") from None
        self._password = sa_url.password
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
        ``"sitrep"`` (every table of the current schema), ``"outdated"`` (sitrep's records and
        station events, but a table of a newer schema missing: :meth:`create` adds it) or
        ``"foreign"`` (an SQLite file with other tables, or tables named like sitrep's that
        are not). A folder, a file that is not an SQLite database, or an unreachable server
        raises :class:`InputError`.
        """
        if self.path is not None:
            if self.path.is_dir():
                raise InputError(self.path, "is a folder; expected an SQLite file such as sitrep.sqlite, or a database URL")
            if not self.path.exists() or self.path.stat().st_size == 0:
                return "new"

            def tables():
                con = _sqlite_connect_read_only(self.path)
                try:
                    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
                    return {n: {r[0] for r in con.execute("SELECT name FROM pragma_table_info(?)", (n,))}
                            for n in names if not n.startswith("sqlite_")}  # fmt: skip
                finally:
                    con.close()
        else:

            def tables():
                with self.engine.connect() as conn:
                    insp = sa.inspect(conn)
                    return {n: {c["name"] for c in insp.get_columns(n)} for n in insp.get_table_names() if n in metadata.tables}

        return _classify(self._run(tables))

    # --- schema and seed -----------------------------------------------------------------

    def create(self) -> None:
        """Create tables (and SQLite's append-only triggers) if they do not exist."""

        def work(conn):
            if conn.dialect.name == "postgresql":
                # concurrent CREATE OR REPLACE of the same function fails ("tuple concurrently updated")
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7202501070905)")
            metadata.create_all(conn)
            ddl = _APPEND_ONLY_SQLITE if self.is_sqlite else _APPEND_ONLY_POSTGRESQL if conn.dialect.name == "postgresql" else []
            for statement in ddl:
                conn.exec_driver_sql(statement)

        self._write(work)

    def seed_if_empty(self, scenario: str = DEFAULT_SCENARIO) -> int:
        """Load the scenario's timeline and station events when the store has no records."""
        if self.count() > 0:
            return 0
        folder = DATA_DIR / scenario
        n = 0
        for name, events in (("timeline.csv", False), ("station_events.csv", True)):
            path = folder / name
            if path.is_file():
                n += self.ingest_csv(path, station_events=events, batch=f"seed-{scenario}")
        log.info("seeded the timeline store with %d rows from %s", n, folder)
        return n

    # --- writing ---------------------------------------------------------------------------

    def append(self, items: Sequence[Record | StationEvent], *, batch: str | None = None) -> list[tuple[int, bool]]:
        """Store ``items`` in one transaction; returns (id, newly stored?) for each, in order.

        Records already stored (same content) are not stored again; their existing id is
        returned with ``False``.
        """
        check_column_lengths(items)
        batch = batch or f"b{time.time_ns():x}"
        entered = pd.Timestamp.now(tz="UTC").tz_localize(None).to_pydatetime()

        def work(conn):
            out = []
            for item in items:
                table = records if isinstance(item, Record) else station_events
                if isinstance(item, Record) and item.corrects is not None:
                    item = _as_correction(conn, item)
                h = item.content_hash()
                # ON CONFLICT DO NOTHING: race-free idempotency, also between concurrent writers
                new_id = conn.execute(self._insert(table).values(**_row(item, h, entered, batch)).returning(table.c.id)).scalar()
                if new_id is None:
                    new_id = conn.execute(sa.select(table.c.id).where(table.c.content_hash == h)).scalar_one()
                    out.append((int(new_id), False))
                else:
                    if isinstance(item, StationEvent) and item.author:
                        conn.execute(station_event_authors.insert().values(station_event_id=int(new_id), author=item.author))
                    out.append((int(new_id), True))
            _fault_injection(len(out))
            return out

        return self._write(work)

    def ingest_csv(self, path: str | Path, *, station_events: bool = False, batch: str | None = None,
                   now: pd.Timestamp | None = None, author: str = "") -> int:  # fmt: skip
        """Validate every row of a CSV file, then store them all in one transaction.

        A bad row raises :class:`InputError` naming the row and field, and nothing is
        stored. Rows without an ``author`` are attributed to ``author``. Returns how many
        rows were new.
        """
        path = Path(path)
        rows = read_csv_rows(path)
        if author:
            rows = [{**row, "author": (row.get("author") or "").strip() or author} for row in rows]
        items = validate_rows(rows, path=str(path), station_events=station_events, now=now)
        check_column_lengths(items, path=path)
        return sum(new for _, new in self.append(items, batch=batch))

    def _insert(self, table: sa.Table):
        if self.is_sqlite:
            from sqlalchemy.dialects.sqlite import insert
        elif self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:  # pragma: no cover - other databases: plain insert, unique constraint still guards
            return table.insert()
        return insert(table).on_conflict_do_nothing(index_elements=["content_hash"])

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

    def count(self) -> int:
        """How many records the store holds."""

        def work():
            with self.engine.connect() as conn:
                return int(conn.execute(sa.select(sa.func.count()).select_from(records)).scalar())

        return self._run(work)

    def version(self) -> tuple[int, int, int]:
        """(records, station events, retractions) counts: an append-only store changes exactly when these do."""

        def work():
            with self.engine.connect() as conn:
                n = conn.execute(sa.select(sa.func.count()).select_from(records)).scalar()
                m = conn.execute(sa.select(sa.func.count()).select_from(station_events)).scalar()
                r = conn.execute(sa.select(sa.func.count()).select_from(retractions)).scalar()
            return int(n), int(m), int(r)

        return self._run(work)

    def records(self, *, metrics: Iterable[str] | None = None) -> pd.DataFrame:
        """Every record (optionally of some metrics) as a DataFrame with UTC times.

        Retracted records are included, flagged: ``retracted`` (bool), ``retracted_by`` and
        ``retraction_reason`` (empty when not retracted). :mod:`sitrep.timeline` leaves them out.
        """
        j = records.outerjoin(retractions, retractions.c.record_id == records.c.id)
        q = sa.select(
            records,
            (retractions.c.record_id.is_not(None)).label("retracted"),
            sa.func.coalesce(retractions.c.author, "").label("retracted_by"),
            sa.func.coalesce(retractions.c.reason, "").label("retraction_reason"),
        ).select_from(j).order_by(records.c.observed_at, records.c.id)  # fmt: skip
        if metrics:
            q = q.where(records.c.metric.in_([m.lower() for m in metrics]))
        df = self._frame(q, ("observed_at", "reported_at", "entered_at"))
        df["retracted"] = df["retracted"].astype(bool)
        return df

    def station_events(self) -> pd.DataFrame:
        """Every station event as a DataFrame with UTC times, and who entered it (``author``, may be empty)."""
        j = station_events.outerjoin(station_event_authors, station_event_authors.c.station_event_id == station_events.c.id)
        q = (sa.select(station_events, sa.func.coalesce(station_event_authors.c.author, "").label("author"))
             .select_from(j).order_by(station_events.c.at, station_events.c.id))  # fmt: skip
        return self._frame(q, ("at", "entered_at"))

    # --- retractions -----------------------------------------------------------------------

    def retract(self, record_id: int, *, author: str, reason: str) -> bool:
        """Retract record ``record_id`` (wrong, with no replacement); True if newly retracted.

        Append-only: a retraction is never undone in place. Retracting a retracted record
        changes nothing (returns False). A reason is required.
        """
        reason = (reason or "").strip()
        if not reason:
            raise InputError(None, "a retraction needs a reason (what was wrong with the figure)", field="note")

        def work(conn):
            if conn.execute(sa.select(records.c.id).where(records.c.id == int(record_id))).first() is None:
                raise InputError(None, f"record {record_id} does not exist, so it cannot be retracted", field="retract")
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
        q = sa.select(users.c.name, users.c.role, users.c.created_at, users.c.password_hash.is_not(None).label("has_password"))
        df = self._frame(q.order_by(users.c.name), ("created_at",))
        df["has_password"] = df["has_password"].astype(bool)
        return df

    def user_role(self, name: str) -> str | None:
        """The role of account ``name``, or None when there is no such account."""

        def work():
            with self.engine.connect() as conn:
                return conn.execute(sa.select(users.c.role).where(users.c.name == name)).scalar()

        return self._run(work)

    def authenticate(self, name: str, password: str) -> User | None:
        """The account ``name`` when ``password`` matches its bcrypt hash, else None (same cost either way)."""

        def work():
            with self.engine.connect() as conn:
                return conn.execute(sa.select(users.c.name, users.c.role, users.c.password_hash).where(users.c.name == name)).first()

        row = self._run(work)
        ok = verify_password(password, row.password_hash if row is not None else None)
        return User(row.name, row.role) if ok and row is not None else None

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

    def _frame(self, query, time_columns: Sequence[str]) -> pd.DataFrame:
        def work():
            with self.engine.connect() as conn:
                return pd.read_sql(query, conn)

        df = self._run(work)
        for col in time_columns:
            df[col] = pd.to_datetime(df[col]).dt.tz_localize("UTC")
        return df

    # --- plumbing --------------------------------------------------------------------------

    def _write(self, work: Callable[[sa.Connection], T]) -> T:
        if self.read_only:
            raise InputError(self.where, "was opened read-only; nothing can be stored through it")

        def attempt():
            with self.engine.begin() as conn:
                return work(conn)

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
        text = _redact_text(text)
        if self._password and len(self._password) >= 4:
            for form in {self._password, urllib.parse.quote(self._password, safe="")}:
                text = text.replace(form, "***")
        return text


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


#: Columns that make a database sitrep's (the identity of every schema version since the first).
_IDENTITY = {
    "records": {"content_hash", "metric", "value", "unit", "observed_at", "source", "batch"},
    "station_events": {"content_hash", "station_id", "status", "at", "batch"},
}


def _classify(found: dict[str, set[str]]) -> str:
    """``"new"``, ``"sitrep"``, ``"outdated"`` or ``"foreign"`` from {table: columns} (see :meth:`Store.inspect`)."""
    if not found:
        return "new"
    if not all(name in found and cols <= found[name] for name, cols in _IDENTITY.items()):
        return "foreign"
    complete = all(name in found and {c.name for c in t.columns} <= found[name] for name, t in metadata.tables.items())
    return "sitrep" if complete else "outdated"


def check_column_lengths(items: Sequence[Record | StationEvent], *, path: str | Path | None = None) -> None:
    """Refuse text longer than its column allows (PostgreSQL would fail mid-batch; SQLite would store it).

    Raises :class:`InputError` naming the row (for several items) and the field.
    """
    for i, item in enumerate(items):
        table = records if isinstance(item, Record) else station_events
        for col in table.columns:
            limit = getattr(col.type, "length", None)
            value = getattr(item, col.name, None)
            if limit and isinstance(value, str) and len(value) > limit:
                row = f"row {i + 1} (line {i + 2})" if path is not None else (f"item {i + 1}" if len(items) > 1 else None)
                raise InputError(path, f"{len(value)} characters is too long; at most {limit}", row=row, field=col.name)


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file as dicts of text, with clear errors for unreadable files."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            return [{(k or "").strip().lower(): v for k, v in row.items()} for row in csv.DictReader(fh)]
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text; expected a CSV file") from None
    except (OSError, csv.Error) as exc:
        raise InputError(path, f"could not be read as CSV: {exc}") from None


def _as_correction(conn, item: Record) -> Record:
    """Check a correction against the record it corrects (:func:`sitrep.records.correction_problem`).

    It gets that record's scope (its own, if given, must be the same up to case and spacing).
    """
    from .records import correction_problem  # (may join the import of .records above; here to keep this edit in one function)

    target = conn.execute(sa.select(records.c.metric, records.c.scope, records.c.observed_at).where(records.c.id == item.corrects)).first()
    if target is None:
        raise InputError(None, f"record {item.corrects} does not exist, so it cannot be corrected", field="corrects")
    observed = pd.Timestamp(target.observed_at)
    observed = observed.tz_localize("UTC") if observed.tzinfo is None else observed.tz_convert("UTC")
    problem = correction_problem(item, target_id=int(item.corrects), target_metric=target.metric, target_scope=target.scope or "",
                                 target_observed_at=observed)  # fmt: skip
    if problem is not None:
        raise InputError(None, problem[1], field=problem[0])
    return dataclasses.replace(item, scope=target.scope or "")


def _row(item: Record | StationEvent, h: str, entered, batch: str) -> dict:
    def naive(ts):
        return None if ts is None else ts.tz_convert("UTC").tz_localize(None).to_pydatetime()

    if isinstance(item, Record):
        return dict(content_hash=h, metric=item.metric, value=item.value, unit=item.unit, scope=item.scope,
                    observed_at=naive(item.observed_at), reported_at=naive(item.reported_at), entered_at=entered,
                    source=item.source, source_url=item.source_url, author=item.author, note=item.note,
                    corrects=item.corrects, batch=batch)  # fmt: skip
    return dict(content_hash=h, station_id=item.station_id, status=item.status, at=naive(item.at),
                entered_at=entered, source=item.source, note=item.note, batch=batch)  # fmt: skip


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
