"""Broken: I wrote a custom OneHot layer but never registered it as a serializable Keras object.

The author believed having a complete get_config is enough for a saved model
containing the layer to load back with tf.keras.models.load_model.
"""
import tensorflow as tf


class OneHot(tf.keras.layers.Layer):
    """Encodes integer class ids as one-hot float vectors of size input_dim."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        if input_length is not None and "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)
        super().__init__(autocast=False, **kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        ids = tf.cast(inputs, tf.int32)
        return tf.one_hot(ids, self.input_dim, dtype=self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tf.TensorShape(input_shape).concatenate([self.input_dim])

    def get_config(self):
        config = super().get_config()
        config.update(input_dim=self.input_dim, input_length=self.input_length)
        return config
