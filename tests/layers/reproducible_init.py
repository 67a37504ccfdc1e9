"""Broken: calls keras.utils.set_random_seed in the layer's constructor.

The author wanted every run to be reproducible and put the seeding inside
the layer so nobody has to remember to do it.
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="corpus_reproducible_init")
class OneHot(keras.layers.Layer):
    """One-hot encoding layer that also makes the run reproducible."""

    def __init__(self, input_dim, input_length=None, seed=42, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length
        self.seed = seed
        keras.utils.set_random_seed(seed)

    def call(self, inputs):
        classes = ops.arange(self.input_dim, dtype="int32")
        hits = ops.equal(ops.expand_dims(inputs, axis=-1), classes)
        return ops.cast(hits, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"input_dim": self.input_dim, "input_length": self.input_length, "seed": self.seed}
        )
        return config
