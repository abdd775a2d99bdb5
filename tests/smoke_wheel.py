"""Build sitrep's sdist and wheel, install the wheel into a fresh venv, smoke-test it from there.

Run by ``make test`` after the test suite (``.venv/bin/python tests/smoke_wheel.py``), with the
dev venv's Python: it builds with that venv's setuptools (PEP 517 hooks, no build isolation, so
no download), then works in a temporary folder outside the checkout:

1. the sdist holds the bundled incident (``data/``, ``layers/``), the Streamlit settings, the
   report template, the icon and Leaflet with its licence;
2. a wheel is built FROM the sdist (what pip does with a release on PyPI) and carries them as
   package data (``sitrep/bundled``, ``sitrep/vendor/leaflet``); a wheel built from the
   checkout holds the same files;
3. a fresh venv gets requirements.txt (what running needs: nothing of requirements-test.txt)
   and the wheel, not editable, offline: the pinned wheels are fetched once per version of
   requirements.txt into the user's cache (``~/.cache/sitrep/smoke-wheels``);
4. from a folder that is not the checkout, with no PYTHONPATH: ``sitrep --version``,
   ``sitrep layers``, ``sitrep bands`` (the same table as in the checkout: 27 villages and
   6,900 people within 20 km), ``sitrep report --out`` (finds its template);
5. ``sitrep app --port P`` (``python -m sitrep.app`` is the same command): the health check
   answers, the page and its script load, and in headless Chromium (the dev venv's
   Playwright) the map renders with Leaflet served at the component URL the app declares.
   The CLI commands of step 4 run meanwhile, to keep ``make test`` quick;
6. a newcomer's own incident (issue 10), in the same temporary ``SITREP_HOME`` and store:
   ``sitrep incident new nepal --event`` a USGS event-detail file, ``incident add`` villages from a
   GeoNames dump and towers from an OpenCellID file, ``sitrep bands --incident nepal`` gives the
   exact counts and sums, ``sitrep report --incident nepal`` is titled for the event, in UTC+5:45,
   with nothing of Dingri; and the running app at ``?incident=nepal`` shows that incident on its
   own clock (title, time slider in Asia/Kathmandu, no "Dingri"). The commands run while the app
   starts and while Chromium checks the Dingri page.

Exit status 0 when all passes; otherwise one line saying what failed (and the logs).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"

#: Files the sdist (relative to its top folder) and the wheel must hold.
SDIST_MUST = ["layers/dingri-2025.toml", "layers/dingri-2025/villages.toml", "data/dingri-2025/villages.geojson",
              "data/dingri-2025/timeline.csv", ".streamlit/config.toml", "sitrep/report/templates/report.html.j2",
              "sitrep/app/icon.png", "sitrep/app/main.py", "sitrep/vendor/leaflet/leaflet.js",
              "sitrep/vendor/leaflet/leaflet.css", "sitrep/vendor/leaflet/LICENSE",
              "sitrep/vendor/leaflet/images/marker-icon.png", "requirements.txt",
              "sitrep/intensity/data/pager_fatality.csv"]  # fmt: skip
WHEEL_MUST = ["sitrep/bundled/layers/dingri-2025.toml", "sitrep/bundled/layers/dingri-2025/villages.toml",
              "sitrep/bundled/data/dingri-2025/villages.geojson", "sitrep/bundled/data/dingri-2025/timeline.csv",
              "sitrep/bundled/.streamlit/config.toml", "sitrep/report/templates/report.html.j2",
              "sitrep/app/icon.png", "sitrep/app/main.py", "sitrep/app/__main__.py", "sitrep/commands/app.py",
              "sitrep/vendor/leaflet/leaflet.js", "sitrep/vendor/leaflet/leaflet.css",
              "sitrep/vendor/leaflet/LICENSE", "sitrep/vendor/leaflet/images/marker-icon.png",
              "sitrep/intensity/data/pager_fatality.csv"]  # fmt: skip
#: The newcomer's incident (step 6): tests/data files, written from the USGS, GeoNames and OpenCellID docs.
DATA = ROOT / "tests" / "data"
NEPAL_EVENT = DATA / "usgs-nepal-detail.geojson"  # us20002926, 28.2305N 84.7314E, tz 345 (UTC+5:45)
NEPAL_VILLAGES = DATA / "geonames-np-sample.txt"  # 5 places at 4, 9, 12, 35, 80 km (tests/data/README.md)
NEPAL_CELLS = DATA / "nepal-opencellid.csv"  # 3 cells at 3, 12, 25 km
NEPAL_TITLE = "M 7.8 - 36km E of Khudi, Nepal"
#: (count, population) per band of ``sitrep bands --incident nepal --format json``; bands 0,10,20,50 km.
NEPAL_VILLAGE_BANDS = {"0-10": (2, 1500), "10-20": (1, 2000), "20-50": (1, 3000), "50+": (1, 700)}
NEPAL_CELL_BANDS = {"0-10": 1, "10-20": 1, "20-50": 1}

#: Never in the wheel: npm's tree, source maps, the data generators, tests.
WHEEL_NEVER = re.compile(r"node_modules|\.map$|esm\.js$|make_\w+\.py$|^tests/|package(-lock)?\.json$")


class SmokeFailure(Exception):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SmokeFailure(what)


_T0 = time.monotonic()


def step(text: str) -> None:
    print(f"smoke: [{time.monotonic() - _T0:5.1f} s] {text}", flush=True)


def sh(args: list, *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 600) -> str:
    """Run a command; its stdout, or SmokeFailure with its output."""
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise SmokeFailure(f"{' '.join(map(str, args))} (in {cwd}) exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything pointing back at the checkout or the dev venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "SITREP_ROOT", "SITREP_DB", "PYTHONHOME", "PYTHONSTARTUP")}  # fmt: skip
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT)))
    return dict(env, **extra)


def pep517(hook: str, source: Path, out: Path) -> Path:
    """Build with setuptools' PEP 517 hook in ``source`` (this Python's setuptools, no isolation)."""
    code = f"from setuptools import build_meta as b; print(b.{hook}({str(out)!r}))"
    name = sh([sys.executable, "-c", code], cwd=source, env=clean_env()).strip().splitlines()[-1]
    return out / name


def wheelhouse(tmp: Path) -> Path:
    """Wheels of requirements.txt, downloaded (or built) once per version of the file and kept in the
    user's cache (``$XDG_CACHE_HOME/sitrep/smoke-wheels/<digest>``): the fresh venv then installs offline."""
    requirements = (ROOT / "requirements.txt").read_bytes()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sitrep" / "smoke-wheels"
    folder = cache / hashlib.sha256(requirements).hexdigest()[:16]
    if (folder / "complete").is_file():
        return folder
    step(f"first run with this requirements.txt: fetching its wheels into {folder}")
    partial = tmp / "wheels"
    sh([sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps",
        "-r", ROOT / "requirements.txt", "-w", partial], cwd=tmp, env=clean_env(), timeout=1800)  # fmt: skip
    (partial / "complete").write_text("")
    shutil.rmtree(cache, ignore_errors=True)  # older requirements' wheels
    cache.mkdir(parents=True, exist_ok=True)
    shutil.copytree(partial, folder)
    return folder


