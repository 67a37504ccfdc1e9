"""The `pytest-onehot` console command: matrix, diff, baseline, tox and workflow.

Each subcommand is an `add_*` function that declares its arguments and a `run_*` function
that does the work (matrix.py, toxgen.py); a new option is one `add_argument` and its use.
A bad argument is one line on stderr naming the value and the fix, exit code 2, nothing written.
"""
import argparse
import dataclasses
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
    parser.add_argument("old", help="a report or a folder of them (the baseline)")
    parser.add_argument("new", help="a report or a folder of them")
    parser.add_argument("--strict", action="store_true",
                        help="also exit 1 when an environment is in one of OLD and NEW only (one that failed to "
                             "install, or a new one without a baseline): the gate for CI")
    parser.set_defaults(run=run_diff)


def run_diff(args):
    if not os.path.exists(args.old):
        raise matrix.ReportError(f"{args.old}: no such baseline; make the first one from a run's reports with "
                                 f"`{PROG} baseline {args.new} -o {args.old}` and commit it")
    old, new = matrix.load_reports([args.old]), matrix.load_reports([args.new])
    before, after = matrix.layers(old), matrix.layers(new)
    if before != after:
        raise matrix.ReportError(f"OLD is a baseline of layer {before[0]}, NEW tested {after[0]}: compare reports "
                                 "of one layer spec (make a baseline of this one)")
    results = matrix.compare_all(old, new)
    if not results and not args.strict:
        raise matrix.ReportError("OLD and NEW share no environment to compare")
    print("\n".join(matrix.describe(results)) or ("no change" if results else "nothing compared"))
    missing = []
    for side, only, why in (("OLD", set(old) - set(new), "no report now: did it fail to install or to run?"),
                            ("NEW", set(new) - set(old), "no baseline for it: refresh the baseline")):
        if only:
            names = ", ".join(sorted(only, key=matrix.natural))
            print(f"{'MISSING' if args.strict else 'not compared'}, only in {side}: {names}"
                  + (f" ({why})" if args.strict else ""))
            missing.append(side)
    if missing and args.strict:
        # Refreshing the baseline is the fix for NEW's extra environments only: for OLD's it would
        # drop an environment that failed to install from the gate for good.
        fix = ("make the missing environments run (their tox logs say why they did not)" if "OLD" in missing
               else f"refresh the baseline with `{PROG} baseline {args.new} -o {args.old} --force` once they pass")
        print(f"the strict gate fails: every environment must be in both: {fix}")
    return 1 if any(regressions for _, regressions, *_ in results) or (missing and args.strict) else 0


def add_baseline(sub):
    parser = sub.add_parser("baseline", help="make (or with --force, replace) a baseline folder from a run's reports",
                            description="Check a run's reports (one layer, one per environment, each of the Keras "
                                        "its environment names) and copy them into a baseline folder as "
                                        "<env>.json, for `pytest-onehot diff --strict BASELINE reports` and "
                                        "--onehot-baseline. Commit the folder.")
    parser.add_argument("reports", nargs="+", help="report files or folders of them")
    parser.add_argument("-o", "--output", required=True, metavar="DIR",
                        help="the baseline folder, e.g. compat/baseline")
    parser.add_argument("--force", action="store_true", help="replace the folder's reports if it exists")
    parser.set_defaults(run=run_baseline)


