"""Sharing and withdrawing (services): every rule, with its Dutch message and stable code, and
nothing stored when any rule fails."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from voorop.audit.models import AccessAction, AccessLogEntry
from voorop.authz import policy
from voorop.core.testing import factories as f
from voorop.sharing import services
from voorop.sharing.models import CoordinationMoment, Disclosure, DisclosureItem, SharingRule
from voorop.sharing.services import ErrorCode
from voorop.sharing.tests.conftest import VITAL, VT_WMO, WPG_16, WPG_18

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict[str, list[tuple[str, str]]]:
    """{field: [(code, message), …]} of a raised ValidationError."""
    error: ValidationError = excinfo.value
    return {
        field: [(e.code, " ".join(e.messages)) for e in errors]
        for field, errors in error.error_dict.items()
    }


def codes_of(excinfo) -> dict[str, list[str]]:
    return {field: [c for c, _m in errs] for field, errs in errors_of(excinfo).items()}


def assert_nothing_stored() -> None:
    assert Disclosure.objects.count() == 0
    assert DisclosureItem.objects.count() == 0
    assert not AccessLogEntry.objects.filter(action=AccessAction.DISCLOSE).exists()


# --- success ----------------------------------------------------------------------------------


def test_share_stores_disclosure_items_and_log(world, share):
    disclosure = share(groups=["PERSONEN"], meldingen=[world.incident, world.aangifte])
    assert re.fullmatch(r"VS-\d{4}-\d{6}", disclosure.reference)
    assert disclosure.reference.endswith(f"{disclosure.pk:06d}")
    assert disclosure.from_organisation == world.orgs["POLITIE"]
    assert disclosure.to_organisation == world.orgs["VT"]
    assert disclosure.legal_basis.code == WPG_18
    assert disclosure.rule.from_kind == "POLITIE" and disclosure.rule.to_kind == "VT"
    assert disclosure.moment == CoordinationMoment.SAMEN_OP_IN_ACUUT
    assert disclosure.shared_by == world.users["POLITIE"]
    assert disclosure.is_active
    items = {i.melding_id: i.field_groups for i in disclosure.items.all()}
    assert items == {
        world.incident.pk: ["KERN", "PERSONEN"],
        world.aangifte.pk: ["KERN", "PERSONEN"],
    }
    [entry] = AccessLogEntry.objects.filter(action=AccessAction.DISCLOSE)
    assert entry.object_type == "verstrekking"
    assert entry.object_id == str(disclosure.pk)
    assert entry.purpose == "art. 18 Wpg · Samen op in acuut"
    assert entry.organisation_code == "politie-test"
    assert entry.username == world.users["POLITIE"].username
    assert entry.channel == "WEB"
    assert set(entry.person_id_list) == {p.pk for p in world.persons.values()}


def test_kern_is_always_shared_and_groups_are_normalised(world, share):
    disclosure = share(groups=["TOELICHTING", "KERN", "LOCATIE", "TOELICHTING"])
    [item] = disclosure.items.all()
    assert item.field_groups == ["KERN", "LOCATIE", "TOELICHTING"]
    only_kern = share(groups=[], to="RVDK")
    assert only_kern.items.get().field_groups == ["KERN"]


def test_necessity_is_stored_trimmed(share):
    disclosure = share(necessity="   Nodig voor het actieoverleg van morgen.  ")
    assert disclosure.necessity == "Nodig voor het actieoverleg van morgen."


def test_references_are_unique(world, share):
    first, second = share(), share(to="RVDK")
    assert first.reference != second.reference


def test_recipient_sees_it_at_once(world, share):
    share(groups=["PERSONEN"])
    vt = world.users["VT"]
    [view] = policy.melding_views(vt, policy.meldingen_for(vt).filter(pk=world.incident.pk))
    assert view.own is False
    assert view.narrative is None
    assert view.provenance[0].legal_basis == "art. 18 Wpg"


# --- who shares, with whom --------------------------------------------------------------------


def test_user_without_organisation_may_not_share(world, share):
    with pytest.raises(ValidationError) as excinfo:
        share(f.UserFactory(organisation=None))
    [(code, message)] = errors_of(excinfo)[NON_FIELD_ERRORS]
    assert code == ErrorCode.NOT_A_PARTNER == "geen_partnerorganisatie"
    assert "Alleen medewerkers van een partnerorganisatie" in message
    assert_nothing_stored()


def test_user_of_a_non_partner_organisation_may_not_share(world, share):
    hospital = f.OrganisationFactory(code="ziekenhuis", kind="ZIEKENHUIS")
    f.InvolvementFactory(family_system=world.family, organisation=hospital)
    with pytest.raises(ValidationError) as excinfo:
        share(f.UserFactory(organisation=hospital))
    assert codes_of(excinfo) == {NON_FIELD_ERRORS: ["geen_partnerorganisatie"]}
    assert_nothing_stored()


@pytest.mark.parametrize("kind", ["OM", "RECLASSERING", "RVDK"])
def test_an_organisation_not_involved_may_not_share(world, share, kind):
    with pytest.raises(ValidationError) as excinfo:
        share(world.users[kind], to="POLITIE", basis=VITAL)
    [(code, message)] = errors_of(excinfo)[NON_FIELD_ERRORS]
    assert code == "niet_betrokken"
    assert message.startswith("Uw organisatie is niet betrokken bij dit gezinssysteem")
    assert_nothing_stored()


def test_a_recipient_only_organisation_may_not_share_onward(world, share):
    """VT received about the police-only family, but is not involved in it itself."""
    pol_family = world.scenario.politie_only_family
    [incident] = world.scenario.other_meldingen["POLITIE"]
    share(family=pol_family, meldingen=[incident])
    with pytest.raises(ValidationError) as excinfo:
        share(world.users["VT"], to="RVDK", basis=VT_WMO, family=pol_family, meldingen=[incident])
    assert codes_of(excinfo) == {NON_FIELD_ERRORS: ["niet_betrokken"]}


def test_recipient_must_be_a_partner(world, share):
    gemeente = f.OrganisationFactory(code="gemeente", kind="GEMEENTE")
    world.orgs["GEMEENTE"] = gemeente
    with pytest.raises(ValidationError) as excinfo:
        share(to="GEMEENTE")
    [(code, message)] = errors_of(excinfo)["to_organisation"]
    assert code == "ontvanger_geen_partner"
    assert message == "U kunt alleen delen met een partnerorganisatie van Veiligheid Voorop."
    assert_nothing_stored()


def test_recipient_must_be_another_organisation(world, share):
    with pytest.raises(ValidationError) as excinfo:
        share(to="POLITIE", basis=VITAL)
    [(code, message)] = errors_of(excinfo)["to_organisation"]
    assert code == "ontvanger_eigen_organisatie"
    assert message == "Kies een andere organisatie dan uw eigen organisatie."
    assert_nothing_stored()


# --- the rules table --------------------------------------------------------------------------


def test_basis_without_rule_for_this_direction_is_refused(world, share):
    """art. 16 Wpg is for police → OM only."""
    with pytest.raises(ValidationError) as excinfo:
        share(to="VT", basis=WPG_16)
    [(code, message)] = errors_of(excinfo)["legal_basis"]
    assert code == ErrorCode.NO_RULE == "geen_deelregel"
    assert message == (
        "Op grond van art. 16 Wpg mag Politie geen gegevens delen met Veilig Thuis. "
        "Kies een andere grondslag."
    )
    assert_nothing_stored()
    assert share(to="OM", basis=WPG_16).legal_basis.code == WPG_16


def test_inactive_rule_is_refused(world, share):
    SharingRule.objects.filter(from_kind="POLITIE", to_kind="VT", legal_basis__code=WPG_18).update(
        active=False
    )
    with pytest.raises(ValidationError) as excinfo:
        share(to="VT")
    assert codes_of(excinfo) == {"legal_basis": ["geen_deelregel"]}
    assert_nothing_stored()


def test_inactive_basis_is_refused(world, share):
    basis = world.bases[WPG_18]
    basis.active = False
    basis.save(update_fields=["active"])
    with pytest.raises(ValidationError) as excinfo:
        share(to="VT")
    [(code, message)] = errors_of(excinfo)["legal_basis"]
    assert code == "grondslag_niet_in_gebruik"
    assert message == "De grondslag art. 18 Wpg is niet meer in gebruik."
    assert_nothing_stored()


def test_rule_must_cover_the_moment(world, share):
    """Vital interest is configured for Samen op in acuut only."""
    with pytest.raises(ValidationError) as excinfo:
        share(to="VT", basis=VITAL, moment=CoordinationMoment.ACTIEOVERLEG)
    [(code, message)] = errors_of(excinfo)["legal_basis"]
    assert code == "doel_niet_toegestaan"
    assert message == "De grondslag art. 6 lid 1 sub d AVG geldt niet voor het doel Actieoverleg."
    assert_nothing_stored()
    assert share(to="VT", basis=VITAL).moment == CoordinationMoment.SAMEN_OP_IN_ACUUT


def test_changing_the_rules_is_data_not_code(world, share):
    """Functioneel beheer narrows a rule to one moment: sharing follows without a deploy."""
    SharingRule.objects.filter(from_kind="POLITIE", to_kind="VT", legal_basis__code=WPG_18).update(
        moments=["ZSM"]
    )
    with pytest.raises(ValidationError) as excinfo:
        share(to="VT")
    assert codes_of(excinfo) == {"legal_basis": ["doel_niet_toegestaan"]}
    assert share(to="VT", moment="ZSM").moment == "ZSM"


def test_unknown_moment_is_refused(world, share):
    with pytest.raises(ValidationError) as excinfo:
        share(moment="KOFFIE")
    [(code, message)] = errors_of(excinfo)["moment"]
    assert code == "onbekend_doel"
    assert message == "Kies een afstemmingsmoment als doel."
    assert_nothing_stored()


# --- what is shared ---------------------------------------------------------------------------


def test_at_least_one_melding(world, share):
    with pytest.raises(ValidationError) as excinfo:
        share(meldingen=[])
    assert errors_of(excinfo)["items"] == [
        ("geen_meldingen", "Kies ten minste één melding om te delen.")
    ]
    assert_nothing_stored()


def test_only_own_meldingen(world, share):
    """The police cannot pass on VT's record, even in a family both are involved in."""
    with pytest.raises(ValidationError) as excinfo:
        share(meldingen=[world.incident, world.vt_melding])
    [(code, message)] = errors_of(excinfo)["items"]
    assert code == ErrorCode.MELDING_NOT_OWN == "melding_niet_eigen"
    assert message == (
        f"Melding {world.vt_melding.pk} is niet door uw organisatie vastgelegd. "
        "U kunt alleen eigen gegevens delen."
    )
    assert world.vt_melding.reference not in message
    assert_nothing_stored()


