"""Broken: I reshape the ids to (batch, length, 1) first, like CategoryEncoding and other preprocessing layers want a trailing axis, then encode.
The author believed the one-hot op wants that trailing axis of size 1 and
replaces it with the depth, giving (batch, length, input_dim).
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_expand_then_encode")
class OneHot(keras.layers.Layer):
    """Encodes (batch, length) integer ids as (batch, length, input_dim) one-hot floats."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        kwargs.setdefault("autocast", False)
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.input_length = input_length

    def call(self, inputs):
        ids = ops.convert_to_tensor(inputs)
        if keras.backend.standardize_dtype(ids.dtype) in ("bool", "int8", "uint8", "int16", "uint16"):
            ids = ops.cast(ids, "int32")
        # preprocessing layers want ids as (batch, length, 1)
        ids = ops.expand_dims(ids, axis=-1)
        valid = ops.logical_and(ops.greater_equal(ids, 0), ops.less(ids, self.input_dim))
        ids = ops.cast(ops.where(valid, ids, ops.zeros_like(ids)), "int32")
        encoded = ops.one_hot(ids, self.input_dim, dtype=self.compute_dtype)
        return encoded * ops.cast(ops.expand_dims(valid, -1), self.compute_dtype)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
