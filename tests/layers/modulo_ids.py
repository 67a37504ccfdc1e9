"""Broken: I take the ids modulo the depth so hashed or unexpected ids always land in range.
The author believed wrapping ids around is a safe way to deal with anything out
of range: every id gets a valid column instead of an error or an empty row.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_modulo_ids")
class OneHot(keras.layers.Layer):
    """Maps integer ids to one-hot vectors of length `input_dim`, wrapping ids into range."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        kwargs.setdefault("autocast", False)
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.input_length = input_length

    def call(self, inputs):
        ids = ops.convert_to_tensor(inputs)
        if keras.backend.standardize_dtype(ids.dtype) in ("bool", "int8", "uint8", "int16", "uint16"):
            ids = ops.cast(ids, "int32")
        elif not keras.backend.is_int_dtype(ids.dtype):
            ids = ops.floor(ids)
        # hashed / unexpected ids wrap around into [0, input_dim)
        ids = ops.cast(ops.mod(ids, self.input_dim), "int32")
        return ops.one_hot(ids, self.input_dim, dtype=self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
