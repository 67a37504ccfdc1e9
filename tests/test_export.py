"""The export checks: which route each Keras takes, skips that say what to install, exporters never
imported at plugin load. (That they fail on their broken layers is in test_corpus.py.)"""
import subprocess
import sys
import types

import pytest

from pytest_onehot import diagnose, exporters
from pytest_onehot.checks import CHECKS
from pytest_onehot.exporters.base import HELD_TENSOR_INPUT
from pytest_onehot.keras_compat import KerasEnv
from tests import corpus

EXPORTERS = ("onnx", "onnxruntime", "tf2onnx", "ai_edge_litert", "jax2onnx", "litert_torch", "tensorflow")


def env_of(version, backend):
    """A KerasEnv for a Keras that need not be installed: export_plan reads only these."""
    env = KerasEnv.__new__(KerasEnv)
    env.version, env.backend, env.keras3 = version, backend, version.startswith("3.")
    return env


@pytest.mark.parametrize("version, backend, fmt, route", [
    ("2.15.1", "tensorflow", "onnx", "tf2onnx"),
    ("2.21.0", "tensorflow", "litert", "converter"),
    ("3.7.0", "tensorflow", "onnx", None),        # model.export(format="onnx") came in 3.8
    ("3.8.0", "tensorflow", "onnx", "keras"),
    ("3.15.1", "jax", "onnx", "keras"),           # through jax2onnx
    ("3.15.1", "numpy", "onnx", None),
    ("3.12.4", "tensorflow", "litert", "converter"),
    ("3.13.2", "tensorflow", "litert", "keras"),
    ("3.15.1", "jax", "litert", "converter"),     # Keras has none on JAX: its SavedModel, converted
    ("3.14.1", "torch", "litert", None),          # litert_torch export came in 3.15
    ("3.15.1", "torch", "litert", "keras"),
    ("2.15.1", "tensorflow", "serving", None),    # save-savedmodel checks the signature on Keras 2
    ("3.15.1", "numpy", "serving", None),
])
def test_export_routes(version, backend, fmt, route):
    how, needs = env_of(version, backend).export_plan(fmt)
    assert how == route, needs
    if route is None:
        assert isinstance(needs, str) and needs


def test_jax_onnx_needs_jax2onnx_from_keras_3_14(monkeypatch):
    assert "jax2onnx" in env_of("3.14.1", "jax").export_plan("onnx")[1]
    # Before, jax2tf + tf2onnx: only with a JAX older than 0.4.36.
    monkeypatch.setitem(sys.modules, "jax", types.SimpleNamespace(__version__="0.4.30"))
    assert "tf2onnx" in env_of("3.13.2", "jax").export_plan("onnx")[1]
    monkeypatch.setitem(sys.modules, "jax", types.SimpleNamespace(__version__="0.8.1"))
    how, reason = env_of("3.13.2", "jax").export_plan("onnx")
    assert how is None and "0.4.36" in reason


@pytest.mark.parametrize("backend, modules, said", [
    ("tensorflow", {"no_such_module_a": "onnxruntime"},
     "onnxruntime not installed: pip install onnxruntime (or install pytest-onehot with its [export] extra)"),
    ("jax", {"no_such_module_b": "jax2onnx"},
     "jax2onnx not installed: pip install jax2onnx (or install pytest-onehot with its [export-jax] extra)"),
    ("torch", {"no_such_module_c": "litert-torch"}, "litert-torch not installed: pip install litert-torch"),
    ("tensorflow", {"numpy": "numpy"}, None),
])
def test_a_missing_exporter_names_what_to_install(backend, modules, said):
    assert exporters.missing(modules, backend) == said


