"""Broken (Keras 3, torch): one-hot encoder built with keras.ops, zero rows
for out-of-range ids. To make experiments repeatable the user seeds torch in
__init__ with torch.random.manual_seed(0) (the same as torch.manual_seed). The
encoding is right, but constructing the layer resets torch's global RNG, so any
torch.rand / dropout / init drawn afterwards repeats the same numbers.
Written blind.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        import torch

        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length
        torch.random.manual_seed(0)  # reproducible runs

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
