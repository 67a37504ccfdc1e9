"""The compatibility table (compat.json), read in one place: toxgen renders tox configurations from
it, the exporters name the pip extras that install them from it. Pure Python: nothing heavy."""
import json
from importlib import resources


def load():
    """The table, parsed afresh (a caller may change its copy)."""
    return json.loads(resources.files("pytest_onehot").joinpath("compat.json").read_text(encoding="utf-8"))


def export_extras():
    """{extra: its packages}: the export checks' exporters (pyproject's extras are the same)."""
    return load()["export"]["extras"]


def export_extra(backend):
    """The extra that installs the exporters on `backend` (JAX exports ONNX through jax2onnx)."""
    return "export-jax" if backend == "jax" else "export"
