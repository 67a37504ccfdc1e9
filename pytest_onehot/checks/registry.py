"""The catalogue: every check is a small function registered under a stable id."""
import dataclasses
import functools


@dataclasses.dataclass(frozen=True)
class Check:
    id: str
    func: object
    concern: str

    @property
    def purpose(self):
        """The one sentence the check guards: its docstring's first paragraph, on one line."""
        doc = (self.func.__doc__ or "").strip()
        return " ".join(line.strip() for line in doc.split("\n\n")[0].splitlines()) if doc else self.id


CHECKS = {}


def register(check_id, func, **params):
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


def check(check_id):
    """Decorator form of `register` for an unparametrized check."""
    def decorate(func):
        register(check_id, func)
        return func

    return decorate
