"""The timeline store: append-only, idempotent, all-or-nothing, safe under concurrent
writers and killed processes. Concurrency and crash tests use real processes."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import uuid

import pytest
import sqlalchemy as sa

from sitrep.errors import InputError
from sitrep.records import validate_record, validate_station_event
from sitrep.store import FAULT_ENV, default_db_url, open_store


#: Admin connection to a PostgreSQL server for the shared-deployment tests (a fresh database
#: is created per test). `make test` starts Debian's cluster and gives root a role.
PG_ADMIN = os.environ.get("SITREP_TEST_PG", "postgresql+psycopg://root@/postgres?host=/var/run/postgresql")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, private_timeline_store, monkeypatch):
    """A fresh, empty timeline database of each kind; SITREP_DB points at it."""
    if request.param == "sqlite":
        yield f"sqlite:///{private_timeline_store}"
        return
    try:
        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            name = f"sitrep_test_{uuid.uuid4().hex[:12]}"
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
    except (sa.exc.OperationalError, ImportError) as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL server for the shared-deployment tests: {exc}")
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    monkeypatch.setenv("SITREP_DB", url)
    yield url
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
    admin.dispose()


def figure(value=1, metric="deaths", source="test", hour=10):
    return validate_record({"metric": metric, "value": str(value), "observed_at": f"2025-01-07T{hour:02d}:00+08:00", "source": source})


def test_default_location_honours_sitrep_db_and_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("SITREP_DB", str(tmp_path / "x.sqlite"))
    assert default_db_url() == f"sqlite:///{tmp_path / 'x.sqlite'}"
    monkeypatch.setenv("SITREP_DB", "postgresql+psycopg://u@db/sitrep")
    assert default_db_url() == "postgresql+psycopg://u@db/sitrep"
    monkeypatch.delenv("SITREP_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_url() == f"sqlite:///{tmp_path / 'xdg' / 'sitrep' / 'sitrep.sqlite'}"


def test_first_use_creates_the_schema_and_seeds_the_scenario(db_url):
    store = open_store()
    assert store.url == db_url
    assert store.count() == 21
    assert len(store.station_events()) == 290
    assert open_store().count() == 21  # seeding happens once


def test_sqlite_runs_in_wal_mode(private_timeline_store):
    open_store()
    with sqlite3.connect(private_timeline_store) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_same_record_twice_is_stored_once(db_url):
    store = open_store()
    (a, new_a), = store.append([figure(7)])
    (b, new_b), = store.append([figure(7)])
    assert (a, new_a, new_b) == (b, True, False)
    assert store.count() == 22


def test_the_same_bulk_file_twice_adds_nothing(db_url, write):
    store = open_store()
    path = write("f.csv", "metric,value,observed_at,source\ndeaths,1,2025-01-07T10:00Z,a\ninjured,2,2025-01-07T10:00Z,a\n")
    assert store.ingest_csv(path) == 2
    assert store.ingest_csv(path) == 0


def test_a_bulk_file_with_one_bad_row_stores_nothing(db_url, write):
    store = open_store()
    before = store.count()
    path = write("f.csv", "metric,value,observed_at,source\ndeaths,1,2025-01-07T10:00Z,a\ninjured,-2,2025-01-07T10:00Z,a\n")
    with pytest.raises(InputError, match=r"f\.csv, row 2 \(line 3\), field 'value'"):
        store.ingest_csv(path)
    assert store.count() == before


@pytest.mark.parametrize("sql", ["UPDATE records SET value = 0", "DELETE FROM records", "UPDATE station_events SET status = 'out'",
                                 "DELETE FROM retractions", "UPDATE retractions SET reason = ''",
                                 "DELETE FROM station_event_authors", "UPDATE station_event_authors SET author = 'someone else'"])
def test_nothing_is_updated_or_deleted_in_place(db_url, sql):
    store = open_store()
    store.retract(int(store.records()["id"].iloc[0]), author="a", reason="test")
    store.append([validate_station_event({"station_id": "bs-0001", "status": "out", "at": "2025-01-07T10:00+08:00",
                                          "source": "x", "author": "li.wei"})])  # fmt: skip
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with store.engine.begin() as conn:
            conn.exec_driver_sql(sql)
    assert store.count() == 21


def test_a_correction_must_name_an_existing_record_of_the_same_metric(db_url):
    store = open_store()
    bad = validate_record({"metric": "deaths", "value": "1", "observed_at": "2025-01-07T10:00Z", "source": "x", "corrects": "9999"})
    with pytest.raises(InputError, match="record 9999 does not exist"):
        store.append([bad])
    injured = int(store.records(metrics=["injured"])["id"].iloc[0])
    wrong = validate_record({"metric": "deaths", "value": "1", "observed_at": "2025-01-07T10:00Z", "source": "x", "corrects": str(injured)})
    with pytest.raises(InputError, match="is a injured figure; a correction must be one too"):
        store.append([wrong])


WRITER = textwrap.dedent("""
    import sys
    from sitrep.records import validate_record, validate_station_event
    from sitrep.store import open_store
    store = open_store()
    tag = sys.argv[1]
    for i in range(500):
        r = validate_record({"metric": "tents_delivered", "value": str(i), "observed_at": "2025-01-07T12:00+08:00",
                             "source": f"writer {tag}"})
        store.append([r])
