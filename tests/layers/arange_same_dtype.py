"""Broken: builds the class range with arange in the same dtype as the indices.

The author figured that if ``arange(depth)`` has the same dtype as the incoming
indices, the comparison needs no casts because the dtypes always match.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_arange_same_dtype")
class OneHot(keras.layers.Layer):
    """One-hot encodes integer indices: (batch, length) -> (batch, length, depth)."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.input_length = input_length

    def call(self, inputs):
        classes = ops.arange(self.input_dim, dtype=inputs.dtype)
        hits = ops.equal(ops.expand_dims(inputs, -1), classes)
        return ops.cast(hits, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
