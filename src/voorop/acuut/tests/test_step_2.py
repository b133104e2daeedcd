"""Step 2, the motorkapoverleg: what each party brings, shared through the disclosure register
(art. 6 lid 1 sub d AVG offered by default), the consultations of the Raad, the OM and the
reclassering, and Veilig Thuis's veiligheidsbeoordeling."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from voorop.acuut import selectors, services
from voorop.acuut.choices import ConsultationKind, ContributionCategory, Status, UrgentRequest
from voorop.audit.models import AccessLogEntry
from voorop.authz import policy
from voorop.persons.models import OrganisationInvolvement
from voorop.sharing import selectors as sharing_selectors
from voorop.sharing import services as sharing_services
from voorop.sharing.fields import FieldGroup
from voorop.sharing.models import CoordinationMoment, Disclosure

from .conftest import VITAL
from .test_step_1 import error_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(flow):
    return flow.to(flow.start(), Status.MOTORKAPOVERLEG)


def test_a_contribution_is_shared_through_the_register_on_the_vital_interest_basis(
    world, flow, episode
):
    contribution = flow.contribute(
        episode,
        by="POLITIE",
        categories=[ContributionCategory.REGISTRATIES, ContributionCategory.RECLASSERING],
        summary="Twee eerdere incidenten; vader staat onder toezicht van de reclassering.",
    )
    disclosure = contribution.disclosure
    assert disclosure.legal_basis.code == VITAL
    assert disclosure.moment == CoordinationMoment.SAMEN_OP_IN_ACUUT
    assert (disclosure.from_organisation, disclosure.to_organisation) == (
        world.orgs["POLITIE"],
        world.orgs["VT"],
    )
    assert disclosure.reference.startswith("VS-")
    entry = AccessLogEntry.objects.filter(object_type="verstrekking").latest("seq")
    assert (entry.action, entry.object_id) == ("DISCLOSE", str(disclosure.pk))
    assert entry.purpose == "art. 6 lid 1 sub d AVG · Samen op in acuut"


def test_veilig_thuis_sees_it_with_provenance_until_it_is_withdrawn(world, flow, episode):
    flow.contribute(episode, by="POLITIE", summary="Contactverbod uit 2025 geldt nog.")
    [seen] = selectors.contributions(user=world.users["VT"], episode=episode)
    assert seen.visible and not seen.own
    assert seen.summary == "Contactverbod uit 2025 geldt nog."
    assert seen.category_labels == ["Relevante registraties in de politiesystemen"]
    assert seen.provenance.organisation == "Politie Eenheid Test"
    assert seen.provenance.legal_basis == "art. 6 lid 1 sub d AVG"
    assert seen.provenance.moment == "Samen op in acuut"
    # The register lists it next to meldingen.
    [view] = sharing_selectors.disclosure_views(
        world.users["VT"], sharing_selectors.disclosure_list(user=world.users["VT"])
    )
    assert [r.kind for r in view.records] == ["samen-op-bijdrage"]

    disclosure = Disclosure.objects.get(pk=view.disclosure.pk)
    sharing_services.disclosure_withdraw(
        user=flow.police, disclosure=disclosure, reason="Verkeerd gezin gekozen."
    )
    [hidden] = selectors.contributions(user=world.users["VT"], episode=episode)
    assert not hidden.visible and hidden.summary == "" and hidden.categories == []
    [own] = selectors.contributions(user=flow.police, episode=episode)
    assert own.visible and own.withdrawn


def test_shared_meldingen_reach_veilig_thuis_with_the_chosen_field_groups(world, flow, episode):
    melding = world.scenario.other_meldingen["POLITIE"][0]
    flow.contribute(episode, by="POLITIE", meldingen=[melding])
    [view] = policy.melding_views(
        world.users["VT"], policy.meldingen_for(world.users["VT"]).filter(pk=melding.pk)
    )
    assert view.shows_narrative and view.shows_persons and not view.shows_location
    assert view.provenance[0].moment == "Samen op in acuut"


def test_another_allowed_basis_can_be_chosen_and_a_wrong_one_is_refused(world, flow, episode):
    with pytest.raises(ValidationError) as raised:
        flow.contribute(episode, by="POLITIE", legal_basis=world.bases["politie-wpg-16-1-a"])
    assert error_codes(raised) == ["geen_deelregel"]
    contribution = flow.contribute(
        episode, by="POLITIE", legal_basis=world.bases["politie-wpg-18-bpg-4-2"]
    )
    assert contribution.disclosure.legal_basis.short_label == "art. 18 Wpg"


def test_each_party_brings_its_own_kinds_of_information_once(world, flow, episode):
    with pytest.raises(ValidationError) as raised:
        flow.contribute(episode, by="VT", categories=[ContributionCategory.REGISTRATIES])
    assert error_codes(raised) == ["categorie_onbekend"]
    with pytest.raises(ValidationError) as raised:
        flow.contribute(episode, by="VT", categories=[])
    assert error_codes(raised) == ["niets_gekozen"]
    flow.contribute(episode, by="VT", categories=[], nothing_available=True)
    with pytest.raises(ValidationError) as raised:
        flow.contribute(episode, by="VT")
    assert error_codes(raised) == ["al_vastgelegd"]


def test_not_before_the_motorkapoverleg(world, flow):
    episode = flow.start()
    flow.call(episode)
    with pytest.raises(ValidationError) as raised:
        flow.contribute(episode, by="POLITIE")
    assert error_codes(raised) == ["niet_in_deze_status"]


def test_the_investigation_waits_for_both_contributions(world, flow, episode):
    flow.contribute(episode, by="POLITIE")
    with pytest.raises(ValidationError) as raised:
        services.episode_transition(user=flow.police, episode=episode, to_status=Status.ONDERZOEK)
    assert error_codes(raised) == ["bijdrage_ontbreekt"]
    assert "Veilig Thuis Testregio heeft nog niet gedeeld" in raised.value.messages[0]


# --- consultations ------------------------------------------------------------------------------


def ask_raad(world, episode, **kwargs):
    kwargs.setdefault("question", "Is een spoedverzoek voor een voorlopige OTS van Noor nodig?")
    return services.episode_consultation_request(
        user=world.users["VT"],
        episode=episode,
        kind=ConsultationKind.RVDK_ADVIES,
        addressed_to=world.orgs["RVDK"],
        **kwargs,
    )


def test_veilig_thuis_asks_the_raad_after_hours_on_the_urgent_line(world, episode):
    consultation = ask_raad(
        world,
        episode,
        after_hours=True,
        line_used="Spoedlijn OTS/UHP 088-0000000",
        urgent_request=UrgentRequest.VOORLOPIGE_OTS,
    )
    assert consultation.after_hours and consultation.line_used.startswith("Spoedlijn")
    assert consultation.disclosure.to_organisation == world.orgs["RVDK"]
    assert consultation.disclosure.legal_basis.code == VITAL
    # The Raad sees this request — and not the episode.
    raad = world.users["RVDK"]
    _record, view = selectors.consultation_get(user=raad, pk=consultation.pk)
    assert view.question.startswith("Is een spoedverzoek")
    assert view.is_addressee and view.may_answer
    assert not selectors.episodes_for(raad).exists()
    assert [c.pk for c in selectors.consultation_list(user=raad)] == [consultation.pk]


def test_the_police_see_that_the_raad_was_asked_but_not_the_question(world, flow, episode):
    consultation = ask_raad(world, episode)
    [view] = selectors.consultations(user=flow.police, episode=episode)
    assert view.pk == consultation.pk and view.question is None


@pytest.mark.parametrize("outsider", ["OM", "RECLASSERING", "VT_ANDER"])
def test_a_consultation_is_not_seen_by_others(world, episode, outsider):
    from django.http import Http404

    consultation = ask_raad(world, episode)
    with pytest.raises(Http404):
        selectors.consultation_get(user=world.users[outsider], pk=consultation.pk)


def test_who_asks_whom_follows_the_toolkit(world, flow, episode):
    with pytest.raises(ValidationError) as raised:
        services.episode_consultation_request(
            user=flow.police,
            episode=episode,
            kind=ConsultationKind.RVDK_ADVIES,
            addressed_to=world.orgs["RVDK"],
            question="Mag de politie de Raad vragen?",
        )
    assert error_codes(raised) == ["verkeerde_aanvrager"]
    with pytest.raises(ValidationError) as raised:
        services.episode_consultation_request(
            user=flow.police,
            episode=episode,
            kind=ConsultationKind.OM_AFSTEMMING,
            addressed_to=world.orgs["RECLASSERING"],
            question="Is er een strafbaar feit?",
        )
    assert error_codes(raised) == ["verkeerde_geadresseerde"]
    with pytest.raises(ValidationError) as raised:
        services.episode_consultation_request(
            user=flow.police,
            episode=episode,
            kind=ConsultationKind.OM_AFSTEMMING,
            addressed_to=world.orgs["OM"],
            question="Aanhouden of tijdelijk huisverbod?",
            urgent_request=UrgentRequest.SPOED_UHP,
        )
    assert error_codes(raised) == ["spoedverzoek_alleen_raad"]
    om = services.episode_consultation_request(
        user=flow.police,
        episode=episode,
        kind=ConsultationKind.OM_AFSTEMMING,
        addressed_to=world.orgs["OM"],
        question="Aanhouden of tijdelijk huisverbod?",
    )
    assert om.disclosure.to_organisation == world.orgs["OM"]


def test_the_raad_answering_becomes_involved_and_shares_its_answer_back(world, episode):
    consultation = ask_raad(world, episode)
    raad = world.users["RVDK"]
    services.consultation_answer(
        user=raad, consultation=consultation, answer="Spoedverzoek voorlopige OTS ingediend."
    )
    assert consultation.answered_by_organisation == world.orgs["RVDK"]
    assert consultation.answer_disclosure.to_organisation == world.orgs["VT"]
    assert OrganisationInvolvement.objects.filter(
        family_system=episode.family_system, organisation=world.orgs["RVDK"]
    ).exists()
    _record, view = selectors.consultation_get(user=world.users["VT"], pk=consultation.pk)
    assert view.answer == "Spoedverzoek voorlopige OTS ingediend."
    with pytest.raises(ValidationError) as raised:
        services.consultation_answer(user=raad, consultation=consultation, answer="Nog eens.")
    assert error_codes(raised) == ["al_beantwoord"]
    # Still no access to the episode itself.
    assert not selectors.episodes_for(raad).exists()


def test_the_requester_records_an_answer_given_by_phone(world, episode):
    consultation = ask_raad(world, episode)
    services.consultation_answer(
        user=world.users["VT"], consultation=consultation, answer="Raad belt morgen terug."
    )
    assert consultation.answer_disclosure is None
    assert not OrganisationInvolvement.objects.filter(
        family_system=episode.family_system, organisation=world.orgs["RVDK"]
    ).exists()


def test_an_outsider_cannot_answer(world, episode):
    consultation = ask_raad(world, episode)
    with pytest.raises(ValidationError) as raised:
        services.consultation_answer(
            user=world.users["OM"], consultation=consultation, answer="Ik weet het."
        )
    assert error_codes(raised) == ["raadpleging_niet_voor_u"]


# --- the veiligheidsbeoordeling -----------------------------------------------------------------


def test_veilig_thuis_starts_the_assessment_and_the_police_see_only_its_status(
    world, flow, episode
):
    with pytest.raises(ValidationError) as raised:
        services.episode_assessment_attach(user=flow.police, episode=episode)
    assert error_codes(raised) == ["alleen_veilig_thuis"]
    beoordeling = services.episode_assessment_attach(user=flow.vt, episode=episode)
    assert beoordeling.context == "SAMEN_OP_IN_ACUUT"
    assert services.episode_assessment_attach(user=flow.vt, episode=episode) == beoordeling
    status = selectors.assessment_status(user=flow.police, episode=episode)
    assert (status.reference, status.part_a_done_at, status.url) == (
        beoordeling.reference,
        None,
        "",
    )
    flow.part_a(episode)
    assert selectors.assessment_status(user=flow.police, episode=episode).part_a_done_at


def test_an_assessment_already_started_for_this_incident_is_linked(world, flow, episode):
    from voorop.assessment import services as assessment

    started = assessment.beoordeling_start(
        user=flow.vt, family_system=episode.family_system, context="SAMEN_OP_IN_ACUUT"
    )
    assert services.episode_assessment_attach(user=flow.vt, episode=episode) == started


def test_field_groups_default_to_core_narrative_and_persons():
    assert services.DEFAULT_FIELD_GROUPS == (
        FieldGroup.KERN,
        FieldGroup.TOELICHTING,
        FieldGroup.PERSONEN,
    )
