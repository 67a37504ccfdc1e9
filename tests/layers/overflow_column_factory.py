"""Broken, though written as correct: a factory mapping Embedding-style input_dim onto a layer that takes depth.

The layer itself is written in terms of depth; ids outside [0, depth) go to an
extra overflow column that is sliced off, so they come out as zero vectors.

Written blind as a correct layer; the suite found that it keeps Keras's input autocast,
so under mixed_float16 float index 2049 reaches it as 2048.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_overflow_column_factory")
class OneHotEncoding(keras.layers.Layer):
    """Encodes integer ids of shape (batch, length) as (batch, length, depth)."""

    def __init__(self, depth, **kwargs):
        super().__init__(**kwargs)
        self.depth = int(depth)

    def call(self, inputs):
        ids = inputs
        if keras.backend.standardize_dtype(ids.dtype) in ("int8", "uint8", "int16", "uint16"):
            ids = ops.cast(ids, "int32")
        ok = ops.logical_and(ops.greater_equal(ids, 0), ops.less(ids, self.depth))
        ids = ops.cast(ops.where(ok, ids, self.depth), "int32")
        encoded = ops.one_hot(ids, self.depth + 1, dtype=self.compute_dtype)
        return encoded[..., : self.depth]

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.depth)

    def get_config(self):
        return {**super().get_config(), "depth": self.depth}


def OneHot(input_dim, input_length=None, **kwargs):
    """Drop-in for Embedding-style construction: OneHot(input_dim=..., input_length=...)."""
    return OneHotEncoding(depth=input_dim, **kwargs)
