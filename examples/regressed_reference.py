"""The reference layer with one bug introduced (a uint8 cast): what the suite says of it.

    ONEHOT_LAYER=examples.regressed_reference:OneHot tox -e keras3.15-jax

The baseline gate compares runs of one layer spec; a baseline of the reference does not gate this
layer (another spec) and is refused. To see the gate catch a regression, change your own layer
between two runs, as docs/matrix.md's "Reports and the regression gate" shows.
"""
from pytest_onehot.keras_compat import register_serializable
from pytest_onehot.reference import OneHot as Reference
from pytest_onehot.reference import keras, ops


@register_serializable(keras, package="pytest_onehot_examples")
class OneHot(Reference):
    def call(self, inputs):
        return super().call(ops.cast(inputs, "uint8"))  # the bug: indices >= 256 wrap
