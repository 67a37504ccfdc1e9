"""Broken: I apply label smoothing (0.1 by default) inside the one-hot layer itself.
The author wanted the smoothed targets used in training and believed it was
harmless to produce them right here, so every output is already smoothed.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_label_smoothing")
class OneHot(keras.layers.Layer):
    """One-hot encodes integer ids into `input_dim` columns, with label smoothing applied."""

    def __init__(self, input_dim, input_length=None, smoothing=0.1, **kwargs):
        kwargs.setdefault("autocast", False)
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.input_length = input_length
        self.smoothing = float(smoothing)

    def call(self, inputs):
        ids = ops.convert_to_tensor(inputs)
        if keras.backend.standardize_dtype(ids.dtype) in ("bool", "int8", "uint8", "int16", "uint16"):
            ids = ops.cast(ids, "int32")
        in_range = ops.logical_and(ops.greater_equal(ids, 0), ops.less(ids, self.input_dim))
        ids = ops.cast(ops.where(in_range, ids, ops.zeros_like(ids)), "int32")
        one_hot = ops.one_hot(ids, self.input_dim, dtype=self.compute_dtype)
        one_hot = one_hot * ops.cast(ops.expand_dims(in_range, -1), self.compute_dtype)
        return one_hot * (1.0 - self.smoothing) + self.smoothing / self.input_dim

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "input_dim": self.input_dim,
                "input_length": self.input_length,
                "smoothing": self.smoothing,
            }
        )
        return config
