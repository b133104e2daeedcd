"""``voorop demo`` gives a few seeded acute family systems a veiligheidsplan, with an overdue
huisverbod advice on VT's werkvoorraad."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from voorop.accounts.models import User
from voorop.safetyplan import selectors
from voorop.safetyplan.models import PlanItem, SafetyPlan

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=True)
def test_demo_plans(catalogue, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(selectors, "today", timezone.localdate)
    call_command("demo", "--no-serve", "--families", "60", stdout=StringIO())
    plans = SafetyPlan.objects.count()
    assert 1 <= plans <= 3
    huisverboden = PlanItem.objects.filter(intervention__code="tijdelijk-huisverbod")
    assert huisverboden.count() == plans
    vt = User.objects.get(username="vt.medewerker")
    block = selectors.owner_attention_items(user=vt)
    assert {v.pk for v in block.overdue} == set(huisverboden.values_list("pk", flat=True))
    call_command("demo", "--no-serve", "--families", "60", stdout=StringIO())
    assert SafetyPlan.objects.count() == plans  # made once
