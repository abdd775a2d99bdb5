"""Build hook: the wheel carries the bundled incident as package data.

``data/`` and ``layers/`` stay at the top of the repository (the layer specs name their files
relative to it, ``file = "data/dingri-2025/villages.geojson"``). Building a wheel (from the
checkout or from the sdist, which holds them: MANIFEST.in) copies them, with the Streamlit
settings ``.streamlit/config.toml``, into ``sitrep/bundled/`` in the same relative layout;
``sitrep.settings`` uses that folder when it exists. Nothing is copied in the source tree, and
an editable install (``pip install -e .``) reads the checkout itself.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent

#: What is bundled, relative to the project root: folders copied whole, and single files.
BUNDLED_TREES = ("layers", "data/dingri-2025")
BUNDLED_FILES = ("data/README.md", ".streamlit/config.toml")


def bundled_files() -> list[Path]:
    """The files copied into ``sitrep/bundled``, relative to the project root (sorted)."""
    files = [Path(f) for f in BUNDLED_FILES]
    for tree in BUNDLED_TREES:
        files += [p.relative_to(ROOT) for p in (ROOT / tree).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(files)


class BuildWithBundledData(build_py):
    """``build_py`` that also copies the bundled incident into ``<build_lib>/sitrep/bundled``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads data/ and layers/ from the checkout
        target = Path(self.build_lib) / "sitrep" / "bundled"
        for rel in bundled_files():
            source = ROOT / rel
            if not source.is_file():
                raise FileNotFoundError(f"{rel} is missing: the wheel must carry the bundled incident")
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / rel)


setup(cmdclass={"build_py": BuildWithBundledData})
