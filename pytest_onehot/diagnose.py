"""Observed vs expected -> the likely cause, in one line. NumPy only.

Works on hot positions and non-zero counts, never on a dense `np.eye(depth)`.
"""
import numpy as np

# (lowest, highest) of the integer dtypes a layer may cast indices through, the likeliest
# first: where two explain the same output (300 -> 44 is uint8 and int8), the first is named.
NARROW_DTYPES = {
    "uint8": (0, 255),
    "int16": (-32768, 32767),
    "int8": (-128, 127),
    "uint16": (0, 65535),
}
SHOWN = 3  # bad positions quoted in a message


def wrap(index, dtype):
    lo, hi = NARROW_DTYPES[dtype]
    return (index - lo) % (hi - lo + 1) + lo


def saturate(index, dtype):
    lo, hi = NARROW_DTYPES[dtype]
    return min(max(index, lo), hi)


def through_float16(index):
    return int(np.float16(index))


def _explanations(index, hot, depth):
    """Every cause that explains one position: `index` encoded with hot classes `hot`."""
    found = []
    for dtype in NARROW_DTYPES:
        for how, narrowed in (("wraps to", wrap(index, dtype)), ("saturates at", saturate(index, dtype))):
            said = f"input cast to {dtype}? {index} {how} {narrowed}"
            if len(hot) > 1 and all(wrap(c, dtype) == narrowed for c in hot):
                # Where classes are compared in the narrow dtype too (JAX), every class that
                # narrows to the same value lights up, even for an index that fits.
                alike = f"classes {hot} are all {narrowed} in {dtype}"
                found.append(f"input cast to {dtype}? {alike}" if narrowed == index else f"{said}, and {alike}")
            elif narrowed == index:
                continue
            elif hot == [narrowed]:
                found.append(said)
            elif not hot and not 0 <= narrowed < depth:
                found.append(f"{said}, outside 0..{depth - 1}: a zero row")
    if index > 2048 and hot == [through_float16(index)]:
        found.append(
            f"indices rounded through float16? {index} -> {through_float16(index)}: "
            "mixed-precision autocast of float inputs (give the layer autocast=False)"
        )
    if hot in ([index - 1], [index + 1]):
        found.append("indices shifted by one")
    return found


def _describe(index, hot, values):
    if not hot:
        return f"index {index} came back as an all-zero row"
    if len(hot) > 1:
        return f"index {index} came back hot at classes {hot}"
    if hot == [index]:
        return f"index {index} came back with value {values[0]:g} instead of 1"
    return f"index {index} came back as class {hot[0]}"


def _common_cause(explained):
    """The explanation shared by all bad positions (by its leading words), else the first's."""
    keys = [{e.split("?")[0] for e in found} for found in explained]
    shared = set.intersection(*keys) if keys else set()
    for found in explained:
        for text in found:
            if text.split("?")[0] in shared:
                return text
    return next((found[0] for found in explained if found), None)


def value_mismatch(output, indices, depth):
    """None when `output` one-hot encodes `indices` (all in 0..depth-1); else why not."""
    flat_out = output.reshape(-1, depth)
    flat_idx = indices.reshape(-1).astype(np.int64)
    rows = np.arange(len(flat_idx))
    nonzero = np.count_nonzero(flat_out, axis=1)
    good = (nonzero == 1) & (flat_out[rows, flat_idx] == 1)
    if good.all():
        return None
    bad = np.flatnonzero(~good)
    descriptions, explained = [], []
    for pos in bad[:50]:
        hot = [int(c) for c in np.flatnonzero(flat_out[pos])[:4]]
        index = int(flat_idx[pos])
        if len(descriptions) < SHOWN:
            descriptions.append(_describe(index, hot, flat_out[pos, hot]))
        explained.append(_explanations(index, hot, depth))
    cause = _common_cause(explained) or "the output is not the one-hot encoding of the input"
    return f"{len(bad)} of {len(flat_idx)} positions wrong: {'; '.join(descriptions)}: {cause}"


def shape_mismatch(shape, expected):
    """None when shapes agree; else a line naming the likely cause."""
    shape, expected = tuple(shape), tuple(expected)
    if shape == expected:
        return None
    cause = "wrong output shape"
    if len(shape) == len(expected) and shape[-1] != expected[-1]:
        cause = f"last axis has {shape[-1]} classes, not depth {expected[-1]}: depth passed to the wrong argument?"
    elif shape == expected[:-1]:
        cause = "no class axis: the layer returns indices, not one-hot vectors"
    elif len(shape) < len(expected):
        cause = "an axis was dropped: a squeeze in the layer, or a wrong compute_output_shape?"
    elif len(shape) > len(expected):
        cause = "an extra axis: the layer adds a dimension (expand_dims or input reshaped)?"
    return f"output shape {shape}, expected {expected}: {cause}"


