"""`Lambda(lambda x: K.one_hot(x, n))` with no cast, relying on an integer `Input` (Keras 2).

Pattern: the Keras docs' first suggestion. It works while every input is an integer tensor;
float indices (the default dtype of a Sequential model's input) reach `one_hot` and fail.
"""
from tensorflow.keras import backend as K
from tensorflow.keras.layers import Lambda


def OneHot(input_dim, input_length=None):
    return Lambda(lambda x: K.one_hot(x, input_dim))
