"""Broken on TensorFlow and JAX (written blind): one-hot by comparison with a class range that is built once, in build().

Intended: precompute ops.arange(input_dim) in build() so call() is just one broadcast compare
(ids[..., None] == classes), which gives zero rows for out-of-range ids on every backend.

Believed bug (one): the class range is a plain tensor stored on the layer, created in whatever
context build() happens to run in. When build() first runs inside a traced function (a JAX jit,
a tf.function of predict on a model built lazily), the cached tensor is a tracer/graph tensor that
leaks out of that trace and breaks later calls (eager or another graph). Should be a
non-trainable weight or computed in call().
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="blind2")
class CachedRangeOneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(autocast=False, **kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def build(self, input_shape):
        self.classes = ops.arange(0, self.input_dim, dtype="int32")
        self.built = True

    def call(self, inputs):
        ids = ops.cast(inputs, "int32")
        hit = ops.equal(ops.expand_dims(ids, -1), self.classes)
        return ops.cast(hit, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "input_length": self.input_length}


def OneHot(input_dim, input_length=None, **kwargs):
    return CachedRangeOneHot(input_dim, input_length=input_length, **kwargs)
