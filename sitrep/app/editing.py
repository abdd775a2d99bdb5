"""The app's write side: signing in, and the forms only editors see (figures, corrections, retractions, station events, notes).

Everyone who reaches the app is a viewer: they see every figure and who entered it, and no
write control. An editor (or admin) signs in with an account from ``sitrep users add`` -
the session (this browser tab's ``st.session_state``, never shared) then holds the
account name and its credential fingerprint; both are checked against the store on every
rerun, so removing an account, changing its password or its role applies at once. Wrong
passwords are throttled per session, per network address and (gently) per account name:
see :class:`sitrep.accounts.LoginThrottle`. Behind an authenticating reverse proxy,
``SITREP_AUTH_PROXY_HEADER`` names the header that carries the user (see
:mod:`sitrep.accounts`). Every write checks the role again just before it is stored, and
records the signed-in name as the author.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, tzinfo

import pandas as pd
import streamlit as st

from . import state
from .furniture import plain, plain_frame
from ..accounts import ROLES, User, check_name, hash_password, proxy_header_name, resolve_user
from ..errors import SitrepError
from ..records import METRICS, NOTE_SECTIONS, NOTE_TEXT_MAX, QUALIFIERS, check_station_sequence, validate_note, validate_record, validate_station_event
from ..store import Store
from ..timeline import history
from ..clock import from_local_naive, zone_label
from ..timeutil import format_local

__all__ = ["SESSION_USER", "SESSION_FINGERPRINT", "current_user", "sign_in_box", "edit_section"]

#: Session-state key holding the signed-in account's name (this browser session only).
SESSION_USER = "sitrep_user"
#: Session-state key holding the account's credential fingerprint at sign-in.
SESSION_FINGERPRINT = "sitrep_user_fingerprint"
#: Session-state key of a random id naming this browser session to the sign-in throttle.
_SESSION_ID = "sitrep_throttle_id"


def current_user(store: Store) -> User | None:
    """The user of this browser session (proxy header or password sign-in), or None for a viewer."""
    header = proxy_header_name()
    headers = _request_headers() if header else None
    user = resolve_user(store.user_role, session_name=st.session_state.get(SESSION_USER),
                        session_fingerprint=st.session_state.get(SESSION_FINGERPRINT), fingerprint_of=store.user_fingerprint,
                        headers=headers, header=header)  # fmt: skip
    if user is None:
        _sign_out()  # an account removed, or its password changed, meanwhile signs its sessions out
    return user


def _sign_out() -> None:
    st.session_state.pop(SESSION_USER, None)
    st.session_state.pop(SESSION_FINGERPRINT, None)


def _client() -> dict[str, str | None]:
    """This browser session and its network address, as the sign-in throttle counts them.

    Streamlit gives no address for loopback connections (also what a reverse proxy on this
    machine looks like); then only the session and the account name are counted.
    """
    session = st.session_state.setdefault(_SESSION_ID, secrets.token_hex(16))
    try:
        address = st.context.ip_address
    except (AttributeError, RuntimeError):  # no request (bare script run)
        address = None
    return {"session": session, "address": address or None}


def _request_headers() -> dict[str, str]:
    try:
        return dict(st.context.headers)
    except (AttributeError, RuntimeError):  # no request (bare script run)
        return {}


def sign_in_box(store: Store) -> User | None:
    """The sidebar's account box: who is signed in (and a sign-out button), or a sign-in form. Returns the user."""
    user = current_user(store)
    if user is not None:
        via_proxy = st.session_state.get(SESSION_USER) != user.name
        st.caption(f"Signed in as `{user.name}` · {user.role}" + (" (by the proxy)" if via_proxy else ""))
        if not user.can_edit:
            st.caption("Viewers see everything but cannot edit; an admin can give this account the editor role.")
        if not via_proxy and st.button("Sign out", key="sign_out"):
            _sign_out()
            st.rerun()
        return user
    with st.expander("Sign in to edit", expanded=False):
        with st.form("sign_in", clear_on_submit=True):
            name = st.text_input("Account", key="login_name")
            password = st.text_input("Password", type="password", key="login_password")
            submitted = st.form_submit_button("Sign in")
        if submitted:
            name = name.strip()
            throttle, client = state.login_throttle(), _client()
            wait = throttle.wait_s(name, **client)
            if wait > 0:
                st.error(f"Too many wrong passwords; try again in {max(wait, 1):.0f} s.")
                return None
            found = store.authenticate(name, password)
            if found is None:
                throttle.failed(name, **client)
                st.error("Wrong account name or password.")  # the same message for both: names are not revealed
            else:
                throttle.succeeded(name, **client)
                st.session_state[SESSION_USER] = found.name
                st.session_state[SESSION_FINGERPRINT] = found.fingerprint
                st.rerun()
    st.caption("Viewing only. Editors sign in to add, correct or retract figures.")
    return None


