"""Correct: build the one-hot by comparing each id against arange(depth), via a factory like Embedding's signature.
The author believed an explicit comparison is the most portable encoding: ids
outside [0, depth) (or non-integral floats) match no column and give zero rows,
the output follows the dtype policy, and the layer round-trips through its config.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_correct_compare_arange")
class IndexOneHot(keras.layers.Layer):
    """Encodes integer ids (batch, length) as float one-hot vectors (batch, length, depth)."""

    def __init__(self, depth, sequence_length=None, **kwargs):
        kwargs.setdefault("autocast", False)
        super().__init__(**kwargs)
        depth = int(depth)
        if depth <= 0:
            raise ValueError(f"depth must be positive, got {depth}")
        self.depth = depth
        self.sequence_length = sequence_length

    def call(self, ids):
        ids = ops.convert_to_tensor(ids)
        dtype = keras.backend.standardize_dtype(ids.dtype)
        if dtype in ("bool", "int8", "uint8", "int16", "uint16"):
            # too narrow to hold every column index
            ids = ops.cast(ids, "int32")
        elif dtype in ("float16", "bfloat16"):
            ids = ops.cast(ids, "float32")
        # ids like 3.0 match column 3; 3.5 or out-of-range ids match nothing
        columns = ops.cast(ops.arange(self.depth, dtype="int32"), ids.dtype)
        hits = ops.equal(ops.expand_dims(ids, -1), columns)
        return ops.cast(hits, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.depth,)

    def get_config(self):
        config = super().get_config()
        config["depth"] = self.depth
        config["sequence_length"] = self.sequence_length
        return config


def OneHot(input_dim, input_length=None, **kwargs):
    """Embedding-style constructor: `OneHot(input_dim=depth, input_length=n)`."""
    return IndexOneHot(depth=input_dim, sequence_length=input_length, **kwargs)
