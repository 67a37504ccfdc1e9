"""A Layer subclass on `keras.ops.one_hot`, as usually written for Keras 3.

Pattern: the migration away from Lambda: a subclass with `get_config`, casting to int32.
Typical omissions show: it is not registered (so a saved model cannot find the class), its
output ignores a mixed-precision policy, and out-of-range behaviour is whatever the backend's
`one_hot` does.
"""
import keras


class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, x):
        return keras.ops.one_hot(keras.ops.cast(x, "int32"), self.input_dim)

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "input_length": self.input_length}
