"""Running checks: one runner for the plugin's items and for `parametrize_with_checks`."""
import pytest

from pytest_onehot.settings import OUT_OF_RANGE_POLICIES, CheckOptions
from pytest_onehot.spec import PROBE_DEPTH, PROBE_LENGTH, FactoryError, as_factory


def env_for(factory):
    """The KerasEnv the factory's layers belong to, found once per factory."""
    env = factory.keras_env
    if env is None:
        from pytest_onehot.assertions import CheckFailure
        from pytest_onehot.keras_compat import KerasEnv, NotAKerasLayer

        try:
            env = KerasEnv.for_layer(factory.make(PROBE_DEPTH, PROBE_LENGTH))
        except (FactoryError, NotAKerasLayer) as exc:
            raise CheckFailure(f"cannot build a layer to test: {exc}") from None
        factory.keras_env = env
    return env


def run_check(check, factory, tmp_path, options=None, record=None):
    """Run one check on fresh layers from `factory`, from a clean Keras state.

    Raises CheckFailure when the layer is wrong, pytest's Skipped where the check cannot apply.
    """
    from pytest_onehot.checks.context import CheckContext

    factory = as_factory(factory)
    env = env_for(factory)
    with env.clean_state():
        check.func(CheckContext(factory, env, tmp_path, options or CheckOptions(), record))


class BoundCheck:
    """One check bound to a factory: call it with a temporary directory to run it."""

    def __init__(self, check, factory, options):
        self.check, self.factory, self.options = check, factory, options
        self.id, self.purpose = check.id, check.purpose

    def __call__(self, tmp_path):
        __tracebackhide__ = True
        run_check(self.check, self.factory, tmp_path, self.options)

    def __repr__(self):
        return f"<onehot check {self.id}>"


def parametrize_with_checks(factory, expected_failures=None, out_of_range="any", torch_compile=False):
    """Run the whole catalogue from a user's own test file, one test per check:

        @parametrize_with_checks(OneHot, expected_failures={"save-h5": "h5py not installed"})
        def test_onehot(check, tmp_path):
            check(tmp_path)

    `expected_failures` maps check ids to reasons; they become strict xfails.
    """
    from pytest_onehot.checks import CHECKS

    expected = dict(expected_failures or {})
    unknown = sorted(set(expected) - set(CHECKS))
    if unknown:
        raise ValueError(f"unknown check ids {unknown}; see `pytest --onehot-list-checks`")
    if out_of_range not in OUT_OF_RANGE_POLICIES:
        raise ValueError(f"out_of_range={out_of_range!r}: use one of {', '.join(OUT_OF_RANGE_POLICIES)}")
    factory = as_factory(factory)
    options = CheckOptions(out_of_range, torch_compile)
    params = []
    for check in CHECKS.values():
        marks = [pytest.mark.onehot]
        if check.id in expected:
            marks.append(pytest.mark.xfail(reason=expected[check.id], strict=True))
        params.append(pytest.param(BoundCheck(check, factory, options), id=check.id, marks=marks))
    return pytest.mark.parametrize("check", params)
