"""Broken (Keras 3, any backend): one-hot encoder built with keras.ops, zero
rows for out-of-range ids. The user's encoded ids feed a Conv1D stack they
wanted channels-first, so __init__ calls
keras.config.set_image_data_format("channels_first"). The encoding is right
(it does not use the setting), but the image data format is global Keras
config, so every Conv / Pooling / BatchNorm layer created afterwards anywhere
in the program defaults to channels_first instead of channels_last.
Written blind.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length
        keras.config.set_image_data_format("channels_first")  # for my convs

    def call(self, x):
        ids = ops.expand_dims(ops.cast(x, "int32"), -1)
        # out-of-range ids (padding -1, unknown words) match no column
        hot = ops.equal(ids, ops.arange(self.input_dim, dtype="int32"))
        return ops.cast(hot, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"input_dim": self.input_dim, "input_length": self.input_length}
        )
        return config
