"""End to end, as a new user runs it: the reference passes, the seed recipe is caught, and the
summary names each cause once."""
import pathlib
import re

import pytest

from pytest_onehot import exporters
from pytest_onehot.checks import CHECKS

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_reference_layer_passes_the_whole_suite(run):
    result = run("--onehot-layer=pytest_onehot.reference:OneHot")
    assert result.ret == pytest.ExitCode.OK
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0 and outcomes["passed"] >= 30


def test_seed_recipe_is_caught_with_one_line_per_cause(run, env):
    seed = "examples.seed_keras3:OneHot" if env.keras3 else "examples.seed_keras2:OneHot"
    result = run(f"--onehot-layer={seed}")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    out = result.stdout.str()
    # FAILURES: each check with its diagnosis, the cause first.
    result.stdout.fnmatch_lines(["int32 indices up to 399: input cast to uint8? 300 wraps to 44* (*"
                                 "index 300 came back *"])
    # The summary: each cause once, with the checks it explains, and no diagnosis repeated.
    result.stdout.fnmatch_lines(["*onehot summary*", "* distinct cause(s) of * failing check(s):",
                                 "  uint8-cast: indices cast to uint8*[[]*narrow-uint8-int*]"])
    summary = out[out.index("onehot summary"):out.index("short test summary info")]
    assert "300 wraps to 44" in out and "300 wraps to 44" not in summary  # each diagnosis once, in FAILURES
    assert summary.count("uint8-cast") == 1
    if env.keras3:
        result.stdout.fnmatch_lines(["  lambda-not-located: *[[]*config-roundtrip*]"])
    # The README and the site's front page show this summary, as the README's first command prints it
    # (Keras and backend as it says, no exporters installed); it counts every check of the catalogue.
    header, causes = readme_sample()
    counts = dict((what, int(n)) for n, what in re.findall(r"(\d+) (failed|passed|skipped)", header.group(0)))
    assert sum(counts.values()) == len(CHECKS) and f"of {counts['failed']} failing" in causes.group(0)
    if (env.version, env.backend) == header.groups()[:2] and not exporters.installed():
        assert header.group(0) in out and causes.group(0) in out


def readme_sample():
    """The seed recipe's summary lines the README shows (the front page shows the same)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    header = re.search(r"^layer examples\.seed_keras3:OneHot on keras ([\d.]+) \((\w+) backend\):.*$", readme, re.M)
    causes = re.search(r"^\d+ distinct cause\(s\) of \d+ failing check\(s\):$", readme, re.M)
    assert header and causes, "the README's sample output has moved"
    assert header.group(0) in (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    return header, causes

