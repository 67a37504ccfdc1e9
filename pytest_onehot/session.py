"""One pytest session with the suite on: the loaded layer, and the hooks that only then apply."""
import gc

import pytest

from pytest_onehot import compile_cache
from pytest_onehot import report as reporting
from pytest_onehot import settings
from pytest_onehot.spec import load_factory, probe


def load_state(config, spec):
    """Every option checked, the factory imported and probed: one UsageError line otherwise."""
    from pytest_onehot.checks import CHECKS

    def get(name):
        return settings.value(config, name)

    options = settings.CheckOptions(settings.check_out_of_range(get("out-of-range")),
                                    settings.check_yes_no("--onehot-torch-compile", get("torch-compile")))
    xfails = settings.parse_xfails(settings.resolve(config, settings.setting("xfail")), CHECKS)
    report_path = settings.check_report_path(get("report"), config.invocation_params.dir)
    baseline = settings.load_baseline(get("baseline"), config.invocation_params.dir)
    timeout = settings.check_timeout(get("timeout"))
    strict = settings.check_yes_no("--onehot-baseline-strict", get("baseline-strict"))
    environment = settings.environment_name(get("environment"))
    settings.check_pins(environment)  # before the layer's module imports a Keras it should not
    factory = load_factory(spec.value, get("depth-arg"), get("kwarg"), config.invocation_params.dir)
    factory.keras_env = probe(factory)
    settings.check_identity(environment, factory.keras_env)
    cache = compile_cache.enable(config, factory.keras_env, settings.resolve(config, settings.setting("compile-cache")))
    return settings.OnehotState(spec, factory, factory.keras_env, xfails, options, report_path, baseline,
                                timeout, baseline_strict=strict,
                                show_warnings=settings.check_yes_no("--onehot-warnings", get("warnings")),
                                compile_cache=cache)


def overriding_fixture(items):
    """`path:line` of a user's onehot_factory fixture the check items use, else None."""
    import inspect

    for item in items:
        if getattr(item, "check", None) is None:
            continue
        defs = item._fixtureinfo.name2fixturedefs.get("onehot_factory") or ()
        func = defs[-1].func if defs else None
        if func is None or getattr(func, "__module__", "") == "pytest_onehot.fixtures":
            return None
        try:
            return f"{inspect.getsourcefile(func)}:{inspect.getsourcelines(func)[1]}"
        except (OSError, TypeError):
            return getattr(func, "__qualname__", repr(func))
    return None


class OnehotSession:
    """Registered as a plugin once the layer is loaded; holds this session's verdicts."""

    def __init__(self, config, state):
        self.config = config
        self.state = state
        self.outcomes = {}
        self.gate = None  # baseline comparison lines, once the run is over
        self.gate_failed = False

    @classmethod
    def start(cls, config, spec):
        from pytest_onehot.watchdog import terminal_stderr

        state = load_state(config, spec)
        # Keras and its backend leave millions of objects that live as long as the process, and
        # every full collection walks them all (~0.2 s each: Python's own, hypothesis's, pytest's
        # at exit). Frozen, collections see only what the session makes. Thawed by a cleanup
        # registered now, so that it runs after the ones registered later (pytest's collects).
        gc.freeze()
        config.add_cleanup(gc.unfreeze)
        state.stderr = terminal_stderr()
        config.stash[settings.STATE_KEY] = state
        return cls(config, state)

    def pytest_unconfigure(self):
        if self.state.stderr is not None:
            self.state.stderr.close()

    def pytest_report_header(self):
        return reporting.header_lines(self.state)

    def pytest_report_collectionfinish(self, items):
        """Where the checks' layer really comes from, once the fixtures are known."""
        from pytest_onehot.items import explicit_layer

        override = overriding_fixture(items)
        if override and explicit_layer(self.state):
            return [f"onehot: the onehot_factory fixture at {override} is not used by the checks: "
                    f"--onehot-layer {self.state.spec.value} on the command line wins (name the layer in the "
                    "ini, onehot_layer, to let the fixture build it)"]
        if override:
            return [f"onehot: the checks use the onehot_factory fixture at {override}, not "
                    f"{self.state.spec.source}; the summary and report name the factory it returns"]
        return []

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        """A failed check's short summary line is its cause (its skip is located in plugin.py)."""
        outcome = yield
        report = outcome.get_result()
        check = getattr(item, "check", None)
        cause = next((value for key, value in item.user_properties if key == "onehot_cause"), None)
        if check is not None and report.failed and cause and isinstance(report.longrepr, str):
            from pytest_onehot.items import CheckFailureRepr
            from pytest_onehot.records import Cause

            said = Cause.from_json(cause)
            report.longrepr = CheckFailureRepr(report.longrepr, f"{check.id} [{said.id}]: {said.text}")

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, session, items):
        # tryfirst: the checks must be in `items` before -k, -m and --lf select from them.
        from pytest_onehot.items import collect_checks

        items[:0] = collect_checks(session, self.state)

    def pytest_runtest_logreport(self, report):
        if any(key == "onehot_check" for key, _ in report.user_properties):
            reporting.record(self.outcomes, report)

    def pytest_terminal_summary(self, terminalreporter):
        reporting.terminal_summary(terminalreporter, self.state, self.outcomes)
        if self.gate is not None:
            terminalreporter.section("onehot baseline")
            for line in self.gate or ["no change against the baseline"]:
                terminalreporter.line(line, red=line.startswith(("REGRESSION", "no baseline", "baseline refused")))
            if self.gate_failed:
                # pytest's last line counts tests only: say that the session fails all the same.
                terminalreporter.line("the baseline gate fails this session (exit code 1)", red=True, bold=True)

    def pytest_sessionfinish(self, session):
        if hasattr(self.config, "workerinput"):
            return  # xdist workers: the controller reports for everyone
        if self.state.report_path:
            reporting.write_json(self.state, self.outcomes)
        if self.state.baseline is not None:
            from pytest_onehot.gate import baseline_gate

            self.gate, self.gate_failed = baseline_gate(self.state, self.outcomes)
            if self.gate_failed and session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
