"""`pytest-onehot tox`: configurations rendered from the compatibility table, and this
repository's own tox.ini as one of them. tests_dist/ runs a generated one with tox."""
import os
import pathlib
import stat

import pytest

from pytest_onehot import toxgen
from pytest_onehot._version import __version__
from pytest_onehot.cli import main

ROOT = pathlib.Path(__file__).parent.parent
TABLE = toxgen.load_table()
LAYER = "mypkg.layers:OneHot"
BACKENDS = ("tensorflow", "jax", "torch", "numpy")


def lines(family_name):
    """A family's lines as the table lists them, oldest first: keras3.0 ... the newest release. The
    tests name the matrix through these, so that a new Keras release is a line in the table only."""
    family = next(f for f in TABLE["families"] if f["name"] == family_name)
    return [toxgen.line_condition(family, line) for line in family["lines"]]


KERAS3, TF_KERAS, TF2_KERAS = lines("keras3"), lines("tf.keras"), lines("tf-keras")
NEWEST = KERAS3[-1]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A user's packaged project, as the current folder."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'mypkg'\nversion = '1'\n")
    monkeypatch.chdir(tmp_path)
    for var in ("PIP_FIND_LINKS", "UV_FIND_LINKS"):  # a local torch wheel changes the default
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def generate(*args):
    """The configuration `pytest-onehot tox` writes for these arguments (in the current folder)."""
    assert main(["tox", "--layer", LAYER, *args, "-o", "tox.ini"]) == 0
    return pathlib.Path("tox.ini").read_text()


def value_lines(text, key):
    """The lines of one multi-line ini value (`key =` then indented lines)."""
    lines = text.splitlines()
    start = lines.index(f"{key} =") + 1
    out = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        out.append(line.strip())
    return out


def labels(text):
    return {k.strip(): [e.strip() for e in v.split(",")] for k, v in
            (line.split("=", 1) for line in value_lines(text, "labels"))}


# ---- the table ----------------------------------------------------------------------------------

def test_this_repositorys_tox_ini_is_rendered_from_the_table(tmp_path):
    out = tmp_path / "tox.ini"
    assert main(["tox", "--this-repo", "-o", str(out)]) == 0
    assert out.read_text() == (ROOT / "tox.ini").read_text(), (
        "tox.ini and pytest_onehot/compat.json drifted apart: regenerate with "
        "`python -m pytest_onehot.cli tox --this-repo -o tox.ini`")


def test_table_covers_every_keras_line():
    full = toxgen.all_labels(TABLE)["full"]
    assert KERAS3 == [f"keras3.{n}" for n in range(len(KERAS3))]  # every minor, none skipped
    assert TF_KERAS == ["tf2.12", "tf2.13", "tf2.14", "tf2.15"]  # Keras 2 as tf.keras: a closed list
    assert TF2_KERAS == [f"tfkeras-tf2.{n}" for n in range(16, 16 + len(TF2_KERAS))]
    keras3 = [f"{line}-{b}" for line in KERAS3 for b in BACKENDS]
    assert full[:len(keras3)] == keras3
    assert full[len(keras3):len(keras3) + 10] == TF_KERAS + TF2_KERAS
    assert full[len(keras3) + 10:] == [f"{NEWEST}-tensorflow-export", f"{NEWEST}-jax-export", f"{NEWEST}-torch-export",
                                       "tf2.15-export", f"{TF2_KERAS[-1]}-export"]
    assert len(set(full)) == len(full) == len(keras3) + len(TF_KERAS) + len(TF2_KERAS) + 5


def test_fast_is_the_oldest_and_newest_release_of_each_line():
    assert toxgen.all_labels(TABLE)["fast"] == [
        *(f"{line}-{b}" for line in ("keras3.0", NEWEST) for b in BACKENDS),
        "tf2.12", "tf2.15", "tfkeras-tf2.16", TF2_KERAS[-1]]


