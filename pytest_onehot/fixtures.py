"""Fixtures for users' own tests. Importing this module imports pytest only."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import pytest

from pytest_onehot.settings import STATE_KEY

if TYPE_CHECKING:
    from pytest_onehot.keras_compat import KerasEnv
    from pytest_onehot.spec import Factory


@pytest.fixture
def onehot_factory(request: pytest.FixtureRequest) -> Factory:
    """The layer factory under test, from --onehot-layer (or ini onehot_layer).

    Override this fixture in your rootdir conftest.py to test a layer the options cannot
    express; return any callable called like Embedding(input_dim=..., input_length=...).
    """
    state = request.config.stash.get(STATE_KEY, None)
    if state is None:
        pytest.fail(
            "onehot_factory: no layer to test: pass --onehot-layer=module:Factory (or set the ini key "
            "onehot_layer), or define an onehot_factory fixture in your conftest.py",
            pytrace=False,
        )
    return state.factory


@pytest.fixture
def onehot_layer(onehot_factory: Factory | Callable[..., Any]) -> Any:
    """A fresh layer from the factory, for depth 100 and input_length 5."""
    from pytest_onehot.spec import PROBE_DEPTH, PROBE_LENGTH, as_factory

    return as_factory(onehot_factory).make(PROBE_DEPTH, PROBE_LENGTH)


@pytest.fixture
def keras_env(request: pytest.FixtureRequest) -> KerasEnv:
    """The KerasEnv (Keras package, version, backend) of the layer under test; without one (no
    --onehot-layer, no onehot_factory fixture of yours), the Keras this environment means."""
    from pytest_onehot.keras_compat import KerasEnv
    from pytest_onehot.spec import as_factory
    from pytest_onehot.suite import env_for

    try:
        factory = request.getfixturevalue("onehot_factory")
    except pytest.fail.Exception:  # no layer anywhere: the plugin's own fixture says so
        return KerasEnv.default()
    return env_for(as_factory(factory))
