"""The README matches the code: every check, cause and option is documented."""
import pathlib

import pytest

from pytest_onehot.checks import CHECKS
from pytest_onehot.diagnose import CAUSES
from pytest_onehot.settings import SETTINGS

README = (pathlib.Path(__file__).parent.parent / "README.md").read_text()


@pytest.mark.parametrize("check_id", list(CHECKS))
def test_every_check_is_in_the_catalogue(check_id):
    assert f"| `{check_id}` | {CHECKS[check_id].purpose} |" in README


@pytest.mark.parametrize("flag", [s.flag for s in SETTINGS] + ["--onehot-list-checks"])
def test_every_option_is_documented(flag):
    assert f"`{flag}" in README


def test_readme_commands_are_what_ci_runs():
    ci = (pathlib.Path(__file__).parent.parent / ".ci" / "run").read_text()
    command = "pip install tox tox-uv && tox -m ci"
    assert command in README and command in ci


@pytest.mark.parametrize("cause_id", list(CAUSES))
def test_every_cause_is_in_the_causes_table(cause_id):
    assert f"| `{cause_id}` | {CAUSES[cause_id]} |" in README
