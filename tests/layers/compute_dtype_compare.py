"""Broken: casts the indices to the layer's compute dtype and compares with a float arange.

The author compared in float on purpose: with indices and arange(depth) both in
the compute dtype, the comparison result is already in the output dtype.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_compute_dtype_compare")
class OneHot(keras.layers.Layer):
    """One-hot by comparing ids with arange(depth), all in the compute dtype."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        ids = ops.cast(inputs, self.compute_dtype)
        classes = ops.arange(self.input_dim, dtype=self.compute_dtype)
        hits = ops.equal(ops.expand_dims(ids, -1), classes)
        return ops.cast(hits, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
