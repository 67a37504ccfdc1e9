"""What the layer raised -> the likely cause: known exception texts, matched through the chain."""
import re

from pytest_onehot.diagnose.causes import CAUSES, Cause
from pytest_onehot.exporters.base import HELD_TENSOR_INPUT
from pytest_onehot.keras_state import FLOAT_ARRAYS, UNINITIALIZED


# Known exception texts -> cause id. Each needle (or every needle of a tuple) must occur,
# case-insensitively, in the whole chain of exceptions (Keras wraps the real one); the first
# entry that matches wins, so the specific come before the general.
EXCEPTION_CAUSES = (
    # keras_state's ArbitraryValuesError: the layer raised only on the values a shape is inferred from.
    (UNINITIALIZED.lower(), "shape-from-uninitialized"),
    ("could not locate function", "lambda-not-located"),
    ('(not "trackedlist") to tuple', "keras-lambda-output-shape"),
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
    (HELD_TENSOR_INPUT.lower(), "state-across-calls"),
    ("encountered an unexpected tracer", "state-across-calls"),
    ("concretization", "not-traceable"),
    ("tracerarrayconversion", "not-traceable"),
    # bool()/int() of a traced array; Keras re-raising it with its own message fails (no '_error_repr').
    ("tracerboolconversion", "not-traceable"),
    ("tracerintegerconversion", "not-traceable"),
    ("convert a symbolic", "not-traceable"),
    ("numpy() is only available", "not-traceable"),
    ("not allowed in graph", "not-traceable"),
    ("operatornotallowedingrapherror", "not-traceable"),  # bool() or iteration of a symbolic tf.Tensor
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


def _inferred_from(text):
    """A shape inferred on float arrays says so: casting is not the fix. Keras infers a Lambda's in its
    float compute dtype always, and any first layer's of a Sequential without an Input (it builds on that)."""
    if FLOAT_ARRAYS.lower() not in text:
        return CAUSES["shape-from-uninitialized"]
    lambda_layer = "(of type lambda)" in text or "the lambda's output" in text
    fix = ("give the Lambda output_shape=(length, depth) (or write a Layer subclass with compute_output_shape)"
           if lambda_layer else "declare the shape: compute_output_shape in the layer")
    return ("Keras's NumPy backend infers the layer's output shape by calling it on arrays of its float compute "
            "dtype (float32: a Lambda's always, and a layer's that starts a Sequential without an Input), not on "
            f"the int32 ids it is given, and the layer raises on them, so building a model on it fails: {fix}")


# Causes whose words are made from the exception's own text.
WORDS = {"index-dtype-rejected": _rejected_dtype, "narrow-class-range": _range_dtype,
         "shape-from-uninitialized": _inferred_from}


def exception_cause(exc):
    """The likely cause of a layer's exception, or None when it is not a known pattern."""
    text = " | ".join(f"{type(e).__name__}: {e}" for e in chain(exc)).lower()
    for needles, cause_id in EXCEPTION_CAUSES:
        if all(n in text for n in ((needles,) if isinstance(needles, str) else needles)):
            words = WORDS.get(cause_id, lambda _: CAUSES[cause_id])(text)
            return Cause(cause_id, words)
    return None
