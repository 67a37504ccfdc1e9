"""--onehot-environment: a run that claims to be a matrix environment stops before any check
unless the Keras, backend and pins installed are the ones the name says."""
import pytest

from pytest_onehot import toxgen
from pytest_onehot.report import environment_key

REFERENCE = "--onehot-layer=pytest_onehot.reference:OneHot"


def other_environment(env):
    """A table environment this process is not: another Keras line or backend."""
    return "keras3.15-torch" if env.backend != "torch" else "keras3.15-jax"


def test_the_environment_this_is_passes(run, env):
    assert environment_key(env) in toxgen.environments(toxgen.load_table())
    run(REFERENCE, f"--onehot-environment={environment_key(env)}", "-k", "values-seed").assert_outcomes(passed=1)


@pytest.mark.parametrize("how", ["option", "tox"])
def test_another_environment_stops_before_any_check_and_writes_no_report(run, pytester, env, monkeypatch, how):
    name = other_environment(env)
    args = [f"--onehot-environment={name}"] if how == "option" else []
    if how == "tox":
        monkeypatch.setenv("TOX_ENV_NAME", name)
    result = run(REFERENCE, "--onehot-report=r.json", *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.stderr.lines if line.startswith("ERROR:")]
    assert len(errors) == 1 and f"--onehot-environment: environment {name} " in errors[0], result.stderr.str()
    assert "regenerate the tox configuration with pytest-onehot tox" in errors[0]
    assert "Traceback" not in result.stderr.str() and not (pytester.path / "r.json").exists()


def test_none_and_unknown_names_check_nothing(run, env, monkeypatch):
    monkeypatch.setenv("TOX_ENV_NAME", other_environment(env))
    run(REFERENCE, "--onehot-environment=none", "-k", "values-seed").assert_outcomes(passed=1)
    monkeypatch.setenv("TOX_ENV_NAME", "py311")
    run(REFERENCE, "-k", "values-seed").assert_outcomes(passed=1)


def test_a_mistyped_name_is_refused_not_ignored(run, pytester):
    """Named on the command line and unknown: a typo would turn the check off without a word."""
    result = run(REFERENCE, "--onehot-report=r.json", "--onehot-environment=tf2.51")
    assert result.ret == pytest.ExitCode.USAGE_ERROR and not (pytester.path / "r.json").exists()
    result.stderr.fnmatch_lines(["ERROR: --onehot-environment=tf2.51: not an environment of the compatibility "
                                 "table: did you mean 'tf2.15'? *"])


def installed(dist):
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def test_a_layer_of_another_keras_or_backend_than_named_stops(run, env):
    """The pins can all be there and the layer still run elsewhere: KERAS_BACKEND, or a Keras 3 layer
    in a tf-keras environment (TensorFlow 2.16+ installs Keras 3 beside tf-keras)."""
    table = toxgen.load_table()
    same_pins = [name for name in toxgen.environments(table) if toxgen.pins_error(table, name, installed) is None
                 and toxgen.identity_error(table, name, env.package, env.version, env.backend)]
    if not same_pins:
        pytest.skip("no other environment of the table has all its pins installed here")
    result = run(REFERENCE, f"--onehot-environment={same_pins[0]}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: --onehot-environment: environment {same_pins[0]} names *, but the layer "
                                 f"runs on {env.package} {env.version} ({env.backend} backend): the pins are "
                                 "installed, but the layer is built from another Keras*"])


def test_a_keras3_layer_in_a_tf_keras_environment_is_told_how_keras2_is_imported():
    """Seen: a layer doing `import keras` ran on the Keras 3 that TensorFlow 2.16+ installs beside
    tf-keras, so every tfkeras-* environment stopped: the message says which import is Keras 2."""
    from types import SimpleNamespace

    from pytest_onehot import settings

    env = SimpleNamespace(package="keras", version="3.15.1", backend="tensorflow")
    with pytest.raises(pytest.UsageError, match=r"`import keras` is Keras 3 there too: a Keras 2 layer imports "
                                                r"tf_keras, or tf.keras with TF_USE_LEGACY_KERAS=1"):
        settings.check_identity("tfkeras-tf2.21", env)
