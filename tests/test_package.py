"""The installable package: what the wheel carries and how an installed sitrep finds it, `sitrep app`,
the split requirements. The wheel itself is built and smoke-tested from a fresh venv by
tests/smoke_wheel.py, which `make test` runs after this suite."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from sitrep import settings
from sitrep.commands import app as app_command

from sitrep.maps import assets

ROOT = Path(__file__).resolve().parents[1]


def _pins(path: Path) -> dict[str, str]:
    names = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "==" in line:
            name, version = line.split("==")
            names[re.sub(r"[-_.]+", "-", name).lower()] = version
    return names


# --- data: the checkout's, or the package's copy ------------------------------------------------------


def test_an_installed_package_reads_its_bundled_copy_and_a_checkout_its_own_folders(tmp_path):
    """Issue 10: the wheel held only .py files, and PROJECT_ROOT pointed above the package (site-packages)."""
    package = tmp_path / "site-packages" / "sitrep"
    package.mkdir(parents=True)
    assert settings._default_root(package) == tmp_path / "site-packages"  # a checkout: the folder above
    (package / "bundled" / "layers").mkdir(parents=True)
    assert settings._default_root(package) == package / "bundled"  # installed from a wheel
    assert settings.BUNDLED_ROOT == ROOT and settings.PROJECT_ROOT == ROOT  # this checkout


def test_the_build_copies_the_bundled_incident_and_the_streamlit_settings_in_their_layout():
    """Issue 10: setup.py's build hook bundles data/ and layers/ (relative paths as the layer specs name them)."""
    namespace: dict = {"__file__": str(ROOT / "setup.py"), "__name__": "not_main"}
    source = (ROOT / "setup.py").read_text(encoding="utf-8").replace("setup(cmdclass=", "dict(cmdclass=")
    exec(compile(source, "setup.py", "exec"), namespace)
    files = {str(p) for p in namespace["bundled_files"]()}
    spec = tomllib.loads((ROOT / "layers/dingri-2025/villages.toml").read_text(encoding="utf-8"))
    assert spec["file"] in files and "layers/dingri-2025.toml" in files and ".streamlit/config.toml" in files
    assert not any(f.startswith("data/make_") for f in files)  # the generators stay in the repository


# --- Leaflet: vendored, with its licence, the version the lockfile pins ---------------------------------


