"""Broken: reports input_length as the length axis in compute_output_shape.

Like the old Embedding(input_length=...), the author passes the sequence length
to the constructor and believed the output shape is (batch, input_length, depth).
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_length_in_shape")
class OneHot(keras.layers.Layer):
    """Turns (batch, input_length) integer ids into (batch, input_length, input_dim)."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        classes = ops.arange(self.input_dim, dtype="int32")
        matches = ops.equal(ops.expand_dims(inputs, -1), classes)
        return ops.cast(matches, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.input_length, self.input_dim)

    def get_config(self):
        config = super().get_config()
        config.update(input_dim=self.input_dim, input_length=self.input_length)
        return config
