"""Broken: I wrapped K.one_hot in a Lambda layer with a Python lambda, like the blog post.

The author believed a Lambda around K.one_hot is a complete one-hot layer that
saves and loads like any other Keras layer.
"""
import tensorflow as tf  # noqa: F401 (as the recipe imports it)
from tensorflow.keras import backend as K
from tensorflow.keras.layers import Lambda


def OneHot(input_dim, input_length=None):
    """Returns a Lambda layer that turns (batch, input_length) ids into one-hot vectors."""
    depth = input_dim
    return Lambda(lambda x: K.one_hot(K.cast(x, "int32"), depth),
                  input_shape=(input_length,))
