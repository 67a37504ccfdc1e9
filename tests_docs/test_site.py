"""The built documentation site as a reader sees it: the front page and the catalogue opened in
headless Chromium (the `docs` tox environment builds the site first, then runs this). A screenshot
of each is kept under docs/_build/ (build output, not committed) for a person to look at."""
import pathlib
from html.parser import HTMLParser

import pytest

from pytest_onehot.checks import CHECKS
from tests.test_html import chromium, colours, needs_chromium

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = ROOT / "docs" / "_build"
SITE = BUILD / "html"
PAGES = ["getting-started", "using", "run-output", "catalogue", "causes", "matrix", "export", "memory",
         "gallery/index", "schema", "changelog"]


class Page(HTMLParser):
    """The page's title, the links it has, and the text of each table row's cells."""

    def __init__(self):
        super().__init__()
        self.title, self.links, self.rows = "", set(), []
        self._in_title, self._cell = False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "a" and attrs.get("href"):
            self.links.add(attrs["href"].split("#")[0])
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self._cell = []
            self.rows[-1].append(self._cell)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in ("td", "th"):
            self._cell = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._cell is not None:
            self._cell.append(data)

    def table(self):
        return [[" ".join("".join(cell).split()) for cell in row] for row in self.rows]


def opened(tmp_path, name):
    """The page as Chromium built its DOM, with a screenshot kept as docs/_build/<name>.png."""
    page = SITE / f"{name}.html"
    if not page.exists():
        pytest.fail(f"{page} is not built: build the site first (tox -e docs)")
    shot = BUILD / f"screenshot-{name.replace('/', '-')}.png"
    shot.unlink(missing_ok=True)
    chromium(tmp_path, "--hide-scrollbars", "--window-size=1280,1400", f"--screenshot={shot}", page.as_uri())
    assert len(colours(shot)) > 20, f"{shot} looks blank"  # text, links and the theme's colours
    found = Page()
    found.feed(chromium(tmp_path, "--dump-dom", page.as_uri()))
    return found


@needs_chromium
def test_the_front_page_links_every_page(tmp_path):
    page = opened(tmp_path, "index")
    assert page.title.startswith("pytest-onehot")
    assert {f"{name}.html" for name in PAGES} <= page.links


@needs_chromium
def test_the_catalogue_page_shows_every_check_with_its_purpose(tmp_path):
    page = opened(tmp_path, "catalogue")
    assert page.title.startswith("The check catalogue")
    rows = [row for row in page.table() if len(row) == 3 and row[0] != "id"]
    assert [row[0] for row in rows] == list(CHECKS)
    assert [row[2] for row in rows] == [" ".join(check.purpose.split()) for check in CHECKS.values()]
