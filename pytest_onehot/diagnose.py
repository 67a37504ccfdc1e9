"""Evidence -> the likely cause, in one line, with a stable cause id. NumPy only.

Every diagnosis the suite prints is made here. A `Cause` has an id that never changes
(`uint8-cast`) and a text that may carry this run's numbers ("input cast to uint8? 300 wraps
to 44"); the summary groups failures by id and prints `CAUSES[id]` once, with the fix.

Works on hot positions and non-zero counts, never on a dense `np.eye(depth)`.
"""
import dataclasses
import os
import re
import sys

import numpy as np

from pytest_onehot import exporters, facts

# Each cause once, in general words with the fix: what the summary prints.
CAUSES = {
    # values
    "uint8-cast": "indices cast to uint8: every index above 255 wraps (or saturates under XLA): cast to int32",
    "int8-cast": "indices cast to int8: every index above 127 wraps (or saturates under XLA): cast to int32",
    "int16-cast": "indices cast to int16: every index above 32767 wraps (or saturates under XLA): cast to int32",
    "narrow-class-range": "classes built or compared in the indices' narrow dtype (arange(depth, dtype=x.dtype), "
                          "or one_hot of uint8/int8 indices on JAX): classes past that dtype alias smaller ones, "
                          "so one index lights two classes: cast indices to int32 before encoding",
    "autocast-rounding": "float indices are autocast to float16/bfloat16 under mixed precision and large ones "
                         "round to a neighbour: give the layer autocast=False (as Embedding does) and cast to int32",
    "compute-dtype-rounding": "indices are cast to the layer's compute dtype (float16/bfloat16 under mixed "
                              "precision) and large ones round to a neighbour: keep indices integer (int32)",
    "off-by-one": "indices shifted by one class: check the arithmetic on indices (a -1 or +1)",
    "zero-is-padding": "index 0 comes back as an all-zero row: 0 is treated as padding, but it is a class",
    "nan-rows": "rows of a table gathered by index (take): on JAX an index past the end gives a row of NaN "
                "and a negative one counts from the end: compare indices with arange(depth) instead",
    "not-binary": "values other than 0 and 1: the output is scaled or blended, not a one-hot encoding",
    # out of range
    "negative-wraps": "negative indices count from the end, Python-style: -1 gives the last class: "
                      "compare indices with arange(depth), so that -1 matches no class",
    "clamped-indices": "out-of-range indices are clipped into 0..depth-1 and come back as the first or last class: "
                       "let them match no class (compare with arange(depth)) instead of clipping",
    "modulo-depth": "indices are taken modulo depth: out-of-range ones alias valid classes",
    # shapes
    "squeezed-axis": "an axis of size 1 is dropped (a squeeze in the layer?): a (batch, 1) input or depth 1 "
                     "loses an axis; expand or reshape explicitly instead of squeezing",
    "axis-dropped": "an axis is dropped: the output has fewer axes than (batch, length, depth)",
    "extra-axis": "an extra axis: the layer adds a dimension (expand_dims, or the input reshaped)",
    "class-axis-misplaced": "the class axis is not the last one: a negative axis handled wrongly?",
    "wrong-depth": "the class axis does not have `depth` entries: depth passed to the wrong argument, or off by one",
    "static-length": "compute_output_shape ignores the input's length (it returns the constructor's input_length): "
                     "return input_shape + (depth,)",
    # dtypes and mixed precision
    "symbolic-dtype": "the symbolic output declares another dtype than the layer returns (a compute_output_spec "
                      "that copies the input's dtype?): models built on it are told the wrong dtype; declare "
                      "self.compute_dtype",
    "output-dtype": "the output is not in the layer's compute dtype: build it with dtype=self.compute_dtype",
    "index-dtype-rejected": "an op rejects this index dtype (tf.one_hot takes uint8, int32 and int64 only; "
                            "embedding_lookup int32 and int64): cast indices to int32 first",
    "float-indices-rejected": "float indices reach an op that needs integers (one_hot, gather): "
                              "cast the input to int32 first",
    # serialization and cloning
    "safe-mode-lambda": "safe mode refuses a Lambda over a Python lambda: write a registered Layer subclass "
                        "(or load with safe_mode=False only for files you trust)",
    "lambda-not-located": "Keras 3 cannot find the function a Lambda wraps (nested or not importable): "
                          "write a registered Layer subclass instead of a Lambda",
    "lambda-lost-globals": "the Lambda's function lost its module's names (ops, K, tf) when rebuilt from bytecode: "
                           "write a registered Layer subclass instead of a Lambda",
    "keras-clone-lambda": f"Keras itself: clone_model refuses any Lambda over a Python lambda on "
                          f"{facts.releases('clone-refuses-lambda')} (its from_config runs in safe mode); not the "
                          "layer's config",
    "unregistered-class": "the layer class is not registered: decorate it with "
                          "@keras.saving.register_keras_serializable()",
    "unregistered-incomplete-config": "the layer class is not registered and get_config() leaves out an "
                                      "__init__ argument: register it and return every argument",
    "incomplete-config": "get_config() does not return every __init__ argument",
    "config-not-accepted": "__init__ does not accept what get_config() returns",
    # tracing
    "not-traceable": "the layer turns tensors into Python/NumPy values in call: it cannot be traced "
                     "into a graph (predict, tf.function, jit, export)",
    "needs-input-length": "the factory needs input_length: it cannot be built for an unknown length",
    # training and weights
    "trainable-weights": "the layer owns trainable weights: a one-hot encoding is a fixed function",
    "loss-not-finite": "training through the layer gives a loss that is not finite (a NaN or infinite gradient)",
    "weights-changed": "training changes the layer's weights or outputs",
    "state-across-calls": "the layer keeps what it computed on an earlier call (a tensor cached on the layer) "
                          "and returns it again, even from another graph: compute the output in every call",
    "mutates-input": "the layer changes its input tensor in place (clamp_, masked_fill_, x[...] = ...): the "
                     "caller's indices are different after the call: work on a copy, or use ops that return "
                     "new tensors",
    # global state and memory
    "global-state": "the layer changes global state (Keras's floatx, dtype policy, data format or epsilon, safe "
                    "mode, TensorFlow's eager mode, JAX's x64, torch's default dtype or grad mode): every model "
                    "built after it in the process is affected",
    "reseeds-random": "the layer reseeds global random generators: every model built after it initialises "
                      "the same way, and its users' random streams are reset",
    "depth-squared-memory": "memory grows like depth x depth (an identity table): build the one-hot on the fly "
                            "by comparing indices with arange(depth)",
    # exported models (checks/export.py)
    "onnx-negative-index": "exported to ONNX, -1 becomes the last class (ONNX OneHot counts -depth..-1 from the "
                           "end) where Keras gives a zero row: compare indices with arange(depth) instead of "
                           "calling one_hot",
    "export-lookup-table": "a TensorFlow lookup table (IntegerLookup, StringLookup, StaticHashTable) does not "
                           "survive export: tf2onnx cannot convert it and LiteRT runs it only with the Flex "
                           "delegate; compare indices with arange(depth) instead",
    "jax2onnx-arange": "jax2onnx (ONNX export on JAX, Keras 3.14+) cannot convert keras.ops.arange(stop) with one "
                       "argument: write ops.arange(0, depth)",
}


