"""The catalogue: every check is a small function registered under a stable id."""
from __future__ import annotations

import dataclasses
import functools
from typing import Any, Callable, TypeVar

CheckFunc = TypeVar("CheckFunc", bound=Callable[..., Any])


@dataclasses.dataclass(frozen=True)
class Check:
    id: str
    func: Callable[..., Any]  # called as func(ctx), ctx a checks.context.CheckContext
    concern: str

    @property
    def purpose(self) -> str:
        """The one sentence the check guards: its docstring's first paragraph, on one line."""
        doc = (self.func.__doc__ or "").strip()
        return " ".join(line.strip() for line in doc.split("\n\n")[0].splitlines()) if doc else self.id


CHECKS: dict[str, Check] = {}


def register(check_id: str, func: Callable[..., Any], **params: Any) -> Callable[..., Any]:
    """Add `func` (called as func(ctx, **params)) to the catalogue under `check_id`."""
    if check_id in CHECKS:
        raise ValueError(f"duplicate check id {check_id!r}")
    if params:
        bound = functools.partial(func, **params)
        doc = (func.__doc__ or "").format(**params)
        func = functools.update_wrapper(bound, func)
        func.__doc__ = doc
    concern = func.__module__.rsplit(".", 1)[-1]
    CHECKS[check_id] = Check(check_id, func, concern)
    return func


def check(check_id: str) -> Callable[[CheckFunc], CheckFunc]:
    """Decorator form of `register` for an unparametrized check."""
    def decorate(func: CheckFunc) -> CheckFunc:
        register(check_id, func)
        return func

    return decorate
