"""The timeline store keyed by incident, and the Alembic migrations that bring a store made by
sitrep 9f1f2a0 (one incident, no ``incident`` column, no ``alembic_version``) to it in place.

``tests/data/store-v0.sqlite`` and ``tests/data/store-v0.postgresql.sql`` are such stores, made
by that sitrep's own code (see tests/data/README.md): 23 records (one corrected, one retracted,
two with an author), 291 station events (one with an author), two accounts.
"""

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from sitrep import migrations
from sitrep.errors import InputError
from sitrep.records import validate_note, validate_record, validate_station_event
from sitrep.settings import DATA_DIR, DEFAULT_SCENARIO
from sitrep.store import open_store, read_csv_rows
from tests.test_store import PG_ADMIN, db_url  # noqa: F401  (db_url: a fresh sqlite/postgresql store)
from tests.test_store_safety import one_line_error, snapshot_of

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]
V0_VERSION = (23, 291, 1, 0)  # records, station events, retractions, notes in the v0 stores
TABLES = ("records", "station_events", "station_event_authors", "retractions", "users")
#: Notes the bundled Dingri incident is seeded with (data/dingri-2025/notes.csv).
SEED_NOTES = len(read_csv_rows(DATA_DIR / DEFAULT_SCENARIO / "notes.csv")) if (DATA_DIR / DEFAULT_SCENARIO / "notes.csv").is_file() else 0


# --- fixtures -----------------------------------------------------------------------------------


def _postgresql_database():
    """(admin engine, URL of a fresh empty database), or a skip without a server."""
    try:
        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        name = f"sitrep_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
    except (sa.exc.OperationalError, ImportError) as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL server for the shared-deployment tests: {exc}")
    return admin, name, admin.url.set(database=name).render_as_string(hide_password=False)


def _drop(admin, name) -> None:
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
    admin.dispose()


def load_dump(url: str, path: Path) -> None:
    """Run a plain pg_dump file (psql's backslash commands left out) against ``url``."""
    sql = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("\\"))
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(sql)
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def old_store(request, tmp_path, monkeypatch):
    """URL of a store made by sitrep 9f1f2a0 (a copy of the v0 fixture); SITREP_DB points at it."""
    if request.param == "sqlite":
        path = tmp_path / "old.sqlite"
        shutil.copyfile(DATA / "store-v0.sqlite", path)
        url = f"sqlite:///{path}"
        monkeypatch.setenv("SITREP_DB", url)
        yield url
        return
    admin, name, url = _postgresql_database()
    load_dump(url, DATA / "store-v0.postgresql.sql")
    monkeypatch.setenv("SITREP_DB", url)
    yield url
    _drop(admin, name)


def table_rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every sitrep table, sorted, as stored (``incident`` and ``qualifier``, which later revisions add, left out)."""
    engine = sa.create_engine(url)
    try:
        meta = sa.MetaData()
        meta.reflect(engine, only=TABLES)
        out = {}
        with engine.connect() as conn:
            for name in TABLES:
                t = meta.tables[name]
                cols = [c for c in t.columns if c.name not in ("incident", "qualifier")]
                out[name] = sorted(tuple(r) for r in conn.execute(sa.select(*cols)))
        return out
    finally:
        engine.dispose()


def columns_of(url: str, table: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        return [c["name"] for c in sa.inspect(engine).get_columns(table)]
    finally:
        engine.dispose()


def revision_of(url: str) -> str | None:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return None
            return migrations.current_revision(conn)
    finally:
        engine.dispose()


def schema_of(url: str) -> dict:
    """What a schema comparison should see: columns (kind, nullability, default), unique
    constraints, indexes, foreign keys, check constraints and triggers of every table."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            insp = sa.inspect(conn)
            out = {}
            for name in sorted(set(insp.get_table_names()) & {*TABLES, "alembic_version"}):
                out[name] = dict(
                    columns=[(c["name"], str(c["type"]).split("(")[0], c["nullable"], str(c.get("default") or "").strip("'"))
                             for c in insp.get_columns(name)],  # fmt: skip
                    unique=sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(name)),
                    indexes=sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in insp.get_indexes(name)),
                    foreign_keys=sorted((tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                                        for f in insp.get_foreign_keys(name)),  # fmt: skip
                    checks=sorted(_casts_out(c["sqltext"]) for c in insp.get_check_constraints(name)),
                )
            if conn.dialect.name == "sqlite":
                out["triggers"] = sorted(conn.exec_driver_sql("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"))
            else:
                out["triggers"] = sorted(conn.exec_driver_sql(
                    "SELECT tgname, tgrelid::regclass::text, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal"))  # fmt: skip
            return out
    finally:
        engine.dispose()