def test_leaflet_is_vendored_with_its_licence_at_the_version_the_lockfile_pins():
    """Issue 10: Leaflet came from node_modules (npm ci), which neither the sdist nor the wheel held."""
    lock = json.loads((ROOT / "sitrep/app/frontend/package-lock.json").read_text(encoding="utf-8"))
    version = lock["packages"]["node_modules/leaflet"]["version"]
    assert assets.LEAFLET_DIR == ROOT / "sitrep" / "vendor" / "leaflet"
    assert f"Leaflet {version}," in (assets.LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")[:200]
    assert (assets.LEAFLET_DIR / "LICENSE").read_text(encoding="utf-8").startswith("BSD 2-Clause License")
    css = (assets.LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")
    assert all((assets.LEAFLET_DIR / image).is_file() for image in re.findall(r"url\((images/[^)]+)\)", css))
    files = sorted(str(p.relative_to(assets.LEAFLET_DIR)) for p in assets.LEAFLET_DIR.rglob("*") if p.is_file())
    assert not [f for f in files if f.endswith(".map") or "esm" in f]


# --- sitrep app ---------------------------------------------------------------------------------------


def test_sitrep_app_passes_every_setting_of_the_projects_streamlit_config():
    """Issue 10: an installed app never sees the checkout's .streamlit/config.toml (telemetry, upload limit...)."""
    config = tomllib.loads((ROOT / ".streamlit/config.toml").read_text(encoding="utf-8"))
    options = app_command.streamlit_options()
    assert len(options) == sum(len(section) for section in config.values())
    for must in ("--browser.gatherUsageStats=false", "--server.headless=true", "--server.maxUploadSize=25",
                 "--client.showErrorDetails=type"):  # fmt: skip
        assert must in options


def test_sitrep_app_runs_streamlit_on_the_packaged_script_on_this_machine_by_default(run_cli, monkeypatch):
    """Issue 10: `sitrep app` (and `python -m sitrep.app`) serve the app, bound to 127.0.0.1 unless told."""
    calls = []
    monkeypatch.setattr(app_command.os, "execve", lambda exe, argv, env: calls.append((argv, env)))
    monkeypatch.setattr(app_command.os, "name", "posix")
    assert run_cli("app").code == 0
    assert run_cli("app", "--port", "8600", "--address", "0.0.0.0", "--incident", "dingri-2025").code == 0
    (default, _), (told, env) = calls
    # Streamlit's `run`, through sitrep.app.serve: the pages' libraries are imported before the server listens
    assert default[:5] == [sys.executable, "-m", "sitrep.app.serve", "run", str(ROOT / "sitrep/app/main.py")]
    assert default[-2:] == ["--server.port=8501", "--server.address=127.0.0.1"]
    assert told[-2:] == ["--server.port=8600", "--server.address=0.0.0.0"]
    assert env["SITREP_INCIDENT"] == "dingri-2025"


def test_sitrep_app_refuses_an_incident_that_does_not_exist(run_cli, monkeypatch):
    """`sitrep app --incident nosuch` served the default incident without a word (newcomer review, issue 12)."""
    monkeypatch.setattr(app_command.os, "execve", lambda *a: pytest.fail("started Streamlit"))
    r = run_cli("app", "--incident", "nosuch")
    assert r.code == 2
    assert "field '--incident': no incident named 'nosuch'; known incidents: dingri-2025" in r.err


def test_sitrep_app_refuses_a_port_that_is_not_one(run_cli):
    result = run_cli("app", "--port", "70000")
    assert (result.code, result.err) == (2, "sitrep: error: --port 70000: not a TCP port; expected 1-65535\n")


def test_python_m_sitrep_app_is_sitrep_app():
    out = subprocess.run([sys.executable, "-m", "sitrep.app", "--help"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    assert out.startswith("usage: sitrep app")


# --- requirements: what running needs, what testing needs -----------------------------------------------


def test_requirements_txt_pins_exactly_what_running_needs_and_the_test_file_the_rest():
    """Issue 10: one requirements.txt held pytest, playwright, ruff and ipykernel for every user.

    requirements.txt is the dependency closure (installed metadata) of pyproject's dependencies and
    its postgresql extra; requirements-test.txt adds the rest, nothing twice; `make pin` writes both."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from pin_requirements import RUNTIME_EXTRAS, closure
    finally:
        sys.path.remove(str(ROOT / "tools"))
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    roots = project["dependencies"] + [r for e in RUNTIME_EXTRAS for r in project["optional-dependencies"][e]]
    run, test = _pins(ROOT / "requirements.txt"), _pins(ROOT / "requirements-test.txt")
    assert set(closure([Requirement(r) for r in roots])) == set(run)
    assert (ROOT / "requirements-test.txt").read_text(encoding="utf-8").startswith("-r requirements.txt\n")
    assert not set(run) & set(test)
    for tool in ("pytest", "playwright", "ruff", "ipykernel", "nbclient"):
        assert tool in test and tool not in run
    extra = {Requirement(r).name.lower() for r in project["optional-dependencies"]["test"]}
    assert extra <= set(test)


def test_make_test_smoke_tests_the_wheel_and_make_setup_installs_both_requirement_files():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "tests/smoke_wheel.py" in test_recipe
    assert "-r requirements-test.txt" in makefile


@pytest.mark.parametrize("name", ["setup.py", "MANIFEST.in"])
def test_the_sdist_recipe_names_the_bundled_incident(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    assert "layers" in text and "data/dingri-2025" in text


# --- `make test` on every core, and a quick smoke venv (testspeed) ------------------------------------


def test_make_test_runs_pytest_on_every_core_with_whole_files_per_worker():
    """`make test` took ~15 min of serial pytest on the 2-core machine: it now runs pytest-xdist workers,
    each taking whole files (module fixtures built once) in tests/conftest.py's slowest-first order."""
    out = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    (pytest_line,) = [line for line in out.splitlines() if " -m pytest" in line]
    assert "-n auto" in pytest_line and "--dist loadfile" in pytest_line and "--no-loadscope-reorder" in pytest_line
    serial = subprocess.run(["make", "-n", "test", "PYTEST_WORKERS=0"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "-m pytest -n 0 " in serial.stdout


def _smoke_wheel():
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import smoke_wheel
    finally:
        sys.path.remove(str(ROOT / "tests"))
    return smoke_wheel


def test_the_smoke_venv_links_exactly_the_pinned_running_requirements_from_the_dev_venv(tmp_path):
    """The wheel smoke test installed every pin of requirements.txt into its fresh venv (~40 s of
    unpacking, and a download on a new machine): it now hard-links the dev venv's files of exactly those
    distributions, at exactly those versions (Streamlit serves components only from their real
    folder, so hard links, not symlinks), and installs the wheel alone; nothing else is linked."""
    from importlib import metadata

    smoke = _smoke_wheel()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (site,) = (venv / "lib").glob("python*/site-packages")
    wanted = tmp_path / "requirements.txt"
    wanted.write_text(f"# running\nTOOLZ=={metadata.version('toolz')}\nlocket=={metadata.version('locket')}\n")

    linked = smoke.link_requirements(venv, wanted)

    toolz = metadata.distribution("toolz")
    assert linked == sum(1 for f in toolz.files if f.parts[0] != "..") + len(metadata.distribution("locket").files)
    source = Path(toolz.locate_file("toolz/__init__.py"))
    copy = site / "toolz" / "__init__.py"
    assert not copy.is_symlink() and copy.stat().st_ino == source.stat().st_ino
    assert {p.name.split("-")[0] for p in site.glob("*.dist-info")} == {"toolz", "locket"}
    assert not (site / "pytest").exists() and not (site / "sitrep").exists()

    wanted.write_text(f"toolz=={metadata.version('toolz')}\nlocket==0.0.1\n")  # not the dev venv's version
    assert smoke.link_requirements(tmp_path / "other", wanted) is None
