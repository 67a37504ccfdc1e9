"""Broken for ONNX export on JAX (Keras 3.14+, jax2onnx): classes from `ops.arange(depth)`, as the
reference layer itself once wrote it. jax2onnx's arange takes Keras's `stop=None` for a stop."""
from tests.layers.base import CorpusOneHot, corpus_layer, ops

DIAGNOSIS = "ops.arange(0, depth)"


@corpus_layer
class ArangeOneHot(CorpusOneHot):
    def encode(self, indices):
        classes = ops.arange(self.input_dim, dtype=self.index_dtype)
        return ops.equal(ops.expand_dims(indices, -1), classes)


OneHot = ArangeOneHot
