"""Broken (Keras 3, torch): one-hot encoder where ids can be any negative
padding value (-1, -5, ...) or ids past the vocabulary. Before comparing with
arange the user "sanitizes" the ids with `x.clamp_(-1, depth)` so that all
padding becomes -1 and every unknown id becomes `depth`; neither matches any
column, so the output is correct with zero rows. But clamp_ works in place on
the caller's tensor, so e.g. [-5, 7, 300] comes back as [-1, 7, depth].
Written blind.
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
        # keep ids in a tidy range: padding -> -1, unknown -> depth
        x.clamp_(min=-1, max=depth)
        cols = torch.arange(depth, device=x.device)
        out = x.unsqueeze(-1) == cols
        return out.to(getattr(torch, self.compute_dtype))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"input_dim": self.input_dim, "input_length": self.input_length}
        )
        return config
