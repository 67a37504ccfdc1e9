"""Shared set-up for the self-tests.

Keras (and so NumPy) is imported here, in the outer process, before any in-process
pytester run: a second in-process run would otherwise re-import NumPy and fail.
"""
import importlib
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import pytest  # noqa: E402

import pytest_onehot.reference  # noqa: E402,F401  (imports Keras once, here)
from pytest_onehot.keras_compat import KerasEnv  # noqa: E402

# The same for the exporters that the export checks import, where installed: onnx aborts the
# process when an in-process run imports its C extension a second time.
for _exporter in ("onnx", "onnxruntime", "tf2onnx", "ai_edge_litert.interpreter", "jax2onnx"):
    try:
        importlib.import_module(_exporter)
    except ImportError:
        pass

pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def env():
    return KerasEnv.default()


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def repo_on_path(pytester, monkeypatch):
    """The corpus (tests.layers) and examples importable, in-process and in subprocesses alike:
    xdist workers take the sys.path their controller had when xdist was imported, so the ini's
    `pythonpath` is what reaches them (a test writing its own ini runs in-process only)."""
    pytester.syspathinsert(ROOT)
    pytester.makeini(f"[pytest]\npythonpath = {ROOT}\n")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")])))


@pytest.fixture
def run(pytester, repo_on_path):
    """Run pytest in-process in an empty folder, the corpus importable, like a user would."""

    def run(*args):
        return pytester.runpytest_inprocess("-p", "no:randomly", *args)

    return run


def pytest_configure(config):
    # pytest-xdist's mark, known also where xdist is not installed (a single Keras env by hand).
    config.addinivalue_line("markers", "xdist_group(name): run these tests in one xdist worker")
