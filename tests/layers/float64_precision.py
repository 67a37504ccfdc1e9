"""Broken: switches Keras's float type to float64 when the layer is created.

The author wanted the one-hot vectors to be exact, so the constructor sets
floatx to float64 before building the layer.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_float64_precision")
class OneHot(keras.layers.Layer):
    """One-hot encoding in double precision."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        keras.backend.set_floatx("float64")
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        classes = ops.arange(self.input_dim, dtype="int32")
        return ops.cast(ops.equal(ops.expand_dims(inputs, -1), classes), self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
