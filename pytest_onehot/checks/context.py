"""What a check gets: fresh layers, one eager call, the comparisons, and clear failures."""
import contextlib

import numpy as np
import pytest

from pytest_onehot.assertions import CheckFailure, assert_one_hot
from pytest_onehot.diagnose import explain_exception
from pytest_onehot.spec import FactoryError, one_line

# A pytest outcome (skip, fail, xfail) passes through a step untouched.
_OUTCOMES = (pytest.skip.Exception, pytest.fail.Exception, pytest.xfail.Exception)


class CheckContext:
    """Everything one check needs; built fresh for every check."""

    def __init__(self, factory, env, tmp_path, options, record=None):
        self.factory = factory
        self.env = env
        self.tmp_path = tmp_path
        self.options = options
        self._record = record or (lambda key, value: None)

    def observe(self, key, value):
        """Note a fact about the layer for the summary and the report (it cannot fail)."""
        self._record(key, value)

    def layer(self, depth, length=None):
        """A fresh layer from the factory; the factory raising fails the check."""
        try:
            return self.factory.make(depth, length)
        except FactoryError as exc:
            hint = "; it needs input_length, so it cannot be built for an unknown length" if (
                length is None and "input_length" in str(exc)) else ""
            raise CheckFailure(f"the factory raised: {exc}{hint}") from None

    @contextlib.contextmanager
    def step(self, what):
        """Run one step of the check; an exception from the layer becomes a one-line failure."""
        try:
            yield
        except (CheckFailure, *_OUTCOMES):
            raise
        except Exception as exc:  # anything the layer or Keras raised
            cause = explain_exception(exc)
            raise CheckFailure(f"{what} raised {one_line(exc)}" + (f": {cause}" if cause else "")) from exc

    def call(self, layer, x, dtype="int32"):
        """Call `layer` eagerly on `x` as a `dtype` tensor; returns the output tensor."""
        with self.step(f"calling the layer on {dtype} indices"):
            return layer(self.env.tensor(np.asarray(x), dtype=dtype))

    def encode(self, depth, x, dtype="int32"):
        """A fresh layer (with input_length from `x`) called eagerly on `x`; returns NumPy."""
        layer = self.layer(depth, np.shape(x)[1])
        return self.env.numpy(self.call(layer, x, dtype))

    def expect_one_hot(self, output, x, depth, what):
        assert_one_hot(output, x, depth, what)

    def require(self, condition, reason):
        """Skip the check, with `reason`, where it cannot apply to this environment."""
        __tracebackhide__ = True  # the skip is reported at the check's line, not here
        if not condition:
            pytest.skip(reason)
