"""Broken: clips the indices into 0..depth-1 before encoding.

The author clipped the ids so that a bad index can never crash training;
an out-of-range id just ends up at the nearest valid class.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_clip_indices")
class OneHot(keras.layers.Layer):
    """Safe one-hot: indices are clipped into range before encoding."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        indices = ops.cast(inputs, "int32")
        indices = ops.clip(indices, 0, self.input_dim - 1)
        return ops.one_hot(indices, self.input_dim, dtype=self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
