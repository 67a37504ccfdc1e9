"""Broken (Keras 3, any backend): one-hot encoder built with keras.ops, zero
rows for out-of-range ids. When loading a saved model holding this layer failed
once, the user "fixed" it by calling keras.config.enable_unsafe_deserialization()
in __init__ so that models holding it load. The encoding is right, but creating
the layer switches off Keras's safe_mode protection for the whole process, so
later keras.models.load_model calls will run arbitrary lambdas. Written blind.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length
        # so that models holding this layer load
        keras.config.enable_unsafe_deserialization()

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
