"""Indices outside 0..depth-1: what the layer does is observed and, if asked, enforced."""
import numpy as np

from pytest_onehot.assertions import CheckFailure
from pytest_onehot.checks.registry import check

DEPTH = 10
CASES = {"negative": -1, "too-large": DEPTH}


def classify(output):
    """What an output row for an out-of-range index is: 'zeros' or 'class K'."""
    hot = np.flatnonzero(output[0, 0]) if output.shape == (1, 2, DEPTH) else None
    if hot is None:
        return f"shape {output.shape}"
    return "zeros" if hot.size == 0 else f"class {', '.join(map(str, hot))}"


def observe_eager(ctx, index):
    """'zeros', 'error' or 'class K' for one eager call on [[index, 3]]."""
    try:
        return classify(ctx.env.numpy(ctx.call(ctx.layer(DEPTH, 2), [[index, 3]])))
    except CheckFailure as exc:
        ctx.observe(f"out-of-range {index} error", str(exc))
        return "error"


def observe_predict(ctx):
    """What a compiled predict gives for each case (an error fails: it can only give zeros)."""
    inp = ctx.env.input(2)
    with ctx.step("building a model"):
        model = ctx.env.model(inp, ctx.layer(DEPTH, 2)(inp))
    with ctx.step("predict on out-of-range indices"):
        out = ctx.env.predict(model, np.array([[index, 3] for index in CASES.values()]))
    return {name: classify(out[i:i + 1]) for i, name in enumerate(CASES)}


@check("out-of-range")
def out_of_range(ctx):
    """Indices -1 and depth give a zero row or an error (never a hot class); policy enforced."""
    seen = {name: observe_eager(ctx, index) for name, index in CASES.items()}
    ctx.observe("out-of-range", seen)
    policy = ctx.options.out_of_range
    allowed = ("zeros", "error") if policy == "any" else (policy,)
    wrong = {name: what for name, what in seen.items() if what not in allowed}
    if policy == "zeros" and not wrong:
        wrong = {f"{name} (compiled predict)": what for name, what in observe_predict(ctx).items()
                 if what != "zeros"}
    if wrong:
        said = "; ".join(f"{name} index gave {what}" for name, what in wrong.items())
        cause = ("a silent wrong class: negative indices wrapping (Python-style indexing or an unsigned cast)?"
                 if any(w.startswith("class") for w in wrong.values()) else f"the policy is {policy!r}")
        raise CheckFailure(f"depth {DEPTH}: {said}, expected {' or '.join(allowed)}: {cause}")
