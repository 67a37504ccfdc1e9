"""Broken: turns a negative axis into len(shape) + axis in compute_output_shape.

The author added an axis argument like tf.one_hot (where the class axis goes,
default -1 = last) and believed call and compute_output_shape agree for any axis.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_axis_argument")
class OneHot(keras.layers.Layer):
    """One-hot encoding with a configurable position for the class axis."""

    def __init__(self, input_dim, input_length=None, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length
        self.axis = axis

    def call(self, inputs):
        classes = ops.arange(self.input_dim, dtype="int32")
        encoded = ops.cast(ops.equal(ops.expand_dims(inputs, -1), classes), self.compute_dtype)
        if self.axis != -1:
            encoded = ops.moveaxis(encoded, -1, self.axis)
        return encoded

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        axis = self.axis
        if axis < 0:
            axis = len(shape) + axis
        shape.insert(axis, self.input_dim)
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"input_dim": self.input_dim, "input_length": self.input_length, "axis": self.axis}
        )
        return config
