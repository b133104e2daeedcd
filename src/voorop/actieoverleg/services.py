"""Writes of the actieoverleg. Each is one transaction with its access-log record; status
changes follow the tables in ``voorop.actieoverleg.workflow`` and lock the row first.

Business rules:

- Any partner submits a case to Veilig Thuis with a reason; only a family system with a VT
  melding qualifies, and the submission goes to the VT organisation of its newest VT melding
  (the chair; a family that moved is discussed in its new region). A family has at most one
  undecided submission at a time.
- The chair (role VOORZITTER_ACTIEOVERLEG in that VT organisation) plans meetings with police
  and OM as standing participants, and puts a submission on an agenda only when all four
  criteria hold; otherwise rejects it, and the check is kept with the decision.
- Scheduling invites 3RO and RvdK for the item when dat-informatie shows they are or were
  involved in the family system (the dat-informatie query is itself logged).
- Records of steps 1–3 are made while the meeting is Bezig: information shared is a disclosure
  in the register (``moment=ACTIEOVERLEG``) by the participant who shares; investigative acts,
  agreements and interventions are written by the chair into the family's veiligheidsplan
  (``moment_reference`` = the item's reference), each with owner and date.
- The OM's decision on criminal law is recorded only by a user of the OM organisation taking
  part in the item. Any participant records a disagreement; the chair resolves or escalates
  it, and escalates a case to MDA++ with its route.

Errors are Dutch ``ValidationError``s keyed by argument name, each with a code from
``ErrorCode``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from voorop.actieoverleg import selectors, workflow
from voorop.actieoverleg.models import (
    CRITERIA,
    AgendaItem,
    Disagreement,
    DisagreementStatus,
    Escalation,
    InvestigativeAct,
    InvitationBasis,
    ItemStatus,
    Meeting,
    MeetingStatus,
    OmDecision,
    Participation,
    ParticipationResponse,
    RegionHandover,
    SharedInformation,
    Submission,
    SubmissionStatus,
)
from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.authz import policy
from voorop.authz.selectors import is_professional
from voorop.core.errors import field_error as _error
from voorop.meldingen.models import Melding
from voorop.organisations.models import Organisation, OrganisationKind
from voorop.persons.models import FamilySystem
from voorop.safetyplan import services as plan_services
from voorop.safetyplan.models import AgreementTopic, Intervention, PlanItem
from voorop.sharing import services as sharing_services
from voorop.sharing.betrokkenheid import involvement_for_family
from voorop.sharing.models import CoordinationMoment, LegalBasis

#: Object types of the access log.
SUBMISSION = "actieoverleg-aanmelding"
MEETING = "actieoverleg"
ITEM = "actieoverleg-agendapunt"
DISAGREEMENT = "actieoverleg-verschil"

#: The plan services' field names as this app's services and forms call them.
PLAN_FIELDS = {"ends_on": "due_on"}

#: The kinds invited per item when they are or were involved.
INVITED_KINDS = (OrganisationKind.RECLASSERING, OrganisationKind.RVDK)


class ErrorCode:
    NOT_PARTNER = "geen_partner"
    NOT_PROFESSIONAL = "geen_casusrol"
    NO_VT_MELDING = "geen_vt_melding"
    ALREADY_SUBMITTED = "al_aangemeld"
    NOT_CHAIR = "geen_voorzitter"
    CRITERIA_NOT_MET = "criteria_niet_voldaan"
    CRITERIA_MISSING = "criteria_onvolledig"
    TRANSITION_NOT_ALLOWED = "statusovergang_niet_toegestaan"
    MEETING_NOT_RUNNING = "overleg_niet_bezig"
    NOT_PARTICIPANT = "geen_deelnemer"
    NOT_OM = "niet_om"
    NOT_OTHER_VT = "geen_andere_vt"
    SLOT_INVALID = "tijdslot_ongeldig"
    SLOT_OUTSIDE = "tijdslot_buiten_overleg"
    SLOT_TAKEN = "tijdslot_bezet"
    DATE_PAST = "datum_verleden"
    EMPTY = "leeg"
    STANDING_KIND = "vaste_deelnemer_ongeldig"
    STANDING_MISSING = "vaste_deelnemer_ontbreekt"
    MEETING_FINISHED = "overleg_afgerond"


def _log(*, user, action: str, object_type: str, object_id, family_system_id: int | None, channel):
    access_log_write(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        person_ids=selectors.family_member_ids(family_system_id) if family_system_id else (),
        purpose=str(CoordinationMoment.ACTIEOVERLEG.label),
        channel=channel,
    )


def _reference(prefix: str, pk: int) -> str:
    return f"{prefix}-{timezone.localdate():%Y}-{pk:06d}"


def _check_chair(user, vt_organisation_id: int) -> None:
    if not selectors.is_chair(user, vt_organisation_id=vt_organisation_id):
        raise _error(
            NON_FIELD_ERRORS,
            _("Alleen de voorzitter van dit actieoverleg (Veilig Thuis) kan dit doen."),
            ErrorCode.NOT_CHAIR,
        )


def _check_transition(table, source: str, target: str) -> None:
    if not workflow.allowed(table, source, target):
        raise _error(
            NON_FIELD_ERRORS,
            _("Deze statusovergang is niet toegestaan."),
            ErrorCode.TRANSITION_NOT_ALLOWED,
        )


def _check_running(meeting: Meeting) -> None:
    """Checked against the database, not a possibly stale instance."""
    if not Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.BEZIG).exists():
        raise _error(
            NON_FIELD_ERRORS,
            _("Dit kan alleen vastgelegd worden terwijl het actieoverleg bezig is."),
            ErrorCode.MEETING_NOT_RUNNING,
        )


def _check_professional(user) -> None:
    """Records are made by professionals in a casework role; the privacy officer and the
    functioneel beheerder of a participant read along (as in every workflow, ADR 0009)."""
    if not is_professional(user):
        raise _error(
            NON_FIELD_ERRORS,
            _(
                "Privacy officers en functioneel beheerders lezen mee; vastleggen doen de "
                "professionals van uw organisatie."
            ),
            ErrorCode.NOT_PROFESSIONAL,
        )


def _participant_organisation(user, item: AgendaItem) -> Organisation:
    """The user's organisation if it takes part in the item: the chairing Veilig Thuis or an
    organisation with a ``Participation`` (standing or invited). A region the item was only
    handed over to reads it, but does not take part. Only its professionals record."""
    organisation = selectors._organisation(user)
    if organisation is None or not (
        organisation.pk == item.meeting.vt_organisation_id
        or item.participations.filter(organisation=organisation).exists()
    ):
        raise _error(
            NON_FIELD_ERRORS,
            _("Uw organisatie neemt niet deel aan dit agendapunt."),
            ErrorCode.NOT_PARTICIPANT,
        )
    _check_professional(user)
    return organisation


def _check_not_past(name: str, day: dt.date | None) -> None:
    if day is not None and day < selectors.today():
        raise _error(name, _("Deze datum ligt in het verleden."), ErrorCode.DATE_PAST)


def _rekeyed(error: ValidationError, mapping: Mapping[str, str]) -> ValidationError:
    """A plan service's error with its field names as this app's forms call them."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({mapping.get(k, k): v for k, v in error.error_dict.items()})


