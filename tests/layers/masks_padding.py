"""Correct (written blind): one-hot layer with optional masking, written like Embedding(mask_zero=...).

Intended: OneHot(input_dim, mask_zero=False) encodes ids 0..input_dim-1 as one-hot rows in the
layer's compute dtype. With mask_zero=True it still encodes 0 as class 0 (like Embedding, where
row 0 is still looked up) but also emits a mask so that downstream RNNs / losses skip padding.
Out-of-range ids give a zero row (ops.one_hot does that). Float ids are accepted and cast to int32;
autocast is off so that mixed precision does not round float ids.

Believed: fully correct (the default, mask_zero=False, emits no mask).
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_masks_padding")
class MaskedOneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, mask_zero=False, **kwargs):
        kwargs.setdefault("autocast", False)
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.input_length = input_length
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero

    def call(self, inputs):
        ids = ops.cast(inputs, "int32")
        return ops.one_hot(ids, self.input_dim, dtype=self.compute_dtype)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update(input_dim=self.input_dim, input_length=self.input_length, mask_zero=self.mask_zero)
        return config


def OneHot(input_dim, input_length=None, mask_zero=True, **kwargs):
    # The corpus's copy masks padding id 0, as a user asking for masking does (--onehot-kwarg mask_zero=True).
    return MaskedOneHot(input_dim, input_length=input_length, mask_zero=mask_zero, **kwargs)