def test_next_is_keras_nightly_on_each_backend_and_in_no_other_label():
    found = toxgen.all_labels(TABLE)
    assert found["next"] == ["next-tensorflow", "next-jax", "next-torch", "next-numpy"]
    assert not set(found["next"]) & set(found["full"] + found["fast"])


def test_torch_is_only_ever_the_cpu_wheel_pin():
    reqs = [req for family in TABLE["families"] for line in family["lines"]
            for reqs in line["backends"].values() for req in reqs]
    assert {req for req in reqs if req.startswith("torch")} == {"torch==2.13.0"}


def test_tf_keras_goes_in_without_deps_beside_tensorflow_cpu():
    family = next(f for f in TABLE["families"] if f["keras_package"] == "tf_keras")
    for line in family["lines"]:
        version = line["factor"].removeprefix("tf")
        assert line["no_deps"] == [f"tf-keras=={version}.*"]
        assert line["backends"] == {"tensorflow": [f"tensorflow-cpu=={version}.*"]}


# ---- a user's configuration ---------------------------------------------------------------------

def test_user_configuration(project):
    text = generate()
    assert set(labels(text)) == {"fast", "full", "next", "keras3", "keras2", "keras3-tensorflow", "keras3-jax",
                                 "keras3-torch", "keras3-numpy"}
    assert "selftest" not in text and "ci =" not in text and "[testenv:dist]" not in text
    assert "package = wheel" in text.splitlines()
    deps = value_lines(text, "deps")
    assert f"pytest-onehot=={__version__}" in deps and "h5py" in deps
    nightly = next(f for f in TABLE["families"] if f["name"] == "next")["lines"][0]["requires"][0]
    assert "keras3.7-{jax,numpy}: jax[cpu]==0.4.35" in deps and f"next: {nightly}" in deps
    assert value_lines(text, "commands") == [
        "pytest {env_tmp_dir} -p no:cacheprovider --onehot-environment={env_name} \\",
        f"--onehot-layer={{env:ONEHOT_LAYER:{LAYER}}} \\",
        "--onehot-compile-cache={env:ONEHOT_COMPILE_CACHE:{env_dir}/onehot-compile-cache} \\",
        "--onehot-report={tox_root}/reports/{env_name}.json {posargs}"]
    assert "UV_TORCH_BACKEND = {env:UV_TORCH_BACKEND:cpu}" in value_lines(text, "set_env")
    assert f"pytest-onehot tox --layer {LAYER} -o tox.ini" in text  # the header says how to regenerate


def test_plain_tox_runs_the_released_matrix_not_the_nightlies(project):
    env_list = ", ".join(value_lines(generate(), "env_list")).split(", ")
    assert env_list == toxgen.all_labels(TABLE)["full"]


def test_labels_choose_the_environments_and_their_pins(project):
    text = generate("--labels", "fast")
    assert labels(text) == {"fast": toxgen.all_labels(TABLE)["fast"]}
    assert f"{NEWEST}: keras=={NEWEST.removeprefix('keras')}.*" in text
    assert "keras3.7" not in text and "next" not in text


def test_only_next(project):
    text = generate("--labels", "next")
    assert value_lines(text, "env_list") == ["next-tensorflow, next-jax, next-torch, next-numpy"]
    assert "tfkeras" not in text and "tox -e next-jax" in text


def test_a_project_without_packaging_is_on_the_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no pyproject.toml here
    text = generate("--no-install")
    assert "skip_install = true" in text.splitlines() and "package = wheel" not in text
    assert "PYTHONPATH = {tox_root}" in value_lines(text, "set_env")


def test_plugin_from_a_wheel_inside_the_project_is_relative(project):
    wheel = project / "wheels" / f"pytest_onehot-{__version__}-py3-none-any.whl"
    wheel.parent.mkdir()
    wheel.write_bytes(b"")
    assert f"{{tox_root}}/wheels/{wheel.name}" in value_lines(generate("--plugin-spec", str(wheel)), "deps")


