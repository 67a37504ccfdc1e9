"""Options and ini keys: their names, where a value came from, and their validation.

Imports pytest only: it runs for every pytest session once the plugin is installed.
"""
from __future__ import annotations

import dataclasses
import difflib
import os
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pytest_onehot.expectations import Expectation
    from pytest_onehot.keras_compat import KerasEnv
    from pytest_onehot.records import Report
    from pytest_onehot.spec import Factory

OUT_OF_RANGE_POLICIES = ("any", "zeros", "error")


@dataclasses.dataclass
class Setting:
    """One option: --onehot-NAME on the command line, onehot_NAME in the ini file."""

    name: str
    help: str
    kind: str = "string"  # ini type: "string" or "linelist"
    default: object = None

    @property
    def flag(self):
        return "--onehot-" + self.name

    @property
    def ini(self):
        return "onehot_" + self.name.replace("-", "_")


SETTINGS = (
    Setting("layer", "callable under test as module.path:attr (turns the suite on)"),
    Setting("depth-arg", "the factory's parameter that takes the depth (default: input_dim)", default="input_dim"),
    Setting("kwarg", "extra KEY=VALUE for the factory, VALUE a Python literal else a string (repeatable)",
            kind="linelist", default=()),
    Setting("xfail", "known failures ID[@CONDITION...][,...], e.g. jit-compile@torch,save-h5@keras<3: strict "
            "xfails where the conditions hold (ini: 'ids: reason' per line)", kind="linelist", default=()),
    Setting("out-of-range", "behaviour required for indices <0 or >=depth: any|zeros|error (default: any)",
            default="any"),
    Setting("report", "write a JSON report of the checks to this path"),
    Setting("torch-compile", "also jit-compile on torch (torch.compile: ~20 s for a tiny model): yes|no "
            "(default: no)", default="no"),
    Setting("timeout", "time limit of one check in seconds, 0 for none (default: 300)", default="300"),
    Setting("baseline", "fail when a check that passed in this baseline (a report, or a folder of them) "
            "for the same environment does not pass now"),
    Setting("baseline-strict", "with --onehot-baseline: fail when there is no baseline for this environment: "
            "yes|no (default: no)", default="no"),
    Setting("warnings", "show the warnings Keras and its backends raise inside the checks: yes|no (default: no; "
            "the layer's own warnings are always shown)", default="no"),
    Setting("environment", "the matrix environment this run is (e.g. keras3.15-jax, tf2.15): stop before any "
            "check unless the Keras, backend and pins installed are the ones its name says (default: "
            "$TOX_ENV_NAME; none: no check)"),
    Setting("compile-cache", "on JAX, keep the programs compiled in this session in this folder, so that a "
            "rerun loads them (default: pytest's cache folder, .pytest_cache/d/onehot-jax; off: compile anew)"),
)


@dataclasses.dataclass
class Resolved:
    value: object
    source: str  # e.g. "--onehot-layer" or "ini onehot_layer (pytest.ini)"


def resolve(config, setting):
    """The CLI value when given, else the ini value, else the default; and where it came from."""
    cli = config.getoption(setting.flag)
    if cli not in (None, []):
        return Resolved(cli, setting.flag)
    ini = config.getini(setting.ini)
    if ini not in (None, "", []):
        where = config.inipath.name if config.inipath else "ini"
        return Resolved(ini, f"ini {setting.ini} ({where})")
    return Resolved(setting.default, "default")


def setting(name):
    return next(s for s in SETTINGS if s.name == name)


def value(config, name):
    """The resolved value of the setting called `name`."""
    return resolve(config, setting(name)).value


def parse_xfails(resolved, known_ids):
    """The declared known failures (expectations.Expectation), or a usage error naming the bad one."""
    from pytest_onehot.expectations import ExpectationError, parse

    where = "--onehot-xfail" if resolved.source == "--onehot-xfail" else "onehot_xfail"
    try:
        return parse(resolved.value, known_ids, where)
    except ExpectationError as exc:
        raise pytest.UsageError(str(exc)) from None


def check_layer_spec(resolved):
    """An explicitly empty spec (a CI variable that was never set) is a mistake, not 'off'."""
    if resolved.source != "default" and not str(resolved.value or "").strip():
        raise pytest.UsageError(
            f"{'--onehot-layer' if resolved.source == '--onehot-layer' else resolved.source} is empty "
            "(a CI variable that was never set?): give module.path:Callable, e.g. pytest_onehot.reference:OneHot, "
            "or leave the option out to run without the suite"
        )
    return resolved


def check_out_of_range(value):
    if value not in OUT_OF_RANGE_POLICIES:
        raise pytest.UsageError(
            f"--onehot-out-of-range {value!r}: use one of {', '.join(OUT_OF_RANGE_POLICIES)}"
        )
    return value