# --- submissions --------------------------------------------------------------------------------


def submission_create(
    *, user, family_system: FamilySystem, reason: str, channel: str = "WEB"
) -> Submission:
    """Submit a case to the VT organisation of the family's newest VT melding; the waiting
    time counts from that melding."""
    organisation = getattr(user, "organisation", None)
    if (
        organisation is None
        or not organisation.is_partner
        or not policy.family_systems_for(user).filter(pk=family_system.pk).exists()
    ):
        raise _error(
            NON_FIELD_ERRORS,
            _("Alleen een partnerorganisatie die dit gezinssysteem kent, kan het aanmelden."),
            ErrorCode.NOT_PARTNER,
        )
    _check_professional(user)
    reason = (reason or "").strip()
    if not reason:
        raise _error("reason", _("Geef de reden van de aanmelding."), ErrorCode.EMPTY)
    melding = selectors.latest_vt_melding(family_system)
    if melding is None:
        raise _error(
            NON_FIELD_ERRORS,
            _("Alleen casuïstiek met een melding bij Veilig Thuis komt in het actieoverleg."),
            ErrorCode.NO_VT_MELDING,
        )
    with transaction.atomic():
        if Submission.objects.filter(
            family_system=family_system,
            status__in=[SubmissionStatus.INGEDIEND, SubmissionStatus.GEAGENDEERD],
        ).exists():
            raise _error(
                NON_FIELD_ERRORS,
                _("Dit gezinssysteem is al aangemeld voor het actieoverleg."),
                ErrorCode.ALREADY_SUBMITTED,
            )
        submission = Submission(
            reference=f"AO-AANM-{timezone.now():%Y%m%d%H%M%S%f}",
            family_system=family_system,
            vt_organisation_id=melding.source_organisation_id,
            submitted_by_organisation=organisation,
            submitted_by=user,
            reason=reason,
            submitted_at=timezone.now(),
            melding_received_at=melding.received_at,
        )
        submission.full_clean()
        submission.save()
        submission.reference = _reference("AO-AANM", submission.pk)
        submission.save(update_fields=["reference"])
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=SUBMISSION,
            object_id=submission.pk,
            family_system_id=family_system.pk,
            channel=channel,
        )
    return submission