@dataclasses.dataclass(frozen=True)
class Cause:
    """One likely cause: a stable id (a key of CAUSES) and this run's text for it."""

    id: str
    text: str

    def __post_init__(self):
        if self.id not in CAUSES:
            raise ValueError(f"unknown cause id {self.id!r}")

    def __str__(self):
        return self.text

    @classmethod
    def general(cls, cause_id):
        """The cause in its general words (CAUSES), where a run has no numbers to add."""
        return cls(cause_id, CAUSES[cause_id])


@dataclasses.dataclass(frozen=True)
class Finding:
    """What was seen (`evidence`) and, when known, why (`cause`)."""

    evidence: str
    cause: Cause = None

    def message(self, what=""):
        """The one shape of every failure's line: what was checked, the cause first, then the
        evidence in brackets; each part only where there is one."""
        head = f"{what}: " if what else ""
        if self.cause is None:
            return head + self.evidence
        return head + self.cause.text + (f" ({self.evidence})" if self.evidence else "")


# -- values ------------------------------------------------------------------------------------------

# (lowest, highest) of the integer dtypes a layer may cast indices through, the likeliest
# first: where two explain the same output (300 -> 44 is uint8 and int8), the first is named.
# uint16 is not among them: no depth the catalogue uses reaches past it.
NARROW_DTYPES = {
    "uint8": (0, 255),
    "int16": (-32768, 32767),
    "int8": (-128, 127),
}
SHOWN = 3  # distinct patterns quoted in a message
# Significant bits (the implicit one included): float16 holds every integer up to 2048, bfloat16 up to 256.
FLOAT_BITS = {"float16": 11, "bfloat16": 8}


