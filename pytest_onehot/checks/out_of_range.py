"""Indices outside 0..depth-1: what the layer does is observed and, if asked, enforced."""
import numpy as np

from pytest_onehot.assertions import CheckFailure
from pytest_onehot.checks.registry import check
from pytest_onehot.spec import one_line

DEPTH = 10
POLICIES = ("any", "zeros", "error")


def classify(ctx, index):
    """What the layer gives for one out-of-range `index`: 'zeros', 'error' or 'class K'."""
    x = np.array([[index, 3]])
    try:
        out = ctx.env.numpy(ctx.call(ctx.layer(DEPTH, 2), x))
    except CheckFailure as exc:
        return "error", str(exc)
    if out.shape != (1, 2, DEPTH):
        return f"shape {out.shape}", ""
    hot = np.flatnonzero(out[0, 0])
    if hot.size == 0:
        return "zeros", ""
    return f"class {', '.join(map(str, hot))}", ""


@check("out-of-range")
def out_of_range(ctx):
    """Indices -1 and depth give a zero row or an error (never a hot class); policy enforced."""
    seen = {}
    for name, index in (("negative", -1), ("too-large", DEPTH)):
        seen[name], detail = classify(ctx, index)
        if detail:
            ctx.observe(f"out-of-range {name} error", detail)
    ctx.observe("out-of-range", seen)
    policy = ctx.out_of_range
    allowed = ("zeros", "error") if policy == "any" else (policy,)
    wrong = {name: what for name, what in seen.items() if what not in allowed}
    if wrong:
        said = "; ".join(f"index {-1 if n == 'negative' else DEPTH} (depth {DEPTH}) gave {w}"
                         for n, w in wrong.items())
        cause = ("a silent wrong class: negative indices wrapping (Python-style indexing or an unsigned cast)?"
                 if any(w.startswith("class") for w in wrong.values()) else f"policy is {policy!r}")
        raise CheckFailure(f"{said}, expected {' or '.join(allowed)}: {cause}")
