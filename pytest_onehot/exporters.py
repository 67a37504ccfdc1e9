"""Running exported models: ONNX in onnxruntime, TFLite flatbuffers in the LiteRT interpreter
(`ai-edge-litert`), serving SavedModels through their `serving_default` signature in TensorFlow.

The export checks import this module when they run (and the report, to key an environment with
exporters apart); every exporter and runtime is imported inside a function, so that the plugin
stays light and a missing one is a skip, not an error.
Exporting itself differs by Keras and backend and is `KerasEnv.export`'s business.
"""
import dataclasses
import importlib.util

import numpy as np

FILE_NAME = {"onnx": "model.onnx", "litert": "model.tflite", "serving": "serving"}
RUNTIMES = ("onnxruntime", "ai_edge_litert")


def installed():
    """Whether an export runtime is installed: such an environment runs the export checks, so its
    reports are keyed apart from its plain twin's (`keras3.15-tensorflow-export`)."""
    return any(importlib.util.find_spec(name) is not None for name in RUNTIMES)


FORMAT_NAME = {"onnx": "ONNX", "litert": "LiteRT", "serving": "serving SavedModel"}


@dataclasses.dataclass
class Exported:
    """A loaded artifact: `run(x)` -> NumPy output, fed as the `input_dtype` the artifact declares."""

    run: object
    input_dtype: str


def extras():
    """{extra: its packages}, from the compatibility table (pyproject's extras are the same)."""
    from pytest_onehot.toxgen import load_table

    return load_table()["export"]["extras"]


def missing(modules, backend):
    """None when every module of `modules` ({import name: pip package}) is installed and imports,
    else the skip reason: what is missing and what to install (the extra when it has them all)."""
    absent = sorted({package for module, package in modules.items() if importlib.util.find_spec(module) is None})
    if absent:
        extra = "export-jax" if backend == "jax" else "export"
        also = f" (or install pytest-onehot with its [{extra}] extra)" if set(absent) <= set(extras()[extra]) else ""
        return f"{', '.join(absent)} not installed: pip install {' '.join(absent)}{also}"
    for module, package in modules.items():
        try:
            importlib.import_module(module)
        except Exception as exc:  # an install that cannot work here is not the layer's failure
            from pytest_onehot.spec import one_line

            hint = ": beside TensorFlow <= 2.17 pin onnx<1.19" if "ml_dtypes" in str(exc) else ""
            return f"{package} is installed but does not import ({one_line(exc)}){hint}"
    return None


def load(fmt, path):
    """The artifact at `path`, ready to run."""
    return {"onnx": _load_onnx, "litert": _load_litert, "serving": _load_serving}[fmt](str(path))


def _load_onnx(path):
    import onnxruntime

    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    (inp,) = session.get_inputs()
    dtype = inp.type[len("tensor("):-1]  # "tensor(int32)" -> "int32"
    return Exported(lambda x: session.run(None, {inp.name: x.astype(dtype)})[0], dtype)


def _load_litert(path):
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


def _load_serving(path):
    # A server calls the signature, not the Python object: so do we.
    import tensorflow as tf

    signature = tf.saved_model.load(path).signatures["serving_default"]
    ((name, spec),) = signature.structured_input_signature[1].items()

    def run(x):
        (out,) = signature(**{name: tf.constant(x.astype(spec.dtype.name))}).values()
        return out.numpy()

    return Exported(run, spec.dtype.name)