def _criteria(criteria: Mapping[str, bool]) -> dict[str, bool]:
    missing = [name for name in CRITERIA if name not in criteria]
    if missing:
        raise _error(
            NON_FIELD_ERRORS,
            _("Beoordeel alle vier de criteria."),
            ErrorCode.CRITERIA_MISSING,
        )
    return {name: bool(criteria[name]) for name in CRITERIA}


def _locked_submission(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


def submission_reject(
    *,
    user,
    submission: Submission,
    criteria: Mapping[str, bool],
    note: str = "",
    channel: str = "WEB",
) -> Submission:
    """The chair does not put the case on the agenda, and says why (the submitter reads it);
    the criteria check is kept."""
    _check_chair(user, submission.vt_organisation_id)
    checked = _criteria(criteria)
    with transaction.atomic():
        submission = _locked_submission(submission)
        _check_transition(workflow.SUBMISSION, submission.status, SubmissionStatus.AFGEWEZEN)
        if not (note or "").strip():
            raise _error(
                "note",
                _(
                    "Geef aan waarom de casus niet op de agenda komt: de aanmelder leest deze "
                    "toelichting."
                ),
                ErrorCode.EMPTY,
            )
        for name, value in checked.items():
            setattr(submission, name, value)
        submission.status = SubmissionStatus.AFGEWEZEN
        submission.decided_by = user
        submission.decided_at = timezone.now()
        submission.decision_note = (note or "").strip()
        submission.full_clean()
        submission.save(
            update_fields=[*CRITERIA, "status", "decided_by", "decided_at", "decision_note"]
        )
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=SUBMISSION,
            object_id=submission.pk,
            family_system_id=submission.family_system_id,
            channel=channel,
        )
    return submission


# --- meetings -----------------------------------------------------------------------------------


def meeting_create(
    *,
    user,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    standing_organisations: Sequence[Organisation],
    location: str = "",
    channel: str = "WEB",
) -> Meeting:
    """Plan an actieoverleg of the chair's VT organisation (its VT region), with police and OM
    as standing participants."""
    organisation = getattr(user, "organisation", None)
    _check_chair(user, getattr(organisation, "pk", -1))
    assert organisation is not None  # the chair belongs to a VT organisation
    if ends_at <= starts_at:
        raise _error("ends_at", _("Het overleg eindigt na het begin."), ErrorCode.SLOT_INVALID)
    if any(
        o.kind not in (OrganisationKind.POLITIE, OrganisationKind.OM)
        for o in standing_organisations
    ):
        raise _error(
            "standing_organisations",
            _("Vaste deelnemers zijn politie en OM; 3RO en RvdK worden per casus uitgenodigd."),
            ErrorCode.STANDING_KIND,
        )
    kinds = {o.kind for o in standing_organisations}
    if not {OrganisationKind.POLITIE, OrganisationKind.OM} <= kinds:
        raise _error(
            "standing_organisations",
            _("Kies de politie en het OM: zij nemen vast deel aan het actieoverleg."),
            ErrorCode.STANDING_MISSING,
        )
    with transaction.atomic():
        meeting = Meeting(
            reference=f"AO-{timezone.now():%Y%m%d%H%M%S%f}",
            vt_organisation=organisation,
            region=organisation.region,
            chair=user,
            starts_at=starts_at,
            ends_at=ends_at,
            location=(location or "").strip(),
        )
        meeting.full_clean()
        meeting.save()
        meeting.reference = _reference("AO", meeting.pk)
        meeting.save(update_fields=["reference"])
        meeting.standing_organisations.set(standing_organisations)
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=MEETING,
            object_id=meeting.pk,
            family_system_id=None,
            channel=channel,
        )
    return meeting


