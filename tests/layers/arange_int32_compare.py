"""Broken, though written as correct: compares int32 ids against arange(depth) in int32.

Ids that do not fit int32 exactly (64-bit, uint32, float) are range-checked
first and sent to the out-of-range value depth, which matches no class.

Written blind as a correct layer; the suite found that it keeps Keras's input autocast,
so under mixed_float16 float index 2049 reaches it as 2048.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_arange_int32_compare")
class OneHot(keras.layers.Layer):
    """One-hot via equality with an int32 class range; bad ids encode as zeros."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.input_length = input_length

    def call(self, inputs):
        dtype = keras.backend.standardize_dtype(inputs.dtype)
        if dtype in ("int8", "int16", "int32", "uint8", "uint16"):
            ids = ops.cast(inputs, "int32")
        else:
            in_range = ops.logical_and(
                ops.greater_equal(inputs, 0), ops.less(inputs, self.input_dim)
            )
            ids = ops.cast(ops.where(in_range, inputs, self.input_dim), "int32")
        classes = ops.arange(self.input_dim, dtype="int32")
        hits = ops.equal(ops.expand_dims(ids, -1), classes)
        return ops.cast(hits, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
