"""What every exporter is (`Exporter`), the ways a Keras exports (`Route`), and a loaded artifact
(`Exported`). Nothing here imports an exporter, a runtime or NumPy."""
from __future__ import annotations

import dataclasses
from typing import Protocol

# Why an export takes more inputs than its model (diagnose reads it): a converter made a tensor the layer
# holds (one cached in build()) an input of the graph.
HELD_TENSOR_INPUT = "a tensor held on the layer became an input of the exported graph"


@dataclasses.dataclass(frozen=True)
class Route:
    """One way some Keras exports a format, or why it cannot: the first route of an exporter's table
    that holds for this Keras (`keras` 2 or 3, any when None), backend and version wins.

    `how` is "keras" (Keras 3's model.export) or one of the exporter's own (`Exporter.export`);
    None where it cannot, saying `reason` ({version} and {backend} filled in)."""

    keras: int | None = None
    backends: tuple = ()        # empty: every backend
    since: tuple = ()           # Keras (major, minor) from which the route holds ...
    before: tuple = ()          # ... and before which (empty: no bound)
    loaded_before: dict = dataclasses.field(default_factory=dict)  # {module: version it is older than}
    how: str | None = None
    needs: dict = dataclasses.field(default_factory=dict)  # {import name: pip package}
    reads: str = "model"        # "savedmodel": the converter reads the SavedModel Keras's export writes
    reason: str = ""


@dataclasses.dataclass
class Exported:
    """A loaded artifact: `run(x)` -> NumPy output, fed as the `input_dtype` the artifact declares."""

    run: object
    input_dtype: str


class Exporter(Protocol):
    """One export format: its facts, its routes (which Keras exports it how, as data: KerasEnv's
    `export_plan` picks one), its own ways of exporting and how its artifact runs.

    A new format is one module in this package with a class like this, listed in `EXPORTERS`
    (`__init__`); the check `export-{fmt}` is registered from that list (checks/export.py)."""

    fmt: str                    # the check is `export-{fmt}`; the key of `EXPORTERS`
    name: str                   # in messages: "ONNX export of an int32 Input"
    file_name: str              # the artifact written in the check's folder
    keras_format: str           # model.export(format=...) on the "keras" route
    purpose: str                # the check's one sentence (the docs' catalogue shows it)
    runtime: str | None         # the module that runs it, where installing it makes an `-export` environment
    negative_index_cause: str | None  # the cause when the format itself lights class depth+i for index i < 0
    keeps_input_dtype: bool     # the artifact must take the model's integer dtype (a serving signature)
    routes: tuple               # of Route

    def export(self, how: str, path: str, model, saved_model: str | None, dtype: str, length: int) -> None:
        """Write the artifact to `path` along the exporter's own route `how`, from `model` or from
        `saved_model` (the route's `reads`); the input is `dtype` indices of `length`."""

    def load(self, path: str) -> Exported:
        """The artifact at `path`, ready to run."""
