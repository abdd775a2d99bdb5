"""The timeline store's boundary: secrets stay secret, typos are errors, read-only commands
write nothing, and a store that is not sitrep's (or cannot be reached) is one line of error
and is left exactly as it was."""

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from sitrep.errors import InputError
from sitrep.records import validate_record, validate_station_event
from sitrep.store import as_db_url, default_db_url, open_store, redact_url
from tests.test_store import PG_ADMIN, db_url  # noqa: F401  (db_url: the sqlite/postgresql fixture)

ROOT = Path(__file__).resolve().parents[1]
SECRET = "Sup3rS3cret"
INGEST = ("--metric", "deaths", "--value", "7", "--observed-at", "2025-01-07T12:00+08:00", "--source", "test")


def one_line_error(result) -> str:
    """The CLI failed with exit 2 and exactly one 'sitrep: error:' line, no traceback."""
    assert result.code == 2, (result.out, result.err)
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("sitrep: error: "), result.err
    assert "Traceback" not in result.err
    return lines[0]


def snapshot_of(path: Path) -> tuple[bytes, int, int]:
    st = path.stat()
    return path.read_bytes(), st.st_mtime_ns, stat.S_IMODE(st.st_mode)


# --- secrets ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    f"postgresql+psycopg://sitrep:{SECRET}@db.lan/sitrep",
    f"postgresql+psycopg://sitrep@db.lan/sitrep?password={SECRET}&sslmode=require",
    f"postgresql+psycopg://sitrep@db.lan/sitrep?sslmode=require&PWD={SECRET}",
    f"postgresql+psycopg://sitrep:{SECRET}%40%2F%3A@db.lan/sitrep",          # URL-encoded characters
    f"postgresql+psycopg://sitrep:{SECRET}@db.lan:port/sitrep",              # unparsable port
    f"postgresql+psycopg:/sitrep:{SECRET}@db.lan/sitrep",                    # one slash
    f"postgresql+psycopg//sitrep:{SECRET}@db.lan/sitrep",                    # no colon
    f"sitrep:{SECRET}@db.lan/sitrep",                                        # no scheme
    f"host=db.lan user=sitrep password='{SECRET}' dbname=sitrep",            # a libpq DSN in a driver's message
    f"postgresql+psycopg://sitrep@db.lan/sitrep?pass%77ord={SECRET}",        # a percent-encoded key
    f"postgresql+psycopg://sitrep@db.lan/sitrep?%70wd={SECRET}&sslmode=require",
    f"postgresql+psycopg://sitrep@db.lan/sitrep?options=-c%20password%3D{SECRET}",  # a value that sets one
    f"postgresql+psycopg://sitrep@db.lan/sitrep?options=-c+password%3D{SECRET}",
    f"postgresql+psycopg://sitrep@db.lan/sitrep?sslpassword={SECRET}&api_key={SECRET}x",
    f"postgresql+psycopg://sitrep@db.lan:port/sitrep?pass%77ord={SECRET}",    # ... in a URL too malformed to parse
    f"dbname=sitrep host=db.lan pass%77ord%3D{SECRET}",                       # ... and with an encoded '='
])  # fmt: skip
def test_redact_url_hides_the_password_in_every_form(url):
    """One function hides a password however the URL is written, parsable or not."""
    shown = redact_url(url)
    assert SECRET not in shown and "Sup3r" not in shown
    assert "***" in shown
    assert "db.lan" in shown  # the rest stays recognisable


def test_redact_url_leaves_urls_without_secrets_unchanged():
    for url in ("postgresql+psycopg://root@/postgres?host=/var/run/postgresql", "sqlite:////tmp/x.sqlite", "/tmp/a b.sqlite"):
        assert redact_url(url) == url


@pytest.mark.parametrize("url", [
    f"postgresql+psycopg://sitrep:{SECRET}@127.0.0.1:1/sitrep",             # a server that is down
    f"postgresql+psycopg://sitrep@127.0.0.1:1/sitrep?password={SECRET}",
    f"postgresql+psycopg://sitrep:{SECRET}@127.0.0.1:port/sitrep",          # malformed
    f"postgresql+psycopg:/sitrep:{SECRET}@127.0.0.1/sitrep",                # a typo
    f"mysql://sitrep:{SECRET}@127.0.0.1:1/sitrep",                          # a driver that is not installed
    f"postgresql+psycopg://sitrep@127.0.0.1:1/sitrep?pass%77ord={SECRET}",  # a percent-encoded key
    f"postgresql+psycopg://sitrep@127.0.0.1:1/sitrep?options=-c%20password%3D{SECRET}",
])  # fmt: skip
@pytest.mark.parametrize("via", ["--db", "SITREP_DB"])
def test_no_error_shows_the_password(run_cli, monkeypatch, tmp_path, url, via):
    """Errors quote the store's URL with its password redacted, whatever the form and source."""
    monkeypatch.chdir(tmp_path)
    if via == "SITREP_DB":
        monkeypatch.setenv("SITREP_DB", url)
        result = run_cli("timeline")
    else:
        result = run_cli("timeline", "--db", url)
    line = one_line_error(result)
    assert SECRET not in line and SECRET not in result.out
    assert "127.0.0.1" in line