@dataclasses.dataclass(frozen=True)
class CheckOptions:
    """What the user asked of the checks themselves."""

    out_of_range: str = "any"
    torch_compile: bool = False


def check_yes_no(flag, value):
    answer = str(value).strip().lower()
    if answer not in ("yes", "no", "true", "false", "1", "0"):
        raise pytest.UsageError(f"{flag} {value!r}: use yes or no")
    return answer in ("yes", "true", "1")


def check_timeout(value):
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = -1.0
    if seconds < 0:
        raise pytest.UsageError(f"--onehot-timeout {value!r}: give a number of seconds (0 turns the limit off)")
    return seconds


def writable_folder(path, said, what, fix):
    """`path`, made now if missing so that a bad value fails before any check; else a UsageError
    '<said>: cannot create <what> (why): <fix>', or '... <what> is not writable ...'."""
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        raise pytest.UsageError(f"{said}: cannot create {what} ({exc.strerror}): {fix}") from None
    if not os.access(path, os.W_OK):
        raise pytest.UsageError(f"{said}: {what} is not writable: {fix}")
    return path


def check_report_path(value, base_dir):
    """The absolute report path; its folder is created now so that a bad path fails early."""
    if not value:
        return None
    path = os.path.abspath(os.path.join(str(base_dir), value))
    if os.path.isdir(path):
        raise pytest.UsageError(f"--onehot-report {value!r} is a directory: give a file path such as reports/run.json")
    writable_folder(os.path.dirname(path), f"--onehot-report {value!r}", "its folder",
                    "give a path in a folder you can write")
    return path


def load_baseline(value, base_dir):
    """The baseline reports by environment, or a UsageError naming what is wrong with them."""
    if not value:
        return None
    from pytest_onehot.matrix import ReportError, load_reports

    try:
        return load_reports([os.path.join(str(base_dir), value)])
    except ReportError as exc:
        raise pytest.UsageError(f"--onehot-baseline {value!r}: {exc}") from None


STACK_FIX = ("regenerate the tox configuration with pytest-onehot tox (it keeps your project's dependencies from "
             "replacing the stack) or leave this environment out (--lines, --backends); --onehot-environment=none "
             "skips this check")


def environment_name(value):
    """The table environment this run claims to be, or None (not given, `none`, or not the table's)."""
    from pytest_onehot.toxgen import environments, load_table

    known = environments(load_table())
    given = (value or "").strip()
    if given and given != "none" and given not in known:
        # Named on purpose, and unknown: a typo would turn the check off without a word.
        close = difflib.get_close_matches(given, list(known), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise pytest.UsageError(f"--onehot-environment={given}: not an environment of the compatibility table: {hint}"
                                "name one as pytest-onehot tox names them (keras3.15-jax, tf2.15, ...), or none to "
                                "skip this check")
    name = given or os.environ.get("TOX_ENV_NAME", "").strip()  # tox's own name: checked where the table has it
    return name if name in known else None


def check_pins(name):
    """Before the layer is imported: the installed distributions satisfy the environment's pins."""
    from importlib import metadata

    from pytest_onehot.toxgen import load_table, pins_error

    def installed(dist):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    error = name and pins_error(load_table(), name, installed)
    if error:
        raise pytest.UsageError(f"--onehot-environment: {error}; {STACK_FIX}")


def check_identity(name, env):
    """Once the layer is built: it runs on the Keras and backend the environment names."""
    from pytest_onehot.toxgen import identity_error, load_table

    error = name and identity_error(load_table(), name, env.package, env.version, env.backend)
    if error and name.startswith("tfkeras-") and env.package == "keras":
        # The usual way in: `import keras` there is the Keras 3 that TensorFlow 2.16+ installs.
        error += (" (`import keras` is Keras 3 there too: a Keras 2 layer imports tf_keras, or "
                  "tf.keras with TF_USE_LEGACY_KERAS=1, which these environments set)")
    if error:
        # The pins held (checked first): the layer itself is of another Keras than the environment's.
        raise pytest.UsageError(f"--onehot-environment: {error}: the pins are installed, but the layer is built "
                                "from another Keras (or KERAS_BACKEND names another backend): leave this environment "
                                "out (--lines, --backends), or build the layer from the Keras it names; "
                                "--onehot-environment=none skips this check")


@dataclasses.dataclass
class OnehotState:
    """What the plugin knows once the layer is loaded: stored in config.stash."""

    spec: Resolved
    factory: Factory
    env: KerasEnv
    xfails: list[Expectation]
    options: CheckOptions
    report_path: object = None
    baseline: dict[str, Report] | None = None  # environment name -> baseline report
    timeout: float = 300.0
    stderr: object = None  # the terminal's stderr, for a hang's last words
    baseline_strict: bool = False
    show_warnings: bool = False
    compile_cache: tuple[str, ...] = ()  # the header's lines on how JAX compiles: the emitters, where programs are kept


STATE_KEY = pytest.StashKey[OnehotState]()
