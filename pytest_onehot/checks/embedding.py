"""Equivalence with Embedding: OneHot -> Dense(no bias) is Embedding with the kernel as table."""
import numpy as np

from pytest_onehot.assertions import assert_same, embedding_pair
from pytest_onehot.checks.data import LENGTH, random_indices
from pytest_onehot.checks.registry import check

DEPTH, UNITS = 40, 4


@check("embedding-forward")
def embedding_forward(ctx):
    """OneHot -> Dense(units, use_bias=False) equals Embedding(depth, units) sharing the kernel."""
    x = random_indices(DEPTH)
    with ctx.step("building OneHot -> Dense and Embedding"):
        onehot, embedding = embedding_pair(ctx.env, ctx.layer(DEPTH, LENGTH), DEPTH, LENGTH, UNITS)
    with ctx.step("predict"):
        assert_same(ctx.env.predict(onehot, x), ctx.env.predict(embedding, x),
                    "OneHot+Dense vs Embedding output", atol=1e-6)


@check("embedding-time-distributed")
def embedding_time_distributed(ctx):
    """The seed's Sequential([OneHot, TimeDistributed(Dense)]) equals Embedding plus the bias."""
    env, x = ctx.env, random_indices(DEPTH)
    dense = env.layers().Dense(UNITS)
    with ctx.step("building Sequential([Input, OneHot, TimeDistributed(Dense)])"):
        model = env.sequential([env.input(LENGTH), ctx.layer(DEPTH, LENGTH), env.layers().TimeDistributed(dense)])
    kernel, bias = dense.get_weights()
    with ctx.step("predict"):
        out = env.predict(model, x)
    assert_same(out, kernel[x] + bias, "TimeDistributed(Dense) vs kernel rows + bias", atol=1e-5)


@check("embedding-gradients")
def embedding_gradients(ctx):
    """After the same SGD steps from the same start, OneHot+Dense and Embedding stay equal."""
    ctx.require(ctx.env.can_fit(), f"the {ctx.env.backend} backend cannot fit")
    x = random_indices(DEPTH, (8, LENGTH))
    y = np.random.default_rng(1).normal(size=x.shape + (UNITS,)).astype("float32")
    with ctx.step("building OneHot -> Dense and Embedding"):
        onehot, embedding = embedding_pair(ctx.env, ctx.layer(DEPTH, LENGTH), DEPTH, LENGTH, UNITS)
    with ctx.step("training both with SGD"):
        ctx.env.train(onehot, x, y, steps=3)
        ctx.env.train(embedding, x, y, steps=3)
    assert_same(onehot.get_weights()[-1], embedding.get_weights()[-1],
                "Dense kernel vs Embedding table after 3 SGD steps", atol=1e-6)
