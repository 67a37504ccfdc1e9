"""The distribution as a user gets it (the `dist` tox environment; needs build, twine, uv, tox).

Builds the sdist and the wheel from this checkout, checks them with twine, installs the wheel in a
fresh virtual environment, loads the plugin from it, resolves each extra against the package
index, and runs a small user project through `pytest-onehot tox` and tox, end to end.
No Keras is installed here: the user project's tox environment brings its own.
"""
import json
import os
import pathlib
import shutil
import stat
import subprocess
import sys
import tarfile
import textwrap
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
TIMEOUT = 900  # seconds for one tox or build command: fails a hang instead of CI's whole budget
LAYER = "mypkg.layers:OneHot"
CHECKS = ["values-seed", "narrow-uint8-int", "save-keras"]
# The newest Keras 3 release on JAX, from the table (a new release is a line there, not an edit here).
_KERAS3 = next(f for f in json.loads((ROOT / "pytest_onehot" / "compat.json").read_text())["families"]
               if f["name"] == "keras3")
NEWEST_JAX = f"{_KERAS3['lines'][-1]['factor']}-jax"


def run(*command, cwd=None, env=None, check=True):
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT)
    if check and done.returncode:
        pytest.fail(f"{' '.join(map(str, command))} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="session")
def dist(tmp_path_factory):
    """sdist and wheel, built as a release would be (the wheel from the sdist)."""
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--installer", "uv", "--outdir", out, ROOT)
    (sdist,), (wheel,) = out.glob("*.tar.gz"), out.glob("*.whl")
    return sdist, wheel


@pytest.fixture(scope="session")
def venv(tmp_path_factory, dist):
    """A fresh virtual environment with the wheel installed, and nothing else of ours."""
    path = tmp_path_factory.mktemp("venv") / "env"
    run("uv", "venv", "--quiet", "--python", sys.executable, path)
    run("uv", "pip", "install", "--quiet", "--python", path / "bin" / "python", dist[1])
    return path / "bin"


def test_twine_accepts_both(dist):
    run(sys.executable, "-m", "twine", "check", "--strict", *dist)


def test_wheel_ships_the_table_the_types_and_entry_points(dist):
    with zipfile.ZipFile(dist[1]) as wheel:
        names = wheel.namelist()
        entry_points = wheel.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    assert "pytest_onehot/compat.json" in names and "pytest_onehot/checks/__init__.py" in names
    assert "pytest_onehot/py.typed" in names  # PEP 561: type checkers read the package's annotations
    assert "onehot = pytest_onehot.plugin" in entry_points
    assert "pytest-onehot = pytest_onehot.cli:main" in entry_points


def test_sdist_holds_what_the_wheel_is_built_from(dist):
    with tarfile.open(dist[0]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md", "pytest_onehot/compat.json", "pytest_onehot/py.typed",
            "pytest_onehot/cli.py"} <= names


def test_plugin_loads_from_the_installed_wheel(venv, tmp_path):
    assert "--onehot-layer=" in run(venv / "pytest", "--help", cwd=tmp_path).stdout
    listed = run(venv / "pytest", "--onehot-list-checks", cwd=tmp_path).stdout
    assert "values-seed" in listed and "out-of-range" in listed
    # No Keras here: the suite stops before collection with the extra to install.
    done = run(venv / "pytest", "--onehot-layer=pytest_onehot.reference:OneHot", cwd=tmp_path, check=False)
    assert done.returncode == 4 and "needs 'keras', which is not installed" in done.stderr, done.stderr


def test_console_command_from_the_installed_wheel(venv, tmp_path):
    done = run(venv / "pytest-onehot", "tox", "--layer", LAYER, "--no-install", cwd=tmp_path)
    assert NEWEST_JAX in done.stdout and f"--onehot-layer={{env:ONEHOT_LAYER:{LAYER}}}" in done.stdout


@pytest.mark.parametrize("extra, present, absent", [
    ("keras3", {"keras", "tensorflow-cpu"}, {"tensorflow", "tf-keras"}),
    ("keras3-jax", {"keras", "jax", "jaxlib", "scipy"}, {"tensorflow", "tensorflow-cpu"}),
    ("keras2", {"tensorflow-cpu"}, {"tensorflow", "tf-keras"}),
    # tf-keras requires the name `tensorflow`: this extra brings it, never tensorflow-cpu beside it.
    ("tf-keras", {"tf-keras", "tensorflow"}, {"tensorflow-cpu"}),
])
def test_each_extra_installs_what_it_says(dist, tmp_path, extra, present, absent):
    wanted = tmp_path / "requirements.in"
    wanted.write_text(f"pytest-onehot[{extra}] @ {dist[1].as_uri()}\n")
    done = run("uv", "pip", "compile", "--quiet", "--no-header", "--no-annotate", "--python-version",
               f"{sys.version_info.major}.{sys.version_info.minor}", wanted)
    pins = dict(line.split("==", 1) for line in done.stdout.splitlines() if "==" in line)
    assert present <= set(pins) and not absent & set(pins), done.stdout
    if extra == "keras2":
        assert minor(pins["tensorflow-cpu"]) < (2, 16) and minor(pins["keras"]) < (3, 0), done.stdout
    if extra == "tf-keras":
        assert minor(pins["tf-keras"]) == minor(pins["tensorflow"]), done.stdout


def minor(version):
    return tuple(int(part) for part in version.split(".")[:2])


@pytest.fixture
def user_project(tmp_path, dist):
    """An empty folder holding only a small packaged project with its own correct layer, and the
    wheel it was handed (pytest-onehot is not on PyPI yet); it declares `keras>=3`."""
    return make_project(tmp_path, dist, '["keras>=3"]')


def make_project(tmp_path, dist, dependencies):
    project = tmp_path / "project"
    (project / "mypkg").mkdir(parents=True)
    (project / "pyproject.toml").write_text(textwrap.dedent("""\
        [build-system]
        requires = ["setuptools>=64"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "mypkg"
        version = "0.1.0"
        dependencies = DEPENDENCIES

        [tool.setuptools]
        packages = ["mypkg"]
        """).replace("DEPENDENCIES", dependencies))
    (project / "mypkg" / "__init__.py").write_text("")
    (project / "mypkg" / "layers.py").write_text(textwrap.dedent('''\
        import keras

        if int(keras.__version__.split(".")[0]) >= 3:
            from keras import ops
        else:  # Keras 2 (tf.keras): the same few ops, in TensorFlow
            import tensorflow as tf

            class ops:
                cast, expand_dims, equal = staticmethod(tf.cast), staticmethod(tf.expand_dims), staticmethod(tf.equal)
                arange = staticmethod(lambda n, dtype: tf.range(n, dtype=dtype))


        @keras.utils.register_keras_serializable(package="mypkg")
        class OneHot(keras.layers.Layer):
            """Indices -> one-hot vectors, by comparing each index with every class."""

            def __init__(self, input_dim, input_length=None, **kwargs):
                kwargs.setdefault("autocast", False)  # float indices must not be rounded through float16
                super().__init__(**kwargs)
                self.input_dim = input_dim
                self.input_length = input_length

            def call(self, x):
                x = ops.expand_dims(ops.cast(x, "int32"), -1)
                return ops.cast(ops.equal(x, ops.arange(self.input_dim, dtype="int32")), self.compute_dtype)

            def compute_output_shape(self, input_shape):
                return (*input_shape, self.input_dim)

            def get_config(self):
                return {**super().get_config(), "input_dim": self.input_dim, "input_length": self.input_length}
        '''))
    (project / "wheels").mkdir()
    shutil.copy(dist[1], project / "wheels")
    return project


def clean_environment():
    """This process's environment without the outer tox run's variables: a nested tox would
    otherwise take TOX_WORK_DIR for its own and build inside the outer .tox."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("TOX_", "_TOX")) and k not in ("VIRTUAL_ENV", "PYTHONPATH")}


def test_a_user_project_runs_one_environment_with_tox(venv, user_project):
    wheel = next((user_project / "wheels").glob("*.whl"))
    run(venv / "pytest-onehot", "tox", "--layer", LAYER, "--plugin-spec", f"wheels/{wheel.name}",
        "-o", "tox.ini", cwd=user_project)
    config = (user_project / "tox.ini").read_text()
    assert f"{{tox_root}}/wheels/{wheel.name}" in config
    selection = " or ".join(CHECKS)  # posargs reach pytest: only these checks run
    done = run(sys.executable, "-m", "tox", "-e", NEWEST_JAX, "--", "-k", selection,
               cwd=user_project, env=clean_environment(), check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    release = NEWEST_JAX.removeprefix("keras").split("-")[0]
    assert f"layer {LAYER} on keras {release}" in output and "(jax backend): 3 passed" in output, output
    report_path = user_project / "reports" / f"{NEWEST_JAX}.json"
    report = json.loads(report_path.read_text())
    assert report["layer"] == LAYER and report["environment"]["tox_env"] == NEWEST_JAX
    assert {c["id"]: c["outcome"] for c in report["checks"]} == dict.fromkeys(CHECKS, "passed")
    assert stat.S_IMODE(report_path.stat().st_mode) == 0o644  # readable by others


def test_generated_environments_install_the_table_pins(venv, user_project):
    # As on a machine without a local torch wheel (with one, the file takes that wheel instead).
    elsewhere = {k: v for k, v in clean_environment().items() if k not in ("PIP_FIND_LINKS", "UV_FIND_LINKS")}
    run(venv / "pytest-onehot", "tox", "--layer", LAYER, "-o", "tox.ini", cwd=user_project, env=elsewhere)
    done = run(sys.executable, "-m", "tox", "config", "-e", "keras3.0-numpy,tfkeras-tf2.16,next-tensorflow",
               "-k", "deps", "set_env", "commands_pre", cwd=user_project, env=clean_environment())
    sections = dict(part.split("]\n", 1) for part in done.stdout.split("[testenv:")[1:])
    numpy_env = sections["keras3.0-numpy"]
    pins = _KERAS3["lines"][0]["backends"]["numpy"]  # the table's, whatever they are: numpy<2, jax, scipy, torch
    for line in ("keras==3.0.*", *pins, "pytest-onehot==", "KERAS_BACKEND=numpy", "UV_TORCH_BACKEND=cpu"):
        assert line in numpy_env, numpy_env
    assert "--no-deps 'tf-keras==2.16.*'" in sections["tfkeras-tf2.16"]
    assert "TF_USE_LEGACY_KERAS=1" in sections["tfkeras-tf2.16"]
    assert "tf-nightly-cpu" in sections["next-tensorflow"] and "keras-nightly" in sections["next-tensorflow"]


def tox_run(project, env, *posargs):
    done = run(sys.executable, "-m", "tox", "-e", env, "--", *posargs, cwd=project, env=clean_environment(),
               check=False)
    return done.returncode, done.stdout + done.stderr


def test_a_keras3_project_cannot_replace_keras2_in_a_keras2_environment(venv, user_project):
    """Its keras>=3 once replaced Keras 2 in tf2.15, and the column showed green: now the install fails."""
    wheel = next((user_project / "wheels").glob("*.whl"))
    done = run(venv / "pytest-onehot", "tox", "--layer", LAYER, "--plugin-spec", f"wheels/{wheel.name}",
               "-o", "tox.ini", cwd=user_project)
    assert "note: your project requires keras>=3" in done.stderr and "--lines keras3" in done.stderr
    code, output = tox_run(user_project, "tf2.15", "-k", "values-seed")
    assert code != 0 and "keras>=3" in output and "keras==2.15" in output, output
    assert not (user_project / "reports" / "tf2.15.json").exists()


def test_a_project_declaring_nothing_runs_keras2_as_named(venv, tmp_path, dist):
    project = make_project(tmp_path, dist, "[]")
    wheel = next((project / "wheels").glob("*.whl"))
    run(venv / "pytest-onehot", "tox", "--layer", LAYER, "--plugin-spec", f"wheels/{wheel.name}",
        "--lines", "keras2", "-o", "tox.ini", cwd=project)
    code, output = tox_run(project, "tf2.15", "-k", "values-seed or narrow-uint8-int")
    assert code == 0, output
    assert "(Keras 2, tensorflow backend): 2 passed" in output, output
    report = json.loads((project / "reports" / "tf2.15.json").read_text())
    assert report["environment"]["tox_env"] == "tf2.15" and report["environment"]["key"] == "tf2.15"


def test_the_generated_workflows_commands_run_end_to_end(user_project, tmp_path):
    """What CI would do is what runs here: the `run:` steps of one suite job (the newest Keras 3 on JAX) on a fresh
    runner Python, its report taken from where the upload step looks; then the table job's steps in a
    fresh checkout with that report where the download step puts it, the gate without and with a baseline."""
    import yaml

    wheel = next((user_project / "wheels").glob("*.whl"))
    runner = tmp_path / "runner"
    run(sys.executable, "-m", "venv", runner)  # a runner's Python, with pip
    env = {**clean_environment(), "PATH": f"{runner / 'bin'}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    run(runner / "bin" / "pip", "install", "--quiet", wheel)  # to generate, as the user did
    for command in ("tox", "workflow"):
        run(runner / "bin" / "pytest-onehot", command, "--layer", LAYER, "--plugin-spec", f"wheels/{wheel.name}",
            "--lines", "keras3", "--labels", "fast", "-o", f"{command}.yml" if command == "workflow" else "tox.ini",
            cwd=user_project, env=env)
    checkout = tmp_path / "checkout"  # what the table job's actions/checkout gives: the committed files
    shutil.copytree(user_project, checkout)
    jobs = yaml.safe_load((user_project / "workflow.yml").read_text())["jobs"]
    assert NEWEST_JAX in jobs["suite"]["strategy"]["matrix"]["env"]

    def substitute(value, matrix):
        if isinstance(value, dict):
            return {key: substitute(item, matrix) for key, item in value.items()}
        for key, item in matrix.items():
            value = value.replace("${{ matrix.%s }}" % key, item) if isinstance(value, str) else value
        return value

    def steps(job, **matrix):
        return [substitute(step, matrix) for step in jobs[job]["steps"]]

    suite = steps("suite", env=NEWEST_JAX)
    for step in suite:
        if "run" in step:
            done = run("bash", "-e", "-c", step["run"], cwd=user_project, check=False,
                       env={**env, **jobs["suite"].get("env", {})})
            assert done.returncode == 0, f"{step.get('name')}:\n{done.stdout}\n{done.stderr}"
    upload = next(step["with"] for step in suite if step.get("uses", "").startswith("actions/upload-"))
    report = user_project / upload["path"]
    assert json.loads(report.read_text())["environment"]["key"] == NEWEST_JAX
    table = {step.get("name", ""): step for step in steps("table")}
    download = table["Download the reports"]["with"]
    (checkout / download["path"]).mkdir()
    shutil.copy(report, checkout / download["path"])  # merge-multiple: each artifact's files, side by side
    run(runner / "bin" / "pip", "uninstall", "--quiet", "--yes", "pytest-onehot")  # the table job's own install
    for name in ("Install pytest-onehot", "Compatibility table"):
        run("bash", "-e", "-c", table[name]["run"], cwd=checkout, env=env)
    assert NEWEST_JAX in (tmp_path / "summary.md").read_text() and (checkout / "matrix.html").exists()
    gate = run("bash", "-e", "-c", table["Regression gate"]["run"], cwd=checkout, env=env, check=False)
    assert gate.returncode == 1 and "pytest-onehot baseline reports -o compat/baseline" in gate.stdout
    run(runner / "bin" / "pytest-onehot", "baseline", download["path"], "-o", "compat/baseline", cwd=checkout,
        env=env)
    gate = run("bash", "-e", "-c", table["Regression gate"]["run"], cwd=checkout, env=env, check=False)
    assert gate.returncode == 0 and "no change" in gate.stdout, gate.stdout + gate.stderr
