"""What a check gets: fresh layers, one eager call, the comparisons, and clear failures."""
import contextlib
import gc

import numpy as np
import pytest

from pytest_onehot import memory
from pytest_onehot.assertions import CheckFailure, assert_one_hot, assert_same
from pytest_onehot.checks.data import INDEX_MAX, random_indices
from pytest_onehot.diagnose import Cause, Finding, exception_cause, one_hot_finding, shape_finding, where
from pytest_onehot.spec import FactoryError, one_line

# Causes a Keras release can give a layer by itself, and the keras_facts (compat.json) that say where.
KERAS_FACTS_BEHIND = {"squeezed-axis": ("numpy-one-hot-squeezes",),
                      "shape-from-uninitialized": ("numpy-infers-from-uninitialized",),
                      "keras-lambda-output-shape": ("lambda-output-shape-as-list",)}

NARROW_DTYPES = ("uint8", "int8", "int16")
RELEASE_BYTES = 4 * 2 ** 20  # a layer holding more is collected after each traced model (release)
EXPLAIN_DEPTH = 50  # the layer alone, to explain a failure that has no cause of its own
# A pytest outcome (skip, fail, xfail) passes through a step untouched.
_OUTCOMES = (pytest.skip.Exception, pytest.fail.Exception, pytest.xfail.Exception)


class InputChanged(CheckFailure):
    """The layer rewrote the tensor it was given: never read as the layer's answer (an error or an
    output), always the check's verdict."""


