"""Reporting: header line, catalogue listing, terminal summary by check, JSON report."""
import json
import os
import platform
import tempfile

from pytest_onehot._version import __version__
from pytest_onehot.records import FAILING, SCHEMA_VERSION, Cause, CheckResult, Json, Report, cause_groups

Outcomes = dict[str, CheckResult]  # check id -> its result, as the session collects them


def schema(version=SCHEMA_VERSION):
    """The JSON Schema of reports of schema `version` (schemas/report-<version>.json, shipped in the
    package and shown in the documentation); the self-tests validate real reports against it."""
    from importlib import resources

    path = resources.files("pytest_onehot").joinpath("schemas", f"report-{version}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def header_lines(state):
    env = state.env
    others = ", ".join(f"{k} {v}" for k, v in env.versions().items() if k not in ("keras", "keras_package", "backend"))
    lines = [
        f"onehot: layer {state.spec.value} (from {state.spec.source})",
        f"onehot: {env.label}; {others}; out-of-range policy {state.options.out_of_range}",
    ]
    floatx = env.keras.backend.floatx()
    if floatx != "float32":  # keras.json (or the layer's module) set it
        lines.append(f"onehot: floatx is {floatx} here; the catalogue runs under float32, Keras's default, and "
                     "the floatx check under float16, bfloat16 and float64")
    lines.extend(state.compile_cache)
    return lines


def print_catalogue():
    from pytest_onehot.checks import all_checks

    for check in all_checks():
        print(f"{check.id:32} {check.purpose}")


def _outcome(report):
    if hasattr(report, "wasxfail"):
        return "xfailed" if report.skipped else "xpassed"
    return report.outcome


def record(outcomes: Outcomes, report) -> None:
    """Keep the verdict of one check (from its call phase, or the phase that ended it)."""
    props = report.user_properties
    check_id = dict(props)["onehot_check"]
    entry = outcomes.setdefault(check_id, CheckResult(check_id))
    entry.duration += report.duration
    for key, value in props:
        if key == "onehot_observation":
            entry.observations.update(value)
        elif key == "onehot_factory":
            entry.factory = value
    if report.when == "call" or report.outcome != "passed":
        outcome = _outcome(report)
        entry.outcome = "error" if report.when != "call" and outcome == "failed" else outcome
        entry.message = _message(report)
        causes = [value for key, value in props if key == "onehot_cause"]
        entry.cause = Cause.from_json(causes[-1]) if causes and outcome in FAILING else None
        unknown = [value for key, value in props if key == "onehot_unknown"]
        entry.unknown = unknown[-1] if unknown and outcome in FAILING else None


SUMMARY_LINE = 120


def _message(report):
    if report.skipped and isinstance(report.longrepr, tuple):
        return report.longrepr[2].removeprefix("Skipped: ")
    if getattr(report, "wasxfail", None):
        return report.wasxfail
    return str(report.longrepr or "")


def in_catalogue_order(outcomes: Outcomes) -> Outcomes:
    """The outcomes as the catalogue orders its checks (under xdist they arrive as they finish)."""
    from pytest_onehot.checks import CHECKS

    order = {check_id: i for i, check_id in enumerate(CHECKS)}
    return dict(sorted(outcomes.items(), key=lambda item: order.get(item[0], len(order))))


def observations(outcomes: Outcomes) -> Json:
    found: Json = {}
    for entry in outcomes.values():
        found.update(entry.observations)
    return found


def causes(outcomes: Outcomes) -> dict[str, list[str]]:
    """{cause id: the check ids it explains}, in the order first seen; failures without a
    known cause are left out (each is its own line)."""
    return cause_groups(list(outcomes.values()))


def unknown_groups(outcomes: Outcomes) -> dict[str, list[str]]:
    """{what was raised, or a failure's own words: its check ids} for failures with no known
    cause: one exception at one place, failing seven checks, is one line."""
    groups: dict[str, list[str]] = {}
    for check_id, entry in outcomes.items():
        if entry.failing and not entry.cause and not strict_xpass(entry):
            groups.setdefault(entry.unknown or _last_line(entry.message), []).append(check_id)
    return groups


def strict_xpass(entry: CheckResult) -> bool:
    """A declared known failure that did not fail: pytest reports it failed (strict)."""
    return entry.failing and entry.message.startswith("[XPASS(strict)]")


def factory_name(state, outcomes: Outcomes) -> str:
    """The factory that actually ran: a conftest's onehot_factory fixture names itself."""
    ran = [e.factory for e in outcomes.values() if e.factory]
    return ran[0] if ran else state.factory.spec


def describe_observation(value):
    """One line: {"-1": "zeros", "300": "classes 0, 1, ...", "-1, compiled predict": "zeros"} reads
    "-1 -> zeros; 300 -> classes 0, 1, ... | compiled predict: -1 -> zeros" (a class list has commas)."""
    if not isinstance(value, dict):
        return str(value)
    groups = {}
    for case, what in value.items():
        case, _, where = str(case).partition(", ")
        groups.setdefault(where, []).append(f"{case} -> {what}")
    return " | ".join((f"{where}: " if where else "") + "; ".join(said) for where, said in groups.items())


def _last_line(text):
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def terminal_summary(reporter, state, outcomes):
    """Counts, then each distinct cause once with the checks it explains, then the failures
    with no known cause, then what was observed. Each check's own diagnosis is in FAILURES."""
    from pytest_onehot.diagnose import CAUSES
    from pytest_onehot.spec import cut

    if not outcomes:
        return
    outcomes = in_catalogue_order(outcomes)
    reporter.section("onehot summary")
    counts = {}
    for entry in outcomes.values():
        counts[entry.outcome] = counts.get(entry.outcome, 0) + 1
    reporter.line(f"layer {factory_name(state, outcomes)} on {state.env.label}: "
                  + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    found = causes(outcomes)
    unknown = unknown_groups(outcomes)
    failing = sum(len(c) for c in found.values()) + sum(len(c) for c in unknown.values())  # xpasses aside
    if failing:
        reporter.line(f"{len(found) + len(unknown)} distinct cause(s) of {failing} failing check(s):")
    for cause_id, check_ids in found.items():
        reporter.line(f"  {cause_id}: {CAUSES[cause_id]} [{', '.join(check_ids)}]", red=True)
    for said, check_ids in unknown.items():
        # The full text is in FAILURES: here, enough of it to tell one unknown from another.
        reporter.line(f"  no known cause: {cut(said, SUMMARY_LINE)} [{', '.join(check_ids)}]", red=True)
    for check_id, entry in outcomes.items():
        if strict_xpass(entry):
            reporter.line(f"passed though declared to fail: {check_id}: {entry.message}: remove or narrow "
                          "that declaration (--onehot-xfail, onehot_xfail, expected_failures)", red=True)
    for check_id, entry in outcomes.items():
        if entry.outcome == "xpassed":
            reporter.line(f"XPASSED {check_id}: {entry.message}", red=True)
    for key, value in observations(outcomes).items():
        reporter.line(f"observed {key}: {describe_observation(value)}")


def environment_key(env):
    """The Keras line and backend, and `-export` where the exporters are installed."""
    from pytest_onehot.exporters import installed
    from pytest_onehot.versions import environment_key as key

    return key(env.version, env.backend, env.package, env.versions().get("tensorflow"), export=installed())


def report_of(state, outcomes: Outcomes) -> Report:
    """This run's report."""
    from pytest_onehot.diagnose import CAUSES

    outcomes = in_catalogue_order(outcomes)
    return Report(
        plugin_version=__version__,
        environment={"python": platform.python_version(), **state.env.versions(),
                     "tox_env": os.environ.get("TOX_ENV_NAME"), "key": environment_key(state.env)},
        layer=state.spec.value,
        factory=factory_name(state, outcomes),
        options={"out_of_range": state.options.out_of_range, "torch_compile": state.options.torch_compile,
                 "xfail": {e.spec: e.reason for e in state.xfails},
                 "depth_arg": state.factory.depth_arg,
                 "kwargs": {k: repr(v) for k, v in state.factory.kwargs.items()}},
        observations=observations(outcomes),
        causes={cause_id: CAUSES[cause_id] for cause_id in causes(outcomes)},
        checks=list(outcomes.values()),
    )


def write_atomic(path, text):
    """Write `text` to `path` through a temporary file beside it and a rename: never half-written."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".onehot-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; reports and tables are for others to read
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_json(state, outcomes):
    write_atomic(state.report_path, json.dumps(report_of(state, outcomes).to_json(), indent=2) + "\n")