def test_store_url_is_shown_redacted_and_the_real_one_stays_private():
    """``Store.url`` (shown in the app, the manifest, the cache keys) never holds the password."""
    from sitrep.store import Store

    store = Store(f"postgresql+psycopg://sitrep:{SECRET}@127.0.0.1:1/sitrep?sslpassword={SECRET}")
    assert SECRET not in store.url
    assert store.url == "postgresql+psycopg://sitrep:***@127.0.0.1:1/sitrep?sslpassword=***"


def test_errors_hide_every_secret_of_the_parsed_url():
    """The values of secret query keys (decoded, and the secret a value sets) are hidden wherever
    a driver's message quotes them, not only the ``user:pw@`` password."""
    from sitrep.store import Store

    store = Store(f"postgresql+psycopg://sitrep@127.0.0.1:1/sitrep?pass%77ord={SECRET}&options=-c%20password%3D{SECRET}x")
    shown = store._redact(f"FATAL: password {SECRET} rejected; options '-c password={SECRET}x'; bad value {SECRET}x")
    assert SECRET not in shown and "***" in shown


# --- typos --------------------------------------------------------------------------------------


@pytest.mark.parametrize("typo", [
    "postgresql+psycopg:/u:pw@h/db", "postgresql+psycopg:u@h/db", "postgres//h/db", "postgresql+psycopg/u@h/db",
    "sqlite:/x.db", "sqlite:x.db", "http:/h/db",
])  # fmt: skip
def test_a_url_typo_is_an_error_not_a_new_sqlite_file(typo, run_cli, tmp_path, monkeypatch):
    """Text that starts like a URL but is not ``scheme://`` is refused; nothing is created."""
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(InputError, match=r"field '--db'.*looks like a URL but is not scheme://"):
        as_db_url(typo)
    monkeypatch.setenv("SITREP_DB", typo)
    with pytest.raises(InputError, match=r"field 'SITREP_DB'.*expected a database URL"):
        default_db_url()
    line = one_line_error(run_cli("ingest", *INGEST))
    assert "SITREP_DB" in line and "pw@" not in line
    line = one_line_error(run_cli("timeline", "--db", typo))
    assert "'--db'" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_plain_paths_and_real_urls_still_work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert as_db_url("timeline.sqlite") == f"sqlite:///{tmp_path / 'timeline.sqlite'}"
    assert as_db_url("./odd:name.sqlite") == f"sqlite:///{tmp_path / 'odd:name.sqlite'}"
    assert as_db_url("sqlite/data.sqlite") == f"sqlite:///{tmp_path / 'sqlite' / 'data.sqlite'}"
    assert as_db_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


# --- stores that are not sitrep's -----------------------------------------------------------------


def _corrupt(path: Path) -> None:
    path.write_bytes(b"this is not an SQLite database, it is someone's notes\n" * 50)


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        con.execute("INSERT INTO contacts VALUES ('Dawa', '123')")
    con.close()


