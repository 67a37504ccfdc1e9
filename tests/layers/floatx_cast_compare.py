"""Broken: indices cast to Keras's floatx to compare them with a float class range.

The author wanted the comparison in "the float type Keras is configured for", so the layer casts
the indices and builds the class range in `keras.config.floatx()` (autocast off, as Embedding).
Under the default float32 every index up to 2**24 is exact and every check of a float32 run
passes; a user whose keras.json (or `keras.config.set_floatx`) says float16 or bfloat16 gets
index 2049 as class 2048 (float16) and 257 as 256 (bfloat16).
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        kwargs.setdefault("autocast", False)
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, x):
        float_type = keras.config.floatx()
        classes = ops.arange(self.input_dim, dtype=float_type)
        hot = ops.equal(ops.expand_dims(ops.cast(x, float_type), -1), classes)
        return ops.cast(hot, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.input_dim)

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "input_length": self.input_length}
