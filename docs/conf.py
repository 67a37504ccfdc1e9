"""Sphinx configuration of pytest-onehot's documentation site (see index.md, "About this site").

Built offline with warnings as errors and every reference resolved (`tox -e docs`):
    sphinx-build -W --keep-going -n -b html docs docs/_build/html
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "_ext"))

from pytest_onehot._version import __version__  # noqa: E402

project = "pytest-onehot"
author = "the pytest-onehot authors"
release = version = __version__
extensions = ["myst_parser", "onehot_tables"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "_ext"]
# Every internal reference must resolve: a link to a missing page or heading is a warning, and -W
# makes it an error; MyST gives headings down to ### anchors (`causes.md#uint8-cast`).
nitpicky = True
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]
# Nothing is fetched when building: no intersphinx, and the theme ships its own assets.
html_theme = "furo"
html_title = f"pytest-onehot {release}"
html_static_path = []
