"""End to end, as a new user runs it: the reference passes, the seed recipe is caught."""
import pytest


def test_reference_layer_passes_the_whole_suite(run):
    result = run("--onehot-layer=pytest_onehot.reference:OneHot")
    assert result.ret == pytest.ExitCode.OK
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0 and outcomes["passed"] >= 30


def test_seed_recipe_is_caught_with_its_uint8_cast_named(run, env):
    seed = "examples.seed_keras3:OneHot" if env.keras3 else "examples.seed_keras2:OneHot"
    result = run(f"--onehot-layer={seed}")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["FAILED narrow-uint8-int: *index 300 came back*input cast to uint8?*"])
    if env.keras3:
        result.stdout.fnmatch_lines(["FAILED save-keras: *Lambda*"])
