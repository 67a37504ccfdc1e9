"""Broken: I turn negative indices into depth + index first, like Python list indexing, then call tf.one_hot.

The author believed -1 should mean "the last class" as it does for lists, and
that this makes the layer handle every index tf.one_hot would otherwise drop.
"""
import tensorflow as tf


@tf.keras.utils.register_keras_serializable(package="corpus_gather_python_index")
class OneHot(tf.keras.layers.Layer):
    """One-hot encoding that accepts negative indices counted from the end."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        if input_length is not None and "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)
        super().__init__(autocast=False, **kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        x = tf.cast(inputs, tf.int32)
        x = tf.where(x < 0, x + self.input_dim, x)
        return tf.one_hot(x, self.input_dim)

    def compute_output_shape(self, input_shape):
        return tf.TensorShape(input_shape).concatenate([self.input_dim])

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
