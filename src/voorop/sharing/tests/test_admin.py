"""Functioneel beheer maintains legal bases and sharing rules in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voorop.core.testing import factories as f
from voorop.sharing.models import LegalBasis, SharingRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, sharing_rules):
    client.force_login(f.UserFactory(organisation=None, is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["legalbasis", "sharingrule"])
def test_changelist_and_add_form(admin_client, model):
    changelist = admin_client.get(reverse(f"admin:sharing_{model}_changelist"))
    assert changelist.status_code == 200
    assert admin_client.get(reverse(f"admin:sharing_{model}_add")).status_code == 200


def test_changelist_filters_and_shows_the_table(admin_client):
    body = admin_client.get(
        reverse("admin:sharing_sharingrule_changelist"), {"from_kind__exact": "POLITIE"}
    ).content.decode()
    assert "art. 18 Wpg" in body and "art. 16 Wpg" in body
    assert "Samen op in acuut" in body  # vital interest: one moment only
    assert "alle" in body


def test_adding_a_rule_through_the_admin(admin_client):
    basis = LegalBasis.objects.create(
        code="test-basis", short_label="art. 1 Test", citation="art. 1 Testwet"
    )
    response = admin_client.post(
        reverse("admin:sharing_sharingrule_add"),
        {
            "from_kind": "VT",
            "to_kind": "POLITIE",
            "legal_basis": basis.pk,
            "moments": ["ACTIEOVERLEG"],
            "field_groups": ["KERN", "PERSONEN"],
            "active": "on",
        },
    )
    assert response.status_code == 302
    rule = SharingRule.objects.get(legal_basis=basis)
    assert rule.moments == ["ACTIEOVERLEG"]
    assert rule.field_groups == ["KERN", "PERSONEN"]


def test_a_rule_without_kern_is_refused(admin_client):
    basis = LegalBasis.objects.create(
        code="test-basis", short_label="art. 1 Test", citation="art. 1 Testwet"
    )
    response = admin_client.post(
        reverse("admin:sharing_sharingrule_add"),
        {
            "from_kind": "VT",
            "to_kind": "POLITIE",
            "legal_basis": basis.pk,
            "field_groups": ["PERSONEN"],
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "De kerngegevens horen altijd bij een gedeelde melding." in response.content.decode()
    assert not SharingRule.objects.filter(legal_basis=basis).exists()
