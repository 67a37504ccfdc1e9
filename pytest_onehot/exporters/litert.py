"""LiteRT (a TFLite flatbuffer): Keras 3's model.export, or the TFLite converter on a Keras 2 model or on
a Keras 3 SavedModel; run in the LiteRT interpreter (`ai-edge-litert`)."""
from pytest_onehot.exporters.base import Exported, Route

RUNTIME = {"ai_edge_litert": "ai-edge-litert"}

ROUTES = (
    Route(keras=2, how="converter", needs={**RUNTIME, "tensorflow": "tensorflow-cpu"}),
    # model.export(format="litert") came in Keras 3.13; before, the converter on a SavedModel.
    Route(keras=3, backends=("tensorflow",), since=(3, 13), how="keras", needs=RUNTIME),
    Route(keras=3, backends=("tensorflow",), how="converter", reads="savedmodel", needs=RUNTIME),
    # Keras has no LiteRT export on JAX; its SavedModel (jax2tf) goes through the converter.
    Route(keras=3, backends=("jax",), how="converter", reads="savedmodel",
          needs={**RUNTIME, "tensorflow": "tensorflow-cpu"}),
    Route(keras=3, backends=("torch",), since=(3, 15), how="keras",
          needs={**RUNTIME, "litert_torch": "litert-torch"}),
    Route(reason="keras {version} cannot export LiteRT from the {backend} backend"),
)


class LiteRT:
    fmt = "litert"
    name = "LiteRT"
    file_name = "model.tflite"
    keras_format = "litert"
    purpose = ("Exported to LiteRT (TFLite), run in the LiteRT interpreter: Keras's output; "
               "out-of-range per policy.")
    runtime = "ai_edge_litert"
    negative_index_cause = None
    keeps_input_dtype = False
    routes = ROUTES

    @staticmethod
    def export(how, path, model, saved_model, dtype, length):
        if how != "converter":
            raise ValueError(f"unknown export route {how!r}")
        import tensorflow as tf

        if saved_model is not None:
            converter = tf.lite.TFLiteConverter.from_saved_model(saved_model)
        else:
            converter = tf.lite.TFLiteConverter.from_keras_model(model)
        with open(path, "wb") as f:
            f.write(converter.convert())

    @staticmethod
    def load(path):
        import numpy as np
        from ai_edge_litert.interpreter import Interpreter

        interpreter = Interpreter(model_path=path)
        (inp,), (out,) = interpreter.get_input_details(), interpreter.get_output_details()
        dtype = np.dtype(inp["dtype"]).name

        def run(x):
            interpreter.resize_tensor_input(inp["index"], x.shape)
            interpreter.allocate_tensors()
            interpreter.set_tensor(inp["index"], x.astype(dtype))
            interpreter.invoke()
            return interpreter.get_tensor(out["index"]).copy()

        return Exported(run, dtype)