def run_baseline(args):
    import shutil
    import tempfile

    docs = matrix.load_reports(args.reports)
    files = matrix.report_files(args.reports)
    target = os.path.abspath(args.output)
    if os.path.exists(target) and not args.force:
        raise matrix.ReportError(f"-o {args.output}: the baseline exists; compare first "
                                 f"(`{PROG} diff {args.output} {args.reports[0]}`), then pass --force to replace it")
    if os.path.exists(target) and not os.path.isdir(target):
        raise matrix.ReportError(f"-o {args.output}: a file, not a folder; give a folder such as compat/baseline")
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    # Built beside the target, then swapped in: a failure leaves the old baseline as it was.
    staging = tempfile.mkdtemp(prefix=".baseline-", dir=parent)
    try:
        for env, path in files.items():
            shutil.copyfile(path, os.path.join(staging, f"{env}.json"))
            os.chmod(os.path.join(staging, f"{env}.json"), 0o644)
        os.chmod(staging, 0o755)
        if os.path.exists(target):
            old = tempfile.mkdtemp(prefix=".baseline-old-", dir=parent)
            os.rename(target, os.path.join(old, "x"))
            os.rename(staging, target)
            shutil.rmtree(old)
        else:
            os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"baseline {args.output}: {len(docs)} environments of layer {matrix.layers(docs)[0]} "
          f"({', '.join(sorted(docs, key=matrix.natural))}); commit it")
    return 0


def add_tox(sub):
    parser = sub.add_parser(
        "tox", help="write a tox configuration that runs the suite on your layer across Keras 2 and 3",
        description="Print (or write with -o) a tox.ini for your project: one environment per Keras release "
                    "and backend from pytest-onehot's compatibility table, each running the suite on your "
                    "layer and writing reports/<env>.json.")
    add_matrix_choices(parser, "all")
    parser.add_argument("--this-repo", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(run=run_tox)


def add_matrix_choices(parser, default_labels):
    """The choices `tox` and `workflow` share: which environments, and how they install."""
    table = toxgen.load_table()
    labels = ", ".join({**toxgen.all_labels(table), **toxgen.line_labels(table)})
    parser.add_argument("--layer", metavar="MODULE:ATTR",
                        help="your factory, as for --onehot-layer (e.g. mypkg.layers:OneHot)")
    parser.add_argument("--labels", default=None, metavar="NAME[,NAME...]",
                        help=f"the labels to define, of {labels} (default: {default_labels})")
    parser.add_argument("--lines", metavar="LINE[,LINE...]",
                        help=f"only these Keras lines, of {', '.join(toxgen.line_choices(table))} (default: all); "
                             "keras2 is tf.keras and tf-keras")
    parser.add_argument("--backends", metavar="NAME[,NAME...]",
                        help=f"only these backends, of {', '.join(toxgen.backend_choices(table))} (default: all; "
                             "Keras 2 runs on tensorflow)")
    parser.add_argument("--plugin-spec", metavar="SPEC",
                        help="how environments install pytest-onehot: a requirement, a checkout folder or a "
                             f"built wheel (default: {DEFAULT_PLUGIN}, once it is on PyPI)")
    parser.add_argument("--no-install", action="store_true",
                        help="do not install your project (no packaging): its folder goes on PYTHONPATH")
    parser.add_argument("--deps", action="append", default=[], metavar="REQ",
                        help="another requirement for every environment, repeatable (e.g. -r requirements.txt)")
    parser.add_argument("--tests", metavar="PATH",
                        help="also run your own tests (a folder of your project, e.g. tests) in every environment, "
                             "after the suite, so that they meet every Keras release too")
    parser.add_argument("--torch-backend", metavar="NAME",
                        help="UV_TORCH_BACKEND for torch: which PyTorch index (default: cpu, not PyPI's CUDA build, "
                             "unless PIP_FIND_LINKS or UV_FIND_LINKS hold a torch wheel the table pins: then that "
                             "wheel); 'none' leaves it to your environment")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="write it here (default: standard output); a file this command did not write is "
                             "not replaced without --force")
    parser.add_argument("--force", action="store_true", help="with -o: replace the file even if you wrote it")


def output_root(args):
    root = os.path.dirname(os.path.abspath(args.output)) if args.output else os.getcwd()
    if not os.path.isdir(root):
        raise toxgen.ConfigError(f"-o {args.output}: the folder {os.path.dirname(args.output)} does not exist; "
                                 "create it first")
    return root


