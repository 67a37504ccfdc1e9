"""The diagnosis names the cause (a stable id and words) behind every pattern seen across backends.

These are the unit tests of the texts; tests/test_corpus.py shows each cause reaching the broken
layer it describes.
"""
import numpy as np
import pytest

from pytest_onehot.diagnose import (CAUSES, Cause, common_out_of_range_cause, one_hot_finding, round_to_bits,
                                    through_float)


def encoded(depth, rows):
    """An output of shape (1, len(rows), depth) with the given hot classes per position."""
    out = np.zeros((1, len(rows), depth), dtype="float32")
    for i, hot in enumerate(rows):
        out[0, i, hot] = 1
    return out


@pytest.mark.parametrize("depth, index, hot, cause_id, expected", [
    (400, 300, [44], "uint8-cast", "input cast to uint8? 300 wraps to 44"),
    (400, 300, [255], "uint8-cast", "input cast to uint8? 300 saturates at 255"),
    (400, 300, [44, 300], "uint8-cast", "input cast to uint8? 300 wraps to 44, and classes [44, 300] are all 44"),
    (400, 5, [5, 261], "narrow-class-range", "classes compared in uint8? classes [5, 261] are all 5 in uint8"),
    (40000, 33000, [], "int16-cast", "input cast to int16? 33000 wraps to -32536, outside 0..39999: a zero row"),
    (40000, 33000, [32767], "int16-cast", "input cast to int16? 33000 saturates at 32767"),
    (100, 5, [4], "off-by-one", "indices shifted by one? 5 -> 4"),
])
def test_cause_is_named(depth, index, hot, cause_id, expected):
    finding = one_hot_finding(encoded(depth, [hot]), np.array([[index]]), depth)
    assert finding.cause.id == cause_id and expected in finding.cause.text
    assert finding.message("x").startswith(f"x: {finding.cause.text} (1 of 1 positions wrong")


@pytest.mark.parametrize("index_dtype, path, cause_id, words", [
    ("float32", "eager", "autocast-rounding", "float indices autocast to float16? 2049 -> 2048"),
    ("int32", "eager", "compute-dtype-rounding", "indices cast to float16? 2049 -> 2048"),
    ("float32", "compiled", "compute-dtype-rounding", "indices cast to float16 in compiled code? 2049 -> 2048"),
])
def test_float16_rounding_names_autocast_or_a_cast(index_dtype, path, cause_id, words):
    finding = one_hot_finding(encoded(5000, [[2048]]), np.array([[2049]]), 5000, index_dtype, path)
    assert finding.cause.id == cause_id and words in finding.cause.text


def test_bfloat16_rounding_as_keras_category_encoding_shows_it():
    """257 -> 256, 511 -> 512 and 999 -> 1000 (past depth 1000: a zero row)."""
    finding = one_hot_finding(encoded(1000, [[256], [512], []]), np.array([[257, 511, 999]]), 1000, "int32",
                              "compiled")
    assert finding.cause.id == "compute-dtype-rounding"
    assert "bfloat16 in compiled code? 257 -> 256" in finding.cause.text


def test_a_narrow_cast_after_autocast_is_the_narrow_cast():
    """The seed's Lambda (uint8 cast) under mixed_float16, float indices: 257, 511, 999 wrap, and
    2049 and 2051 are rounded to 2048 and 2052 first, then wrap: one cause for every position."""
    x = np.array([[257, 511, 999, 2049, 2051]])
    finding = one_hot_finding(encoded(2100, [[1], [255], [231], [0], [4]]), x, 2100, "float32", "eager")
    assert finding.cause.id == "uint8-cast" and finding.cause.text == "input cast to uint8? 257 wraps to 1"
    alone = one_hot_finding(encoded(2100, [[0]]), np.array([[2049]]), 2100, "float32", "eager")
    assert alone.cause.text == "input cast to uint8? 2048 wraps to 0 (2049 autocast to float16 is 2048)"
    # Integer indices are not autocast: the same classes there are not a narrow cast.
    assert one_hot_finding(encoded(2100, [[0]]), np.array([[2049]]), 2100, "int32", "eager").cause is None


@pytest.mark.parametrize("value, bits, rounded", [
    (257, 8, 256), (511, 8, 512), (999, 8, 1000), (255, 8, 255), (2049, 11, 2048), (2051, 11, 2052),
    (4097, 11, 4096), (2048, 11, 2048),
])
def test_rounding_matches_the_float_formats(value, bits, rounded):
    assert round_to_bits(value, bits) == rounded
    assert through_float(2049, "float16") == int(np.float16(2049))


