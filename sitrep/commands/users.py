"""``sitrep users``: accounts that may write in the app (kept in the timeline store).

Contract::

    sitrep users add NAME [--role viewer|editor|admin] [--no-password]   # password: prompt, or one line on stdin
    sitrep users list [--format table|json]
    sitrep users set-role NAME ROLE
    sitrep users passwd NAME                                             # password: prompt, or one line on stdin
    sitrep users remove NAME

A password is never taken from the command line (it would show in ``ps`` and the shell's
history) and never printed.
"""

from __future__ import annotations

import argparse
import getpass
import sys

import pandas as pd

from ..accounts import MIN_PASSWORD_CHARS, ROLES, check_name, check_password_rules, check_role, hash_password
from ..errors import InputError
from ..output import local_time_column, render_table, to_json_text
from ..timeutil import format_local
from .options import add_incident_option

EPILOG = f"""\
examples:
  sitrep users add li.wei --role editor      asks for the password twice
  printf '%s\\n' "$PW" | sitrep users add ops --role admin
                                             reads one line from stdin (scripts)
  sitrep users add zhang --role editor --no-password
                                             signs in only through a trusted proxy (SITREP_AUTH_PROXY_HEADER)
  sitrep users list
  sitrep users set-role li.wei admin
  sitrep users passwd li.wei
  sitrep users remove li.wei

roles: viewer (sees everything, writes nothing; anyone who reaches the app is one),
       editor (adds figures and station events, corrects and retracts figures),
       admin (an editor who also manages accounts).
Passwords: at least {MIN_PASSWORD_CHARS} characters, at most 72 bytes; stored as bcrypt hashes only.
"""


def register(sub) -> None:
    p = sub.add_parser(
        "users",
        help="manage the accounts that may write in the app (add, list, set-role, passwd, remove)",
        description="Manage accounts (name, role, bcrypt password hash) in the timeline store.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", metavar="URL_OR_PATH", help="the timeline store (default: SITREP_DB, else ~/.local/share/sitrep/sitrep.sqlite)")
    add_incident_option(db, "incident that seeds an empty store")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[db], help="create an account (password from a prompt or one line on stdin)")
    add.add_argument("name", help="letters, digits, . _ - @ (at most 64)")
    add.add_argument("--role", default="viewer", choices=ROLES,
                     help="default: %(default)s (a forgotten --role never grants writing)")
    add.add_argument("--no-password", action="store_true", help="no password: the account signs in only through a trusted proxy")
    ls = actions.add_parser("list", parents=[db], help="list accounts: name, role, created (never passwords)")
    ls.add_argument("--format", choices=("table", "json"), default="table")
    sr = actions.add_parser("set-role", parents=[db], help="change an account's role")
    sr.add_argument("name")
    sr.add_argument("role", choices=ROLES)
    pw = actions.add_parser("passwd", parents=[db], help="set a new password (from a prompt or one line on stdin)")
    pw.add_argument("name")
    rm = actions.add_parser("remove", parents=[db], help="delete an account (figures it entered keep its name)")
    rm.add_argument("name")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..store import open_store

    if args.action == "list":
        return _list(open_store(args.db, incident=args.scenario, read_only=True), args.format)
    store = open_store(args.db, incident=args.scenario)
    name = check_name(args.name)
    if args.action == "add":
        check_role(args.role)
        if store.user_role(name) is not None:  # before asking for a password
            raise InputError(None, f"an account named {name!r} already exists; use set-role or passwd", field="name")
        digest = None if args.no_password else hash_password(read_password(f"Password for {name}: "))
        store.add_user(name, args.role, digest)
        print(f"added account {name} ({args.role})" + (", no password: signs in through the trusted proxy only" if digest is None else ""))
    elif args.action == "set-role":
        store.set_role(name, check_role(args.role))
        print(f"{name} is now {args.role}")
    elif args.action == "passwd":
        if store.user_role(name) is None:
            raise InputError(None, f"there is no account named {name!r}", field="name")
        store.set_password_hash(name, hash_password(read_password(f"New password for {name}: ")))
        print(f"password of {name} changed")
    elif args.action == "remove":
        store.remove_user(name)
        print(f"removed account {name}")
    return 0


def read_password(prompt: str) -> str:
    """A password from the terminal (asked twice, not echoed) or, when stdin is not a terminal, its first line.

    Checked by :func:`sitrep.accounts.check_password_rules`; never echoed or printed.
    """
    if sys.stdin is not None and sys.stdin.isatty():
        try:
            first = getpass.getpass(prompt)
            check_password_rules(first)
            again = getpass.getpass("Again: ")
        except EOFError:  # Ctrl-D at the prompt
            raise InputError(None, "no password given (end of input); nothing changed", field="password") from None
        if again != first:
            raise InputError(None, "the two passwords differ; nothing changed", field="password")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return check_password_rules(line.rstrip("\r\n"))


def _list(store, fmt: str) -> int:
    accounts = store.users()
    rows = [{"name": r.name, "role": r.role, "created": format_local(r.created_at), "password": bool(r.has_password)}
            for r in accounts.itertuples()]  # fmt: skip
    if fmt == "json":
        print(to_json_text(rows), end="")
        return 0
    if not rows:
        print("(no accounts: everyone is a viewer; add one with `sitrep users add NAME --role editor`)")
        return 0
    created, created_values = local_time_column("created", [r["created"] for r in rows])
    table = pd.DataFrame({"name": [r["name"] for r in rows], "role": [r["role"] for r in rows],
                          created: created_values,
                          "password": ["yes" if r["password"] else "proxy only" for r in rows]})  # fmt: skip
    print(render_table(table), end="")
    return 0