def _editor(store: Store) -> User | None:
    """The session's user if they may write now (role re-read from the store), else None with an error shown."""
    user = current_user(store)
    if user is None or not user.can_edit:
        st.error("Not stored: sign in with an editor account to change the timeline.")
        return None
    return user


def edit_section(store: Store, user: User | None, *, records: pd.DataFrame, figures: pd.DataFrame, local_t: datetime,
                 scope: str, incident: str, tz: tzinfo, station_ids: Sequence[str] = ()) -> None:  # fmt: skip
    """The write controls for an editor; nothing at all for a viewer.

    ``local_t`` is the page's time as a naive date-time in ``tz``, the incident's zone:
    the forms read and label their times in it; updates are checked against ``incident``.
    """
    if user is None or not user.can_edit:
        return
    _update_form(store, local_t=local_t, scope=scope, incident=incident, tz=tz)
    _note_form(store, local_t=local_t, incident=incident, tz=tz)
    _correction_form(store, records=records, figures=figures, incident=incident, tz=tz)
    if len(station_ids):
        _station_form(store, local_t=local_t, station_ids=station_ids, incident=incident, tz=tz)
    if user.can_admin:
        _accounts_panel(store, user, tz=tz)


def _flash(key: str) -> None:
    if key in st.session_state:
        st.success(plain(st.session_state.pop(key)))


def _opened(flag: str, submit_key: str) -> bool:
    """Keep a form's expander open once used in this session: a success and then an error stay in view.

    (The expander used to open only while a success message was pending, so the next
    submit's error was rendered inside a collapsed expander.)
    """
    if st.session_state.get(submit_key):
        st.session_state[flag] = True
    return bool(st.session_state.get(flag))


def _update_form(store: Store, *, local_t: datetime, scope: str, incident: str, tz: tzinfo) -> None:
    zone = zone_label(tz, from_local_naive(local_t, tz))
    with st.expander("Add an update 添加更新", expanded=_opened("update_open", "f_submit")):
        _flash("flash")
        with st.form("update", clear_on_submit=False):
            f1, f2, f3 = st.columns(3)
            metric = f1.selectbox("Metric", [*METRICS, "other…"], key="f_metric")
            other = f1.text_input("Other metric name", key="f_other", help="only for 'other…'")
            value = f2.text_input("Value", key="f_value", help='as published: "30,400+", ">1000" and "about 300" set the qualifier')
            qualifier = f2.selectbox("Qualifier", list(QUALIFIERS), key="f_qualifier", format_func=_qualifier_label)
            unit = f2.text_input("Unit (optional)", key="f_unit")
            where = f3.text_input("Scope", value=scope, key="f_scope")
            obs_date = f1.date_input(f"Observed date ({zone})", value=local_t.date(), key="f_date")
            obs_time = f2.time_input(f"Observed time ({zone})", value=local_t.time(), key="f_time", step=60)
            source = f3.text_input("Source", key="f_source")
            note = st.text_input("Note", key="f_note")
            submitted = st.form_submit_button("Add to the timeline", key="f_submit")
        if not submitted or (user := _editor(store)) is None:
            return
        observed = from_local_naive(datetime.combine(obs_date, obs_time), tz).isoformat()
        raw = {"metric": other if metric == "other…" else metric, "value": value, "unit": unit, "scope": where,
               "observed_at": observed, "source": source, "note": note, "author": user.name, "qualifier": qualifier}  # fmt: skip
        try:
            (ident, new), = store.append([validate_record(raw, incident=state.incident(incident))])
        except SitrepError as exc:
            st.error(f"Not added: {plain(exc)}")
        else:
            # shown after the rerun that brings the new figure into the cards
            st.session_state["flash"] = f"Added as record {ident}." if new else f"Already in the timeline as record {ident}."
            st.rerun()


def _qualifier_label(key: str) -> str:
    return QUALIFIERS[key] or "as stated"


def _figure_label(r, tz: tzinfo) -> str:
    value = f"{r['value']:,.0f}" if float(r["value"]).is_integer() else f"{r['value']:,}"
    words = QUALIFIERS.get(r.get("qualifier") if isinstance(r.get("qualifier"), str) else "", "")
    value = f"{words} {value}" if words else value
    return f"#{int(r['id'])} · {r['metric']} {value} {r['unit']} · {r['scope'] or '(no scope)'} · {format_local(r['observed_at'], tz=tz)} · {r['source']}"


