"""Which Keras exports what, and how (a part of KerasEnv): the routes of the export checks."""
import inspect
import warnings

from pytest_onehot import versions


class ExportRoutes:
    """export_plan says the route for a format on this Keras and backend; export takes it."""

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
                jax_version = versions.parse(versions.loaded("jax") or "0")
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
