"""The causes the suite names, each once (`CAUSES`: id -> general words with the fix), and the
two records every diagnosis is made of: a `Cause` (an id and this run's words) and a `Finding`
(what was seen, and why)."""
import dataclasses

from pytest_onehot import facts, records


# Each cause once, in general words with the fix: what the summary prints.
CAUSES = {
    # values
    "uint8-cast": ("indices cast to uint8: every index above 255 wraps (float indices saturate under XLA "
                   "instead): cast to int32"),
    "int8-cast": ("indices cast to int8: every index above 127 wraps (float indices saturate under XLA "
                  "instead): cast to int32"),
    "int16-cast": ("indices cast to int16: every index above 32767 wraps (float indices saturate under XLA "
                   "instead): cast to int32"),
    "narrow-class-range": "classes built or compared in the indices' narrow dtype (arange(depth, dtype=x.dtype), "
                          "or one_hot of uint8/int8 indices on JAX): classes past that dtype alias smaller ones, "
                          "so one index lights two classes: cast indices to int32 before encoding",
    "autocast-rounding": "float indices are autocast to float16/bfloat16 under mixed precision and large ones "
                         "round to a neighbour: give the layer autocast=False (as Embedding does) and cast to int32",
    "compute-dtype-rounding": "indices pass through a float16/bfloat16 dtype and large ones round to a neighbour "
                              "(cast to the layer's compute dtype under mixed precision, or a float op such as "
                              "floor, round or divide on integer ids, which Keras returns in floatx): keep indices "
                              "integer (int32) all the way",
    "off-by-one": "indices shifted by one class: check the arithmetic on indices (a -1 or +1)",
    "zero-is-padding": "index 0 comes back as an all-zero row: 0 is treated as padding, but it is a class",
    "nan-rows": "rows of a table gathered by index (take): on JAX an index past the end gives a row of NaN "
                "and a negative one counts from the end: compare indices with arange(depth) instead",
    "not-binary": "values other than 0 and 1: the output is scaled or blended, not a one-hot encoding",
    # out of range
    "negative-wraps": "negative indices count from the end, Python-style: -1 gives the last class: "
                      "compare indices with arange(depth), so that -1 matches no class",
    "clamped-indices": "out-of-range indices are clipped into 0..depth-1 (by the layer, or by XLA's gather, which "
                       "clamps a take past the end to the last row) and come back as the first or last class: "
                       "let them match no class (compare with arange(depth)) instead",
    "invalid-as-class-0": "out-of-range indices are replaced by 0 (ops.where(valid, ids, 0) before one_hot) and come "
                          "back as class 0: zero their rows afterwards (multiply by the validity mask), or compare "
                          "with arange(depth)",
    "modulo-depth": "indices are taken modulo depth: out-of-range ones alias valid classes",
    # shapes
    "squeezed-axis": f"an axis of size 1 is dropped (a squeeze in the layer, or ops.one_hot itself on "
                     f"{facts.releases('numpy-one-hot-squeezes')}): a (batch, 1) input or depth 1 loses an axis; "
                     "reshape to the input's shape + (depth,) instead of squeezing",
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
    "keras-lambda-output-shape": f"Keras itself: on {facts.releases('lambda-output-shape-as-list')} a Lambda's "
                                 "tuple output_shape comes back from the model's config as a list, on which its "
                                 "compute_output_shape fails: write a registered Layer subclass with "
                                 "compute_output_shape (or use Keras 3.4+)",
    "unregistered-class": "the layer class is not registered: decorate it with "
                          "@keras.saving.register_keras_serializable()",
    "unregistered-incomplete-config": "the layer class is not registered and get_config() leaves out an "
                                      "__init__ argument: register it and return every argument",
    "incomplete-config": "get_config() does not return every __init__ argument",
    "config-not-accepted": "__init__ does not accept what get_config() returns",
    # tracing
    "not-traceable": "the layer turns tensors into Python/NumPy values in call: it cannot be traced "
                     "into a graph (predict, tf.function, jit, export)",
    "shape-from-uninitialized": ("Keras's NumPy backend infers a layer's output shape by calling it on "
                                 "uninitialized arrays (np.empty), and the layer raises on arbitrary indices, so "
                                 "building a model on it fails on most runs (it may pass on some): declare the shape "
                                 "(Lambda(output_shape=...), or compute_output_shape in a Layer subclass)"),
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
    "onnx-negative-index": "exported to ONNX, -1 becomes the last class where Keras gives a zero row: the "
                           "converter maps one_hot to ONNX OneHot, which counts -depth..-1 from the end (the "
                           "exporter's doing, not the layer's arithmetic): if you export to ONNX, compare indices "
                           "with arange(depth) instead of calling one_hot",
    "export-lookup-table": "a TensorFlow lookup table (IntegerLookup, StringLookup, StaticHashTable) does not "
                           "survive export: tf2onnx cannot convert it and LiteRT runs it only with the Flex "
                           "delegate; compare indices with arange(depth) instead",
    "jax2onnx-arange": "jax2onnx (ONNX export on JAX, Keras 3.14+) cannot convert keras.ops.arange(stop) with one "
                       "argument: write ops.arange(0, depth)",
}


@dataclasses.dataclass(frozen=True)
class Cause(records.Cause):
    """The record (an id and this run's text, records.Cause), made by a check: its id must be a key
    of CAUSES. Reports are read as records.Cause: an old report may name a cause since renamed."""

    def __post_init__(self):
        if self.id not in CAUSES:
            raise ValueError(f"unknown cause id {self.id!r}")

    @classmethod
    def general(cls, cause_id):
        """The cause in its general words (CAUSES), where a run has no numbers to add."""
        return cls(cause_id, CAUSES[cause_id])


@dataclasses.dataclass(frozen=True)
class Finding:
    """What was seen (`evidence`) and, when known, why (`cause`)."""

    evidence: str
    cause: "Cause | None" = None

    def message(self, what=""):
        """The one shape of every failure's line: what was checked, the cause first, then the
        evidence in brackets; each part only where there is one."""
        head = f"{what}: " if what else ""
        if self.cause is None:
            return head + self.evidence
        return head + self.cause.text + (f" ({self.evidence})" if self.evidence else "")
