"""The plugin as a user drives it: collection, selection, xfails, ini keys, fixtures, reports."""
import json
import sys

import pytest

REFERENCE = "--onehot-layer=pytest_onehot.reference:OneHot"
UINT8 = "--onehot-layer=tests.layers.uint8_cast:OneHot"
FAST = ["-k", "values-seed or narrow-uint8-int or output-dtype"]
CHECK_IDS = __import__("pytest_onehot.checks", fromlist=["CHECKS"]).CHECKS


def test_suite_runs_from_an_empty_folder(run):
    result = run(REFERENCE, *FAST, "-v")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["onehot::values-seed PASSED*", "onehot::narrow-uint8-int PASSED*"])


def test_header_names_layer_keras_and_backend(run, env):
    result = run(REFERENCE, "-k", "values-seed")
    result.stdout.fnmatch_lines([
        "onehot: layer pytest_onehot.reference:OneHot (from --onehot-layer)",
        f"onehot: {env.label}; *",
    ])


def test_failures_are_grouped_by_check_with_their_diagnosis(run):
    result = run(UINT8, *FAST)
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([
        "*onehot summary*",
        "*1 failed, 2 passed*",
        "FAILED narrow-uint8-int: *index 300 came back*input cast to uint8? 300 wraps to 44*",
    ])
    assert "Traceback" not in result.stdout.str()


def test_checks_run_beside_the_users_own_tests(run, pytester):
    pytester.makepyfile(test_mine="def test_mine():\n    assert True\n")
    run(REFERENCE, "-k", "values-seed or test_mine").assert_outcomes(passed=2)


def test_marker_selects_the_checks(run, pytester):
    pytester.makepyfile(test_mine="def test_mine():\n    assert True\n")
    run(REFERENCE, "-m", "not onehot").assert_outcomes(passed=1)


def test_exitfirst_stops_at_the_first_failing_check(run):
    result = run(UINT8, "-x", "-k", "narrow")
    result.assert_outcomes(failed=1)


def test_last_failed_reruns_only_the_failed_checks(run):
    run(UINT8, *FAST).assert_outcomes(passed=2, failed=1)
    result = run(UINT8, "--lf", *FAST)
    result.assert_outcomes(failed=1, deselected=len(CHECK_IDS) - 1)
    result.stdout.fnmatch_lines(["*run-last-failure: rerun previous 1 failure*"])


def test_declared_xfail_is_strict(run):
    run(UINT8, *FAST, "--onehot-xfail=narrow-uint8-int").assert_outcomes(passed=2, xfailed=1)
    result = run(REFERENCE, *FAST, "--onehot-xfail=narrow-uint8-int")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*XPASS(strict)*"])


def test_xfail_on_a_check_skipped_here_stays_a_skip(run, env):
    skipped_here = "save-savedmodel" if env.keras3 else None
    if skipped_here is None:
        pytest.skip("every check applies on Keras 2: nothing is skipped here")
    run(REFERENCE, "-k", skipped_here, f"--onehot-xfail={skipped_here}").assert_outcomes(skipped=1)


def test_report_under_xdist_is_one_merged_document(run, pytester):
    run(UINT8, *FAST, "-n", "2", "--onehot-report=run.json").assert_outcomes(passed=2, failed=1)
    doc = json.loads((pytester.path / "run.json").read_text())
    assert sorted(c["id"] for c in doc["checks"]) == ["narrow-uint8-int", "output-dtype", "values-seed"]


def test_ini_keys_configure_the_run(run, pytester):
    pytester.makeini(
        "[pytest]\n"
        "onehot_layer = tests.layers.uint8_cast:OneHot\n"
        "onehot_xfail =\n"
        "    narrow-uint8-int: uint8 cast, see issue 12\n"
    )
    result = run(*FAST, "-rx")
    result.assert_outcomes(passed=2, xfailed=1)
    result.stdout.fnmatch_lines(["*from ini onehot_layer (tox.ini)*", "*uint8 cast, see issue 12*"])


def test_command_line_wins_over_ini(run, pytester):
    pytester.makeini("[pytest]\nonehot_layer = tests.layers.uint8_cast:OneHot\n")
    run(REFERENCE, *FAST).assert_outcomes(passed=3)


def test_conftest_fixture_overrides_the_factory(run, pytester):
    pytester.makeconftest(
        "import pytest\n"
        "from tests.layers.base import CorpusOneHot\n"
        "@pytest.fixture\n"
        "def onehot_factory():\n"
        "    return lambda input_dim, input_length=None: CorpusOneHot(input_dim - 1 + 1)\n"
    )
    run(UINT8, *FAST).assert_outcomes(passed=3)