def _foreign_records(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE records (title TEXT, artist TEXT)")  # a record collection
    con.close()


@pytest.mark.parametrize("make, expected", [
    (_corrupt, "not an SQLite database"),
    (_foreign, "holds tables that are not sitrep's"),
    (_foreign_records, "holds tables that are not sitrep's"),
])  # fmt: skip
@pytest.mark.parametrize("command", [("timeline",), ("ingest", *INGEST)])
def test_a_file_that_is_not_a_sitrep_store_is_refused_and_left_unchanged(run_cli, tmp_path, make, expected, command):
    """Corrupt or foreign SQLite files: one line, and not one byte (or journal mode) changes."""
    path = tmp_path / "theirs.sqlite"
    make(path)
    before = snapshot_of(path)
    line = one_line_error(run_cli(*command, "--db", path))
    assert expected in line and str(path) in line
    assert snapshot_of(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.sqlite"]  # no -wal, no -shm, no -journal


def test_a_folder_as_the_store_is_one_line(run_cli, tmp_path):
    folder = tmp_path / "timeline"
    folder.mkdir()
    for command in (("timeline",), ("ingest", *INGEST)):
        assert "is a folder; expected an SQLite file" in one_line_error(run_cli(*command, "--db", folder))
    assert list(folder.iterdir()) == []


def test_an_empty_file_is_a_new_store(run_cli, tmp_path):
    """A 0-byte file (e.g. from ``touch``) is fine to initialise."""
    path = tmp_path / "new.sqlite"
    path.touch()
    assert run_cli("ingest", *INGEST, "--db", path).code == 0
    assert open_store(str(path)).count() == 22  # seeded 21 + 1


# --- read-only use --------------------------------------------------------------------------------


def existing_store(path: Path) -> None:
    """A seeded store with one more record, closed (checkpointed) as a finished ingest leaves it."""
    store = open_store(str(path))
    store.append([validate_record({"metric": "deaths", "value": "7", "observed_at": "2025-01-07T12:00+08:00", "source": "test"})])
    store.engine.dispose()


def test_read_only_commands_write_nothing_to_an_existing_store(run_cli, tmp_path, private_timeline_store):
    """``timeline`` and ``report`` leave the store's bytes and mtime alone (no schema, seed, pragma)."""
    existing_store(private_timeline_store)
    before = snapshot_of(private_timeline_store)
    assert run_cli("timeline", "--format", "json").code == 0
    assert run_cli("report", "--as-of", "2025-01-07T16:00+08:00", "--out", tmp_path / "r.html").code == 0
    assert snapshot_of(private_timeline_store) == before


def _without_capabilities(tmp_path: Path) -> list[str]:
    """A command prefix running as root without capabilities: file permissions apply again.

    Tests run as root, who ignores permissions; dropping every capability makes a 0444 file
    in a 0555 folder really read-only, as on a read-only share.
    """
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to simulate a read-only store")
    prefix = [setpriv, "--bounding-set=-all", "--inh-caps=-all"]
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0o444)
    denied = subprocess.run([*prefix, sys.executable, "-c", f"open({str(probe)!r}, 'a')"], capture_output=True)
    if denied.returncode == 0:
        pytest.skip("dropping capabilities does not restrict file access here")
    return prefix


def test_read_only_commands_work_on_a_read_only_store_and_ingest_says_why_not(run_cli, tmp_path, private_timeline_store):
    """A store on a read-only file in a read-only folder: timeline, report and bands work and
    change nothing (no -wal/-shm either); ingest fails with one line."""
    prefix = _without_capabilities(tmp_path)
    existing_store(private_timeline_store)
    folder = tmp_path / "share"
    folder.mkdir()
    store = folder / "timeline.sqlite"
    shutil.move(private_timeline_store, store)
    store.chmod(0o444)
    folder.chmod(0o555)
    before = snapshot_of(store)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SITREP_DB": str(store)}

    def sitrep(*args):
        return subprocess.run([*prefix, sys.executable, "-m", "sitrep.cli", *map(str, args)], capture_output=True, text=True,
                              env=env, cwd=tmp_path)  # fmt: skip

    try:
        timeline = sitrep("timeline", "--format", "json")
        assert timeline.returncode == 0, timeline.stderr
        assert any(r["source"] == "test" for r in json.loads(timeline.stdout))
        report = sitrep("report", "--as-of", "2025-01-07T16:00+08:00", "--out", tmp_path / "r.md")
        assert report.returncode == 0, report.stderr
        assert sitrep("bands", "--format", "json").returncode == 0
        ingest = sitrep("ingest", *INGEST[:3], "8", *INGEST[4:])
        assert ingest.returncode == 2 and "Traceback" not in ingest.stderr
        assert ingest.stderr.count("\n") == 1 and "read-only" in ingest.stderr
        assert snapshot_of(store) == before
        assert sorted(p.name for p in folder.iterdir()) == ["timeline.sqlite"]
    finally:
        folder.chmod(0o755)


# --- lengths --------------------------------------------------------------------------------------


def test_text_longer_than_its_column_is_refused_before_writing(db_url):  # noqa: F811
    """PostgreSQL would fail with 'value too long' mid-batch (SQLite would store it): the
    store names the field and the limit, and stores nothing."""
    store = open_store(seed=False)
    long_metric = validate_record({"metric": "m" * 81, "value": "1", "observed_at": "2025-01-07T12:00+08:00", "source": "s"})
    with pytest.raises(InputError, match=r"field 'metric': 81 characters is too long; at most 80"):
        store.append([long_metric])
    long_unit = validate_record({"metric": "tents", "unit": "u" * 41, "value": "1", "observed_at": "2025-01-07T12:00+08:00", "source": "s"})
    ok = validate_record({"metric": "tents", "value": "1", "observed_at": "2025-01-07T12:00+08:00", "source": "s"})
    with pytest.raises(InputError, match=r"item 2, field 'unit': 41 characters is too long; at most 40"):
        store.append([ok, long_unit])
    station = validate_station_event({"station_id": "bs-" + "9" * 80, "status": "out", "at": "2025-01-07T12:00+08:00", "source": "s"})
    with pytest.raises(InputError, match=r"field 'station_id': 83 characters is too long; at most 80"):
        store.append([station])
    assert store.version() == (0, 0, 0, 0)  # records, station events, retractions, notes


def test_a_bulk_file_with_a_too_long_field_names_its_row(run_cli, write):
    path = write("figures.csv", "metric,value,observed_at,source\ndeaths,1,2025-01-07T12:00+08:00,a\n"
                                f"{'x' * 90},2,2025-01-07T12:00+08:00,b\n")  # fmt: skip
    line = one_line_error(run_cli("ingest", path))
    assert f"{path}, row 2 (line 3), field 'metric': 90 characters is too long; at most 80" in line


# --- PostgreSQL failures (the local server) ----------------------------------------------------------


@pytest.fixture
def pg_role():
    """A database owned by a role with a password, reachable over TCP on 127.0.0.1: (user, db)."""
    try:
        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            tag = uuid.uuid4().hex[:10]
            user, db = f"sitrep_u_{tag}", f"sitrep_pw_{tag}"
            conn.exec_driver_sql(f"CREATE ROLE {user} LOGIN PASSWORD '{SECRET}'")
            conn.exec_driver_sql(f"CREATE DATABASE {db} OWNER {user}")
    except (sa.exc.OperationalError, ImportError) as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL server for the shared-deployment tests: {exc}")
    probe = sa.create_engine(f"postgresql+psycopg://{user}:{SECRET}@127.0.0.1/{db}")
    try:
        with probe.connect():
            pass
    except sa.exc.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"the PostgreSQL server takes no password logins on 127.0.0.1: {exc}")
    finally:
        probe.dispose()
    yield user, db
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE {db} WITH (FORCE)")
        conn.exec_driver_sql(f"DROP ROLE {user}")
    admin.dispose()