def wrap(index, dtype):
    lo, hi = NARROW_DTYPES[dtype]
    return (index - lo) % (hi - lo + 1) + lo


def saturate(index, dtype):
    lo, hi = NARROW_DTYPES[dtype]
    return min(max(index, lo), hi)


def round_to_bits(index, bits):
    """`index` rounded to the nearest number with `bits` significant bits, ties to even:
    what a float with that many mantissa bits (implicit one included) holds."""
    if abs(index) < 2 ** bits:
        return index
    shift = abs(index).bit_length() - bits
    step = 1 << shift
    low = (abs(index) >> shift) << shift
    rest = abs(index) - low
    up = rest > step // 2 or (rest == step // 2 and (low >> shift) & 1)
    return int(np.sign(index)) * (low + step if up else low)


def through_float(index, dtype):
    """An integer index as float16 (11 significant bits) or bfloat16 (8) holds it."""
    return round_to_bits(index, FLOAT_BITS[dtype])


def _narrow_cast(index, hot, depth, index_dtype=None):
    """Causes that explain one position through an integer cast, or a class range in that dtype.
    The dtype the indices were given as is tried first: 290 -> 34 is uint8 and int8 alike."""
    found = []
    dtypes = sorted(NARROW_DTYPES, key=lambda d: d != index_dtype)
    for dtype in dtypes:
        for how, narrow in (("wraps to", wrap), ("saturates at", saturate)):
            narrowed = narrow(index, dtype)
            said = f"input cast to {dtype}? {index} {how} {narrowed}"
            lit = narrowed in hot or not 0 <= narrowed < depth  # the class it narrows to lights too
            if len(hot) > 1 and lit and all(narrow(c, dtype) == narrowed for c in hot):
                # Where classes are built or compared in the narrow dtype too, every class that
                # narrows to the same value lights up, even for an index that fits.
                alike = f"classes {hot} are all {narrowed} in {dtype}"
                if narrowed == index:
                    found.append(Cause("narrow-class-range", f"classes compared in {dtype}? {alike}"))
                else:
                    found.append(Cause(f"{dtype}-cast", f"{said}, and {alike}"))
            elif narrowed == index:
                continue
            elif hot == [narrowed]:
                found.append(Cause(f"{dtype}-cast", said))
            elif not hot and not 0 <= narrowed < depth:
                found.append(Cause(f"{dtype}-cast", f"{said}, outside 0..{depth - 1}: a zero row"))
    return found


def _float_rounding(index, hot, index_dtype, path):
    """Causes that explain one position through float16 or bfloat16 rounding: of the index alone
    (one wrong class, or none past the depth), or of the classes it is compared with too."""
    found = []
    for dtype in FLOAT_BITS:
        rounded = through_float(index, dtype)
        if rounded == index and len(hot) < 2:
            continue
        if hot in ([rounded], []) and rounded != index:
            said = f"{index} -> {rounded}" + ("" if hot else " (a zero row: outside the depth)")
        elif len(hot) > 1 and all(through_float(c, dtype) == rounded for c in hot):
            said = f"classes {hot} are all {rounded} in {dtype}"
        else:
            continue
        if index_dtype and index_dtype.startswith("float") and path != "compiled":
            found.append(Cause("autocast-rounding", f"float indices autocast to {dtype}? {said}"))
        else:
            where = " in compiled code" if path == "compiled" else ""
            found.append(Cause("compute-dtype-rounding", f"indices cast to {dtype}{where}? {said}"))
    return found


def _explanations(index, hot, depth, index_dtype=None, path=None):
    """Every cause that explains one position: `index` encoded with hot classes `hot`."""
    found = _narrow_cast(index, hot, depth, index_dtype) + _float_rounding(index, hot, index_dtype, path)
    if hot in ([index - 1], [index + 1]):
        found.append(Cause("off-by-one", f"indices shifted by one? {index} -> {hot[0]}"))
    return found


def class_list(hot, count):
    """`classes 0, 1, 2, 3, ... (100 in all)`: the first classes lit, and how many there are."""
    shown = ", ".join(map(str, hot))
    return f"classes {shown}" + (f", ... ({count} in all)" if count > len(hot) else "")


