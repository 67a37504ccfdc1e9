"""Reporting: header line, catalogue listing, terminal summary by check, JSON report."""
import json
import os
import platform
import tempfile

from pytest_onehot._version import __version__

SCHEMA_VERSION = 1
SUPPORTED_SCHEMAS = (1, 2)  # what reports may be read: baselines are committed files


def header_lines(state):
    env = state.env
    others = ", ".join(f"{k} {v}" for k, v in env.versions().items() if k not in ("keras", "keras_package", "backend"))
    return [
        f"onehot: layer {state.spec.value} (from {state.spec.source})",
        f"onehot: {env.label}; {others}; out-of-range policy {state.options.out_of_range}",
    ]


def print_catalogue():
    from pytest_onehot.checks import all_checks

    for check in all_checks():
        print(f"{check.id:32} {check.purpose}")


def _outcome(report):
    if hasattr(report, "wasxfail"):
        return "xfailed" if report.skipped else "xpassed"
    return report.outcome


def record(outcomes, report):
    """Keep the verdict of one check (from its call phase, or the phase that ended it)."""
    check_id = dict(report.user_properties)["onehot_check"]
    entry = outcomes.setdefault(check_id, {"outcome": "passed", "duration": 0.0, "message": "",
                                            "observations": {}})
    entry["duration"] += report.duration
    for key, value in report.user_properties:
        if key == "onehot_observation":
            entry["observations"].update(value)
    if report.when == "call" or report.outcome != "passed":
        outcome = _outcome(report)
        entry["outcome"] = "error" if report.when != "call" and outcome == "failed" else outcome
        entry["message"] = _message(report)


def _message(report):
    if report.skipped and isinstance(report.longrepr, tuple):
        return report.longrepr[2].removeprefix("Skipped: ")
    if getattr(report, "wasxfail", None):
        return report.wasxfail
    return str(report.longrepr or "")


def observations(outcomes):
    found = {}
    for entry in outcomes.values():
        found.update(entry["observations"])
    return found


def terminal_summary(reporter, state, outcomes):
    if not outcomes:
        return
    reporter.section("onehot summary")
    counts = {}
    for entry in outcomes.values():
        counts[entry["outcome"]] = counts.get(entry["outcome"], 0) + 1
    reporter.line(f"layer {state.spec.value} on {state.env.label}: "
                  + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    for key, value in observations(outcomes).items():
        reporter.line(f"observed {key}: {value}")
    for check_id, entry in outcomes.items():
        if entry["outcome"] in ("failed", "error", "xpassed"):
            lines = entry["message"].splitlines()
            reporter.line(f"{entry['outcome'].upper()} {check_id}: {lines[-1] if lines else ''}", red=True)


def document(state, outcomes):
    """The JSON report as a dict."""
    return {
        "schema_version": SCHEMA_VERSION,
        "plugin_version": __version__,
        "environment": {"python": platform.python_version(), **state.env.versions(),
                        "tox_env": os.environ.get("TOX_ENV_NAME")},
        "layer": state.spec.value,
        "options": {"out_of_range": state.options.out_of_range, "torch_compile": state.options.torch_compile,
                    "xfail": state.xfails,
                    "depth_arg": state.factory.depth_arg,
                    "kwargs": {k: repr(v) for k, v in state.factory.kwargs.items()}},
        "observations": observations(outcomes),
        "checks": [{"id": k, **{f: v for f, v in e.items() if f != "observations"}} for k, e in outcomes.items()],
    }


def baseline_gate(state, outcomes):
    """(lines to show, whether anything regressed) against the baseline for this environment."""
    from pytest_onehot.matrix import compare, describe, env_key

    current = document(state, outcomes)
    env = env_key(current)
    old = state.baseline.get(env)
    if old is None:
        return [f"no baseline report for environment {env} (have: {', '.join(sorted(state.baseline))})"], False
    # Only the checks that ran now are compared: -k and --lf runs gate what they ran.
    regressions, improvements = compare(old, current)
    return describe([(env, regressions, improvements)]), bool(regressions)


def write_atomic(path, text):
    """Write `text` to `path` through a temporary file beside it and a rename: never half-written."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".onehot-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_json(state, outcomes):
    write_atomic(state.report_path, json.dumps(document(state, outcomes), indent=2) + "\n")
