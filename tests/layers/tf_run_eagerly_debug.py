"""Broken (Keras 3, tensorflow): one-hot encoder, zero rows for out-of-range
ids. While debugging shapes the user put tf.config.run_functions_eagerly(True)
in __init__ and forgot to take it out. The output is right, but creating the
layer makes every tf.function in the process run eagerly from then on, so
graph compilation is silently off everywhere (slow, and
tf.config.functions_run_eagerly() stays True). Written blind.
"""
import keras
import tensorflow as tf
from keras import ops


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length
        tf.config.run_functions_eagerly(True)  # debugging, see shapes

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
