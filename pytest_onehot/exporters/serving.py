"""Serving SavedModels: Keras 3's model.export(format="tf_saved_model"), called as a server does,
through its `serving_default` signature in TensorFlow. (Keras 2's SavedModel is save-savedmodel's.)"""
from pytest_onehot.exporters.base import Exported, Route

ROUTES = (
    Route(keras=2, reason="on Keras 2, save-savedmodel checks the SavedModel's serving signature"),
    Route(keras=3, backends=("numpy", "openvino"),
          reason="Keras 3's {backend} backend cannot export a SavedModel"),
    # Keras 3 lowers torch to StableHLO for TensorFlow.
    Route(keras=3, backends=("torch",), how="keras",
          needs={"tensorflow": "tensorflow-cpu", "torch_xla": "torch-xla"}),
    Route(keras=3, how="keras", needs={"tensorflow": "tensorflow-cpu"}),
)


class Serving:
    fmt = "serving"
    name = "serving SavedModel"
    file_name = "serving"
    keras_format = "tf_saved_model"
    purpose = "Exported as a serving SavedModel (Keras 3): integer inputs in its signature, Keras's output."
    runtime = None  # TensorFlow, there anyway: it does not make an export environment
    negative_index_cause = None
    keeps_input_dtype = True  # a server feeds the signature: it must take the model's integers
    routes = ROUTES

    @staticmethod
    def export(how, path, model, saved_model, dtype, length):
        raise ValueError(f"unknown export route {how!r}")  # only Keras's own

    @staticmethod
    def load(path):
        # A server calls the signature, not the Python object: so do we.
        import tensorflow as tf

        signature = tf.saved_model.load(path).signatures["serving_default"]
        ((name, spec),) = signature.structured_input_signature[1].items()

        def run(x):
            (out,) = signature(**{name: tf.constant(x.astype(spec.dtype.name))}).values()
            return out.numpy()

        return Exported(run, spec.dtype.name)
