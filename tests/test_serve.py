"""Issue 12: the server prepares what the first page needs before it listens (`make run`, `sitrep app`).

The browser tests start every server this way (tests/test_browser.py), so the map, the cards
and the charts are checked as served by it; here: what it prepares, and that it never stops
a server from starting.
"""

from __future__ import annotations

import logging

import pytest

from sitrep.app import serve, state


def test_the_incident_is_read_its_store_made_and_its_shaking_computed_before_the_server_listens(monkeypatch):
    """A first coordinator waited for the imports, the scenario, a new store and the model field (5-8 s)."""
    calls = []
    monkeypatch.setattr("streamlit.web.cli.main", lambda **kw: calls.append(kw))
    serve.main(["run", "app.py", "--server.port=8599"])
    assert calls == [{"args": ["run", "app.py", "--server.port=8599"], "prog_name": "streamlit"}]
    spec, _ = state.scenario("dingri-2025")
    store = state.store("dingri-2025")
    assert len(store.records()) > 0  # made and seeded
    solution = state.solutions("dingri-2025")[spec.reference_solution]
    assert state._shaking_run("dingri-2025", solution, False, None).done()  # the page waits for nothing


def test_an_incident_that_cannot_be_read_is_left_for_the_page_to_report(monkeypatch, caplog):
    """The server still starts; the page shows the one-line error to whoever opens it."""
    monkeypatch.setenv("SITREP_INCIDENT", "no-such-incident")
    with caplog.at_level(logging.WARNING, logger="sitrep.app"):
        serve.warm_incident()
    assert "was not prepared before serving: reading the incident failed (SpecError)" in caplog.text
    assert logging.root.manager.disable == logging.NOTSET  # logging is on again


def test_the_console_says_what_the_server_prepares_and_how_long_it_took(monkeypatch, capsys):
    """A silent start of several seconds reads as a hang; the incident's name is shown as text, never as terminal codes."""
    monkeypatch.setenv("SITREP_INCIDENT", "evil\x1b]0;pwned\x07")
    monkeypatch.setattr(serve, "warm_incident", lambda *a: None)
    monkeypatch.setattr("streamlit.web.cli.main", lambda **kw: None)
    serve.main(["run", "app.py"])
    err = capsys.readouterr().err
    assert "sitrep: preparing the incident" in err and "sitrep: prepared in" in err
    assert "\x1b" not in err and "\x07" not in err


@pytest.mark.parametrize("command", [["--version"], ["hello"]])
def test_other_streamlit_commands_are_passed_on_without_preparing_an_incident(monkeypatch, command):
    prepared, calls = [], []
    monkeypatch.setattr(serve, "warm_incident", lambda *a: prepared.append(a))
    monkeypatch.setattr(serve, "warm_imports", lambda *a: prepared.append(a))
    monkeypatch.setattr("streamlit.web.cli.main", lambda **kw: calls.append(kw["args"]))
    serve.main(command)
    assert calls == [command] and prepared == []


def test_a_port_in_use_is_said_at_once_before_any_preparation(monkeypatch, capsys):
    """A busy port was reported by Streamlit after the warm-up (12 s of silence), having made a store meanwhile."""
    import socket

    prepared = []
    monkeypatch.setattr(serve, "warm_incident", lambda *a: prepared.append(a))
    monkeypatch.setattr("streamlit.web.cli.main", lambda **kw: prepared.append(kw))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for args in (["run", "app.py", f"--server.port={port}", "--server.address=127.0.0.1"],
                     ["run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1"]):  # fmt: skip
            with pytest.raises(SystemExit) as stop:
                serve.main(args)
            assert stop.value.code == 2
            assert f"sitrep: error: 127.0.0.1:{port} is in use" in capsys.readouterr().err
    assert prepared == []
    assert serve.port_in_use(["run", "app.py", f"--server.port={port}", "--server.address=127.0.0.1"]) is None  # free again
