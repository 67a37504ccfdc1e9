"""The reference one-hot layer: correct and serializable on Keras 2.12+ and Keras 3.

`OneHot(input_dim, input_length=None)` is called like `Embedding`, as in the seed post.
It is built on whichever Keras this environment means (`keras`, or `tf_keras` when
TF_USE_LEGACY_KERAS=1), so importing this module imports Keras.
"""
from pytest_onehot.keras_compat import default_keras, is_keras3, layer_ops, register_serializable

keras = default_keras()
ops = layer_ops(keras)


@register_serializable(keras, package="pytest_onehot")
class OneHot(keras.layers.Layer):
    """Integer indices (batch, length) -> one-hot vectors (batch, length, input_dim).

    Indices outside 0..input_dim-1 give an all-zero row on every backend.
    """

    def __init__(self, input_dim, input_length=None, **kwargs):
        # Float indices must not be autocast to float16 under mixed precision: 2049 -> 2048.
        kwargs.setdefault("autocast", False)
        if input_length is not None and not is_keras3(keras) and "batch_input_shape" not in kwargs:
            # Keras 2's Sequential learns its input shape from the first layer (the seed's usage).
            kwargs.setdefault("input_shape", (input_length,))
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.input_length = input_length

    def call(self, inputs):
        # int32, not a narrow type: uint8 wraps 300 to 44, int16 wraps 33000 below zero.
        indices = ops.cast(inputs, "int32")
        in_range = ops.logical_and(ops.greater_equal(indices, 0), ops.less(indices, self.input_dim))
        # Clip before encoding: some backends raise, or wrap negatives, for out-of-range indices.
        hot = ops.one_hot(ops.clip(indices, 0, self.input_dim - 1), self.input_dim)
        hot = hot * ops.cast(ops.expand_dims(in_range, -1), hot.dtype)
        return ops.cast(hot, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "input_length": self.input_length}
