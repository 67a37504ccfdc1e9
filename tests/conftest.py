"""Shared set-up for the self-tests.

Keras is imported here, in the outer process, before any pytester run: a second
in-process pytest run would otherwise re-import NumPy and fail.
"""
import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def env():
    from pytest_onehot.keras_compat import KerasEnv

    return KerasEnv.default()
