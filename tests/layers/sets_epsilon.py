"""Broken (Keras 3, any backend): one-hot encoder built with keras.ops, zero
rows for out-of-range ids. To "avoid division issues" downstream the user sets
keras.config.set_epsilon(1e-12) in __init__. The encoding is right, but the
fuzz factor is global Keras config: after the layer is created, every loss,
metric and optimizer that reads keras.config.epsilon() uses 1e-12 instead of
the default 1e-7. Written blind.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length
        keras.config.set_epsilon(1e-12)  # avoid division issues

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
