"""The baseline gate as docs/matrix.md shows it: one layer spec whose code changes between two commits,
run as each generated tox environment runs it, then `pytest-onehot baseline` and `diff --strict`."""
import contextlib
import io
import shutil

import pytest

from pytest_onehot.cli import main
from pytest_onehot.report import environment_key

CHECKS = ["-k", "values-seed or narrow-uint8-int or output-dtype"]
GOOD = "from pytest_onehot.reference import OneHot\n"
REGRESSED = "from tests.layers.uint8_cast import OneHot  # a uint8 cast crept in\n"


def commit(pytester, source):
    """mypkg/layers.py as of one commit."""
    package = pytester.path / "mypkg"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "layers.py").write_text(source)
    # Two sources written within a second: the bytecode of the first would pass for the second's.
    shutil.rmtree(pytester.path / "mypkg" / "__pycache__", ignore_errors=True)


def suite(run, env, *args):
    """What an environment of the generated tox.ini runs (from an empty folder in tox)."""
    name = environment_key(env)
    return run("--onehot-layer=mypkg.layers:OneHot", f"--onehot-environment={name}",
               f"--onehot-report=reports/{name}.json", *CHECKS, *args)


def cli(*args):
    """(exit code, standard output) of a `pytest-onehot` command (in-process pytest runs above
    leave capture fixtures unreliable under xdist: the output is taken here)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(args))
    return code, out.getvalue()


def test_the_readme_gate_flow(run, pytester, env, monkeypatch):
    monkeypatch.chdir(pytester.path)
    monkeypatch.setenv("TOX_ENV_NAME", environment_key(env))  # as tox sets it in the generated environment
    commit(pytester, GOOD)
    suite(run, env).assert_outcomes(passed=3)
    assert cli("baseline", "reports", "-o", "compat/baseline")[0] == 0
    assert cli("diff", "--strict", "compat/baseline", "reports") == (0, "no change\n")

    commit(pytester, REGRESSED)
    suite(run, env).assert_outcomes(passed=2, failed=1)
    code, out = cli("diff", "--strict", "compat/baseline", "reports")
    assert code == 1 and f"REGRESSION {environment_key(env)} narrow-uint8-int: passed -> failed" in out, out

    gated = suite(run, env, "--onehot-baseline=compat/baseline")
    assert gated.ret == pytest.ExitCode.TESTS_FAILED
    gated.stdout.fnmatch_lines(["REGRESSION * narrow-uint8-int: passed -> failed*"])