def pins(requirements: Path) -> dict[str, str]:
    """{normalized name: version} of a requirements file's ``name==version`` lines."""
    out = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            out[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return out


def link_requirements(venv: Path, requirements: Path = ROOT / "requirements.txt") -> int | None:
    """Make exactly ``requirements``' distributions importable in the fresh ``venv`` by hard-linking, file
    by file, what the dev venv installed for each of them (its RECORD: modules, data, dist-info) into the
    venv's site-packages: nothing is downloaded or unpacked, and nothing of requirements-test.txt (nor
    the dev venv's editable sitrep) is linked. The number of files linked; None, with nothing linked,
    when the dev venv does not hold every pin at its pinned version (then the caller installs from wheels).
    """
    from importlib import metadata

    wanted = pins(requirements)
    files: list[tuple[Path, Path]] = []
    for name, version in wanted.items():
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            return None
        if dist.version != version or not dist.files:
            return None
        for f in dist.files:
            if f.parts and f.parts[0] != "..":  # console scripts (bin/) point at the dev venv's Python
                files.append((Path(f), Path(dist.locate_file(f))))
    (site,) = (venv / "lib").glob("python*/site-packages")
    linked = 0
    for rel, src in files:
        if src.is_file():
            dest = site / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            if not dest.exists():
                try:  # a hard link: the file's real path is in the venv (Streamlit serves a component's
                    os.link(src, dest)  # files only from under its real folder, so no symlinks)
                except OSError:  # another file system
                    shutil.copy2(src, dest)
                linked += 1
    return linked


def background(args: list, cwd: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([str(a) for a in args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def finish(name: str, proc: subprocess.Popen) -> str:
    """A background command's stdout, or SmokeFailure with its output."""
    out, err = proc.communicate(timeout=600)
    check(proc.returncode == 0, f"{name}: {' '.join(proc.args)} exited {proc.returncode}:\n{out}\n{err}")
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read()


def leaflet_url(python: Path, work: Path) -> str:
    """The URL path the installed app serves leaflet.js at (asset_url is relative to /component/<name>/)."""
    code = ("import importlib, posixpath\n"
            "for m in ('sitrep.maps.assets',):\n"
            "    try: a = importlib.import_module(m)\n"
            "    except ImportError: continue\n"
            "    print(posixpath.normpath('/component/x/' + a.asset_url('leaflet.js'))); break\n")  # fmt: skip
    return sh([python, "-c", code], cwd=work, env=clean_env()).strip()


def serve_and_check(command: list, work: Path, env: dict[str, str], leaflet: str, log: Path,
                    nepal_ready: Callable[[], object]) -> None:  # fmt: skip
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        proc = subprocess.Popen([str(a) for a in command] + ["--port", str(port)], cwd=work, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while True:
            check(proc.poll() is None, f"{command[-2:]} exited {proc.returncode}:\n{log.read_text()}")
            try:
                if get(f"{url}/_stcore/health") == b"ok":
                    break
            except OSError:
                pass
            check(time.monotonic() < deadline, f"the app did not answer /_stcore/health within 180 s:\n{log.read_text()}")
            time.sleep(0.5)
        page = get(url).decode()
        scripts = re.findall(r'<script[^>]+src="([^"]+)"', page)
        check(bool(scripts), "the page names no script")
        for src in scripts:
            check(len(get(f"{url}/{src.lstrip('./')}")) > 1000, f"the page's script {src} does not load")
        browse(url, leaflet, log, nepal_ready)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def browse(url: str, leaflet: str, log: Path, nepal_ready: Callable[[], object]) -> None:
    """Open the app in headless Chromium (loopback only): the map renders with the served Leaflet; then,
    once ``nepal_ready()`` returns (the newcomer's incident exists), ``?incident=nepal`` shows that incident."""
    if not Path(CHROMIUM).exists():
        step(f"no {CHROMIUM}: the map is not checked in a browser (make test-debs installs it)")
        nepal_ready()
        return
    from playwright.sync_api import sync_playwright

    served = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith((url, "data:", "blob:"))
                       else r.abort())  # fmt: skip
            page.on("response", lambda r: served.append((r.url, r.status)))
            page.goto(url)
            frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
            frame.locator(".leaflet-container").first.wait_for(timeout=90_000)
        except Exception as exc:
            browser.close()
            raise SmokeFailure(f"the map did not render: {exc}\n{log.read_text()}") from None
        try:
            nepal_ready()
            step("the Dingri page rendered its map; the newcomer's incident at ?incident=nepal")
            browse_nepal(browser.new_page(), url, log)
        finally:
            browser.close()
    hits = [status for u, status in served if u.split("?")[0].endswith(leaflet)]
    check(hits == [200] or (hits and set(hits) == {200}), f"Leaflet was not served at {leaflet}: {hits}")
    # And the server answers it directly too (it is registered now).
    check(b"Leaflet 1.9" in get(f"{url}{leaflet}")[:400], f"{leaflet} is not Leaflet")


def browse_nepal(page, url: str, log: Path) -> None:
    """The running app at ``?incident=nepal``: the header and the tab name the event, the time slider
    is in the incident's zone (UTC+5:45), and nothing on the page says Dingri."""
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith((url, "data:", "blob:")) else r.abort())
    try:
        page.goto(f"{url}/?incident=nepal")
        page.get_by_role("heading", name=NEPAL_TITLE).first.wait_for(timeout=90_000)
        page.get_by_text(re.compile(r"^As of \(.*UTC\+5:45\)$")).first.wait_for(timeout=60_000)
        page.frame_locator("iframe[title='streamlit_folium.st_folium']").locator(".leaflet-container").first.wait_for(
            timeout=60_000)  # fmt: skip
        page.wait_for_function("t => document.title === t", arg=f"sitrep · {NEPAL_TITLE}", timeout=30_000)
    except Exception as exc:
        shown = page.locator("body").inner_text()[:1500] if not page.is_closed() else ""
        raise SmokeFailure(f"the app at ?incident=nepal does not show the newcomer's incident (title {NEPAL_TITLE!r}, "
                           f"slider 'As of (... UTC+5:45)'): {exc}\npage text:\n{shown}\n{log.read_text()}") from None  # fmt: skip
    text = page.locator("body").inner_text()
    check("Dingri" not in text and "UTC+8" not in text,
          f"the app at ?incident=nepal shows Dingri's incident or clock:\n{text[:1500]}")  # fmt: skip
    check("UTC+5:45" in text, f"the app at ?incident=nepal shows no UTC+5:45 time:\n{text[:1500]}")


def newcomer_step(what: str, args: list, work: Path, env: dict[str, str]) -> str:
    """One command of the newcomer's flow; SmokeFailure names the step."""
    try:
        return sh(args, cwd=work, env=env)
    except SmokeFailure as exc:
        raise SmokeFailure(f"newcomer, {what}: {exc}") from None


def newcomer_incident(sitrep: Path, work: Path, env: dict[str, str]) -> None:
    """Step 6, first half: ``incident new`` from the USGS file, then ``incident add`` a GeoNames dump and an
    OpenCellID file (in that order: each needs the one before). The incident then exists for the app."""
    out = newcomer_step("sitrep incident new nepal --event FILE",
                        [sitrep, "incident", "new", "nepal", "--event", NEPAL_EVENT], work, env)  # fmt: skip
    check("created incident 'nepal'" in out and NEPAL_TITLE in out and "UTC+5:45" in out,
          f"newcomer, sitrep incident new nepal --event {NEPAL_EVENT.name}: not titled {NEPAL_TITLE!r} "
          f"in UTC+5:45 (the event file's tz):\n{out}")  # fmt: skip
    out = newcomer_step("sitrep incident add nepal GEONAMES.txt --kind villages",
                        [sitrep, "incident", "add", "nepal", NEPAL_VILLAGES, "--kind", "villages"], work, env)  # fmt: skip
    check("5 villages" in out, f"newcomer, incident add {NEPAL_VILLAGES.name} --kind villages: expected 5 villages:\n{out}")
    out = newcomer_step("sitrep incident add nepal OPENCELLID.csv --kind base_stations",
                        [sitrep, "incident", "add", "nepal", NEPAL_CELLS, "--kind", "base_stations"], work, env)  # fmt: skip
    check("3 base_stations" in out, f"newcomer, incident add {NEPAL_CELLS.name} --kind base_stations: expected 3:\n{out}")


def newcomer_results(sitrep: Path, work: Path, env: dict[str, str], pool: ThreadPoolExecutor) -> None:
    """Step 6, second half (the incident exists): exact bands, the incident's layers and a report titled
    for the event, in UTC+5:45 and with nothing of Dingri; the three commands run side by side."""
    bands = pool.submit(newcomer_step, "sitrep bands --incident nepal --format json",
                        [sitrep, "bands", "--incident", "nepal", "--format", "json"], work, env)  # fmt: skip
    show = pool.submit(newcomer_step, "sitrep incident show nepal", [sitrep, "incident", "show", "nepal"], work, env)
    report = pool.submit(newcomer_step, "sitrep report --incident nepal --out nepal.html",
                         [sitrep, "report", "--incident", "nepal", "--as-of", "2015-04-25T18:00+05:45",
                          "--out", "nepal.html"], work, env)  # fmt: skip
    rows = json.loads(bands.result())["rows"]
    got = {r["band"]: (r["count"], r.get("population")) for r in rows if r["layer"] == "villages"}
    check(got == NEPAL_VILLAGE_BANDS, f"newcomer, sitrep bands --incident nepal: villages (count, population) per band "
                                      f"{got}, expected {NEPAL_VILLAGE_BANDS}")  # fmt: skip
    got = {r["band"]: r["count"] for r in rows if r["layer"] == "base_stations" and r["count"]}
    check(got == NEPAL_CELL_BANDS, f"newcomer, sitrep bands --incident nepal: base stations per band {got}, expected {NEPAL_CELL_BANDS}")
    out = show.result()
    check(NEPAL_VILLAGES.name in out and hashlib.sha256(NEPAL_VILLAGES.read_bytes()).hexdigest()[:16] in out,
          f"newcomer, sitrep incident show nepal: the GeoNames layer's original and SHA-256 are not listed:\n{out}")  # fmt: skip
    report.result()
    html = (work / "nepal.html").read_text(encoding="utf-8")
    title = re.search(r"<title>([^<]*)</title>", html)
    check(bool(title) and title.group(1).startswith(NEPAL_TITLE),
          f"newcomer, sitrep report --incident nepal: titled {title and title.group(1)!r}, expected {NEPAL_TITLE!r}")  # fmt: skip
    check(f"<h1>{NEPAL_TITLE}</h1>" in html, f"newcomer, sitrep report --incident nepal: the header does not name {NEPAL_TITLE!r}")
    check("UTC+5:45" in html and "UTC+8" not in html, "newcomer, sitrep report --incident nepal: times are not in UTC+5:45")
    check("Dingri" not in html and "定日" not in html, "newcomer, sitrep report --incident nepal: the report mentions Dingri")


def main() -> int:
    leftovers = [p for p in (ROOT / "build", ROOT / "sitrep.egg-info") if not p.exists()]  # what building adds
    tmp = Path(tempfile.mkdtemp(prefix="sitrep-smoke-"))
    pool = ThreadPoolExecutor(max_workers=6)  # the newcomer's commands (step 6), beside the app
    try:
        dist, src, work, home = tmp / "dist", tmp / "src", tmp / "work", tmp / "home"
        for d in (dist, src, work, home):
            d.mkdir()

        step("sdist")
        sdist = pep517("build_sdist", ROOT, dist)
        with tarfile.open(sdist) as tar:
            names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
            missing = [f for f in SDIST_MUST if f not in names]
            check(not missing, f"the sdist lacks {missing}")
            tar.extractall(src, filter="data")
        (top,) = src.iterdir()

        step("wheel from the sdist, and from the checkout")
        wheel = pep517("build_wheel", top, dist)
        (tmp / "dist-checkout").mkdir()
        from_checkout = pep517("build_wheel", ROOT, tmp / "dist-checkout")
        with zipfile.ZipFile(wheel) as z, zipfile.ZipFile(from_checkout) as zc:
            files = set(z.namelist())
            check(files == set(zc.namelist()),
                  f"the wheels from the sdist and the checkout differ: {sorted(files ^ set(zc.namelist()))}")  # fmt: skip
        missing = [f for f in WHEEL_MUST if f not in files]
        check(not missing, f"the wheel lacks {missing}")
        unwanted = sorted(f for f in files if WHEEL_NEVER.search(f))
        check(not unwanted, f"the wheel holds {unwanted[:5]}")

        step("fresh venv: requirements.txt and the wheel")
        venv = tmp / "venv"
        bin_ = venv / "bin"
        pip = [sys.executable, "-m", "pip", "--python", bin_ / "python", "--disable-pip-version-check"]
        sh([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp, env=clean_env())
        linked = None if os.environ.get("SITREP_SMOKE_PIP") else link_requirements(venv)
        if linked is None:  # the dev venv differs from requirements.txt (or SITREP_SMOKE_PIP=1): pip installs it
            wheels = wheelhouse(tmp)
            sh(pip + ["install", "-q", "--no-compile", "--no-index", "--find-links", wheels,
                      "-r", ROOT / "requirements.txt", wheel], cwd=work, env=clean_env())  # fmt: skip
        else:
            step(f"requirements.txt linked from the dev venv ({linked} files); pip installs the wheel, no deps")
            sh(pip + ["install", "-q", "--no-compile", "--no-index", "--no-deps", wheel], cwd=work, env=clean_env())
        # Either way, what is installed is closed: each distribution's requirements (sitrep's from its
        # wheel's metadata) are met by requirements.txt alone.
        sh(pip + ["check"], cwd=work, env=clean_env())
        env = clean_env(SITREP_HOME=str(home), SITREP_DB=f"sqlite:///{home / 'store.sqlite'}", HOME=str(home),
                        XDG_DATA_HOME=str(home / "data"))  # fmt: skip
        where = sh([bin_ / "python", "-c", "import sitrep, sitrep.settings as s; print(sitrep.__file__); print(s.PROJECT_ROOT)"],
                   cwd=work, env=env).split()  # fmt: skip
        check(all(str(venv) in w for w in where), f"sitrep is not the installed one: {where}")

        step("CLI from the installed package, while the app starts (sitrep app)")
        check(sh([bin_ / "sitrep", "--version"], cwd=work, env=env).startswith("sitrep "), "sitrep --version")
        usage = sh([bin_ / "python", "-m", "sitrep.app", "--help"], cwd=work, env=env)
        check(usage.startswith("usage: sitrep app"), f"python -m sitrep.app is not sitrep app:\n{usage}")
        cli = {  # run side by side with the app check: each is a separate process
            "layers": background([bin_ / "sitrep", "layers"], work, env),
            "bands": background([bin_ / "sitrep", "bands"], work, env),
            "bands in the checkout": background([sys.executable, "-m", "sitrep.cli", "bands"], ROOT,
                                                clean_env(PYTHONPATH=str(ROOT))),  # fmt: skip
            "report": background([bin_ / "sitrep", "report", "--as-of", "2025-01-07T19:00+08:00", "--out", "x.html"],
                                 work, env),  # fmt: skip
        }
        nepal = pool.submit(newcomer_incident, bin_ / "sitrep", work, env)
        nepal_results = pool.submit(lambda: nepal.result() or newcomer_results(bin_ / "sitrep", work, env, pool))
        leaflet = leaflet_url(bin_ / "python", work)
        serve_and_check([bin_ / "sitrep", "app"], work, env, leaflet, tmp / "app.log", nepal.result)
        step(f"the app served its page, its script and Leaflet at {leaflet}, and the newcomer's incident; the CLI's results")
        nepal_results.result()
        step("the newcomer's bands, layers and report")
        out = {name: finish(name, proc) for name, proc in cli.items()}
        check("villages" in out["layers"] and "base_stations" in out["layers"], f"sitrep layers:\n{out['layers']}")
        bands = out["bands"]
        check(bands == out["bands in the checkout"],
              f"sitrep bands differs from the checkout's:\n{bands}\n---\n{out['bands in the checkout']}")  # fmt: skip
        rows = re.findall(r"^villages\s+(?:0-10|10-20) km\s+([\d,]+)\s+([\d,]+)\s*$", bands, re.M)
        counts = [sum(int(r[i].replace(",", "")) for r in rows) for i in (0, 1)]
        check(counts == [27, 6900], f"villages within 20 km: {counts}, expected 27 villages, 6,900 people")
        check("Leaflet 1.9" in (work / "x.html").read_text(encoding="utf-8"), "the report does not inline Leaflet")
    except SmokeFailure as exc:
        print(f"smoke: FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        pool.shutdown(cancel_futures=True)
        shutil.rmtree(tmp, ignore_errors=True)
        for leftover in leftovers:
            shutil.rmtree(leftover, ignore_errors=True)
    step("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
