"""The documentation's tables, generated from the code when the docs build (docs/_ext/onehot_tables.py):
the check catalogue, the causes, the pytest options, the console command's options, the
compatibility table (compat.json) and the export routes. Each is Markdown text, so that a wording
change in the code is a change of the site, with no copy to keep in step.

Nothing heavy is imported: the catalogue brings NumPy, nothing here brings Keras.
"""
import argparse

from pytest_onehot import facts
from pytest_onehot import table as table_file
from pytest_onehot import toxgen


def cell(text):
    """Text for one Markdown table cell: a `|` would end the cell, `<class ...>` would be taken for
    an HTML tag, `__init__` for bold, and a line break would end the row."""
    text = " ".join(str(text).split())
    for char in ("\\", "|", "*", "_", "<", "["):
        text = text.replace(char, "\\" + char)
    return text


def code(text):
    return f"`{text}`"


def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows]) + "\n"


# ---- the catalogue and the causes ---------------------------------------------------------------

def catalogue():
    """Every check in the order it runs: its id, concern (the module it lives in) and purpose."""
    from pytest_onehot.checks import all_checks

    return markdown_table(["id", "concern", "guards"],
                          [[code(c.id), c.concern, cell(c.purpose)] for c in all_checks()])


def causes():
    """Every cause id with its text: what it is, and the fix."""
    from pytest_onehot.diagnose import CAUSES

    return markdown_table(["cause", "meaning, and the fix"],
                          [[code(cause_id), cell(text)] for cause_id, text in CAUSES.items()])


# ---- options ------------------------------------------------------------------------------------

class Recorder:
    """Stands in for pytest's parser and its option group: records what the plugin declares."""

    def __init__(self):
        self.flags, self.inis = [], {}

    def getgroup(self, *args, **kwargs):
        return self

    def addoption(self, flag, **kwargs):
        self.flags.append((flag, kwargs.get("help", "")))

    def addini(self, name, help, **kwargs):
        self.inis[name] = kwargs.get("default")


def options():
    """The plugin's options as pytest_addoption declares them, with their ini keys and defaults."""
    from pytest_onehot import plugin, settings

    recorder = Recorder()
    plugin.pytest_addoption(recorder)
    by_flag = {s.flag: s for s in settings.SETTINGS}
    rows = []
    for flag, help_text in recorder.flags:
        s = by_flag.get(flag)
        ini = code(s.ini) if s else "—"
        default = recorder.inis.get(s.ini) if s else None
        shown = code(default) if default not in (None, (), "") else "—"
        rows.append([code(flag), ini, shown, cell(help_text)])
    return markdown_table(["option", "ini key", "default", "meaning"], rows)


def command_options(command):
    """The options of `pytest-onehot COMMAND` (tox, workflow, matrix, ...), as its --help says them."""
    from pytest_onehot.cli import parser

    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)).choices[command]
    rows = []
    for action in sub._actions:
        if action.help is argparse.SUPPRESS or action.dest == "help":
            continue
        name = ", ".join(action.option_strings) or action.dest
        if action.metavar or (action.option_strings and action.nargs != 0):
            name += f" {action.metavar or action.dest.upper()}"
        help_text = action.help % {"default": action.default} if "%(default)" in (action.help or "") else action.help
        rows.append([code(name), cell(help_text or "")])
    return markdown_table([f"`pytest-onehot {command}` option", "meaning"], rows)


# ---- the matrix ---------------------------------------------------------------------------------

def pins(envs, table):
    """What one Keras line's environments install (toxgen's own requirements, which
    --onehot-environment checks): what they share, then what each backend adds."""
    reqs = {env.backend: env.requirements(table) for env in envs}
    shared = [req for req in reqs[envs[0].backend] if all(req in others for others in reqs.values())]
    out = ", ".join(code(req) for req in shared)
    for backend, own in reqs.items():
        rest = [req for req in own if req not in shared]
        if rest:
            out += f"; {backend}: " + ", ".join(code(req) for req in rest)
    return out


