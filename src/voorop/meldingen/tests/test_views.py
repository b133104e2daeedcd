"""Melding pages: own records only, forbidden for every other organisation, logged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voorop.audit.models import AccessLogEntry
from voorop.core.testing import factories as f

PARTNER_KINDS = ["VT", "POLITIE", "OM", "RECLASSERING", "RVDK"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    return {
        kind: f.OrganisationFactory(code=f"{kind.lower()}-m", kind=kind, name=f"{kind} regio")
        for kind in PARTNER_KINDS
    }


@pytest.fixture
def melding(orgs):
    m = f.MeldingFactory(
        source_organisation=orgs["POLITIE"], narrative="Inhoud die alleen politie ziet"
    )
    f.InvolvementFactory(family_system=m.family_system, organisation=orgs["POLITIE"])
    f.InvolvementFactory(family_system=m.family_system, organisation=orgs["VT"])
    f.MeldingPersonFactory(melding=m, surname="Jansen", given_names="Piet")
    return m


@pytest.mark.parametrize("kind", PARTNER_KINDS)
def test_melding_detail_only_for_recording_organisation(client, orgs, melding, kind):
    client.force_login(f.UserFactory(organisation=orgs[kind]))
    response = client.get(reverse("meldingen:melding_detail", args=[melding.pk]))
    if kind == "POLITIE":
        assert response.status_code == 200
        assert "Inhoud die alleen politie ziet" in response.text
        assert "Piet" in response.text
    else:
        # VT is involved in the family, but the police's content is not shared with it
        assert response.status_code == 404
        assert "Inhoud die alleen politie ziet" not in response.text


@pytest.mark.parametrize("kind", PARTNER_KINDS)
def test_melding_list_only_own(client, orgs, melding, kind):
    client.force_login(f.UserFactory(organisation=orgs[kind]))
    body = client.get(reverse("meldingen:melding_list")).text
    assert (melding.reference in body) == (kind == "POLITIE")


def test_melding_list_filters(client, orgs, melding):
    acute = f.MeldingFactory(source_organisation=orgs["POLITIE"], is_acute=True, kind="AANGIFTE")
    client.force_login(f.UserFactory(organisation=orgs["POLITIE"]))
    body = client.get(reverse("meldingen:melding_list"), {"acuut": "on"}).text
    assert acute.reference in body and melding.reference not in body
    body = client.get(reverse("meldingen:melding_list"), {"soort": "VT_MELDING"}).text
    assert melding.reference in body and acute.reference not in body


def test_melding_view_logged(client, orgs, melding):
    client.force_login(f.UserFactory(organisation=orgs["POLITIE"]))
    client.get(reverse("meldingen:melding_detail", args=[melding.pk]))
    entry = AccessLogEntry.objects.get(object_type="melding", action="VIEW")
    assert entry.object_id == str(melding.pk)
    assert "Jansen" not in entry.person_ids
