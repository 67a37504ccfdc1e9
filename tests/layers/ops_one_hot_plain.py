"""Broken: passes whatever index tensor comes in straight to keras.ops.one_hot.

The author thought one_hot takes integer indices and sorts out the rest itself,
so no cast or range handling is needed before calling it.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_ops_one_hot_plain")
class OneHot(keras.layers.Layer):
    """One-hot layer built directly on keras.ops.one_hot."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        return ops.one_hot(inputs, self.input_dim)

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.input_dim)

    def get_config(self):
        config = super().get_config()
        config["input_dim"] = self.input_dim
        config["input_length"] = self.input_length
        return config
