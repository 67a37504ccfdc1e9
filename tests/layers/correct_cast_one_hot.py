"""Correct: casts the incoming ids to int32, then tf.one_hot in the layer's compute dtype.

The author believed this mirrors Embedding: any numeric id input works, out of
range ids give all-zero rows, and the layer saves and reloads by its config.
"""
import tensorflow as tf


@tf.keras.utils.register_keras_serializable(package="corpus_correct_cast_one_hot")
class OneHot(tf.keras.layers.Layer):
    """Maps integer ids of shape (batch, length) to one-hot (batch, length, input_dim)."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        if "input_shape" not in kwargs and input_length is not None:
            kwargs["input_shape"] = (input_length,)
        # Like Embedding: keep float ids from being cast to a lower precision first.
        kwargs["autocast"] = False
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.input_length = input_length

    def call(self, inputs):
        ids = tf.cast(inputs, tf.int32)
        return tf.one_hot(ids, self.input_dim, dtype=self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tf.TensorShape(input_shape).concatenate([self.input_dim])

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
