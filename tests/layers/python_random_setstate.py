"""Broken (Keras 3, any backend): one-hot encoder built with keras.ops, zero
rows for out-of-range ids. The user wanted build to be repeatable and resets
Python's random module to the state of random.Random(0) in build. The encoding
is right, but building the layer rewinds the global random module for the
whole program, so random.random() etc. after the build repeat the seed-0
sequence. Written blind.
"""
import random
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def build(self, input_shape):
        # same state every build
        random.setstate(random.Random(0).getstate())
        super().build(input_shape)

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
