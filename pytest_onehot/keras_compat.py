"""The one place that knows Keras 2 from Keras 3, and one backend from another.

Nothing else in the package branches on Keras versions: checks, assertions and
layers ask a `KerasEnv` (or `layer_ops`) for what they need.
"""
import contextlib
import functools
import importlib
import inspect
import os
import sys
import warnings

import numpy as np

from pytest_onehot import versions

KERAS_ROOTS = ("keras", "tf_keras")
SAVE_SUFFIX = {"keras": "model.keras", "h5": "model.h5", "savedmodel": "savedmodel"}


class NotAKerasLayer(Exception):
    """The factory returned something that is not a layer of an installed Keras."""


def legacy_keras_requested():
    """TensorFlow's own rule: TF_USE_LEGACY_KERAS=1 makes tf.keras mean tf-keras (Keras 2)."""
    return os.environ.get("TF_USE_LEGACY_KERAS", "").strip().lower() in ("1", "true")


def default_keras():
    """The Keras a user of this environment means: tf_keras when asked for, else keras."""
    if legacy_keras_requested():
        try:
            return importlib.import_module("tf_keras")
        except ImportError:
            pass
    return importlib.import_module("keras")


def keras_root_of(obj):
    """'keras' or 'tf_keras' when `obj` is an instance of that package's Layer, else None."""
    for cls in type(obj).__mro__:
        root = cls.__module__.split(".")[0]
        if cls.__name__ == "Layer" and root in KERAS_ROOTS:
            return root
    return None


def is_keras3(keras):
    return versions.is_keras3(keras.__version__)


def register_serializable(keras, package):
    """The decorator that lets `load_model` find a layer class by name, on Keras 2 and 3."""
    saving = getattr(keras, "saving", None)
    register = getattr(saving, "register_keras_serializable", None) or keras.utils.register_keras_serializable
    return register(package=package)


class _TensorFlowOps:
    """The few `keras.ops` a one-hot layer needs, spelt in TensorFlow for Keras 2."""

    def __init__(self):
        import tensorflow as tf

        self.tf = tf

    def __getattr__(self, name):
        aliases = {"clip": "clip_by_value", "arange": "range"}
        tf = self.__dict__["tf"]
        return getattr(tf, aliases.get(name) or name, None) or getattr(tf.math, name)

    def one_hot(self, x, num_classes, dtype="float32"):
        return self.tf.one_hot(x, num_classes, dtype=dtype)


@functools.lru_cache(maxsize=None)
def layer_ops(keras):
    """`keras.ops` on Keras 3; a TensorFlow stand-in with the same names on Keras 2."""
    return keras.ops if is_keras3(keras) else _TensorFlowOps()


def _module_version(name):
    module = sys.modules.get(name)
    return getattr(module, "__version__", None) if module else None