def _involved_invitees(*, user, family_system: FamilySystem, channel: str) -> list[Organisation]:
    """3RO and RvdK organisations that are or were involved (dat-informatie)."""
    involvement = involvement_for_family(
        user=user, family_system_id=family_system.pk, channel=channel
    )
    ids = [
        o.organisation.id for o in involvement.organisations if o.organisation.kind in INVITED_KINDS
    ]
    return list(Organisation.objects.filter(pk__in=ids))


def submission_schedule(
    *,
    user,
    submission: Submission,
    meeting: Meeting,
    criteria: Mapping[str, bool],
    slot_start: dt.datetime,
    slot_end: dt.datetime,
    note: str = "",
    channel: str = "WEB",
) -> AgendaItem:
    """Put the case on the meeting's agenda in a time slot, once all four criteria hold.
    Police and OM take part as standing participants; 3RO and RvdK are invited when
    dat-informatie shows they are or were involved."""
    _check_chair(user, submission.vt_organisation_id)
    if meeting.vt_organisation_id != submission.vt_organisation_id:
        raise _error(
            "meeting",
            _("Kies een actieoverleg van dezelfde Veilig Thuis-organisatie."),
            ErrorCode.NOT_CHAIR,
        )
    checked = _criteria(criteria)
    if not all(checked.values()):
        raise _error(
            NON_FIELD_ERRORS,
            _("Niet alle criteria zijn voldaan: wijs de aanmelding af."),
            ErrorCode.CRITERIA_NOT_MET,
        )
    if slot_end <= slot_start:
        raise _error("slot_end", _("Het tijdslot eindigt na het begin."), ErrorCode.SLOT_INVALID)
    if slot_start < meeting.starts_at or slot_end > meeting.ends_at:
        raise _error(
            "slot_start",
            _("Het tijdslot valt buiten het overleg (%(start)s–%(end)s).")
            % {
                "start": f"{timezone.localtime(meeting.starts_at):%H:%M}",
                "end": f"{timezone.localtime(meeting.ends_at):%H:%M}",
            },
            ErrorCode.SLOT_OUTSIDE,
        )
    with transaction.atomic():
        # The meeting is locked: positions, references and free slots are decided one at a time.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status == MeetingStatus.AFGEROND:
            raise _error(
                "meeting",
                _("Dit actieoverleg is al afgerond."),
                ErrorCode.TRANSITION_NOT_ALLOWED,
            )
        taken = meeting.items.filter(slot_start__lt=slot_end, slot_end__gt=slot_start).first()
        if taken is not None:
            raise _error(
                "slot_start",
                _("Dit tijdslot overlapt met agendapunt %(ref)s (%(start)s–%(end)s).")
                % {
                    "ref": taken.reference,
                    "start": f"{timezone.localtime(taken.slot_start):%H:%M}",
                    "end": f"{timezone.localtime(taken.slot_end):%H:%M}",
                },
                ErrorCode.SLOT_TAKEN,
            )
        submission = _locked_submission(submission)
        _check_transition(workflow.SUBMISSION, submission.status, SubmissionStatus.GEAGENDEERD)
        for name, value in checked.items():
            setattr(submission, name, value)
        submission.status = SubmissionStatus.GEAGENDEERD
        submission.decided_by = user
        submission.decided_at = timezone.now()
        submission.decision_note = (note or "").strip()
        submission.save(
            update_fields=[*CRITERIA, "status", "decided_by", "decided_at", "decision_note"]
        )
        position = meeting.items.count() + 1
        item = AgendaItem(
            reference=f"{meeting.reference}-{position:02d}",
            meeting=meeting,
            submission=submission,
            position=position,
            slot_start=slot_start,
            slot_end=slot_end,
        )
        item.full_clean()
        item.save()
        standing = [
            Participation(item=item, organisation=o, basis=InvitationBasis.VAST)
            for o in meeting.standing_organisations.all()
        ]
        invited = [
            Participation(item=item, organisation=o, basis=InvitationBasis.BETROKKEN)
            for o in _involved_invitees(
                user=user, family_system=submission.family_system, channel=channel
            )
        ]
        Participation.objects.bulk_create(standing + invited)
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=ITEM,
            object_id=item.pk,
            family_system_id=submission.family_system_id,
            channel=channel,
        )
    return item


