"""Which Keras exports what, and how (a part of KerasEnv): the routes of the export checks."""
import inspect
import warnings

from pytest_onehot import versions


class ExportRoutes:
    """export_plan says the route for a format on this Keras and backend; export takes it.

    The routes are data, each exporter's table (`pytest_onehot.exporters`, as seen on Keras 2.12-2.21
    and 3.0-3.15: docs/export.md, "What exports what"); here they are matched against this Keras. Nothing here
    imports an exporter: the exporter modules do, when they run."""

    def export_route(self, fmt):
        """The first route of `fmt`'s table that holds for this Keras, backend and version."""
        from pytest_onehot.exporters import EXPORTERS

        return next(route for route in EXPORTERS[fmt].routes if self._holds(route))

    def _holds(self, route):
        version = versions.parse(self.version)[:2]
        return (route.keras in (None, 3 if self.keras3 else 2)
                and (not route.backends or self.backend in route.backends)
                and route.since <= version and (not route.before or version < route.before)
                and all(versions.parse(versions.loaded(module) or "0") < older
                        for module, older in route.loaded_before.items()))

    def export_plan(self, fmt):
        """How this Keras exports `fmt` ("onnx", "litert", "serving"): (how, modules) with `how`
        one of "keras" (Keras 3's model.export) or the exporter's own ("tf2onnx", "converter": the
        TFLite converter on a SavedModel or a Keras 2 model), and `modules` {import name: pip package}
        the route needs; or (None, reason) where this Keras or backend cannot export `fmt`."""
        route = self.export_route(fmt)
        if route.how is None:
            return None, route.reason.format(version=self.version, backend=self.backend)
        return route.how, dict(route.needs)

    def export(self, model, path, fmt, dtype, length):
        """Export `model` (its input: `dtype` indices of `length`) as `fmt` to `path` along its route."""
        from pytest_onehot.exporters import EXPORTERS

        exporter, route, path = EXPORTERS[fmt], self.export_route(fmt), str(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # exporters warn about deprecations and unset value types
            if route.how == "keras":
                self._keras_export(model, path, exporter.keras_format)
                return
            saved_model = None
            if route.reads == "savedmodel":
                saved_model = path + ".savedmodel"
                self._keras_export(model, saved_model, "tf_saved_model")
            exporter.export(route.how, path, model, saved_model, dtype, length)

    @staticmethod
    def _keras_export(model, path, fmt):
        # Keras 3.0-3.5 take no `verbose`.
        params = inspect.signature(model.export).parameters
        kwargs = {k: v for k, v in (("format", fmt), ("verbose", False)) if k in params}
        model.export(path, **kwargs)
