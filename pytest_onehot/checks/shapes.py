"""Shapes: declared, symbolic, eager and degenerate, held to one answer."""
import numpy as np

from pytest_onehot.assertions import CheckFailure
from pytest_onehot.checks.data import random_indices
from pytest_onehot.checks.context import InputChanged
from pytest_onehot.checks.registry import check
from pytest_onehot.diagnose import Cause, shape_finding
from pytest_onehot.spec import FactoryError

DEPTH = 100
# (batch, length) input shapes asked about: a length no constructor was given, an unknown
# length, a fully known shape, and length 1 (where Keras's own encoders squeeze: Keras 3.3's
# CategoryEncoding gave a symbolic (None, depth) for (None, 1), keras-team/keras#19724), alone and
# in a batch of one.
SHAPE_CASES = ((None, 7), (None, None), (2, 3), (None, 1), (1, 1))


def dims(tensor):
    """A tensor's shape as a tuple of ints and Nones, whatever the backend's shape type."""
    return tuple(None if d is None else int(d) for d in tensor.shape)


def _expect_shape(shape, expected, what):
    finding = shape_finding(tuple(shape), expected)
    if finding:
        raise CheckFailure.of(finding, what)


def _layer_for(ctx, length):
    """A layer built without input_length. A factory that cannot build one (shape-symbolic
    reports that) is given the length asked about; for an unknown length, None."""
    try:
        return ctx.factory.make(DEPTH)
    except FactoryError:
        return None if length is None else ctx.layer(DEPTH, length)


def _declared(ctx, layer, shape):
    """compute_output_shape(shape) as a tuple, or None where the layer does not define it."""
    try:
        declared = layer.compute_output_shape(shape)
    except NotImplementedError:
        return None
    with ctx.step(f"reading compute_output_shape({shape})"):
        return tuple(declared.as_list() if hasattr(declared, "as_list") else declared)


def _answers(ctx, shape):
    """{how: (output shape, dtype)} for one input shape: declared (dtype None), symbolic and (when
    the shape is known) eager."""
    batch, length = shape
    found = {}
    if _layer_for(ctx, length) is None:
        return found
    declared = _declared(ctx, _layer_for(ctx, length), shape)
    if declared is not None:
        found[f"compute_output_shape({shape})"] = (declared, None)
    with ctx.step(f"calling the layer on a symbolic Input of shape {shape}"):
        symbolic = _layer_for(ctx, length)(ctx.env.input(length, batch_size=batch))
    found[f"symbolic output for {shape}"] = (dims(symbolic), ctx.env.dtype_name(symbolic))
    if None not in shape:
        out = ctx.call(_layer_for(ctx, length), np.zeros(shape, dtype="int32"))
        found[f"eager output for {shape}"] = (dims(out), ctx.env.dtype_name(out))
    return found


def _expect_same_dtype(answers, shape):
    """The symbolic output's dtype is the eager output's: a model built on the layer is told the
    dtype its symbolic output declares (a compute_output_spec copying the input's, say)."""
    dtypes = {how: dtype for how, (_, dtype) in answers.items() if dtype is not None}
    symbolic, eager = dtypes.get(f"symbolic output for {shape}"), dtypes.get(f"eager output for {shape}")
    if eager is not None and symbolic != eager:
        cause = Cause("symbolic-dtype", f"the symbolic output declares {symbolic}, the eager output is {eager}")
        raise CheckFailure.because(cause, what=f"input shape {shape}")


@check("shape-compute-output-shape")
def compute_output_shape(ctx):
    """compute_output_shape, the symbolic and the eager output agree on (batch, length, depth) and dtype for
    lengths 7, None and 1."""
    for shape in SHAPE_CASES:
        expected = shape + (DEPTH,)
        answers = _answers(ctx, shape)
        for how, (got, _) in answers.items():
            if got == expected:
                continue
            if how.startswith("compute_output_shape") and got[:1] + got[2:] == expected[:1] + expected[2:]:
                cause = Cause("static-length", f"compute_output_shape ignores the input's length: it gives "
                                               f"length {got[1]} for length {shape[1]}")
                raise CheckFailure.because(cause, f"output shape {got}, expected {expected}", how)
            _expect_shape(got, expected, how)
        _expect_same_dtype(answers, shape)


@check("shape-symbolic")
def symbolic_shape(ctx):
    """Built without input_length, a symbolic (None, None) int32 input gives (None, None, depth)."""
    layer = ctx.layer(DEPTH)
    with ctx.step("calling the layer on a symbolic Input(shape=(None,))"):
        out = layer(ctx.env.input(None))
    _expect_shape(dims(out), (None, None, DEPTH), "symbolic output")
    ctx.observe("rank-3 indices", rank3(ctx))


def rank3(ctx):
    """What a (2, 3, 4) index input gives: not part of the contract, so observed only."""
    try:
        out = ctx.call(ctx.layer(10), np.zeros((2, 3, 4), dtype="int32"))
    except InputChanged:
        raise
    except CheckFailure as exc:
        return f"(2, 3, 4) at depth 10 raises: {str(exc)[:160]}"
    shape = dims(out)
    meaning = ("one-hot along a new last axis, as for rank 2" if shape == (2, 3, 4, 10)
               else "not one class axis per index")
    return f"(2, 3, 4) at depth 10 gives shape {shape}: {meaning}"


@check("shape-batch-one")
def batch_of_one(ctx):
    """A batch of one sequence of length one keeps every axis: (1, 1, depth)."""
    x = random_indices(DEPTH, (1, 1))  # DEPTH: compute_output_shape's check has called (1, 1) at it
    ctx.expect_one_hot(ctx.encode(DEPTH, x), x, DEPTH, "batch of one")