def compatibility():
    """Every Keras line of compat.json: its environments, what they install and why (the notes)."""
    table = toxgen.load_table()
    known = toxgen.environments(table)
    rows = []
    for family in table["families"]:
        for line in family["lines"]:
            envs = [known[name] for name in toxgen.line_envs(family, line)]
            rows.append([", ".join(code(env.name) for env in envs), pins(envs, table), cell(line.get("note", ""))])
    every = ", ".join(code(req) for req in table.get("requires", []))
    return markdown_table(["environments", "installs", "note"], rows) + (
        f"\nEvery environment also installs {every}.\n" if every else "")


def families():
    """The Keras families of compat.json: what an environment name means, and its notes."""
    table = toxgen.load_table()
    rows = [[code(family["name"]), code(family["keras_package"]), cell(family["about"]), cell(family.get("note", ""))]
            for family in table["families"]]
    spec = table["export"]
    rows.append([code("*-export"), "—", cell(f"{spec['about']} ({', '.join(spec['lines'])} on "
                                            f"{', '.join(spec['backends'])})"), cell(spec["note"])])
    return markdown_table(["family", "Keras package", "environments", "note"], rows)


def labels():
    """The tox labels and how many environments each runs."""
    table = toxgen.load_table()
    found = {**toxgen.all_labels(table), **toxgen.line_labels(table)}
    return markdown_table(["label", "environments"], [[code(name), str(len(envs))] for name, envs in found.items()])


def export_extras():
    rows = [[code(f"pytest-onehot[{extra}]"), ", ".join(code(p) for p in packages)]
            for extra, packages in table_file.export_extras().items()]
    return markdown_table(["extra", "installs"], rows)


def keras_facts():
    """The Keras behaviours seen on some releases only (compat.json's keras_facts): the releases,
    as --onehot-xfail conditions and in words, and what Keras does there."""
    rows = [[code(name), facts.releases(name), ", ".join(code(t) for t in facts.conditions_text(name)),
             facts.seen(name)] for name in facts.names()]
    return markdown_table(["fact", "releases", "as conditions", "what Keras does"], rows)


# ---- what exports what --------------------------------------------------------------------------

def version_range(route):
    since = ".".join(map(str, route.since)) if route.since else ""
    before = ".".join(map(str, route.before)) if route.before else ""
    if since and before:
        text = f"{since} to before {before}"
    else:
        text = f"{since}+" if since else (f"before {before}" if before else "any")
    loaded = ", ".join(f"{module} < {'.'.join(map(str, v))}" for module, v in route.loaded_before.items())
    return text + (f" (with {loaded})" if loaded else "")


def routes():
    """Each export format's routes in the order they are tried (the first that holds wins): which
    Keras exports it how, and what that needs installed, or why it cannot."""
    from pytest_onehot.exporters import EXPORTERS

    rows = []
    for exporter in EXPORTERS.values():
        for route in exporter.routes:
            keras = {None: "any", 2: "Keras 2", 3: "Keras 3"}[route.keras]
            how = route.how or "cannot"
            if route.how == "keras":
                how = "Keras's `model.export`"
            if route.reads == "savedmodel":
                how += ", on the SavedModel Keras exports"
            said = (", ".join(code(p) for p in dict.fromkeys(route.needs.values())) if route.how
                    else cell(route.reason.format(version="<version>", backend="<backend>")))
            rows.append([code(f"export-{exporter.fmt}"), keras, ", ".join(route.backends) or "any",
                         version_range(route), cell(how) if route.how != "keras" else how, said])
    return markdown_table(["check", "Keras", "backends", "Keras versions", "route", "needs (pip), or why not"], rows)


TABLES = {
    "catalogue": catalogue,
    "causes": causes,
    "options": options,
    "tox-options": lambda: command_options("tox"),
    "workflow-options": lambda: command_options("workflow"),
    "compatibility": compatibility,
    "families": families,
    "labels": labels,
    "keras-facts": keras_facts,
    "export-extras": export_extras,
    "export-routes": routes,
}


def render(name):
    """The table called `name` (a key of TABLES), as Markdown."""
    if name not in TABLES:
        raise KeyError(f"no generated table {name!r}: choose from {', '.join(TABLES)}")
    return TABLES[name]()
