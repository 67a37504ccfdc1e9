"""ONNX: Keras 3's model.export on TensorFlow, JAX and torch, tf2onnx on Keras 2; run in onnxruntime."""
from pytest_onehot.exporters.base import HELD_TENSOR_INPUT, Exported, Route

RUNTIME = {"onnxruntime": "onnxruntime", "onnx": "onnx"}

ROUTES = (
    Route(keras=2, how="tf2onnx", needs={**RUNTIME, "tf2onnx": "tf2onnx"}),
    Route(keras=3, before=(3, 8),
          reason="keras {version} cannot export ONNX (model.export(format='onnx') came in Keras 3.8)"),
    Route(keras=3, backends=("tensorflow",), how="keras", needs={**RUNTIME, "tf2onnx": "tf2onnx"}),
    # Keras 3.14 replaced jax2tf + tf2onnx with jax2onnx: the options jax2tf needed for tf2onnx are
    # gone from JAX 0.4.36 on (seen failing: Keras 3.13, JAX 0.8.1).
    Route(keras=3, backends=("jax",), since=(3, 14), how="keras",
          needs={**RUNTIME, "jax2onnx": "jax2onnx"}),
    Route(keras=3, backends=("jax",), loaded_before={"jax": (0, 4, 36)}, how="keras",
          needs={**RUNTIME, "tf2onnx": "tf2onnx", "tensorflow": "tensorflow-cpu"}),
    Route(keras=3, backends=("jax",),
          reason="keras {version} exports ONNX on JAX through jax2tf and tf2onnx, which cannot work with "
                 "JAX 0.4.36+ (Keras 3.14 moved to jax2onnx)"),
    # torch.onnx: the TorchScript exporter, without onnxscript.
    Route(keras=3, backends=("torch",), how="keras", needs=RUNTIME),
    Route(keras=3, reason="Keras 3's {backend} backend cannot export ONNX"),
)


class Onnx:
    fmt = "onnx"
    name = "ONNX"
    file_name = "model.onnx"
    keras_format = "onnx"
    purpose = ("Exported to ONNX, run in onnxruntime on int32 and int64 inputs: Keras's output; "
               "out-of-range per policy.")
    runtime = "onnxruntime"
    # ONNX's OneHot counts -depth..-1 from the end, and the exporters pass -1 through.
    negative_index_cause = "onnx-negative-index"
    keeps_input_dtype = False
    routes = ROUTES

    @staticmethod
    def export(how, path, model, saved_model, dtype, length):
        if how != "tf2onnx":
            raise ValueError(f"unknown export route {how!r}")
        import tensorflow as tf
        import tf2onnx

        spec = [tf.TensorSpec((None, length), dtype)]
        tf2onnx.convert.from_keras(model, input_signature=spec, output_path=path)

    @staticmethod
    def load(path):
        import onnxruntime

        session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
        inputs = session.get_inputs()
        if len(inputs) != 1:  # the converter made a graph input of a tensor it could not hold as a constant
            raise ValueError(f"the exported model takes {len(inputs)} inputs ({', '.join(i.name for i in inputs)}), "
                             f"not the model's one: {HELD_TENSOR_INPUT}")
        (inp,) = inputs
        dtype = inp.type[len("tensor("):-1]  # "tensor(int32)" -> "int32"
        return Exported(lambda x: session.run(None, {inp.name: x.astype(dtype)})[0], dtype)
