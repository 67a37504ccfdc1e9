"""Broken: owns an (unused) trainable weight, which optimizers and summaries count."""
from tests.layers.base import CorpusOneHot, corpus_layer


@corpus_layer
class WeightedOneHot(CorpusOneHot):
    def build(self, input_shape):
        self.unused = self.add_weight(name="unused", shape=(1,), initializer="zeros", trainable=True)
        super().build(input_shape)


OneHot = WeightedOneHot
