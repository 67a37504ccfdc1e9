"""Reports across environments: the table, diffs and the baseline gate."""
import json
import shutil

import pytest

from pytest_onehot.cli import main
from pytest_onehot.matrix import render_matrix
from pytest_onehot.report import environment_key
from tests.sample_reports import documents

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


def test_the_same_failure_in_several_environments_is_one_footnote_with_its_cause():
    text = render_matrix(documents())
    assert "| `narrow-uint8-int` | ✘[1] | ✘[1] | ✘[2] |" in text
    assert ("1. keras3.15-tensorflow, keras3.15-torch / `narrow-uint8-int` (cause `uint8-cast`): int32 indices"
            " up to 399: index 300 came back as class 44: input cast to uint8? 300 wraps to 44") in text
    assert "2. tf2.15 / `narrow-uint8-int`: int32 indices up to 399" in text  # schema 1: no cause
    assert "- `uint8-cast`: indices cast to uint8: every index >= 256 wraps &lt;mod 256>" in text


def test_markdown_shows_angle_brackets_as_text():
    # A renderer would take "<class ...>" or "</td>" in a message for HTML and hide it.
    text = render_matrix(documents())
    assert "TypeError: &lt;class 'keras.Functional'> could not be" in text and "<script" not in text


def test_observations_group_environments_by_what_they_saw():
    text = render_matrix(documents())
    assert ("- out-of-range:\n  - keras3.15-tensorflow: -1: zeros; 400: zeros\n  - keras3.15-torch: -1: error;"
            " 400: error\n  - tf2.15: negative: zeros; too-large: zeros\n") in text
    assert "- fractional indices:\n  - keras3.15-tensorflow, keras3.15-torch: 0.5: class 0; 2.7: class 2\n" in text
    assert "- rank-3 input:\n  - tf2.15: shape (2, 3, 4, 10)\n" in text
    docs = {env: report(env, a="passed") for env in ("e1", "e2")}
    for doc in docs.values():
        doc["observations"] = {"rank-3 input": "shape (2, 3, 4, 10)"}
    assert "- rank-3 input:\n  - all 2 environments: shape (2, 3, 4, 10)\n" in render_matrix(docs)