def participation_respond(
    *, user, item: AgendaItem, response: str, channel: str = "WEB"
) -> Participation:
    """A participant says whether it joins the item and whether it prepared (step 0)."""
    if response not in ParticipationResponse.values or response == ParticipationResponse.OPEN:
        raise _error("response", _("Kies een reactie."), ErrorCode.EMPTY)
    _check_professional(user)
    organisation = getattr(user, "organisation", None)
    with transaction.atomic():
        participation = (
            Participation.objects.select_for_update()
            .filter(item=item, organisation=organisation)
            .first()
        )
        if participation is None:
            raise _error(
                NON_FIELD_ERRORS,
                _("Uw organisatie is niet uitgenodigd voor dit agendapunt."),
                ErrorCode.NOT_PARTICIPANT,
            )
        if Meeting.objects.filter(pk=item.meeting_id, status=MeetingStatus.AFGEROND).exists():
            raise _error(
                NON_FIELD_ERRORS,
                _("Dit actieoverleg is al afgerond."),
                ErrorCode.MEETING_FINISHED,
            )
        participation.response = response
        participation.responded_by = user
        participation.responded_at = timezone.now()
        participation.save(update_fields=["response", "responded_by", "responded_at"])
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=ITEM,
            object_id=item.pk,
            family_system_id=None,
            channel=channel,
        )
    return participation


def _meeting_transition(*, user, meeting: Meeting, target: str, channel: str) -> Meeting:
    _check_chair(user, meeting.vt_organisation_id)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_transition(workflow.MEETING, meeting.status, target)
        meeting.status = target
        fields = ["status"]
        if target == MeetingStatus.BEZIG:
            meeting.started_at = timezone.now()
            fields.append("started_at")
        else:
            meeting.finished_at = timezone.now()
            fields.append("finished_at")
        meeting.save(update_fields=fields)
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=MEETING,
            object_id=meeting.pk,
            family_system_id=None,
            channel=channel,
        )
    return meeting


def meeting_start(*, user, meeting: Meeting, channel: str = "WEB") -> Meeting:
    """The chair opens the meeting (Gepland → Bezig)."""
    return _meeting_transition(
        user=user, meeting=meeting, target=MeetingStatus.BEZIG, channel=channel
    )


def meeting_finish(*, user, meeting: Meeting, channel: str = "WEB") -> Meeting:
    """The chair closes the meeting (Bezig → Afgerond); items not discussed go back to the
    chair's list of submissions (Ingediend) for a next meeting."""
    with transaction.atomic():
        meeting = _meeting_transition(
            user=user, meeting=meeting, target=MeetingStatus.AFGEROND, channel=channel
        )
        # Geagendeerd → Ingediend in the table: not reached, back on the chair's list.
        Submission.objects.filter(
            items__meeting=meeting,
            items__status=ItemStatus.GEPLAND,
            status=SubmissionStatus.GEAGENDEERD,
        ).update(status=SubmissionStatus.INGEDIEND)
    return meeting


# --- steps 1–3 ------------------------------------------------------------------------------------


