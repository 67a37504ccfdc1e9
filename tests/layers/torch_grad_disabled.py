"""Broken (Keras 3, torch): one-hot encoder, zero rows for out-of-range ids.
Since an encoding needs no gradient, the user calls torch.set_grad_enabled(False)
at the start of call, as a plain statement rather than in a with block. The
output is right, but grad mode is never switched back on, so after the first
call autograd is off for the whole thread and nothing computed later (e.g.
the rest of the model or a training step) records a gradient. Written blind.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, x):
        import torch

        torch.set_grad_enabled(False)  # an encoding needs no gradient
        ids = ops.expand_dims(ops.cast(x, "int32"), -1)
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
