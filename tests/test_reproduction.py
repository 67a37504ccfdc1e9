"""A failing values-property case is printed with a line that reproduces it, and the line does."""
import os
import re
import subprocess
import sys

from pytest_onehot.checks import CHECKS
from pytest_onehot.suite import run_check
from tests import corpus


def test_values_property_failure_reruns_as_printed(tmp_path):
    try:
        run_check(CHECKS["values-property"], corpus.factory("off_by_one"), tmp_path)
    except AssertionError as failure:
        message = str(failure)
    else:
        raise AssertionError("values-property passed on off_by_one")
    assert re.search(r"the case: depth \d+, \w+ indices \[\[", message), message
    line = re.search(r'rerun it: python -c "(.*)"$', message).group(1)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    rerun = subprocess.run([sys.executable, "-c", line], cwd=root, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 1 and "CheckFailure: output:" in rerun.stderr, rerun.stderr[-2000:]


def test_a_keras_json_floatx_is_said_and_the_catalogue_runs_under_float32(pytester, monkeypatch):
    home = pytester.path / "keras_home"
    home.mkdir()
    (home / "keras.json").write_text('{"floatx": "float16"}')
    monkeypatch.setenv("KERAS_HOME", str(home))
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    monkeypatch.setenv("PYTHONPATH", root)
    result = pytester.runpytest_subprocess("-p", "no:randomly", "--onehot-layer=pytest_onehot.reference:OneHot",
                                           "-k", "floatx or mixed-precision or embedding-gradients or values-seed")
    result.stdout.fnmatch_lines(["onehot: floatx is float16 here; the catalogue runs under float32*"])
    assert result.ret == 0, result.stdout.str()[-3000:]