def test_nan_rows_are_not_described_as_hot_classes():
    out = np.full((1, 2, 10), np.nan, dtype="float32")
    finding = one_hot_finding(out, np.array([[1, 2]]), 10)
    assert finding.cause.id == "nan-rows"
    assert "row of NaN" in finding.evidence and "hot" not in finding.evidence


def test_zero_as_padding():
    finding = one_hot_finding(encoded(10, [[], [3], []]), np.array([[0, 3, 0]]), 10)
    assert finding.cause.id == "zero-is-padding"


def test_repeated_descriptions_are_counted_once():
    finding = one_hot_finding(encoded(10, [[], [3], [], []]), np.array([[0, 3, 0, 0]]), 10)
    assert finding.evidence.count("index 0 came back as an all-zero row") == 1
    assert "(3 times)" in finding.evidence


def test_correct_output_has_no_finding():
    x = np.array([[0, 5, 99]])
    assert one_hot_finding(encoded(100, [[0], [5], [99]]), x, 100) is None


@pytest.mark.parametrize("shape, cause_id, words", [
    ((3, 100), "squeezed-axis", "an axis of size 1 was dropped"),
    ((1, 3), "axis-dropped", "an axis was dropped"),
    ((1, 3, 99), "wrong-depth", "one column too few"),
    ((1, 3, 101), "wrong-depth", "an extra column for out-of-vocabulary ids"),
    ((1, 3, 7), "wrong-depth", "depth passed to the wrong argument"),
    ((1, 100, 3), "class-axis-misplaced", "the class axis (depth 100) is axis 1"),
    ((1, 3, 100, 1), "extra-axis", "an extra axis"),
])
def test_shape_causes(shape, cause_id, words):
    finding = one_hot_finding(np.zeros(shape), np.zeros((1, 3), dtype=int), 100)
    assert finding.cause.id == cause_id and words in finding.cause.text


def test_a_dropped_axis_of_size_two():
    finding = one_hot_finding(np.zeros((3, 100)), np.zeros((2, 3), dtype=int), 100)
    assert finding.cause.id == "axis-dropped"


def test_a_squeeze_at_depth_one_is_not_called_returning_indices():
    finding = one_hot_finding(np.zeros((2, 1)), np.zeros((2, 1), dtype=int), 1)
    assert finding.cause.id == "squeezed-axis"


@pytest.mark.parametrize("seen, cause_id, words", [
    ({-1: [299], 300: []}, "negative-wraps", "-1 gives class 299"),
    ({-1: [0], 300: [299]}, "clamped-indices", "clipped into 0..299"),
    ({-1: [255], 300: [44]}, "uint8-cast", "-1 wraps to 255"),
    ({-1: [0], 300: [255]}, "uint8-cast", "300 saturates at 255"),
    ({-1: [], 300: [299]}, "off-by-one", "300 gives class 299"),
    ({-1: [0], 300: [0], 307: [0]}, "invalid-as-class-0", "300 gives class 0"),  # not a clip: 300 -> 0
])
def test_out_of_range_causes(seen, cause_id, words):
    cause = common_out_of_range_cause(seen, 300)
    assert cause.id == cause_id and words in cause.text


def test_no_shift_where_in_range_indices_were_right():
    """300 -> 299 alone reads as off by one, unless the in-range indices of the same call were right
    (XLA's gather clamps a take past the end)."""
    assert common_out_of_range_cause({300: [299]}, 300, valid_right=True).id == "clamped-indices"


def test_every_cause_has_words_and_ids_are_checked():
    assert all(text and not text.endswith(".") for text in CAUSES.values())
    with pytest.raises(ValueError):
        Cause("no-such-cause", "text")


def test_no_cause_from_positions_that_land_near_by_chance():
    """A layer that reverses the length axis (written blind): two of four positions land on the
    next or previous class by chance. "Shifted by one?" explains those two only, so no cause is
    named; a cause is named where it explains every wrong position."""
    from pytest_onehot.diagnose.values import value_finding

    x = np.array([[5, 7, 6, 1]])
    assert value_finding(np.eye(10)[x[:, ::-1]], x, 10).cause is None
    assert value_finding(np.eye(10)[x + 1], x, 10).cause.id == "off-by-one"