def test_only_meldingen_of_this_family(world, share):
    [other] = world.scenario.other_meldingen["POLITIE"]
    with pytest.raises(ValidationError) as excinfo:
        share(meldingen=[world.incident, other])
    [(code, message)] = errors_of(excinfo)["items"]
    assert code == "melding_ander_gezinssysteem"
    assert message == f"Melding {other.reference} hoort niet bij dit gezinssysteem."
    assert_nothing_stored()


def test_each_melding_once(world, share):
    with pytest.raises(ValidationError) as excinfo:
        share(meldingen=[world.incident, world.incident])
    assert errors_of(excinfo)["items"] == [
        ("melding_dubbel", f"Melding {world.incident.reference} is twee keer gekozen.")
    ]
    assert_nothing_stored()


def test_unknown_field_group(world, share):
    with pytest.raises(ValidationError) as excinfo:
        share(groups=["MEDISCH"])
    assert errors_of(excinfo)["items"] == [
        ("onbekende_gegevensgroep", "Onbekende gegevensgroep: MEDISCH.")
    ]
    assert_nothing_stored()


def test_field_groups_must_be_allowed_by_the_rule(world, share):
    SharingRule.objects.filter(from_kind="POLITIE", to_kind="VT", legal_basis__code=WPG_18).update(
        field_groups=["KERN", "PERSONEN"]
    )
    with pytest.raises(ValidationError) as excinfo:
        share(groups=["PERSONEN", "TOELICHTING"])
    [(code, message)] = errors_of(excinfo)["items"]
    assert code == "gegevensgroep_niet_toegestaan"
    assert message == (
        f"Op grond van art. 18 Wpg mag u van melding {world.incident.reference} niet delen: "
        "toelichting."
    )
    assert_nothing_stored()
    assert share(groups=["PERSONEN"]).items.get().field_groups == ["KERN", "PERSONEN"]


