"""``python -m sitrep.app``: the same as ``sitrep app`` (serve the app; ``--help`` lists the options)."""

import sys

from sitrep.cli import main

sys.exit(main(["app", *sys.argv[1:]]))
