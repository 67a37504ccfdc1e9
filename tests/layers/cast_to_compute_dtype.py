"""Broken: I cast the indices to the layer's compute dtype and compare them with tf.range(depth) cast the same way.

The author believed comparing the ids with 0..depth-1 in the layer's own float
dtype is a dtype-safe one-hot that works with any input dtype and policy.
"""
import tensorflow as tf


@tf.keras.utils.register_keras_serializable(package="corpus_cast_to_compute_dtype")
class OneHot(tf.keras.layers.Layer):
    """One-hot by comparison: out[..., j] = 1.0 where the input id equals j."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        if input_length is not None and "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        x = tf.cast(inputs, self.compute_dtype)
        classes = tf.cast(tf.range(self.input_dim), self.compute_dtype)
        hits = tf.equal(tf.expand_dims(x, -1), classes)
        return tf.cast(hits, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tf.TensorShape(input_shape).concatenate([self.input_dim])

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
