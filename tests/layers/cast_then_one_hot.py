"""Broken, though written as correct: casts ids to int32 and uses ops.one_hot, zeroing out-of-range ids.

The author checks the range before casting (so wide or float ids cannot wrap
into a valid class), then one-hot encodes in the layer's compute dtype.

Written blind as a correct layer; the suite found that it keeps Keras's input autocast,
so under mixed_float16 float index 2049 reaches it as 2048.
"""
import keras
from keras import ops

_SMALL_INTS = ("int8", "int16", "int32", "uint8", "uint16")


@keras.saving.register_keras_serializable(package="corpus_cast_then_one_hot")
class OneHot(keras.layers.Layer):
    """One-hot encoding; ids outside [0, input_dim) give an all-zero vector."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.input_length = input_length

    def call(self, inputs):
        ids = inputs
        if keras.backend.standardize_dtype(ids.dtype) in _SMALL_INTS:
            ids = ops.cast(ids, "int32")
        valid = ops.logical_and(ops.greater_equal(ids, 0), ops.less(ids, self.input_dim))
        ids = ops.cast(ops.where(valid, ids, 0), "int32")
        encoded = ops.one_hot(ids, self.input_dim, dtype=self.compute_dtype)
        return encoded * ops.expand_dims(ops.cast(valid, self.compute_dtype), -1)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
