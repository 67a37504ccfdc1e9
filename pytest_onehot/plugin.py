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