def item_share_information(
    *,
    user,
    item: AgendaItem,
    to_organisation: Organisation,
    legal_basis: LegalBasis,
    necessity: str,
    items: Sequence[tuple[Melding, Sequence[str]]],
    interpretation: str = "",
    channel: str = "WEB",
) -> SharedInformation:
    """Step 1: a participant shares meldingen with another participant, through the
    disclosure register (legal basis, necessity, field groups), and adds its interpretation."""
    organisation = _participant_organisation(user, item)
    _check_running(item.meeting)
    recipients = selectors.item_participant_organisations(item=item).exclude(pk=organisation.pk)
    if not recipients.filter(pk=to_organisation.pk).exists():
        raise _error(
            "to_organisation",
            _("Deel alleen met een andere organisatie die aan dit agendapunt deelneemt."),
            ErrorCode.NOT_PARTICIPANT,
        )
    with transaction.atomic():
        disclosure = sharing_services.disclosure_create(
            user=user,
            family_system=item.submission.family_system,
            to_organisation=to_organisation,
            legal_basis=legal_basis,
            moment=CoordinationMoment.ACTIEOVERLEG,
            necessity=necessity,
            items=items,
            channel=channel,
        )
        shared = SharedInformation.objects.create(
            item=item,
            disclosure=disclosure,
            organisation=organisation,
            interpretation=(interpretation or "").strip(),
            recorded_at=timezone.now(),
        )
    return shared


def _chair_plan_check(user, item: AgendaItem) -> None:
    _check_chair(user, item.meeting.vt_organisation_id)
    _check_running(item.meeting)


def _check_owner(item: AgendaItem, owner_organisation: Organisation) -> None:
    """Agreements are carried out by those at the table (their representatives have the
    mandate), and only they follow them up in the actieoverleg's list of open agreements."""
    if (
        not selectors.item_participant_organisations(item=item)
        .filter(pk=owner_organisation.pk)
        .exists()
    ):
        raise _error(
            "owner_organisation",
            _("Kies als eigenaar een organisatie die aan dit agendapunt deelneemt."),
            ErrorCode.NOT_PARTICIPANT,
        )


def item_add_investigative_act(
    *,
    user,
    item: AgendaItem,
    description: str,
    owner_organisation: Organisation,
    due_on: dt.date,
    owner_user=None,
    channel: str = "WEB",
) -> InvestigativeAct:
    """Step 2: agree on an investigative act (who hears whom), in order: it gets the next
    sequence number and goes into the veiligheidsplan with its owner and date."""
    _chair_plan_check(user, item)
    description = (description or "").strip()
    if not description:
        raise _error("description", _("Beschrijf de onderzoekshandeling."), ErrorCode.EMPTY)
    _check_owner(item, owner_organisation)
    _check_not_past("due_on", due_on)
    with transaction.atomic():
        AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
        sequence = item.investigative_acts.count() + 1
        try:
            plan_item = plan_services.plan_add_agreement(
                user=user,
                family_system=item.submission.family_system,
                topic=AgreementTopic.OVERLEG,
                description=_("Onderzoekshandeling %(n)s: %(text)s")
                % {"n": sequence, "text": description},
                owner_organisation=owner_organisation,
                owner_user=owner_user,
                ends_on=due_on,
                moment=CoordinationMoment.ACTIEOVERLEG,
                moment_reference=item.reference,
                channel=channel,
            )
        except ValidationError as error:
            raise _rekeyed(error, PLAN_FIELDS) from error
        return InvestigativeAct.objects.create(
            item=item, sequence=sequence, description=description, plan_item=plan_item
        )


def item_add_agreement(
    *,
    user,
    item: AgendaItem,
    topic: str,
    description: str,
    owner_organisation: Organisation,
    due_on: dt.date,
    owner_user=None,
    channel: str = "WEB",
) -> PlanItem:
    """Step 2: an agreement on acute or structural safety, into the veiligheidsplan."""
    _chair_plan_check(user, item)
    _check_owner(item, owner_organisation)
    _check_not_past("due_on", due_on)
    try:
        return plan_services.plan_add_agreement(
            user=user,
            family_system=item.submission.family_system,
            topic=topic,
            description=description,
            owner_organisation=owner_organisation,
            owner_user=owner_user,
            ends_on=due_on,
            moment=CoordinationMoment.ACTIEOVERLEG,
            moment_reference=item.reference,
            channel=channel,
        )
    except ValidationError as error:
        raise _rekeyed(error, PLAN_FIELDS) from error


