"""Broken: I pass the layer input straight into tf.one_hot, without casting it to an integer type first.

The author believed tf.one_hot accepts whatever Keras feeds the layer, so the
indices coming in from the model input could be encoded as they are.
"""
import tensorflow as tf


@tf.keras.utils.register_keras_serializable(package="corpus_tf_one_hot_direct")
class OneHot(tf.keras.layers.Layer):
    """One-hot encodes integer token ids: (batch, length) -> (batch, length, input_dim)."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        if input_length is not None and "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        return tf.one_hot(inputs, self.input_dim)

    def compute_output_shape(self, input_shape):
        return tf.TensorShape(input_shape).concatenate([self.input_dim])

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
