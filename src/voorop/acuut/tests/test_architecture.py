"""The architecture rule of ``core/tests/test_architecture.py`` for this app's own models:
views, API modules and template tags never query episodes or their records directly, only
through ``voorop.acuut.selectors`` (which start from ``voorop.authz.policy``)."""

from __future__ import annotations

from pathlib import Path

from voorop.core.tests import test_architecture as rule

APP = Path(__file__).resolve().parents[1]
ACUUT_MODELS = frozenset(
    {
        "AcuteEpisode",
        "EpisodeParticipant",
        "EpisodeStatusChange",
        "CallLog",
        "Arrival",
        "Departure",
        "MotorkapContribution",
        "Consultation",
        "InvestigationAgreement",
        "ChildCheck",
        "InjuryRecord",
    }
)


def test_views_api_and_templatetags_read_through_selectors(monkeypatch):
    monkeypatch.setattr(rule, "PROTECTED_MODELS", rule.PROTECTED_MODELS | ACUUT_MODELS)
    checked = [p for p in APP.rglob("*.py") if rule.is_checked_module(p.relative_to(APP.parent))]
    assert {p.name for p in checked} >= {"views.py", "voorop_acuut.py", "serializers.py"}
    violations = []
    for path in checked:
        violations += rule.find_violations(path.read_text(encoding="utf-8"), str(path))
    assert not violations, "\n".join(map(str, violations))


def test_the_checker_sees_these_models(monkeypatch):
    monkeypatch.setattr(rule, "PROTECTED_MODELS", rule.PROTECTED_MODELS | ACUUT_MODELS)
    source = "from voorop.acuut.models import CallLog\nCallLog.objects.filter(pk=1)\n"
    assert [v.model for v in rule.find_violations(source)] == ["CallLog"]