def item_add_intervention(
    *,
    user,
    item: AgendaItem,
    intervention: Intervention,
    owner_organisation: Organisation,
    owner_user=None,
    starts_on: dt.date | None = None,
    due_on: dt.date | None = None,
    description: str = "",
    channel: str = "WEB",
) -> PlanItem:
    """Step 2: an intervention from the interventiepalet, into the veiligheidsplan (its end
    and reassessment dates derived from the catalogue unless given)."""
    _chair_plan_check(user, item)
    _check_owner(item, owner_organisation)
    _check_not_past("starts_on", starts_on)
    _check_not_past("due_on", due_on)
    try:
        return plan_services.plan_add_intervention(
            user=user,
            family_system=item.submission.family_system,
            intervention=intervention,
            owner_organisation=owner_organisation,
            owner_user=owner_user,
            starts_on=starts_on,
            ends_on=due_on,
            description=description,
            moment=CoordinationMoment.ACTIEOVERLEG,
            moment_reference=item.reference,
            channel=channel,
        )
    except ValidationError as error:
        raise _rekeyed(error, PLAN_FIELDS) from error


def om_decision_record(
    *, user, item: AgendaItem, decision: str, rationale: str = "", channel: str = "WEB"
) -> OmDecision:
    """The OM's decision whether to take the case up in criminal law: the OM's alone. A
    later call by the OM replaces it (logged as UPDATE)."""
    organisation = _participant_organisation(user, item)
    if organisation.kind != OrganisationKind.OM:
        raise _error(
            NON_FIELD_ERRORS,
            _("Alleen het OM besluit of een zaak strafrechtelijk wordt opgepakt."),
            ErrorCode.NOT_OM,
        )
    with transaction.atomic():
        existing = OmDecision.objects.select_for_update().filter(item=item).first()
        record = existing or OmDecision(item=item)
        record.decision = decision
        record.rationale = (rationale or "").strip()
        record.organisation = organisation
        record.decided_by = user
        record.decided_at = timezone.now()
        record.full_clean()
        record.save()
        _log(
            user=user,
            action=AccessAction.UPDATE if existing else AccessAction.CREATE,
            object_type=ITEM,
            object_id=item.pk,
            family_system_id=item.submission.family_system_id,
            channel=channel,
        )
    return record


def disagreement_record(
    *, user, item: AgendaItem, description: str, channel: str = "WEB"
) -> Disagreement:
    """A participant records that partners disagree about the approach."""
    organisation = _participant_organisation(user, item)
    description = (description or "").strip()
    if not description:
        raise _error("description", _("Beschrijf waarover men het oneens is."), ErrorCode.EMPTY)
    with transaction.atomic():
        record = Disagreement.objects.create(
            item=item,
            organisation=organisation,
            recorded_by=user,
            description=description,
            recorded_at=timezone.now(),
        )
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=ITEM,
            object_id=item.pk,
            family_system_id=item.submission.family_system_id,
            channel=channel,
        )
    return record


def _disagreement_close(
    *, user, disagreement: Disagreement, target: str, outcome: str, escalated_to: str, channel
) -> Disagreement:
    _check_chair(user, disagreement.item.meeting.vt_organisation_id)
    with transaction.atomic():
        record = Disagreement.objects.select_for_update().get(pk=disagreement.pk)
        _check_transition(workflow.DISAGREEMENT, record.status, target)
        record.status = target
        record.outcome = (outcome or "").strip()
        record.escalated_to = (escalated_to or "").strip()
        record.closed_at = timezone.now()
        record.save(update_fields=["status", "outcome", "escalated_to", "closed_at"])
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=ITEM,
            object_id=record.item_id,
            family_system_id=None,
            channel=channel,
        )
    return record