def test_reports_of_schema_versions_1_and_2_load_together(tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    for env, doc in documents().items():
        write(folder, f"{env}.json", doc)
    assert main(["matrix", str(folder)]) == 0
    assert "| check | keras3.15-tensorflow | keras3.15-torch | tf2.15 |" in capsys.readouterr().out


def test_diff_names_changed_observations_and_causes_without_failing(tmp_path, capsys):
    old = documents()["keras3.15-torch"]
    new = json.loads(json.dumps(old))
    new["observations"]["out-of-range"] = {"-1": "zeros", "400": "error"}
    new["checks"][1]["cause"] = "int16-cast"
    new["checks"][2]["cause"] = "safe-mode-lambda"  # xfailed before and after: still failing
    assert main(["diff", write(tmp_path, "old.json", old), write(tmp_path, "new.json", new)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        'observation keras3.15-torch out-of-range: {"-1": "error", "400": "error"} -> {"-1": "zeros", "400": "error"}',
        "cause keras3.15-torch narrow-uint8-int: uint8-cast -> int16-cast",
        "cause keras3.15-torch save-keras: (none) -> safe-mode-lambda",
    ]


def test_diff_does_not_compare_what_schema_1_cannot_say(tmp_path, capsys):
    old = report("e", a="failed")
    new = report("e", a="failed")
    new["schema_version"], new["checks"][0]["cause"] = 2, "uint8-cast"
    assert main(["diff", write(tmp_path, "old.json", old), write(tmp_path, "new.json", new)]) == 0
    assert capsys.readouterr().out == "no change\n"


@pytest.mark.parametrize("content, expected", [
    (None, "cannot read"), ("{not json", "not JSON"), ('{"schema_version": 99}', "schema version 1 or 2"),
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


def mylayer(pytester, version):
    """mylayer:OneHot, one spec whose code changes between runs: the reference, then with a
    uint8 cast (a regression), as a library's own layer changes between releases."""
    source = {"good": "from pytest_onehot.reference import OneHot",
              "regressed": "from tests.layers.uint8_cast import OneHot"}[version]
    pytester.makepyfile(mylayer=source + "\n")
    # Both sources have one length and are written within a second: the bytecode of the first
    # would pass for the second's.
    shutil.rmtree(pytester.path / "__pycache__", ignore_errors=True)
    return "--onehot-layer=mylayer:OneHot"


def test_baseline_gate_fails_a_regressed_layer(run, pytester):
    run(mylayer(pytester, "good"), *FAST, "--onehot-report=base/reference.json").assert_outcomes(passed=3)
    result = run(mylayer(pytester, "regressed"), *FAST, "--onehot-baseline=base", "--onehot-xfail=narrow-uint8-int")
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # the xfail alone would pass; the gate does not
    result.stdout.fnmatch_lines(["*onehot baseline*", "REGRESSION * narrow-uint8-int: passed -> xfailed*"])


def test_baseline_gate_lists_improvements_and_passes(run, pytester):
    run(mylayer(pytester, "regressed"), *FAST, "--onehot-report=base.json")
    result = run(mylayer(pytester, "good"), *FAST, "--onehot-baseline=base.json")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["improvement * narrow-uint8-int: failed -> passed"])


def test_baseline_of_another_layer_is_refused(run, pytester):
    run(REFERENCE, *FAST, "--onehot-report=base.json")
    result = run(UINT8, *FAST, "--onehot-baseline=base.json", "--onehot-xfail=narrow-uint8-int")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["baseline refused: it is a report of layer pytest_onehot.reference:OneHot, this "
                                 "run tested tests.layers.uint8_cast:OneHot*"])
    assert "REGRESSION" not in result.stdout.str()


def test_a_baseline_made_under_tox_gates_a_run_outside_it(run, pytester, monkeypatch, env):
    """Keyed by Keras line and backend: a tox environment's report, or a Keras patch upgrade, still
    matches; the tox name wins where there is one."""
    monkeypatch.setenv("TOX_ENV_NAME", environment_key(env))
    run(mylayer(pytester, "good"), *FAST, "--onehot-report=base/a.json")
    monkeypatch.delenv("TOX_ENV_NAME")  # now outside tox
    doc = json.loads((pytester.path / "base" / "a.json").read_text())
    doc["environment"]["keras"] += ".post1"  # another patch release of the same line
    (pytester.path / "base" / "a.json").write_text(json.dumps(doc))
    result = run(mylayer(pytester, "regressed"), *FAST, "--onehot-baseline=base")
    result.stdout.fnmatch_lines([f"REGRESSION {environment_key(env)} narrow-uint8-int: passed -> failed*"])


def test_missing_baseline_for_this_environment(run, pytester, monkeypatch):
    doc = report("elsewhere", layer="pytest_onehot.reference:OneHot", **{"values-seed": "passed"})
    doc["environment"].update({"keras": "1.0.0", "backend": "nowhere"})
    write(pytester.path, "base.json", doc)
    monkeypatch.delenv("TOX_ENV_NAME", raising=False)
    lenient = run(REFERENCE, "-k", "values-seed", "--onehot-baseline=base.json")
    assert lenient.ret == pytest.ExitCode.OK
    lenient.stdout.fnmatch_lines(["no baseline report for environment * (have: elsewhere) "
                                  "(--onehot-baseline-strict=yes makes this a failure)"])
    strict = run(REFERENCE, "-k", "values-seed", "--onehot-baseline=base.json", "--onehot-baseline-strict=yes")
    assert strict.ret == pytest.ExitCode.TESTS_FAILED


def test_missing_baseline_is_a_usage_error(run):
    result = run(REFERENCE, "--onehot-baseline=nowhere.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --onehot-baseline 'nowhere.json': *cannot read*"])
