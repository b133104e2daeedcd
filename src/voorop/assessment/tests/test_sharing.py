"""Sharing an assessment's outcome and veiligheidsvoorwaarden through the disclosure register:
partners see the summary only while a disclosure to them is active, never the rationales; the
register (pages and API) lists the shared assessment; withdrawal ends it."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from voorop.assessment import services
from voorop.assessment.tests.conftest import (
    CONDITION,
    FINDINGS,
    NECESSITY,
    OUTCOME_RATIONALE,
    RATIONALE,
    VT_BASIS,
)
from voorop.audit.models import AccessAction, AccessLogEntry
from voorop.authz.policy import DISCLOSURE_PURPOSE
from voorop.sharing import services as sharing_services
from voorop.sharing.models import CoordinationMoment, Disclosure
from voorop.sharing.services import ErrorCode as SharingError

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def detail_url(b) -> str:
    return reverse("assessment:detail", args=[b.family_system_id, b.pk])


def test_sharing_creates_a_disclosure_in_the_register(world, make):
    b = make.completed()
    link = make.share(b, to="OM")
    d = link.disclosure
    assert (d.from_organisation, d.to_organisation, d.moment) == (
        world.orgs["VT"],
        world.orgs["OM"],
        CoordinationMoment.ZSM,
    )
    assert d.legal_basis.code == VT_BASIS and d.necessity == NECESSITY
    assert d.reference.startswith("VS-") and not d.items.exists()
    entry = AccessLogEntry.objects.filter(action=AccessAction.DISCLOSE).latest("seq")
    assert (entry.object_type, entry.object_id) == ("verstrekking", str(d.pk))
    assert entry.person_ids == str(world.persons["father"].pk)  # the condition names him


def test_a_draft_is_not_shared(make):
    b = make.draft()
    with pytest.raises(ValidationError) as exc:
        make.share(b)
    assert "Een concept wordt niet gedeeld" in exc.value.messages[0]
    assert not Disclosure.objects.exists()


def test_the_sharing_rules_apply(world, make):
    b = make.part_a_done()
    with pytest.raises(ValidationError) as exc:
        services.beoordeling_share(
            user=make.vt,
            beoordeling=b,
            to_organisation=world.orgs["POLITIE"],
            legal_basis=world.bases["avg-6-1-d-vitaal-belang"],
            moment=CoordinationMoment.ZSM,
            necessity=NECESSITY,
        )
    assert exc.value.error_dict["legal_basis"][0].code == SharingError.MOMENT_NOT_ALLOWED
    with pytest.raises(ValidationError) as exc:
        services.beoordeling_share(
            user=make.vt,
            beoordeling=b,
            to_organisation=world.orgs["VT"],
            legal_basis=world.bases[VT_BASIS],
            moment=CoordinationMoment.ZSM,
            necessity="kort",
        )
    assert {"to_organisation", "necessity"} <= set(exc.value.error_dict)


def test_partner_sees_the_summary_only_while_disclosed(client, world, make):
    b = make.completed()
    officer = world.users["OM"]  # not involved in the family at all
    client.force_login(officer)
    assert client.get(detail_url(b)).status_code == 404

    link = make.share(b, to="OM")
    response = client.get(detail_url(b))
    body = text(response)
    assert response.status_code == 200
    assert "Gedeeld door Veilig Thuis Testregio" in body and "grondslag art. 4.1.1 Wmo 2015" in body
    assert "Onveilig: structureel" in body and CONDITION in body and "Mark de Vries-Bakker" in body
    for secret in (RATIONALE, FINDINGS, OUTCOME_RATIONALE, "Checklist", "Risicofactoren"):
        assert secret not in body
    entry = AccessLogEntry.objects.filter(username=officer.username).latest("seq")
    assert (entry.action, entry.object_type, entry.purpose) == (
        AccessAction.VIEW,
        "veiligheidsbeoordeling",
        DISCLOSURE_PURPOSE,
    )
    # The family page shows the card with the shared summary.
    family_page = text(client.get(reverse("persons:family_detail", args=[b.family_system_id])))
    assert b.reference in family_page and CONDITION in family_page

    sharing_services.disclosure_withdraw(
        user=make.vt, disclosure=link.disclosure, reason="Zaak is overgedragen."
    )
    assert client.get(detail_url(b)).status_code == 404


def test_the_summary_follows_the_conditions_live(client, world, make):
    b = make.part_a_done()
    make.share(b, to="POLITIE")
    make.condition(b, text="Vader meldt zich dagelijks bij de wijkagent")
    client.force_login(world.users["POLITIE"])
    assert "Vader meldt zich dagelijks bij de wijkagent" in text(client.get(detail_url(b)))


def test_the_register_lists_the_shared_assessment(client, world, make):
    b = make.part_a_done()
    link = make.share(b, to="POLITIE")
    register = reverse("sharing:register", args=[b.family_system_id])
    client.force_login(world.users["VT"])
    body = text(client.get(register))
    assert f"Veiligheidsbeoordeling {b.reference}" in body and "veiligheidsvoorwaarden" in body
    client.force_login(world.users["POLITIE"])
    body = text(client.get(register))
    assert f"Veiligheidsbeoordeling {b.reference}" in body
    assert "De verstrekking is ingetrokken" not in body
    sharing_services.disclosure_withdraw(
        user=make.vt, disclosure=link.disclosure, reason="Niet meer nodig."
    )
    body = text(client.get(register))
    assert f"Veiligheidsbeoordeling {b.reference}" not in body
    assert "De verstrekking is ingetrokken; de gedeelde gegevens zijn niet meer zichtbaar." in body


def test_the_register_api_names_the_shared_assessment(api_client, world, make):
    b = make.part_a_done()
    link = make.share(b, to="POLITIE")
    api_client.force_authenticate(user=world.users["POLITIE"])
    data = api_client.get(f"/api/v1/verstrekkingen/{link.disclosure.pk}/").json()
    assert data["items"] == []
    assert data["andere_gegevens"] == [
        {
            "soort": "veiligheidsbeoordeling",
            "id": b.pk,
            "omschrijving": f"Veiligheidsbeoordeling {b.reference}",
            "gedeeld": data["andere_gegevens"][0]["gedeeld"],
        }
    ]
    assert "veiligheidsvoorwaarden" in data["andere_gegevens"][0]["gedeeld"]


def test_the_share_page(client, world, make):
    b = make.part_a_done()
    client.force_login(world.users["VT"])
    share = reverse("assessment:share", args=[b.family_system_id, b.pk])
    body = text(client.get(share))
    assert "art. 4.1.1 Wmo 2015" in body and 'value="ZSM" selected' in body
    response = client.post(
        share,
        {
            "ontvanger": world.orgs["RVDK"].pk,
            "doel": "ZSM",
            "grondslag": VT_BASIS,
            "noodzaak": "De Raad beoordeelt een kinderbeschermingsmaatregel.",
        },
    )
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.to_organisation == world.orgs["RVDK"]
    response = client.post(
        share,
        {
            "ontvanger": world.orgs["POLITIE"].pk,
            "doel": "ZSM",
            "grondslag": "avg-6-1-d-vitaal-belang",
            "noodzaak": NECESSITY,
        },
    )
    assert "geldt niet voor het doel" in text(response)


def test_emergency_access_shows_the_summary(client, world, make):
    from datetime import timedelta

    from django.utils import timezone

    from voorop.authz.models import EmergencyAccess

    b = make.completed()
    officer = world.users["RECLASSERING"]
    EmergencyAccess.objects.create(
        user=officer,
        organisation=officer.organisation,
        family_system=world.family,
        reason="Dreiging met wapen, reclassering moet nu weten of er voorwaarden zijn.",
        granted_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=4),
    )
    client.force_login(officer)
    body = text(client.get(detail_url(b)))
    assert "Ingezien met noodtoegang" in body and CONDITION in body
    assert OUTCOME_RATIONALE not in body