def _casts_out(sql: str) -> str:
    """A check constraint's text without PostgreSQL's casts and brackets (a restored dump spells them differently)."""
    return re.sub(r"::[a-z ]+(\[\])?|[()\s]", "", sql)


def figure(value=1, metric="deaths", source="test", hour=10, corrects=None):
    raw = {"metric": metric, "value": str(value), "observed_at": f"2025-01-07T{hour:02d}:00+08:00", "source": source}
    if corrects is not None:
        raw["corrects"] = str(corrects)
    return validate_record(raw)


def station_event(station="bs-0042", status="out"):
    return validate_station_event({"station_id": station, "status": status, "at": "2025-01-07T11:00+08:00", "source": "CM"})


# --- the upgrade ----------------------------------------------------------------------------------


def test_an_old_store_is_upgraded_in_place_on_the_first_write_with_nothing_lost(old_store):
    """Every row of every table keeps its id, content hash, author, retraction and account; the
    rows become the default incident's; the store is stamped with the head revision."""
    before = table_rows(old_store)
    assert revision_of(old_store) is None and "incident" not in columns_of(old_store, "records")
    store = open_store()
    assert revision_of(old_store) == migrations.HEAD
    assert table_rows(old_store) == before
    assert store.version() == V0_VERSION
    records = store.records()
    assert set(records["incident"]) == {DEFAULT_SCENARIO} and set(store.station_events()["incident"]) == {DEFAULT_SCENARIO}
    assert records["retracted"].sum() == 1 and records.loc[records["retracted"], "retracted_by"].tolist() == ["admin.zh"]
    assert records["corrects"].notna().sum() == 1 and (records["author"] == "li.wei").sum() == 2
    assert (store.station_events()["author"] == "li.wei").sum() == 1
    assert store.authenticate("li.wei", "v0-password").role == "editor" and store.user_role("admin.zh") == "admin"


def test_re_ingesting_after_the_upgrade_adds_nothing(old_store):
    """Content hashes are unchanged and unique per incident: the seed files (the timeline as the
    sitrep before qualifiers read it) and a figure stored before the upgrade are the rows already
    there, not new ones."""
    store = open_store()
    assert store.ingest_csv(DATA / "timeline-before-0003.csv") == 0
    assert store.ingest_csv(DATA_DIR / DEFAULT_SCENARIO / "station_events.csv", station_events=True) == 0
    again = validate_record({"metric": "deaths", "value": "130", "observed_at": "2025-01-07T20:00+08:00",
                             "source": "v0 test", "author": "li.wei", "note": "typed by hand"})  # fmt: skip
    (ident, new), = store.append([again])
    assert not new and ident in set(store.records()["id"])
    assert store.version() == V0_VERSION


def test_the_bundled_timeline_of_today_adds_only_its_changed_rows_to_an_old_store(old_store):
    """Since 0003_notes the bundled timeline qualifies two figures (more than 1,000 houses; 30,400+
    relocated) and quotes a note that an unquoted comma cut short: exactly those three rows are
    new to a store seeded before; every other row is the one already there."""
    store = open_store()
    before = set(store.records()["id"])
    assert store.ingest_csv(DATA_DIR / DEFAULT_SCENARIO / "timeline.csv") == 3
    added = store.records().loc[lambda r: ~r["id"].isin(before)].sort_values("id")
    assert added[["metric", "value", "qualifier"]].values.tolist() == [
        ["houses_collapsed", 1000.0, "more-than"], ["stations_restored", 113.0, ""], ["relocated", 30400.0, "at-least"]]


@pytest.mark.parametrize("sql", ["UPDATE records SET value = 0", "DELETE FROM records", "UPDATE records SET incident = 'x'",
                                 "UPDATE station_events SET status = 'out'", "DELETE FROM station_events",
                                 "DELETE FROM retractions", "UPDATE station_event_authors SET author = 'x'"])  # fmt: skip
