"""Issue 12: the server prepares what the first page needs before it listens (`make run`, `sitrep app`).

The browser tests start every server this way (tests/test_browser.py), so the map, the cards
and the charts are checked as served by it; here: what it prepares, that nothing keeps it from
listening, and that the compressed websocket cannot be used to make it inflate a bomb.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from sitrep.app import serve, state

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture
def no_streamlit(monkeypatch):
    """Streamlit's command line replaced: the arguments it would have run with."""
    calls = []
    monkeypatch.setattr("streamlit.web.cli.main", lambda **kw: calls.append(kw["args"]))
    from streamlit.web.server.starlette import starlette_server

    monkeypatch.setattr(starlette_server, "get_max_message_size_bytes", starlette_server.get_max_message_size_bytes)  # undone after
    from streamlit.web.server.starlette import starlette_static_routes

    monkeypatch.setattr(starlette_static_routes, "create_streamlit_static_handler", starlette_static_routes.create_streamlit_static_handler)
    return calls


def test_the_incident_is_read_its_store_made_and_its_shaking_computed_before_the_server_listens(no_streamlit, capsys):
    """A first coordinator waited for the imports, the scenario, a new store and the model field (5-8 s)."""
    serve.main(["run", APP, "--server.port=8599"])
    assert no_streamlit == [["run", APP, "--server.port=8599", "--server.enableWebsocketCompression=true"]]
    spec, _ = state.scenario("dingri-2025")
    assert len(state.store("dingri-2025").records()) > 0  # made and seeded
    solution = state.solutions("dingri-2025")[spec.reference_solution]
    assert state._shaking_run("dingri-2025", solution, False, None).done()  # the page waits for nothing
    err = capsys.readouterr().err
    assert "sitrep: preparing the incident dingri-2025" in err and "sitrep: prepared in" in err


def test_an_incident_that_cannot_be_read_is_said_on_the_console_and_left_to_the_page(monkeypatch):
    """The server still starts; the first page tries again and shows the one-line error to whoever opens it."""
    line = serve.prepare("no-such-incident")
    assert line.startswith("sitrep: warning: the incident no-such-incident was not prepared: reading the incident failed (SpecError)")


def test_a_store_that_never_answers_does_not_keep_the_server_from_listening(monkeypatch):
    """A PostgreSQL host that accepts and stays silent held the server for 94 s and more (attacker review)."""
    stuck = threading.Event()

    def slow(name, progress):
        progress.append("opening its timeline store")
        stuck.wait(30)

    monkeypatch.setattr(serve, "warm_incident", slow)
    try:
        line = serve.prepare("dingri-2025", deadline_s=0.5)
    finally:
        stuck.set()
    assert line.startswith("sitrep: still opening its timeline store after") and "serving now" in line


@pytest.mark.parametrize(("text", "seconds"), [("", 20.0), ("5", 5.0), ("0", 0.0), ("soon", 20.0), ("-1", 20.0)])
def test_the_preparation_deadline_is_an_environment_setting(monkeypatch, text, seconds):
    monkeypatch.setenv("SITREP_PREPARE_TIMEOUT", text)
    assert serve.prepare_timeout_s() == seconds


def test_the_console_says_what_the_server_prepares_and_names_the_incident_as_plain_text(monkeypatch, capsys, no_streamlit):
    """A silent start of several seconds reads as a hang; the incident's name is never terminal codes."""
    monkeypatch.setenv("SITREP_INCIDENT", "evil\x1b]0;pwned\x07")
    monkeypatch.setattr(serve, "warm_incident", lambda *a: None)
    serve.main(["run", APP])
    err = capsys.readouterr().err
    assert "sitrep: preparing the incident" in err and "sitrep: prepared in" in err
    assert "\x1b" not in err and "\x07" not in err


@pytest.mark.parametrize("command", [["--version"], ["hello"], ["run", "--help"], ["run", "/no/such/script.py"], ["run"]])
def test_other_streamlit_commands_and_their_errors_come_without_any_preparation(monkeypatch, command, no_streamlit):
    prepared = []
    monkeypatch.setattr(serve, "prepare", lambda *a, **k: prepared.append(a) or "")
    serve.main(command)
    assert no_streamlit == [command] and prepared == []


def test_a_port_in_use_is_said_at_once_before_any_preparation(monkeypatch, capsys, no_streamlit):
    """A busy port was reported by Streamlit after the warm-up (12 s of silence), having made a store meanwhile."""
    prepared = []
    monkeypatch.setattr(serve, "prepare", lambda *a, **k: prepared.append(a) or "")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for args in (["run", APP, f"--server.port={port}", "--server.address=127.0.0.1"],
                     ["run", APP, "--server.port", str(port), "--server.address", "127.0.0.1"]):  # fmt: skip
            with pytest.raises(SystemExit) as stop:
                serve.main(args)
            assert stop.value.code == 2
            assert f"sitrep: error: 127.0.0.1:{port} is in use" in capsys.readouterr().err
    assert prepared == [] and no_streamlit == []
    assert serve.port_in_use(["run", APP, f"--server.port={port}", "--server.address=127.0.0.1"]) is None  # free again


