"""Wrong shapes -> the likely cause (a squeezed or extra axis, the class axis misplaced)."""

from pytest_onehot import facts
from pytest_onehot.diagnose.causes import Cause, Finding


def _without_ones(shape):
    return tuple(d for d in shape if d != 1)


def shape_finding(shape, expected):
    """None when shapes agree; else a Finding naming the likely cause."""
    shape, expected = tuple(shape), tuple(expected)
    if shape == expected:
        return None
    evidence = f"output shape {shape}, expected {expected}"
    depth = expected[-1]
    if len(shape) < len(expected) and 1 in expected and _without_ones(shape) == _without_ones(expected):
        cause = Cause("squeezed-axis", "an axis of size 1 was dropped: a squeeze in the layer, or ops.one_hot "
                      f"itself on {facts.releases('numpy-one-hot-squeezes')}?")
    elif len(shape) < len(expected):
        cause = Cause("axis-dropped", "an axis was dropped")
    elif len(shape) > len(expected):
        cause = Cause("extra-axis", "an extra axis: the layer adds a dimension (expand_dims, or input reshaped)?")
    elif depth in shape and sorted(shape, key=str) == sorted(expected, key=str):
        where = shape.index(depth)
        cause = Cause("class-axis-misplaced",
                      f"the class axis (depth {depth}) is axis {where}, not the last: a negative axis handled wrongly?")
    elif shape[:-1] == expected[:-1] and isinstance(shape[-1], int) and depth is not None:
        hint = {1: "one column too many: an extra column for out-of-vocabulary ids, or depth + 1?",
                -1: "one column too few: depth - 1?"}.get(shape[-1] - depth, "depth passed to the wrong argument?")
        cause = Cause("wrong-depth", f"last axis has {shape[-1]} classes, not depth {depth}: {hint}")
    else:
        cause = None
    return Finding(evidence, cause)