def matrix_options(args, table, root, command, default_labels=()):
    """toxgen.Options from the shared choices, each checked (a ConfigError line otherwise)."""
    options = toxgen.Options(
        layer=toxgen.check_layer(args.layer),
        labels=toxgen.check_labels(table, args.labels) if args.labels is not None else default_labels,
        lines=toxgen.check_choices("--lines", args.lines, toxgen.line_choices(table)) if args.lines else (),
        backends=(toxgen.check_choices("--backends", args.backends, toxgen.backend_choices(table))
                  if args.backends else ()),
        plugin=toxgen.plugin_line(args.plugin_spec or DEFAULT_PLUGIN, root),
        install=not args.no_install,
        deps=toxgen.check_deps(args.deps),
        tests=toxgen.check_tests(args.tests, root) if args.tests else "",
        torch_backend=torch_backend(args.torch_backend, table),
        command=command)
    toxgen.check_project(root, options.install)
    toxgen.chosen_labels(table, options)  # a choice that leaves nothing is an error, before writing
    return options


def run_tox(args):
    table = toxgen.load_table()
    root = output_root(args)
    if args.this_repo:  # pytest-onehot's own tox.ini: the project is the plugin, torch a local wheel
        options = toxgen.Options(this_repo=True, torch_backend="")
    else:
        options = matrix_options(args, table, root, command_line(args, "tox"))
    check_overwrite(args, toxgen.FIRST_LINE)
    if not args.this_repo:
        for note in notes(args, root, options, table):
            print(f"{PROG}: note: {note}", file=sys.stderr)
    emit(toxgen.render(table, options), args.output)
    return 0


def add_workflow(sub):
    parser = sub.add_parser(
        "workflow", help="write a GitHub Actions workflow that runs the matrix on CI runners",
        description="Print (or write with -o) a GitHub Actions workflow from the same table and choices as "
                    "`pytest-onehot tox`: one job per environment of the chosen labels (default fast) running "
                    "it from your tox configuration, then one job that renders COMPATIBILITY.md and matrix.html "
                    "and runs `pytest-onehot diff --strict` against the committed baseline.")
    add_matrix_choices(parser, "fast")
    # Run it in your repository's root: paths (the plugin's wheel, --tox-ini, --baseline) are relative to it.
    parser.add_argument("--tox-ini", default="tox.ini", metavar="PATH",
                        help="the tox configuration the jobs run, relative to the repository (default: %(default)s)")
    parser.add_argument("--baseline", default="compat/baseline", metavar="DIR",
                        help="the committed baseline folder the gate compares with (default: %(default)s)")
    parser.set_defaults(run=run_workflow)


def run_workflow(args):
    from pytest_onehot import workflow

    table = toxgen.load_table()
    output_root(args)  # its folder must exist; paths in the workflow are relative to the repository:
    root = os.getcwd()  # the folder the command runs in (.github/workflows/ is not the project)
    for flag, path in (("--tox-ini", args.tox_ini), ("--baseline", args.baseline)):
        inside = os.path.normpath(path.replace("\\", "/"))
        if os.path.isabs(path) or inside == ".." or inside.startswith("../"):
            raise toxgen.ConfigError(f"{flag} {path}: give a path inside your repository, relative to it "
                                     "(a CI runner has no other path)")
    # The project is the tox configuration's folder (its tox_root), as for `pytest-onehot tox -o`.
    project = os.path.join(root, workflow.project_dir(args.tox_ini))
    options = matrix_options(args, table, project, command_line(args, "workflow"), workflow.DEFAULT_LABELS)
    options = dataclasses.replace(options, torch_backend=workflow.runner_torch_backend(args.torch_backend))
    text = workflow.render(table, options, args.tox_ini, args.baseline)
    workflow.check_tox_ini(os.path.join(root, args.tox_ini), workflow.environments(table, options))
    check_overwrite(args, workflow.FIRST_LINE)
    for note in notes(args, project, options, table, here=False):
        print(f"{PROG}: note: {note}", file=sys.stderr)
    emit(text, args.output)
    return 0


