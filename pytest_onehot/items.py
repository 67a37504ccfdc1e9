"""Collection: one pytest item per registered check, under a virtual `onehot` collector."""
import contextlib
import inspect
import warnings

import pytest

from pytest_onehot import exporters
from pytest_onehot.settings import STATE_KEY

ROOT = "onehot"


def _run_check_item(onehot_factory, tmp_path, request):
    """The test function behind every check item; fixtures make `onehot_factory` overridable."""
    __tracebackhide__ = True
    from pytest_onehot.assertions import CheckFailure
    from pytest_onehot.spec import as_factory
    from pytest_onehot.suite import run_check
    from pytest_onehot.watchdog import call_with_time_limit

    item = request.node
    state = request.config.stash[STATE_KEY]
    # A layer named on the command line (ONEHOT_LAYER in tox comes so) is what the user asked to
    # test: a conftest's onehot_factory fixture does not replace it (the header says so).
    factory = state.factory if explicit_layer(state) else as_factory(onehot_factory)
    item.user_properties.append(("onehot_factory", factory.spec))

    def record(key, value):
        item.user_properties.append(("onehot_observation", {key: value}))

    try:
        with quiet_libraries(state.show_warnings):
            call_with_time_limit(
                item.check.id, state.timeout,
                lambda: run_check(item.check, factory, tmp_path, state.options, record),
                state.stderr,
            )
    except CheckFailure as exc:
        if exc.cause is not None:
            item.user_properties.append(("onehot_cause", exc.cause.to_json()))  # JSON: xdist sends it
        elif exc.signature:
            item.user_properties.append(("onehot_unknown", exc.signature))
        raise


def explicit_layer(state):
    return state.spec.source == "--onehot-layer"


# Modules whose warnings inside a check are Keras's, its backends' and the exporters' business, not
# the user's (onnx\w*: onnxscript and onnx_ir too, which torch's ONNX export drives).
_LIBRARY_NAMES = {"keras", "tf_keras", "tensorflow", "jax", "jaxlib", "torch", "numpy", "h5py", "absl", "google",
                  "ml_dtypes", "pytest_onehot", *exporters.modules()}
LIBRARIES = r"({}|onnx\w*)\b".format("|".join(sorted(_LIBRARY_NAMES)))


@contextlib.contextmanager
def quiet_libraries(show):
    """Warnings that Keras and its backends raise while a check drives them (84 deprecation warnings
    on torch) stay out of the user's summary, unless --onehot-warnings=yes; the layer's own stay."""
    if show:
        yield
        return
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=LIBRARIES)
        yield


class CheckSuite(pytest.Collector):
    """The built-in checks; not a file, so its node id is simply `onehot`."""

    def collect(self):
        from pytest_onehot.checks import all_checks

        return [CheckItem.from_parent(self, name=c.id, callobj=_run_check_item, check=c) for c in all_checks()]


class CheckItem(pytest.Function):
    """One check; its failure shows the check's purpose and diagnosis, not a traceback."""

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check
        self.add_marker(pytest.mark.onehot)
        self.user_properties.append(("onehot_check", check.id))

    def reportinfo(self):
        func = getattr(self.check.func, "func", self.check.func)  # unwrap functools.partial
        return inspect.getsourcefile(func), inspect.getsourcelines(func)[1], f"{ROOT}::{self.name}"

    def repr_failure(self, excinfo):
        from pytest_onehot.assertions import CheckFailure
        from pytest_onehot.spec import first_line

        if isinstance(excinfo.value, CheckFailure):
            # One line: Keras may have re-raised our failure with its own preamble around it.
            # Our messages are one line already, its parts cut where they are made: not cut again.
            text = f"{self.check.id}: {self.check.purpose}\n{first_line(excinfo.value, limit=None)}"
            return text + self._layer_traceback(excinfo.value)
        return super().repr_failure(excinfo)

    def _layer_traceback(self, failure):
        """With --tb=long, -vv or --full-trace: the traceback of what the layer raised."""
        import os
        import traceback

        import pytest_onehot

        option = self.config.option
        wanted = option.tbstyle == "long" or option.verbose >= 2 or getattr(option, "fulltrace", False)
        cause = failure.__cause__
        if not wanted or cause is None:
            return ""
        # From the first frame outside this plugin: the check's own frames say nothing about the layer.
        ours, tb = os.path.dirname(pytest_onehot.__file__), cause.__traceback__
        while tb is not None and tb.tb_next is not None and tb.tb_frame.f_code.co_filename.startswith(ours):
            tb = tb.tb_next
        return "\n\nwhat the layer raised:\n" + "".join(traceback.format_exception(type(cause), cause, tb))


class CheckFailureRepr:
    """A failed check's text in FAILURES, as before; its one line for pytest's short summary (-rf,
    CI logs) is the cause id and words, not the check's purpose."""

    def __init__(self, text, summary):
        from _pytest._code.code import ReprFileLocation

        self.text = text
        self.reprcrash = ReprFileLocation("onehot", 0, summary)

    def toterminal(self, tw):
        for line in self.text.splitlines():
            tw.line(line)

    def __str__(self):
        return self.text


def collect_checks(session, state):
    """The check items, with declared expected failures marked as strict xfails."""
    suite = CheckSuite.from_parent(session, name=ROOT, nodeid=ROOT)
    # genitems sends the collection reports, so counts, --co and --lf see the checks.
    items = list(session.genitems(suite))
    from pytest_onehot.expectations import reason_for

    for item in items:
        reason = reason_for(state.xfails, item.check.id, state.env.backend, state.env.version)
        if reason:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))
    return items
