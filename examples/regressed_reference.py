"""The reference layer with one bug introduced, to see the baseline gate catch a regression:

    tox -m fast -p 2 && cp -r reports baseline              # reports of the correct layer
    ONEHOT_LAYER=examples.regressed_reference:OneHot tox -m fast -p 2 -- --onehot-baseline=baseline

Every environment then fails with a "regressions" section naming the checks that passed in the
baseline and fail now (narrow-uint8-int, values-random, ...).
"""
from pytest_onehot.keras_compat import register_serializable
from pytest_onehot.reference import OneHot as Reference
from pytest_onehot.reference import keras, ops


@register_serializable(keras, package="pytest_onehot_examples")
class OneHot(Reference):
    def call(self, inputs):
        return super().call(ops.cast(inputs, "uint8"))  # the bug: indices >= 256 wrap
