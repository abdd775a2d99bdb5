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

Concurrent and crash-safe
    Each batch is one transaction (all in or all out; SQLite's journal makes a killed
    process's half batch vanish). SQLite runs in WAL mode and takes the write lock at
    ``BEGIN IMMEDIATE``; a busy database is retried with exponential backoff, so several
    processes may ingest at once without "database is locked" reaching the user.
"""

from __future__ import annotations

import csv
import dataclasses
import logging
import os
import random
import sys
import time
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

__all__ = ["as_db_url", "default_db_url", "Store", "StoreBusyError", "open_store"]

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


def as_db_url(value: str) -> str:
    """A database URL from a URL or a plain file path (an SQLite file)."""
    value = value.strip()
    return value if "://" in value else f"sqlite:///{Path(value).expanduser().resolve()}"


def default_db_url() -> str:
    """``SITREP_DB`` (a URL or a file path), else the SQLite file under XDG_DATA_HOME."""
    value = os.environ.get("SITREP_DB", "").strip()
    if not value:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        value = str(base / "sitrep" / "sitrep.sqlite")
    return as_db_url(value)


def open_store(url: str | None = None, *, scenario: str = DEFAULT_SCENARIO, seed: bool = True) -> Store:
    """Open (creating if needed) the store at ``url``, a URL or file path (default :func:`default_db_url`)."""
    store = Store(as_db_url(url) if url else default_db_url())
    store.create()
    if seed:
        store.seed_if_empty(scenario)
    return store


class Store:
    """Append-only timeline records and station events in one database."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            sa_url = sa.engine.make_url(url)
        except ArgumentError:
            raise InputError(None, f"not a database URL or file path: {url!r}", field="SITREP_DB") from None
        self.is_sqlite = sa_url.get_backend_name() == "sqlite"
        if self.is_sqlite and sa_url.database not in (None, "", ":memory:"):
            folder = Path(sa_url.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(folder, f"cannot create the timeline's folder: {exc.strerror}", field="SITREP_DB") from None
        self.engine: Engine = sa.create_engine(url, connect_args={"timeout": 5} if self.is_sqlite else {})
        if self.is_sqlite:
            sa.event.listen(self.engine, "connect", _sqlite_on_connect)
            sa.event.listen(self.engine, "begin", _sqlite_begin_immediate)

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
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(records)).scalar())

    def version(self) -> tuple[int, int, int]:
        """(records, station events, retractions) counts: an append-only store changes exactly when these do."""
        with self.engine.connect() as conn:
            n = conn.execute(sa.select(sa.func.count()).select_from(records)).scalar()
            m = conn.execute(sa.select(sa.func.count()).select_from(station_events)).scalar()
            r = conn.execute(sa.select(sa.func.count()).select_from(retractions)).scalar()
        return int(n), int(m), int(r)

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
        with self.engine.connect() as conn:
            return conn.execute(sa.select(users.c.role).where(users.c.name == name)).scalar()

    def authenticate(self, name: str, password: str) -> User | None:
        """The account ``name`` when ``password`` matches its bcrypt hash, else None (same cost either way)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(users.c.name, users.c.role, users.c.password_hash).where(users.c.name == name)).first()
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

        df = _retry(work)
        for col in time_columns:
            df[col] = pd.to_datetime(df[col]).dt.tz_localize("UTC")
        return df

    # --- plumbing --------------------------------------------------------------------------

    def _write(self, work: Callable[[sa.Connection], T]) -> T:
        def attempt():
            with self.engine.begin() as conn:
                return work(conn)

        return _retry(attempt)


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
    """Check a correction against the record it corrects; it inherits that record's scope if none given."""
    target = conn.execute(sa.select(records.c.metric, records.c.scope).where(records.c.id == item.corrects)).first()
    if target is None:
        raise InputError(None, f"record {item.corrects} does not exist, so it cannot be corrected", field="corrects")
    if target.metric != item.metric:
        raise InputError(None, f"record {item.corrects} is a {target.metric} figure; a correction must be one too, got {item.metric}", field="corrects")
    return item if item.scope else dataclasses.replace(item, scope=target.scope)


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
