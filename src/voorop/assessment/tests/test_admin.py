"""Functioneel beheer maintains the risk instruments in the admin: an invalid definition is
never in use, a version with results is frozen, a new version is a copy."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from voorop.assessment.models import RiskInstrument
from voorop.assessment.tests.conftest import QUICKSCAN
from voorop.core.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, instruments):
    client.force_login(f.UserFactory(organisation=None, is_staff=True, is_superuser=True))
    return client


def management(prefix: str, total: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_changelist_add_and_change_pages(admin_client, instruments):
    body = admin_client.get(reverse("admin:assessment_riskinstrument_changelist")).content.decode()
    assert "Quickscan acute onveiligheid (voorbeeld)" in body and "0–21" in body
    assert admin_client.get(reverse("admin:assessment_riskinstrument_add")).status_code == 200
    change = reverse("admin:assessment_riskinstrument_change", args=[instruments[QUICKSCAN].pk])
    assert admin_client.get(change).status_code == 200


def test_an_invalid_definition_is_saved_but_not_in_use(admin_client):
    response = admin_client.post(
        reverse("admin:assessment_riskinstrument_add"),
        {
            "code": "nieuw-instrument",
            "version": "1",
            "name": "Nieuw instrument",
            "description": "",
            "target": "OVERIG",
            "organisation_kinds": ["VT"],
            "is_example": "on",
            "active": "on",
            **management("items"),
            **management("thresholds"),
        },
        follow=True,
    )
    body = html.unescape(response.content.decode())
    assert "De definitie is opgeslagen maar niet in gebruik" in body
    assert "Het instrument heeft geen vragen." in body
    assert RiskInstrument.objects.get(code="nieuw-instrument").active is False


def test_one_active_version_per_code(admin_client, instruments):
    response = admin_client.post(
        reverse("admin:assessment_riskinstrument_add"),
        {
            "code": QUICKSCAN,
            "version": "2",
            "name": "Quickscan 2",
            "target": "ACUTE_ONVEILIGHEID",
            "organisation_kinds": ["VT"],
            "active": "on",
            **management("items"),
            **management("thresholds"),
        },
    )
    assert "Er is al een versie van dit instrument in gebruik" in html.unescape(
        response.content.decode()
    )


def test_a_version_with_results_is_frozen_and_new_versions_are_copies(admin_client, make, world):
    make.result()
    quickscan = world.instruments[QUICKSCAN]
    change = reverse("admin:assessment_riskinstrument_change", args=[quickscan.pk])
    body = admin_client.get(change).content.decode()
    assert 'name="items-0-text"' not in body  # questions read-only
    delete = reverse("admin:assessment_riskinstrument_delete", args=[quickscan.pk])
    assert admin_client.get(delete).status_code == 403
    admin_client.post(
        reverse("admin:assessment_riskinstrument_changelist"),
        {"action": "new_version", "_selected_action": [quickscan.pk]},
    )
    copy = RiskInstrument.objects.get(code=QUICKSCAN, version=2)
    assert copy.active is False
    assert copy.items.count() == quickscan.items.count()
    assert copy.thresholds.count() == quickscan.thresholds.count()
    body = admin_client.get(
        reverse("admin:assessment_riskinstrument_change", args=[copy.pk])
    ).content.decode()
    assert 'name="items-0-text"' in body  # the copy can be changed
