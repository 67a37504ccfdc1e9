"""A correct one-hot layer the broken ones derive from: each overrides one step."""
from pytest_onehot.keras_compat import default_keras, layer_ops, register_serializable

keras = default_keras()
ops = layer_ops(keras)


def corpus_layer(cls):
    """Register a corpus class under its own name, so that saved models load it back."""
    return register_serializable(keras, package="onehot_corpus")(cls)


@corpus_layer
class CorpusOneHot(keras.layers.Layer):
    """Indices cast to int32 and compared with every class: zeros outside 0..depth-1."""

    index_dtype = "int32"

    def __init__(self, input_dim, input_length=None, **kwargs):
        kwargs.setdefault("autocast", False)
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.input_length = input_length

    def indices(self, inputs):
        return ops.cast(inputs, self.index_dtype)

    def encode(self, indices):
        classes = ops.arange(0, self.input_dim, dtype=self.index_dtype)  # jax2onnx needs a start
        return ops.equal(ops.expand_dims(indices, -1), classes)

    def call(self, inputs):
        return ops.cast(self.encode(self.indices(inputs)), self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.input_dim,)

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "input_length": self.input_length}
