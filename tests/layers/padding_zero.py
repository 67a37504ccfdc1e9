"""Broken: treats index 0 as padding and encodes it as an all-zero vector.

Like Embedding(mask_zero=True), the author reserved id 0 for padding and
wanted padded positions to come out as zeros instead of class 0.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_padding_zero")
class OneHot(keras.layers.Layer):
    """One-hot encoding where id 0 (padding) maps to a zero vector."""

    def __init__(self, input_dim, input_length=None, mask_zero=True, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length
        self.mask_zero = mask_zero

    def call(self, inputs):
        classes = ops.arange(self.input_dim, dtype="int32")
        encoded = ops.cast(ops.equal(ops.expand_dims(inputs, -1), classes), self.compute_dtype)
        if self.mask_zero:
            keep = ops.cast(ops.not_equal(inputs, 0), self.compute_dtype)
            encoded = encoded * ops.expand_dims(keep, -1)
        return encoded

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "input_dim": self.input_dim,
                "input_length": self.input_length,
                "mask_zero": self.mask_zero,
            }
        )
        return config
