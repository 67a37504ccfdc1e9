"""Which check must fail on which corpus layer, and where the bug shows.

Each entry maps a check id to (layer module, where): `where` is a predicate on the
KerasEnv, since some bugs only show on some backends (JAX compares classes in the
narrow dtype too, so an int16 cast survives there; Keras 3's one_hot takes float indices;
torch runs eagerly, so an untraceable layer works there).
"""
import importlib

from pytest_onehot.spec import Factory


def everywhere(env):
    return True


def not_jax(env):
    return env.backend != "jax"


def trains(env):
    return env.can_fit()


def jit(env):
    return env.can_jit()


def keras3(env):
    return env.keras3


def keras2(env):
    return not env.keras3


def safe_mode_lambda(env):
    # Keras 3, and tf.keras from 2.13 on, refuse a Lambda's Python bytecode in safe mode.
    return env.keras3 or tuple(map(int, env.version.split(".")[:2])) >= (2, 13)


def exports(fmt, backends=("tensorflow", "jax", "torch")):
    """Where `fmt` export runs here (this Keras and backend can, the exporters are installed)."""
    def where(env):
        from pytest_onehot.exporters import missing

        how, needs = env.export_plan(fmt)
        return env.backend in backends and how is not None and missing(needs, env.backend) is None

    return where


def keras3_exports(fmt):
    """Keras 3 on TensorFlow, where `fmt` export runs here."""
    return lambda env: env.keras3 and exports(fmt, ("tensorflow",))(env)


def jax2onnx(env):
    # Keras 3.14+ exports ONNX on JAX through jax2onnx.
    return exports("onnx", ("jax",))(env) and "jax2onnx" in env.export_plan("onnx")[1]


CORRECT = ["reference", "correct_equal", "correct_int64", "correct_factory_function"]

MUST_FAIL = {
    "values-seed": [("off_by_one", everywhere)],
    "values-random": [("uint8_cast", everywhere)],
    "values-property": [("uint8_cast", everywhere), ("off_by_one", everywhere)],
    "values-every-class": [("uint8_cast", everywhere), ("off_by_one", everywhere)],
    "narrow-uint8-int": [("uint8_cast", everywhere)],
    "narrow-uint8-float": [("uint8_cast", everywhere)],
    "narrow-int16-int": [("int16_cast", not_jax)],
    "narrow-int16-float": [("int16_cast", everywhere)],
    "input-dtype-int32": [("off_by_one", everywhere)],
    "input-dtype-int64": [("off_by_one", everywhere)],
    "input-dtype-float32": [("no_cast", keras2), ("off_by_one", everywhere)],
    "input-dtype-float64": [("no_cast", keras2), ("off_by_one", everywhere)],
    "input-dtype-uint8": [("off_by_one", everywhere)],
    "input-dtype-int16": [("off_by_one", everywhere)],
    "output-dtype": [("float64_output", not_jax)],
    "mixed-precision-dtype": [("ignores_policy", everywhere), ("float64_output", everywhere)],
    "mixed-precision-float-indices": [("autocast_on", everywhere)],
    "shape-compute-output-shape": [("bad_output_shape", everywhere)],
    "shape-symbolic": [("needs_input_length", everywhere)],
    "shape-batch-one": [("squeezes", everywhere)],
    "sequential-input": [("off_by_one", everywhere)],
    "sequential-seed": [("off_by_one", everywhere)],
    "functional": [("off_by_one", everywhere)],
    "functional-shared": [("caches_first_call", everywhere)],
    "nested-model": [("off_by_one", everywhere)],
    "fit": [("nan_gradient", trains)],
    "weights-none-trainable": [("trainable_weight", everywhere), ("nan_gradient", everywhere)],
    "weights-unchanged-by-fit": [("nan_gradient", trains)],
    "embedding-forward": [("off_by_one", everywhere)],
    "embedding-time-distributed": [("off_by_one", everywhere)],
    "embedding-gradients": [("off_by_one", trains), ("nan_gradient", trains)],
    "config-roundtrip": [("incomplete_config", everywhere), ("python_lambda", keras3), ("nested_function", keras3)],
    "save-keras": [("incomplete_config", everywhere), ("unregistered", everywhere),
                   ("python_lambda", safe_mode_lambda), ("nested_function", safe_mode_lambda)],
    "save-h5": [("incomplete_config", everywhere), ("unregistered", everywhere), ("python_lambda", keras3)],
    "save-savedmodel": [("host_numpy", keras2)],
    "clone-model": [("incomplete_config", everywhere), ("python_lambda", keras3)],
    "jit-compile": [("host_numpy", jit), ("uint8_cast", jit)],
    "global-state": [("changes_floatx", everywhere)],
    "out-of-range": [("negative_wraps", everywhere), ("off_by_one", everywhere)],
    # Keras gives -1 a zero row, onnxruntime the last class (torch: Keras's one_hot raises); Keras 2
    # refuses IntegerLookup's rank-3 one_hot output, Keras 3 needs TensorFlow for it.
    "export-onnx": [("ops_one_hot", exports("onnx", ("tensorflow", "jax"))), ("arange_one_argument", jax2onnx),
                    ("integer_lookup", keras3_exports("onnx")), ("negative_wraps", exports("onnx"))],
    "export-litert": [("integer_lookup", keras3_exports("litert")), ("negative_wraps", exports("litert"))],
    # No layer found that is right in Keras and wrong here: a layer wrong in Keras stays wrong.
    "export-serving": [("negative_wraps", exports("serving"))],
}


def broken_layers():
    return sorted({name for entries in MUST_FAIL.values() for name, _ in entries})


def factory(name):
    """The Factory for a corpus layer (or the shipped reference layer)."""
    if name == "reference":
        from pytest_onehot.reference import OneHot

        return Factory(OneHot, spec="pytest_onehot.reference:OneHot")
    module = importlib.import_module(f"tests.layers.{name}")
    return Factory(module.OneHot, getattr(module, "DEPTH_ARG", "input_dim"), spec=f"tests.layers.{name}:OneHot")


def diagnosis_words(name):
    """The words of which a failure message must name one (a layer's DIAGNOSIS: str or tuple)."""
    words = importlib.import_module(f"tests.layers.{name}").DIAGNOSIS
    return (words,) if isinstance(words, str) else tuple(words)
