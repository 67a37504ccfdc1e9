"""Shared set-up for the self-tests.

Keras (and so NumPy) is imported here, in the outer process, before any in-process
pytester run: a second in-process run would otherwise re-import NumPy and fail.
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import pytest  # noqa: E402

import pytest_onehot.reference  # noqa: E402,F401  (imports Keras once, here)
from pytest_onehot.keras_compat import KerasEnv  # noqa: E402

pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def env():
    return KerasEnv.default()


@pytest.fixture
def run(pytester):
    """Run pytest in-process in an empty folder that holds the corpus, like a user would."""
    pytester.syspathinsert(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

    def run(*args):
        return pytester.runpytest_inprocess("-p", "no:randomly", *args)

    return run
