"""Broken: scales its output by a trainable sqrt(w - 1) + 1 that starts at w = 1: right
values, but an infinite gradient, so training turns it (and the loss) into NaN."""
from tests.layers.base import CorpusOneHot, corpus_layer, ops

# Where models cannot train (numpy backend) only the trainable weight shows.


@corpus_layer
class NanGradientOneHot(CorpusOneHot):
    def build(self, input_shape):
        self.w = self.add_weight(name="w", shape=(), initializer="ones", trainable=True)
        super().build(input_shape)

    def call(self, inputs):
        return super().call(inputs) * ops.cast(ops.sqrt(self.w - 1.0) + 1.0, self.compute_dtype)


OneHot = NanGradientOneHot
