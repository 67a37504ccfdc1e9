"""Broken: seeds NumPy's global random generator inside call().

The author seeds NumPy in call so the optional label noise is the same every
time; with the default noise=0.0 it adds nothing, so it looked harmless.
"""
import numpy as np
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_seeded_numpy_call")
class OneHot(keras.layers.Layer):
    """One-hot encoding with optional, reproducible per-class noise (off by default)."""

    def __init__(self, input_dim, input_length=None, noise=0.0, seed=1234, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length
        self.noise = noise
        self.seed = seed

    def call(self, inputs):
        np.random.seed(self.seed)
        jitter = np.random.uniform(-1.0, 1.0, size=(self.input_dim,)).astype("float32")
        classes = ops.arange(self.input_dim, dtype="int32")
        encoded = ops.cast(ops.equal(ops.expand_dims(inputs, -1), classes), self.compute_dtype)
        jitter = ops.cast(self.noise * jitter, self.compute_dtype)
        return encoded + encoded * jitter

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "input_dim": self.input_dim,
                "input_length": self.input_length,
                "noise": self.noise,
                "seed": self.seed,
            }
        )
        return config
