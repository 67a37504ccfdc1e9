"""Serialization: config round trip, saved models in every format, clone_model."""
from pytest_onehot.assertions import assert_same
from pytest_onehot.checks.data import LENGTH, random_indices
from pytest_onehot.checks.registry import check, register
from pytest_onehot.keras_compat import SAVE_SUFFIX

DEPTH = 30


def _model_and_output(ctx):
    """A functional model around a fresh layer, and its predictions on fixed indices."""
    x = random_indices(DEPTH)
    inp = ctx.env.input(LENGTH)
    with ctx.step("building a functional model"):
        model = ctx.env.model(inp, ctx.layer(DEPTH, LENGTH)(inp))
    with ctx.step("predict"):
        return model, x, ctx.env.predict(model, x)


@check("config-roundtrip")
def config_roundtrip(ctx):
    """from_config(get_config()) builds a layer that gives the same outputs."""
    x = random_indices(DEPTH)
    layer = ctx.layer(DEPTH, LENGTH)
    expected = ctx.env.numpy(ctx.call(layer, x))
    with ctx.step("type(layer).from_config(layer.get_config())"):
        copy = type(layer).from_config(layer.get_config())
    assert_same(ctx.env.numpy(ctx.call(copy, x)), expected, "layer rebuilt from its config")


def save_format(ctx, fmt):
    """A model holding the layer saved as {fmt} and loaded back (safe mode) predicts the same."""
    ctx.require(fmt in ctx.env.save_formats(), f"{ctx.env.label} cannot load a {fmt} model back")
    model, x, expected = _model_and_output(ctx)
    with ctx.step(f"saving and loading as {fmt}"):
        loaded = ctx.env.save_and_load(model, ctx.tmp_path, fmt)
    with ctx.step(f"predict with the {fmt} model loaded back"):
        assert_same(ctx.env.predict(loaded, x), expected, f"model loaded from {fmt}")
    if fmt == "savedmodel":  # what a server calls: the signature keeps int32 and gives the same
        serving_signature(ctx, ctx.tmp_path / SAVE_SUFFIX[fmt], x, expected)


def serving_signature(ctx, path, x, expected):
    """Keras 2's SavedModel, called as a server does: int32 in its signature, the same outputs."""
    from pytest_onehot.checks.export import assert_serving_signature
    from pytest_onehot.exporters import load

    with ctx.step("loading the savedmodel's serving_default signature"):
        exported = load("serving", path)
    what = "the savedmodel's serving_default signature"
    assert_serving_signature(exported, "int32", what)
    with ctx.step(f"calling {what}"):
        assert_same(exported.run(x), expected, what)


for _fmt in ("keras", "h5", "savedmodel"):
    register(f"save-{_fmt}", save_format, fmt=_fmt)


@check("clone-model")
def clone_model(ctx):
    """keras.models.clone_model of a model holding the layer predicts the same."""
    model, x, expected = _model_and_output(ctx)
    with ctx.step("clone_model"):
        clone = ctx.env.clone(model)
    with ctx.step("predict with the clone"):
        assert_same(ctx.env.predict(clone, x), expected, "cloned model")
