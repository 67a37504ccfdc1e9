"""Broken (Keras 3, torch): one-hot encoder for word ids that may contain -1
padding or ids >= depth for unknown words. torch's one_hot raises on those, so
the layer sends every out-of-range id to a spare column `depth` and then drops
that column, giving all-zero rows. The output is right, but the remapping is
done with `masked_fill_` directly on the incoming tensor, so the caller's ids
are overwritten (int64 ids [-1, 300] become [depth, depth]). Written blind.
"""
import keras


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, x):
        import torch

        depth = self.input_dim
        x = x.long()  # no copy if already int64
        # padding (-1) and unknown words go to an extra "trash" column
        x.masked_fill_((x < 0) | (x >= depth), depth)
        out = torch.nn.functional.one_hot(x, num_classes=depth + 1)
        out = out[..., :depth]  # drop the trash column -> zero rows
        return out.to(getattr(torch, self.compute_dtype))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"input_dim": self.input_dim, "input_length": self.input_length}
        )
        return config
