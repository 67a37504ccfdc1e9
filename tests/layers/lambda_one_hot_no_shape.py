"""Broken on the NumPy backend: a Lambda around keras.ops.one_hot, no output_shape (written blind).

The most common recipe: the ids are int32 already, so no cast. Keras's NumPy backend infers the
Lambda's output shape by calling it on arrays of its float compute dtype, where one_hot raises.
"""

import keras
from keras import ops


def OneHot(input_dim, input_length=None, **kwargs):
    return keras.layers.Lambda(lambda x: ops.one_hot(x, input_dim), **kwargs)
