"""Broken: I store the indices as int16 to save memory, and only widen them to int32 for tf.one_hot (which rejects int16).

The author believed token ids always fit in int16, so narrowing them first is a
free memory saving.
"""
import tensorflow as tf


@tf.keras.utils.register_keras_serializable(package="corpus_int16_save_memory")
class OneHot(tf.keras.layers.Layer):
    """Memory-friendly one-hot layer for (batch, length) integer ids."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        if input_length is not None and "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)
        super().__init__(autocast=False, **kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        ids = tf.cast(inputs, tf.int16)
        return tf.one_hot(tf.cast(ids, tf.int32), self.input_dim)

    def compute_output_shape(self, input_shape):
        return tf.TensorShape(input_shape).concatenate([self.input_dim])

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
