"""Who may write: account names, roles, bcrypt password hashes, the trusted proxy header, and
`sitrep users` (passwords from stdin, never printed). Accounts live in the store, so every
store test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import io
import shutil
from datetime import datetime
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
    credential_fingerprint,
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
    assert resolve_user(roles) is None
    # without SITREP_AUTH_PROXY_HEADER a client's header is ignored
    assert resolve_user(roles, headers={header: "li.wei"}, header=None) is None


def test_a_session_counts_only_while_its_accounts_credentials_are_unchanged():
    """Issue 9: the session held only the account name, so changing the password (or removing
    the account and adding it again) left open sessions signed in. A session now holds the
    credential fingerprint taken at sign-in, and resolve_user signs it out when it differs."""
    created = datetime(2025, 1, 7, 2, 0, 0, 123456)
    old = credential_fingerprint("li.wei", "$2b$12$old", created)
    accounts = {"li.wei": ("editor", old)}

    def resolve(name="li.wei", fingerprint=old):
        return resolve_user(lambda n: accounts[n][0] if n in accounts else None, session_name=name, session_fingerprint=fingerprint,
                            fingerprint_of=lambda n: accounts[n][1] if n in accounts else None)  # fmt: skip

    assert resolve() == User("li.wei", "editor")
    accounts["li.wei"] = ("admin", old)
    assert resolve() == User("li.wei", "admin")  # a role change applies at once and keeps the session
    accounts["li.wei"] = ("admin", credential_fingerprint("li.wei", "$2b$12$new", created))
    assert resolve() is None  # password changed
    accounts["li.wei"] = ("admin", credential_fingerprint("li.wei", "$2b$12$old", created.replace(microsecond=0)))
    assert resolve() is None  # removed and added again (same hash even, another creation time)
    del accounts["li.wei"]
    assert resolve() is None  # removed
    accounts["li.wei"] = ("editor", old)
    assert resolve(fingerprint=None) is None and resolve(fingerprint="") is None  # a name alone signs nobody in
    assert resolve_user(lambda n: "editor", session_name="li.wei", session_fingerprint=old) is None  # nothing to check against
    assert credential_fingerprint("a", "bc", created) != credential_fingerprint("ab", "c", created)


def clocked(**kwargs) -> tuple[LoginThrottle, list[float]]:
    """A throttle with the default policy and an injected clock (no waiting in tests)."""
    now = [1000.0]
    return LoginThrottle(clock=lambda: now[0], **kwargs), now


def test_repeated_wrong_passwords_lock_the_guessing_session_for_a_while():
    """Five failures within 5 minutes from one browser session refuse that session for 60 s,
    whatever name it tries next. (This replaces the lock per account name, which issue 9
    showed let anyone lock an editor out.)"""
    throttle, now = clocked()
    for _ in range(4):
        throttle.failed("li.wei", session="attacker")
    assert throttle.wait_s("li.wei", session="attacker") == 0
    throttle.failed("li.wei", session="attacker")
    assert throttle.wait_s("li.wei", session="attacker") == 60
    assert throttle.wait_s("zhang", session="attacker") == 60  # the session, not the name, is locked
    now[0] += 59
    assert throttle.wait_s("zhang", session="attacker") == pytest.approx(1)
    now[0] += 1
    assert throttle.wait_s("zhang", session="attacker") == 0
    throttle.failed("zhang", session="attacker")
    assert throttle.wait_s("zhang", session="attacker") == 60  # still 6 failures within the window
    now[0] += 301
    throttle.failed("zhang", session="attacker")
    assert throttle.wait_s("wang", session="attacker") == 0  # old failures leave the window


def test_a_lockout_never_denies_the_real_password_to_another_client_for_long():
    """Issue 9: six wrong passwords for ed1 from one anonymous session locked ed1 for everyone,
    and one wrong try a minute kept it locked. Now the guessing session is locked; another
    browser waits at most the name's capped delay (30 s) after the latest wrong try."""
    throttle, now = clocked()
    for _ in range(6):
        throttle.failed("ed1", session="attacker")
    assert throttle.wait_s("ed1", session="attacker") == 60
    assert 0 < throttle.wait_s("ed1", session="owner") <= 30  # a brief delay for the name, not a lock
    for _ in range(60):  # an hour of one wrong try a minute, each from a fresh session
        now[0] += 60
        attacker = f"attacker-{now[0]}"
        if throttle.wait_s("ed1", session=attacker) == 0:
            throttle.failed("ed1", session=attacker)
        assert throttle.wait_s("ed1", session="owner") <= 30
        now[0] += 30
        assert throttle.wait_s("ed1", session="owner") == 0  # the owner gets in between the tries
        now[0] -= 30
    throttle.succeeded("ed1", session="owner")
    assert throttle.wait_s("ed1", session="someone") == 0


