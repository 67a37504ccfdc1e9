"""The `pytest-onehot` console command: matrix, diff and tox.

Each subcommand is an `add_*` function that declares its arguments and a `run_*` function
that does the work (matrix.py, toxgen.py); a new option is one `add_argument` and its use.
A bad argument is one line on stderr naming the value and the fix, exit code 2, nothing written.
"""
import argparse
import os
import shlex
import sys

from pytest_onehot import matrix, toxgen
from pytest_onehot._version import __version__
from pytest_onehot.report import write_atomic

PROG = "pytest-onehot"
DEFAULT_PLUGIN = f"{toxgen.PLUGIN}=={__version__}"


class Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (no usage block) and exit code 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def emit(text, output):
    """To `output` atomically, else to standard output."""
    if not output:
        sys.stdout.write(text)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        raise OSError(f"cannot write {output} ({exc.strerror or exc}); check that its folder exists") from None


def add_matrix(sub):
    parser = sub.add_parser("matrix", help="render reports as a Markdown compatibility table")
    parser.add_argument("reports", nargs="+", help="report files or folders of them")
    parser.add_argument("-o", "--output", help="write the table here (default: standard output)")
    parser.add_argument("--html", metavar="PATH", help="also write the matrix as a self-contained HTML page")
    parser.set_defaults(run=run_matrix)


def run_matrix(args):
    docs = matrix.load_reports(args.reports)
    if args.html:
        from pytest_onehot.html_page import render_html

        emit(render_html(docs), args.html)
    if args.output or not args.html:  # with only --html, nothing goes to standard output
        emit(matrix.render_matrix(docs), args.output)
    return 0


def add_diff(sub):
    parser = sub.add_parser("diff", help="regressions and improvements from OLD to NEW (exit 1 on a regression)")
    parser.add_argument("old", help="a report or a folder of them")
    parser.add_argument("new", help="a report or a folder of them")
    parser.set_defaults(run=run_diff)


def run_diff(args):
    old, new = matrix.load_reports([args.old]), matrix.load_reports([args.new])
    results = matrix.compare_all(old, new)
    if not results:
        raise matrix.ReportError("OLD and NEW share no environment to compare")
    print("\n".join(matrix.describe(results)) or "no change")
    for side, only in (("OLD", set(old) - set(new)), ("NEW", set(new) - set(old))):
        if only:
            print(f"not compared, only in {side}: {', '.join(sorted(only, key=matrix.natural))}")
    return 1 if any(regressions for _, regressions, *_ in results) else 0


def add_tox(sub):
    labels = ", ".join(toxgen.all_labels(toxgen.load_table()))
    parser = sub.add_parser(
        "tox", help="write a tox configuration that runs the suite on your layer across Keras 2 and 3",
        description="Print (or write with -o) a tox.ini for your project: one environment per Keras release "
                    "and backend from pytest-onehot's compatibility table, each running the suite on your "
                    "layer and writing reports/<env>.json.")
    parser.add_argument("--layer", metavar="MODULE:ATTR",
                        help="your factory, as for --onehot-layer (e.g. mypkg.layers:OneHot)")
    parser.add_argument("--labels", default=None, metavar="NAME[,NAME...]",
                        help=f"the labels to define, of {labels} (default: all)")
    parser.add_argument("--plugin-spec", metavar="SPEC",
                        help="how environments install pytest-onehot: a requirement, a checkout folder or a "
                             f"built wheel (default: {DEFAULT_PLUGIN}, once it is on PyPI)")
    parser.add_argument("--no-install", action="store_true",
                        help="do not install your project (no packaging): its folder goes on PYTHONPATH")
    parser.add_argument("--deps", action="append", default=[], metavar="REQ",
                        help="another requirement for every environment, repeatable (e.g. -r requirements.txt)")
    parser.add_argument("--torch-backend", default="cpu", metavar="NAME",
                        help="UV_TORCH_BACKEND for torch: which PyTorch index (default: %(default)s, not PyPI's "
                             "CUDA build); 'none' leaves it to your environment")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="write it here (default: standard output); a file this command did not write is "
                             "not replaced without --force")
    parser.add_argument("--force", action="store_true", help="with -o: replace the file even if you wrote it")
    parser.add_argument("--this-repo", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(run=run_tox)


def run_tox(args):
    table = toxgen.load_table()
    root = os.path.dirname(os.path.abspath(args.output)) if args.output else os.getcwd()
    if not os.path.isdir(root):
        raise toxgen.ConfigError(f"-o {args.output}: the folder {os.path.dirname(args.output)} does not exist; "
                                 "create it first")
    if args.this_repo:  # pytest-onehot's own tox.ini: the project is the plugin, torch a local wheel
        options = toxgen.Options(this_repo=True, torch_backend="")
    else:
        options = toxgen.Options(
            layer=toxgen.check_layer(args.layer),
            labels=toxgen.check_labels(table, args.labels) if args.labels is not None else (),
            plugin=toxgen.plugin_line(args.plugin_spec or DEFAULT_PLUGIN, root),
            install=not args.no_install,
            deps=toxgen.check_deps(args.deps),
            torch_backend="" if args.torch_backend == "none" else args.torch_backend,
            command=command_line(args))
        toxgen.check_project(root, options.install)
    check_overwrite(args)
    if not args.this_repo:
        for note in notes(args, root):
            print(f"{PROG}: note: {note}", file=sys.stderr)
    emit(toxgen.render(table, options), args.output)
    return 0


def check_overwrite(args):
    """A tox.ini someone wrote by hand is not replaced unasked; one this command wrote is."""
    if not args.output or args.force or not os.path.exists(args.output):
        return
    with open(args.output, encoding="utf-8") as f:
        first = f.readline()
    if first.strip() != toxgen.FIRST_LINE:
        raise toxgen.ConfigError(f"-o {args.output}: the file exists and pytest-onehot did not write it; write to "
                                 "another file (e.g. -o tox-onehot.ini, then tox -c tox-onehot.ini) or pass --force")


def notes(args, root):
    """What may not work as the user expects, said before it shows in every environment."""
    module = args.layer.split(":")[0]
    sys.path.insert(0, root)
    try:
        import importlib.util

        found = importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        found = False
    finally:
        sys.path.remove(root)
    if not found:
        yield (f"--layer {args.layer}: {module!r} is not importable from here (a typo, or your project is not "
               "installed in this environment?); the environments will fail to load it if it is not in your project")
    if args.plugin_spec is None:
        yield (f"no --plugin-spec: the environments install {DEFAULT_PLUGIN} from PyPI, where it is not published "
               "yet; give a pytest-onehot checkout or a built wheel")


def command_line(args):
    """The `pytest-onehot tox` command that gives this configuration, for its header."""
    words = [PROG, "tox", "--layer", args.layer]
    for flag, value, default in (("--labels", args.labels, None), ("--plugin-spec", args.plugin_spec, None),
                                 ("--torch-backend", args.torch_backend, "cpu")):
        if value is not None and value != default:
            words += [flag, value]
    words += ["--no-install"] * args.no_install + [w for dep in args.deps for w in ("--deps", dep)]
    return shlex.join(words + (["-o", os.path.basename(args.output)] if args.output else []))


def parser():
    top = Parser(prog=PROG, description="pytest-onehot's reports and matrix: tables, diffs, tox configurations.")
    sub = top.add_subparsers(dest="command", required=True, parser_class=Parser)
    for add in (add_matrix, add_diff, add_tox):
        add(sub)
    return top


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (matrix.ReportError, toxgen.ConfigError, OSError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
