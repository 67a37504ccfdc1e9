"""The HTML page of the matrix: self-contained, escaped, and read back from a real browser."""
import json
import os
import shutil
import signal
import struct
import subprocess
import zlib
from html.parser import HTMLParser

import pytest

from pytest_onehot.html_page import COLOURS, render_html, split_message
from pytest_onehot.cli import main
from pytest_onehot.matrix import GLYPHS, last_line
from tests.sample_reports import HOSTILE, as_records, documents

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
# Headless, as root, and never reaching the network on its own.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium; .ci/run installs it): "
                             "the HTML page is not checked in a browser")


class Grid(HTMLParser):
    """The page as a reader sees it: each grid cell's text and title, the observations' text,
    and every element seen."""

    def __init__(self):
        super().__init__()
        self.envs, self.cells, self.titles, self.tags, self.aside = [], {}, {}, set(), []
        self._row, self._cell, self._in = None, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        self._in.append((tag, attrs.get("class", "")))
        if tag in ("h2", "h3", "li", "p"):
            self.aside.append("\n")
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = {"tag": tag, "class": attrs.get("class", ""), "title": attrs.get("title"), "text": ""}
            self._row.append(self._cell)

    def handle_endtag(self, tag):
        while self._in and self._in.pop()[0] != tag:
            pass
        if tag == "tr" and self._row:
            if "env" in self._row[1]["class"]:
                self.envs = [c["text"] for c in self._row[1:]]
            else:
                check_id = self._row[0]["text"]
                self.titles[check_id] = self._row[0]["title"]
                self.cells.update({(check_id, env): c for env, c in zip(self.envs, self._row[1:])})
            self._row = None

    def handle_data(self, data):
        if self._cell is not None and self._row is not None:
            self._cell["text"] += data
        if any(tag == "aside" for tag, _ in self._in):
            self.aside.append(data)


def parse(page):
    grid = Grid()
    grid.feed(page)
    return grid


def assert_cells_say_what_the_reports_say(grid, docs):
    assert grid.envs == list(docs)
    for env, doc in docs.items():
        for entry in doc["checks"]:
            cell = grid.cells[entry["id"], env]
            assert cell["class"].split()[0] == entry["outcome"]
            assert cell["text"].startswith(GLYPHS[entry["outcome"]])
            assert entry["outcome"] in cell["title"] and last_line(entry["message"]) in cell["title"]
            purpose, rest = split_message(entry["id"], entry["message"])
            assert rest in cell["text"]  # the whole message: its first line "<id>: <purpose>" is the row's
            assert purpose is None or grid.titles[entry["id"]] == purpose
            if entry.get("cause"):
                assert f"cause {entry['cause']}" in cell["title"] and entry["cause"] in cell["text"]
    assert grid.cells["save-savedmodel", "keras3.15-torch"]["class"] == "none"  # not run there
    assert grid.titles["narrow-uint8-int"] == "Index 300 of depth 400, given as int32, is not narrowed by a cast."


def assert_observations_beside_the_grid(grid):
    lines = [" ".join(line.split()) for line in "".join(grid.aside).splitlines()]
    at = lines.index("out-of-range")
    assert lines[at + 1:at + 4] == ["keras3.15-tensorflow: -1: zeros; 400: zeros",
                                    "keras3.15-torch: -1: error; 400: error",
                                    "tf2.15: negative: zeros; too-large: zeros"]
    assert "tf2.15: shape (2, 3, 4, 10)" in lines
    assert "uint8-cast: indices cast to uint8: every index >= 256 wraps <mod 256>" in lines


def test_cells_carry_outcome_message_and_cause():
    docs = documents()
    grid = parse(render_html(as_records(docs)))
    assert_cells_say_what_the_reports_say(grid, docs)
    assert_observations_beside_the_grid(grid)


