"""Serialization: config round trip, saved models in every format, clone_model."""
from pytest_onehot import facts
from pytest_onehot.assertions import CheckFailure, assert_same
from pytest_onehot.checks.data import LENGTH, SMALL_DEPTH, random_indices
from pytest_onehot.checks.registry import check, register
from pytest_onehot.diagnose import CAUSES, Cause
from pytest_onehot.keras_models import SAVE_SUFFIX

DEPTH = SMALL_DEPTH


def _model_and_output(ctx):
    """A functional model around a fresh layer, and its predictions on fixed indices."""
    x = random_indices(DEPTH)
    layer = ctx.layer(DEPTH, LENGTH)
    inp = ctx.env.input(LENGTH)
    with ctx.step("building a functional model"):
        model = ctx.env.model(inp, layer(inp))
    with ctx.step("predict"):
        return model, x, ctx.env.predict_batch(model, x), layer


def _config_complete(layer):
    """Whether the layer can be rebuilt from its own config."""
    try:
        type(layer).from_config(layer.get_config())
    except Exception:
        return False
    return True


def _refined(failure, cause_id, text):
    """The same failure, its cause replaced by a sharper one the check established."""
    return failure.refined(Cause(cause_id, text))


@check("config-roundtrip")
def config_roundtrip(ctx):
    """from_config(get_config()) builds a layer that gives the same outputs."""
    x = random_indices(DEPTH)
    layer = ctx.layer(DEPTH, LENGTH)
    expected = ctx.output(layer, x)
    with ctx.step("type(layer).from_config(layer.get_config())"):
        copy = type(layer).from_config(layer.get_config())
    assert_same(ctx.output(copy, x), expected, "layer rebuilt from its config")


def save_format(ctx, fmt):
    """A model holding the layer saved as {fmt} and loaded back (safe mode) predicts the same."""
    ctx.require(fmt in ctx.env.save_formats(), f"{ctx.env.label} cannot load a {fmt} model back")
    model, x, expected, layer = _model_and_output(ctx)
    try:
        with ctx.step(f"saving and loading as {fmt}"):
            loaded = ctx.env.save_and_load(model, ctx.tmp_path, fmt)
    except CheckFailure as failure:
        if failure.cause is None and "'str' object is not callable" in str(failure):
            # Keras 2 loading a .keras file: the class it cannot find is left as its name.
            failure = _refined(failure, "unregistered-class", CAUSES["unregistered-class"])
        # Registering alone does not help a class whose config is incomplete too: say both.
        if failure.cause is not None and failure.cause.id == "unregistered-class" and not _config_complete(layer):
            raise _refined(failure, "unregistered-incomplete-config", CAUSES["unregistered-incomplete-config"])
        raise failure
    with ctx.step(f"predict with the {fmt} model loaded back"):
        assert_same(ctx.env.predict_batch(loaded, x), expected, f"model loaded from {fmt}")
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
    model, x, expected, _ = _model_and_output(ctx)
    try:
        with ctx.step("clone_model"):
            clone = ctx.env.clone(model)
    except CheckFailure as failure:
        # On some Keras versions clone_model itself refuses every Python-lambda Lambda.
        if failure.cause is not None and failure.cause.id == "safe-mode-lambda" and ctx.env.keras3:
            raise _refined(failure, "keras-clone-lambda",
                           f"Keras {ctx.env.version} itself: clone_model refuses a Lambda over a Python lambda "
                           f"(as on {facts.releases('clone-refuses-lambda')}), not the layer's config")
        raise
    with ctx.step("predict with the clone"):
        assert_same(ctx.env.predict_batch(clone, x), expected, "cloned model")
