"""Who may write: account names, roles, bcrypt password hashes, the trusted proxy header, and
`sitrep users` (passwords from stdin, never printed). Accounts live in the store, so every
store test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import bcrypt
import pytest

from sitrep.accounts import (
    LoginThrottle,
    User,
    can_admin,
    can_edit,
    check_name,
    check_password_rules,
    hash_password,
    proxy_header_name,
    proxy_user_name,
    resolve_user,
    verify_password,
)
from sitrep.errors import InputError
from sitrep.store import open_store

from .test_store import db_url  # noqa: F401  (the SQLite/PostgreSQL fixture)

PASSWORD = "correct horse battery"
ROOT = Path(__file__).resolve().parents[1]


# --- pure logic ---------------------------------------------------------------------------------


def test_a_password_is_stored_as_a_salted_bcrypt_hash():
    a, b = hash_password(PASSWORD), hash_password(PASSWORD)
    assert a.startswith("$2b$12$") and a != b  # bcrypt, cost 12, a fresh salt each time
    assert PASSWORD not in a
    assert bcrypt.checkpw(PASSWORD.encode(), a.encode())  # an ordinary bcrypt hash, nothing home-made
    assert verify_password(PASSWORD, a)
    assert not verify_password("correct horse battery!", a)
    assert not verify_password("", a)


@pytest.mark.parametrize("stored", [None, "", "not-a-hash", "$2b$12$tooshort"])
def test_no_hash_or_a_malformed_one_never_matches(stored):
    assert verify_password(PASSWORD, stored) is False


@pytest.mark.parametrize(("password", "message"), [
    ("", "the password is empty"),
    ("seven77", "too short; give one of at least 8 characters"),
    ("é" * 37, "too long; bcrypt uses at most 72 bytes"),  # 74 bytes: bcrypt would silently cut it
])  # fmt: skip
def test_empty_short_and_over_long_passwords_are_refused(password, message):
    with pytest.raises(InputError, match=message) as info:
        check_password_rules(password)
    if password:
        assert password not in str(info.value)


@pytest.mark.parametrize("name", ["li.wei", "ops-2", "zhang_san@desk", "A1", "x" * 64])
def test_plain_account_names_are_accepted(name):
    assert check_name(name) == name


@pytest.mark.parametrize("name", ["", "-rf", ".hidden", "li wei", "x;y", "<b>", "a\nb", "名字", "x" * 65, None])
def test_other_account_names_are_refused(name):
    with pytest.raises(InputError, match="an account name is 1-64 letters, digits"):
        check_name(name)


def test_roles_decide_who_writes_and_who_manages_accounts():
    assert [can_edit(r) for r in ("viewer", "editor", "admin", None, "root")] == [False, True, True, False, False]
    assert [can_admin(r) for r in ("viewer", "editor", "admin")] == [False, False, True]
    assert User("a", "editor").can_edit and not User("a", "editor").can_admin


def test_the_proxy_header_is_trusted_only_when_configured():
    headers = {"X-Remote-User": "li.wei", "Host": "sitrep.lan"}
    assert proxy_header_name({}) is None
    assert proxy_header_name({"SITREP_AUTH_PROXY_HEADER": "X-Remote-User"}) == "X-Remote-User"
    assert proxy_user_name(headers, None) is None  # not configured: the header means nothing
    assert proxy_user_name(headers, "x-remote-user") == "li.wei"  # header names are case-insensitive
    assert proxy_user_name({"X-Remote-User": "<script>"}, "X-Remote-User") is None  # not a name: anonymous
    assert proxy_user_name({"X-Remote-User": ""}, "X-Remote-User") is None


def test_a_proxy_user_gets_their_accounts_role_and_an_unknown_one_is_a_viewer():
    roles = {"li.wei": "editor"}.get
    header = "X-Remote-User"
    assert resolve_user(roles, headers={header: "li.wei"}, header=header) == User("li.wei", "editor")
    assert resolve_user(roles, headers={header: "stranger"}, header=header) == User("stranger", "viewer")
    assert resolve_user(roles, session_name="li.wei") == User("li.wei", "editor")
    assert resolve_user(roles, session_name="removed") is None  # an account removed meanwhile
    assert resolve_user(roles) is None
    # without SITREP_AUTH_PROXY_HEADER a client's header is ignored
    assert resolve_user(roles, headers={header: "li.wei"}, header=None) is None


def test_repeated_wrong_passwords_lock_the_name_for_a_while():
    """Five failures within 5 minutes refuse that name for 60 s (a clock is injected: no waiting)."""
    now = [1000.0]
    throttle = LoginThrottle(limit=5, window_s=300, lockout_s=60, clock=lambda: now[0])
    for _ in range(4):
        throttle.failed("li.wei")
    assert throttle.wait_s("li.wei") == 0
    throttle.failed("li.wei")
    assert throttle.wait_s("li.wei") == 60 and throttle.wait_s("zhang") == 0  # other names are not affected
    now[0] += 59
    assert throttle.wait_s("li.wei") == pytest.approx(1)
    now[0] += 1
    assert throttle.wait_s("li.wei") == 0
    throttle.failed("li.wei")
    assert throttle.wait_s("li.wei") > 0  # still 6 failures within the window
    throttle.succeeded("li.wei")
    assert throttle.wait_s("li.wei") == 0
    now[0] += 301
    throttle.failed("zhang")
    assert throttle.wait_s("zhang") == 0  # old failures leave the window


# --- in the store (SQLite and PostgreSQL) -------------------------------------------------------


def test_accounts_live_in_the_store(db_url):  # noqa: F811
    store = open_store()
    store.add_user("li.wei", "editor", hash_password(PASSWORD))
    assert store.authenticate("li.wei", PASSWORD) == User("li.wei", "editor")
    assert store.authenticate("li.wei", "wrong password") is None
    assert store.authenticate("nobody", PASSWORD) is None
    store.set_role("li.wei", "admin")
    assert open_store().user_role("li.wei") == "admin"  # another process sees the same accounts
    listed = store.users()
    assert list(listed.columns) == ["name", "role", "created_at", "has_password"]
    with pytest.raises(InputError, match="an account named 'li.wei' already exists"):
        store.add_user("li.wei", "viewer", None)
    store.remove_user("li.wei")
    assert store.user_role("li.wei") is None
    with pytest.raises(InputError, match="there is no account named 'li.wei'"):
        store.set_role("li.wei", "editor")


def test_an_unknown_role_is_refused_by_the_store_too(db_url):  # noqa: F811
    with pytest.raises(InputError, match="a role is one of viewer, editor, admin; got 'root'"):
        open_store().add_user("x", "root", None)


# --- the CLI --------------------------------------------------------------------------------------


@pytest.fixture
def stdin(monkeypatch):
    """Feed text to the CLI's stdin (not a terminal, so the password is its first line)."""

    def feed(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))

    return feed


