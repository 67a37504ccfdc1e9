"""Broken (written blind): one-hot as rows of ops.eye gathered with ops.take, negatives masked.

Intended: ops.take(ops.eye(depth), ids, axis=0) picks row i of the identity; the author knows
take counts negative ids from the end, so rows of negative ids are multiplied by 0. Ids >= depth
are "an error" (TF and torch gathers raise on them), which the author accepts.

Believed bugs: (1) the identity is depth x depth (memory grows with depth squared, built in every
call); (2) under XLA (jit_compile=True on TensorFlow) a gather clamps ids >= depth to the last row,
so id depth comes back as class depth-1, a hot class for an invalid id, and on JAX take fills
them with NaN.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="blind2")
class TakeEyeOneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(autocast=False, **kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        ids = ops.cast(inputs, "int32")
        rows = ops.take(ops.eye(self.input_dim, dtype=self.compute_dtype), ids, axis=0)
        return rows * ops.expand_dims(ops.cast(ids >= 0, self.compute_dtype), -1)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "input_length": self.input_length}


def OneHot(input_dim, input_length=None, **kwargs):
    return TakeEyeOneHot(input_dim, input_length=input_length, **kwargs)
