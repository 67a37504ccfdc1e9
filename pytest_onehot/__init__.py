"""pytest-onehot: check that a Keras one-hot layer is correct on the Keras you run.

Public names are exported lazily (PEP 562) so that importing this package, which
pytest does for every run once the plugin is installed, costs nothing: no Keras,
TensorFlow or NumPy is imported until a name below is used. Type checkers read the same names
from the block under TYPE_CHECKING, which never runs (tests/test_plugin.py holds the two equal).
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from pytest_onehot._version import __version__

if TYPE_CHECKING:  # `X as X`: re-exported, for checkers that read no __all__ built at run time
    from pytest_onehot.assertions import (
        CheckFailure as CheckFailure,
        assert_embedding_equivalent as assert_embedding_equivalent,
        assert_one_hot as assert_one_hot,
    )
    from pytest_onehot.checks import all_checks as all_checks
    from pytest_onehot.fixtures import (
        keras_env as keras_env,
        onehot_factory as onehot_factory,
        onehot_layer as onehot_layer,
    )
    from pytest_onehot.keras_compat import KerasEnv as KerasEnv
    from pytest_onehot.spec import (
        Factory as Factory,
        load_factory as load_factory,
    )
    from pytest_onehot.suite import parametrize_with_checks as parametrize_with_checks

_EXPORTS = {
    "assert_one_hot": "pytest_onehot.assertions",
    "assert_embedding_equivalent": "pytest_onehot.assertions",
    "CheckFailure": "pytest_onehot.assertions",
    "Factory": "pytest_onehot.spec",
    "load_factory": "pytest_onehot.spec",
    "KerasEnv": "pytest_onehot.keras_compat",
    "parametrize_with_checks": "pytest_onehot.suite",
    "all_checks": "pytest_onehot.checks",
    "onehot_factory": "pytest_onehot.fixtures",
    "onehot_layer": "pytest_onehot.fixtures",
    "keras_env": "pytest_onehot.fixtures",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pytest_onehot' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
