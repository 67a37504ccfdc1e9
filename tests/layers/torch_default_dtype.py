"""Broken (Keras 3, torch): one-hot encoder, zero rows for out-of-range ids.
For exact arithmetic the user sets torch's default dtype to float64 in
__init__, and still casts the output to the compute dtype so it is float32.
The output is right, but torch.set_default_dtype is process-wide: once the
layer exists, every torch.tensor(1.0) / torch.zeros(...) in the program is
float64 instead of float32. Written blind.
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
        torch.set_default_dtype(torch.float64)  # exact arithmetic

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