def _correction_form(store: Store, *, records: pd.DataFrame, figures: pd.DataFrame, incident: str, tz: tzinfo) -> None:
    with st.expander("Correct or retract a figure 更正或撤回", expanded=_opened("correct_open", "c_submit")):
        _flash("flash_correct")
        pool_name = st.radio("Figures", ["shown at this time", "full history"], key="c_pool", horizontal=True)
        pool = figures if pool_name == "shown at this time" else history(records)
        pool = pool.sort_values(["observed_at", "id"], ascending=False)
        if pool.empty:
            st.caption("No figures to correct.")
            return
        rows = {int(r["id"]): r for _, r in pool.iterrows()}
        chosen = st.selectbox("Figure", list(rows), key="c_record", format_func=lambda i: _figure_label(rows[i], tz))
        action = st.radio("Action", ["Correct the value", "Retract (wrong, no replacement)"], key="c_action", horizontal=True)
        retract = action.startswith("Retract")
        target = rows[chosen]
        with st.form("correct", clear_on_submit=False):
            if retract:
                value = source = qualifier = ""
                st.caption("A retracted figure leaves the cards, charts, tables and reports; the record stays in the store, marked.")
            else:
                c1, c2 = st.columns(2)
                value = c1.text_input("Corrected value", key="c_value")
                was = target.get("qualifier") if isinstance(target.get("qualifier"), str) else ""
                qualifier = c1.selectbox("Qualifier", list(QUALIFIERS), index=list(QUALIFIERS).index(was) if was in QUALIFIERS else 0,
                                         key=f"c_qualifier_{chosen}", format_func=_qualifier_label)  # fmt: skip
                source = c2.text_input("Source of the correction", key="c_source",
                                       help=f"who published the corrected value (the figure's source: {target['source']})")
            note = st.text_input("Reason", key="c_note", help="what was wrong (required for a retraction)")
            submitted = st.form_submit_button("Retract the figure" if retract else "Store the correction", key="c_submit")
        if not submitted or (user := _editor(store)) is None:
            return
        try:
            if retract:
                new = store.retract(chosen, author=user.name, reason=note)
                message = f"Record {chosen} retracted." if new else f"Record {chosen} was already retracted."
            else:
                raw = {"metric": target["metric"], "value": value, "unit": target["unit"], "scope": target["scope"],
                       "observed_at": target["observed_at"].isoformat(), "source": source, "note": note,
                       "author": user.name, "corrects": str(chosen), "qualifier": qualifier}  # fmt: skip
                (ident, new), = store.append([validate_record(raw, incident=state.incident(incident))])
                message = f"Stored as record {ident}, correcting record {chosen}." if new else f"Already stored as record {ident}."
        except SitrepError as exc:
            st.error(f"Not stored: {plain(exc)}")
        else:
            st.session_state["flash_correct"] = message
            for key in ("c_value", "c_source", "c_note"):  # a second click cannot store a correction of the correction
                st.session_state.pop(key, None)
            st.rerun()


def _note_form(store: Store, *, local_t: datetime, incident: str, tz: tzinfo) -> None:
    """A free-text timeline note (response, needs, gaps, next update...) with its source and time."""
    zone = zone_label(tz, from_local_naive(local_t, tz))
    with st.expander("Add a note (response, needs, gaps…) 添加说明", expanded=_opened("note_open", "n_submit")):
        _flash("flash_note")
        with st.form("note", clear_on_submit=False):
            n1, n2, n3 = st.columns(3)
            section = n1.selectbox("Section", list(NOTE_SECTIONS), key="n_section", format_func=NOTE_SECTIONS.__getitem__)
            obs_date = n2.date_input(f"Observed date ({zone})", value=local_t.date(), key="n_date")
            obs_time = n3.time_input(f"Observed time ({zone})", value=local_t.time(), key="n_time", step=60)
            text = st.text_area("Note", key="n_text", max_chars=NOTE_TEXT_MAX, help="plain text; line breaks are kept")
            s1, s2 = st.columns(2)
            source = s1.text_input("Source of the note", key="n_source", help="who published it, e.g. Shigatse earthquake relief HQ")
            source_url = s2.text_input("Source URL (optional)", key="n_source_url")
            submitted = st.form_submit_button("Add the note", key="n_submit")
        if not submitted or (user := _editor(store)) is None:
            return
        observed = from_local_naive(datetime.combine(obs_date, obs_time), tz).isoformat()
        raw = {"section": section, "text": text, "observed_at": observed, "source": source, "source_url": source_url,
               "author": user.name}  # fmt: skip
        try:
            (ident, new), = store.add_notes([validate_note(raw, incident=state.incident(incident))])
        except SitrepError as exc:
            st.error(f"Not added: {plain(exc)}")
        else:
            st.session_state["flash_note"] = f"Note {ident} added." if new else f"Already stored as note {ident}."
            st.session_state.pop("n_text", None)  # a second click does not add it again
            st.rerun()