def test_users_add_reads_the_password_from_stdin_and_never_prints_it(run_cli, stdin):
    stdin(PASSWORD + "\n")
    r = run_cli("users", "add", "li.wei", "--role", "editor")
    assert (r.code, r.err) == (0, "")
    assert r.out == "added account li.wei (editor)\n"
    assert open_store().authenticate("li.wei", PASSWORD) == User("li.wei", "editor")
    listed = run_cli("users", "list")
    assert "li.wei" in listed.out and "editor" in listed.out
    as_json = run_cli("users", "list", "--format", "json")
    for text in (r.out, listed.out, as_json.out):
        assert PASSWORD not in text and "$2b$" not in text  # neither the password nor its hash


def test_users_add_refuses_a_short_or_missing_password(run_cli, stdin):
    stdin("short\n")
    r = run_cli("users", "add", "li.wei")
    assert r.code == 2
    assert r.err == "sitrep: error: field 'password': the password is too short; give one of at least 8 characters\n"
    assert "short" not in r.err.replace("too short", "")
    stdin("")
    assert "the password is empty" in run_cli("users", "add", "li.wei").err
    assert open_store().user_role("li.wei") is None  # nothing stored


def test_users_add_without_a_role_makes_a_viewer(run_cli, stdin):
    """A forgotten --role gave write access (the default was editor)."""
    stdin(PASSWORD + "\n")
    assert run_cli("users", "add", "li.wei").code == 0
    assert open_store().user_role("li.wei") == "viewer"


