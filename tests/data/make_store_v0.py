"""Write the timeline store of sitrep 9f1f2a0 (before incidents and migrations) that the
migration tests upgrade: tests/data/store-v0.sqlite and, via pg_dump, store-v0.postgresql.sql.

Run with the OLD code first on the path (see tests/data/README.md)::

    git archive 9f1f2a0 | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old python tests/data/make_store_v0.py sqlite:///$PWD/tests/data/store-v0.sqlite

It holds the seeded Dingri timeline (21 records, 290 station events) and one of each thing
the old schema could hold: a record with an author, its correction, a retraction, a station
event with an author, two accounts.
"""

import sys

from sitrep.records import validate_record, validate_station_event
from sitrep.store import open_store

# bcrypt hash of "v0-password" (fixed, so the file does not change when it is re-made)
HASH = "$2b$04$yQk.etcZVi.x0C6lKobT5uZ/CJrI8qAelwfbCF/JpX4.QnCxy2RHG"


def main(url: str) -> None:
    store = open_store(url)
    assert store.count() == 21, store.count()
    (figure, _), = store.append([validate_record({"metric": "deaths", "value": "130", "observed_at": "2025-01-07T20:00+08:00",
                                                  "source": "v0 test", "author": "li.wei", "note": "typed by hand"})])
    store.append([validate_record({"metric": "deaths", "value": "131", "observed_at": "2025-01-07T20:00+08:00",
                                   "source": "v0 test", "author": "li.wei", "corrects": str(figure)})])
    first = int(store.records()["id"].min())
    store.retract(first, author="admin.zh", reason="v0 test: duplicate of a later figure")
    store.append([validate_station_event({"station_id": "bs-0007", "status": "restored", "at": "2025-01-07T21:00+08:00",
                                          "source": "China Mobile", "author": "li.wei"})])
    store.add_user("li.wei", "editor", HASH)
    store.add_user("admin.zh", "admin", None)
    print(store.version())


if __name__ == "__main__":  # (pytest --doctest-modules imports this file: it must do nothing then)
    main(sys.argv[1])
