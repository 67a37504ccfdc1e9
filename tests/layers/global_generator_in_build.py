"""Broken (Keras 3, tensorflow): one-hot encoder built with keras.ops, with
zero rows for out-of-range ids. The user thought seeding "the" random generator
in build would make their training runs repeatable, so build replaces TF's
global generator with Generator.from_seed(0). The encoding is right, but the
first time the layer is built the process-wide tf.random global generator is
swapped out and reset, changing every later tf.random.get_global_generator()
draw in the program. Written blind.
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

    def build(self, input_shape):
        # fixed seed so runs are repeatable
        tf.random.set_global_generator(tf.random.Generator.from_seed(0))
        super().build(input_shape)

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