def disagreement_resolve(
    *, user, disagreement: Disagreement, outcome: str, channel: str = "WEB"
) -> Disagreement:
    return _disagreement_close(
        user=user,
        disagreement=disagreement,
        target=DisagreementStatus.OPGELOST,
        outcome=outcome,
        escalated_to="",
        channel=channel,
    )


def disagreement_escalate(
    *, user, disagreement: Disagreement, escalated_to: str, outcome: str = "", channel: str = "WEB"
) -> Disagreement:
    if not (escalated_to or "").strip():
        raise _error("escalated_to", _("Naar wie wordt geëscaleerd?"), ErrorCode.EMPTY)
    return _disagreement_close(
        user=user,
        disagreement=disagreement,
        target=DisagreementStatus.GEESCALEERD,
        outcome=outcome,
        escalated_to=escalated_to,
        channel=channel,
    )


def item_escalate_mda(*, user, item: AgendaItem, route: str, channel: str = "WEB") -> Escalation:
    """The case goes to an MDA++ approach; the chair records the route."""
    _check_chair(user, item.meeting.vt_organisation_id)
    route = (route or "").strip()
    if not route:
        raise _error("route", _("Beschrijf de route."), ErrorCode.EMPTY)
    with transaction.atomic():
        record, created = Escalation.objects.update_or_create(
            item=item,
            defaults={"route": route, "decided_by": user, "decided_at": timezone.now()},
        )
        _log(
            user=user,
            action=AccessAction.CREATE if created else AccessAction.UPDATE,
            object_type=ITEM,
            object_id=item.pk,
            family_system_id=item.submission.family_system_id,
            channel=channel,
        )
    return record


def item_mark_discussed(
    *, user, item: AgendaItem, handover: str = "", channel: str = "WEB"
) -> AgendaItem:
    """Step 3: the case was discussed; the handover is recorded (Gepland → Besproken, and the
    submission Geagendeerd → Besproken)."""
    _chair_plan_check(user, item)
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        _check_transition(workflow.ITEM, locked.status, ItemStatus.BESPROKEN)
        locked.status = ItemStatus.BESPROKEN
        locked.handover = (handover or "").strip()
        locked.discussed_at = timezone.now()
        locked.save(update_fields=["status", "handover", "discussed_at"])
        submission = _locked_submission(locked.submission)
        _check_transition(workflow.SUBMISSION, submission.status, SubmissionStatus.BESPROKEN)
        submission.status = SubmissionStatus.BESPROKEN
        submission.save(update_fields=["status"])
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=ITEM,
            object_id=item.pk,
            family_system_id=submission.family_system_id,
            channel=channel,
        )
    return locked


def item_hand_over_region(
    *,
    user,
    item: AgendaItem,
    to_organisation: Organisation,
    legal_basis: LegalBasis,
    necessity: str,
    channel: str = "WEB",
) -> RegionHandover:
    """The family moved to another VT region: the chair hands the item's plan and minutes to
    that region's Veilig Thuis (its actieoverleg) as a disclosure in the register — the same
    rules as any disclosure (a sharing rule for the pair, a legal basis, a stated necessity).
    While the disclosure is not withdrawn, the recipient reads the item and its minutes."""
    _check_chair(user, item.meeting.vt_organisation_id)
    if (
        to_organisation.kind != OrganisationKind.VT
        or to_organisation.pk == item.meeting.vt_organisation_id
    ):
        raise _error(
            "to_organisation",
            _("Kies de Veilig Thuis-organisatie van de nieuwe regio."),
            ErrorCode.NOT_OTHER_VT,
        )
    family_system = item.submission.family_system
    with transaction.atomic():
        disclosure = sharing_services.disclosure_create_for_record(
            user=user,
            family_system=family_system,
            to_organisation=to_organisation,
            legal_basis=legal_basis,
            moment=CoordinationMoment.ACTIEOVERLEG,
            necessity=necessity,
            person_ids=selectors.family_member_ids(family_system.pk),
            channel=channel,
        )
        return RegionHandover.objects.create(
            item=item,
            disclosure=disclosure,
            to_organisation=to_organisation,
            handed_over_at=timezone.now(),
        )
