"""Reads of the sharing configuration and of the register."""

from __future__ import annotations

import pytest
from django.http import Http404

from voorop.core.testing import factories as f
from voorop.sharing import selectors, services
from voorop.sharing.models import CoordinationMoment, SharingRule
from voorop.sharing.tests.conftest import VITAL, WPG_16, WPG_18

pytestmark = pytest.mark.django_db


def codes(bases) -> set[str]:
    return {b.code for b in bases}


def test_bases_follow_the_rules_for_recipient_and_moment(world):
    police = world.users["POLITIE"]
    assert codes(
        selectors.legal_bases_for(
            user=police, to_organisation=world.orgs["VT"], moment="SAMEN_OP_IN_ACUUT"
        )
    ) == {WPG_18, VITAL}
    assert codes(
        selectors.legal_bases_for(user=police, to_organisation=world.orgs["VT"], moment="ZSM")
    ) == {WPG_18}
    assert codes(
        selectors.legal_bases_for(user=police, to_organisation=world.orgs["OM"], moment="ZSM")
    ) == {WPG_16}


def test_no_bases_for_own_organisation_unknown_moment_or_outsiders(world):
    police = world.users["POLITIE"]
    assert (
        selectors.legal_bases_for(user=police, to_organisation=world.orgs["POLITIE"], moment="ZSM")
        == []
    )
    assert selectors.legal_bases_for(user=police, to_organisation=world.orgs["VT"], moment="") == []
    assert selectors.legal_bases_for(user=police, to_organisation=None, moment="ZSM") == []
    operator = f.UserFactory(organisation=None)
    assert (
        selectors.legal_bases_for(user=operator, to_organisation=world.orgs["VT"], moment="ZSM")
        == []
    )


def test_inactive_rules_and_bases_are_not_offered(world):
    police = world.users["POLITIE"]
    SharingRule.objects.filter(legal_basis__code=WPG_18, to_kind="VT").update(active=False)
    assert codes(
        selectors.legal_bases_for(
            user=police, to_organisation=world.orgs["VT"], moment="SAMEN_OP_IN_ACUUT"
        )
    ) == {VITAL}
    vital = world.bases[VITAL]
    vital.active = False
    vital.save(update_fields=["active"])
    assert (
        selectors.legal_bases_for(
            user=police, to_organisation=world.orgs["VT"], moment="SAMEN_OP_IN_ACUUT"
        )
        == []
    )


def test_recipients_are_the_other_partners(world):
    f.OrganisationFactory(code="ziekenhuis", kind="ZIEKENHUIS")
    recipients = selectors.recipient_organisations(user=world.users["POLITIE"])
    assert {o.kind for o in recipients} == {"VT", "OM", "RECLASSERING", "RVDK"}


def test_shareable_meldingen_are_own_ones_of_the_family(world):
    police = world.users["POLITIE"]
    assert set(selectors.shareable_meldingen(user=police, family_system=world.family)) == {
        world.incident,
        world.aangifte,
    }


def test_register_lists_by_direction(world, share):
    made = share(groups=["PERSONEN"])
    received = services.disclosure_create(
        user=world.users["VT"],
        family_system=world.family,
        to_organisation=world.orgs["POLITIE"],
        legal_basis=world.bases["vt-avg-6-1-e-wmo-4-1-1"],
        moment=CoordinationMoment.ACTIEOVERLEG,
        necessity="Voor het actieoverleg van donderdag.",
        items=[(world.vt_melding, ["TOELICHTING"])],
    )
    police = world.users["POLITIE"]
    assert list(selectors.family_disclosures_made(user=police, family_system=world.family)) == [
        made
    ]
    assert list(selectors.family_disclosures_received(user=police, family_system=world.family)) == [
        received
    ]
    views = selectors.disclosure_views(police, selectors.disclosure_list(user=police))
    assert {(v.disclosure.pk, v.direction) for v in views} == {
        (made.pk, "gemaakt"),
        (received.pk, "ontvangen"),
    }
    assert selectors.disclosure_list(user=world.users["OM"]).count() == 0


def test_recipient_of_a_withdrawn_disclosure_sees_no_items_and_no_reason(world, share):
    disclosure = share(groups=["PERSONEN"])
    services.disclosure_withdraw(
        user=world.users["POLITIE"], disclosure=disclosure, reason="Intern: verkeerd dossier."
    )
    vt_view = selectors.disclosure_get(user=world.users["VT"], pk=disclosure.pk)
    assert vt_view.received and vt_view.items == [] and vt_view.withdrawal_reason is None
    police_view = selectors.disclosure_get(user=world.users["POLITIE"], pk=disclosure.pk)
    assert police_view.made
    assert police_view.withdrawal_reason == "Intern: verkeerd dossier."
    assert [i.melding_id for i in police_view.items] == [world.incident.pk]


@pytest.mark.parametrize("kind", ["OM", "RECLASSERING", "RVDK"])
def test_others_cannot_get_a_disclosure(world, share, kind):
    disclosure = share()
    with pytest.raises(Http404):
        selectors.disclosure_get(user=world.users[kind], pk=disclosure.pk)


def test_melding_disclosures_only_for_own_meldingen(world, share):
    first = share(groups=["PERSONEN"])
    second = share(to="RVDK", groups=["LOCATIE"])
    shared = selectors.melding_disclosures(user=world.users["POLITIE"], melding=world.incident)
    assert [s.disclosure for s in shared] == [second, first]
    assert shared[0].field_group_labels == [
        "Kerngegevens: soort, tijdstip, labels, acuut",
        "Locatie",
    ]
    assert selectors.melding_disclosures(user=world.users["VT"], melding=world.incident) == []
