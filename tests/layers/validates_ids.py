"""Broken: a Layer subclass that raises ValueError on out-of-range ids, no compute_output_shape (written blind).

The author preferred a loud error to a silent zero row, so call() checks the ids before ops.one_hot.
Out-of-range ids raise instead of encoding as zeros, and Keras's NumPy backend, which infers the output
shape by calling the layer on arbitrary values, fails to build a model on it on most runs.
"""

import keras
from keras import ops


class CheckedOneHot(keras.layers.Layer):
    def __init__(self, depth, **kwargs):
        super().__init__(**kwargs)
        self.depth = depth

    def call(self, inputs):
        if bool(ops.any(inputs < 0)) or bool(ops.any(inputs >= self.depth)):
            raise ValueError(f"ids must be in [0, {self.depth}), got min {ops.min(inputs)} max {ops.max(inputs)}")
        return ops.one_hot(inputs, self.depth)


def OneHot(input_dim, input_length=None, **kwargs):
    return CheckedOneHot(input_dim, **kwargs)