def test_kwarg_and_depth_arg_adapt_a_foreign_signature(run):
    result = run("--onehot-layer=tests.layers.correct_factory_function:OneHot", "--onehot-depth-arg=depth",
                 "--onehot-kwarg=name='adapted'", *FAST)
    result.assert_outcomes(passed=3)


@pytest.mark.parametrize("policy, outcome", [("zeros", "passed"), ("error", "failed"), ("any", "passed")])
def test_out_of_range_policy_is_enforced(run, policy, outcome):
    result = run(REFERENCE, "-k", "out-of-range", f"--onehot-out-of-range={policy}")
    result.assert_outcomes(**{outcome: 1})
    result.stdout.fnmatch_lines(["observed out-of-range: {'negative': 'zeros', 'too-large': 'zeros'}"])


def test_json_report(run, pytester):
    run(UINT8, *FAST, "--onehot-report=reports/run.json")
    doc = json.loads((pytester.path / "reports" / "run.json").read_text())
    assert doc["schema_version"] == 1 and doc["layer"] == "tests.layers.uint8_cast:OneHot"
    outcomes = {c["id"]: c["outcome"] for c in doc["checks"]}
    assert outcomes == {"values-seed": "passed", "narrow-uint8-int": "failed", "output-dtype": "passed"}
    failed = next(c for c in doc["checks"] if c["id"] == "narrow-uint8-int")
    assert "uint8" in failed["message"]
    assert doc["environment"]["keras"] and doc["environment"]["backend"]
    assert [p.name for p in (pytester.path / "reports").iterdir()] == ["run.json"]


def test_list_checks(run):
    result = run("--onehot-list-checks")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["values-seed * The seed post's example*", "out-of-range *"])


def test_fixtures_and_assertions_for_users(run, pytester):
    pytester.makepyfile(test_user="""
        import numpy as np
        import pytest
        from pytest_onehot import assert_one_hot, assert_embedding_equivalent

        def test_layer(onehot_layer, keras_env):
            x = np.array([[1, 2, 3, 4, 5]])
            assert_one_hot(keras_env.numpy(onehot_layer(x)), x, 100)

        def test_embedding(onehot_factory):
            x = np.array([[1, 2, 3], [4, 5, 6]])
            assert_embedding_equivalent(onehot_factory(10, 3), 10, x)

        def test_message():
            with pytest.raises(AssertionError, match="index 300 came back as class 44: input cast to uint8"):
                out = np.zeros((1, 1, 400)); out[0, 0, 44] = 1
                assert_one_hot(out, np.array([[300]]), 400)
    """)
    run(REFERENCE, "-m", "not onehot").assert_outcomes(passed=3)


def test_factory_fixture_without_layer_says_how(run, pytester):
    pytester.makepyfile(test_user="def test_it(onehot_factory):\n    pass\n")
    result = run()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*no layer to test: pass --onehot-layer=module:Factory*"])


def test_parametrize_with_checks(run, pytester):
    pytester.makepyfile(test_user="""
        from pytest_onehot import parametrize_with_checks
        from tests.layers.uint8_cast import OneHot

        @parametrize_with_checks(OneHot, expected_failures={"narrow-uint8-int": "known uint8 cast"})
        def test_onehot(check, tmp_path):
            check(tmp_path)
    """)
    run(*FAST).assert_outcomes(passed=2, xfailed=1)


def test_unused_plugin_imports_nothing_heavy(pytester):
    """Installed but not asked for: no Keras, TensorFlow, JAX, torch or NumPy in sys.modules."""
    pytester.makeconftest(
        "import sys\n"
        "def pytest_unconfigure():\n"
        "    heavy = sorted(m for m in ('keras', 'tensorflow', 'tf_keras', 'jax', 'torch', 'numpy')"
        " if m in sys.modules)\n"
        "    print('HEAVY', heavy)\n"
    )
    pytester.makepyfile(test_plain="def test_plain():\n    assert True\n")
    result = pytester.runpytest_subprocess("-s", "-p", "no:randomly")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["HEAVY []"])
    assert "onehot" in pytester.runpytest_subprocess("--help").stdout.str()


def test_package_exports_lazily():
    import importlib

    code = "import sys, pytest_onehot; print(sorted(m for m in ('numpy', 'keras') if m in sys.modules))"
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert callable(importlib.import_module("pytest_onehot").assert_one_hot)
