"""Broken: wraps a Python lambda calling keras.ops in a keras.layers.Lambda.

The author thought a one-liner Lambda is all a one-hot layer needs: cast the
ids to int32 and call ops.one_hot, no custom class required.
"""
import keras
from keras import ops


def OneHot(input_dim, input_length=None, **kwargs):
    """Return a Lambda layer that one-hot encodes integer ids into input_dim classes."""
    return keras.layers.Lambda(
        lambda x: ops.one_hot(ops.cast(x, "int32"), input_dim), **kwargs
    )