def _station_form(store: Store, *, local_t: datetime, station_ids: Sequence[str], incident: str, tz: tzinfo) -> None:
    zone = zone_label(tz, from_local_naive(local_t, tz))
    with st.expander("Report a base station out or restored 基站退服/抢通", expanded=_opened("station_open", "s_submit")):
        _flash("flash_station")
        with st.form("station", clear_on_submit=False):
            s1, s2, s3 = st.columns(3)
            station = s1.selectbox("Station", list(station_ids), key="s_station")
            status = s2.selectbox("Status", ["out", "restored"], key="s_status")
            source = s3.text_input("Reported by", key="s_source", help="the source of the station report, e.g. China Mobile")
            at_date = s1.date_input(f"Date ({zone})", value=local_t.date(), key="s_date")
            at_time = s2.time_input(f"Time ({zone})", value=local_t.time(), key="s_time", step=60)
            note = s3.text_input("Station note", key="s_note")
            submitted = st.form_submit_button("Add the station event", key="s_submit")
        if not submitted or (user := _editor(store)) is None:
            return
        at = from_local_naive(datetime.combine(at_date, at_time), tz).isoformat()
        try:
            event = validate_station_event({"station_id": station, "status": status, "at": at, "source": source, "note": note,
                                            "author": user.name}, incident=state.incident(incident))  # fmt: skip
            check_station_sequence(store.station_events(), [event])  # a second "restored" is refused, as in the CLI
            (ident, new), = store.append([event])
        except SitrepError as exc:
            st.error(f"Not added: {plain(exc)}")
        else:
            st.session_state["flash_station"] = f"Station event {ident} added." if new else f"Already stored as station event {ident}."
            st.rerun()


def _admin(store: Store) -> User | None:
    user = current_user(store)
    if user is None or not user.can_admin:
        st.error("Not changed: only an admin manages accounts.")
        return None
    return user


def _accounts_panel(store: Store, admin: User, *, tz: tzinfo) -> None:
    """Admins: list accounts, add one, change a role or remove one (passwords only ever as bcrypt hashes)."""
    with st.expander("Accounts 账户 (admin)", expanded=_opened("accounts_open", "a_submit") or _opened("accounts_open", "m_submit")):
        _flash("flash_accounts")
        accounts = store.users()
        st.table(plain_frame(pd.DataFrame({"account": accounts["name"], "role": accounts["role"],
                                           f"created ({zone_label(tz)})": accounts["created_at"].map(lambda t: format_local(t, tz=tz)),
                                           "password": accounts["has_password"].map({True: "yes", False: "proxy only"})}),
                             ["account"]))  # fmt: skip
        with st.form("account_add", clear_on_submit=True):
            a1, a2 = st.columns(2)
            name = a1.text_input("New account", key="a_name")
            role = a2.selectbox("Role", ROLES, index=ROLES.index("editor"), key="a_role")
            password = a1.text_input("Password (at least 8 characters)", type="password", key="a_password")
            again = a2.text_input("Password again", type="password", key="a_password2")
            add = st.form_submit_button("Add the account", key="a_submit")
        others = [n for n in accounts["name"] if n != admin.name]  # your own account: from the command line
        with st.form("account_change", clear_on_submit=False):
            m1, m2, m3 = st.columns(3)
            target = m1.selectbox("Account", others, key="m_account")
            action = m2.selectbox("Change", ["set role", "remove"], key="m_action")
            new_role = m3.selectbox("New role", ROLES, key="m_role")
            change = st.form_submit_button("Apply to the account", key="m_submit")
        if not (add or change) or _admin(store) is None:
            return
        try:
            if add:
                if password != again:
                    st.error("Not added: the two passwords differ.")
                    return
                store.add_user(check_name(name.strip(), field="account"), role, hash_password(password))
                message = f"Account {name.strip()} added ({role})."
            elif not target:
                st.error("Not changed: no other account to change.")
                return
            elif action == "remove":
                store.remove_user(target)
                message = f"Account {target} removed."
            else:
                store.set_role(target, new_role)
                message = f"{target} is now {new_role}."
        except SitrepError as exc:
            st.error(f"Not changed: {plain(exc)}")
        else:
            st.session_state["flash_accounts"] = message
            st.rerun()
