"""`Lambda(lambda x: to_categorical(x, n))`: the preprocessing utility moved into the model.

Pattern: `keras.utils.to_categorical` is a NumPy function on Keras 2, so it cannot run on a
symbolic tensor; Keras 3's accepts tensors. Either way it is a Python lambda (safe mode).
"""
from pytest_onehot.keras_compat import default_keras

keras = default_keras()


def OneHot(input_dim, input_length=None):
    return keras.layers.Lambda(lambda x: keras.utils.to_categorical(x, input_dim))