def test_after_the_upgrade_nothing_is_updated_or_deleted_in_place(old_store, sql):
    """The upgrade recreates records and station events on SQLite (dropping a table drops its
    triggers): the append-only triggers are there again, on both databases."""
    open_store()
    engine = sa.create_engine(old_store)
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with engine.begin() as conn:
            conn.exec_driver_sql(sql)
    engine.dispose()
    assert open_store().version() == V0_VERSION


def test_a_new_store_and_an_upgraded_one_have_the_same_schema(old_store, tmp_path):
    """Three ways to the head revision give one schema: an old store upgraded, a new store
    (tables created, stamped head), and every migration run on an empty database."""
    open_store(seed=False)
    upgraded = schema_of(old_store)
    if old_store.startswith("sqlite"):
        new_url, empty_url = f"sqlite:///{tmp_path / 'new.sqlite'}", f"sqlite:///{tmp_path / 'empty.sqlite'}"
        cleanup = []
    else:
        (a1, n1, new_url), (a2, n2, empty_url) = _postgresql_database(), _postgresql_database()
        cleanup = [(a1, n1), (a2, n2)]
    try:
        open_store(new_url, seed=False)
        engine = sa.create_engine(empty_url)
        with engine.begin() as conn:
            migrations.upgrade(conn)
        engine.dispose()
        assert schema_of(new_url) == upgraded
        assert schema_of(empty_url) == upgraded
        assert revision_of(new_url) == revision_of(empty_url) == migrations.HEAD
    finally:
        for admin, name in cleanup:
            _drop(admin, name)


def test_read_only_commands_read_an_old_store_as_it_is_and_write_nothing(run_cli, old_store, tmp_path):
    """``sitrep timeline`` and ``sitrep report`` on a store not yet migrated: all its rows are
    the default incident's, another incident has none, and the store is not touched (SQLite:
    same bytes and mtime; both: no revision stamped, no column added)."""
    path = Path(sa.engine.make_url(old_store).database) if old_store.startswith("sqlite") else None
    before = snapshot_of(path) if path else None
    rows = table_rows(old_store)
    timeline = run_cli("timeline", "--format", "json")
    assert timeline.code == 0, timeline.err
    assert len(timeline.out) > 100
    report = run_cli("report", "--as-of", "2025-01-07T16:00+08:00", "--out", tmp_path / "r.md")
    assert report.code == 0, report.err
    store = open_store(read_only=True)
    assert store.version() == V0_VERSION and set(store.records()["incident"]) == {DEFAULT_SCENARIO}
    assert open_store(read_only=True, incident="kaikoura-2016").version() == (0, 0, 0, 0)
    assert open_store(read_only=True, incident="kaikoura-2016").records().empty
    store.engine.dispose()
    if path:
        assert snapshot_of(path) == before
    assert revision_of(old_store) is None and "incident" not in columns_of(old_store, "station_events")
    assert table_rows(old_store) == rows


def test_a_store_of_a_newer_revision_is_refused_in_one_line(run_cli, db_url):  # noqa: F811
    """A store a newer sitrep migrated further is neither read nor written: one line says why."""
    open_store(seed=False).engine.dispose()
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099_future'")
    engine.dispose()
    for command in (("timeline",), ("ingest", "--metric", "deaths", "--value", "7", "--observed-at", "2025-01-07T12:00+08:00",
                                    "--source", "test")):  # fmt: skip
        line = one_line_error(run_cli(*command))
        assert "was written by a newer sitrep (schema revision '0099_future'" in line and "upgrade sitrep" in line
    assert revision_of(db_url) == "0099_future"


def test_a_failed_migration_leaves_the_store_at_its_old_revision(old_store, monkeypatch):
    """A failure half-way (records already recreated, station events not yet) rolls the whole
    upgrade back: no revision, no column, every row and trigger as before; it is still read,
    and the next write opening migrates it."""
    rows, schema = table_rows(old_store), schema_of(old_store)

    def fail(step):
        if step.startswith("station_events"):
            raise RuntimeError(f"injected failure at {step}")

    monkeypatch.setattr(migrations, "fault_point", fail)
    with pytest.raises(RuntimeError, match="injected failure at station_events"):
        open_store()
    assert revision_of(old_store) is None and table_rows(old_store) == rows and schema_of(old_store) == schema
    assert open_store(read_only=True).version() == V0_VERSION
    monkeypatch.undo()
    monkeypatch.setenv("SITREP_DB", old_store)
    assert open_store().version() == V0_VERSION and revision_of(old_store) == migrations.HEAD


