"""The seed blog post's OneHot ported to Keras 3, keeping its bugs.

Keras 3's backend module has no `one_hot`, so the port uses `keras.ops`:

    pytest --onehot-layer=examples.seed_keras3:OneHot

The uint8 cast still wraps indices >= 256, and Keras 3 cannot reload the Lambda:
its nested function is not found ("Could not locate function").
"""
import keras
from keras.layers import Lambda


def OneHot(input_dim=None, input_length=None):
    if input_dim is None or input_length is None:
        raise TypeError("input_dim or input_length is not set")

    def _one_hot(x, num_classes):
        return keras.ops.one_hot(keras.ops.cast(x, "uint8"), num_classes)

    return Lambda(_one_hot, arguments={"num_classes": input_dim}, input_shape=(input_length,))
