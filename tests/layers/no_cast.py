"""Broken on Keras 2: no cast at all, so float indices reach tf.one_hot, which needs integers."""
from tests.layers.base import CorpusOneHot, corpus_layer, ops


@corpus_layer
class UncastOneHot(CorpusOneHot):
    def indices(self, inputs):
        return inputs

    def encode(self, indices):
        return ops.one_hot(indices, self.input_dim)


OneHot = UncastOneHot
