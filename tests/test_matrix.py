"""Reports across environments: the table, diffs and the baseline gate."""
import json
import shutil

import pytest

from pytest_onehot.cli import main
from pytest_onehot.matrix import render_matrix
from pytest_onehot.report import environment_key
from tests.sample_reports import as_records, documents

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
    text = render_matrix(as_records(docs))
    assert "| check | k2 | k3-jax |" in text
    assert "| `a` | · | ✔ |" in text and "| `b` | ✔ | ✘[1] |" in text
    assert "1. k3-jax / `b`: why b" in text and "| **passed / run** | 1/1 | 1/2 |" in text


def test_environments_sort_naturally():
    docs = {env: report(env, a="passed") for env in ("keras3.10-jax", "keras3.2-jax", "keras3.0-jax")}
    assert "| check | keras3.0-jax | keras3.2-jax | keras3.10-jax |" in render_matrix(as_records(docs))


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
    text = render_matrix(as_records())
    assert "| `narrow-uint8-int` | ✘[1] | ✘[1] | ✘[2] |" in text
    assert ("1. keras3.15-tensorflow, keras3.15-torch / `narrow-uint8-int` (cause `uint8-cast`): int32 indices"
            " up to 399: index 300 came back as class 44: input cast to uint8? 300 wraps to 44") in text
    assert "2. tf2.15 / `narrow-uint8-int`: int32 indices up to 399" in text  # schema 1: no cause
    assert "- `uint8-cast`: indices cast to uint8: every index >= 256 wraps &lt;mod 256>" in text


def test_markdown_shows_angle_brackets_as_text():
    # A renderer would take "<class ...>" or "</td>" in a message for HTML and hide it.
    text = render_matrix(as_records())
    assert "TypeError: &lt;class 'keras.Functional'> could not be" in text and "<script" not in text


def test_observations_group_environments_by_what_they_saw():
    text = render_matrix(as_records())
    assert ("- out-of-range:\n  - keras3.15-tensorflow: -1: zeros; 400: zeros\n  - keras3.15-torch: -1: error;"
            " 400: error\n  - tf2.15: negative: zeros; too-large: zeros\n") in text
    assert "- fractional indices:\n  - keras3.15-tensorflow, keras3.15-torch: 0.5: class 0; 2.7: class 2\n" in text
    assert "- rank-3 input:\n  - tf2.15: shape (2, 3, 4, 10)\n" in text
    docs = {env: report(env, a="passed") for env in ("e1", "e2")}
    for doc in docs.values():
        doc["observations"] = {"rank-3 input": "shape (2, 3, 4, 10)"}
    assert "- rank-3 input:\n  - all 2 environments: shape (2, 3, 4, 10)\n" in render_matrix(as_records(docs))


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
    (None, "cannot read"), ("{not json", "not JSON"), ('{"schema_version": 99}', "schema version 1, 2 or 3"),
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


# ---- what a set of reports must be: one layer, one report per environment, the Keras it names --

def test_a_report_whose_environment_name_says_another_keras_is_refused(tmp_path, capsys):
    """A user package's keras>=3 once replaced Keras 2 in `tf2.15`: its report said keras3.15."""
    doc = report("tf2.15", a="passed")
    doc["environment"].update({"keras": "3.15.1", "backend": "tensorflow", "keras_package": "keras"})
    path = write(tmp_path, "tf2.15.json", doc)
    for command in (["matrix", path], ["diff", path, path], ["baseline", path, "-o", str(tmp_path / "b")]):
        assert main(command) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "environment tf2.15 names Keras 2 (tf.keras)" in err[0], err
        assert "its report tested keras3.15-tensorflow" in err[0]
    assert not (tmp_path / "b").exists()