def test_the_name_delay_grows_with_failures_and_is_capped():
    """From many sessions at once, each further failure for a name doubles its delay: 1, 2, 4 ... 30 s at most."""
    throttle, now = clocked()
    delays = []
    for i in range(12):
        throttle.failed("ed1", session=f"s{i}")
        delays.append(throttle.wait_s("ed1", session="fresh"))
    assert delays == [0, 0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30]


def test_guesses_across_many_names_are_counted_per_session_and_per_address():
    """Issue 9: guessing many account names was not limited at all. A session is locked after
    5 failures, whatever the names; an address (shared by a NAT or proxy, so more generous)
    after 20, across any number of sessions."""
    throttle, now = clocked()
    for i in range(5):
        throttle.failed(f"name{i}", session="s")
    assert throttle.wait_s("name99", session="s") == 60
    assert throttle.wait_s("name99", session="other") == 0
    for i in range(19):
        throttle.failed(f"user{i}", session=f"fresh{i}", address="203.0.113.9")
    assert throttle.wait_s("user99", session="new", address="203.0.113.9") == 0
    throttle.failed("user19", session="fresh19", address="203.0.113.9")
    assert throttle.wait_s("user99", session="new", address="203.0.113.9") == 60  # any session from that address
    assert throttle.wait_s("user99", session="new", address="198.51.100.4") == 0  # other addresses are not affected
    throttle.succeeded("user5", session="new", address="203.0.113.9")
    assert throttle.wait_s("user99", session="new2", address="203.0.113.9") == 60  # a success elsewhere does not reset the address


def test_the_throttle_forgets_old_failures_instead_of_growing(monkeypatch):
    """Guessing over very many names must not grow the server's memory without bound."""
    import sitrep.accounts as accounts

    monkeypatch.setattr(accounts, "_MAX_THROTTLE_KEYS", 100)
    throttle, now = clocked()
    for i in range(1000):
        throttle.failed(f"n{i}", session=f"s{i}")
        now[0] += 10
    assert len(throttle._failures) <= 2 * 100 + 2 * 30 + 2


# --- in the store (SQLite and PostgreSQL) -------------------------------------------------------


def test_accounts_live_in_the_store(db_url):  # noqa: F811
    store = open_store()
    store.add_user("li.wei", "editor", hash_password(PASSWORD))
    assert store.authenticate("li.wei", PASSWORD) == User("li.wei", "editor")
    assert store.authenticate("li.wei", PASSWORD).fingerprint == store.user_fingerprint("li.wei")
    assert store.authenticate("li.wei", "wrong password") is None
    assert store.authenticate("nobody", PASSWORD) is None
    store.set_role("li.wei", "admin")
    assert open_store().user_role("li.wei") == "admin"  # another process sees the same accounts
    listed = store.users()
    assert list(listed.columns) == ["name", "role", "created_at", "has_password"]
    with pytest.raises(InputError, match="an account named 'li.wei' already exists"):
        store.add_user("li.wei", "viewer", None)
    store.remove_user("li.wei")
    assert store.user_role("li.wei") is None and store.user_fingerprint("li.wei") is None
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
    (line,) = [x for x in out.splitlines() if "sitrep.app.serve run app.py" in x]
    assert line.endswith(f"--server.address={address}")


def test_the_fingerprint_changes_with_the_password_and_re_creation_but_not_the_role(db_url):  # noqa: F811
    """Issue 9: what a session is checked against, on SQLite and PostgreSQL."""
    store = open_store()
    store.add_user("ed3", "editor", hash_password(PASSWORD))
    first = store.user_fingerprint("ed3")
    assert open_store().user_fingerprint("ed3") == first  # stable across reads and processes
    store.set_role("ed3", "admin")
    assert store.user_fingerprint("ed3") == first
    store.set_password_hash("ed3", hash_password("changedpass9"))
    second = store.user_fingerprint("ed3")
    assert second != first
    store.remove_user("ed3")
    store.add_user("ed3", "editor", hash_password("changedpass9"))
    assert store.user_fingerprint("ed3") not in (first, second)
