"""Broken: builds an identity matrix in call() and picks its rows with take.

The author reasoned that row i of eye(depth) is exactly the one-hot vector for
class i, so gathering rows of the identity gives the encoding.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_identity_take")
class OneHot(keras.layers.Layer):
    """One-hot encoding by looking up rows of an identity matrix."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        indices = ops.cast(inputs, "int32")
        identity = ops.eye(self.input_dim, dtype=self.compute_dtype)
        return ops.take(identity, indices, axis=0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