def one_hot_mismatch(output, indices, depth):
    """None when `output` is exactly the one-hot encoding of `indices`; else a diagnosis."""
    output, indices = np.asarray(output), np.asarray(indices)
    problem = shape_mismatch(output.shape, indices.shape + (depth,))
    return problem or value_mismatch(output, indices, depth)


SAFE_MODE_LAMBDA = ("safe mode refuses a Lambda over a Python lambda: write a registered Layer subclass "
                    "(or load with safe_mode=False only for files you trust)")
UNREGISTERED = "the layer class is not registered: decorate it with @keras.saving.register_keras_serializable()"
FLOAT_INDICES = "float indices reached one_hot: cast the input to int32 first"
NOT_JITTABLE = "the layer turns tensors into Python/NumPy values in call: not traceable under jit"

# Known exception texts -> what the user should do. Matched case-insensitively, first wins.
EXCEPTION_CAUSES = (
    ("could not locate function", "Keras 3 cannot find the function a Lambda wraps (nested or unregistered): "
     "write a registered Layer subclass instead of a Lambda"),
    ("python `lambda`", SAFE_MODE_LAMBDA),
    ("python lambda", SAFE_MODE_LAMBDA),
    ("unsafe", "safe mode refuses this Lambda: write a registered Layer subclass"),
    ("unknown layer", UNREGISTERED),
    ("could not locate class", UNREGISTERED),
    ("required positional argument", "get_config() does not return every __init__ argument"),
    ("unexpected keyword argument", "__init__ does not accept what get_config() returns"),
    ("'ti' of float", FLOAT_INDICES),
    ("must be an integer", FLOAT_INDICES),
    ("index tensor of type", FLOAT_INDICES),
    ("concretization", NOT_JITTABLE),
    ("tracerarrayconversion", NOT_JITTABLE),
    ("convert a symbolic", "the layer turns tensors into NumPy values in call: not traceable in a graph"),
    ("numpy() is only available", "the layer calls .numpy() in call: not traceable in a graph"),
    ("not allowed in graph", "the layer uses a tensor as a Python bool in call: not traceable in a graph"),
    ("out of bounds", "an index outside 0..depth-1 reached a gather that checks bounds"),
)


def _chain(exc):
    """`exc` and the exceptions it was raised from or during (Keras wraps the real one)."""
    seen = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def explain_exception(exc):
    """The likely cause of a layer's exception, or None when it is not a known pattern."""
    text = " | ".join(f"{type(e).__name__}: {e}" for e in _chain(exc)).lower()
    for needle, cause in EXCEPTION_CAUSES + EXPORT_EXCEPTION_CAUSES:
        if needle in text:
            return cause
    return None


# -- Exported models (checks/export.py): ONNX, LiteRT, serving SavedModel ----------------------------
# Cause ids: onnx-negative-index, export-out-of-range-class, layer-out-of-range-class,
# serving-signature-dtype, export-lookup-table, jax2onnx-arange.
EXPORT_CAUSES = {
    "onnx-negative-index": "ONNX OneHot counts -1 from the end (it accepts -depth..-1): compare indices with "
                           "arange(depth) instead of calling one_hot",
    "export-out-of-range-class": "the exported graph gives an out-of-range index a class: compare indices with "
                                 "arange(depth) instead of calling one_hot or gathering rows",
    "layer-out-of-range-class": "Keras gives the same class: a silent wrong class in the layer itself, not the "
                                "exporter's (see out-of-range)",
    "serving-signature-dtype": "the serving signature does not take the model's integer indices: export from a "
                               "model whose Input has the integer dtype",
    "export-lookup-table": "a TensorFlow lookup table (IntegerLookup, StringLookup, StaticHashTable) does not "
                           "survive export: tf2onnx cannot convert it and LiteRT runs it only with the Flex "
                           "delegate; compare indices with arange(depth) instead",
    "jax2onnx-arange": "jax2onnx cannot convert keras.ops.arange(stop) with one argument on JAX (Keras passes "
                       "stop=None): write ops.arange(0, depth)",
}
EXPORT_EXCEPTION_CAUSES = (
    ("passed to jax.numpy.arange at position 1", EXPORT_CAUSES["jax2onnx-arange"]),
    ("lookuptablefind", EXPORT_CAUSES["export-lookup-table"]),
    ("select tensorflow op", EXPORT_CAUSES["export-lookup-table"]),
)


def export_out_of_range_cause(fmt, index, hot, depth, same_in_keras):
    """The cause id for an exported model giving out-of-range `index` the classes `hot`."""
    if same_in_keras:
        return "layer-out-of-range-class"
    if fmt == "onnx" and index < 0 and hot == [index + depth]:
        return "onnx-negative-index"
    return "export-out-of-range-class"
