"""The services of HSSK: the five steps, their rules, and nothing half-stored on a refusal."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from voorop.audit.models import AccessLogEntry
from voorop.authz import policy
from voorop.core.testing import factories as f
from voorop.hssk import services
from voorop.hssk.choices import Act, ActStatus, AgeBand, Decision, Position, Status
from voorop.hssk.models import (
    HsskAct,
    HsskCase,
    HsskEvaluation,
    HsskIdentification,
    HsskParticipant,
    HsskPlanConfirmation,
)
from voorop.persons.models import OrganisationInvolvement
from voorop.safetyplan.models import PlanItem
from voorop.sharing.models import CoordinationMoment, Disclosure

from .conftest import VT_BASIS

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


# --- step 1 -------------------------------------------------------------------------------------


def test_anonymous_start_links_nothing_and_involves_nobody(world, flow):
    case = flow.start()
    assert case.status == Status.OVERLEG
    assert case.family_system is None and case.is_anonymous
    assert case.reference.startswith("HSSK-")
    assert case.age_band == AgeBand.PEUTER  # born 2024-05-17, from the date of birth
    assert HsskIdentification.objects.get(case=case).family_system == world.family
    roles = dict(HsskParticipant.objects.filter(case=case).values_list("organisation", "role"))
    assert roles == {
        world.orgs["VT"].pk: "INITIATOR",
        world.orgs["POLITIE"].pk: "POLITIE",
        world.orgs["OM"].pk: "OM",
    }
    # The police and the OM are not involved and received nothing.
    assert not OrganisationInvolvement.objects.filter(
        family_system=world.family, organisation__kind__in=["POLITIE", "OM"]
    ).exists()
    assert not Disclosure.objects.filter(family_system=world.family).exists()
    entry = AccessLogEntry.objects.get(object_type="hssk", action="CREATE")
    assert entry.person_ids == "" and entry.persons.count() == 0


def test_direct_start_shares_the_melding_on_its_basis(world, flow):
    case = flow.start(mode="GEIDENTIFICEERD")
    assert case.status == Status.ONDERZOEKSPLAN
    assert case.family_system == world.family
    disclosure = case.police_disclosure
    assert disclosure.to_organisation == world.orgs["POLITIE"]
    assert disclosure.legal_basis.code == VT_BASIS
    assert disclosure.moment == CoordinationMoment.HSSK
    assert [i.melding for i in disclosure.items.all()] == [world.melding]
    assert "MEDISCH" not in disclosure.items.get().field_groups
    assert policy.is_involved(world.users["POLITIE"], world.family)
    assert policy.is_involved(world.users["OM"], world.family)


def test_direct_start_without_basis_stores_nothing(world, flow):
    with pytest.raises(ValidationError) as raised:
        flow.start(mode="GEIDENTIFICEERD", legal_basis=None)
    assert "grondslag_ontbreekt" in codes(raised.value)
    assert not HsskCase.objects.exists()
    assert not HsskIdentification.objects.exists()
    assert not AccessLogEntry.objects.filter(object_type="hssk").exists()


@pytest.mark.parametrize(
    ("who", "code"),
    [("POLITIE", "niet_vt_of_raad"), ("VT_PRIVACY", "geen_professional")],
)
def test_only_vt_or_raad_professionals_start(world, flow, who, code):
    with pytest.raises(ValidationError) as raised:
        flow.start(user=world.users[who])
    assert code in codes(raised.value)


def test_the_melding_must_be_own_and_the_child_in_it(world, flow):
    with pytest.raises(ValidationError) as raised:
        flow.start(user=world.users["VT_ANDER"])
    assert "melding_niet_eigen" in codes(raised.value)
    with pytest.raises(ValidationError) as raised:
        flow.start(child=world.members["mother"])
    assert "geen_kind" in codes(raised.value)


def test_one_case_per_melding(world, flow):
    flow.start()
    with pytest.raises(ValidationError) as raised:
        flow.start()
    assert "al_gestart" in codes(raised.value)


def test_grey_area_needs_the_om(world, flow):
    with pytest.raises(ValidationError) as raised:
        flow.start(grey_area=True, with_om=False)
    assert "om_nodig" in codes(raised.value)


def test_initiator_texts_with_identifying_data_are_refused_and_named(world, flow):
    with pytest.raises(ValidationError) as raised:
        flow.start(circumstances="Yaralinde (2) kwam met haar moeder op de SEH.")
    error = raised.value.error_dict["circumstances"][0]
    assert error.code == "identificerende_gegevens"
    assert "yaralinde" in error.message  # named to the initiator, who knows the identity
    assert not HsskCase.objects.exists()
    with pytest.raises(ValidationError) as raised:
        flow.start(question="Woont aan de Vlinderhofkade; wat vindt de politie?")
    assert "question" in raised.value.error_dict


# --- step 2 -------------------------------------------------------------------------------------


def test_police_view_with_a_pattern_is_refused_without_naming_it(world, flow):
    case = flow.start()
    with pytest.raises(ValidationError) as raised:
        services.view_give(
            user=world.users["POLITIE"],
            case=case,
            position=Position.STRAFBAAR,
            text="Is dit het gezin op postcode 9876 QX? Bel 0612345678.",
        )
    error = raised.value.error_dict["text"][0]
    assert error.code == "identificerende_gegevens"
    assert "9876" not in error.message and "Gevonden" not in error.message


def test_a_guessed_name_by_the_police_is_not_confirmed(world, flow):
    """The police's texts are not checked against the family's names: a refusal would tell
    them their guess was right."""
    case = flow.start()
    view = services.view_give(
        user=world.users["POLITIE"],
        case=case,
        position=Position.MEER_INFORMATIE,
        text="Gaat het om de familie Jansen uit de wijk?",
    )
    assert view.pk


def test_the_initiator_does_not_give_a_view_and_the_police_do_not_decide(world, flow):
    case = flow.start()
    with pytest.raises(ValidationError) as raised:
        services.view_give(
            user=world.users["VT"], case=case, position=Position.STRAFBAAR, text="Eigen mening."
        )
    assert "niet_uw_rol" in codes(raised.value)
    flow.view(case)
    with pytest.raises(ValidationError) as raised:
        services.case_decide(
            user=world.users["POLITIE"],
            case=case,
            decision=Decision.DOORZETTEN,
            reason="De politie wil door.",
            legal_basis=world.bases[VT_BASIS],
        )
    assert "niet_uw_rol" in codes(raised.value)


def test_deciding_needs_the_police_view_and_in_grey_area_the_om(world, flow):
    case = flow.start(grey_area=True)
    with pytest.raises(ValidationError) as raised:
        flow.proceed(case)
    assert codes(raised.value) == {"zienswijze_politie_ontbreekt", "zienswijze_om_ontbreekt"}
    flow.view(case)
    with pytest.raises(ValidationError) as raised:
        flow.proceed(case)
    assert codes(raised.value) == {"zienswijze_om_ontbreekt"}
    flow.view(case, by="OM")
    flow.proceed(case)
    assert case.status == Status.ONDERZOEKSPLAN


def test_proceeding_links_the_family_and_shares_with_police_and_om(world, flow):
    case = flow.start()
    flow.view(case)
    assert not policy.family_systems_for(world.users["POLITIE"]).filter(pk=world.family.pk).exists()
    flow.proceed(case)
    case.refresh_from_db()
    assert case.family_system == world.family and case.identified_at and case.decided_at
    assert set(
        Disclosure.objects.filter(family_system=world.family).values_list(
            "to_organisation__kind", flat=True
        )
    ) == {"POLITIE", "OM"}
    assert policy.family_systems_for(world.users["POLITIE"]).filter(pk=world.family.pk).exists()
    assert policy.persons_for(world.users["POLITIE"]).filter(pk=world.members["child"].pk).exists()
    update = AccessLogEntry.objects.filter(object_type="hssk", action="UPDATE").latest("seq")
    assert update.persons.count() == 3  # identified: the family's members


def test_not_proceeding_closes_the_case_anonymous_for_good(world, flow):
    case = flow.start()
    flow.view(case, position=Position.GEEN_STRAFRECHT)
    services.case_decide(
        user=world.users["VT"],
        case=case,
        decision=Decision.NIET_DOORZETTEN,
        reason="Forensisch arts: letsel past bij een val; zorgroute via Veilig Thuis.",
    )
    case.refresh_from_db()
    assert case.status == Status.GEEN_VERVOLG and case.family_system is None and case.closed_at
    assert not Disclosure.objects.exists()
    with pytest.raises(ValidationError):
        flow.proceed(case)


def test_a_failed_decision_changes_nothing(world, flow):
    case = flow.start()
    flow.view(case)
    with pytest.raises(ValidationError):
        services.case_decide(
            user=world.users["VT"],
            case=case,
            decision=Decision.DOORZETTEN,
            reason="Ja, door.",  # too short
            legal_basis=world.bases[VT_BASIS],
        )
    with pytest.raises(ValidationError) as raised:
        services.case_decide(
            user=world.users["VT"],
            case=case,
            decision=Decision.DOORZETTEN,
            reason="Doorzetten: de politie ziet aanwijzingen.",
            legal_basis=world.bases["avg-6-1-d-vitaal-belang"],  # only for Samen op in acuut
        )
    assert "doel_niet_toegestaan" in codes(raised.value)
    case.refresh_from_db()
    assert case.status == Status.OVERLEG and case.family_system is None and not case.decision
    assert not Disclosure.objects.exists()


def test_consultation_update_brings_in_the_om_for_grey_area(world, flow):
    case = flow.start(with_om=False)
    services.consultation_update(
        user=world.users["VT"],
        case=case,
        circumstances="Aanvulling: tweede bezoek aan de SEH binnen een maand.",
        question="Is dit grijs gebied?",
        grey_area=True,
        om_organisation=world.orgs["OM"],
    )
    case.refresh_from_db()
    assert case.grey_area and case.om_organisation == world.orgs["OM"]
    assert HsskParticipant.objects.filter(case=case, organisation=world.orgs["OM"]).exists()


# --- step 3 -------------------------------------------------------------------------------------


def test_plan_rules_forensics_repeat_talks_and_order(world, flow):
    case = flow.to(flow.start(), Status.ONDERZOEKSPLAN)
    child = world.members["child"]
    services.act_add(
        user=world.users["VT"],
        case=case,
        act=Act.GESPREK_KIND_VT,
        by_organisation=world.orgs["VT"],
        with_whom=[child],
    )
    services.act_add(
        user=world.users["POLITIE"],
        case=case,
        act=Act.VERHOOR_KIND,
        by_organisation=world.orgs["POLITIE"],
        with_whom=[child],
    )
    with pytest.raises(ValidationError) as raised:
        services.plan_confirm(user=world.users["VT"], case=case)
    assert codes(raised.value) == {
        "forensisch_onderzoek_ontbreekt",
        "kind_vaker_gesproken",
        "volgorde_niet_afgestemd",
    }
    assert not HsskPlanConfirmation.objects.exists()
    vt_talk, _police_talk = HsskAct.objects.filter(case=case).order_by("sequence")
    services.act_update(user=world.users["VT"], case=case, act=vt_talk, status=ActStatus.VERVALLEN)
    services.act_add(
        user=world.users["POLITIE"],
        case=case,
        act=Act.FORENSISCH_MEDISCH,
        by_organisation=world.orgs["POLITIE"],
        with_whom=[child],
    )
    services.plan_confirm(user=world.users["VT"], case=case)
    assert case.status == Status.ONDERZOEKSPLAN  # the police have not agreed yet
    services.plan_confirm(user=world.users["POLITIE"], case=case)
    assert case.status == Status.INTERVENTIES and case.plan_agreed_at


def test_a_change_before_agreement_asks_both_to_agree_again(world, flow):
    case = flow.to(flow.start(), Status.ONDERZOEKSPLAN)
    flow.plan(case)
    services.plan_confirm(user=world.users["VT"], case=case)
    assert HsskPlanConfirmation.objects.filter(case=case).count() == 1
    services.act_add(
        user=world.users["POLITIE"],
        case=case,
        act=Act.LECK_CONSULT,
        by_organisation=world.orgs["VT"],
    )
    assert not HsskPlanConfirmation.objects.filter(case=case).exists()
    with pytest.raises(ValidationError) as raised:
        services.plan_confirm(user=world.users["VT"], case=case)
        services.plan_confirm(user=world.users["VT"], case=case)
    assert "al_akkoord" in codes(raised.value)


def test_acts_are_done_by_participants_with_family_members(world, flow):
    case = flow.to(flow.start(), Status.ONDERZOEKSPLAN)
    with pytest.raises(ValidationError) as raised:
        services.act_add(
            user=world.users["POLITIE"],
            case=case,
            act=Act.RAADSONDERZOEK,
            by_organisation=world.orgs["RVDK"],
        )
    assert "uitvoerder_geen_deelnemer" in codes(raised.value)
    stranger = f.PersonFactory(surname="Anders", given_names="Iemand")
    with pytest.raises(ValidationError) as raised:
        services.act_add(
            user=world.users["POLITIE"],
            case=case,
            act=Act.HOREN_OUDERS,
            by_organisation=world.orgs["POLITIE"],
            with_whom=[stranger],
        )
    assert "geen_gezinslid" in codes(raised.value)
    assert not HsskAct.objects.exists()


def test_inviting_the_raad_shares_on_a_basis_and_involves_it(world, flow):
    case = flow.to(flow.start(), Status.ONDERZOEKSPLAN)
    participant = services.participant_invite(
        user=world.users["VT"],
        case=case,
        organisation=world.orgs["RVDK"],
        reason="Advies over een voorlopige ondertoezichtstelling.",
        legal_basis=world.bases[VT_BASIS],
    )
    assert participant.role == "UITGENODIGD"
    assert participant.disclosure.to_organisation == world.orgs["RVDK"]
    assert policy.is_involved(world.users["RVDK"], world.family)
    with pytest.raises(ValidationError) as raised:
        services.participant_invite(
            user=world.users["VT"],
            case=case,
            organisation=world.orgs["VT_ANDER"],
            reason="Verhuisd naar een andere regio.",
            legal_basis=world.bases[VT_BASIS],
        )
    assert "kan_niet_uitnodigen" in codes(raised.value)


def test_nothing_of_the_plan_before_identification(world, flow):
    case = flow.start()
    with pytest.raises(ValidationError) as raised:
        services.act_add(
            user=world.users["POLITIE"],
            case=case,
            act=Act.HOREN_OUDERS,
            by_organisation=world.orgs["POLITIE"],
        )
    assert "niet_in_deze_fase" in codes(raised.value)


# --- step 4 and 5 -------------------------------------------------------------------------------


def test_interventions_go_into_the_living_plan(world, flow):
    case = flow.to(flow.start(), Status.INTERVENTIES)
    with pytest.raises(ValidationError) as raised:
        services.case_transition(user=world.users["VT"], case=case, transition="evalueren")
    assert "geen_interventies" in codes(raised.value)
    item = services.intervention_add(
        user=world.users["POLITIE"],
        case=case,
        intervention=world.catalogue["voorlopige-ots"],
        owner_organisation=world.orgs["RVDK"],
    )
    assert item.moment == CoordinationMoment.HSSK and item.moment_reference == case.reference
    assert item.plan.family_system == world.family
    services.agreement_add(
        user=world.users["VT"],
        case=case,
        topic="RESULTATEN",
        description="De politie deelt de uitkomst van het forensisch onderzoek met VT.",
        owner_organisation=world.orgs["POLITIE"],
    )
    assert PlanItem.objects.filter(moment_reference=case.reference).count() == 2
    services.case_transition(user=world.users["POLITIE"], case=case, transition="evalueren")
    assert case.status == Status.EVALUATIE


def test_closing_needs_both_evaluations_once_each(world, flow):
    case = flow.to(flow.start(), Status.EVALUATIE)
    services.evaluation_give(
        user=world.users["VT"],
        case=case,
        worked_well="Kort contact met de zedenrechercheur.",
        collaboration_score=5,
        missing_information=["POLITIEGEGEVENS"],
        in_each_others_way=False,
    )
    with pytest.raises(ValidationError) as raised:
        services.case_transition(user=world.users["VT"], case=case, transition="afsluiten")
    assert "evaluatie_ontbreekt" in codes(raised.value)
    with pytest.raises(ValidationError) as raised:
        services.evaluation_give(
            user=world.users["VT"], case=case, worked_well="Nog een keer.", collaboration_score=3
        )
    assert "al_geevalueerd" in codes(raised.value)
    with pytest.raises(ValidationError) as raised:
        services.evaluation_give(
            user=world.users["POLITIE"],
            case=case,
            worked_well="Prima verlopen.",
            collaboration_score=7,
        )
    assert "score_ongeldig" in codes(raised.value)
    services.evaluation_give(
        user=world.users["POLITIE"], case=case, worked_well="Prima verlopen.", collaboration_score=4
    )
    with pytest.raises(ValidationError) as raised:
        services.case_transition(user=world.users["POLITIE"], case=case, transition="afsluiten")
    assert "niet_uw_rol" in codes(raised.value)
    services.case_transition(user=world.users["VT"], case=case, transition="afsluiten")
    assert case.status == Status.AFGESLOTEN and case.closed_at
    assert HsskEvaluation.objects.filter(case=case).count() == 2


def test_outsiders_cannot_write(world, flow):
    case = flow.start()
    for key in ("RVDK", "VT_ANDER", "POLITIE_ANDER"):
        with pytest.raises(ValidationError) as raised:
            services.view_give(
                user=world.users[key], case=case, position=Position.STRAFBAAR, text="Ik ook."
            )
        assert "geen_deelnemer" in codes(raised.value)
