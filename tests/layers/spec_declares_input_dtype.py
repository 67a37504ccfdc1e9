"""Broken (Keras 3): a compute_output_spec that declares the input's dtype (int32) for its output.

Written as the issue saw it passing on every backend: the user wrote compute_output_spec by hand
(to skip Keras's tracing of call) and copied the input's dtype, while call returns float32. Every
functional model built on it is told its output is int32.
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

    def compute_output_spec(self, inputs):
        # Same shape plus a class axis; no need to trace call for that.
        return keras.KerasTensor((*inputs.shape, self.input_dim), dtype=inputs.dtype)

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.input_dim)

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "input_length": self.input_length}
