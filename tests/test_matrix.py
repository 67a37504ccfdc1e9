"""Reports across environments: the table, diffs and the baseline gate."""
import json

import pytest

from pytest_onehot.matrix import main, render_matrix

REFERENCE = "--onehot-layer=pytest_onehot.reference:OneHot"
UINT8 = "--onehot-layer=tests.layers.uint8_cast:OneHot"
FAST = ["-k", "values-seed or narrow-uint8-int or output-dtype"]


def report(env, layer="mypkg:OneHot", **checks):
    return {"schema_version": 1, "layer": layer, "environment": {"tox_env": env},
            "checks": [{"id": k, "outcome": v, "message": f"why {k}" if v == "failed" else ""}
                       for k, v in checks.items()]}


def write(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return str(path)


def test_matrix_has_checks_as_rows_and_envs_as_columns():
    docs = {"k3-jax": report("k3-jax", a="passed", b="failed"), "k2": report("k2", a="skipped", b="passed")}
    text = render_matrix(docs)
    assert "| check | k2 | k3-jax |" in text
    assert "| `a` | · | ✔ |" in text and "| `b` | ✔ | ✘[1] |" in text
    assert "1. k3-jax / `b`: why b" in text and "| **passed / run** | 1/1 | 1/2 |" in text


def test_environments_sort_naturally():
    docs = {env: report(env, a="passed") for env in ("keras3.10-jax", "keras3.2-jax", "keras3.0-jax")}
    assert "| check | keras3.0-jax | keras3.2-jax | keras3.10-jax |" in render_matrix(docs)


def test_matrix_command_writes_the_file(tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    write(folder, "a.json", report("a", x="passed"))
    out = tmp_path / "COMPAT.md"
    assert main(["matrix", str(folder), "-o", str(out)]) == 0
    assert "| `x` | ✔ |" in out.read_text()


def test_diff_names_regressions_and_improvements(tmp_path, capsys):
    old = write(tmp_path, "old.json", report("e", a="passed", b="failed", c="passed"))
    new = write(tmp_path, "new.json", report("e", a="failed", b="passed", c="passed"))
    assert main(["diff", old, new]) == 1
    out = capsys.readouterr().out
    assert "REGRESSION e a: passed -> failed: why a" in out and "improvement e b: failed -> passed" in out
    assert main(["diff", old, old]) == 0


@pytest.mark.parametrize("content, expected", [
    (None, "cannot read"), ("{not json", "not JSON"), ('{"schema_version": 99}', "schema version 1"),
])
def test_bad_reports_are_one_line_errors(tmp_path, capsys, content, expected):
    path = tmp_path / "r.json"
    if content is not None:
        path.write_text(content)
    out = tmp_path / "out.md"
    assert main(["matrix", str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0] and "Traceback" not in err[0]
    assert not out.exists()


def test_baseline_gate_fails_a_regressed_layer(run, pytester):
    run(REFERENCE, *FAST, "--onehot-report=base/reference.json").assert_outcomes(passed=3)
    result = run(UINT8, *FAST, "--onehot-baseline=base", "--onehot-xfail=narrow-uint8-int")
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # the xfail alone would pass; the gate does not
    result.stdout.fnmatch_lines(["*onehot baseline*", "REGRESSION * narrow-uint8-int: passed -> xfailed*"])


def test_baseline_gate_lists_improvements_and_passes(run, pytester):
    run(UINT8, *FAST, "--onehot-report=base.json")
    result = run(REFERENCE, *FAST, "--onehot-baseline=base.json")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["improvement * narrow-uint8-int: failed -> passed"])


def test_missing_baseline_is_a_usage_error(run):
    result = run(REFERENCE, "--onehot-baseline=nowhere.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --onehot-baseline 'nowhere.json': *cannot read*"])
