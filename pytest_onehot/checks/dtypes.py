"""Input and output dtypes, including mixed precision and floatx through every path a model runs."""
import contextlib
import re

import numpy as np

from pytest_onehot import versions
from pytest_onehot.assertions import CheckFailure
from pytest_onehot.checks.data import INDEX_MAX, LENGTH, SMALL_DEPTH, held_indices, random_indices
from pytest_onehot.checks.registry import check, register
from pytest_onehot.diagnose import Cause
from pytest_onehot.spec import cut

# The depth each index dtype is fed at: past the range of the narrow ones (uint8, int8,
# int16), with indices the dtype holds, so that classes built or compared in that dtype alias.
INPUT_DEPTHS = {"int32": 1000, "int64": 1000, "float32": 1000, "float64": 1000,
                "uint8": 400, "int8": 300, "int16": 40000}


def input_dtype(ctx, dtype, depth, top):
    """Indices given as {dtype} (0..{top}) encode exactly at depth {depth}."""
    x = held_indices(top)
    ctx.expect_one_hot(ctx.encode(depth, x, dtype), x, depth, f"{dtype} indices 0..{top}, depth {depth}", dtype)


for _dtype, _depth in INPUT_DEPTHS.items():
    register(f"input-dtype-{_dtype}", input_dtype, dtype=_dtype, depth=_depth,
             top=min(_depth - 1, INDEX_MAX[_dtype]))


def expect_dtype(expected, got, what="output"):
    if got != expected:
        cause = Cause("output-dtype", f"{what} dtype is {got}, expected {expected}, the layer's compute dtype: "
                                      "build the output with dtype=self.compute_dtype")
        raise CheckFailure.because(cause)


@check("output-dtype")
def output_dtype(ctx):
    """The output is floating and of the layer's compute dtype."""
    layer = ctx.layer(SMALL_DEPTH, LENGTH)
    got = ctx.env.dtype_name(ctx.call(layer, random_indices(SMALL_DEPTH)))
    expect_dtype(layer.compute_dtype, got)
    if not np.issubdtype(np.dtype(got), np.floating):
        raise CheckFailure(f"output dtype is {got}, not floating", Cause("output-dtype", "the output is not floating"))


# Policies whose compute dtype holds integers exactly only up to 2048 (float16) and 256 (bfloat16).
MIXED = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}
MIXED_DEPTH = 2100
MIXED_X = np.array([[257, 511, 999, 2049, 2051, 3]])  # each rounds in one or both


def encodings(ctx, depth, x, dtype):
    """(what, path, NumPy output, output dtype) for each way a model runs the layer: an eager
    call, a compiled predict and, on TensorFlow, a tf.data map, as input pipelines do."""
    env, length = ctx.env, x.shape[1]
    eager = ctx.call(ctx.layer(depth, length), x, dtype)
    yield "eager call", "eager", ctx.output_of(eager), env.dtype_name(eager)
    inp, layer = env.input(length, dtype), ctx.layer(depth, length)
    with ctx.step(f"building a model on {dtype} input"):
        model = env.model(inp, layer(inp))
    with ctx.step("compiled predict"):
        # The compiled step, without model.predict's input pipeline (a tf.data iterator, three times
        # the step's cost): the pipeline hands int32 and float32 arrays to the step unchanged.
        yield "compiled predict", "compiled", env.predict_batch(model, x.astype(dtype)), None
    del model
    ctx.release(layer)
    if env.can_tf_data():
        layer = ctx.layer(depth, length)
        with ctx.step("a tf.data map over the layer"):
            yield "tf.data map", "compiled", env.tf_data_map(layer, x, dtype), None
        ctx.release(layer)


def mixed_precision(ctx, dtype):
    """Under mixed_float16 and mixed_bfloat16, {dtype} indices past 256 and 2048 encode exactly, in the compute dtype.

    bfloat16 holds integers exactly only up to 256, float16 up to 2048. Run three ways: an eager
    call, a compiled predict and (on TensorFlow) a tf.data map.
    """
    eager_dtypes = {}
    for policy in MIXED:
        with ctx.env.dtype_policy(policy):
            for what, path, out, out_dtype in encodings(ctx, MIXED_DEPTH, MIXED_X, dtype):
                ctx.expect_one_hot(out, MIXED_X, MIXED_DEPTH, f"{dtype} indices under {policy}, {what}", dtype, path)
                eager_dtypes.setdefault(policy, out_dtype)
    # Values first: a rounded index says more than an output dtype.
    for policy, compute in MIXED.items():
        expect_dtype(compute, eager_dtypes[policy], f"output under {policy}")


