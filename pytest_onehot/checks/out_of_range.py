"""Indices outside 0..depth-1: what the layer does is observed and, if asked, enforced."""
import numpy as np

from pytest_onehot.assertions import CheckFailure
from pytest_onehot.checks.registry import check
from pytest_onehot.diagnose import Cause, common_out_of_range_cause, shape_finding

# Past uint8, so that a narrow cast shows (-1 -> 255 and 300 -> 44 where the cast wraps, as
# eager code does; 0 and 255 where it saturates, as XLA does).
DEPTH = 300
CASES = (-1, DEPTH)
FRACTIONS = (0.5, 2.7)
COMPILED = "compiled predict"


def classify(row):
    """What one output row is: 'zeros', 'NaN', or 'class K' / 'classes K, L'."""
    if np.isnan(row).any():
        return "NaN"
    hot = np.flatnonzero(row)
    if hot.size == 0:
        return "zeros"
    return f"class {hot[0]}" if hot.size == 1 else f"classes {', '.join(map(str, hot[:4]))}"


def _rows(ctx, output, count):
    """The first `count` rows of an output of shape (1, count, DEPTH), or a shape note."""
    output = np.asarray(output)
    if output.shape != (1, count, DEPTH):
        return [f"shape {output.shape}, not (1, {count}, {DEPTH})"] * count
    return [classify(output[0, i]) for i in range(count)]


def _shape_cause(wrong):
    """The cause of a wrong output shape, from a note _rows() wrote."""
    for what in wrong.values():
        if what.startswith("shape ("):
            got, expected = (tuple(int(d) for d in part.strip("()").split(",") if d.strip())
                             for part in what[len("shape "):].split(", not "))
            finding = shape_finding(got, expected)
            return finding.cause if finding else None
    return None


def observe_eager(ctx, values, dtype="int32"):
    """{value: what} for one eager call on [values] ('error' for all when the call raises)."""
    try:
        out = ctx.output(ctx.layer(DEPTH, len(values)), [list(values)], dtype)
    except CheckFailure:
        return {value: "error" for value in values}
    return dict(zip(values, _rows(ctx, out, len(values))))


def observe_compiled(ctx):
    """{index: what} for a compiled predict on each out-of-range index, next to index 3."""
    inp = ctx.env.input(2)
    with ctx.step("building a model"):
        model = ctx.env.model(inp, ctx.layer(DEPTH, 2)(inp))
    try:
        with ctx.step("predict on out-of-range indices"):
            out = ctx.env.predict(model, np.array([[index, 3] for index in CASES]))
    except CheckFailure:
        return {index: "error" for index in CASES}
    return {index: _rows(ctx, out[i:i + 1], 2)[0] for i, index in enumerate(CASES)}


def _hot(what):
    """The classes named by a classify() result, or None when it names none."""
    if not what.startswith("class"):
        return None
    return [int(c) for c in what.split(" ", 1)[1].split(", ")]


def _cause(wrong):
    # NaN first: a table gathered by index gives NaN past its end and, on JAX, wraps -1 too.
    if any(what == "NaN" for what in wrong.values()):
        return Cause("nan-rows", "rows of NaN: a table gathered by index (take) past its end?")
    hot = {index: _hot(what) for (index, _), what in wrong.items() if _hot(what)}
    if hot:
        return common_out_of_range_cause(hot, DEPTH)
    return _shape_cause(wrong)


@check("out-of-range")
def out_of_range(ctx):
    """Indices -1 and depth (300) give a zero row or an error, eagerly and compiled (never a class); policy enforced."""
    seen = {(index, "eager"): what for index, what in observe_eager(ctx, CASES).items()}
    seen.update({(index, COMPILED): what for index, what in observe_compiled(ctx).items()})
    ctx.observe("out-of-range", {(str(i) if path == "eager" else f"{i}, {path}"): w for (i, path), w in seen.items()})
    ctx.observe("fractional indices", {str(v): w for v, w in observe_eager(ctx, FRACTIONS, "float32").items()})
    policy = ctx.options.out_of_range
    allowed = {"any": ("zeros", "error"), "zeros": ("zeros",), "error": ("error",)}[policy]
    # A compiled predict cannot raise per index (XLA has no errors): under "error" it may give zeros.
    wrong = {key: what for key, what in seen.items()
             if what not in (allowed if key[1] == "eager" or policy != "error" else ("zeros", "error"))}
    if wrong:
        said = "; ".join(f"{index} gave {what}" + ("" if path == "eager" else f" in a {path}")
                         for (index, path), what in wrong.items())
        cause = _cause(wrong)
        expected = f"expected {' or '.join(allowed)} (--onehot-out-of-range={policy})"
        message = f"depth {DEPTH}: {cause.text} ({said}; {expected})" if cause else f"depth {DEPTH}: {said}; {expected}"
        raise CheckFailure(message, cause)
