"""The records of a run: a check's result (`CheckResult`), its cause (`Cause`) and the report of a
run (`Report`). One shape in memory and in the JSON report: each record's `to_json()` is what the
report holds and `from_json()` reads it back, upgrading reports of older schemas (1 and 2, whose
causes are bare ids). Standard library only: the matrix reads reports without NumPy or Keras.
"""
import dataclasses
from typing import Any

SCHEMA_VERSION = 3
READABLE_SCHEMAS = (1, 2, 3)  # committed baselines of versions 1 and 2 still load

FAILING = ("failed", "error")

Json = dict[str, Any]


@dataclasses.dataclass(frozen=True)
class Cause:
    """One likely cause: a stable id (a key of diagnose.CAUSES) and this run's text for it."""

    id: str
    text: str

    def __str__(self) -> str:
        return self.text

    def to_json(self) -> Json:
        return {"id": self.id, "text": self.text}

    @classmethod
    def from_json(cls, data: Json) -> "Cause":
        return cls(data["id"], data["text"])


@dataclasses.dataclass
class CheckResult:
    """One check's verdict. `unknown` (what was raised, for a failure with no known cause), the
    check's `observations` and the `factory` that ran are the session's: the report keeps the
    last two at its top level, and none of the three per check."""

    id: str
    outcome: str = "passed"
    duration: float = 0.0
    message: str = ""
    cause: Cause | None = None
    unknown: str | None = None
    observations: Json = dataclasses.field(default_factory=dict)
    factory: str | None = None

    @property
    def failing(self) -> bool:
        return self.outcome in FAILING

    @property
    def cause_id(self) -> str | None:
        return self.cause.id if self.cause else None

    def to_json(self) -> Json:
        return {"id": self.id, "outcome": self.outcome, "duration": self.duration, "message": self.message,
                "cause": self.cause.to_json() if self.cause else None}

    @classmethod
    def from_json(cls, data: Json, summaries: dict[str, str] | None = None) -> "CheckResult":
        """A check of a report; `summaries` ({cause id: words}) give the text of a bare cause id
        (schema 2, whose report holds each cause's words once, in "causes")."""
        cause = data.get("cause")
        if isinstance(cause, str):
            cause = {"id": cause, "text": (summaries or {}).get(cause, "")}
        return cls(data["id"], data["outcome"], data.get("duration", 0.0), data.get("message", ""),
                   Cause.from_json(cause) if cause else None)


def cause_groups(checks: list[CheckResult]) -> dict[str, list[str]]:
    """{cause id: the check ids it explains}, in the order first seen; failures without a known
    cause are left out."""
    found: dict[str, list[str]] = {}
    for check in checks:
        if check.failing and check.cause:
            found.setdefault(check.cause.id, []).append(check.id)
    return found


@dataclasses.dataclass
class Report:
    """What one run reports (--onehot-report). `causes` holds each cause's general words once
    ({id: CAUSES[id]} when it was written); the checks each cause explains are the checks'.
    `names_causes` is False for a report of schema 1, whose checks name no cause at all."""

    plugin_version: str
    environment: dict[str, str | None]
    layer: str
    factory: str | None
    options: Json
    observations: Json
    causes: dict[str, str]
    checks: list[CheckResult]
    names_causes: bool = True

    def check(self, check_id: str) -> CheckResult | None:
        return next((c for c in self.checks if c.id == check_id), None)

    def to_json(self) -> Json:
        return {
            "schema_version": SCHEMA_VERSION,
            "plugin_version": self.plugin_version,
            "environment": self.environment,
            "layer": self.layer,
            "factory": self.factory,
            "options": self.options,
            "observations": self.observations,
            "causes": {cause_id: {"summary": self.causes.get(cause_id, ""), "checks": check_ids}
                       for cause_id, check_ids in cause_groups(self.checks).items()},
            "checks": [check.to_json() for check in self.checks],
        }

    @classmethod
    def from_json(cls, data: Json) -> "Report":
        """A report of any readable schema (the caller checks `schema_version`)."""
        summaries = {cause_id: cause.get("summary", "") for cause_id, cause in (data.get("causes") or {}).items()}
        return cls(data.get("plugin_version", "?"), data["environment"], data["layer"], data.get("factory"),
                   data.get("options") or {}, data.get("observations") or {}, summaries,
                   [CheckResult.from_json(check, summaries) for check in data["checks"]],
                   names_causes=data.get("schema_version", SCHEMA_VERSION) >= 2)
