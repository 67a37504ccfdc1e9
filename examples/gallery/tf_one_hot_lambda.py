"""`Lambda(lambda x: tf.one_hot(tf.cast(x, tf.int32), n))` through `tensorflow.keras`.

Pattern: TensorFlow ops inside a Lambda. Fine on Keras 2; on TensorFlow >= 2.16
`tensorflow.keras` is Keras 3, where TensorFlow functions cannot take a symbolic KerasTensor,
and the Python lambda cannot be reloaded in safe mode anywhere.
"""
import tensorflow as tf
from tensorflow import keras


def OneHot(input_dim, input_length=None):
    return keras.layers.Lambda(lambda x: tf.one_hot(tf.cast(x, tf.int32), input_dim))