def _describe(index, row, hot, count=None):
    if np.isnan(row).any():
        return f"index {index} came back as a row of NaN"
    if not hot:
        return f"index {index} came back as an all-zero row"
    if len(hot) > 1 or (count or 0) > 1:
        return f"index {index} came back hot at {class_list(hot, count or len(hot))}"
    if hot == [index]:
        return f"index {index} came back with value {row[index]:g} instead of 1"
    return f"index {index} came back as class {hot[0]}"


def _common_cause(explained):
    """The cause shared by all bad positions (by id), else the first position's first."""
    ids = [{c.id for c in found} for found in explained]
    shared = set.intersection(*ids) if ids else set()
    for found in explained:
        for cause in found:
            if cause.id in shared:
                return cause
    return next((found[0] for found in explained if found), None)


def _pattern_cause(flat_out, flat_idx, bad):
    """Causes that only a whole pattern shows (not one position)."""
    rows = flat_out[bad]
    if np.isnan(rows).any():
        return Cause("nan-rows", "rows of NaN: a gather outside a table's range?")
    if not np.isin(rows, (0, 1)).all():
        return Cause("not-binary", "values other than 0 and 1")
    zero = np.count_nonzero(rows, axis=1) == 0
    if zero.all() and (flat_idx[bad] == 0).all():
        return Cause("zero-is-padding", "index 0 treated as padding? every 0 came back as a zero row")
    return None


def _summarise(descriptions):
    """Each distinct description once, with a count where it repeats."""
    counts = {}
    for text in descriptions:
        counts[text] = counts.get(text, 0) + 1
    said = [text if n == 1 else f"{text} ({n} times)" for text, n in counts.items()]
    more = len(said) - SHOWN
    return "; ".join(said[:SHOWN]) + (f"; and {more} more" if more > 0 else "")


def value_finding(output, indices, depth, index_dtype=None, path=None):
    """None when `output` one-hot encodes `indices` (all in 0..depth-1); else a Finding.

    `index_dtype` (the dtype the indices were given as) and `path` ("eager" or "compiled")
    let float rounding be told apart: autocast of float inputs, or a cast to the compute dtype.
    """
    flat_out = output.reshape(-1, depth).astype(np.float64)
    flat_idx = indices.reshape(-1).astype(np.int64)
    rows = np.arange(len(flat_idx))
    nonzero = np.count_nonzero(flat_out, axis=1)
    good = (nonzero == 1) & (flat_out[rows, flat_idx] == 1)
    if good.all():
        return None
    bad = np.flatnonzero(~good)
    descriptions, explained = [], []
    for pos in bad[:200]:
        lit = np.flatnonzero(np.nan_to_num(flat_out[pos], nan=1.0))
        hot = [int(c) for c in lit[:4]]
        index = int(flat_idx[pos])
        descriptions.append(_describe(index, flat_out[pos], hot, len(lit)))
        explained.append(_explanations(index, hot, depth, index_dtype, path))
    cause = _pattern_cause(flat_out, flat_idx, bad) or _common_cause(explained)
    evidence = f"{len(bad)} of {len(flat_idx)} positions wrong: {_summarise(descriptions)}"
    return Finding(evidence, cause)


# -- shapes ------------------------------------------------------------------------------------------

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
        cause = Cause("squeezed-axis", "an axis of size 1 was dropped: a squeeze in the layer?")
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


def one_hot_finding(output, indices, depth, index_dtype=None, path=None):
    """None when `output` is exactly the one-hot encoding of `indices`; else a Finding."""
    output, indices = np.asarray(output), np.asarray(indices)
    return (shape_finding(output.shape, indices.shape + (depth,))
            or value_finding(output, indices, depth, index_dtype, path))


# -- out-of-range indices ----------------------------------------------------------------------------

def out_of_range_causes(index, hot, depth):
    """Every cause that explains an out-of-range `index` coming back as the classes `hot`."""
    found = []
    if hot == [index + depth]:
        found.append(Cause("negative-wraps", f"negative indices count from the end? {index} gives class {hot[0]}"))
    if hot == [min(max(index, 0), depth - 1)]:
        found.append(Cause("clamped-indices", f"indices clipped into 0..{depth - 1}? {index} gives class {hot[0]}"))
    found += _narrow_cast(index, hot, depth)
    if hot == [index % depth]:
        found.append(Cause("modulo-depth", f"indices taken modulo depth? {index} gives class {hot[0]}"))
    return found


