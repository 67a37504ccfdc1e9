"""Broken: I call tf.random.set_seed in build so the layer's weights are reproducible.

The author copied the seeding from another layer and believed it only makes this
layer deterministic, with no effect on the rest of the model or program.
"""
import tensorflow as tf


@tf.keras.utils.register_keras_serializable(package="corpus_set_seed_in_build")
class OneHot(tf.keras.layers.Layer):
    """One-hot encodes integer ids into vectors of length input_dim."""

    def __init__(self, input_dim, input_length=None, seed=1234, **kwargs):
        if input_length is not None and "input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)
        super().__init__(autocast=False, **kwargs)
        self.input_dim = input_dim
        self.input_length = input_length
        self.seed = seed

    def build(self, input_shape):
        tf.random.set_seed(self.seed)
        super().build(input_shape)

    def call(self, inputs):
        return tf.one_hot(tf.cast(inputs, tf.int32), self.input_dim)

    def compute_output_shape(self, input_shape):
        return tf.TensorShape(input_shape).concatenate([self.input_dim])

    def get_config(self):
        config = super().get_config()
        config.update({
            "input_dim": self.input_dim,
            "input_length": self.input_length,
            "seed": self.seed,
        })
        return config
