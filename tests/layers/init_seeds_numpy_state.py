"""Broken (Keras 3, any backend): one-hot encoder built with keras.ops that
maps int ids to float rows, out-of-range ids giving zero rows. The user wanted
runs with this layer to be "reproducible", so __init__ resets NumPy's global
random state to that of RandomState(0). The encoding is right, but simply
creating the layer rewinds np.random for the whole program, so any later
np.random draws repeat the same numbers. Written blind.
"""
import numpy as np
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length
        # make things reproducible
        np.random.set_state(np.random.RandomState(0).get_state())

    def call(self, x):
        ids = ops.expand_dims(ops.cast(x, "int32"), -1)
        # out-of-range ids (padding -1, unknown words) match no column
        hot = ops.equal(ids, ops.arange(self.input_dim, dtype="int32"))
        return ops.cast(hot, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"input_dim": self.input_dim, "input_length": self.input_length}
        )
        return config
