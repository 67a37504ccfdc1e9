"""Keras's own CategoryEncoding(output_mode="one_hot"), through the bundled adapter.

A Keras bug the suite finds: on Keras 3.14 and 3.15 with TensorFlow its graph path casts indices
to the compute dtype, so under mixed precision a compiled predict rounds them (257 -> 256 in
bfloat16, 2049 -> 2048 in float16), although an eager call is exact.
"""
from pytest_onehot.adapters import category_encoding as OneHot  # noqa: F401
