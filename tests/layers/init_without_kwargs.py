"""Broken: my __init__(self, input_dim, input_length=None) takes no **kwargs and calls super().__init__() with nothing.
The author believed the layer only ever needs its two own arguments, and that
adding them to the base config in get_config is all serialization needs.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_init_without_kwargs")
class OneHot(keras.layers.Layer):
    """One-hot encodes integer ids of shape (batch, length) into (batch, length, input_dim)."""

    def __init__(self, input_dim, input_length=None):
        super().__init__()
        self.input_dim = int(input_dim)
        self.input_length = input_length
        # keep float ids from being cast to float16 under mixed precision
        self.autocast = False

    def call(self, inputs):
        ids = ops.convert_to_tensor(inputs)
        if keras.backend.standardize_dtype(ids.dtype) in ("bool", "int8", "uint8", "int16", "uint16"):
            ids = ops.cast(ids, "int32")
        valid = ops.logical_and(ops.greater_equal(ids, 0), ops.less(ids, self.input_dim))
        ids = ops.cast(ops.where(valid, ids, ops.zeros_like(ids)), "int32")
        out = ops.one_hot(ids, self.input_dim, dtype=self.compute_dtype)
        return out * ops.cast(ops.expand_dims(valid, -1), self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