def common_out_of_range_cause(seen, depth):
    """The cause that explains every out-of-range index that came back hot (`seen` maps index ->
    hot classes), else the first index's likeliest one; None when nothing explains them."""
    shifts = {hot[0] - index for index, hot in seen.items() if len(hot) == 1}
    if len(shifts) == 1 and shifts <= {-1, 1} and all(len(hot) == 1 for hot in seen.values() if hot):
        # One shift for all (300 -> 299 alone): an off-by-one, not a clip, which moves -1 and
        # depth in opposite directions.
        index = next(index for index, hot in seen.items() if hot)
        return Cause("off-by-one", f"indices shifted by one? {index} gives class {seen[index][0]}")
    explained = [out_of_range_causes(index, hot, depth) for index, hot in seen.items() if hot]
    ids = [[c.id for c in found] for found in explained]
    for cause_id in (ids[0] if ids else []):
        if all(cause_id in others for others in ids):
            texts = [next(c.text for c in found if c.id == cause_id) for found in explained]
            return Cause(cause_id, _joined(texts))
    return next((found[0] for found in explained if found), None)


def _joined(texts):
    """Texts of one cause, its question asked once: "clipped? -1 gives class 0; 300 gives class 299"."""
    by_question = {}
    for text in dict.fromkeys(texts):
        question, mark, evidence = text.partition("? ")
        by_question.setdefault(question + mark if mark else "", []).append(evidence if mark else text)
    return "; ".join(question + "; ".join(evidence) for question, evidence in by_question.items())


def export_out_of_range_cause(fmt, index, hot, depth, same_in_keras):
    """Why an exported model gives out-of-range `index` the classes `hot`: the layer's own cause
    where Keras gives the same, the format's own negative indices (a fact its exporter declares:
    ONNX's), or None."""
    if same_in_keras:
        return common_out_of_range_cause({index: hot}, depth)
    exporter = exporters.EXPORTERS[fmt]
    if exporter.negative_index_cause and index < 0 and hot == [index + depth]:
        return Cause(exporter.negative_index_cause,
                     f"exported to {exporter.name}, {index} gives class {hot[0]} where Keras does not")
    return None


# -- exceptions ---------------------------------------------------------------------------------------

# Known exception texts -> cause id. Each needle (or every needle of a tuple) must occur,
# case-insensitively, in the whole chain of exceptions (Keras wraps the real one); the first
# entry that matches wins, so the specific come before the general.
EXCEPTION_CAUSES = (
    ("could not locate function", "lambda-not-located"),
    ("python `lambda`", "safe-mode-lambda"),
    ("python lambda", "safe-mode-lambda"),
    ("unsafe", "safe-mode-lambda"),
    (("is not defined", "lambda"), "lambda-lost-globals"),
    # float16 indices (mixed precision's autocast) are float indices: one bug, one cause.
    ("'ti' of half", "float-indices-rejected"),
    ("'ti' of bfloat16", "float-indices-rejected"),
    ("'ti' of int16", "index-dtype-rejected"),
    ("'ti' of int8", "index-dtype-rejected"),
    ("'tindices' of", "index-dtype-rejected"),
    ("'tidx' of", "narrow-class-range"),
    ("'ti' of float", "float-indices-rejected"),
    ("has datatype float", "float-indices-rejected"),
    ("has datatype", "index-dtype-rejected"),
    ("arrays used as indices must be of integer", "float-indices-rejected"),
    ("must be an integer", "float-indices-rejected"),
    ("index tensor of type", "float-indices-rejected"),
    ("indices must be integer", "float-indices-rejected"),
    ("out of scope and cannot be used here", "state-across-calls"),
    ("encountered an unexpected tracer", "state-across-calls"),
    ("concretization", "not-traceable"),
    ("tracerarrayconversion", "not-traceable"),
    ("convert a symbolic", "not-traceable"),
    ("numpy() is only available", "not-traceable"),
    ("not allowed in graph", "not-traceable"),
    ("passed to jax.numpy.arange at position 1", "jax2onnx-arange"),
    ("lookuptablefind", "export-lookup-table"),
    ("select tensorflow op", "export-lookup-table"),
    ("required positional argument", "incomplete-config"),
    ("unexpected keyword argument", "config-not-accepted"),
    ("unknown layer", "unregistered-class"),
    ("could not locate class", "unregistered-class"),
)


