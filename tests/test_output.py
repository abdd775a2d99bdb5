"""Writing user-named files (``--out``): atomic for files, never destructive for anything else."""

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.output import write_atomic

ROOT = Path(__file__).resolve().parents[1]


def test_a_new_file_is_written_whole(tmp_path):
    write_atomic(tmp_path / "out.csv", "a,b\n1,2\n")
    assert (tmp_path / "out.csv").read_text() == "a,b\n1,2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    """Replacing a file must not widen (or narrow) who may read it."""
    out = tmp_path / "brief.html"
    out.write_text("old")
    out.chmod(0o640)
    write_atomic(out, "new")
    assert out.read_text() == "new"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_a_symlink_is_written_through_to_its_target(tmp_path):
    """``--out`` a symbolic link: the target gets the new content atomically; the link stays a link."""
    (tmp_path / "reports").mkdir()
    target = tmp_path / "reports" / "latest.html"
    target.write_text("old")
    target.chmod(0o600)
    link = tmp_path / "current.html"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "current.html"
    link.symlink_to(tmp_path / "made.html")
    write_atomic(link, "new")
    assert link.is_symlink() and (tmp_path / "made.html").read_text() == "new"


def test_a_folder_is_refused(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(InputError, match=r"field '--out': is a folder; expected a file name"):
        write_atomic(folder, "x")
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_a_character_device_is_written_through_never_replaced(tmp_path):
    """``--out /dev/null`` must not replace the device node with a regular file (as root that
    destroys /dev/null). Tested on a null device made in tmp_path, never on /dev/null itself."""
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    write_atomic(node, "discarded")
    assert stat.S_ISCHR(node.stat().st_mode) and node.stat().st_rdev == os.makedev(1, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_a_fifo_is_written_through(tmp_path):
    """A named pipe (or ``/dev/stdout`` on a pipe) receives the data and stays a pipe."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(timeout=30)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_read_only_file_is_not_replaced(tmp_path):
    """A file its owner made read-only is refused, as ``cp`` would; checked without root's
    capabilities (root ignores permissions)."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to run without capabilities")
    out = tmp_path / "final.html"
    out.write_text("signed off")
    out.chmod(0o444)
    code = (
        "import sys; from sitrep.output import write_atomic; from sitrep.errors import InputError\n"
        f"try: write_atomic({str(out)!r}, 'new')\n"
        "except InputError as e: print(e); sys.exit(2)\n"
    )
    result = subprocess.run([setpriv, "--bounding-set=-all", "--inh-caps=-all", sys.executable, "-c", code],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    if result.returncode == 0 and out.read_text() == "new":
        pytest.fail("a read-only file was replaced")
    assert result.returncode == 2, result.stderr
    assert "is read-only; not replaced" in result.stdout
    assert out.read_text() == "signed off"


def test_the_cli_refuses_a_folder_as_out_in_one_line(run_cli, tmp_path):
    result = run_cli("bands", "--out", tmp_path)
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.strip() == f"sitrep: error: {tmp_path}, field '--out': is a folder; expected a file name"


def test_a_markdown_report_onto_a_device_is_refused(run_cli, tmp_path):
    """A Markdown report writes two pictures beside its text: never ``/dev/null-map.png``."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run_cli("report", "--as-of", "2025-01-07T16:00+08:00", "--format", "md", "--out", fifo)
    assert result.code == 2 and "a Markdown report is three files" in result.err
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("timeline.sqlite")] == ["pipe"]