def test_end_of_input_at_the_password_prompt_is_one_line(run_cli, monkeypatch):
    """Ctrl-D at the prompt printed "internal error: EOFError" and exit 1."""
    monkeypatch.setattr(sys, "stdin", type("Tty", (io.StringIO,), {"isatty": lambda self: True})())

    def eof(prompt=""):
        raise EOFError

    monkeypatch.setattr("getpass.getpass", eof)
    r = run_cli("users", "add", "li.wei")
    assert (r.code, r.err) == (2, "sitrep: error: field 'password': no password given (end of input); nothing changed\n")


def test_users_add_asks_twice_on_a_terminal(run_cli, monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(sys, "stdin", type("Tty", (io.StringIO,), {"isatty": lambda self: True})())
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    r = run_cli("users", "add", "li.wei")
    assert (r.code, r.err) == (2, "sitrep: error: field 'password': the two passwords differ; nothing changed\n")
    assert open_store().user_role("li.wei") is None


def test_the_password_is_never_an_argument(run_cli, stdin, capsys):
    with pytest.raises(SystemExit):
        run_cli("users", "add", "li.wei", "--password", PASSWORD)
    assert PASSWORD not in capsys.readouterr().out


def test_users_set_role_passwd_and_remove(run_cli, stdin):
    stdin(PASSWORD + "\n")
    run_cli("users", "add", "li.wei", "--role", "viewer")
    assert run_cli("users", "set-role", "li.wei", "admin").out == "li.wei is now admin\n"
    assert open_store().user_role("li.wei") == "admin"
    stdin("a brand new secret\n")
    assert run_cli("users", "passwd", "li.wei").code == 0
    assert open_store().authenticate("li.wei", PASSWORD) is None  # the old password no longer works
    assert open_store().authenticate("li.wei", "a brand new secret") == User("li.wei", "admin")
    assert run_cli("users", "remove", "li.wei").out == "removed account li.wei\n"
    r = run_cli("users", "remove", "li.wei")
    assert (r.code, r.err) == (2, "sitrep: error: field 'name': there is no account named 'li.wei'\n")
    assert "(no accounts" in run_cli("users", "list").out


def test_users_add_refuses_a_bad_name_before_asking_for_a_password(run_cli, stdin):
    stdin(PASSWORD + "\n")
    r = run_cli("users", "add", "x;rm -rf")
    assert r.code == 2 and "an account name is 1-64 letters" in r.err
    assert sys.stdin.read() == PASSWORD + "\n"  # the password was not even read


def test_a_proxy_only_account_has_no_password(run_cli):
    r = run_cli("users", "add", "zhang", "--role", "editor", "--no-password")
    assert r.code == 0 and "trusted proxy only" in r.out
    assert open_store().authenticate("zhang", "") is None
    assert open_store().user_role("zhang") == "editor"


# --- serving ----------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
@pytest.mark.parametrize(("args", "address"), [((), "127.0.0.1"), (("ADDRESS=0.0.0.0",), "0.0.0.0")])
def test_make_run_listens_on_this_machine_unless_told(args, address):
    """`make run` binds 127.0.0.1 by default (it used to listen on every interface); ADDRESS= serves a LAN."""
    out = subprocess.run(["make", "-n", "run", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    (line,) = [x for x in out.splitlines() if "streamlit run app.py" in x]
    assert line.endswith(f"--server.address={address}")
