"""``python -m sitrep.migrations [--db URL]``: the store's schema revision and the ones this sitrep knows.

Reads only: a store is migrated by the first sitrep command that writes to it.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import SitrepError
from . import HEAD, alembic_config


def main(argv: list[str] | None = None) -> int:
    """Print each revision (oldest first, ``*`` marks the store's) and the store's state."""
    from alembic.script import ScriptDirectory

    from ..store import Store, as_db_url, default_db_url

    parser = argparse.ArgumentParser(prog="python -m sitrep.migrations", description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="the store (URL or SQLite file; default SITREP_DB or SITREP_HOME/sitrep.sqlite)")
    args = parser.parse_args(argv)
    try:
        store = Store(as_db_url(args.db) if args.db else default_db_url(), read_only=True, create_folder=False)
        found = store._inspect()
        store.engine.dispose()
    except SitrepError as exc:
        print(f"sitrep: error: {exc}", file=sys.stderr)
        return 2
    current = found.revision or ("0001_baseline" if found.state in ("outdated",) else None)
    script = ScriptDirectory.from_config(alembic_config())
    for rev in reversed(list(script.walk_revisions())):
        mark = "*" if rev.revision == current else " "
        head = " (head)" if rev.revision == HEAD else ""
        print(f"{mark} {rev.revision}{head}  {rev.doc}")
    states = {"new": "new: created at the head revision on first use",
              "sitrep": "at the head revision",
              "outdated": "older: migrated by the next command that writes to it (back it up first)",
              "newer": f"of a newer sitrep (revision {found.revision!r}): upgrade sitrep",
              "foreign": "not a sitrep store"}  # fmt: skip
    before = "" if found.revision else " (made before migrations: no alembic_version)" if found.state == "outdated" else ""
    print(f"store {store.url}: {states[found.state]}{before}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
