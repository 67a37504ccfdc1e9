"""Broken: I cast the incoming ids to int8 before one-hot encoding them, to save memory.
The author believed token ids are small non-negative integers, so a one-byte
integer is plenty to hold them and keeps the lookup cheap.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_int8_ids")
class OneHot(keras.layers.Layer):
    """Turns integer ids of shape (batch, length) into one-hot vectors of size `input_dim`."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        # the ids must not be autocast to float16 under mixed precision
        kwargs.setdefault("autocast", False)
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.input_length = input_length

    def call(self, inputs):
        ids = ops.convert_to_tensor(inputs)
        if keras.backend.standardize_dtype(ids.dtype) in ("bool", "uint8", "int16", "uint16"):
            ids = ops.cast(ids, "int32")
        valid = ops.logical_and(ops.greater_equal(ids, 0), ops.less(ids, self.input_dim))
        ids = ops.where(valid, ids, ops.zeros_like(ids))
        # ids are small, one byte per id is enough
        ids = ops.cast(ids, "int8")
        out = ops.one_hot(ids, self.input_dim, dtype=self.compute_dtype)
        return out * ops.cast(ops.expand_dims(valid, -1), self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
