"""Memory: how the layer's memory grows with depth, before any check needs a large depth."""
from pytest_onehot import memory
from pytest_onehot.assertions import CheckFailure
from pytest_onehot.checks.registry import check
from pytest_onehot.diagnose import Cause


@check("memory-growth")
def memory_growth(ctx):
    """Memory grows linearly with depth: no depth x depth table (measured at small depths)."""
    profile = memory.profile(ctx.factory, ctx.env)
    if profile.note:
        ctx.observe("memory", profile.note)
    growth = profile.quadratic
    if growth:
        raise CheckFailure.because(Cause.general("depth-squared-memory"),
                                   f"{growth.describe(memory.LARGEST_DEPTH)}, the largest depth the catalogue uses")
