"""Broken on Keras 3: a Lambda over a nested named function, which Keras 3 cannot locate."""
from tests.layers.base import keras, ops


def OneHot(input_dim, input_length=None):
    def _one_hot(x, num_classes):
        return ops.one_hot(ops.cast(x, "int32"), num_classes)

    return keras.layers.Lambda(_one_hot, arguments={"num_classes": input_dim})
