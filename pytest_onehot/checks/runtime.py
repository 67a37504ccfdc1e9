"""Compiled execution, and the global Keras state the layer must leave alone."""
from pytest_onehot.assertions import CheckFailure
from pytest_onehot.diagnose import Cause
from pytest_onehot.checks.data import LENGTH, SMALL_DEPTH, random_indices
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
        out = ctx.env.predict_batch(model, x)
    ctx.expect_one_hot(out, x, DEPTH, "jit-compiled predict")


@check("global-state")
def global_state(ctx):
    """Importing, building, calling and predicting leave global state alone (Keras's settings, safe mode,
    random generators, backend modes)."""
    from pytest_onehot import global_state as state

    x = random_indices(SMALL_DEPTH)
    built = []

    def model():
        inp = ctx.env.input(LENGTH)
        with ctx.step("building and predicting with a model"):
            ctx.env.predict_batch(ctx.env.model(inp, built[0](inp)), x)

    stages = (("in __init__", lambda: built.append(ctx.layer(SMALL_DEPTH, LENGTH))),
              ("in build or call", lambda: ctx.call(built[0], x)),
              ("in a compiled predict", model))
    # The import and the first call happened before any check: both were watched then.
    module = ctx.factory.spec.split(":")[0]
    found = [f"{line} at import of {module}" for line in ctx.factory.import_changes]
    found += [f"{line} when the factory was first called" for line in ctx.factory.first_call_changes]
    for where, run in stages:
        with state.watch() as watched:
            run()
        found += [f"{line} {where}" for line in watched.changes]
    if found:
        reseeds = any(state.is_reseeding(line) for line in found)
        cause = Cause("reseeds-random" if reseeds else "global-state",
                      "the layer reseeds global random generators" if reseeds
                      else "the layer changes global state")
        raise CheckFailure.because(cause, "; ".join(dict.fromkeys(found)) + "; undone after each check")
