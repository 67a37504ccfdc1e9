"""Broken: precomputes a depth x depth identity table in __init__ and gathers from it.

The author wanted to avoid rebuilding the identity matrix on every call, so it is
made once when the layer is created and rows are looked up at call time.
"""
import numpy as np
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_identity_constant")
class OneHot(keras.layers.Layer):
    """One-hot lookup table built once; call just gathers rows."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length
        self.table = np.eye(input_dim, dtype="float32")

    def call(self, inputs):
        indices = ops.cast(inputs, "int32")
        rows = ops.take(self.table, indices, axis=0)
        return ops.cast(rows, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
