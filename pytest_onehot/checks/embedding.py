"""Equivalence with Embedding: OneHot -> Dense(no bias) is Embedding with the kernel as table."""
import numpy as np

from pytest_onehot.assertions import embedding_pair
from pytest_onehot.checks.data import LENGTH, random_indices
from pytest_onehot.checks.registry import check

DEPTH, UNITS = 40, 4


@check("embedding-forward")
def embedding_forward(ctx):
    """OneHot -> Dense(units, use_bias=False) equals Embedding(depth, units) sharing the kernel."""
    x, layer = random_indices(DEPTH), ctx.layer(DEPTH, LENGTH)
    with ctx.step("building OneHot -> Dense and Embedding"):
        both = embedding_pair(ctx.env, layer, DEPTH, LENGTH, UNITS)[2]
    with ctx.step("predict"):
        actual, expected = ctx.env.predict_batch(both, x)
    ctx.expect_same(actual, expected, "OneHot+Dense vs Embedding output", layer, x, DEPTH, atol=1e-6)


@check("embedding-time-distributed")
def embedding_time_distributed(ctx):
    """The seed's Sequential([OneHot, TimeDistributed(Dense)]) equals Embedding plus the bias."""
    env, x, layer = ctx.env, random_indices(DEPTH), ctx.layer(DEPTH, LENGTH)
    dense = env.dense(UNITS)
    with ctx.step("building Sequential([Input, OneHot, TimeDistributed(Dense)])"):
        model = env.sequential([env.input(LENGTH), layer, env.layers().TimeDistributed(dense)])
    with ctx.step("predict"):
        out = env.predict_batch(model, x)
    # Read after predict: a Sequential whose layer cannot infer its shape is built by its first call.
    kernel, bias = dense.get_weights()
    ctx.expect_same(out, kernel[x] + bias, "TimeDistributed(Dense) vs kernel rows + bias", layer, x, DEPTH, atol=1e-5)


@check("embedding-gradients")
def embedding_gradients(ctx):
    """After the same SGD steps from the same start, OneHot+Dense and Embedding stay equal."""
    ctx.require(ctx.env.can_fit(), f"the {ctx.env.backend} backend cannot fit")
    x, layer = random_indices(DEPTH, (8, LENGTH)), ctx.layer(DEPTH, LENGTH)
    y = np.random.default_rng(1).normal(size=x.shape + (UNITS,)).astype("float32")
    with ctx.step("building OneHot -> Dense and Embedding"):
        onehot, embedding, _ = embedding_pair(ctx.env, layer, DEPTH, LENGTH, UNITS)
    with ctx.step("training both with SGD"):
        ctx.env.train(onehot, x, y, steps=3)
        ctx.env.train(embedding, x, y, steps=3)
    ctx.expect_same(onehot.get_weights()[-1], embedding.get_weights()[-1],
                    "Dense kernel vs Embedding table after 3 SGD steps", layer, x, DEPTH, atol=1e-6)