def test_postgresql_failures_are_one_line_without_the_password(run_cli, pg_role):
    """Wrong password, a database that does not exist, a server that is down."""
    user, db = pg_role
    wrong = one_line_error(run_cli("timeline", "--db", f"postgresql+psycopg://{user}:{SECRET}x@127.0.0.1/{db}"))
    assert "refused the user name or password" in wrong and SECRET not in wrong
    missing = one_line_error(run_cli("timeline", "--db", f"postgresql+psycopg://{user}:{SECRET}@127.0.0.1/{db}_nope"))
    assert "does not exist" in missing and SECRET not in missing
    down = one_line_error(run_cli("ingest", *INGEST, "--db", f"postgresql+psycopg://{user}:{SECRET}@127.0.0.1:1/{db}"))
    assert "no database server answers" in down and SECRET not in down


def test_the_report_and_its_manifest_never_hold_the_password(run_cli, pg_role, tmp_path):
    """A report made from a password-protected PostgreSQL store names the store without the password."""
    user, db = pg_role
    for url in (f"postgresql+psycopg://{user}@127.0.0.1/{db}?password={SECRET}", f"postgresql+psycopg://{user}:{SECRET}@127.0.0.1/{db}"):
        out = tmp_path / f"r{len(url)}.md"
        result = run_cli("report", "--as-of", "2025-01-07T16:00+08:00", "--db", url, "--out", out)
        assert result.code == 0, result.err
        text = out.read_text(encoding="utf-8")
        manifest = json.loads(text.split("```json", 1)[1].split("```", 1)[0])
        assert manifest["timeline"]["store"].startswith(f"postgresql+psycopg://{user}")
        assert "***" in manifest["timeline"]["store"]
        assert SECRET not in text and SECRET not in result.out + result.err