register("mixed-precision-dtype", mixed_precision, dtype="int32")
register("mixed-precision-float-indices", mixed_precision, dtype="float32")


# floatx values users run under (keras.config.set_floatx, or "floatx" in keras.json): float16 and
# bfloat16 round integers past 2048 and 256, as the mixed policies' compute dtypes do.
FLOATX = ("float16", "bfloat16", "float64")


@check("floatx")
def floatx(ctx):
    """Under floatx float16, bfloat16 and float64, int32 indices past 256 and 2048 encode exactly, in floatx."""
    out_dtypes, refused = {}, []
    for name in FLOATX:
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(ctx.env.floatx(name))
            except ValueError as exc:  # Keras 2 refuses bfloat16 as floatx
                refused.append(f"{name} refused ({cut(_sorted_sets(str(exc)), 160)})")
                continue
            out_dtypes[name] = under_floatx(ctx, name)
    if refused:
        ctx.observe("floatx", "; ".join(refused))
    for name, got in out_dtypes.items():
        # What the backend holds floatx in: JAX runs 32-bit unless x64 is on, so float64 is float32 there.
        expect_dtype(ctx.env.dtype_name(ctx.env.tensor(np.zeros(1), dtype=name)), got, f"output under floatx {name}")


def under_floatx(ctx, name):
    """The encodings under floatx `name`, as `encodings` runs them, then of a NumPy array called
    eagerly. Returns the eager output's dtype."""
    x = MIXED_X.astype("int32")
    eager_dtype = None
    for what, path, got, got_dtype in encodings(ctx, MIXED_DEPTH, x, "int32"):
        ctx.expect_one_hot(got, x, MIXED_DEPTH, f"int32 indices under floatx {name}, {what}", "int32", path)
        eager_dtype = eager_dtype or got_dtype
    numpy_input(ctx, name, x)
    return eager_dtype


def numpy_input(ctx, name, x):
    """A NumPy array called eagerly: observed, not judged. Keras itself converts one before `call`
    under some floatx (3.0 under float16; 3.15 on JAX under bfloat16, keras-team/keras#23679), where
    the same indices as a tensor encoded exactly: no layer can undo that."""
    if name == "float16" and _float16_cast_crashes(ctx.env):
        ctx.observe(f"floatx {name}, NumPy input", f"not called: jax {versions.loaded('jax')} crashes the process "
                                                   "converting float16 to int32 (JAX 0.4.25+ does not)")
        return
    with ctx.step(f"calling the layer on a NumPy int32 array under floatx {name}"):
        out = ctx.output_of(ctx.layer(MIXED_DEPTH, x.shape[1])(x))
    try:
        ctx.expect_one_hot(out, x, MIXED_DEPTH, "a NumPy int32 array", "int32", "eager")
    except CheckFailure as failure:
        ctx.observe(f"floatx {name}, NumPy input", f"keras {ctx.env.version} itself converts it before the layer "
                                                   f"(an int32 tensor encodes exactly): {failure}")


def _float16_cast_crashes(env):
    """jaxlib 0.4.23 dies (segmentation fault) converting float16 to int32, which Keras 3.0-3.3
    do to a NumPy array called under floatx float16 before the layer casts it (seen with NumPy 1.26;
    0.4.25 converts it). A crash would end the whole run, with no report."""
    return env.backend == "jax" and versions.parse(versions.loaded("jax") or "0") < (0, 4, 25)


def _sorted_sets(text):
    """Keras 2 names the floatx values it takes as a Python set, in an order that changes from run
    to run (string hashing): sorted, the observation, and so `diff` between two runs, stays the same."""
    return re.sub(r"\{([^{}]*)\}", lambda m: "{" + ", ".join(sorted(m.group(1).split(", "))) + "}", text)
