"""Shapes: static, symbolic and degenerate."""
import numpy as np

from pytest_onehot.assertions import CheckFailure
from pytest_onehot.checks.data import random_indices
from pytest_onehot.checks.registry import check
from pytest_onehot.diagnose import shape_mismatch


def _expect_shape(shape, expected, what):
    problem = shape_mismatch(tuple(shape), expected)
    if problem:
        raise CheckFailure(f"{what}: {problem}")


@check("shape-compute-output-shape")
def compute_output_shape(ctx):
    """compute_output_shape((None, 5)) is (None, 5, depth) where the layer defines it."""
    layer = ctx.layer(100, 5)
    try:
        shape = layer.compute_output_shape((None, 5))
    except NotImplementedError:
        ctx.require(False, "the layer does not define compute_output_shape")
    with ctx.step("reading compute_output_shape"):
        shape = tuple(shape.as_list() if hasattr(shape, "as_list") else shape)
    _expect_shape(shape, (None, 5, 100), "compute_output_shape((None, 5))")


@check("shape-symbolic")
def symbolic_shape(ctx):
    """Built without input_length, a symbolic (None, None) int32 input gives (None, None, depth)."""
    layer = ctx.layer(100)
    with ctx.step("calling the layer on a symbolic Input(shape=(None,))"):
        out = layer(ctx.env.input(None))
    _expect_shape(ctx.env.shape(out), (None, None, 100), "symbolic output")
    ctx.observe("rank-3 input", rank3(ctx))


def rank3(ctx):
    """What a (2, 3, 4) index input gives: not part of the contract, so observed only."""
    try:
        out = ctx.call(ctx.layer(10), np.zeros((2, 3, 4), dtype="int32"))
    except CheckFailure as exc:
        return f"error ({str(exc).split(' raised ', 1)[-1][:120]})"
    return f"shape {ctx.env.shape(out)}"


@check("shape-batch-one")
def batch_of_one(ctx):
    """A batch of one sequence of length one keeps every axis: (1, 1, depth)."""
    x = random_indices(30, (1, 1))
    ctx.expect_one_hot(ctx.encode(30, x), x, 30, "batch of one")