def test_a_key_its_versions_contradict_is_refused(tmp_path, capsys):
    """The key is derived from the versions when the report is written: a key that says tf2.15
    beside Keras 3.15.1 was edited by hand, and would pass for a Keras 2 column."""
    doc = report("tf2.15", a="passed")
    doc["environment"].update({"keras": "3.15.1", "backend": "tensorflow", "keras_package": "keras",
                               "key": "tf2.15"})
    assert main(["matrix", write(tmp_path, "tf2.15.json", doc)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "its key says tf2.15, but the versions it records are of keras3.15-tensorflow" in err[0]


def test_names_the_table_does_not_know_and_nightlies_are_not_refused(tmp_path, capsys):
    nightly = report("next-jax", a="passed")
    nightly["environment"].update({"keras": "3.16.0.dev2026112704", "backend": "jax", "key": "keras3.16-jax"})
    own = report("py311", a="passed")
    assert main(["matrix", write(tmp_path, "n.json", nightly), write(tmp_path, "o.json", own)]) == 0


def test_reports_of_two_layers_are_refused(tmp_path, capsys):
    a = write(tmp_path, "a.json", report("e1", layer="mypkg:A", x="passed"))
    b = write(tmp_path, "b.json", report("e2", layer="mypkg:B", x="passed"))
    assert main(["matrix", a, b]) == 2
    err = capsys.readouterr().err
    assert "reports of 2 layers: mypkg:A (1 reports, e.g." in err and "give one layer's reports" in err


def test_two_reports_of_one_environment_are_refused(tmp_path, capsys):
    a = write(tmp_path, "a.json", report("e1", x="passed"))
    b = write(tmp_path, "b.json", report("e1", x="failed"))
    assert main(["matrix", a, b]) == 2
    assert "are both reports of environment e1: give one of them" in capsys.readouterr().err


def test_diff_strict_fails_on_an_environment_missing_from_new(tmp_path, capsys):
    """With continue-on-error in a workflow, an environment that failed to install has no report."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    write(old, "e1.json", report("e1", a="passed"))
    write(old, "e2.json", report("e2", a="passed"))
    write(new, "e1.json", report("e1", a="passed"))
    assert main(["diff", str(old), str(new)]) == 0  # lenient: listed, not failed
    assert "not compared, only in OLD: e2" in capsys.readouterr().out
    assert main(["diff", "--strict", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "MISSING, only in OLD: e2 (no report now: did it fail to install or to run?)" in out
    assert "the strict gate fails" in out and "--force" not in out  # a refresh would drop e2 for good
    write(new, "e2.json", report("e2", a="passed"))
    write(new, "e3.json", report("e3", a="passed"))
    assert main(["diff", "--strict", str(old), str(new)]) == 1  # a new environment needs its baseline
    out = capsys.readouterr().out
    assert "MISSING, only in NEW: e3 (no baseline for it: refresh the baseline)" in out and "--force` once" in out


def test_diff_of_two_layers_is_refused(tmp_path, capsys):
    old = write(tmp_path, "old.json", report("e", layer="mypkg:A", a="passed"))
    new = write(tmp_path, "new.json", report("e", layer="mypkg:B", a="failed"))
    assert main(["diff", old, new]) == 2
    assert "OLD is a baseline of layer mypkg:A, NEW tested mypkg:B" in capsys.readouterr().err


def test_diff_without_a_baseline_says_how_to_make_one(tmp_path, capsys):
    new = tmp_path / "reports"
    new.mkdir()
    write(new, "e.json", report("e", a="passed"))
    assert main(["diff", "--strict", str(tmp_path / "compat" / "baseline"), str(new)]) == 2
    err = capsys.readouterr().err
    assert "no such baseline; make the first one from a run's reports with `pytest-onehot baseline" in err


def test_baseline_copies_the_reports_and_replaces_only_when_forced(tmp_path, capsys):
    reports = tmp_path / "reports"
    reports.mkdir()
    write(reports, "whatever.json", report("e1", a="passed"))
    write(reports, "e2.json", report("e2", a="failed"))
    target = tmp_path / "compat" / "baseline"
    assert main(["baseline", str(reports), "-o", str(target)]) == 0
    assert sorted(p.name for p in target.iterdir()) == ["e1.json", "e2.json"]
    assert "2 environments of layer mypkg:OneHot (e1, e2); commit it" in capsys.readouterr().out
    assert main(["diff", "--strict", str(target), str(reports)]) == 0
    write(reports, "e2.json", report("e2", a="passed"))
    assert main(["baseline", str(reports), "-o", str(target)]) == 2
    assert "the baseline exists; compare first" in capsys.readouterr().err
    assert json.loads((target / "e2.json").read_text())["checks"][0]["outcome"] == "failed"  # untouched
    assert main(["baseline", str(reports), "-o", str(target), "--force"]) == 0
    assert json.loads((target / "e2.json").read_text())["checks"][0]["outcome"] == "passed"
    assert sorted(p.name for p in target.parent.iterdir()) == ["baseline"]  # no staging left behind
