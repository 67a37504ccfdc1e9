"""Broken: sets the global floatx to float64 when built."""
from tests.layers.base import CorpusOneHot, corpus_layer, keras


@corpus_layer
class FloatxOneHot(CorpusOneHot):
    def build(self, input_shape):
        keras.backend.set_floatx("float64")
        super().build(input_shape)


OneHot = FloatxOneHot