class KerasEnv:
    """One Keras (Keras 3 `keras`, Keras 2 `keras` from tf.keras, or `tf_keras`) and its backend."""

    def __init__(self, keras):
        self.keras = keras
        self.package = keras.__name__
        self.version = keras.__version__
        self.keras3 = is_keras3(keras)
        self.backend = keras.backend.backend() if self.keras3 else "tensorflow"
        self.ops = layer_ops(keras)

    @classmethod
    def for_layer(cls, layer):
        root = keras_root_of(layer)
        if root is None:
            kind = f"{type(layer).__module__}.{type(layer).__qualname__}"
            raise NotAKerasLayer(
                f"the factory returned a {kind}, not a Keras layer: return an instance of "
                "keras.layers.Layer (Keras 3) or tf.keras / tf_keras layers.Layer (Keras 2)"
            )
        return cls.named(root)

    @classmethod
    @functools.lru_cache(maxsize=None)
    def named(cls, root):
        return cls(importlib.import_module(root))

    @classmethod
    def default(cls):
        return cls.named(default_keras().__name__)

    # -- description ---------------------------------------------------------------------------
    @property
    def label(self):
        if self.keras3:
            return f"keras {self.version} ({self.backend} backend)"
        return f"{self.package} {self.version} (Keras 2, tensorflow backend)"

    @property
    def key(self):
        """The Keras line and backend, named as the tox environments are: keras3.15-jax,
        tf2.15 (tf.keras), tfkeras-tf2.21 (tf-keras)."""
        return versions.environment_key(self.version, self.backend, self.package, _module_version("tensorflow"))

    def versions(self):
        """Versions of what is loaded, for the report header and the JSON report."""
        found = {"keras_package": self.package, "keras": self.version, "backend": self.backend}
        for name in ("tensorflow", "jax", "torch", "numpy"):
            version = _module_version(name)
            if version:
                found[name] = version
        return found

    # -- what this environment can do -------------------------------------------------------------
    def can_fit(self):
        return self.backend != "numpy"

    def can_jit(self, torch_compile=False):
        return self.backend in ("tensorflow", "jax") or (torch_compile and self.backend == "torch")

    def can_tf_data(self):
        """Whether the layer can run in a tf.data map: on TensorFlow (Keras 2, or Keras 3's TF backend)."""
        return self.backend == "tensorflow"

    def tf_data_map(self, layer, x, dtype):
        """The layer mapped over a tf.data pipeline of `x` as `dtype` (one batch), as NumPy."""
        import tensorflow as tf

        dataset = tf.data.Dataset.from_tensor_slices(np.asarray(x).astype(dtype)).batch(len(x)).map(layer)
        return self.numpy(next(iter(dataset)))

    def save_formats(self):
        # Keras 3 writes SavedModel only through `export`, and cannot load it back as a model.
        return ("keras", "h5") if self.keras3 else ("keras", "h5", "savedmodel")

    # -- tensors -----------------------------------------------------------------------------------
    def tensor(self, array, dtype=None):
        with warnings.catch_warnings():
            # JAX warns when it narrows a 64-bit request to 32 bits; that is observed, not an error.
            warnings.simplefilter("ignore", UserWarning)
            if self.keras3:
                return self.keras.ops.convert_to_tensor(array, dtype=dtype)
            return self.ops.tf.constant(array, dtype=dtype)

    def numpy(self, tensor):
        """A NumPy array; bfloat16 (an ml_dtypes type NumPy itself lacks) comes back as float32."""
        if self.keras3:
            if not isinstance(tensor, np.ndarray) and self.dtype_name(tensor) == "bfloat16":
                tensor = self.keras.ops.cast(tensor, "float32")  # exact: bfloat16 fits in float32
            array = np.asarray(self.keras.ops.convert_to_numpy(tensor))
        else:
            array = np.asarray(tensor.numpy() if hasattr(tensor, "numpy") else tensor)
        return array.astype(np.float32) if array.dtype.name == "bfloat16" else array

    def dtype_name(self, tensor):
        if self.keras3:
            return self.keras.backend.standardize_dtype(tensor.dtype)
        return self.ops.tf.as_dtype(tensor.dtype).name

    @staticmethod
    def shape(tensor):
        return tuple(None if d is None else int(d) for d in tensor.shape)

    # -- models: the one way checks build and run them ---------------------------------------------
    def input(self, length, dtype="int32", batch_size=None):
        return self.keras.Input(shape=(length,), dtype=dtype, batch_size=batch_size)

    def model(self, inputs, outputs):
        return self.keras.Model(inputs, outputs)

    def sequential(self, layers):
        return self.keras.Sequential(layers)

    def predict(self, model, x):
        """`model.predict` in one batch, through Keras's input pipeline as users run it; a list
        of inputs gives a list of outputs."""
        batch = len(x[0]) if isinstance(x, list) else len(x)
        return self._outputs(model.predict(x, batch_size=batch, verbose=0))

    def predict_batch(self, model, x):
        """The model's compiled predict step on one batch, without the input pipeline (datasets,
        callbacks), which costs three times the step: for checks of the model, not the pipeline."""
        return self._outputs(model.predict_on_batch(x))

    def _outputs(self, out):
        return [self.numpy(o) for o in out] if isinstance(out, list) else self.numpy(out)

    def dense(self, units, use_bias=True, seed=0):
        """Dense with a seeded initializer: the same start in every run, without seeding (and so
        resetting) the global random generators the user's own tests draw from."""
        initializer = self.keras.initializers.GlorotUniform(seed=seed)
        return self.keras.layers.Dense(units, use_bias=use_bias, kernel_initializer=initializer)

    def compile(self, model, learning_rate=0.1, jit_compile=False):
        optimizer = self.keras.optimizers.SGD(learning_rate=learning_rate)
        model.compile(optimizer=optimizer, loss="mse", jit_compile=jit_compile)
        return model

    def train(self, model, x, y, steps=3, learning_rate=0.1):
        """A few full-batch SGD steps through the compiled train step; returns the losses.
        train_on_batch, not fit: fit's epochs (callbacks, iterators) cost more than the steps."""
        self.compile(model, learning_rate)
        return [float(np.ravel(model.train_on_batch(x, y))[0]) for _ in range(steps)]

    def save_and_load(self, model, directory, fmt):
        """Save `model` in `fmt` under `directory` and load it back with the defaults (safe mode)."""
        directory.mkdir(parents=True, exist_ok=True)
        path = str(directory / SAVE_SUFFIX[fmt])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Keras 3 warns that .h5 is legacy; that is known.
            if fmt == "savedmodel":
                model.save(path, save_format="tf")
            else:
                model.save(path)
            return self.keras.models.load_model(path)

    def clone(self, model):
        return self.keras.models.clone_model(model)

    def layers(self):
        return self.keras.layers

    # -- global state (kept in global_state) --------------------------------------------------------
    def clear_session(self):
        clear = self.keras.backend.clear_session
        try:
            # A full gc.collect() per check costs ~0.1 s with TensorFlow loaded; Python's own
            # collector still runs. Keras 3.5+ takes free_memory; older ones do not.
            clear(free_memory=False)
        except TypeError:
            clear()

    @contextlib.contextmanager
    def dtype_policy(self, name):
        """Run under a global dtype policy; the previous one comes back whatever happens."""
        previous = self.keras.mixed_precision.global_policy().name
        self.keras.mixed_precision.set_global_policy(name)
        try:
            yield
        finally:
            self.keras.mixed_precision.set_global_policy(previous)

    @contextlib.contextmanager
    def floatx(self, name):
        """Run under floatx `name` as a process whose keras.json sets it runs: the dtype policy
        follows floatx there. Both come back whatever happens. ValueError where this Keras refuses it."""
        backend, precision = self.keras.backend, self.keras.mixed_precision
        previous = backend.floatx(), precision.global_policy().name
        backend.set_floatx(name)
        try:
            precision.set_global_policy(name)
            yield
        finally:
            backend.set_floatx(previous[0])
            precision.set_global_policy(previous[1])

    @contextlib.contextmanager
    def clean_state(self, pristine=None):
        """Start from a cleared session and the global settings the process had before the layer
        was first built (`pristine`, a global_state snapshot, else the settings now), under floatx
        float32 (global_state.catalogue_settings); put them back afterwards, with the random
        generators as they were on entry.

        The global random generators are never seeded here: seeding would reset the user's own
        random streams. The checks' own random weights come from seeded initializers (`dense`).
        Nothing helps where Keras reads uninitialized memory: the NumPy backend infers a Lambda's
        output shape by calling it on `np.empty` arrays.
        """
        from pytest_onehot import global_state

        state = global_state.snapshot()
        state.update(global_state.catalogue_settings(pristine or {}))
        global_state.restore(state, reseeding=False)
        self.clear_session()
        try:
            yield state
        finally:
            global_state.restore(state)

    # -- export: ONNX, LiteRT and serving SavedModels (the `export` checks) -------------------------
    # Which Keras exports what, and through which package, as seen on Keras 2.12-2.21 and 3.0-3.15
    # (README, "Export checks"). Nothing here imports an exporter: `exporters` runs them.

    def export_plan(self, fmt):
        """How this Keras exports `fmt` ("onnx", "litert", "serving"): (how, modules) with `how`
        one of "keras" (Keras 3's model.export), "tf2onnx" or "converter" (the TFLite converter on
        a SavedModel or a Keras 2 model), and `modules` {import name: pip package}
        the route needs; or (None, reason) where this Keras or backend cannot export `fmt`."""
        major_minor = versions.parse(self.version)[:2]
        backend = self.backend
        if fmt == "serving":
            if not self.keras3:
                return None, "on Keras 2, save-savedmodel checks the SavedModel's serving signature"
            if backend in ("numpy", "openvino"):
                return None, f"Keras 3's {backend} backend cannot export a SavedModel"
            needs = {"tensorflow": "tensorflow-cpu"}
            if backend == "torch":
                needs["torch_xla"] = "torch-xla"  # Keras 3 lowers torch to StableHLO for TensorFlow
            return "keras", needs
        if fmt == "onnx":
            runtime = {"onnxruntime": "onnxruntime", "onnx": "onnx"}
            if not self.keras3:
                return "tf2onnx", {**runtime, "tf2onnx": "tf2onnx"}
            if major_minor < (3, 8):
                return None, f"keras {self.version} cannot export ONNX (model.export(format='onnx') came in Keras 3.8)"
            if backend == "tensorflow":
                return "keras", {**runtime, "tf2onnx": "tf2onnx"}
            if backend == "jax":
                # Keras 3.14 replaced jax2tf + tf2onnx with jax2onnx: the options jax2tf needed for
                # tf2onnx are gone from JAX 0.4.36 on (seen failing: Keras 3.13, JAX 0.8.1).
                if major_minor >= (3, 14):
                    return "keras", {**runtime, "jax2onnx": "jax2onnx"}
                jax_version = versions.parse(_module_version("jax") or "0")
                if jax_version >= (0, 4, 36):
                    return None, (f"keras {self.version} exports ONNX on JAX through jax2tf and tf2onnx, which "
                                  "cannot work with JAX 0.4.36+ (Keras 3.14 moved to jax2onnx)")
                return "keras", {**runtime, "tf2onnx": "tf2onnx", "tensorflow": "tensorflow-cpu"}
            if backend == "torch":
                return "keras", runtime  # torch.onnx (the TorchScript exporter without onnxscript)
            return None, f"Keras 3's {backend} backend cannot export ONNX"
        runtime = {"ai_edge_litert": "ai-edge-litert"}
        if not self.keras3:
            return "converter", {**runtime, "tensorflow": "tensorflow-cpu"}
        if backend == "tensorflow":
            # model.export(format="litert") came in Keras 3.13; before, the converter on a SavedModel.
            return ("keras" if major_minor >= (3, 13) else "converter"), runtime
        if backend == "jax":
            # Keras has no LiteRT export on JAX; its SavedModel (jax2tf) goes through the converter.
            return "converter", {**runtime, "tensorflow": "tensorflow-cpu"}
        if backend == "torch" and major_minor >= (3, 15):
            return "keras", {**runtime, "litert_torch": "litert-torch"}
        return None, f"keras {self.version} cannot export LiteRT from the {backend} backend"

    def export(self, model, path, fmt, how, dtype, length):
        """Export `model` (its input: `dtype` indices of `length`) as `fmt` to `path` along `how`."""
        path = str(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # exporters warn about deprecations and unset value types
            if how == "keras":
                self._keras_export(model, path, {"serving": "tf_saved_model"}.get(fmt, fmt))
                return
            import tensorflow as tf

            spec = [tf.TensorSpec((None, length), dtype)]
            if how == "tf2onnx":
                import tf2onnx

                tf2onnx.convert.from_keras(model, input_signature=spec, output_path=path)
            elif how == "converter" and self.keras3:
                self._keras_export(model, path + ".savedmodel", "tf_saved_model")
                with open(path, "wb") as f:
                    f.write(tf.lite.TFLiteConverter.from_saved_model(path + ".savedmodel").convert())
            elif how == "converter":
                with open(path, "wb") as f:
                    f.write(tf.lite.TFLiteConverter.from_keras_model(model).convert())
            else:
                raise ValueError(f"unknown export route {how!r}")

    @staticmethod
    def _keras_export(model, path, fmt):
        # Keras 3.0-3.5 take no `verbose`.
        params = inspect.signature(model.export).parameters
        kwargs = {k: v for k, v in (("format", fmt), ("verbose", False)) if k in params}
        model.export(path, **kwargs)
