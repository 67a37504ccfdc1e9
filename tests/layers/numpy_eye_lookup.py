"""Broken: converts the indices to NumPy in call() and indexes np.eye with them.

The author knows NumPy fancy indexing well: np.eye(depth)[ids] is the one-hot
encoding, so call pulls the ids out as a NumPy array and does exactly that.
"""
import numpy as np
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_numpy_eye_lookup")
class OneHot(keras.layers.Layer):
    """One-hot encoding via NumPy: np.eye(depth)[ids]."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        ids = ops.convert_to_numpy(inputs).astype("int64")
        encoded = np.eye(self.input_dim, dtype="float32")[ids]
        return ops.convert_to_tensor(encoded, dtype=self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