def test_compression_comes_only_with_a_cap_on_what_a_browser_may_send(monkeypatch, no_streamlit):
    """Attacker review: with compression on, ~200 kB on the wire inflated to Streamlit's 200 MB limit per message."""
    from streamlit.web.server.starlette import starlette_server

    monkeypatch.setattr(serve, "prepare", lambda *a, **k: "")
    serve.main(["run", APP])
    assert no_streamlit[-1][-1] == "--server.enableWebsocketCompression=true"
    assert starlette_server._get_uvicorn_config_kwargs()["ws_max_size"] == 4_000_000
    monkeypatch.setattr(serve, "limit_incoming_messages", lambda *a: False)  # Streamlit changed: no cap, no compression
    serve.main(["run", APP])
    assert not any("Compression" in a for a in no_streamlit[-1])
    serve.main(["run", APP, "--server.enableWebsocketCompression=false"])  # the command line's own choice stands
    assert no_streamlit[-1][-1] == "--server.enableWebsocketCompression=false"


def test_a_compressed_bomb_from_a_browser_is_refused_by_the_running_server(tmp_path):
    """8 MB of zeros (~8 kB on the wire) is closed with 1009 'message too big' after 4 MB, as served by `make run`;
    a browser's real messages still pass (the page opens: the browser tests)."""
    import websockets.sync.client
    from websockets.exceptions import ConnectionClosed

    from tests.test_browser import streamlit_server

    with streamlit_server(APP, tmp_path, {"SITREP_DB": str(tmp_path / "t.sqlite")}) as url:
        ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        with websockets.sync.client.connect(ws_url, compression="deflate", subprotocols=["streamlit"], origin=url,
                                            max_size=None, open_timeout=30) as ws:  # fmt: skip
            assert ws.response.headers.get("Sec-WebSocket-Extensions", "").startswith("permessage-deflate")
            ws.send(b"\0" * 8_000_000)
            with pytest.raises(ConnectionClosed) as closed:
                ws.recv(timeout=30)
    assert closed.value.rcvd.code == 1009


# --- a page's own address (issue 13: /overview asked /overview/_stcore/* first, two 404s) -----------------


def _answer(app, path: str = "/overview", method: str = "GET") -> tuple[dict, bytes]:
    """Run ASGI ``app`` on one request; (the response's start message, its whole body)."""
    import asyncio

    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app({"type": "http", "method": method, "path": path, "headers": []}, receive, send))
    return sent[0], b"".join(m.get("body", b"") for m in sent[1:])


def _static(content_type: bytes, chunks: list[bytes], status: int = 200):
    async def app(scope, receive, send):
        size = str(sum(map(len, chunks))).encode()
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", content_type), (b"content-length", size)]})
        for i, chunk in enumerate(chunks):
            await send({"type": "http.response.body", "body": chunk, "more_body": i < len(chunks) - 1})

    return app


def test_the_served_page_says_where_the_apps_root_is_first_in_its_head():
    """Streamlit's page reads window.__streamlit when its bundle loads: the script comes before it, lengths stay right."""
    script = serve.page_base_script().encode()
    start, body = _answer(serve._PageBaseInjector(_static(b"text/html; charset=utf-8", [b"<html><head><title>x", b"</title></head></html>"]), script))
    assert body == b"<html><head>" + script + b"<title>x</title></head></html>"
    assert dict(start["headers"])[b"content-length"] == str(len(body)).encode()


@pytest.mark.parametrize(("content_type", "status"), [(b"application/javascript", 200), (b"text/html", 304), (b"text/html", 404)])
def test_other_answers_pass_unchanged(content_type, status):
    start, body = _answer(serve._PageBaseInjector(_static(content_type, [b"<head>a", b"b"], status), b"<script></script>"))
    assert body == b"<head>ab" and start["status"] == status


def test_the_script_names_the_apps_pages_as_data():
    """Each page's address in the script is JSON (a name can never close the script element)."""
    script = serve.page_base_script(["overview", "</script><b>"])
    assert '["overview", "\\u003c/script>\\u003cb>"]' in script and script.count("</script>") == 1
    assert serve.PAGE_PATHS == ("situation", "overview")


def test_the_server_wraps_streamlits_static_files_once(monkeypatch):
    from streamlit.web.server.starlette import starlette_static_routes as routes

    monkeypatch.setattr(routes, "create_streamlit_static_handler", routes.create_streamlit_static_handler)  # undone after
    assert serve.serve_page_addresses() and serve.serve_page_addresses()
    handler = routes.create_streamlit_static_handler(str(Path(routes.file_util.get_static_dir())), None)
    assert isinstance(handler, serve._PageBaseInjector) and not isinstance(handler.app, serve._PageBaseInjector)


def test_a_port_just_released_is_free_again():
    """Attacker review: right after the app stopped, its port in TIME_WAIT was reported "in use" for a
    minute, though the server (SO_REUSEADDR, as uvicorn binds) could listen on it."""
    import socket

    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        conn, _ = server.accept()
        conn.close()  # the server side closes first: its end of the connection waits in TIME_WAIT
        client.close()
    assert serve.port_in_use(["run", APP, f"--server.port={port}", "--server.address=127.0.0.1"]) is None