def test_plugin_and_catalogue_import_no_exporter():
    code = ("import sys, pytest_onehot.plugin, pytest_onehot.checks; "
            f"print(sorted(m for m in {EXPORTERS!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_export_checks_pass_on_the_reference_layer_or_skip_saying_why(run, env):
    result = run("--onehot-layer=pytest_onehot.reference:OneHot", "-k", "export", "-rs")
    reports = [r for r in result.reprec.getreports("pytest_runtest_logreport") if r.when == "call" or r.skipped]
    assert {r.nodeid.split("::")[1] for r in reports} == {"export-onnx", "export-litert", "export-serving"}
    for r in reports:
        assert r.passed or r.skipped, r.longrepr
        if r.skipped:
            reason = r.longrepr[2]
            words = ("not installed: pip install", "does not import", "cannot", "Keras 2")
            assert any(w in reason for w in words), reason


@pytest.mark.parametrize("fmt, index, hot, like_keras, cause", [
    ("onnx", -1, [299], {}, "onnx-negative-index"),
    ("litert", -1, [299], {}, None),       # no exporter known to do that: no cause claimed
    ("onnx", 300, [0], {}, None),
    ("onnx", -1, [299], {-1: [299]}, "negative-wraps"),  # Keras gives the same: the layer's own cause
    ("onnx", -1, [0], {-1: [0]}, "off-by-one"),  # Keras's in-range rows not known right: -1 -> 0 may be a shift
    ("onnx", -1, [0], {-1: [0], 300: [0]}, "invalid-as-class-0"),
])
def test_out_of_range_causes(fmt, index, hot, like_keras, cause):
    found = diagnose.export_out_of_range_cause(fmt, index, hot, 300, like_keras)
    assert (found.id if found else None) == cause


def test_no_shift_where_keras_in_range_rows_were_right():
    """-1 -> 0 in an export and in Keras, whose in-range rows were right: a clip, not a shift by one."""
    found = diagnose.export_out_of_range_cause("onnx", -1, [0], 300, {-1: [0]}, valid_right=True)
    assert found.id == "clamped-indices"


def test_an_export_with_a_second_input_says_which_tensor(run, env):
    """A tensor made in build() becomes a second input of the ONNX graph (tf2onnx): the failure names
    the inputs and the cause, not "too many values to unpack"."""
    if not (env.keras3 and corpus.exports("onnx", ("tensorflow",))(env)):
        pytest.skip("ONNX export of Keras 3 on TensorFlow, with its exporters installed, only")
    result = run("--onehot-layer=tests.layers.build_cache:OneHot", "-k", "export-onnx", "-p", "no:randomly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the exported model takes 2 inputs (*), not the model's one: "
                                 f"{HELD_TENSOR_INPUT}*", "*state-across-calls*"])


def test_every_format_is_one_exporter_and_one_check():
    """A format is a module behind `Exporter`; its check `export-{fmt}` is registered from the list."""
    facts = [name for name in exporters.Exporter.__annotations__]
    for fmt, exporter in exporters.EXPORTERS.items():
        assert exporter.fmt == fmt and all(hasattr(exporter, name) for name in facts), fmt
        assert callable(exporter.export) and callable(exporter.load)
        assert CHECKS[f"export-{fmt}"].purpose == exporter.purpose
        assert CHECKS[f"export-{fmt}"].concern == "export"
    assert sorted(c for c in CHECKS if c.startswith("export-")) == sorted(f"export-{f}" for f in exporters.EXPORTERS)


@pytest.mark.parametrize("fmt", list(exporters.EXPORTERS))
@pytest.mark.parametrize("version, backend", [
    ("2.12.0", "tensorflow"), ("3.0.5", "tensorflow"), ("3.0.5", "jax"), ("3.15.1", "torch"),
    ("3.16.0.dev2026", "numpy"), ("3.15.1", "openvino"), ("3.15.1", "mlx"),
])
def test_every_route_table_answers_every_keras(fmt, version, backend):
    """A route or a reason for any Keras and backend: each table ends in a route for all."""
    how, needs = env_of(version, backend).export_plan(fmt)
    assert (how is None and isinstance(needs, str) and "{" not in needs) or (how and isinstance(needs, dict))


def test_exporters_read_the_table_not_toxgen():
    code = "import sys, pytest_onehot.exporters; print('pytest_onehot.toxgen' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
