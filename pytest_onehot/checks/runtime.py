"""Compiled execution, and the global Keras state the layer must leave alone."""
from pytest_onehot.assertions import CheckFailure
from pytest_onehot.checks.data import LENGTH, random_indices
from pytest_onehot.checks.registry import check

DEPTH = 300  # past uint8, where XLA saturates a narrow cast instead of wrapping it


@check("jit-compile")
def jit_compile(ctx):
    """A model compiled with jit_compile=True (XLA on tensorflow, jax.jit) predicts exactly."""
    backend = ctx.env.backend
    ctx.require(backend != "torch" or ctx.options.torch_compile,
                "torch.compile is opt-in (--onehot-torch-compile=yes): it takes ~20 s for a tiny model")
    ctx.require(ctx.env.can_jit(ctx.options.torch_compile), f"the {backend} backend has no jit compilation")
    x = random_indices(DEPTH)
    inp = ctx.env.input(LENGTH)
    with ctx.step("building a model compiled with jit_compile=True"):
        model = ctx.env.compile(ctx.env.model(inp, ctx.layer(DEPTH, LENGTH)(inp)), jit_compile=True)
    with ctx.step("predict under jit_compile=True"):
        out = ctx.env.predict(model, x)
    ctx.expect_one_hot(out, x, DEPTH, "jit-compiled predict")


@check("global-state")
def global_state(ctx):
    """Building and calling the layer leaves floatx, dtype policy, data format and backend alone."""
    before = ctx.env.global_state()
    layer = ctx.layer(20, LENGTH)
    ctx.call(layer, random_indices(20))
    inp = ctx.env.input(LENGTH)
    with ctx.step("building a model"):
        ctx.env.model(inp, layer(inp))
    after = ctx.env.global_state()
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    if changed:
        said = ", ".join(f"{k} {old!r} -> {new!r}" for k, (old, new) in changed.items())
        raise CheckFailure(f"the layer changed global Keras state: {said} (undone after this check)")
