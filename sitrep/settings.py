"""Where sitrep finds its data, and the defaults every entry point shares.

Each setting can be overridden by an environment variable, read once at
import time:

``SITREP_ROOT``
    The project folder holding ``data/`` and ``layers/`` (default: in an
    installed package, its ``sitrep/bundled`` copy of them; in a checkout
    (or an editable install), the folder above this package).
``SITREP_INCIDENT`` (``SITREP_SCENARIO`` is an older name for it)
    The incident loaded when none is named (default ``dingri-2025``, the
    bundled example); read each time it is needed (:func:`default_incident`).
``SITREP_HOME``
    The folder holding the user's incidents and the default timeline store
    (default ``$XDG_DATA_HOME/sitrep``, i.e. ``~/.local/share/sitrep``); read
    each time it is needed (:func:`sitrep_home`), so tests and long-running
    processes see a change.
``SITREP_MAX_UNCOMPRESSED_MB``
    The most data, in MB (10^6 bytes), sitrep unpacks or parses from one
    input file: the members of a ``.zip`` together, a GeoJSON or CSV text, a
    Parquet file's uncompressed columns (default 512).
``SITREP_MAX_COMPRESSION_RATIO``
    The highest compression ratio accepted for a ``.zip`` member larger than
    :data:`RATIO_CHECK_MIN_MB` (default 100, i.e. 100:1). Real vector data
    compresses 3-30:1; a zip bomb compresses 1000:1.
``SITREP_MAX_UPLOAD_UNPACKED_MB``
    The same limit for a file uploaded in the app, where anyone who reaches
    the app (viewers too) may upload (default 100, never more than
    ``SITREP_MAX_UNCOMPRESSED_MB``). The upload itself is limited by
    Streamlit's ``server.maxUploadSize`` in ``.streamlit/config.toml`` (25 MB).
``SITREP_DASK_TIMEOUT``
    Seconds ``--engine dask --scheduler ADDRESS`` waits for the scheduler to
    accept the connection and answer before saying it cannot be reached
    (default 15); read each time it is needed (:func:`dask_timeout_s`).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

__all__ = [
    "sitrep_home",
    "default_incident",
    "dask_timeout_s",
    "BUNDLED_ROOT",
    "PROJECT_ROOT",
    "DATA_DIR",
    "LAYERS_DIR",
    "DEFAULT_SCENARIO",
    "PROVENANCE_VALUES",
    "MAX_UNCOMPRESSED_MB",
    "MAX_COMPRESSION_RATIO",
    "MAX_UPLOAD_UNPACKED_MB",
    "RATIO_CHECK_MIN_MB",
    "MAX_ARCHIVE_MEMBERS",
    "MAX_BAND_KM",
    "MAX_BAND_EDGES",
    "TIME_OPTION_RANGE",
]


def _positive_env(name: str, default: float) -> float:
    """A positive number from the environment; a bad value warns and keeps the default."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (value > 0 and value < float("inf")):
        warnings.warn(f"{name}={text!r} is not a positive number; using {default:g}", stacklevel=2)
        return default
    return value



def sitrep_home() -> Path:
    """``SITREP_HOME``, else ``$XDG_DATA_HOME/sitrep`` (``~/.local/share/sitrep``); not created here."""
    value = os.environ.get("SITREP_HOME", "").strip()
    if value:
        return Path(value).expanduser()
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "sitrep"


def default_incident() -> str:
    """``SITREP_INCIDENT``, else ``SITREP_SCENARIO``, else ``dingri-2025``; read at each call."""
    for name in ("SITREP_INCIDENT", "SITREP_SCENARIO"):
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return "dingri-2025"


def dask_timeout_s(default: float) -> float:
    """``SITREP_DASK_TIMEOUT`` in seconds, read at each call; else (or if it is not a positive number, with a warning) ``default``."""
    return _positive_env("SITREP_DASK_TIMEOUT", default)


def _default_root(package: Path = Path(__file__).resolve().parent) -> Path:
    """The bundled data: ``sitrep/bundled`` in an installed package, else the checkout above the package."""
    bundled = package / "bundled"  # written by setup.py's build_py (data/, layers/, .streamlit/)
    return bundled if (bundled / "layers").is_dir() else package.parent


#: sitrep's own data (the bundled incident, .streamlit/config.toml): the package's copy or the checkout.
BUNDLED_ROOT: Path = _default_root()
PROJECT_ROOT: Path = Path(os.environ.get("SITREP_ROOT") or BUNDLED_ROOT)
DATA_DIR: Path = PROJECT_ROOT / "data"
LAYERS_DIR: Path = PROJECT_ROOT / "layers"
#: The default incident when this module was imported; entry points call :func:`default_incident`.
DEFAULT_SCENARIO: str = default_incident()

#: Allowed values of every feature's ``provenance`` field:
#: ``reported`` - position and attributes as a named source published them;
#: ``approximate`` - a real, named thing placed from a description ("within
#: ~5 km of the epicentre"), position not published;
#: ``synthetic`` - a stand-in generated so that published counts come out
#: right; its position and attributes are illustrative.
PROVENANCE_VALUES: tuple[str, ...] = ("reported", "approximate", "synthetic")

#: Limits on what one input file may unpack to (see the module docstring):
#: a zip bomb (a few MB declaring GB) is refused before anything is decompressed,
#: and extraction stops at the limit whatever the archive declares.
MAX_UNCOMPRESSED_MB: float = _positive_env("SITREP_MAX_UNCOMPRESSED_MB", 512)
MAX_COMPRESSION_RATIO: float = _positive_env("SITREP_MAX_COMPRESSION_RATIO", 100)
#: The app's limit for uploads (MB unpacked or parsed): parsing a GeoJSON costs
#: about 10-15 times its size in memory, and anyone who reaches the app may upload.
MAX_UPLOAD_UNPACKED_MB: float = min(_positive_env("SITREP_MAX_UPLOAD_UNPACKED_MB", 100), MAX_UNCOMPRESSED_MB)
#: Members smaller than this (MB) are not ratio-checked: tiny files compress oddly.
RATIO_CHECK_MIN_MB: float = 1.0
#: The most entries a ``.zip`` layer may hold (a shapefile needs 3-6).
MAX_ARCHIVE_MEMBERS: int = 1000

#: The largest band edge accepted, km: no two points on the WGS84 ellipsoid are
#: farther apart along the surface than half a meridian, 20,003.93 km.
MAX_BAND_KM: float = 20_004.0
#: The most band edges accepted (each band is a ring to count and draw).
MAX_BAND_EDGES: int = 100

#: Years (UTC) a time given on the command line (``--as-of``, ``--since``) may
#: fall in: wide enough for any real incident, narrow enough that dates such as
#: 9999-12-31 or 0001-01-01 are refused as typos instead of breaking charts.
TIME_OPTION_RANGE: tuple[int, int] = (1900, 2199)
