"""The pytest entry point (pytest11). Hooks only; nothing heavy is imported here.

Without --onehot-layer (or ini onehot_layer) the plugin adds options and fixtures and
does nothing else: no Keras, TensorFlow or NumPy is imported.
"""
import pytest

from pytest_onehot import fixtures, settings

# Plain asserts in the public assertions module get pytest's detailed messages.
pytest.register_assert_rewrite("pytest_onehot.assertions")


def pytest_addoption(parser):
    group = parser.getgroup("onehot", "pytest-onehot: check a Keras one-hot layer")
    for s in settings.SETTINGS:
        action = "append" if s.kind == "linelist" else "store"
        group.addoption(s.flag, action=action, dest=s.flag, default=None, help=s.help)
        parser.addini(s.ini, s.help, type=s.kind, default=s.default)
    group.addoption("--onehot-list-checks", action="store_true", help="list the check catalogue and exit")


def pytest_configure(config):
    config.addinivalue_line("markers", "onehot: a built-in check of pytest-onehot (the --onehot-layer catalogue)")
    config.addinivalue_line("markers", "onehot_checks: a check of pytest-onehot run by parametrize_with_checks")
    config.pluginmanager.register(fixtures, "onehot-fixtures")
    if config.option.help or config.option.version:
        return
    spec = settings.check_layer_spec(settings.resolve(config, settings.SETTINGS[0]))
    if spec.value:
        from pytest_onehot.session import OnehotSession

        config.pluginmanager.register(OnehotSession.start(config, spec), "onehot-session")


def pytest_cmdline_main(config):
    if config.getoption("--onehot-list-checks"):
        from pytest_onehot.report import print_catalogue

        print_catalogue()
        return 0
    return None


def _bound_check_id(item):
    """The check id of a parametrize_with_checks item (marked onehot_checks), else None."""
    if item.get_closest_marker("onehot_checks") is None:
        return None
    callspec = getattr(item, "callspec", None)
    return next((v.id for v in (callspec.params.values() if callspec else ()) if hasattr(v, "check")), None)


@pytest.hookimpl(hookwrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    """A parametrize_with_checks item keeps Keras's warnings out of the user's summary, as the
    catalogue's items do (unless --onehot-warnings=yes)."""
    if _bound_check_id(pyfuncitem) is None or settings.check_yes_no(
            "--onehot-warnings", settings.value(pyfuncitem.config, "warnings")):
        yield
        return
    from pytest_onehot.items import quiet_libraries

    with quiet_libraries(False):
        yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A check's skip, the catalogue's or a parametrize_with_checks item's, is located at the check
    (`onehot::export-onnx`), not at the plugin's line that skipped it."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple) and not hasattr(report, "wasxfail"):
        check = getattr(item, "check", None)  # a catalogue item
        check_id = check.id if check is not None else _bound_check_id(item)
        if check_id is not None:
            report.longrepr = (f"onehot::{check_id}", None, report.longrepr[2])
