"""Evidence -> the likely cause, in one line, with a stable cause id. NumPy only.

Every diagnosis the suite prints is made here, one module per kind of evidence:

    causes        CAUSES (each cause's words, once), Cause and Finding: what every diagnosis returns
    values        wrong values (narrow casts, float rounding, shifts), and one_hot_finding
    shapes        wrong shapes (a squeezed, extra or misplaced axis)
    out_of_range  -1, depth and further out, in Keras and in exported models
    exceptions    what the layer raised, matched by its text through the exception chain
    frames        the line of the layer's own code an exception came from

A `Cause` has an id that never changes (`uint8-cast`) and a text that may carry this run's
numbers ("input cast to uint8? 300 wraps to 44"); the summary groups failures by id and prints
`CAUSES[id]` once, with the fix. Rendering is `Finding.message`'s, in one place.
"""
from pytest_onehot.diagnose.causes import CAUSES, Cause, Finding
from pytest_onehot.diagnose.exceptions import exception_cause
from pytest_onehot.diagnose.frames import NOT_THE_LAYER, layer_frame, where
from pytest_onehot.diagnose.out_of_range import (common_out_of_range_cause, export_out_of_range_cause,
                                                 out_of_range_causes)
from pytest_onehot.diagnose.shapes import shape_finding
from pytest_onehot.diagnose.values import (class_list, one_hot_finding, round_to_bits, through_float,
                                           value_finding)

__all__ = ["CAUSES", "NOT_THE_LAYER", "Cause", "Finding", "class_list", "common_out_of_range_cause",
           "exception_cause", "export_out_of_range_cause", "layer_frame", "one_hot_finding",
           "out_of_range_causes", "round_to_bits", "shape_finding", "through_float", "value_finding", "where"]
