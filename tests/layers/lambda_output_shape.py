"""Broken on Keras 3.2-3.3: a Lambda around keras.ops.one_hot with its output_shape declared (written blind).

The author declared the shape, as Keras asks a Lambda to, and relies on one_hot for the rest. Keras
3.2-3.3 rebuild the tuple output_shape from the model's config as a list, and the Lambda's
compute_output_shape fails on it, so a clone or a reloaded h5 model cannot be built.
"""

import keras
from keras import ops


def OneHot(input_dim, input_length=None, **kwargs):
    return keras.layers.Lambda(lambda x: ops.one_hot(x, input_dim), output_shape=(input_length, input_dim), **kwargs)
