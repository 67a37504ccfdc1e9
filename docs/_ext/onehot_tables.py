"""Sphinx extension: the tables generated from the code, and the gallery's pages.

    ```{onehot-table} catalogue
    ```

renders `pytest_onehot.docs_tables.render("catalogue")` (Markdown, parsed by MyST) in place, so the
catalogue, causes, options, compatibility and export tables are the code's own words at every build.
The gallery's colour pages (docs/gallery/*.html, written by examples/gallery/build.py) are copied
beside the gallery page.
"""
import pathlib
import shutil

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList
from sphinx import addnodes

import pytest_onehot
from pytest_onehot import docs_tables

PACKAGE = pathlib.Path(pytest_onehot.__file__).parent


class OnehotTable(Directive):
    required_arguments = 1
    has_content = False

    def run(self):
        name = self.arguments[0]
        try:
            text = docs_tables.render(name)
        except KeyError as exc:
            raise self.error(str(exc.args[0])) from None
        env = self.state.document.settings.env
        # The page is rebuilt when the code it is generated from changes.
        for path in [*PACKAGE.rglob("*.py"), PACKAGE / "compat.json"]:
            env.note_dependency(str(path))
        holder = nodes.container(classes=["onehot-table", f"onehot-table-{name}"])
        self.state.nested_parse(StringList(text.splitlines(), source=f"<generated table {name}>"),
                                self.content_offset, holder)
        return [holder]


def copy_gallery_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = pathlib.Path(app.outdir) / "gallery"
    target.mkdir(parents=True, exist_ok=True)
    for page in sorted((pathlib.Path(app.srcdir) / "gallery").glob("*.html")):
        shutil.copyfile(page, target / page.name)


def link_pages(app, doctree, docname):
    """A Markdown link to a gallery page is MyST's download link (it checks that the file exists, and
    a browser would save it): make it a plain link to the copy beside the built page, which a browser
    shows. The source tree's layout is the site's, so the relative target holds there too."""
    for ref in list(doctree.findall(addnodes.download_reference)):
        if ref["reftarget"].endswith(".html"):
            link = nodes.reference("", "", *ref.children, refuri=ref["reftarget"], internal=True)
            ref.replace_self(link)


def setup(app):
    app.add_directive("onehot-table", OnehotTable)
    app.connect("doctree-resolved", link_pages)
    app.connect("build-finished", copy_gallery_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
