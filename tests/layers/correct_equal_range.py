"""Correct: casts ids to int32 and compares them with tf.range(depth), returning the float match mask.

The author believed comparing in int32 is exact for every id, so the result is a
one-hot encoding (all zeros for ids outside 0..depth-1) in the compute dtype.
"""
import tensorflow as tf
from tensorflow.keras import backend as K


@tf.keras.utils.register_keras_serializable(package="corpus_correct_equal_range")
class OneHot(tf.keras.layers.Layer):
    """One-hot via equality with the class range."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        if input_length is not None:
            kwargs.setdefault("input_shape", (input_length,))
        kwargs["autocast"] = False
        super(OneHot, self).__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, x):
        if x.dtype != tf.int32:
            x = K.cast(x, "int32")
        matches = tf.equal(x[..., None], tf.range(self.input_dim))
        return tf.cast(matches, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        base = super(OneHot, self).get_config()
        return dict(base, input_dim=self.input_dim, input_length=self.input_length)
