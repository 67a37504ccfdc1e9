"""The export formats, one module each behind one interface (`base.Exporter`): ONNX run in
onnxruntime, LiteRT (TFLite flatbuffers) in the LiteRT interpreter (`ai-edge-litert`), serving
SavedModels through their `serving_default` signature in TensorFlow.

Each module says which Keras exports its format how (`routes`, data that `KerasEnv.export_plan`
reads), writes the artifact along its own routes and loads it. Every exporter and runtime is
imported inside a function, so that the catalogue, which registers `export-{fmt}` from
`EXPORTERS`, stays light and a missing one is a skip, not an error.
"""
import importlib.util

from pytest_onehot import table
from pytest_onehot.exporters.base import Exported, Exporter, Route
from pytest_onehot.exporters.litert import LiteRT
from pytest_onehot.exporters.onnx import Onnx
from pytest_onehot.exporters.serving import Serving

# In catalogue order: the checks run so.
EXPORTERS = {exporter.fmt: exporter for exporter in (Onnx(), LiteRT(), Serving())}


def installed():
    """Whether an export runtime is installed: such an environment runs the export checks, so its
    reports are keyed apart from its plain twin's (`keras3.15-tensorflow-export`)."""
    return any(importlib.util.find_spec(e.runtime) is not None for e in EXPORTERS.values() if e.runtime)


def modules():
    """The top-level modules the exporters and their runtimes are: their frames are never the
    layer's, their warnings not the user's (diagnose and items read this)."""
    names = {e.runtime for e in EXPORTERS.values() if e.runtime}
    names |= {module for e in EXPORTERS.values() for route in e.routes for module in route.needs}
    return frozenset(name.split(".")[0] for name in names)


def extras():
    """{extra: its packages}, from the compatibility table (pyproject's extras are the same)."""
    return table.export_extras()


def missing(modules, backend):
    """None when every module of `modules` ({import name: pip package}) is installed and imports,
    else the skip reason: what is missing and what to install (the extra when it has them all)."""
    absent = sorted({package for module, package in modules.items()
                     if importlib.util.find_spec(module) is None})
    if absent:
        extra = table.export_extra(backend)
        also = ""
        if set(absent) <= set(extras()[extra]):
            also = f" (or install pytest-onehot with its [{extra}] extra)"
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
    """The `fmt` artifact at `path`, ready to run."""
    return EXPORTERS[fmt].load(str(path))


__all__ = ["EXPORTERS", "Exported", "Exporter", "Route", "extras", "installed", "load", "missing", "modules"]
