"""Broken: my OneHot layer isn't registered for serialization and its get_config leaves out the depth.

The author believed the base Layer config plus input_length was all Keras needed
to save the layer and rebuild it later.
"""
import tensorflow as tf


class OneHot(tf.keras.layers.Layer):
    """Turns a (batch, length) tensor of ids into (batch, length, input_dim) one-hot vectors."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        if input_length is not None and "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)
        super().__init__(autocast=False, **kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        return tf.one_hot(tf.cast(inputs, "int32"), self.input_dim)

    def get_config(self):
        config = super().get_config()
        config["input_length"] = self.input_length
        return config
