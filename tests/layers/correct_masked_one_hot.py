"""Correct: one-hot encode ids with ops.one_hot, giving all-zero rows to ids outside [0, input_dim).
The author range-checks the ids in their own dtype before narrowing them to
int32, keeps float ids from being autocast, outputs in the layer's compute
dtype and serializes every constructor argument.
"""
import keras
from keras import ops

_NARROW_DTYPES = ("bool", "int8", "uint8", "int16", "uint16")


@keras.saving.register_keras_serializable(package="corpus_correct_masked_one_hot")
class OneHot(keras.layers.Layer):
    """Maps integer ids (batch, length) to one-hot vectors (batch, length, input_dim).

    Ids outside [0, input_dim) encode as all-zero rows on every backend. Float
    ids (the default dtype of `keras.Input`) are truncated like `Embedding` does.
    """

    def __init__(self, input_dim, input_length=None, **kwargs):
        # ids are indices, not activations: never autocast them to float16
        kwargs.setdefault("autocast", False)
        super().__init__(**kwargs)
        if int(input_dim) != input_dim or input_dim < 1:
            raise ValueError(f"input_dim must be a positive integer, got {input_dim!r}")
        self.input_dim = int(input_dim)
        self.input_length = input_length

    def call(self, inputs):
        ids = ops.convert_to_tensor(inputs)
        if keras.backend.standardize_dtype(ids.dtype) in _NARROW_DTYPES:
            # comparing e.g. int8 ids with input_dim would wrap input_dim itself
            ids = ops.cast(ids, "int32")
        in_range = ops.logical_and(ops.greater_equal(ids, 0), ops.less(ids, self.input_dim))
        safe_ids = ops.cast(ops.where(in_range, ids, ops.zeros_like(ids)), "int32")
        encoded = ops.one_hot(safe_ids, self.input_dim, dtype=self.compute_dtype)
        return encoded * ops.cast(ops.expand_dims(in_range, -1), self.compute_dtype)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if len(input_shape) == 2 and input_shape[1] is None and self.input_length:
            input_shape = (input_shape[0], self.input_length)
        return input_shape + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({"input_dim": self.input_dim, "input_length": self.input_length})
        return config
