"""The reference one-hot layer: correct and serializable on Keras 2.12+ and Keras 3.

`OneHot(input_dim, input_length=None)` is called like `Embedding`, as in the seed post.
It is built on whichever Keras this environment means (`keras`, or `tf_keras` when
TF_USE_LEGACY_KERAS=1), so importing this module imports Keras.
"""
from typing import Any

from pytest_onehot.keras_compat import default_keras, is_keras3, layer_ops, register_serializable

keras: Any = default_keras()  # Any, as everything Keras here: mypy then takes keras.layers.Layer for a base
ops = layer_ops(keras)


@register_serializable(keras, package="pytest_onehot")
class OneHot(keras.layers.Layer):
    """Integer indices (batch, length) -> one-hot vectors (batch, length, input_dim).

    Indices outside 0..input_dim-1 give an all-zero row on every backend.
    Memory is O(batch * length * input_dim): no (input_dim, input_dim) table is ever built.
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
        indices = ops.expand_dims(ops.cast(inputs, "int32"), -1)
        # Compare with every class instead of calling the backend's one_hot: that one raises
        # (torch), wraps -1 to the last class (NumPy) or drops an axis of size 1 (Keras 3.0-3.3's
        # NumPy backend) for some inputs. An index outside 0..depth-1 matches no class: zeros.
        # arange(0, depth), not arange(depth): jax2onnx (ONNX export on JAX) fails on the latter.
        classes = ops.arange(0, self.input_dim, dtype="int32")
        return ops.cast(ops.equal(indices, classes), self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "input_length": self.input_length}
