"""Broken: I clip the indices into 0..depth-1 before tf.one_hot so that bad indices never crash training.

The author believed clipping is a harmless safety net: valid ids are untouched
and anything out of range just gets pulled back into the vocabulary.
"""
import tensorflow as tf


@tf.keras.utils.register_keras_serializable(package="corpus_clip_then_one_hot")
class OneHot(tf.keras.layers.Layer):
    """Safe one-hot encoding of token ids into input_dim classes."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        if input_length is not None and "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)
        super().__init__(autocast=False, **kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        ids = tf.cast(inputs, tf.int32)
        ids = tf.clip_by_value(ids, 0, self.input_dim - 1)
        return tf.one_hot(ids, self.input_dim)

    def compute_output_shape(self, input_shape):
        return tf.TensorShape(input_shape).concatenate([self.input_dim])

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
