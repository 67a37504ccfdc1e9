"""Running checks: one runner for the plugin's items and for `parametrize_with_checks`."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

import pytest

from pytest_onehot.settings import OUT_OF_RANGE_POLICIES, CheckOptions
from pytest_onehot.spec import PROBE_DEPTH, PROBE_LENGTH, Factory, FactoryError, as_factory

if TYPE_CHECKING:
    import pathlib

    from pytest_onehot.checks.registry import Check
    from pytest_onehot.expectations import Expectation
    from pytest_onehot.keras_compat import KerasEnv


def env_for(factory: Factory) -> KerasEnv:
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


def run_check(check: Check, factory: Factory | Callable[..., Any], tmp_path: pathlib.Path,
              options: CheckOptions | None = None, record: Callable[[str, Any], None] | None = None) -> None:
    """Run one check on fresh layers from `factory`, from a clean Keras state.

    Raises CheckFailure when the layer is wrong, pytest's Skipped where the check cannot apply.
    """
    from pytest_onehot import memory
    from pytest_onehot.assertions import CheckFailure
    from pytest_onehot.checks.context import CheckContext, note_keras_facts

    factory = as_factory(factory)
    env = env_for(factory)
    with env.clean_state(factory.pristine):
        ctx = CheckContext(factory, env, tmp_path, options or CheckOptions(), record)
        try:
            # A layer can raise where no step expected it: still one line, never a traceback.
            with ctx.step(f"the check {check.id}"):
                check.func(ctx)
        except CheckFailure as failure:
            # A failure with no cause of its own (a model that cannot be built, say) is often the
            # layer's known one: say so, so that the summary counts causes, not failures.
            explained = ctx.explained(failure)
            note_keras_facts(ctx, explained)
            raise explained from failure.__cause__
        finally:
            if memory.table_seen(factory):
                memory.release(env)


class BoundCheck:
    """One check bound to a factory: call it with a temporary directory to run it.

    Expected failures with conditions are decided here, when the check runs and the Keras is
    known, so that collecting a user's test file imports no Keras.
    """

    def __init__(self, check: Check, factory: Factory, options: CheckOptions,
                 conditional: Sequence[Expectation] = ()) -> None:
        self.check, self.factory, self.options = check, factory, options
        self.id, self.purpose = check.id, check.purpose
        self.conditional = conditional

    def __call__(self, tmp_path: pathlib.Path) -> None:
        __tracebackhide__ = True
        from pytest_onehot.assertions import CheckFailure
        from pytest_onehot.expectations import reason_for

        env = env_for(as_factory(self.factory))
        reason = reason_for(self.conditional, self.id, env.backend, env.version)
        try:
            run_check(self.check, self.factory, tmp_path, self.options)
        except CheckFailure as failure:
            if reason is not None:
                pytest.xfail(reason)
            # As the plugin's own items say it: the check's purpose and its one-line diagnosis.
            pytest.fail(f"{self.id}: {self.purpose}\n{failure}", pytrace=False)
        if reason is not None:
            pytest.fail(f"[XPASS(strict)] {reason}", pytrace=False)

    def __repr__(self) -> str:
        return f"<onehot check {self.id}>"


def parametrize_with_checks(factory: Factory | Callable[..., Any], expected_failures: Mapping[str, str] | None = None,
                            out_of_range: str = "any", torch_compile: bool = False) -> pytest.MarkDecorator:
    """Run the whole catalogue from a user's own test file, one test per check:

        @parametrize_with_checks(OneHot, expected_failures={"save-h5@keras<3": "h5py not installed"})
        def test_onehot(check, tmp_path):
            check(tmp_path)

    `expected_failures` maps check ids, with optional conditions (`jit-compile@torch`,
    `clone-model@keras>=3.15`), to reasons; they are strict xfails where the conditions hold.
    """
    from pytest_onehot.checks import CHECKS
    from pytest_onehot.expectations import ExpectationError, parse_one

    try:
        expected = [parse_one(spec, reason, CHECKS, "expected_failures")
                    for spec, reason in dict(expected_failures or {}).items()]
    except ExpectationError as exc:
        raise ValueError(str(exc)) from None
    if out_of_range not in OUT_OF_RANGE_POLICIES:
        raise ValueError(f"out_of_range={out_of_range!r}: use one of {', '.join(OUT_OF_RANGE_POLICIES)}")
    factory = as_factory(factory)
    options = CheckOptions(out_of_range, torch_compile)
    params = []
    for check in CHECKS.values():
        # Not `onehot`: `-m onehot` selects the plugin's own catalogue, which would run twice.
        marks = [pytest.mark.onehot_checks]
        always = [e for e in expected if e.check_id == check.id and not e.conditional]
        if always:
            marks.append(pytest.mark.xfail(reason=always[0].reason, strict=True))
        conditional = [e for e in expected if e.check_id == check.id and e.conditional]
        params.append(pytest.param(BoundCheck(check, factory, options, conditional), id=check.id, marks=marks))
    return pytest.mark.parametrize("check", params)
