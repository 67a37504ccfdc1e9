"""pytest-onehot: check that a Keras one-hot layer is correct on the Keras you run.

Public names are exported lazily (PEP 562) so that importing this package, which
pytest does for every run once the plugin is installed, costs nothing: no Keras,
TensorFlow or NumPy is imported until a name below is used.
"""
from importlib import import_module

from pytest_onehot._version import __version__

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


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pytest_onehot' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(__all__)
