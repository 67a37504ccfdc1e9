"""The layer inside models: Sequential, functional, shared, nested, trained."""
import numpy as np

from pytest_onehot.assertions import CheckFailure, assert_same
from pytest_onehot.checks.data import BATCH, LENGTH, SEED_DEPTH, SEED_X, SMALL_DEPTH, random_indices
from pytest_onehot.checks.registry import check
from pytest_onehot.diagnose import Cause, one_hot_finding

DEPTH = SMALL_DEPTH


def _predict(ctx, model, x, pipeline=False):
    """The model's compiled predict; with `pipeline`, through `model.predict` as users call it."""
    with ctx.step("predict"):
        return ctx.env.predict(model, x) if pipeline else ctx.env.predict_batch(model, x)


@check("sequential-input")
def sequential_input(ctx):
    """In Sequential([Input(int32), layer]), predict gives the one-hot encoding."""
    x = random_indices(DEPTH)
    with ctx.step("building Sequential([Input, layer])"):
        model = ctx.env.sequential([ctx.env.input(LENGTH), ctx.layer(DEPTH, LENGTH)])
    ctx.expect_one_hot(_predict(ctx, model, x), x, DEPTH, "Sequential predict")


@check("sequential-seed")
def sequential_seed(ctx):
    """As the seed post uses it: Sequential([OneHot(input_dim, input_length)]), compile, predict."""
    layer = ctx.layer(SEED_DEPTH, 5)
    with ctx.step("building and compiling Sequential([layer])"):
        model = ctx.env.compile(ctx.env.sequential([layer]))
    ctx.expect_one_hot(_predict(ctx, model, SEED_X, pipeline=True), SEED_X, SEED_DEPTH, "Sequential([layer]) predict")


@check("sequential-seed-fit")
def sequential_seed_fit(ctx):
    """As the seed's course trains it: Sequential([OneHot(input_dim, input_length), Dense]), no Input, fit, predict."""
    ctx.require(ctx.env.can_fit(), f"the {ctx.env.backend} backend cannot fit")
    layer, dense = ctx.layer(SEED_DEPTH, 5), ctx.env.dense(3)
    y = np.random.default_rng(4).normal(size=SEED_X.shape + (3,)).astype("float32")
    with ctx.step("building Sequential([layer, Dense(3)])"):
        model = ctx.env.sequential([layer, dense])
    # Built lazily inside the first compiled train step: what the layer keeps from build() belongs to
    # that trace, and a later step or predict that uses it fails (a tensor cached in build()).
    with ctx.step("compile and fit"):
        ctx.env.train(model, SEED_X, y, steps=1)
    out = _predict(ctx, model, SEED_X)
    kernel, bias = dense.get_weights()
    ctx.expect_same(out, kernel[SEED_X] + bias, "predict after fit vs the Dense kernel's rows + bias", layer, SEED_X,
                    SEED_DEPTH, atol=1e-5)


@check("functional")
def functional(ctx):
    """As a layer of a functional model, predict gives the one-hot encoding."""
    x = random_indices(DEPTH)
    inp = ctx.env.input(LENGTH)
    with ctx.step("building a functional model"):
        model = ctx.env.model(inp, ctx.layer(DEPTH, LENGTH)(inp))
    ctx.expect_one_hot(_predict(ctx, model, x), x, DEPTH, "functional predict")


@check("functional-shared")
def functional_shared(ctx):
    """One layer instance shared by two inputs encodes each input on its own."""
    a, b = random_indices(DEPTH, seed=1), random_indices(DEPTH, seed=2)
    layer = ctx.layer(DEPTH, LENGTH)
    inputs = [ctx.env.input(LENGTH), ctx.env.input(LENGTH)]
    with ctx.step("calling one layer on two inputs"):
        model = ctx.env.model(inputs, [layer(inputs[0]), layer(inputs[1])])
    with ctx.step("predict with one layer shared by two inputs"):
        out_a, out_b = ctx.env.predict_batch(model, [a, b])
    if np.array_equal(out_a, out_b) and (one_hot_finding(out_a, a, DEPTH) or one_hot_finding(out_b, b, DEPTH)):
        cause = Cause("state-across-calls", "both inputs came back as one encoding")
        raise CheckFailure.because(cause, "the layer keeps what it computed on its first call", "shared layer")
    ctx.expect_one_hot(out_a, a, DEPTH, "shared layer, first input")
    ctx.expect_one_hot(out_b, b, DEPTH, "shared layer, second input")


@check("nested-model")
def nested_model(ctx):
    """A model holding the layer, used as a layer of an outer model, predicts correctly."""
    x = random_indices(DEPTH)
    inner_in, outer_in = ctx.env.input(LENGTH), ctx.env.input(LENGTH)
    with ctx.step("nesting a model that holds the layer"):
        inner = ctx.env.model(inner_in, ctx.layer(DEPTH, LENGTH)(inner_in))
        outer = ctx.env.model(outer_in, inner(outer_in))
    ctx.expect_one_hot(_predict(ctx, outer, x), x, DEPTH, "nested model predict")


def trainable_model(ctx, layer):
    """Input(int32) -> layer -> Dense(3): the model the training checks fit."""
    inp = ctx.env.input(LENGTH)
    with ctx.step("building layer -> Dense(3)"):
        return ctx.env.model(inp, ctx.env.dense(3)(layer(inp)))


def fit(ctx, model, steps=3):
    x = random_indices(DEPTH, (BATCH * 2, LENGTH))
    y = np.random.default_rng(3).normal(size=(len(x), LENGTH, 3)).astype("float32")
    with ctx.step("compile and fit"):
        return ctx.env.train(model, x, y, steps=steps)


@check("fit")
def fit_finite(ctx):
    """Compiled with a Dense layer after it, a few SGD steps give a finite loss."""
    ctx.require(ctx.env.can_fit(), f"the {ctx.env.backend} backend cannot fit")
    losses = fit(ctx, trainable_model(ctx, ctx.layer(DEPTH, LENGTH)))
    if not np.all(np.isfinite(losses)):
        cause = Cause("loss-not-finite", "training loss is not finite")
        raise CheckFailure.because(cause, f"losses {losses}: a NaN or infinite gradient through the layer?")


@check("weights-none-trainable")
def no_trainable_weights(ctx):
    """The built layer owns no trainable weights: one-hot encoding is a fixed function."""
    layer = ctx.layer(DEPTH, LENGTH)
    ctx.call(layer, random_indices(DEPTH))
    names = [w.name for w in layer.trainable_weights]
    if names:
        cause = Cause("trainable-weights", f"the layer owns trainable weights {names}")
        raise CheckFailure.because(cause, "a one-hot layer should have none")


@check("weights-unchanged-by-fit")
def unchanged_by_fit(ctx):
    """Training a model around the layer changes neither its weights nor its outputs."""
    ctx.require(ctx.env.can_fit(), f"the {ctx.env.backend} backend cannot fit")
    x = random_indices(DEPTH)
    layer = ctx.layer(DEPTH, LENGTH)
    model = trainable_model(ctx, layer)
    before = [np.array(w) for w in layer.get_weights()]
    fit(ctx, model)
    for old, new in zip(before, layer.get_weights()):
        try:
            assert_same(new, old, "a weight of the layer after fit")
        except CheckFailure as failure:
            raise CheckFailure(f"training changes the layer's weights: {failure}",
                               Cause("weights-changed", "training changes the layer's weights")) from None
    ctx.expect_one_hot(ctx.output(layer, x), x, DEPTH, "output after fit")