""")


def test_two_processes_each_ingesting_500_records_at_once_lose_nothing(db_url):
    open_store()  # create and seed first, as the app would
    env = dict(os.environ, SITREP_DB=db_url)
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, tag], env=env, stderr=subprocess.PIPE, text=True) for tag in "ab"]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert not any("locked" in e for e in errors)
    recs = open_store().records(metrics=["tents_delivered"])
    assert len(recs) == 1000
    assert recs.groupby("source").size().to_dict() == {"writer a": 500, "writer b": 500}


def test_two_bulk_ingests_at_once_through_the_cli(db_url, tmp_path):
    open_store()
    env = dict(os.environ, SITREP_DB=db_url)
    files = []
    for tag in "ab":
        path = tmp_path / f"{tag}.csv"
        path.write_text("metric,value,observed_at,source\n" + "".join(f"water_tons,{i},2025-01-07T12:00+08:00,bulk {tag}\n" for i in range(500)))
        files.append(path)
    procs = [subprocess.Popen([sys.executable, "-m", "sitrep.cli", "ingest", str(f)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in files]  # fmt: skip
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert all("stored 500 new records" in o for o, _ in outs)
    assert len(open_store().records(metrics=["water_tons"])) == 1000


def test_a_process_killed_mid_ingest_leaves_the_batch_all_out(db_url, private_timeline_store, tmp_path):
    open_store()
    before = open_store().count()
    path = tmp_path / "batch.csv"
    path.write_text("metric,value,observed_at,source\n" + "".join(f"blankets,{i},2025-01-07T12:00+08:00,kill test\n" for i in range(300)))
    env = dict(os.environ, SITREP_DB=db_url, **{FAULT_ENV: "60"})
    proc = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "ingest", str(path)], env=env, stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()  # printed inside the transaction, after the 300 inserts
    assert "fault injection: 300 rows written" in line
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    store = open_store()
    assert store.count() == before
    if db_url.startswith("sqlite"):
        with sqlite3.connect(private_timeline_store) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.ingest_csv(path) == 300  # and the same batch goes in whole afterwards
    assert store.count() == before + 300


def test_a_retraction_is_an_append_only_fact_flagged_on_the_record(db_url):
    """Retracting marks the record (who, why) without changing it; twice is a no-op; a reason is required."""
    store = open_store()
    (ident, _), = store.append([figure(99999)])
    assert not store.records()["retracted"].any()
    assert store.retract(ident, author="li.wei", reason="typo: 9,999 was meant") is True
    assert store.retract(ident, author="someone", reason="again") is False
    rows = store.records().set_index("id")
    assert rows.loc[ident, ["retracted", "retracted_by", "retraction_reason"]].tolist() == [True, "li.wei", "typo: 9,999 was meant"]
    assert rows.drop(ident)["retracted"].sum() == 0 and rows.loc[ident, "value"] == 99999
    assert store.count() == 22 and store.version()[2] == 1  # the version moves, so the app's caches refresh
    with pytest.raises(InputError, match="record 123456 does not exist, so it cannot be retracted"):
        store.retract(123456, author="x", reason="y")
    with pytest.raises(InputError, match="a retraction needs a reason"):
        store.retract(ident - 1, author="x", reason="  ")


def test_station_events_carry_their_author_in_a_side_table(db_url, write):
    store = open_store()
    event = validate_station_event({"station_id": "bs-0007", "status": "restored", "at": "2025-01-07T16:40+08:00",
                                    "source": "China Mobile", "author": "li.wei"})  # fmt: skip
    (ident, new), = store.append([event])
    path = write("ev.csv", "station_id,status,at,source,author\nbs-0008,out,2025-01-07T10:00+08:00,CM,\nbs-0009,out,2025-01-07T10:00+08:00,CM,ops\n")
    assert store.ingest_csv(path, station_events=True, author="os-user") == 2
    events = store.station_events().set_index("id")
    assert events.loc[ident, "author"] == "li.wei"
    by_station = events.set_index("station_id")["author"]
    assert (by_station["bs-0008"], by_station["bs-0009"]) == ("os-user", "ops")  # rows without an author get the default
    assert set(events.sort_index()["author"].iloc[:290]) == {""}  # the seed was entered by no one in particular


def test_bulk_rows_without_an_author_are_attributed_to_the_default(db_url, write):
    store = open_store()
    path = write("f.csv", "metric,value,observed_at,source,author\ndeaths,1,2025-01-07T10:00Z,a,\ninjured,2,2025-01-07T10:00Z,a,desk 3\n")
    assert store.ingest_csv(path, author="os-user") == 2
    recs = store.records().sort_values("id").tail(2)
    assert recs["author"].tolist() == ["os-user", "desk 3"]