def test_the_page_is_self_contained_and_escapes_report_text():
    page = render_html(as_records())
    assert HOSTILE not in page and "<script" not in page
    for reference in ("http:", "https:", "src=", "<link", "@import", "url("):
        assert reference not in page
    assert "script" not in parse(page).tags


def test_matrix_command_writes_the_page(tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    for env, doc in documents().items():
        (folder / f"{env}.json").write_text(json.dumps(doc))
    page = tmp_path / "matrix.html"
    assert main(["matrix", str(folder), "--html", str(page)]) == 0
    assert capsys.readouterr().out == ""  # the page only, unless -o asks for the table too
    assert_cells_say_what_the_reports_say(parse(page.read_text(encoding="utf-8")), documents())
    (folder / "bad.json").write_text("{not json")
    assert main(["matrix", str(folder), "--html", str(tmp_path / "not.html")]) == 2
    assert not (tmp_path / "not.html").exists()


def chromium(tmp_path, *args):
    """Run headless chromium on a fresh profile, its files kept under tmp_path; its stdout."""
    home = tmp_path / "chromium"
    env = {**os.environ, "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache")}
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={home / 'profile'}", *args]
    # Its own process group: on a hang (a page that opened a dialog, say) no helper outlives it.
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                          cwd=tmp_path, start_new_session=True) as proc:
        try:
            out, err = proc.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
    shutil.rmtree(home, ignore_errors=True)
    assert proc.returncode == 0, err[-2000:]
    return out


@needs_chromium
def test_a_browser_shows_what_the_reports_say(tmp_path):
    docs = documents()
    page = tmp_path / "matrix.html"
    page.write_text(render_html(as_records(docs)), encoding="utf-8")
    grid = parse(chromium(tmp_path, "--dump-dom", page.as_uri()))
    assert_cells_say_what_the_reports_say(grid, docs)
    assert_observations_beside_the_grid(grid)
    assert "script" not in grid.tags


@needs_chromium
def test_a_browser_draws_the_grid_in_the_outcomes_colours(tmp_path):
    page = tmp_path / "matrix.html"
    page.write_text(render_html(as_records()), encoding="utf-8")
    shot = tmp_path / "matrix.png"
    chromium(tmp_path, "--hide-scrollbars", "--window-size=900,560", f"--screenshot={shot}", page.as_uri())
    seen = colours(shot)
    count = {name: seen.get(tuple(bytes.fromhex(bg[1:])), 0) for name, (bg, _) in COLOURS.items()}
    # The legend paints one swatch of each; the grid adds 3 passed, 3 failed, 1 of each other.
    assert count["failed"] > 1.5 * count["error"] > 0 and count["passed"] > 1.5 * count["xfailed"] > 0, count


def colours(path):
    """{(r, g, b): pixels} of an 8-bit, non-interlaced RGB(A) PNG such as chromium writes."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, packed = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", data[pos + 8:pos + 21])
            assert depth == 8 and colour_type in (2, 6) and not interlace
        elif kind == b"IDAT":
            packed += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    size = 3 if colour_type == 2 else 4
    raw, stride, counts, above = zlib.decompress(packed), width * size, {}, bytearray(width * size)
    for y in range(height):
        start = y * (stride + 1)
        row = unfilter(raw[start], bytearray(raw[start + 1:start + 1 + stride]), above, size)
        for x in range(0, stride, size):
            pixel = tuple(row[x:x + 3])
            counts[pixel] = counts.get(pixel, 0) + 1
        above = row
    return counts


def unfilter(kind, row, above, size):
    """Undo one PNG row filter (None, Sub, Up, Average, Paeth) in place."""
    for i in range(len(row)):
        left = row[i - size] if i >= size else 0
        up, corner = above[i], (above[i - size] if i >= size else 0)
        if kind == 4:
            guess = left + up - corner
            near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
            row[i] = (row[i] + near[2]) & 255
        elif kind:
            row[i] = (row[i] + (0, left, up, (left + up) // 2)[kind]) & 255
    return row
