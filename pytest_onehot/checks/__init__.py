"""The check catalogue, in the order it runs. Importing it registers every check (and imports nothing heavy but
NumPy: Keras comes in through `keras_compat` when a check runs)."""
from pytest_onehot.checks import (  # noqa: F401  (imported to register their checks)
    memory,
    values,
    dtypes,
    shapes,
    models,
    embedding,
    serialization,
    runtime,
    out_of_range,
    export,
)
from pytest_onehot.checks.registry import CHECKS, Check


def all_checks() -> list[Check]:
    """Every registered check, in catalogue order."""
    return list(CHECKS.values())


__all__ = ["CHECKS", "Check", "all_checks"]