def torch_backend(asked, table):
    """UV_TORCH_BACKEND for the environments: as asked; by default the PyTorch CPU index, unless a
    local torch wheel is there (uv takes it only when no PyTorch index is asked for)."""
    if asked is None:
        return "" if toxgen.local_torch(table) else "cpu"
    return "" if asked == "none" else asked


def check_overwrite(args, first_line):
    """A file someone wrote by hand is not replaced unasked; one this command wrote is."""
    if not args.output or args.force or not os.path.exists(args.output):
        return
    with open(args.output, encoding="utf-8") as f:
        first = f.readline()
    if first.strip() != first_line:
        raise toxgen.ConfigError(f"-o {args.output}: the file exists and pytest-onehot did not write it; write to "
                                 "another file (e.g. -o tox-onehot.ini, then tox -c tox-onehot.ini) or pass --force")


def importable(module, root):
    """Whether `module` can be found from `root`, leaving this process as it was: finding a submodule
    imports its parents, and a parent left in sys.modules would shadow the same name for later callers."""
    import importlib.util

    before = set(sys.modules)
    sys.path.insert(0, root)
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False
    finally:
        sys.path.remove(root)
        for name in set(sys.modules) - before:
            del sys.modules[name]


def notes(args, root, options, table, here=True):
    """What may not work as the user expects, said before it shows in every environment (`here`: on
    this machine, whose local torch wheel the tox configuration takes; a workflow's runners have none)."""
    torch = any("torch" in req for env in toxgen.chosen_envs(table, options) for req in env.requirements(table))
    wheel = toxgen.local_torch(table) if here and args.torch_backend is None and torch else None
    if wheel:
        yield (f"torch comes from {wheel} (PIP_FIND_LINKS/UV_FIND_LINKS), not the PyTorch CPU index: on a machine "
               "without that wheel, generate with --torch-backend cpu")
    needs = toxgen.project_keras(root)
    if needs and not options.lines:
        yield (f"your project requires {needs[0]}: the environments of the other Keras line cannot install it "
               f"and will fail; keep yours with --lines {needs[1]}")
    module = args.layer.split(":")[0]
    found = importable(module, root)
    if not found:
        yield (f"--layer {args.layer}: {module!r} is not importable from here (a typo, or your project is not "
               "installed in this environment?); the environments will fail to load it if it is not in your project")
    if args.plugin_spec is None:
        yield (f"no --plugin-spec: the environments install {DEFAULT_PLUGIN} from PyPI, where it is not published "
               "yet; give a pytest-onehot checkout or a built wheel")


def command_line(args, command):
    """The `pytest-onehot tox|workflow` command that gives this file, for its header."""
    words = [PROG, command, "--layer", args.layer]
    for flag, value, default in (("--labels", args.labels, None), ("--lines", args.lines, None),
                                 ("--backends", args.backends, None), ("--plugin-spec", args.plugin_spec, None),
                                 ("--tests", args.tests, None),
                                 ("--torch-backend", args.torch_backend, None)):
        if value is not None and value != default:
            words += [flag, value]
    words += ["--no-install"] * args.no_install + [w for dep in args.deps for w in ("--deps", dep)]
    for flag, value, default in (("--tox-ini", getattr(args, "tox_ini", None), "tox.ini"),
                                 ("--baseline", getattr(args, "baseline", None), "compat/baseline")):
        if value is not None and value != default:
            words += [flag, value]
    shown = args.output and (args.output if not os.path.isabs(args.output) else os.path.basename(args.output))
    return shlex.join(words + (["-o", shown] if shown else []))


def parser():
    top = Parser(prog=PROG, description="pytest-onehot's reports and matrix: tables, diffs, tox configurations.")
    sub = top.add_subparsers(dest="command", required=True, parser_class=Parser)
    for add in (add_matrix, add_diff, add_baseline, add_tox, add_workflow):
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
