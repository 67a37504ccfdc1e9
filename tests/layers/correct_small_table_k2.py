"""Correct (Keras 2): tf.gather from tf.eye for small depths, tf.one_hot above them.

Written as the issue saw it: gathering rows of an identity was the author's habit, kept for the
depths where the table is small (up to 4096 classes, 64 MB); above that the layer calls
tf.one_hot on int32 indices. A projection from small depths condemned it for a table it never
builds at depth 40000.
"""
import tensorflow as tf

TABLE_UP_TO = 4096


@tf.keras.utils.register_keras_serializable(package="onehot_corpus")
class OneHot(tf.keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        if input_length is not None:
            kwargs.setdefault("input_shape", (input_length,))
        kwargs.setdefault("autocast", False)
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, x):
        x = tf.cast(x, tf.int32)
        if self.input_dim <= TABLE_UP_TO:
            valid = tf.logical_and(x >= 0, x < self.input_dim)
            rows = tf.gather(tf.eye(self.input_dim, dtype=self.compute_dtype), tf.where(valid, x, 0))
            return rows * tf.cast(valid, self.compute_dtype)[..., None]
        return tf.one_hot(x, self.input_dim, dtype=self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tf.TensorShape(input_shape).concatenate([self.input_dim])

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