def older_store(path: Path) -> None:
    """A store as an older sitrep left it: records and station events (with their append-only
    triggers), but none of the side tables a newer schema added (retractions, station event
    authors, accounts, notes), in SQLite's default rollback-journal mode."""
    existing_store(path)
    with sqlite3.connect(path) as con:
        for table in ("retractions", "station_event_authors", "users", "notes"):
            con.execute(f"DROP TABLE {table}")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()


def sqlite_schema(path: Path) -> tuple[list[tuple[str, str]], str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        objects = sorted(con.execute("SELECT type, name FROM sqlite_master"))
        mode = con.execute("PRAGMA journal_mode").fetchone()[0]
    con.close()
    return objects, mode


def test_read_only_commands_read_an_older_store_as_it_is(run_cli, tmp_path):
    """A store lacking the newer side tables is read, not upgraded, by timeline, report and
    users list: no table, trigger or journal-mode switch is added (missing side tables read
    as empty). Writing to it (ingest) is what upgrades it."""
    path = tmp_path / "old.sqlite"
    older_store(path)
    before, schema = snapshot_of(path), sqlite_schema(path)
    timeline = run_cli("timeline", "--format", "json", "--db", path)
    assert timeline.code == 0, timeline.err
    rows = json.loads(timeline.out)
    assert any(r["source"] == "test" for r in rows)
    report = run_cli("report", "--as-of", "2025-01-07T16:00+08:00", "--db", path, "--out", tmp_path / "r.md")
    assert report.code == 0, report.err
    users = run_cli("users", "list", "--format", "json", "--db", path)
    assert users.code == 0, users.err
    assert json.loads(users.out) == []
    assert snapshot_of(path) == before and sqlite_schema(path) == schema
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("old.sqlite")] == ["old.sqlite"]  # no -wal, -shm
    assert run_cli("ingest", *INGEST[:3], "8", *INGEST[4:], "--db", path).code == 0
    assert {"retractions", "station_event_authors", "users"} <= {name for _, name in sqlite_schema(path)[0]}


def test_an_older_store_read_through_the_api_has_no_retractions_authors_or_accounts(tmp_path):
    path = tmp_path / "old.sqlite"
    older_store(path)
    store = open_store(str(path), read_only=True)
    assert store.read_only and store.missing == {"retractions", "station_event_authors", "users", "notes"}
    assert store.notes().empty and list(store.notes().columns) == list(store.NOTE_COLUMNS)
    records = store.records()
    assert len(records) == store.count() == 22 and not records["retracted"].any()
    assert (store.station_events()["author"] == "").all()
    assert store.version()[2] == 0
    assert store.users().empty and store.user_role("admin") is None and store.authenticate("admin", "pw") is None
    with pytest.raises(InputError, match="opened read-only"):
        store.retract(1, author="x", reason="wrong")


# --- look-alikes and stores changed by other software ---------------------------------------------


def _look_alike(path: Path) -> None:
    """The reviewer's file: sitrep's identity columns of old, untyped, and nothing else."""
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE records (content_hash, metric, value, unit, observed_at, source, batch)")
        con.execute("CREATE TABLE station_events (content_hash, station_id, status, at, batch)")
        con.execute("INSERT INTO records VALUES ('h', 'deaths', 3, 'people', '2025-01-07', 'theirs', 'b')")
    con.close()


def _look_alike_without_triggers(path: Path) -> None:
    """Every column of sitrep's two tables, with sitrep's types, but not its append-only triggers."""
    import sitrep.store as store_module

    engine = sa.create_engine(f"sqlite:///{path}")
    store_module.metadata.create_all(engine, tables=[store_module.records, store_module.station_events])
    engine.dispose()


def _look_alike_with_other_types(path: Path) -> None:
    """sitrep's columns and triggers, but ``value`` holds text and ``observed_at`` numbers."""
    existing_store(path)
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("PRAGMA writable_schema=ON")
        sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'records'").fetchone()[0]
        sql = sql.replace("value FLOAT", "value TEXT").replace("observed_at DATETIME", "observed_at REAL")
        con.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'records'", (sql,))
    con.close()


@pytest.mark.parametrize("make", [_look_alike, _look_alike_without_triggers, _look_alike_with_other_types])
@pytest.mark.parametrize("command", [("timeline",), ("report", "--as-of", "2025-01-07T16:00+08:00", "--out", "r.md"),
                                     ("users", "list"), ("ingest", *INGEST)])  # fmt: skip
