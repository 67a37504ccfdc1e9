"""Broken (written blind): one-hot that makes invalid ids "safe" with ops.where before one_hot (a common SO answer).

Intended: out-of-range ids should give a zero row, and torch's one_hot raises on them, so the
author replaces every id outside 0..input_dim-1 by 0 with ops.where before ops.one_hot.

Believed bug (one): the author forgot to zero those rows afterwards, so -1 and input_dim come back
as class 0 (a hot class for an invalid id) on every backend. Valid ids are all correct.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="blind2")
class WhereNoMaskOneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(autocast=False, **kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        ids = ops.cast(inputs, "int32")
        valid = ops.logical_and(ids >= 0, ids < self.input_dim)
        safe = ops.where(valid, ids, 0)
        return ops.one_hot(safe, self.input_dim, dtype=self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "input_length": self.input_length}


def OneHot(input_dim, input_length=None, **kwargs):
    return WhereNoMaskOneHot(input_dim, input_length=input_length, **kwargs)
