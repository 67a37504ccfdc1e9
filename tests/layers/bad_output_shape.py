"""Broken: compute_output_shape forgets the length axis."""
from tests.layers.base import CorpusOneHot, corpus_layer


@corpus_layer
class BadShapeOneHot(CorpusOneHot):
    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.input_dim)


OneHot = BadShapeOneHot
