"""Deployment parity: a model holding the layer, exported to ONNX, to LiteRT (a TFLite flatbuffer)
and to a serving SavedModel, encodes as it does in Keras.

One check per format of `pytest_onehot.exporters.EXPORTERS`, `export-{fmt}`, registered from that
list. The exporters are optional (the `export` extras): where one is missing the check is skipped
with what to install. They are imported only when a check runs (the exporter modules import them).
"""
import numpy as np

from pytest_onehot import diagnose
from pytest_onehot.assertions import CheckFailure, assert_same
from pytest_onehot.checks.data import random_indices
from pytest_onehot.checks.out_of_range import ERROR, classify
from pytest_onehot.checks.registry import register
from pytest_onehot.exporters import EXPORTERS, missing

DEPTH = 300  # past uint8, as out-of-range uses
LENGTH = 8
OUT_OF_RANGE = (-1, DEPTH)
SLOT = 1  # the position an out-of-range index replaces (position 0 holds the largest index)
# The Input dtype fixes the exported one; JAX (and torch's LiteRT export) narrow int64 to int32.
INPUT_DTYPES = ("int32", "int64")


def called_model(ctx, dtype):
    """A functional model around a fresh layer on `dtype` indices, called once (Keras 3 will not
    export a model that never ran), with in-range indices and Keras's output for them."""
    x = random_indices(DEPTH, shape=(1, LENGTH))  # one sequence: torch's LiteRT export fixes the batch at 1
    inp = ctx.env.input(LENGTH, dtype)
    with ctx.step(f"building a functional model on {dtype} indices"):
        model = ctx.env.model(inp, ctx.layer(DEPTH, LENGTH)(inp))
    with ctx.step("calling the model"):
        return model, x, ctx.env.numpy(model(ctx.env.tensor(x, dtype)))


def out_of_range_rows(run, x, expected, what):
    """{index: 'zeros' | 'error' | 'class K' | 'NaN'} from `run` for each out-of-range index put
    in `x`; the other positions must still encode as Keras does."""
    seen = {}
    for index in OUT_OF_RANGE:
        probe = x.copy()
        probe[0, SLOT] = index
        try:
            out = run(probe)
        except Exception:  # the runtime refusing the index is allowed by the default policy
            seen[index] = ERROR
            continue
        assert_same(np.delete(out, SLOT, axis=1), np.delete(expected, SLOT, axis=1),
                    f"{what} beside index {index}")
        seen[index] = classify(out[0, SLOT])
    return seen


def hold_to_policy(ctx, fmt, seen, keras_run, x, expected, what, keras_right):
    """Fail when an out-of-range row of the export breaks the --onehot-out-of-range policy; what
    Keras gives for the same index (`keras_run`) tells the exporter's doing from the layer's, and
    `keras_right` (Keras's in-range rows, which the export gave, are right) rules out a shift."""
    policy = ctx.options.out_of_range
    allowed = ("zeros", "error") if policy == "any" else (policy,)
    wrong = {index: got for index, got in seen.items() if got.text not in allowed}
    if not wrong:
        return
    in_keras = out_of_range_rows(keras_run, x, expected, "Keras")
    index, got = next(iter(wrong.items()))
    said = (f"{what}: depth {DEPTH}: index {index} gave {got} (Keras: {in_keras[index]}), "
            f"expected {' or '.join(allowed)}")
    cause = None
    if got.hot:
        like_keras = {i: list(row.hot) for i, row in wrong.items() if row.hot and row == in_keras[i]}
        cause = diagnose.export_out_of_range_cause(fmt, index, list(got.hot), DEPTH, like_keras, keras_right)
    raise CheckFailure.because(cause, said)


def run_exported(ctx, fmt, exported, keras_run, x, expected, what, observed):
    """In-range indices give Keras's output exactly; out-of-range ones follow the policy."""
    with ctx.step(f"running the {what}"):
        out = exported.run(x)
    keras_right = diagnose.one_hot_finding(expected, x, DEPTH) is None
    if keras_right:
        ctx.expect_one_hot(out, x, DEPTH, what)  # names a cause, such as a narrowing cast
    assert_same(out, expected, what)
    seen = out_of_range_rows(exported.run, x, expected, what)
    observed.update({f"{index}, {what}": str(got) for index, got in seen.items()})
    hold_to_policy(ctx, fmt, seen, keras_run, x, expected, what, keras_right)


def assert_serving_signature(exported, dtype, what):
    """The serving signature takes the model's integer indices."""
    if exported.input_dtype != dtype:
        raise CheckFailure(f"{what}: the serving_default signature takes {exported.input_dtype}, "
                           f"the model {dtype}: export from a model whose Input has the integer dtype")


def export_check(ctx, exporter):
    """{exporter.purpose}

    Export a model on int32 and on int64 indices in the format, run it, compare with Keras."""
    how, needs = ctx.env.export_plan(exporter.fmt)
    ctx.require(how is not None, needs)
    absent = missing(needs, ctx.env.backend)
    ctx.require(absent is None, f"{exporter.name} export: {absent}")
    observed = {}
    try:
        for dtype in INPUT_DTYPES:
            export_and_run(ctx, exporter, dtype, observed)
    finally:
        if observed:
            ctx.observe(f"{exporter.fmt} export", observed)


def export_and_run(ctx, exporter, dtype, observed):
    """One export from a `dtype` Input, loaded and run on in-range and out-of-range indices."""
    name = exporter.name
    model, x, expected = called_model(ctx, dtype)
    path = ctx.tmp_path / f"{dtype}-{exporter.file_name}"
    with ctx.step(f"exporting to {name} from an {dtype} Input"):
        ctx.env.export(model, path, exporter.fmt, dtype, LENGTH)
    with ctx.step(f"loading the {name} model"):
        exported = exporter.load(str(path))
    what = f"{name} export of an {dtype} Input" + (
        f" (takes {exported.input_dtype})" if exported.input_dtype != dtype else "")
    if exporter.keeps_input_dtype:
        assert_serving_signature(exported, dtype, what)

    def keras_run(probe):
        return ctx.env.numpy(model(ctx.env.tensor(probe, dtype)))

    run_exported(ctx, exporter.fmt, exported, keras_run, x, expected, what, observed)


for _exporter in EXPORTERS.values():
    register(f"export-{_exporter.fmt}", export_check, exporter=_exporter)
