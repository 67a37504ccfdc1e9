"""Broken: the layer is never registered and its get_config leaves out the depth.

The author assumed a custom Layer subclass saves and reloads like any built-in
layer, and that get_config only needs the extra input_length argument.
"""
import keras
from keras import ops


class OneHot(keras.layers.Layer):
    """One-hot encoding: (batch, length) ids -> (batch, length, input_dim)."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        classes = ops.arange(self.input_dim, dtype="int32")
        return ops.cast(ops.equal(ops.expand_dims(inputs, -1), classes), self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config["input_length"] = self.input_length
        return config
