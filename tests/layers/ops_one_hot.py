"""Broken after ONNX export only: `keras.ops.one_hot` on int32 indices. Keras (TensorFlow, JAX) gives
index -1 a zero row; ONNX's OneHot counts -1 from the end, so onnxruntime lights the last class.
(On torch Keras's one_hot raises out of range, and torch's exporter does not emit OneHot.)"""
from tests.layers.base import corpus_layer, keras, ops

DIAGNOSIS = "counts -1 from the end"


@corpus_layer
class OpsOneHot(keras.layers.Layer):
    def __init__(self, input_dim, input_length=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.input_length = input_length

    def call(self, inputs):
        return ops.one_hot(ops.cast(inputs, "int32"), self.input_dim)

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "input_length": self.input_length}


OneHot = OpsOneHot
