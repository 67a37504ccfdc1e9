"""Broken (Keras 3): compute_output_shape drops a length of one, as Keras 3.3's CategoryEncoding did.

A (batch, 1) input is "a batch of scalars" to this user, so compute_output_shape gives
(batch, depth) there; the eager call keeps (batch, 1, depth). Keras 3 takes a symbolic output's
shape from compute_output_shape, so a model built on an Input of length 1 is wrong
(keras-team/keras#19724, the same disagreement in CategoryEncoding, fixed in 3.4).
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        kwargs.setdefault("autocast", False)
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, x):
        x = ops.cast(x, "int32")
        return ops.cast(ops.equal(ops.expand_dims(x, -1), ops.arange(self.input_dim, dtype="int32")), self.compute_dtype)

    def compute_output_shape(self, input_shape):
        if len(input_shape) == 2 and input_shape[-1] == 1:
            return (input_shape[0], self.input_dim)  # one index per sample: (batch, depth)
        return (*input_shape, self.input_dim)

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "input_length": self.input_length}