def test_a_process_killed_mid_migration_leaves_the_store_at_its_old_revision(old_store):
    """SIGKILL inside the migration's transaction: the store is as it was, readable, and upgrades later."""
    rows = table_rows(old_store)
    env = dict(os.environ, SITREP_DB=old_store, PYTHONPATH=str(ROOT), **{migrations.FAULT_ENV: "60"})
    proc = subprocess.Popen([sys.executable, "-c", "from sitrep.store import open_store; open_store()"], env=env,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    line = proc.stderr.readline()
    assert "fault injection: migration at records.incident added" in line
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert revision_of(old_store) is None and table_rows(old_store) == rows
    if old_store.startswith("sqlite"):
        with sqlite3.connect(sa.engine.make_url(old_store).database) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
    assert open_store(read_only=True).version() == V0_VERSION
    assert open_store().version() == V0_VERSION and revision_of(old_store) == migrations.HEAD


OPENER = textwrap.dedent("""
    import sys
    from sitrep.records import validate_record
    from sitrep.store import open_store, read_csv_rows
    store = open_store()
    store.append([validate_record({"metric": "tents", "value": sys.argv[1], "observed_at": "2025-01-07T12:00+08:00",
                                   "source": "opener"})])
""")


def test_two_processes_opening_an_old_store_at_once_migrate_it_once(old_store):
    """Both wait for the store's write lock; the second finds it migrated; both writes land."""
    env = dict(os.environ, SITREP_DB=old_store, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", OPENER, str(i)], env=env, stderr=subprocess.PIPE, text=True) for i in (1, 2)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    store = open_store()
    assert revision_of(old_store) == migrations.HEAD
    assert store.version() == (V0_VERSION[0] + 2, *V0_VERSION[1:])
    assert sorted(store.records(metrics=["tents"])["value"]) == [1, 2]


# --- two incidents in one store -------------------------------------------------------------------


def test_two_incidents_never_mix(db_url):  # noqa: F811
    """Records, station events, counts and retractions belong to one incident; the same figure
    in two incidents is two rows, twice in one incident one row."""
    dingri = open_store(incident="dingri-2025")
    other = open_store(incident="kaikoura-2016")
    assert dingri.version() == (21, 290, 0, SEED_NOTES) and other.version() == (0, 0, 0, 0)  # only Dingri ships a seed
    (a, new_a), = dingri.append([figure(7)])
    (b, new_b), = other.append([figure(7)])
    (b2, new_b2), = other.append([figure(7)])
    assert new_a and new_b and (b2, new_b2) == (b, False) and a != b
    other.append([station_event()])
    other.retract(b, author="li.wei", reason="test")
    assert dingri.version() == (22, 290, 0, SEED_NOTES) and other.version() == (1, 1, 1, 0)
    assert dingri.count() == 22 and other.count() == 1
    assert set(other.records()["id"]) == {b} and b not in set(dingri.records()["id"])
    assert len(other.station_events()) == 1 and "bs-0042" not in set(dingri.station_events()["station_id"])
    assert not dingri.records()["retracted"].any()
    assert set(open_store(read_only=True, incident="kaikoura-2016").records()["incident"]) == {"kaikoura-2016"}


def test_corrections_and_retractions_stay_within_their_incident(db_url):  # noqa: F811
    """A record of one incident cannot be corrected or retracted through another's store."""
    dingri = open_store()
    other = open_store(incident="kaikoura-2016")
    target = int(dingri.records(metrics=["deaths"])["id"].iloc[0])
    with pytest.raises(InputError, match=rf"field 'corrects': record {target} belongs to incident 'dingri-2025', not 'kaikoura-2016'"):
        other.append([figure(5, corrects=target)])
    with pytest.raises(InputError, match=rf"field 'retract': record {target} belongs to incident 'dingri-2025', not 'kaikoura-2016'"):
        other.retract(target, author="x", reason="wrong")
    assert other.version() == (0, 0, 0, 0) and dingri.version() == (21, 290, 0, SEED_NOTES)


def test_each_incident_is_seeded_from_its_own_files_once(db_url, monkeypatch, tmp_path):  # noqa: F811
    """Seeding is per incident: an incident without records gets its bundled files, once; the
    files are found by one function (``incident_files``)."""
    import sitrep.store as store_module

    timeline = tmp_path / "timeline.csv"
    timeline.write_text("metric,value,observed_at,source\ndeaths,2,2016-11-13T12:00Z,GeoNet\n", encoding="utf-8")
    monkeypatch.setattr(store_module, "incident_files", lambda name: [(timeline, False)] if name == "kaikoura-2016" else [])
    assert open_store(incident="kaikoura-2016").version() == (1, 0, 0, 0)
    assert open_store(incident="kaikoura-2016").version() == (1, 0, 0, 0)
    assert open_store(incident="nowhere").version() == (0, 0, 0, 0)


def test_scenario_is_still_accepted_for_incident(db_url):  # noqa: F811
    assert open_store(scenario="kaikoura-2016").incident == "kaikoura-2016"
    assert open_store().incident == DEFAULT_SCENARIO
    with pytest.raises(InputError, match="names two incidents"):
        open_store(incident="a", scenario="b")


def test_the_migrations_travel_with_the_package_and_need_no_alembic_ini():
    """Alembic is configured in code from the package folder: the revisions are found there."""
    from alembic.script import ScriptDirectory

    cfg = migrations.alembic_config()
    folder = Path(cfg.get_main_option("script_location"))
    assert folder == Path(migrations.__file__).parent and (folder / "env.py").is_file()
    script = ScriptDirectory.from_config(cfg)
    assert script.get_current_head() == migrations.HEAD
    assert [r.revision for r in reversed(list(script.walk_revisions()))] == list(migrations.REVISIONS)


def test_python_m_sitrep_migrations_shows_the_revisions_and_the_stores_without_writing(old_store, capsys):
    """The revision list (head marked) and what the store is; an old store is only looked at."""
    from sitrep.migrations.__main__ import main

    assert main(["--db", old_store]) == 0
    out = capsys.readouterr().out
    assert "0001_baseline" in out and f"{migrations.HEAD} (head)" in out
    assert "older: migrated by the next command that writes to it" in out
    assert revision_of(old_store) is None
    open_store()
    assert main(["--db", old_store]) == 0
    assert f"* {migrations.HEAD} (head)" in capsys.readouterr().out


# --- 0003_notes: qualifiers and notes -------------------------------------------------------------


def stamp_and_upgrade(url: str, revision: str) -> None:
    """Bring a v0 store to ``revision`` as the sitrep of that revision did (baseline completed and stamped, then upgraded)."""
    from sitrep.migrations.baseline import append_only_ddl, metadata as baseline

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        baseline.create_all(conn)
        for statement in append_only_ddl(conn.dialect.name):
            conn.exec_driver_sql(statement)
        migrations.stamp(conn, migrations.BASELINE)
        if revision != migrations.BASELINE:
            migrations.upgrade(conn, revision)
    engine.dispose()


@pytest.fixture
def store_0002(old_store):
    """URL of a store at revision 0002_incident (the v0 store as the sitrep before notes migrated it); SITREP_DB points at it."""
    stamp_and_upgrade(old_store, "0002_incident")
    assert revision_of(old_store) == "0002_incident" and "qualifier" not in columns_of(old_store, "records")
    return old_store


def test_a_0002_store_gets_qualifiers_and_notes_on_the_first_write_with_nothing_lost(store_0002):
    """Guards revision 0003_notes: every row is kept, every figure reads as stated (qualifier ""),
    the new notes table is empty, append-only, and scoped to the incident."""
    before = table_rows(store_0002)
    store = open_store()
    assert revision_of(store_0002) == migrations.HEAD == "0003_notes"
    assert table_rows(store_0002) == before
    assert store.version() == V0_VERSION
    assert set(store.records()["qualifier"]) == {""} and store.notes().empty
    note = validate_note({"section": "needs", "text": "tents", "observed_at": "2025-01-07T12:00+08:00", "source": "HQ"})
    (ident, new), = store.add_notes([note])
    assert new and store.add_notes([note]) == [(ident, False)]  # the same note twice is one row
    assert store.version() == (*V0_VERSION[:3], 1)
    engine = sa.create_engine(store_0002)
    for sql in ("UPDATE notes SET text = 'x'", "DELETE FROM notes"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with engine.begin() as conn:
                conn.exec_driver_sql(sql)
    engine.dispose()
    assert open_store(incident="kaikoura-2016").notes().empty


def test_a_0002_store_is_read_as_it_is_without_qualifiers_or_notes(run_cli, store_0002):
    """Read-only opening never migrates: figures of a 0002 store read with qualifier "", the
    notes as an empty frame with their columns; nothing is written (SQLite: same bytes)."""
    path = Path(sa.engine.make_url(store_0002).database) if store_0002.startswith("sqlite") else None
    before = snapshot_of(path) if path else None
    store = open_store(read_only=True)
    records = store.records()
    assert len(records) == V0_VERSION[0] and set(records["qualifier"]) == {""}
    notes = store.notes()
    assert notes.empty and list(notes.columns) == list(store.NOTE_COLUMNS)
    assert str(notes["observed_at"].dtype).startswith("datetime64") and notes["observed_at"].dt.tz is not None
    assert store.version() == V0_VERSION
    timeline = run_cli("timeline", "--format", "json")
    assert timeline.code == 0, timeline.err
    store.engine.dispose()
    if path:
        assert snapshot_of(path) == before
    assert revision_of(store_0002) == "0002_incident" and "notes" not in sa.inspect(sa.create_engine(store_0002)).get_table_names()


@pytest.mark.parametrize("revision", ["0001_baseline", "0002_incident", None])
def test_stores_of_every_known_revision_are_sitreps(old_store, revision):
    """The 'is this sitrep's store' check accepts a store at 0001, 0002 and 0003 (None: the head,
    reached by opening for writing): older ones are 'outdated' and read as they are."""
    if revision is None:
        open_store().engine.dispose()
    else:
        stamp_and_upgrade(old_store, revision)
    store = open_store(read_only=True)
    assert store.inspect() == ("sitrep" if revision is None else "outdated")
    assert store.version() == V0_VERSION and set(store.records()["qualifier"]) == {""} and store.notes().empty


def test_a_failed_0003_migration_leaves_the_store_at_0002(store_0002, monkeypatch):
    """A failure after the qualifier column is added rolls it back: revision, columns, tables,
    rows and triggers as before; the store is still read, and the next write opening migrates it."""
    rows, schema = table_rows(store_0002), schema_of(store_0002)

    def fail(step):
        if step == "records.qualifier added":
            raise RuntimeError(f"injected failure at {step}")

    monkeypatch.setattr(migrations, "fault_point", fail)
    with pytest.raises(RuntimeError, match="injected failure at records.qualifier added"):
        open_store()
    assert revision_of(store_0002) == "0002_incident" and table_rows(store_0002) == rows and schema_of(store_0002) == schema
    assert open_store(read_only=True).version() == V0_VERSION
    monkeypatch.undo()
    monkeypatch.setenv("SITREP_DB", store_0002)
    assert open_store().version() == V0_VERSION and revision_of(store_0002) == migrations.HEAD


def test_a_process_killed_mid_0003_migration_leaves_the_store_at_0002(store_0002):
    """SIGKILL inside 0003_notes' transaction: the store stays at 0002, intact, and upgrades later."""
    rows = table_rows(store_0002)
    env = dict(os.environ, SITREP_DB=store_0002, PYTHONPATH=str(ROOT), **{migrations.FAULT_ENV: "60"})
    proc = subprocess.Popen([sys.executable, "-c", "from sitrep.store import open_store; open_store()"], env=env,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    line = proc.stderr.readline()
    assert "fault injection: migration at records.qualifier added" in line
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert revision_of(store_0002) == "0002_incident" and table_rows(store_0002) == rows
    assert "qualifier" not in columns_of(store_0002, "records")
    if store_0002.startswith("sqlite"):
        with sqlite3.connect(sa.engine.make_url(store_0002).database) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
    assert open_store(read_only=True).version() == V0_VERSION
    assert open_store().version() == V0_VERSION and revision_of(store_0002) == migrations.HEAD