@pytest.mark.parametrize("necessity", ["", "   ", "nodig", "123456789"])
def test_necessity_is_required(world, share, necessity):
    with pytest.raises(ValidationError) as excinfo:
        share(necessity=necessity)
    assert errors_of(excinfo)["necessity"] == [
        (
            "noodzaak_ontbreekt",
            "Leg uit waarom de ontvanger deze gegevens nodig heeft voor zijn wettelijke taak "
            "(ten minste 10 tekens).",
        )
    ]
    assert_nothing_stored()


def test_all_problems_are_reported_at_once(world, share):
    with pytest.raises(ValidationError) as excinfo:
        share(to="VT", basis=WPG_16, meldingen=[], necessity="")
    assert codes_of(excinfo) == {
        "legal_basis": ["geen_deelregel"],
        "items": ["geen_meldingen"],
        "necessity": ["noodzaak_ontbreekt"],
    }


def test_nothing_is_stored_when_the_log_cannot_be_written(world, share, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("log unavailable")

    monkeypatch.setattr(services, "access_log_write", broken)
    with pytest.raises(RuntimeError):
        share(meldingen=[world.incident, world.aangifte])
    assert_nothing_stored()


# --- withdrawing ------------------------------------------------------------------------------


def test_withdraw_hides_again_and_keeps_what_was_logged(world, share):
    disclosure = share(groups=["TOELICHTING"])
    vt = world.users["VT"]
    from voorop.audit.services import access_log_write

    access_log_write(user=vt, action=AccessAction.VIEW, object_type="melding", object_id=1)
    before = AccessLogEntry.objects.count()
    services.disclosure_withdraw(
        user=world.users["POLITIE"], disclosure=disclosure, reason="Verkeerde ontvanger gekozen."
    )
    disclosure.refresh_from_db()
    assert disclosure.withdrawn_at is not None
    assert disclosure.withdrawn_by == world.users["POLITIE"]
    assert disclosure.withdrawal_reason == "Verkeerde ontvanger gekozen."
    assert world.incident.pk not in set(policy.meldingen_for(vt).values_list("pk", flat=True))
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert entry is not None
    assert entry.action == AccessAction.WITHDRAW
    assert entry.object_id == str(disclosure.pk)
    assert entry.purpose == "art. 18 Wpg · Samen op in acuut"
    assert set(entry.person_id_list) == {p.pk for p in world.persons.values()}
    assert AccessLogEntry.objects.filter(username=vt.username, action=AccessAction.VIEW).exists()


def test_only_the_sharing_organisation_withdraws(world, share):
    disclosure = share()
    with pytest.raises(ValidationError) as excinfo:
        services.disclosure_withdraw(
            user=world.users["VT"], disclosure=disclosure, reason="Wil ik niet hebben."
        )
    [(code, message)] = errors_of(excinfo)[NON_FIELD_ERRORS]
    assert code == "niet_eigen_verstrekking"
    assert message == (
        "Alleen de organisatie die de informatie deelde, kan de verstrekking intrekken."
    )
    disclosure.refresh_from_db()
    assert disclosure.is_active
    assert not AccessLogEntry.objects.filter(action=AccessAction.WITHDRAW).exists()


@pytest.mark.parametrize("reason", ["", "  ", "nee"])
def test_withdrawing_needs_a_reason(world, share, reason):
    disclosure = share()
    with pytest.raises(ValidationError) as excinfo:
        services.disclosure_withdraw(
            user=world.users["POLITIE"], disclosure=disclosure, reason=reason
        )
    assert errors_of(excinfo)["reason"] == [
        ("reden_ontbreekt", "Geef de reden van het intrekken op (ten minste 5 tekens).")
    ]
    disclosure.refresh_from_db()
    assert disclosure.is_active


def test_withdrawing_twice_is_refused(world, share):
    disclosure = share()
    police = world.users["POLITIE"]
    services.disclosure_withdraw(user=police, disclosure=disclosure, reason="Niet meer nodig.")
    first = Disclosure.objects.get(pk=disclosure.pk).withdrawn_at
    with pytest.raises(ValidationError) as excinfo:
        services.disclosure_withdraw(user=police, disclosure=disclosure, reason="Nog een keer.")
    [(code, message)] = errors_of(excinfo)[NON_FIELD_ERRORS]
    assert code == "al_ingetrokken"
    assert message.startswith("Deze verstrekking is al ingetrokken op ")
    refreshed = Disclosure.objects.get(pk=disclosure.pk)
    assert refreshed.withdrawn_at == first
    assert refreshed.withdrawal_reason == "Niet meer nodig."
    assert AccessLogEntry.objects.filter(action=AccessAction.WITHDRAW).count() == 1


def test_a_colleague_of_the_sharing_organisation_may_withdraw(world, share, user_for):
    disclosure = share()
    colleague = user_for("POLITIE", username="collega")
    services.disclosure_withdraw(user=colleague, disclosure=disclosure, reason="Niet meer nodig.")
    disclosure.refresh_from_db()
    assert disclosure.withdrawn_by == colleague
