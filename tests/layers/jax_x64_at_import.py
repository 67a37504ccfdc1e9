"""Broken (Keras 3, jax): one-hot encoder built with keras.ops, zero rows for
out-of-range ids. JAX silently truncates int64 arrays to int32, so to "keep
int64 ids on JAX" the user turns on jax_enable_x64 at module import. The
encoding is right (output still float32), but importing the file flips a
process-wide JAX flag: afterwards jnp.arange, jnp.array(1.0) etc. everywhere
in the program default to int64/float64. Written blind.
"""
import jax
import keras
from keras import ops

# keep int64 ids on JAX
jax.config.update("jax_enable_x64", True)


@keras.saving.register_keras_serializable(package="onehot_corpus")
class OneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, x):
        ids = ops.expand_dims(ops.cast(x, "int64"), -1)
        # out-of-range ids (padding -1, unknown words) match no column
        hot = ops.equal(ids, ops.arange(self.input_dim, dtype="int64"))
        return ops.cast(hot, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"input_dim": self.input_dim, "input_length": self.input_length}
        )
        return config
