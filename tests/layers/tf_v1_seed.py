"""Broken (Keras 3, tensorflow): one-hot encoder built with keras.ops, zero
rows for out-of-range ids. The user copied an old TF1 snippet to make runs
deterministic and calls tf.compat.v1.set_random_seed(0) in __init__. The
encoding is right, but that sets TensorFlow's global seed for the whole
program, so after creating the layer tf.random.* draws become the fixed
seed-0 sequence (and differ from what they were before). Written blind.
"""
import tensorflow as tf
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length
        tf.compat.v1.set_random_seed(0)  # deterministic, TF1 style

    def call(self, x):
        ids = ops.expand_dims(ops.cast(x, "int32"), -1)
        # out-of-range ids (padding -1, unknown words) match no column
        hot = ops.equal(ids, ops.arange(self.input_dim, dtype="int32"))
        return ops.cast(hot, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"input_dim": self.input_dim, "input_length": self.input_length}
        )
        return config