def changed_positions(before, after):
    """'index -1 became 300' for the first positions where `after` differs, and how many did."""
    wrong = np.flatnonzero(before.ravel() != after.ravel())
    shown = "; ".join(f"index {before.ravel()[i]:g} became {after.ravel()[i]:g}" for i in wrong[:3])
    return f"{shown} ({len(wrong)} of {before.size} positions)"


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
        """A fresh layer from the factory; the factory raising fails the check. A depth the layer's
        memory cannot afford (it grows like depth^2) skips the check instead of killing the run."""
        if depth > memory.SAFE_DEPTH:
            profile = memory.profile(self.factory, self.env)
            if not profile.affordable(depth):
                pytest.skip(f"the layer's memory grows like depth^2 ({profile.quadratic.describe(depth)}), more "
                            f"than this machine can spare: depth {depth} skipped (see memory-growth)")
        try:
            return self.factory.make(depth, length)
        except FactoryError as exc:
            if length is None and "input_length" in str(exc):
                raise CheckFailure(f"the factory raised: {exc}",
                                   Cause("needs-input-length", "the factory needs input_length")) from None
            cause = exception_cause(exc)
            said = f"the factory raised: {exc}{where(exc)}"
            raise CheckFailure.because(cause, said) from None

    def release(self, layer):
        """Collect the models a check is done with when `layer` holds large arrays: every traced
        model keeps copies of a layer's constants (an 18 MB table cost 260 MB in one compiled
        predict) until the collector breaks the cycles between Keras objects. Only then: a full
        collection costs about 0.1 s."""
        if memory.held_bytes(layer) > RELEASE_BYTES:
            gc.collect()

    @contextlib.contextmanager
    def step(self, what):
        """Run one step of the check; an exception from the layer becomes a one-line failure
        that names the likely cause first, then Keras's words and the layer's own line."""
        try:
            yield
        except (CheckFailure, *_OUTCOMES):
            raise
        except Exception as exc:  # anything the layer or Keras raised
            cause = exception_cause(exc)
            raw = one_line(exc) + where(exc)
            if cause is None:  # "<step> raised <what>", the one message a step's own words read in
                raise CheckFailure(f"{what} raised {raw}", None, raw, what, raw) from exc
            raise CheckFailure.because(cause, raw, what, signature=raw) from exc

    def call(self, layer, x, dtype="int32"):
        """Call `layer` eagerly on `x` as a `dtype` tensor; returns the output tensor. The tensor must
        come back as it went in: on torch and NumPy a layer can rewrite it in place (clamp_,
        masked_fill_, an assignment into it), corrupting the caller's batch."""
        tensor = self.env.tensor(np.asarray(x), dtype=dtype)
        before = np.array(self.env.numpy(tensor))
        try:
            with self.step(f"calling the layer on {dtype} indices"):
                return layer(tensor)
        except CheckFailure as failure:
            raise self._narrow_dtype_raised(failure, layer, x, dtype) from failure.__cause__
        finally:
            self._expect_unchanged(tensor, before, dtype)

    def _narrow_dtype_raised(self, failure, layer, x, dtype):
        """A layer that raises on narrow indices (uint8, int8, int16) with no known cause but takes the
        same indices as int32 computes in their dtype: `ids >= depth` with depth 400 wraps in uint8."""
        if failure.cause is not None or dtype not in NARROW_DTYPES:
            return failure
        try:
            layer(self.env.tensor(np.asarray(x), dtype="int32"))
        except Exception:
            return failure
        cause = Cause("narrow-class-range", f"the same indices as int32 pass: the layer computes in their {dtype} "
                                            f"dtype, where depth or classes past {INDEX_MAX[dtype]} wrap?")
        return CheckFailure.because(cause, failure.evidence, failure.what, failure.signature)

    def _expect_unchanged(self, tensor, before, dtype):
        after = self.env.numpy(tensor)
        if not np.array_equal(after, before, equal_nan=before.dtype.kind == "f"):
            cause = Cause("mutates-input", f"the layer changed its {dtype} input in place: "
                                           f"{changed_positions(before, after)}")
            raise InputChanged.because(cause, what=f"calling the layer on {dtype} indices")

    def output(self, layer, x, dtype="int32"):
        """Call `layer` eagerly on `x`; returns NumPy."""
        return self.output_of(self.call(layer, x, dtype))

    def output_of(self, tensor):
        """An eager output as NumPy. An eager call that returns what cannot be read (a symbolic or
        traced tensor) returned a tensor kept from an earlier call."""
        try:
            return self.env.numpy(tensor)
        except Exception as exc:
            cause = Cause("state-across-calls", "an eager call returned a symbolic tensor kept from an earlier call")
            raise CheckFailure.because(cause, one_line(exc), "reading the layer's eager output") from exc

    def encode(self, depth, x, dtype="int32"):
        """A fresh layer (with input_length from `x`) called eagerly on `x`; returns NumPy."""
        return self.output(self.layer(depth, np.shape(x)[1]), x, dtype)

    def expect_one_hot(self, output, x, depth, what, index_dtype=None, path=None):
        assert_one_hot(output, x, depth, what, index_dtype, path)

    def expect_same(self, actual, expected, what, layer, x, depth, atol=0.0):
        """assert_same; where the arrays differ for no known reason, the layer's own encoding of
        `x` is the likely one: a model around a wrong layer is wrong for the layer's cause."""
        try:
            assert_same(actual, expected, what, atol)
        except CheckFailure as failure:
            raise self.explained(failure, layer, x, depth) from None

    def explained(self, failure, layer=None, x=None, depth=EXPLAIN_DEPTH):
        """`failure`, or where it has no cause and the layer alone shows one (a wrong encoding, or
        a compute_output_shape that disagrees with it), that cause first and the failure after it."""
        if failure.cause is not None:
            return failure
        try:
            own = self._own_finding(layer, x, depth)
            if own is not None and own.cause is None and layer is not None:
                own = self._kept_from_build(own, x, depth)
        except Exception:  # the layer cannot even do that: the failure says enough
            return failure
        if own is None or own.cause is None:
            return failure
        return CheckFailure.because(own.cause, f"{failure}; the layer alone: {own.evidence}")

    def _kept_from_build(self, own, x, depth):
        """The model's layer wrong (`own`, no cause) where a fresh one is right: what its build inside
        the model kept is wrong (a tensor made in build(); on torch a meta tensor of shape inference)."""
        if self._own_finding(None, x, depth) is not None:
            return own
        return Finding(own.evidence, Cause("state-across-calls", "the layer built inside the model encodes wrongly "
                                           "where a fresh one is right: what build() kept (a tensor made there) is "
                                           "not valid after it"))

    def _own_finding(self, layer, x, depth):
        x = random_indices(depth) if x is None else x
        layer = self.factory.make(depth, np.shape(x)[1]) if layer is None else layer
        output = self.env.numpy(layer(self.env.tensor(np.asarray(x), dtype="int32")))
        found = one_hot_finding(output, x, depth)
        if found is None:
            try:
                declared = layer.compute_output_shape((None,) + np.shape(x)[1:])
            except NotImplementedError:
                return None
            declared = tuple(declared.as_list() if hasattr(declared, "as_list") else declared)
            found = shape_finding(declared, (None,) + np.shape(x)[1:] + (depth,))
        return found

    def require(self, condition, reason):
        """Skip the check, with `reason`, where it cannot apply to this environment."""
        __tracebackhide__ = True  # the skip is reported at the check's line, not here
        if not condition:
            pytest.skip(reason)


def note_keras_facts(ctx, failure):
    """Observe what this Keras itself is known to do that gives the failure's cause (compat.json's
    keras_facts): a layer calling ops.one_hot loses the axis where Keras's own one_hot drops it."""
    from pytest_onehot import facts

    for name in KERAS_FACTS_BEHIND.get(failure.cause.id if failure.cause else "", ()):
        if facts.holds(name, ctx.env.backend, ctx.env.version):
            ctx.observe(f"keras {ctx.env.version} itself", f"{facts.seen(name)} ({name})")
