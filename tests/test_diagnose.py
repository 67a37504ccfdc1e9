"""The diagnosis names the narrow dtype behind every pattern seen across backends."""
import numpy as np
import pytest

from pytest_onehot.diagnose import one_hot_mismatch


def encoded(depth, rows):
    """An output of shape (1, len(rows), depth) with the given hot classes per position."""
    out = np.zeros((1, len(rows), depth), dtype="float32")
    for i, hot in enumerate(rows):
        out[0, i, hot] = 1
    return out


@pytest.mark.parametrize("depth, index, hot, expected", [
    (400, 300, [44], "index 300 came back as class 44: input cast to uint8? 300 wraps to 44"),
    (400, 300, [255], "input cast to uint8? 300 saturates at 255"),
    (400, 300, [44, 300], "input cast to uint8? 300 wraps to 44, and classes [44, 300] are all 44 in uint8"),
    (257, 0, [0, 256], "input cast to uint8? classes [0, 256] are all 0 in uint8"),
    (40000, 33000, [], "input cast to int16? 33000 wraps to -32536, outside 0..39999: a zero row"),
    (40000, 33000, [32767], "input cast to int16? 33000 saturates at 32767"),
    (5000, 2049, [2048], "indices rounded through float16? 2049 -> 2048"),
    (100, 5, [4], "indices shifted by one"),
])
def test_cause_is_named(depth, index, hot, expected):
    message = one_hot_mismatch(encoded(depth, [hot]), np.array([[index]]), depth)
    assert expected in message


def test_correct_output_has_no_diagnosis():
    x = np.array([[0, 5, 99]])
    assert one_hot_mismatch(encoded(100, [[0], [5], [99]]), x, 100) is None


@pytest.mark.parametrize("shape, expected", [
    ((3, 100), "an axis was dropped"), ((1, 3), "no class axis"), ((1, 3, 99), "depth passed to the wrong"),
])
def test_shape_causes(shape, expected):
    assert expected in one_hot_mismatch(np.zeros(shape), np.zeros((1, 3), dtype=int), 100)
