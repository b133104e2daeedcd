"""The ZSM services: inflow and clock, the HG flag, VT, 3RO, RvdK, OM and the release safeguard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from voorop.audit.models import AccessLogEntry
from voorop.meldingen.models import Melding, MeldingKind
from voorop.persons.models import OrganisationInvolvement, Relation, RelationKind
from voorop.safetyplan import services as plan_services
from voorop.sharing.models import Disclosure
from voorop.zsm import services
from voorop.zsm.choices import DelayTo, Disposal, HgLabel, Status, VtPresence
from voorop.zsm.models import CLOCK, ZsmEvent

from .conftest import VT_BASIS

pytestmark = pytest.mark.django_db


def codes(excinfo) -> set[str]:
    error = excinfo.value
    return (
        {e.code for errs in error.error_dict.values() for e in errs}
        if hasattr(error, "error_dict")
        else {error.code}
    )


def test_inflow_starts_the_nine_hour_clock_and_logs(zsm):
    before = AccessLogEntry.objects.count()
    case = zsm.case()
    assert case.status == Status.INSTROOM
    assert case.due_at - case.inflow_at == CLOCK == dt.timedelta(hours=9)
    assert case.reference.startswith("ZSM-")
    assert case.hg_label == HgLabel.GELABELD
    assert case.suspect == zsm.persons["father"]
    assert list(case.victims.all()) == [zsm.persons["mother"]]
    assert AccessLogEntry.objects.count() == before + 1
    assert ZsmEvent.objects.filter(case=case, to_status=Status.INSTROOM).exists()


def test_inflow_makes_zsm_partners_involved_and_sees_vt_knows_the_family(zsm):
    case = zsm.case()
    assert case.known_to_vt  # VT is involved in the scenario family
    involved = set(
        OrganisationInvolvement.objects.filter(family_system=zsm.family).values_list(
            "organisation__kind", flat=True
        )
    )
    assert {"OM", "RECLASSERING", "RVDK"} <= involved


def test_persons_known_to_vt_in_another_family_count_as_known(zsm):
    """The source counts the family as a whole or the persons individually."""
    from voorop.core.testing import factories as f
    from voorop.meldingen.models import InvolvementRole

    family = zsm.scenario.politie_only_family
    members = list(family.persons.all())
    melding = zsm.arrest_melding(family=family)
    melding.persons.all().delete()
    f.MeldingPersonFactory(melding=melding, person=members[1], role=InvolvementRole.VERDACHTE)
    assert not services.known_to_vt(family.pk, [members[1].pk])
    vt_melding = f.MeldingFactory(
        source_organisation=zsm.orgs["VT"], family_system=zsm.scenario.vt_only_family
    )
    f.MeldingPersonFactory(melding=vt_melding, person=members[1], role=InvolvementRole.SLACHTOFFER)
    case = services.zsm_case_inflow(melding=melding, location=zsm.location)
    assert case.known_to_vt


def test_unknown_family_is_not_known_to_vt(zsm):
    family = zsm.scenario.politie_only_family
    melding = zsm.arrest_melding(family=family)
    melding.persons.all().delete()
    from voorop.core.testing import factories as f
    from voorop.meldingen.models import InvolvementRole

    members = list(family.persons.all())
    f.MeldingPersonFactory(melding=melding, person=members[1], role=InvolvementRole.VERDACHTE)
    case = services.zsm_case_inflow(melding=melding, location=zsm.location)
    assert not case.known_to_vt


def test_inflow_needs_a_suspect_and_a_zsm_location(zsm):
    melding = zsm.arrest_melding()
    melding.persons.filter(role="VERDACHTE").delete()
    with pytest.raises(ValidationError) as excinfo:
        services.zsm_case_inflow(melding=melding, location=zsm.location)
    assert codes(excinfo) == {services.ErrorCode.NO_SUSPECT}
    vt_regio = zsm.orgs["VT"].region or zsm.other_location
    vt_regio.kind = "VT_REGIO"
    with pytest.raises(ValidationError) as excinfo:
        services.zsm_case_inflow(melding=zsm.arrest_melding(), location=vt_regio)
    assert codes(excinfo) == {services.ErrorCode.NOT_A_LOCATION}


# --- HG flag --------------------------------------------------------------------------------------


def test_unlabelled_case_between_partners_is_flagged_mogelijk_hg(zsm):
    case = zsm.case(label_hg=False)
    assert case.hg_label == HgLabel.MOGELIJK_HG
    assert "partners" in case.hg_flag_reason


def test_ex_partner_is_flagged(zsm):
    Relation.objects.filter(person_a=zsm.persons["mother"], person_b=zsm.persons["father"]).update(
        kind=RelationKind.EX_PARTNER
    )
    case = zsm.case(label_hg=False)
    assert case.hg_label == HgLabel.MOGELIJK_HG and "(ex-)partners" in case.hg_flag_reason


def test_family_relation_is_flagged_as_family(zsm):
    case = zsm.case(label_hg=False, victim="child")
    assert case.hg_label == HgLabel.MOGELIJK_HG and "familie" in case.hg_flag_reason


def test_strangers_are_not_flagged(zsm):
    other = zsm.scenario.politie_only_family
    stranger = other.persons.first()
    from voorop.core.testing import factories as f
    from voorop.meldingen.models import InvolvementRole

    melding = zsm.arrest_melding(label_hg=False)
    melding.persons.filter(role="SLACHTOFFER").delete()
    f.MeldingPersonFactory(melding=melding, person=stranger, role=InvolvementRole.SLACHTOFFER)
    case = services.zsm_case_inflow(melding=melding, location=zsm.location)
    assert case.hg_label == HgLabel.GEEN and case.hg_flag_reason == ""


def test_an_arrest_without_any_sign_of_hg_does_not_involve_veilig_thuis(zsm):
    """A family member's offence against someone outside the family: the ZSM partners work it,
    Veilig Thuis has no role and does not become involved in the family."""
    from voorop.core.testing import factories as f
    from voorop.meldingen.models import InvolvementRole

    family = zsm.scenario.politie_only_family
    suspect = family.persons.first()
    melding = zsm.arrest_melding(label_hg=False, family=family)
    melding.persons.all().delete()
    f.MeldingPersonFactory(melding=melding, person=suspect, role=InvolvementRole.VERDACHTE)
    f.MeldingPersonFactory(
        melding=melding,
        person=None,
        given_names="Piet",
        prefix="",
        surname="Voorbijganger",
        date_of_birth=None,
        role=InvolvementRole.SLACHTOFFER,
    )
    case = services.zsm_case_inflow(melding=melding, location=zsm.location)
    assert case.hg_label == HgLabel.GEEN
    involved = set(
        OrganisationInvolvement.objects.filter(family_system=family).values_list(
            "organisation__kind", flat=True
        )
    )
    assert "VT" not in involved and {"POLITIE", "OM", "RECLASSERING"} <= involved


def test_confirming_the_flag_labels_the_case_and_creates_a_vt_melding(zsm):
    case = zsm.case(label_hg=False)
    services.zsm_hg_confirm(user=zsm.users["OM"], case=case)
    assert case.hg_label == HgLabel.BEVESTIGD
    vt_melding = Melding.objects.get(pk=case.vt_melding_id)
    assert vt_melding.kind == MeldingKind.VT_MELDING and vt_melding.label_hg
    assert vt_melding.source_organisation == zsm.orgs["VT"]
    assert vt_melding.follows_from == case.melding
    assert vt_melding.persons.count() == 2
    with pytest.raises(ValidationError) as excinfo:
        services.zsm_hg_confirm(user=zsm.users["VT"], case=case)
    assert codes(excinfo) == {services.ErrorCode.NOT_FLAGGED}


def test_rejecting_the_flag_needs_a_reason(zsm):
    case = zsm.case(label_hg=False)
    with pytest.raises(ValidationError):
        services.zsm_hg_reject(user=zsm.users["VT"], case=case, note=" ")
    services.zsm_hg_reject(user=zsm.users["VT"], case=case, note="Buren, geen relatie.")
    assert case.hg_label == HgLabel.AFGEWEZEN


# --- RvdK ---------------------------------------------------------------------------------------


def test_rvdk_is_involved_for_an_adult_suspect_with_children(zsm):
    case = zsm.case()
    assert case.rvdk_involved and "meerderjarige" in case.rvdk_reason


def test_rvdk_is_involved_for_a_minor_suspect(zsm):
    case = zsm.case(suspect="child", victim="mother")
    assert case.rvdk_involved and case.rvdk_reason == "minderjarige verdachte"


def test_rvdk_not_involved_without_children(zsm):
    child = zsm.persons["child"]
    child.date_of_birth = dt.date(1990, 1, 1)
    child.save()
    case = zsm.case()
    assert not case.rvdk_involved and case.rvdk_reason == ""
    # The Raad works no case here: it does not become involved in the family, and VT's
    # conditions go to the partners that do work it.
    involved = set(
        OrganisationInvolvement.objects.filter(family_system=zsm.family).values_list(
            "organisation__kind", flat=True
        )
    )
    assert "RVDK" not in involved and {"OM", "RECLASSERING"} <= involved
    services.zsm_beoordeling_link(user=zsm.users["VT"], case=case, beoordeling=zsm.part_a())
    recipients = services.zsm_vt_share(
        user=zsm.users["VT"],
        case=case,
        necessity="De ZSM-partners moeten de veiligheidsvoorwaarden kennen voor het besluit.",
    )
    assert {o.kind for o in recipients} == {"POLITIE", "OM", "RECLASSERING"}


# --- VT at ZSM ------------------------------------------------------------------------------------


def test_vt_links_part_a_and_shares_conditions_with_the_zsm_partners(zsm):
    case = zsm.case()
    b = zsm.part_a()
    with pytest.raises(ValidationError):
        services.zsm_beoordeling_link(user=zsm.users["OM"], case=case, beoordeling=b)
    services.zsm_beoordeling_link(user=zsm.users["VT"], case=case, beoordeling=b)
    assert case.beoordeling == b
    assert "deel A binnen de klok" in case.events.filter(kind="BEOORDELING").get().note
    recipients = services.zsm_vt_share(
        user=zsm.users["VT"],
        case=case,
        legal_basis=zsm.bases[VT_BASIS],
        necessity="De ZSM-partners moeten de veiligheidsvoorwaarden kennen voor het besluit.",
    )
    assert {o.kind for o in recipients} == {"POLITIE", "OM", "RECLASSERING", "RVDK"}
    assert Disclosure.objects.filter(family_system=zsm.family, moment="ZSM").count() == 4


def test_a_draft_cannot_be_linked(zsm):
    from voorop.assessment import services as assessment_services

    case = zsm.case()
    draft = assessment_services.beoordeling_start(
        user=zsm.users["VT"], family_system=zsm.family, context="ZSM"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.zsm_beoordeling_link(user=zsm.users["VT"], case=case, beoordeling=draft)
    assert codes(excinfo) == {services.ErrorCode.BEOORDELING}


# --- 3RO and afstemmingsoverleg -------------------------------------------------------------


def test_3ro_advice_records_coordination_with_vt(zsm):
    case = zsm.case()
    with pytest.raises(ValidationError) as excinfo:
        services.zsm_advice_record(
            user=zsm.users["RECLASSERING"],
            case=case,
            advice="Contactverbod.",
            builds_on_vt=True,
            coordinated_with_vt=True,
        )
    assert codes(excinfo) == {services.ErrorCode.MINUTES}
    advice = services.zsm_advice_record(
        user=zsm.users["RECLASSERING"],
        case=case,
        advice="Contactverbod en meldplicht.",
        builds_on_vt=True,
        coordinated_with_vt=True,
        coordination_minutes=15,
    )
    assert advice.coordination_minutes == 15
    with pytest.raises(ValidationError) as excinfo:
        services.zsm_advice_record(
            user=zsm.users["OM"],
            case=case,
            advice="x",
            builds_on_vt=False,
            coordinated_with_vt=False,
        )
    assert codes(excinfo) == {services.ErrorCode.WRONG_KIND}


def test_afstemmingsoverleg_is_recorded_with_vt_presence(zsm):
    case = zsm.case()
    overleg = services.zsm_overleg_record(
        user=zsm.users["OM"],
        case=case,
        vt_presence=VtPresence.TELEFONISCH,
        organisations=[zsm.orgs["OM"], zsm.orgs["RECLASSERING"], zsm.orgs["VT"]],
        summary="Besproken: contactverbod, VT zet hulp in.",
    )
    assert overleg.organisations.count() == 3


# --- OM -----------------------------------------------------------------------------------------


def test_transition_table_is_enforced(zsm):
    case = zsm.case()
    with pytest.raises(ValidationError) as excinfo:
        services.zsm_decide(user=zsm.users["OM"], case=case, disposal=Disposal.DAGVAARDING)
    assert codes(excinfo) == {"zsm_overgang_niet_toegestaan"}
    services.zsm_case_take_up(user=zsm.users["OM"], case=case)
    decision = services.zsm_decide(user=zsm.users["OM"], case=case, disposal=Disposal.DAGVAARDING)
    assert case.status == Status.BESLOTEN and decision.officier == zsm.users["OM"]


def test_delayed_case_returns_with_history_and_new_clock_to_another_officier(zsm):
    case = zsm.case()
    services.zsm_case_take_up(user=zsm.users["OM"], case=case)
    new_date = timezone.localdate() + dt.timedelta(days=7)
    services.zsm_delay(
        user=zsm.users["OM"],
        case=case,
        delay_to=DelayTo.HG_SPREEKUUR,
        delay_until=new_date,
        note="Wacht op volledige veiligheidsbeoordeling VT.",
    )
    assert case.status == Status.UITGESTELD
    with pytest.raises(ValidationError) as excinfo:
        services.zsm_case_return(user=zsm.users["OM2"], case=case)
    assert codes(excinfo) == {services.ErrorCode.NOT_DUE}
    later = timezone.now() + dt.timedelta(days=7, hours=1)
    services.zsm_case_return(user=zsm.users["OM2"], case=case, at=later)
    assert case.status == Status.INSTROOM and case.returns == 1
    assert case.due_at == later + CLOCK
    services.zsm_case_take_up(user=zsm.users["OM2"], case=case)
    services.zsm_decide(user=zsm.users["OM2"], case=case, disposal=Disposal.STRAFBESCHIKKING)
    statuses = list(case.events.exclude(to_status="").values_list("to_status", flat=True))
    assert statuses == [
        "INSTROOM",
        "IN_BEHANDELING",
        "UITGESTELD",
        "INSTROOM",
        "IN_BEHANDELING",
        "BESLOTEN",
    ]
    assert "Olga Officier" in case.events.filter(to_status="INSTROOM").last().note


def test_delay_needs_a_target_future_date_and_handover(zsm):
    case = zsm.case()
    services.zsm_case_take_up(user=zsm.users["OM"], case=case)
    with pytest.raises(ValidationError) as excinfo:
        services.zsm_delay(
            user=zsm.users["OM"],
            case=case,
            delay_to=DelayTo.VERDIEPINGSTAFEL,
            delay_until=timezone.localdate(),
            note="",
        )
    assert codes(excinfo) == {services.ErrorCode.DELAY}


def test_only_partners_at_the_location_act(zsm):
    case = zsm.case()
    with pytest.raises(PermissionDenied):
        services.zsm_case_take_up(user=zsm.users["OTHER_OM"], case=case)


# --- the release safeguard ------------------------------------------------------------------------


def test_release_refused_with_acute_unsafety_and_no_measure(zsm):
    case = zsm.case(acute=True)
    with pytest.raises(ValidationError) as excinfo:
        services.zsm_suspect_release(user=zsm.users["OM"], case=case)
    assert codes(excinfo) == {services.ErrorCode.RELEASE_UNSAFE}
    assert "Conflict" in str(excinfo.value)
    case.refresh_from_db()
    assert case.suspect_released_at is None


def test_release_refused_when_part_a_says_hoog(zsm):
    case = zsm.case(acute=False)
    services.zsm_beoordeling_link(
        user=zsm.users["VT"], case=case, beoordeling=zsm.part_a(level="HOOG")
    )
    with pytest.raises(ValidationError) as excinfo:
        services.zsm_suspect_release(user=zsm.users["POLITIE"], case=case)
    assert codes(excinfo) == {services.ErrorCode.RELEASE_UNSAFE}


def test_release_allowed_with_a_juridical_measure(zsm):
    case = zsm.case(acute=True)
    services.zsm_case_take_up(user=zsm.users["OM"], case=case)
    services.zsm_decide(
        user=zsm.users["OM"],
        case=case,
        disposal=Disposal.SEPOT_VOORWAARDEN,
        juridical_measures="Contactverbod met Eva de Vries, 90 dagen.",
    )
    services.zsm_suspect_release(user=zsm.users["OM"], case=case)
    assert case.suspect_released_at is not None


def test_release_allowed_with_a_temporary_measure_agreed_in_the_safety_plan(zsm):
    from voorop.safetyplan.models import AgreementTopic

    case = zsm.case(acute=True)
    plan_services.plan_add_agreement(
        user=zsm.users["POLITIE"],
        family_system=zsm.family,
        topic=AgreementTopic.TIJDELIJKE_MAATREGELEN,
        description="Tijdelijk huisverbod, 10 dagen, politie en Veilig Thuis.",
        owner_organisation=zsm.orgs["POLITIE"],
        starts_on=timezone.localdate(),
        moment="ZSM",
    )
    services.zsm_suspect_release(user=zsm.users["POLITIE"], case=case)
    assert case.suspect_released_at is not None


def test_release_allowed_with_an_acute_intervention_in_the_safety_plan(zsm):
    from voorop.safetyplan.models import Intervention

    case = zsm.case(acute=True)
    plan_services.plan_add_intervention(
        user=zsm.users["VT"],
        family_system=zsm.family,
        intervention=Intervention.objects.get(code="tijdelijk-huisverbod"),
        owner_organisation=zsm.orgs["VT"],
        moment="ZSM",
    )
    assert any("huisverbod" in m.lower() for m in services.safety_measures(case))
    services.zsm_suspect_release(user=zsm.users["OM"], case=case)
    assert case.suspect_released_at is not None


def test_plan_items_that_are_no_safety_measure_do_not_cover_a_release(zsm):
    """An agreement on who consults whom, a finished or ended measure, or help for the longer
    term leave the conflict in place."""
    from voorop.safetyplan.models import AgreementTopic, Intervention, PlanItem, PlanItemStatus

    case = zsm.case(acute=True)
    plan_services.plan_add_agreement(
        user=zsm.users["POLITIE"],
        family_system=zsm.family,
        topic=AgreementTopic.OVERLEG,
        description="Politie en VT bellen elkaar morgen.",
        owner_organisation=zsm.orgs["POLITIE"],
        starts_on=timezone.localdate(),
        moment="ZSM",
    )
    ended = plan_services.plan_add_agreement(
        user=zsm.users["POLITIE"],
        family_system=zsm.family,
        topic=AgreementTopic.TIJDELIJKE_MAATREGELEN,
        description="Huisverbod van vorige maand.",
        owner_organisation=zsm.orgs["POLITIE"],
        starts_on=timezone.localdate() - dt.timedelta(days=40),
        moment="ZSM",
    )
    PlanItem.objects.filter(pk=ended.pk).update(
        ends_on=timezone.localdate() - dt.timedelta(days=30)
    )
    later = next(i for i in Intervention.objects.order_by("pk") if "ACUUT" not in i.phases)
    plan_services.plan_add_intervention(
        user=zsm.users["VT"],
        family_system=zsm.family,
        intervention=later,
        owner_organisation=zsm.orgs["VT"],
        moment="ZSM",
    )
    done = plan_services.plan_add_intervention(
        user=zsm.users["VT"],
        family_system=zsm.family,
        intervention=Intervention.objects.get(code="tijdelijk-huisverbod"),
        owner_organisation=zsm.orgs["VT"],
        moment="ZSM",
    )
    PlanItem.objects.filter(pk=done.pk).update(status=PlanItemStatus.DONE)
    assert services.safety_measures(case) == []
    with pytest.raises(ValidationError) as excinfo:
        services.zsm_suspect_release(user=zsm.users["POLITIE"], case=case)
    assert codes(excinfo) == {services.ErrorCode.RELEASE_UNSAFE}


def test_release_without_acute_unsafety_is_allowed(zsm):
    case = zsm.case(acute=False)
    services.zsm_suspect_release(user=zsm.users["OM"], case=case)
    with pytest.raises(ValidationError) as excinfo:
        services.zsm_suspect_release(user=zsm.users["OM"], case=case)
    assert codes(excinfo) == {services.ErrorCode.ALREADY_RELEASED}
    with pytest.raises(ValidationError):
        services.zsm_suspect_release(user=zsm.users["RECLASSERING"], case=case)


def test_case_stays_when_its_melding_is_removed_by_retention(zsm):
    case = zsm.case()
    melding = case.melding
    melding.persons.all().delete()
    melding.delete()
    case.refresh_from_db()
    assert case.melding_id is None and case.status == Status.INSTROOM


def test_history_says_when_part_a_came_after_the_clock(zsm):
    from voorop.zsm.models import ZsmCase

    case = zsm.case()
    ZsmCase.objects.filter(pk=case.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    case.refresh_from_db()
    services.zsm_beoordeling_link(user=zsm.users["VT"], case=case, beoordeling=zsm.part_a())
    assert "deel A na de klok" in case.events.filter(kind="BEOORDELING").get().note
