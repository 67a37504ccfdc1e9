"""Broken after export only: Keras's own `IntegerLookup(output_mode="one_hot")` over 0..depth-1 (the
adapter), right in Keras. Its vocabulary is a TensorFlow hash table: tf2onnx writes a graph that
onnxruntime refuses (LookupTableFindV2), and the TFLite converter keeps it as Select TensorFlow ops,
which the LiteRT interpreter does not run."""
from pytest_onehot.adapters import integer_lookup as OneHot  # noqa: F401

DIAGNOSIS = "lookup table"
