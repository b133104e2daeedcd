"""The architecture rule of ``core/tests/test_architecture.py`` for this app's own models:
views, API modules and template tags never query HSSK cases or their records directly, only
through ``voorop.hssk.selectors`` (which start from ``voorop.authz.policy``) — and the
initiator's identification is not read by them at all."""

from __future__ import annotations

import ast
from pathlib import Path

from voorop.core.tests import test_architecture as rule

APP = Path(__file__).resolve().parents[1]
HSSK_MODELS = frozenset(
    {
        "HsskCase",
        "HsskIdentification",
        "HsskParticipant",
        "HsskStatusChange",
        "HsskView",
        "HsskAct",
        "HsskPlanConfirmation",
        "HsskEvaluation",
    }
)


def test_views_api_and_templatetags_read_through_selectors(monkeypatch):
    monkeypatch.setattr(rule, "PROTECTED_MODELS", rule.PROTECTED_MODELS | HSSK_MODELS)
    checked = [p for p in APP.rglob("*.py") if rule.is_checked_module(p.relative_to(APP.parent))]
    assert {p.name for p in checked} >= {"views.py", "voorop_hssk.py", "serializers.py"}
    violations = []
    for path in checked:
        violations += rule.find_violations(path.read_text(encoding="utf-8"), str(path))
    assert not violations, "\n".join(map(str, violations))


def test_only_services_and_selectors_touch_the_identification():
    """``HsskIdentification`` (who the anonymous case is about) is named only in the models,
    the services and the selectors of this app — nowhere else in voorop. (The authorization
    matrix, test code, counts its rows to prove that a refused write stored nothing.)"""
    src = APP.parent
    allowed = {APP / "models.py", APP / "services.py", APP / "selectors.py"}
    allowed.add(src / "core" / "testing" / "matrix_hssk.py")
    offenders = []
    for path in src.rglob("*.py"):
        if path in allowed or "migrations" in path.parts or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(
            isinstance(node, ast.Name | ast.Attribute)
            and (getattr(node, "id", None) or getattr(node, "attr", None)) == "HsskIdentification"
            for node in ast.walk(tree)
        ):
            offenders.append(str(path.relative_to(src)))
    assert offenders == []