def test_plugin_from_a_checkout_elsewhere_is_absolute(project):
    assert str(ROOT) in value_lines(generate("--plugin-spec", str(ROOT)), "deps")


def test_extra_deps_and_torch_left_to_the_environment(project):
    text = generate("--deps", "-r requirements.txt", "--deps", "pillow", "--torch-backend", "none")
    assert {"-r requirements.txt", "pillow"} <= set(value_lines(text, "deps"))
    assert not any("UV_TORCH_BACKEND" in line for line in value_lines(text, "set_env"))
    assert "UV_TORCH_BACKEND" in value_lines(text, "pass_env")  # the environment's own, e.g. a workflow's


def test_prints_to_standard_output(project, capsys):
    assert main(["tox", "--layer", LAYER]) == 0
    assert capsys.readouterr().out.startswith("# tox configuration")
    assert not (project / "tox.ini").exists()


def test_the_file_is_readable_by_others(project):
    generate()
    assert stat.S_IMODE(os.stat("tox.ini").st_mode) == 0o644


@pytest.mark.parametrize("args, expected", [
    ([], "--layer is required: name your factory, e.g. --layer mypkg.layers:OneHot"),
    (["--layer", "mypkg.layers.OneHot"], "--layer 'mypkg.layers.OneHot': expected module.path:attr"),
    (["--layer", LAYER, "--labels", "fast,nightly"], "unknown label 'nightly'; choose from fast, full, next"),
    (["--layer", LAYER, "--labels", ","], "--labels ',': unknown label ''"),
    (["--layer", LAYER, "--plugin-spec", "./no-such-checkout"], "'./no-such-checkout': no such checkout, wheel"),
    (["--layer", LAYER, "--plugin-spec", "numpy==2.0"], "names 'numpy', not pytest-onehot"),
    (["--layer", LAYER, "--plugin-spec", "pytest-onehot==="], "not a requirement or an existing path"),
    (["--layer", LAYER, "--deps", ""], "--deps '': expected one requirement"),
    (["--layer", LAYER, "--bogus"], "unrecognized arguments: --bogus"),
])
def test_bad_arguments_are_one_line_and_write_nothing(project, capsys, args, expected):
    assert exit_code(["tox", *args, "-o", "tox.ini"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0] and err[0].startswith("pytest-onehot")
    assert not (project / "tox.ini").exists()


def test_an_unpackaged_project_is_told_about_no_install(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["tox", "--layer", LAYER, "-o", "tox.ini"]) == 2
    assert "pass --no-install" in capsys.readouterr().err
    assert not (tmp_path / "tox.ini").exists()


def test_a_missing_output_folder_is_one_line(project, capsys):
    assert main(["tox", "--layer", LAYER, "-o", "no/such/tox.ini"]) == 2
    assert capsys.readouterr().err.strip() == (
        "pytest-onehot: error: -o no/such/tox.ini: the folder no/such does not exist; create it first")


def exit_code(argv):
    """main's exit code, whether it returns it or argparse exits with it."""
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code


def test_the_export_extras_are_the_tables():
    """pip's extras and the tox environments install the same exporters."""
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    table = TABLE["export"]["extras"]
    assert {name: extras[name] for name in table} == table


def test_a_hand_written_tox_ini_is_not_replaced_unasked(project, capsys):
    (project / "tox.ini").write_text("[tox]\nenv_list = py311\n")
    assert main(["tox", "--layer", LAYER, "-o", "tox.ini"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pytest-onehot did not write it" in err[0] and "--force" in err[0]
    assert (project / "tox.ini").read_text() == "[tox]\nenv_list = py311\n"
    assert main(["tox", "--layer", LAYER, "-o", "tox.ini", "--force"]) == 0
    assert main(["tox", "--layer", LAYER, "-o", "tox.ini"]) == 0  # its own output is regenerated


def test_notes_for_an_unimportable_layer_and_the_default_plugin(project, capsys):
    assert main(["tox", "--layer", "mypkg.layerz:OneHot", "-o", "tox.ini"]) == 0
    err = capsys.readouterr().err
    assert "note: --layer mypkg.layerz:OneHot: 'mypkg.layerz' is not importable from here" in err
    assert f"note: no --plugin-spec: the environments install pytest-onehot=={__version__} from PyPI" in err
    (project / "mypkg").mkdir()
    (project / "mypkg" / "__init__.py").write_text("")
    (project / "mypkg" / "layers.py").write_text("")
    assert main(["tox", "--layer", LAYER, "--plugin-spec", str(ROOT), "-o", "tox.ini", "--force"]) == 0
    assert "note:" not in capsys.readouterr().err


# ---- lines and backends a project supports ------------------------------------------------------

def test_lines_and_backends_keep_only_their_environments(project):
    text = generate("--lines", "keras3", "--backends", "tensorflow,jax")
    found = labels(text)
    envs = {env for names in found.values() for env in names}
    assert envs and all(env.endswith(("-tensorflow", "-jax", "-tensorflow-export", "-jax-export")) for env in envs)
    assert not any(env.startswith(("tf2.", "tfkeras")) for env in envs)
    assert "tf2.15-export" not in text  # nor the pins of an export line it leaves out
    assert found["fast"] == ["keras3.0-tensorflow", "keras3.0-jax", f"{NEWEST}-tensorflow", f"{NEWEST}-jax"]
    assert set(found) == {"fast", "full", "next", "keras3", "keras3-tensorflow", "keras3-jax"}
    assert "--lines keras3 --backends tensorflow,jax" in text  # the header says how to regenerate
    assert f"keras3.{{0..{len(KERAS3) - 1}}}-{{tensorflow,jax}}" in text


def test_a_keras2_only_project(project):
    found = labels(generate("--lines", "keras2"))
    assert found["fast"] == ["tf2.12", "tf2.15", "tfkeras-tf2.16", TF2_KERAS[-1]]
    assert found["keras2"] == TF_KERAS + TF2_KERAS
    assert "next" not in found and not any(name.startswith("keras3") for name in found)


def test_per_line_labels_are_chosen_like_the_others(project):
    assert labels(generate("--labels", "keras3-torch")) == {"keras3-torch": [f"{line}-torch" for line in KERAS3]}


@pytest.mark.parametrize("args, expected", [
    (["--lines", "keras4"], "--lines 'keras4': unknown 'keras4'; choose from keras3, keras2, tf.keras, tf-keras"),
    (["--backends", "mxnet"], "--backends 'mxnet': unknown 'mxnet'; choose from tensorflow, jax, torch, numpy"),
    (["--lines", "keras2", "--backends", "jax"], "--lines/--backends leave no environment"),
    (["--labels", "next", "--lines", "keras2"], "--labels next: no environment of it is left by --lines/--backends"),
])
def test_choices_that_leave_nothing_are_one_line(project, capsys, args, expected):
    assert main(["tox", "--layer", LAYER, *args, "-o", "tox.ini"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0], err
    assert not (project / "tox.ini").exists()


def test_a_project_requiring_one_keras_line_is_told_to_choose_it(project, capsys):
    (project / "pyproject.toml").write_text("[project]\nname = 'mypkg'\nversion = '1'\ndependencies = ['keras>=3']\n")
    generate()
    assert "note: your project requires keras>=3: the environments of the other Keras line cannot install it" in (
        capsys.readouterr().err)
    generate("--lines", "keras3", "--force")
    assert "requires keras>=3" not in capsys.readouterr().err


def test_the_projects_dependencies_cannot_replace_the_stack(project):
    """tox installs them constrained to what deps installed (frozen): a conflict fails the install."""
    text = generate().splitlines()
    assert "constrain_package_deps = true" in text and "use_frozen_constraints = true" in text
    assert "constrain_package_deps = true" not in generate("--no-install", "--force")


def test_a_local_torch_wheel_is_preferred_and_said(project, capsys, monkeypatch, tmp_path):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    (wheels / "torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl").write_bytes(b"")
    monkeypatch.setenv("PIP_FIND_LINKS", str(wheels))
    text = generate()
    assert not any("UV_TORCH_BACKEND" in line for line in value_lines(text, "set_env"))
    assert "note: torch comes from" in capsys.readouterr().err
    assert "UV_TORCH_BACKEND = {env:UV_TORCH_BACKEND:cpu}" in generate("--torch-backend", "cpu", "--force")
    assert "note: torch" not in capsys.readouterr().err
    generate("--backends", "tensorflow", "--force")  # no torch environment: nothing to say
    assert "note: torch" not in capsys.readouterr().err


# ---- what an environment's name promises ------------------------------------------------------

def versions(**found):
    return lambda dist: found.get(dist)


def test_pins_of_an_environment():
    assert toxgen.pins_error(TABLE, "keras3.15-jax", versions(keras="3.15.1", jax="0.10.2")) is None
    assert toxgen.pins_error(TABLE, "keras3.14-jax", versions(keras="3.15.1", jax="0.10.2")) == (
        "environment keras3.14-jax pins keras==3.14.*, but keras 3.15.1 is installed")
    assert toxgen.pins_error(TABLE, "tf2.15", versions(**{"tensorflow-cpu": "2.15.1", "keras": "3.15.1"})) == (
        "environment tf2.15 pins keras<3, but keras 3.15.1 is installed")
    assert "torch is not installed" in toxgen.pins_error(TABLE, "keras3.15-torch", versions(keras="3.15.1"))
    assert toxgen.pins_error(TABLE, "keras3.15-torch", versions(keras="3.15.1", torch="2.13.0+cpu")) is None
    assert toxgen.pins_error(TABLE, "py311", versions()) is None  # not one of the table's


def test_identity_of_an_environment():
    assert toxgen.identity_error(TABLE, "tf2.15", "keras", "2.15.0", "tensorflow") is None
    assert toxgen.identity_error(TABLE, "tf2.15", "keras", "3.15.1", "tensorflow") == (
        "environment tf2.15 names Keras 2 (tf.keras) with tensorflow-cpu==2.15.*, but the layer runs on "
        "keras 3.15.1 (tensorflow backend)")
    assert "names keras==3.15.* on jax" in toxgen.identity_error(TABLE, "keras3.15-jax", "keras", "3.15.1", "torch")
    assert toxgen.identity_error(TABLE, "tfkeras-tf2.21", "keras", "3.15.1", "tensorflow")
    assert toxgen.identity_error(TABLE, "tfkeras-tf2.21", "tf_keras", "2.21.0", "tensorflow") is None
    assert toxgen.identity_error(TABLE, "next-jax", "keras", "3.16.0.dev2026", "jax") is None


def test_the_projects_own_tests_run_in_every_environment_too(project):
    (project / "tests").mkdir()
    text = generate("--tests", "tests")
    assert value_lines(text, "commands")[-1] == "pytest {tox_root}/tests -p no:cacheprovider"
    assert "ignore_errors = true" in text.splitlines()  # both run; a failure of either fails the environment
    assert "--tests tests" in text  # in the header's command


def test_tests_outside_the_project_are_one_line(project, capsys):
    assert main(["tox", "--layer", LAYER, "--tests", "../elsewhere", "-o", "tox.ini"]) == 2
    assert "--tests '../elsewhere': not a folder or file inside your project" in capsys.readouterr().err


def test_ci_builds_the_docs_offline_with_warnings_as_errors():
    text = (ROOT / "tox.ini").read_text()
    assert "docs" in labels(text)["ci"]
    assert "sphinx-build -E -W --keep-going -n -b html {tox_root}/docs {tox_root}/docs/_build/html\n" in text
    assert "selftest: jsonschema" in value_lines(text, "deps")  # the report schema's tests
