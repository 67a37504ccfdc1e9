"""Broken: squeezes the encoded result.

The author added a squeeze to get rid of stray size-1 dimensions, expecting
normal (batch, length, depth) outputs to pass through unchanged.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_squeeze_output")
class OneHot(keras.layers.Layer):
    """One-hot encode ids, then drop any leftover size-1 axes."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        classes = ops.arange(self.input_dim, dtype="int32")
        encoded = ops.cast(ops.equal(ops.expand_dims(inputs, -1), classes), self.compute_dtype)
        return ops.squeeze(encoded)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