def test_a_partial_look_alike_is_foreign_and_left_unchanged(run_cli, tmp_path, monkeypatch, make, command):
    """Tables named like sitrep's are sitrep's only with all their columns, types and append-only
    triggers; anything less is refused with one line on every path, and its owner's file keeps
    its bytes, schema and journal mode (their DELETE still works)."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "theirs.sqlite"
    make(path)
    before, schema = snapshot_of(path), sqlite_schema(path)
    line = one_line_error(run_cli(*command, "--db", path))
    assert "holds tables that are not sitrep's" in line and str(path) in line
    assert snapshot_of(path) == before and sqlite_schema(path) == schema
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.sqlite"]
    if make is _look_alike:
        with sqlite3.connect(path) as con:
            con.execute("DELETE FROM records")
        con.close()


@pytest.mark.parametrize("table, column, value, shown", [
    ("records", "observed_at", "'garbage'", "'garbage'"),
    ("records", "reported_at", "'soon'", "'soon'"),
    ("records", "value", "'many'", "'many'"),
    ("records", "corrects", "'that one'", "'that one'"),
    ("station_events", "at", "'yesterday'", "'yesterday'"),
])  # fmt: skip
def test_a_stored_value_that_is_not_what_its_column_holds_is_one_line(run_cli, tmp_path, table, column, value, shown):
    """A row written by other software (SQLite stores any value in any column): timeline and
    report name the store, the row and the table.column, and change nothing."""
    path = tmp_path / "timeline.sqlite"
    existing_store(path)
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA foreign_keys=OFF")
        cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] != "id"]
        row = con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY id DESC LIMIT 1").fetchone()
        values = ", ".join(value if c == column else "'other'" if c == "content_hash" else "?" for c in cols)
        params = [v for c, v in zip(cols, row) if c not in (column, "content_hash")]
        con.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({values})", params)
        bad_id = con.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
    con.close()
    before = snapshot_of(path)
    report = ("report", "--as-of", "2025-01-07T16:00+08:00", "--out", tmp_path / "r.md")
    for command in [("timeline",), report] if table == "records" else [report]:  # (timeline shows no station events)
        line = one_line_error(run_cli(*command, "--db", path))
        assert f"{path}, row id {bad_id}, field '{table}.{column}': holds {shown}" in line
    assert snapshot_of(path) == before


def test_a_side_table_missing_a_column_is_one_line(run_cli, tmp_path):
    """A query the store cannot answer (here: ``retractions`` without ``reason``) is one line
    naming the store, not pandas' 'Execution failed on sql ...' with the SQL."""
    path = tmp_path / "timeline.sqlite"
    existing_store(path)
    with sqlite3.connect(path) as con:
        con.execute("DROP TABLE retractions")
        con.execute("CREATE TABLE retractions (record_id INTEGER PRIMARY KEY, author TEXT, entered_at DATETIME)")
    con.close()
    line = one_line_error(run_cli("timeline", "--db", path))
    assert str(path) in line and "no such column" in line and "SELECT" not in line


def _table_names(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_on_both_databases_an_older_store_is_read_as_it_is_and_a_look_alike_is_refused(db_url):  # noqa: F811
    """SQLite and PostgreSQL alike: read-only opening of an older store adds no table; tables
    with sitrep's columns but without its append-only triggers are not sitrep's, on either path."""
    import sitrep.store as store_module

    store = open_store(db_url)
    store.append([validate_record({"metric": "deaths", "value": "7", "observed_at": "2025-01-07T12:00+08:00", "source": "test"})])
    store.engine.dispose()
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        for table in ("retractions", "station_event_authors", "users", "notes"):
            conn.exec_driver_sql(f"DROP TABLE {table}")
    tables = _table_names(db_url)
    older = open_store(db_url, read_only=True)
    assert older.read_only and any(older.records()["source"] == "test")
    older.engine.dispose()
    assert _table_names(db_url) == tables == {"records", "station_events", "alembic_version"}  # (the store's schema revision)

    with engine.begin() as conn:
        for table in ("station_events", "records"):
            conn.exec_driver_sql(f"DROP TABLE {table}" + (" CASCADE" if conn.dialect.name == "postgresql" else ""))
    store_module.metadata.create_all(engine, tables=[store_module.records, store_module.station_events])
    engine.dispose()
    for read_only in (True, False):
        with pytest.raises(InputError, match="holds tables that are not sitrep's"):
            open_store(db_url, read_only=read_only)
    assert _table_names(db_url) == {"records", "station_events", "alembic_version"}
