"""Sphinx configuration of pytest-onehot's documentation site (see index.md, "About this site").

Built offline with warnings as errors and every reference resolved (`tox -e docs`):
    sphinx-build -E -W --keep-going -n -b html docs docs/_build/html
"""
import os
import sys

DOCS = os.path.dirname(os.path.abspath(__file__))
# The extension, and the checkout's own pytest_onehot ahead of an installed one: the site documents
# the code beside it (the tables are generated from it; the schema files are included from it).
sys.path[:0] = [os.path.join(DOCS, "_ext"), os.path.dirname(DOCS)]

from pytest_onehot._version import __version__  # noqa: E402

project = "pytest-onehot"
author = "the pytest-onehot authors"
copyright = "the pytest-onehot authors, MIT licence"
release = version = __version__
extensions = ["myst_parser", "onehot_tables"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "_ext"]
# Every internal reference must resolve: a link to a missing page or heading is a warning, and -W
# makes it an error; MyST gives headings down to ### anchors (`causes.md#uint8-cast`).
nitpicky = True
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]
# Quotes as written: the text is full of Python literals and messages a reader copies ('ids: reason').
smartquotes = False
# Nothing is fetched when building: no intersphinx, and the theme ships its own assets.
html_theme = "furo"
html_title = f"pytest-onehot {release}"
html_static_path = ["_static"]
html_css_files = ["onehot.css"]
