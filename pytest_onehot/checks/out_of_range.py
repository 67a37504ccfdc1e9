"""Indices outside 0..depth-1: what the layer does is observed and, if asked, enforced."""
import dataclasses

import numpy as np

from pytest_onehot.assertions import CheckFailure
from pytest_onehot.checks.context import InputChanged
from pytest_onehot.checks.registry import check
from pytest_onehot.diagnose import Cause, class_list, common_out_of_range_cause, shape_finding

# Past uint8, so that a narrow cast shows (-1 -> 255 and 300 -> 44 where the cast wraps, as
# eager code does; 0 and 255 where it saturates, as XLA does).
DEPTH = 300
CASES = (-1, DEPTH)
# Eagerly, ids further out too: a layer may handle the padding value -1 and depth alone
# (x == -1 masked, a clamp to -1..depth) and get every other id wrong.
FAR = (-5, DEPTH + 7)
FRACTIONS = (0.5, 2.7)
COMPILED = "compiled predict"
# On TensorFlow a compiled predict is a graph, where a gather raises past the end; under XLA
# (jit_compile=True) nothing can raise, and a gather clamps to the last row instead.
XLA = "XLA predict"


@dataclasses.dataclass(frozen=True)
class Seen:
    """What one index gave: its words ('zeros', 'error', 'NaN', 'class K'), and what they say."""

    text: str
    hot: tuple = ()          # the classes lit, where some were
    shape_cause: "Cause | None" = None  # where the output had the wrong shape

    def __str__(self):
        return self.text


ERROR = Seen("error")


def classify(row):
    """What one output row is: zeros, NaN, or the classes lit."""
    if np.isnan(row).any():
        return Seen("NaN")
    lit = np.flatnonzero(row)
    hot = tuple(int(c) for c in lit[:4])
    if not hot:
        return Seen("zeros")
    return Seen(f"class {hot[0]}" if len(lit) == 1 else class_list(hot, len(lit)), hot)


def _rows(output, count):
    """What each of the `count` positions of an output of shape (1, count, DEPTH) gave."""
    output = np.asarray(output)
    if output.shape != (1, count, DEPTH):
        finding = shape_finding(output.shape, (1, count, DEPTH))
        return [Seen(f"shape {output.shape}", shape_cause=finding.cause)] * count
    return [classify(output[0, i]) for i in range(count)]


def observe_eager(ctx, values, dtype="int32"):
    """{value: Seen} for one eager call on [values]; when it raises, each value on its own: a layer
    that raises for depth may still send -1 to a class (torch.eye(n)[x] does)."""
    try:
        out = ctx.output(ctx.layer(DEPTH, len(values)), [list(values)], dtype)
    except InputChanged:
        raise
    except CheckFailure:
        if len(values) == 1:
            return {values[0]: ERROR}
        return {value: seen for one in values for value, seen in observe_eager(ctx, (one,), dtype).items()}
    return dict(zip(values, _rows(out, len(values))))


def observe_compiled(ctx, beside, jit=False):
    """{index: Seen} for a compiled predict (with `jit`, jit_compile=True) on each out-of-range index,
    next to index 3 (what 3 gave goes to `beside`)."""
    inp = ctx.env.input(2)
    with ctx.step("building a model" + (" compiled with jit_compile=True" if jit else "")):
        model = ctx.env.model(inp, ctx.layer(DEPTH, 2)(inp))
        if jit:
            ctx.env.compile(model, jit_compile=True)
    return _predict_each(ctx, model, CASES, beside)


def _predict_each(ctx, model, indices, beside):
    """{index: Seen} of a compiled predict on rows [index, 3]; when it raises, each row on its own."""
    try:
        with ctx.step("predict on out-of-range indices"):
            out = ctx.env.predict_batch(model, np.array([[index, 3] for index in indices]))
    except CheckFailure:
        if len(indices) == 1:
            return {indices[0]: ERROR}
        return {index: seen for one in indices for index, seen in _predict_each(ctx, model, (one,), beside).items()}
    rows = [_rows(out[i:i + 1], 2) for i in range(len(indices))]
    beside += [row[1] for row in rows]
    return {index: row[0] for index, row in zip(indices, rows)}


def _where(path):
    return {"eager": "", COMPILED: f" in a {COMPILED}", XLA: " in an XLA predict (jit_compile=True)"}.get(
        path, f" in an {path} call")


def _cause(wrong, valid_right):
    # NaN first: a table gathered by index gives NaN past its end and, on JAX, wraps -1 too.
    if any(seen.text == "NaN" for seen in wrong.values()):
        return Cause("nan-rows", "rows of NaN: a table gathered by index (take) past its end?")
    hot = {index: list(seen.hot) for (index, _), seen in wrong.items() if seen.hot}
    if hot:
        return common_out_of_range_cause(hot, DEPTH, valid_right)
    return next((seen.shape_cause for seen in wrong.values() if seen.shape_cause), None)


@check("out-of-range")
def out_of_range(ctx):
    """Indices -1 and depth (300) give a zero row or an error, eagerly and compiled (never a class),
    and -5 and depth + 7 eagerly; policy enforced. On TensorFlow also under XLA (jit_compile=True)."""
    seen = {(index, "eager"): what for index, what in observe_eager(ctx, CASES + FAR).items()}
    # torch's own integer dtype: a layer may treat int64 ids otherwise (.long() copies int32 only).
    seen.update({(index, "int64 eager"): what for index, what in observe_eager(ctx, CASES + FAR, "int64").items()
                 if what != seen[(index, "eager")]})
    beside = []  # what index 3 gave beside each out-of-range one, compiled
    seen.update({(index, COMPILED): what for index, what in observe_compiled(ctx, beside).items()})
    if ctx.env.backend == "tensorflow":  # JAX's compiled predict is XLA already
        seen.update({(index, XLA): what for index, what in observe_compiled(ctx, beside, jit=True).items()})
    ctx.observe("out-of-range", {(str(i) if path == "eager" else f"{i}, {path}"): str(w)
                                 for (i, path), w in seen.items()})
    ctx.observe("fractional indices", {str(v): str(w) for v, w in observe_eager(ctx, FRACTIONS, "float32").items()})
    policy = ctx.options.out_of_range
    allowed = {"any": ("zeros", "error"), "zeros": ("zeros",), "error": ("error",)}[policy]
    # XLA cannot raise per index (JAX's compiled predict, TensorFlow's under jit_compile=True), and a
    # compiled predict may be XLA: under "error" it may give zeros.
    lenient = ("zeros", "error")
    wrong = {key: what for key, what in seen.items()
             if what.text not in (allowed if key[1] not in (COMPILED, XLA) or policy != "error" else lenient)}
    if wrong:
        said = "; ".join(f"{index} gave {what}{_where(path)}" for (index, path), what in wrong.items())
        # Index 3 right beside them: nothing is shifted by one (300 -> 299 is a clamp then).
        cause = _cause(wrong, bool(beside) and all(str(seen) == "class 3" for seen in beside))
        expected = f"expected {' or '.join(allowed)} (--onehot-out-of-range={policy})"
        raise CheckFailure.because(cause, f"{said}; {expected}", f"depth {DEPTH}")
