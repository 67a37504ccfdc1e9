"""Broken (Keras 3, numpy): one-hot encoder for the NumPy backend. The user
wants ids >= depth (unknown words) to give all-zero rows, so in call they
turn the input into an array with `np.asarray` and mark unknown ids as -1 in
place before comparing against `np.arange(depth)`. The output is right, but
`np.asarray` returns the caller's own array, so the caller's ids >= depth are
overwritten with -1 (e.g. [2, 300] becomes [2, -1]). Written blind.
"""
import keras
import numpy as np


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, x):
        x = np.asarray(x)
        # unknown words -> -1 so they match no column
        x[x >= self.input_dim] = -1
        out = x[..., None] == np.arange(self.input_dim)
        return out.astype(self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"input_dim": self.input_dim, "input_length": self.input_length}
        )
        return config
