"""The authorization policy: visibility of family systems and meldingen, and redaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from voorop.accounts.models import RoleCode
from voorop.authz import policy
from voorop.authz.models import EmergencyAccess
from voorop.core.testing import factories as f
from voorop.sharing.models import CoordinationMoment, Disclosure, DisclosureItem, SharingRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisations, user_for):
    """A family recorded by the police (with a VT melding too), and users of every partner."""
    pol, vt = organisations["POLITIE"], organisations["VT"]
    family = f.FamilySystemFactory(recorded_by=pol)
    person = f.PersonFactory(recorded_by=pol)
    f.FamilyMembershipFactory(family_system=family, person=person)
    incident = f.MeldingFactory(
        source_organisation=pol,
        family_system=family,
        kind="POLITIE_INCIDENT",
        narrative="verhaal van de politie",
        location="Dorpsstraat 1",
    )
    f.MeldingPersonFactory(melding=incident, person=person)
    vt_melding = f.MeldingFactory(
        source_organisation=vt,
        family_system=family,
        medical_details="letsel aan de arm",
    )
    f.InvolvementFactory(family_system=family, organisation=pol)
    f.InvolvementFactory(family_system=family, organisation=vt)
    users = {kind: user_for(kind) for kind in organisations}
    return {
        "family": family,
        "person": person,
        "incident": incident,
        "vt_melding": vt_melding,
        "users": users,
        "orgs": organisations,
    }


def share(world, to_kind, groups, moment=CoordinationMoment.SAMEN_OP_IN_ACUUT):
    pol = world["orgs"]["POLITIE"]
    to = world["orgs"][to_kind]
    rule = SharingRule.objects.get(
        from_kind="POLITIE", to_kind=to_kind, legal_basis__code="politie-wpg-18-bpg-4-2"
    )
    disclosure = Disclosure.objects.create(
        reference=f"VS-T-{to_kind}",
        family_system=world["family"],
        from_organisation=pol,
        to_organisation=to,
        rule=rule,
        legal_basis=rule.legal_basis,
        moment=moment,
        necessity="Nodig voor de veiligheidsbeoordeling.",
        shared_by=world["users"]["POLITIE"],
        shared_at=timezone.now(),
    )
    DisclosureItem.objects.create(
        disclosure=disclosure, melding=world["incident"], field_groups=groups
    )
    return disclosure


def visible_families(user):
    return set(policy.family_systems_for(user).values_list("pk", flat=True))


def visible_meldingen(user):
    return set(policy.meldingen_for(user).values_list("pk", flat=True))


def test_involved_organisations_see_the_family(world):
    fam = world["family"].pk
    assert {k for k, u in world["users"].items() if fam in visible_families(u)} == {
        "POLITIE",
        "VT",
    }


def test_each_organisation_sees_only_its_own_records_without_sharing(world):
    users = world["users"]
    assert visible_meldingen(users["POLITIE"]) == {world["incident"].pk}
    assert visible_meldingen(users["VT"]) == {world["vt_melding"].pk}
    for kind in ("OM", "RECLASSERING", "RVDK"):
        assert visible_meldingen(users[kind]) == set()


def test_a_disclosure_makes_family_and_shared_records_visible(world):
    share(world, "RVDK", ["KERN", "PERSONEN"])
    rvdk = world["users"]["RVDK"]
    assert world["family"].pk in visible_families(rvdk)
    assert visible_meldingen(rvdk) == {world["incident"].pk}
    assert world["person"].pk in set(policy.persons_for(rvdk).values_list("pk", flat=True))


def test_shared_melding_is_redacted_to_the_shared_groups(world):
    share(world, "RVDK", ["KERN", "PERSONEN"])
    [view] = policy.melding_views(world["users"]["RVDK"], [world["incident"]])
    assert view.reference == world["incident"].reference
    assert view.narrative is None
    assert view.location is None
    assert [p.person_id for p in view.persons] == [world["person"].pk]
    assert view.own is False
    [provenance] = view.provenance
    assert provenance.organisation == world["orgs"]["POLITIE"].name
    assert provenance.legal_basis == "art. 18 Wpg"
    assert provenance.moment == "Samen op in acuut"


def test_kern_only_hides_persons(world):
    share(world, "RVDK", ["KERN"])
    [view] = policy.melding_views(world["users"]["RVDK"], [world["incident"]])
    assert view.persons == []
    assert view.shows_persons is False
    assert "toelichting" in view.hidden_group_labels


def test_unknown_attributes_are_not_reachable_through_a_view(world):
    share(world, "RVDK", ["KERN"])
    [view] = policy.melding_views(world["users"]["RVDK"], [world["incident"]])
    with pytest.raises(AttributeError):
        _ = view.save
    assert view.medical_details is None


def test_withdrawn_disclosure_hides_again(world):
    disclosure = share(world, "RVDK", ["KERN", "TOELICHTING"])
    disclosure.withdrawn_at = timezone.now()
    disclosure.save(update_fields=["withdrawn_at"])
    rvdk = world["users"]["RVDK"]
    assert visible_families(rvdk) == set()
    assert visible_meldingen(rvdk) == set()
    assert policy.melding_views(rvdk, [world["incident"]]) == []


def test_medical_details_only_for_the_vertrouwensarts_of_the_recording_vt(world, user_for):
    melding = world["vt_melding"]
    arts = user_for("VT", roles=[RoleCode.VERTROUWENSARTS])
    medewerker = user_for("VT", roles=[RoleCode.VT_MEDEWERKER])
    [arts_view] = policy.melding_views(arts, [melding])
    [medewerker_view] = policy.melding_views(medewerker, [melding])
    assert arts_view.medical_details == "letsel aan de arm"
    assert medewerker_view.medical_details is None
    assert medewerker_view.narrative == melding.narrative


def test_emergency_access_shows_everything_but_medical_until_expiry(world):
    om = world["users"]["OM"]
    now = timezone.now()
    access = EmergencyAccess.objects.create(
        user=om,
        organisation=om.organisation,
        family_system=world["family"],
        reason="Acuut gevaar, slachtoffer niet bereikbaar en politie ter plaatse.",
        granted_at=now,
        expires_at=now + dt.timedelta(hours=4),
    )
    assert world["family"].pk in visible_families(om)
    views = policy.melding_views(om, policy.meldingen_for(om))
    assert {v.pk for v in views} == {world["incident"].pk, world["vt_melding"].pk}
    assert all(v.emergency and v.medical_details is None for v in views)
    assert views[0].narrative is not None
    # another OM user does not inherit the access
    assert world["family"].pk not in visible_families(f.UserFactory(organisation=om.organisation))
    access.granted_at = now - dt.timedelta(hours=5)
    access.expires_at = now - dt.timedelta(hours=1)
    access.save(update_fields=["granted_at", "expires_at"])
    assert visible_families(om) == set()
    assert visible_meldingen(om) == set()


def test_inactive_user_and_user_without_organisation_see_nothing(world):
    pol_user = world["users"]["POLITIE"]
    pol_user.is_active = False
    assert visible_families(pol_user) == set()
    operator = f.UserFactory(organisation=None)
    assert visible_families(operator) == set()
    assert visible_meldingen(operator) == set()
    assert list(policy.persons_for(operator)) == []


def person_ids(user):
    return set(policy.persons_for(user).values_list("pk", flat=True))


def test_a_disclosure_without_persons_shows_no_family_members(world):
    share(world, "RVDK", ["KERN", "TOELICHTING"])
    rvdk = world["users"]["RVDK"]
    assert world["family"].pk in visible_families(rvdk)
    assert person_ids(rvdk) == set()


def test_a_disclosure_with_persons_shows_only_the_persons_in_it(world):
    bystander = f.PersonFactory()
    f.FamilyMembershipFactory(family_system=world["family"], person=bystander)
    share(world, "RVDK", ["KERN", "PERSONEN"])
    rvdk = world["users"]["RVDK"]
    assert person_ids(rvdk) == {world["person"].pk}
    assert bystander.pk in person_ids(world["users"]["POLITIE"])


def test_access_purpose_names_the_route(world):
    fam = world["family"]
    assert policy.access_purpose(world["users"]["POLITIE"], fam.pk) == ""
    share(world, "RVDK", ["KERN"])
    assert policy.access_purpose(world["users"]["RVDK"], fam.pk) == policy.DISCLOSURE_PURPOSE
    om = world["users"]["OM"]
    now = timezone.now()
    EmergencyAccess.objects.create(
        user=om,
        organisation=om.organisation,
        family_system=fam,
        reason="Acuut gevaar voor de kinderen, politie ter plaatse.",
        granted_at=now,
        expires_at=now + dt.timedelta(hours=4),
    )
    assert policy.access_purpose(om, fam.pk) == policy.EMERGENCY_PURPOSE
