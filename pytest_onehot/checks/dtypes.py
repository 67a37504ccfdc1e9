"""Input and output dtypes, including mixed precision."""
import numpy as np

from pytest_onehot.assertions import CheckFailure
from pytest_onehot.checks.data import random_indices
from pytest_onehot.checks.registry import check, register

# Depth each index dtype can hold every index of.
INPUT_DTYPES = {"int32": 1000, "int64": 1000, "float32": 1000, "float64": 1000, "uint8": 200, "int16": 1000}
MIXED = "mixed_float16"


def input_dtype(ctx, dtype):
    """Indices given as {dtype} encode exactly, as any other index dtype does."""
    depth = INPUT_DTYPES[dtype]
    x = random_indices(depth)
    ctx.expect_one_hot(ctx.encode(depth, x, dtype), x, depth, f"{dtype} indices")


for _dtype in INPUT_DTYPES:
    register(f"input-dtype-{_dtype}", input_dtype, dtype=_dtype)


def expect_dtype(ctx, output, expected):
    got = ctx.env.dtype_name(output)
    if got != expected:
        raise CheckFailure(
            f"output dtype is {got}, expected {expected} (the layer's compute dtype): "
            "build the output with dtype=self.compute_dtype"
        )


@check("output-dtype")
def output_dtype(ctx):
    """The output is floating and of the layer's compute dtype."""
    layer = ctx.layer(10, 3)
    out = ctx.call(layer, [[1, 2, 3]])
    expect_dtype(ctx, out, layer.compute_dtype)
    if not np.issubdtype(np.dtype(ctx.env.dtype_name(out)), np.floating):
        raise CheckFailure(f"output dtype is {ctx.env.dtype_name(out)}, not floating")


@check("mixed-precision-dtype")
def mixed_precision_dtype(ctx):
    """Under a mixed_float16 policy, int32 indices give exact float16 one-hot vectors."""
    x = random_indices(100)
    with ctx.env.dtype_policy(MIXED):
        layer = ctx.layer(100, x.shape[1])
        out = ctx.call(layer, x)
    expect_dtype(ctx, out, "float16")
    ctx.expect_one_hot(ctx.env.numpy(out), x, 100, "int32 indices under mixed_float16")


@check("mixed-precision-float-indices")
def mixed_precision_float_indices(ctx):
    """Under a mixed_float16 policy, float32 indices above 2048 are not rounded through float16."""
    x = np.array([[2049, 2051, 4097, 3]])
    with ctx.env.dtype_policy(MIXED):
        out = ctx.encode(5000, x, "float32")
    ctx.expect_one_hot(out, x, 5000, "float32 indices under mixed_float16")
