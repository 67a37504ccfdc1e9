"""Broken (torch backend): rows of an identity matrix picked by Python-style indexing.

The user wants an out-of-range id to raise, and torch does raise for `depth`; but indexing counts
-1 from the end, so -1 quietly comes back as the last class. Written as the issue saw it on torch:
`torch.eye(n)[x.long()]` (an identity table per call, so it also grows like depth x depth).
"""
import keras


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        kwargs.setdefault("autocast", False)
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, x):
        import torch

        # Out-of-range ids raise IndexError here, which is what we want.
        eye = torch.eye(self.input_dim, device=x.device, dtype=torch.float32)
        return keras.ops.cast(eye[x.long()], self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.input_dim)

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "input_length": self.input_length}
