"""Broken: I add one extra output column for out-of-vocabulary ids, so the output has depth + 1 columns, and send invalid ids there.
The author believed an explicit OOV bucket is better than silently dropping bad
ids, and that the extra column does no harm to the valid ids' encoding.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_oov_column")
class OneHot(keras.layers.Layer):
    """One-hot encodes ids in [0, input_dim); any other id lights up a final OOV column."""

    def __init__(self, input_dim, input_length=None, **kwargs):
        kwargs.setdefault("autocast", False)
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.input_length = input_length

    def call(self, inputs):
        ids = ops.convert_to_tensor(inputs)
        if keras.backend.standardize_dtype(ids.dtype) in ("bool", "int8", "uint8", "int16", "uint16"):
            ids = ops.cast(ids, "int32")
        known = ops.logical_and(ops.greater_equal(ids, 0), ops.less(ids, self.input_dim))
        oov_index = self.input_dim
        ids = ops.where(known, ids, ops.full_like(ids, oov_index))
        ids = ops.cast(ids, "int32")
        return ops.one_hot(ids, self.input_dim + 1, dtype=self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim + 1,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
