"""Values: the output is exactly the one-hot encoding of the indices."""
import contextlib

import numpy as np

from pytest_onehot.assertions import CheckFailure
from pytest_onehot.checks.data import INDEX_MAX, SEED_DEPTH, SEED_X, random_indices
from pytest_onehot.checks.registry import check, register


@check("values-seed")
def values_seed(ctx):
    """The seed post's example (depth 100, X of shape (2, 5)) encodes exactly to (2, 5, 100)."""
    out = ctx.encode(SEED_DEPTH, SEED_X)
    ctx.expect_one_hot(out, SEED_X, SEED_DEPTH, "seed example")


@check("values-random")
def values_random(ctx):
    """Random indices over the full range of depth 1000 encode exactly."""
    x = random_indices(1000, (8, 12))
    ctx.expect_one_hot(ctx.encode(1000, x), x, 1000, "random indices, depth 1000")


@check("values-every-class")
def values_every_class(ctx):
    """Every class 0..depth-1 of depth 500 comes back in its own position."""
    x = np.arange(500).reshape(50, 10)
    ctx.expect_one_hot(ctx.encode(500, x), x, 500, "every class of depth 500")


def narrow_cast(ctx, depth, index, dtype):
    """Index {index} of depth {depth}, given as {dtype}, is not narrowed by a cast."""
    x = np.array([[index, 7, depth - 1, index + 1]])
    ctx.expect_one_hot(ctx.encode(depth, x, dtype), x, depth, f"{dtype} indices up to {depth - 1}", dtype)


# An index past uint8 (255) and one past int16 (32767), given as int and as float.
for _name, _depth, _index in (("uint8", 400, 300), ("int16", 40000, 33000)):
    for _kind, _dtype in (("int", "int32"), ("float", "float32")):
        register(f"narrow-{_name}-{_kind}", narrow_cast, depth=_depth, index=_index, dtype=_dtype)


@check("values-property")
def values_property(ctx):
    """Random shapes, depths (1..3000) and index dtypes, each with indices it holds, encode exactly (hypothesis)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    @st.composite
    def cases(draw):
        depth = draw(st.integers(1, 3000))
        dtype = draw(st.sampled_from(sorted(INDEX_MAX)))
        top = min(depth - 1, INDEX_MAX[dtype])  # narrow dtypes meet depths past their range
        shape = (draw(st.integers(1, BUCKET_ROWS)), draw(st.integers(1, BUCKET_LENGTH)))
        values = draw(st.lists(st.integers(0, top), min_size=shape[0] * shape[1], max_size=shape[0] * shape[1]))
        return depth, dtype, bucketed(np.array(values).reshape(shape))  # fed in one of four shapes

    # database=None and a private storage folder: nothing is written to the user's folder.
    # derandomize: the same cases every run. No shrinking: each try builds and calls a layer
    # (slow on JAX, which compiles every new shape), and the diagnosis explains any failing case.
    @settings(max_examples=25, derandomize=True, database=None, deadline=None, report_multiple_bugs=False,
              phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
    @given(cases())
    def encodes_exactly(case):
        depth, dtype, x = case
        try:
            ctx.expect_one_hot(ctx.encode(depth, x, dtype), x, depth, f"{dtype} indices {x.shape}, depth {depth}",
                               dtype)
        except CheckFailure as failure:
            raise CheckFailure(f"{failure}; the case: depth {depth}, {dtype} indices {x.tolist()}; "
                               f"rerun it: {reproduction(ctx.factory, depth, dtype, x)}", failure.cause,
                               failure.signature) from failure

    with hypothesis_storage(ctx.tmp_path):
        encodes_exactly()


# The shapes the property feeds: JAX compiles every op of an eager call anew for each input shape
# (and depth), so the drawn (rows, length) is padded up to one of these, keeping an axis of size 1
# as 1 (where a squeeze shows): the same indices, depths and dtypes, a few shapes instead of 24.
BUCKET_ROWS, BUCKET_LENGTH = 4, 6


def bucketed(x):
    """`x` padded to (1 or BUCKET_ROWS, 1 or BUCKET_LENGTH) by repeating its own indices (np.pad's wrap):
    every drawn index is fed, and no other value."""
    rows, length = x.shape
    target = (1 if rows == 1 else BUCKET_ROWS, 1 if length == 1 else BUCKET_LENGTH)
    return np.pad(x, [(0, target[0] - rows), (0, target[1] - length)], mode="wrap")


def reproduction(factory, depth, dtype, x):
    """One shell line that builds the layer as the suite did and asserts the failing case."""
    module, attr = factory.spec.split(":") if ":" in factory.spec else (None, None)
    if module is None:
        return "(the factory has no importable spec)"
    args = ", ".join(f"{k}={v!r}" for k, v in {**factory.kwargs, factory.depth_arg: depth}.items())
    if factory.passes_length:
        args += f", input_length={x.shape[1]}"
    code = (f"import numpy as np; from pytest_onehot import assert_one_hot; from {module} import {attr.split('.')[0]}; "
            f"x = np.array({x.tolist()}, '{dtype}'); "
            f"assert_one_hot(np.asarray({attr}({args})(x)), x, {depth})")
    return f'python -c "{code}"'


@contextlib.contextmanager
def hypothesis_storage(folder):
    """Hypothesis fixes its storage folder from the working directory when it is imported and
    writes there (.hypothesis/constants) even with database=None: point it at `folder` for
    this check only, so that the user's own hypothesis database stays where it was."""
    from hypothesis import configuration

    previous = getattr(configuration, "__hypothesis_home_directory", None)
    configuration.set_hypothesis_home_dir(str(folder / "hypothesis"))
    try:
        yield
    finally:
        configuration.set_hypothesis_home_dir(previous)