def chain(exc):
    """`exc` and the exceptions it was raised from or during (Keras wraps the real one)."""
    seen = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


_REJECTED_DTYPE = re.compile(r"'(?:ti|tindices)' of (\w+)|has datatype (\w+) not in list")
_AUTOCAST_DTYPES = {"half": "float16", "bfloat16": "bfloat16"}


def _rejected_dtype(text):
    """The words for an op that refused an index dtype, naming the dtype."""
    found = _REJECTED_DTYPE.search(text)
    dtype = next((g for g in found.groups() if g), "this") if found else "this"
    if dtype in _AUTOCAST_DTYPES:
        return (f"float indices were autocast to {_AUTOCAST_DTYPES[dtype]} under mixed precision and the op "
                "rejects them: give the layer autocast=False and cast indices to int32")
    return f"the op rejects {dtype} indices (tf.one_hot takes uint8, int32, int64): cast indices to int32 first"


def _range_dtype(text):
    found = re.search(r"'tidx' of (\w+)", text)
    dtype = found.group(1) if found else "a narrow"
    return (f"classes built in the indices' {dtype} dtype (arange(depth, dtype=x.dtype)), which tf.range refuses: "
            "cast indices to int32 before building classes")


# Causes whose words are made from the exception's own text.
WORDS = {"index-dtype-rejected": _rejected_dtype, "narrow-class-range": _range_dtype}


def exception_cause(exc):
    """The likely cause of a layer's exception, or None when it is not a known pattern."""
    text = " | ".join(f"{type(e).__name__}: {e}" for e in chain(exc)).lower()
    for needles, cause_id in EXCEPTION_CAUSES:
        if all(n in text for n in ((needles,) if isinstance(needles, str) else needles)):
            words = WORDS.get(cause_id, lambda _: CAUSES[cause_id])(text)
            return Cause(cause_id, words)
    return None


# Modules whose frames are never the layer's own: Keras, its backends, this plugin, pytest, the
# exporters (theirs from the exporters' routes). Judged by module name, not path: third-party
# layers live in site-packages too.
NOT_THE_LAYER = frozenset((
    "keras", "tf_keras", "tensorflow", "tf", "jax", "jaxlib", "torch", "numpy", "ml_dtypes", "optree",
    "absl", "h5py", "google", "pytest_onehot", "_pytest", "pytest", "pluggy", "hypothesis", "scipy",
    "__autograph_generated", *exporters.modules(),
))


def _is_layer_frame(frame):
    if "__autograph_generated_file" in frame.f_code.co_filename:
        return False  # TensorFlow's rewrite of the layer's code; its message names the real line
    name = frame.f_globals.get("__name__") or ""
    root = name.split(".")[0]
    if root.startswith("__autograph_generated") or root in NOT_THE_LAYER:
        return False
    stdlib = getattr(sys, "stdlib_module_names", ())  # Python 3.10+
    return root not in stdlib and root not in ("importlib", "contextlib", "functools", "threading")


def layer_frame(exc):
    """(file, line, function) of the innermost frame in the layer's own code that an exception
    (or one it was raised from) passed through; None when it never did."""
    for error in reversed(chain(exc)):  # the innermost error first: Keras re-raises the real one
        found = None
        tb = error.__traceback__
        while tb is not None:
            if _is_layer_frame(tb.tb_frame):
                found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno, tb.tb_frame.f_code.co_name)
            tb = tb.tb_next
        if found:
            return found
    # TensorFlow's graph errors list the user's own frames as text: 'File "...", line N, in call'.
    listed = _USER_CODE.findall(" ".join(str(e) for e in chain(exc)))
    return (listed[-1][0], int(listed[-1][1]), listed[-1][2]) if listed else None


_USER_CODE = re.compile(r'File "([^"]+)", line (\d+), in (\w+)')


def where(exc, base_dir=None):
    """" at path:line in func" for the layer's own frame, or "" when there is none."""
    found = layer_frame(exc)
    if found is None:
        return ""
    path, line, func = found
    base = base_dir or os.getcwd()
    if os.path.isabs(path) and path.startswith(os.path.join(base, "")):
        path = os.path.relpath(path, base)
    return f" at {path}:{line} in {func}"
