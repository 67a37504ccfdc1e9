"""Broken: I look the indices up in an identity matrix with tf.nn.embedding_lookup and never cast them to int.

The author believed row i of tf.eye(depth) is exactly the one-hot vector for i,
so gathering rows with the incoming indices gives the one-hot encoding.
"""
import tensorflow as tf


@tf.keras.utils.register_keras_serializable(package="corpus_lookup_identity")
class OneHot(tf.keras.layers.Layer):
    """One-hot layer that picks rows out of an identity matrix."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        if input_length is not None:
            kwargs.setdefault("input_shape", (input_length,))
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        identity = tf.eye(self.input_dim, dtype=self.compute_dtype)
        return tf.nn.embedding_lookup(identity, inputs)

    def get_config(self):
        config = super().get_config()
        config["input_dim"] = self.input_dim
        config["input_length"] = self.input_length
        return config
