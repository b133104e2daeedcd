"""Writes of Samen op in acuut. Each is one transaction with its access-log record; every
status change follows ``voorop.acuut.workflow`` with the row locked.

Business rules (Toolkit Samen op in acuut; ``docs/adr/0009-samen-op-in-acuut.md``):

- The police (a 112 incident) or Veilig Thuis (an acute melding) starts a Samen op in acuut
  on a family system it is involved in, as a professional (not a privacy officer or
  functioneel beheerder). One open episode per family system at a time.
- Step 1. The starter always phones the other party (police → Veilig Thuis, Veilig Thuis →
  police); the call is logged with its outcome (comes on site, phone, video, not reachable)
  and — unless the other comes on site — why. A call that reaches the other party makes it a
  participant and **involved in the family system**: Veilig Thuis is the legal receiver of
  every police report of HG/KM and has its own task there. The first call that reaches Veilig
  Thuis is the moment "Veilig Thuis betrokken". Arrivals are recorded per organisation; the
  police tells Veilig Thuis when it is safe to enter. **The police do not leave before Veilig
  Thuis is there without a phone (or video) consultation with Veilig Thuis first.**
- Step 2. Each party shares what it brings to the motorkapoverleg with the other through the
  disclosure register (``sharing.services``), on a basis the sharing rules allow for Samen op
  in acuut; art. 6 lid 1 sub d AVG (vital interest) is offered by default. Veilig Thuis asks
  the Raad for advice, the police consult the OM and ask the reclassering — each request goes
  through the register to the addressed organisation, which sees that request and can answer
  (its answer goes back through the register). Veilig Thuis makes the veiligheidsbeoordeling
  (``assessment.services``), linked to the episode.
- Step 3. Agreements on who does which investigative act in which order and who talks with
  whom (jointly or not); the kindcheck for every child of the household; injuries — photos of
  adults, and for a child with (suspected) injury a forensic doctor **and** Forensische
  Opsporing, both required before step 3 is done (engaged by the police only); the home as
  crime scene (police).
- Step 4 writes measures (interventiepalet) and agreements into the family's veiligheidsplan
  through ``safetyplan.services`` (moment Samen op in acuut, the episode's reference), and the
  first point of contact for the whole set of measures.
- Step 5 closes with the checklist (veiligheidsbeoordeling part A done, investigation done,
  everyone physically safe) and the handover route. Each party keeps its findings in its own
  records; nothing is copied.

Errors are Dutch ``ValidationError``s keyed by argument name (general ones under
``NON_FIELD_ERRORS``), each with a stable code from ``ErrorCode`` or a guard's
``workflow.Problem`` code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable, Sequence

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voorop.acuut import selectors, workflow
from voorop.acuut.choices import (
    CALLEE_KIND,
    CATEGORIES_BY_KIND,
    CONSULTATIONS,
    STARTER_KINDS,
    CallOutcome,
    ChildCheckOutcome,
    ConsultationKind,
    HandoverRoute,
    InjuryKind,
    InvestigativeAct,
    ParticipantRole,
    Status,
    UrgentRequest,
)
from voorop.acuut.models import (
    AcuteEpisode,
    Arrival,
    CallLog,
    ChildCheck,
    Consultation,
    Departure,
    EpisodeParticipant,
    EpisodeStatusChange,
    InjuryRecord,
    InvestigationAgreement,
    MotorkapContribution,
)
from voorop.audit.models import AccessAction
from voorop.audit.services import access_log_write
from voorop.authz import policy
from voorop.core.errors import field_error as _error
from voorop.core.errors import problems_error as _problems_error
from voorop.meldingen.models import Melding, MeldingKind
from voorop.organisations.models import Organisation, OrganisationKind
from voorop.persons.models import FamilySystem, Person
from voorop.persons.services import involvement_touch
from voorop.sharing import services as sharing_services
from voorop.sharing.fields import FieldGroup
from voorop.sharing.models import CoordinationMoment, Disclosure, LegalBasis

#: Object types of the access log.
OBJECT_TYPE = "samen-op-in-acuut"
CALL = "samen-op-gesprek"
ARRIVAL = "samen-op-aankomst"
DEPARTURE = "samen-op-vertrek"
CONTRIBUTION = "samen-op-bijdrage"
CONSULTATION = "samen-op-raadpleging"
INVESTIGATION = "samen-op-onderzoeksafspraak"
CHILD_CHECK = "samen-op-kindcheck"
INJURY = "samen-op-letsel"

MOMENT = CoordinationMoment.SAMEN_OP_IN_ACUUT
#: A time this far ahead of the clock is still "now" (phones and servers disagree a little).
CLOCK_SLACK = dt.timedelta(minutes=5)
#: The shortest reason or question accepted: words, not a tick.
TEXT_MIN_LENGTH = 10
#: What a contribution shares of the meldingen chosen with it, unless said otherwise.
DEFAULT_FIELD_GROUPS = (FieldGroup.KERN, FieldGroup.TOELICHTING, FieldGroup.PERSONEN)


class ErrorCode:
    NOT_A_PROFESSIONAL = "geen_professional"
    NOT_A_STARTER = "niet_politie_of_vt"
    NOT_INVOLVED = "niet_betrokken"
    ALREADY_OPEN = "loopt_al"
    MELDING_NOT_OWN = "melding_niet_eigen"
    IN_THE_FUTURE = "tijd_in_toekomst"
    BEFORE_INCIDENT = "tijd_voor_incident"
    POSTCODE = "postcode_ongeldig"
    NOT_A_PARTICIPANT = "geen_deelnemer"
    WRONG_CALLEE = "verkeerde_gesprekspartner"
    UNKNOWN_OUTCOME = "uitkomst_onbekend"
    REASON_MISSING = "reden_ontbreekt"
    ORGANISATION_NOT_PARTICIPANT = "organisatie_geen_deelnemer"
    TWICE = "al_vastgelegd"
    DEPARTURE_WITHOUT_CONSULTATION = "vertrek_zonder_overleg"
    POLICE_ONLY = "alleen_politie"
    VT_ONLY = "alleen_veilig_thuis"
    UNKNOWN_CATEGORY = "categorie_onbekend"
    NOTHING_CHOSEN = "niets_gekozen"
    BOTH_CHOSEN = "informatie_en_niets_bekend"
    NO_RECIPIENT = "geen_ontvanger"
    UNKNOWN_KIND = "soort_onbekend"
    WRONG_REQUESTER = "verkeerde_aanvrager"
    WRONG_ADDRESSEE = "verkeerde_geadresseerde"
    QUESTION_MISSING = "vraag_ontbreekt"
    URGENT_ONLY_RAAD = "spoedverzoek_alleen_raad"
    NOT_YOUR_CONSULTATION = "raadpleging_niet_voor_u"
    ANSWER_MISSING = "antwoord_ontbreekt"
    ALREADY_ANSWERED = "al_beantwoord"
    UNKNOWN_ACT = "onderzoekshandeling_onbekend"
    NOT_A_MEMBER = "geen_gezinslid"
    NOT_A_CHILD = "geen_kind"
    UNKNOWN_INJURY = "letsel_onbekend"
    NOT_AN_INTERVENTION_STEP = "geen_maatregelstap"
    UNKNOWN_ROUTE = "vervolg_onbekend"
    NO_ROUTE_REASON = "reden_geen_vervolg_ontbreekt"
    USE_CLOSE = "afsluiten_via_stap_5"


def _log(
    *,
    user,
    action: str,
    object_type: str,
    object_id: object,
    episode: AcuteEpisode,
    purpose: str = "",
    person_ids: Iterable[int] | None = None,
    channel: str = "WEB",
) -> None:
    access_log_write(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        person_ids=selectors.family_member_ids(family_system=episode.family_system)
        if person_ids is None
        else person_ids,
        purpose=purpose,
        channel=channel,
    )


def _check_professional(user) -> None:
    if not selectors.is_professional(user):
        raise _error(
            NON_FIELD_ERRORS,
            _(
                "Alleen professionals van een partnerorganisatie van Veiligheid Voorop werken "
                "in Samen op in acuut."
            ),
            ErrorCode.NOT_A_PROFESSIONAL,
        )


def _moment(
    value: dt.datetime | None, *, field: str, not_before: dt.datetime | None = None
) -> dt.datetime:
    """``value`` (default now), refused when in the future or before ``not_before``."""
    now = timezone.now()
    moment = value or now
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > now + CLOCK_SLACK:
        raise _error(field, _("Dit tijdstip ligt in de toekomst."), ErrorCode.IN_THE_FUTURE)
    if not_before is not None and moment < not_before:
        raise _error(
            field,
            _("Dit tijdstip ligt vóór het incident (%(time)s).")
            % {"time": timezone.localtime(not_before).strftime("%d-%m-%Y %H:%M")},
            ErrorCode.BEFORE_INCIDENT,
        )
    return moment


def _locked(user, episode: AcuteEpisode) -> AcuteEpisode:
    """The episode's row, locked until the transaction ends, after checking that the user
    works on it (a professional of a participant organisation involved in the family)."""
    _check_professional(user)
    if not selectors.may_write(user=user, episode=episode):
        raise _error(
            NON_FIELD_ERRORS,
            _("Uw organisatie werkt niet mee aan deze Samen op in acuut."),
            ErrorCode.NOT_A_PARTICIPANT,
        )
    return (
        AcuteEpisode.objects.select_for_update(of=("self",))
        .select_related("family_system", "started_by_organisation", "beoordeling")
        .get(pk=episode.pk)
    )


def _refresh(target: AcuteEpisode, source: AcuteEpisode) -> None:
    for f in AcuteEpisode._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


def _participant_organisation(
    episode: AcuteEpisode, organisation: Organisation | None, user, field: str = "organisation"
) -> Organisation:
    organisation = organisation or user.organisation
    if organisation.pk not in selectors.participant_organisation_ids(episode):
        raise _error(
            field,
            _("%(org)s werkt niet mee aan deze Samen op in acuut.") % {"org": organisation.name},
            ErrorCode.ORGANISATION_NOT_PARTICIPANT,
        )
    return organisation


def _check_police(user, what: str) -> None:
    if user.organisation.kind != OrganisationKind.POLITIE:
        raise _error(NON_FIELD_ERRORS, what, ErrorCode.POLICE_ONLY)


def _family_member(episode: AcuteEpisode, person: Person, field: str) -> None:
    if person.pk not in selectors.family_member_ids(family_system=episode.family_system):
        raise _error(
            field,
            _("%(name)s hoort niet bij dit gezinssysteem.") % {"name": person.full_name},
            ErrorCode.NOT_A_MEMBER,
        )


def _set_status(
    episode: AcuteEpisode, transition: workflow.Transition, *, user, at: dt.datetime
) -> None:
    EpisodeStatusChange.objects.create(
        episode=episode,
        from_status=transition.source,
        to_status=transition.target,
        transition=transition.name,
        at=at,
        user=user,
        organisation=user.organisation,
    )
    episode.status = transition.target
    episode.status_changed_at = at


# --- starting -----------------------------------------------------------------------------------


def episode_start(
    *,
    user,
    family_system: FamilySystem,
    incident_at: dt.datetime | None = None,
    trigger_melding: Melding | None = None,
    postcode: str = "",
    channel: str = "WEB",
) -> AcuteEpisode:
    """Start a Samen op in acuut on ``family_system`` (from a selector, so visible to the user).

    ``incident_at`` defaults to the trigger melding's moment, else now. When Veilig Thuis
    starts, it is involved from its own acute melding's receipt (or from now)."""
    from voorop.reachability.selectors import parse_postcode

    _check_professional(user)
    if user.organisation.kind not in STARTER_KINDS:
        raise _error(
            NON_FIELD_ERRORS,
            _(
                "Samen op in acuut wordt gestart door de politie (112-melding) of door Veilig "
                "Thuis (acute melding)."
            ),
            ErrorCode.NOT_A_STARTER,
        )
    if not policy.is_involved(user, family_system):
        raise _error(
            NON_FIELD_ERRORS,
            _(
                "Uw organisatie is niet betrokken bij dit gezinssysteem. Leg eerst de melding "
                "of het incident vast."
            ),
            ErrorCode.NOT_INVOLVED,
        )
    if trigger_melding is not None and (
        trigger_melding.source_organisation_id != user.organisation_id
        or trigger_melding.family_system_id != family_system.pk
    ):
        raise _error(
            "trigger_melding",
            _("Kies een eigen melding van dit gezinssysteem als aanleiding."),
            ErrorCode.MELDING_NOT_OWN,
        )
    postcode = (postcode or "").strip().upper()
    if postcode and parse_postcode(postcode) is None:
        raise _error("postcode", _("Geef een Nederlandse postcode."), ErrorCode.POSTCODE)
    default_incident = trigger_melding.occurred_at if trigger_melding else None
    incident_at = _moment(incident_at or default_incident, field="incident_at")
    with transaction.atomic():
        existing = selectors.open_episode_of(family_system=family_system)
        if existing is not None:
            raise _error(
                NON_FIELD_ERRORS,
                _(
                    "Voor dit gezinssysteem loopt al een Samen op in acuut, gestart door "
                    "%(org)s. Neem contact op met %(org)s."
                )
                % {"org": existing.started_by_organisation.name},
                ErrorCode.ALREADY_OPEN,
            )
        now = timezone.now()
        vt_involved_at = None
        if user.organisation.kind == OrganisationKind.VT:
            vt_involved_at = now
            if trigger_melding is not None and trigger_melding.kind == MeldingKind.VT_MELDING:
                vt_involved_at = min(trigger_melding.received_at, now)
        episode = AcuteEpisode(
            reference=f"SO-NIEUW-{uuid.uuid4().hex[:20]}",
            family_system=family_system,
            trigger_melding=trigger_melding,
            started_by_organisation=user.organisation,
            started_by=user,
            started_at=now,
            incident_at=incident_at,
            postcode=postcode,
            status=Status.GESTART,
            status_changed_at=now,
            vt_involved_at=vt_involved_at,
        )
        episode.full_clean()
        try:
            with transaction.atomic():
                episode.save()
        except IntegrityError:  # started by someone else a moment ago
            raise _error(
                NON_FIELD_ERRORS,
                _("Voor dit gezinssysteem is zojuist een Samen op in acuut gestart."),
                ErrorCode.ALREADY_OPEN,
            ) from None
        episode.reference = f"SO-{timezone.localtime(now).year}-{episode.pk:06d}"
        episode.save(update_fields=["reference"])
        EpisodeParticipant.objects.create(
            episode=episode,
            organisation=user.organisation,
            role=ParticipantRole.STARTER,
            since=now,
        )
        EpisodeStatusChange.objects.create(
            episode=episode,
            from_status="",
            to_status=Status.GESTART,
            transition="starten",
            at=now,
            user=user,
            organisation=user.organisation,
        )
        involvement_touch(family_system=family_system, organisation=user.organisation, at=now)
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=OBJECT_TYPE,
            object_id=episode.pk,
            episode=episode,
            channel=channel,
        )
    return episode


# --- step 1: physical safety, together on site ---------------------------------------------------


def episode_call_log(
    *,
    user,
    episode: AcuteEpisode,
    callee_organisation: Organisation,
    outcome: str,
    reason: str = "",
    called_at: dt.datetime | None = None,
    phone: str = "",
    reachability_answer: str = "",
    channel: str = "WEB",
) -> CallLog:
    """Log a call from the user's organisation to the other party (police ↔ Veilig Thuis).

    A call that reaches the other party makes it a participant and involved in the family
    system from ``called_at``; the first call that reaches Veilig Thuis sets
    ``vt_involved_at``. ``reachability_answer`` is the "wie bel ik nu?" answer as shown."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _locked(user, episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_1)
        expected = CALLEE_KIND.get(user.organisation.kind, "")
        if callee_organisation.kind != expected:
            raise _error(
                "callee_organisation",
                _("In Samen op in acuut belt de politie met Veilig Thuis, en andersom."),
                ErrorCode.WRONG_CALLEE,
            )
        if outcome not in CallOutcome.values:
            raise _error("outcome", _("Kies wat het gesprek opleverde."), ErrorCode.UNKNOWN_OUTCOME)
        if outcome != CallOutcome.ON_SITE and len(reason) < 3:
            message = (
                _("Geef aan wat u probeerde en wat u nu doet.")
                if outcome == CallOutcome.NOT_REACHABLE
                else _("Geef aan waarom %(org)s niet ter plaatse komt.")
                % {"org": callee_organisation.name}
            )
            raise _error("reason", message, ErrorCode.REASON_MISSING)
        called_at = _moment(called_at, field="called_at", not_before=locked.incident_at)
        call = CallLog(
            episode=locked,
            caller=user,
            caller_organisation=user.organisation,
            callee_organisation=callee_organisation,
            called_at=called_at,
            outcome=outcome,
            reason=reason,
            phone=(phone or "").strip()[:32],
            reachability_answer=reachability_answer or "",
        )
        call.full_clean()
        call.save()
        if call.reached:
            if callee_organisation.pk not in selectors.participant_organisation_ids(locked):
                EpisodeParticipant.objects.create(
                    episode=locked,
                    organisation=callee_organisation,
                    role=ParticipantRole.PARTNER,
                    since=called_at,
                    via_call=call,
                )
            involvement_touch(
                family_system=locked.family_system, organisation=callee_organisation, at=called_at
            )
            if callee_organisation.kind == OrganisationKind.VT and locked.vt_involved_at is None:
                locked.vt_involved_at = called_at
                locked.save(update_fields=["vt_involved_at"])
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=CALL,
            object_id=call.pk,
            episode=locked,
            channel=channel,
        )
    _refresh(episode, locked)
    return call


def episode_arrival_record(
    *,
    user,
    episode: AcuteEpisode,
    organisation: Organisation | None = None,
    arrived_at: dt.datetime | None = None,
    channel: str = "WEB",
) -> Arrival:
    """Record that a participant organisation (default: the user's) is on site."""
    with transaction.atomic():
        locked = _locked(user, episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_1)
        organisation = _participant_organisation(locked, organisation, user)
        arrived_at = _moment(arrived_at, field="arrived_at", not_before=locked.incident_at)
        if Arrival.objects.filter(episode=locked, organisation=organisation).exists():
            raise _error(
                "organisation",
                _("De aankomst van %(org)s is al vastgelegd.") % {"org": organisation.name},
                ErrorCode.TWICE,
            )
        arrival = Arrival(
            episode=locked, organisation=organisation, arrived_at=arrived_at, recorded_by=user
        )
        arrival.full_clean()
        arrival.save()
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=ARRIVAL,
            object_id=arrival.pk,
            episode=locked,
            channel=channel,
        )
    return arrival


def episode_safe_to_enter(
    *, user, episode: AcuteEpisode, at: dt.datetime | None = None, channel: str = "WEB"
) -> AcuteEpisode:
    """The police, who enter first, tell Veilig Thuis that it is safe enough to come in."""
    with transaction.atomic():
        locked = _locked(user, episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_1)
        _check_police(
            user, _("De politie gaat voorop en laat Veilig Thuis weten wanneer het veilig is.")
        )
        if locked.safe_to_enter_at is not None:
            raise _error(
                NON_FIELD_ERRORS,
                _("Al vastgelegd: de woning is veilig voor Veilig Thuis."),
                ErrorCode.TWICE,
            )
        locked.safe_to_enter_at = _moment(at, field="at", not_before=locked.incident_at)
        locked.save(update_fields=["safe_to_enter_at"])
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            episode=locked,
            purpose="woning veilig voor Veilig Thuis",
            channel=channel,
        )
    _refresh(episode, locked)
    return episode


def episode_departure_record(
    *,
    user,
    episode: AcuteEpisode,
    organisation: Organisation | None = None,
    departed_at: dt.datetime | None = None,
    note: str = "",
    channel: str = "WEB",
) -> Departure:
    """Record that a participant organisation (default: the user's) leaves the address.

    The police leaving before Veilig Thuis is there must have consulted Veilig Thuis by phone
    (or video) first: a call with that outcome before the departure."""
    with transaction.atomic():
        locked = _locked(user, episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_1)
        organisation = _participant_organisation(locked, organisation, user)
        departed_at = _moment(departed_at, field="departed_at", not_before=locked.incident_at)
        if Departure.objects.filter(episode=locked, organisation=organisation).exists():
            raise _error(
                "organisation",
                _("Het vertrek van %(org)s is al vastgelegd.") % {"org": organisation.name},
                ErrorCode.TWICE,
            )
        consultation = None
        if organisation.kind == OrganisationKind.POLITIE:
            allowed_by = selectors.police_may_leave(locked, departed_at)
            if allowed_by is None:
                raise _error(
                    NON_FIELD_ERRORS,
                    _(
                        "De politie vertrekt voordat Veilig Thuis er is. Dat kan alleen na "
                        "telefonisch overleg met Veilig Thuis: leg dat overleg eerst vast "
                        "(gesprek met de uitkomst 'telefonisch overleg' of 'beeldbellen')."
                    ),
                    ErrorCode.DEPARTURE_WITHOUT_CONSULTATION,
                )
            if isinstance(allowed_by, CallLog):
                consultation = allowed_by
        departure = Departure(
            episode=locked,
            organisation=organisation,
            departed_at=departed_at,
            consultation_call=consultation,
            note=(note or "").strip()[:500],
            recorded_by=user,
        )
        departure.full_clean()
        departure.save()
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=DEPARTURE,
            object_id=departure.pk,
            episode=locked,
            channel=channel,
        )
    return departure


# --- transitions --------------------------------------------------------------------------------


def episode_transition(
    *, user, episode: AcuteEpisode, to_status: str, channel: str = "WEB"
) -> AcuteEpisode:
    """Move the episode to the next step along ``workflow.TRANSITIONS``, when its guard holds.
    Closing (step 5) and breaking off have services of their own."""
    with transaction.atomic():
        locked = _locked(user, episode)
        transition = workflow.transition_check(locked.status, to_status)
        if transition.service != "episode_transition":
            raise _error(
                NON_FIELD_ERRORS,
                _(
                    "Afsluiten gaat via stap 5 (de checklist en het vervolg); afbreken met een "
                    "reden."
                )
                if to_status == Status.AFGESLOTEN
                else _("Geef de reden om af te breken."),
                ErrorCode.USE_CLOSE,
            )
        problems = transition.guard(selectors.episode_facts(locked))
        if problems:
            raise _problems_error(problems)
        source = locked.status
        _set_status(locked, transition, user=user, at=timezone.now())
        locked.save(update_fields=["status", "status_changed_at"])
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            episode=locked,
            purpose=f"status {source} → {locked.status}",
            channel=channel,
        )
    _refresh(episode, locked)
    return episode


def episode_close(
    *,
    user,
    episode: AcuteEpisode,
    investigation_done: bool,
    everyone_safe: bool,
    handover_route: str,
    handover_note: str = "",
    closed_at: dt.datetime | None = None,
    channel: str = "WEB",
) -> AcuteEpisode:
    """Step 5, "niet meer acuut?": close when the measures of step 4 are agreed, Veilig Thuis
    did part A of the veiligheidsbeoordeling, the investigation on site is done and everyone is
    physically safe; record where the case continues (the route)."""
    handover_note = (handover_note or "").strip()
    with transaction.atomic():
        locked = _locked(user, episode)
        transition = workflow.transition_check(locked.status, Status.AFGESLOTEN)
        if handover_route and handover_route not in HandoverRoute.values:
            raise _error(
                "handover_route", _("Kies waar de zaak verder gaat."), ErrorCode.UNKNOWN_ROUTE
            )
        facts = dataclasses.replace(
            selectors.episode_facts(locked),
            investigation_done=bool(investigation_done),
            everyone_safe=bool(everyone_safe),
            handover_route=handover_route or "",
        )
        problems = transition.guard(facts)
        if handover_route == HandoverRoute.GEEN and len(handover_note) < TEXT_MIN_LENGTH:
            problems.append(
                workflow.Problem(
                    ErrorCode.NO_ROUTE_REASON,
                    _("Geef aan waarom er geen gezamenlijk vervolg is."),
                )
            )
        if problems:
            raise _problems_error(problems)
        at = _moment(closed_at, field="closed_at", not_before=locked.incident_at)
        locked.investigation_done = True
        locked.everyone_safe = True
        locked.handover_route = handover_route
        locked.handover_note = handover_note
        locked.closed_at = at
        locked.closed_by = user
        _set_status(locked, transition, user=user, at=at)
        locked.full_clean()
        locked.save(
            update_fields=[
                "investigation_done",
                "everyone_safe",
                "handover_route",
                "handover_note",
                "closed_at",
                "closed_by",
                "status",
                "status_changed_at",
            ]
        )
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            episode=locked,
            purpose=f"afgesloten, vervolg {handover_route}",
            channel=channel,
        )
    _refresh(episode, locked)
    return episode


def episode_abort(
    *, user, episode: AcuteEpisode, reason: str, channel: str = "WEB"
) -> AcuteEpisode:
    """Break off an open episode, with a reason (no acute unsafety after all, the other party
    not reachable, started by mistake). What was recorded stays."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _locked(user, episode)
        transition = workflow.transition_check(locked.status, Status.AFGEBROKEN)
        if len(reason) < TEXT_MIN_LENGTH:
            raise _error(
                "reason",
                _("Geef de reden om af te breken (ten minste %(n)s tekens).")
                % {"n": TEXT_MIN_LENGTH},
                ErrorCode.REASON_MISSING,
            )
        now = timezone.now()
        locked.abort_reason = reason
        locked.closed_at = now
        locked.closed_by = user
        _set_status(locked, transition, user=user, at=now)
        locked.save(
            update_fields=["abort_reason", "closed_at", "closed_by", "status", "status_changed_at"]
        )
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            episode=locked,
            purpose="afgebroken",
            channel=channel,
        )
    _refresh(episode, locked)
    return episode


# --- step 2: motorkapoverleg --------------------------------------------------------------------


def _basis(legal_basis: LegalBasis | None) -> LegalBasis:
    basis = legal_basis or selectors.default_legal_basis()
    if basis is None:
        raise _error(
            "legal_basis",
            _("Kies de grondslag waarop u deelt."),
            sharing_services.ErrorCode.NO_RULE,
        )
    return basis


def episode_contribution_record(
    *,
    user,
    episode: AcuteEpisode,
    categories: Sequence[str] = (),
    nothing_available: bool = False,
    summary: str = "",
    legal_basis: LegalBasis | None = None,
    necessity: str = "",
    meldingen: Sequence[Melding] = (),
    field_groups: Sequence[str] = DEFAULT_FIELD_GROUPS,
    recipient: Organisation | None = None,
    channel: str = "WEB",
) -> MotorkapContribution:
    """Share what the user's organisation brings to the motorkapoverleg with the other party,
    through the disclosure register: the kinds of information (``CATEGORIES_BY_KIND``) and a
    short account, optionally with own meldingen of the family (their ``field_groups``).
    ``legal_basis`` defaults to art. 6 lid 1 sub d AVG (vital interest), allowed between all
    partners for Samen op in acuut only. Once per organisation."""
    summary = (summary or "").strip()
    necessity = (necessity or "").strip() or _(
        "Acute onveiligheid: de politie en Veilig Thuis hebben deze informatie ter plaatse "
        "nodig voor de veiligheidsbeoordeling en de veiligheidsmaatregelen (Samen op in acuut, "
        "motorkapoverleg)."
    )
    with transaction.atomic():
        locked = _locked(user, episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_2)
        allowed = CATEGORIES_BY_KIND.get(user.organisation.kind, ())
        unknown = [c for c in categories if c not in allowed]
        if unknown:
            raise _error(
                "categories",
                _("Deze soorten informatie brengt uw organisatie niet in: %(c)s.")
                % {"c": ", ".join(unknown)},
                ErrorCode.UNKNOWN_CATEGORY,
            )
        if not categories and not nothing_available:
            raise _error(
                "categories",
                _("Kies wat u inbrengt, of 'niets bekend'."),
                ErrorCode.NOTHING_CHOSEN,
            )
        if categories and nothing_available:
            raise _error(
                "categories",
                _("Kies informatie óf 'niets bekend', niet allebei."),
                ErrorCode.BOTH_CHOSEN,
            )
        if MotorkapContribution.objects.filter(
            episode=locked, organisation=user.organisation
        ).exists():
            raise _error(
                NON_FIELD_ERRORS,
                _("Uw organisatie heeft haar inbreng voor dit motorkapoverleg al gedeeld."),
                ErrorCode.TWICE,
            )
        others = selectors.recipients(user=user, episode=locked)
        if recipient is None:
            recipient = others[0] if others else None
        if recipient is None or recipient.pk not in {o.pk for o in others}:
            raise _error(
                "recipient",
                _("Er is nog geen andere partij bij deze Samen op in acuut om mee te delen."),
                ErrorCode.NO_RECIPIENT,
            )
        basis = _basis(legal_basis)
        disclosure: Disclosure
        if meldingen:
            disclosure = sharing_services.disclosure_create(
                user=user,
                family_system=locked.family_system,
                to_organisation=recipient,
                legal_basis=basis,
                moment=MOMENT,
                necessity=necessity,
                items=[(m, list(field_groups)) for m in meldingen],
                channel=channel,
            )
        else:
            disclosure = sharing_services.disclosure_create_for_record(
                user=user,
                family_system=locked.family_system,
                to_organisation=recipient,
                legal_basis=basis,
                moment=MOMENT,
                necessity=necessity,
                person_ids=selectors.family_member_ids(family_system=locked.family_system),
                channel=channel,
            )
        contribution = MotorkapContribution(
            episode=locked,
            organisation=user.organisation,
            categories=[c for c in allowed if c in set(categories)],
            nothing_available=bool(nothing_available),
            summary=summary,
            disclosure=disclosure,
            created_by=user,
            created_at=disclosure.shared_at,
        )
        contribution.full_clean()
        contribution.save()
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=CONTRIBUTION,
            object_id=contribution.pk,
            episode=locked,
            purpose=sharing_services.access_log_purpose(disclosure),
            channel=channel,
        )
    return contribution


def is_after_hours(moment: dt.datetime) -> bool:
    """Outside office hours: weekends, and weekdays before 09:00 or from 17:00 (local)."""
    local = timezone.localtime(moment)
    return local.weekday() >= 5 or not (dt.time(9) <= local.time() < dt.time(17))


def episode_consultation_request(
    *,
    user,
    episode: AcuteEpisode,
    kind: str,
    addressed_to: Organisation,
    question: str,
    after_hours: bool | None = None,
    line_used: str = "",
    urgent_request: str = UrgentRequest.GEEN,
    legal_basis: LegalBasis | None = None,
    necessity: str = "",
    requested_at: dt.datetime | None = None,
    channel: str = "WEB",
) -> Consultation:
    """Ask the Raad (by Veilig Thuis), the OM or the reclassering (by the police) for advice
    or information. The question is shared with the addressed organisation through the
    disclosure register (default basis art. 6 lid 1 sub d AVG). ``after_hours`` defaults to the
    clock; after hours the Raad takes urgent OTS/uithuisplaatsing requests by phone."""
    question = (question or "").strip()
    with transaction.atomic():
        locked = _locked(user, episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_2)
        if kind not in CONSULTATIONS:
            raise _error("kind", _("Kies wie u raadpleegt."), ErrorCode.UNKNOWN_KIND)
        requester_kind, addressee_kind = CONSULTATIONS[kind]
        label = ConsultationKind(kind).label
        if user.organisation.kind != requester_kind:
            raise _error(
                "kind",
                _("%(what)s vraagt %(who)s aan.")
                % {"what": label, "who": OrganisationKind(requester_kind).label},
                ErrorCode.WRONG_REQUESTER,
            )
        if addressed_to.kind != addressee_kind:
            raise _error(
                "addressed_to",
                _("%(what)s gaat naar %(who)s.")
                % {"what": label, "who": OrganisationKind(addressee_kind).label},
                ErrorCode.WRONG_ADDRESSEE,
            )
        if len(question) < TEXT_MIN_LENGTH:
            raise _error(
                "question",
                _("Wat is uw vraag? (ten minste %(n)s tekens)") % {"n": TEXT_MIN_LENGTH},
                ErrorCode.QUESTION_MISSING,
            )
        if urgent_request not in UrgentRequest.values or (
            urgent_request != UrgentRequest.GEEN and kind != ConsultationKind.RVDK_ADVIES
        ):
            raise _error(
                "urgent_request",
                _("Een spoedverzoek OTS of uithuisplaatsing gaat naar de Raad."),
                ErrorCode.URGENT_ONLY_RAAD,
            )
        requested_at = _moment(requested_at, field="requested_at", not_before=locked.incident_at)
        disclosure = sharing_services.disclosure_create_for_record(
            user=user,
            family_system=locked.family_system,
            to_organisation=addressed_to,
            legal_basis=_basis(legal_basis),
            moment=MOMENT,
            necessity=(necessity or "").strip()
            or _("Samen op in acuut: %(what)s bij acute onveiligheid.") % {"what": label},
            person_ids=selectors.family_member_ids(family_system=locked.family_system),
            channel=channel,
        )
        consultation = Consultation(
            episode=locked,
            kind=kind,
            addressed_to=addressed_to,
            requesting_organisation=user.organisation,
            requested_by=user,
            requested_at=requested_at,
            question=question,
            after_hours=is_after_hours(requested_at) if after_hours is None else after_hours,
            line_used=(line_used or "").strip()[:100],
            urgent_request=urgent_request,
            disclosure=disclosure,
        )
        consultation.full_clean()
        consultation.save()
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=CONSULTATION,
            object_id=consultation.pk,
            episode=locked,
            purpose=sharing_services.access_log_purpose(disclosure),
            channel=channel,
        )
    return consultation


def consultation_answer(
    *,
    user,
    consultation: Consultation,
    answer: str,
    answered_at: dt.datetime | None = None,
    legal_basis: LegalBasis | None = None,
    necessity: str = "",
    channel: str = "WEB",
) -> Consultation:
    """Record the answer to a consultation, once: by the addressed organisation (which then
    has a task in the family — the Raad may request a measure the same day, the OM decides on
    the criminal route — so it becomes involved, and its answer goes back to the requester
    through the disclosure register), or by the requester who heard it by phone."""
    answer = (answer or "").strip()
    _check_professional(user)
    with transaction.atomic():
        locked = (
            Consultation.objects.select_for_update(of=("self",))
            .select_related("episode__family_system", "disclosure", "requesting_organisation")
            .get(pk=consultation.pk)
        )
        org_id = user.organisation_id
        family = locked.episode.family_system
        by_addressee = org_id == locked.addressed_to_id
        by_requester = org_id == locked.requesting_organisation_id
        if not (
            (by_addressee and locked.disclosure.withdrawn_at is None)
            or (by_requester and policy.is_involved(user, family))
        ):
            raise _error(
                NON_FIELD_ERRORS,
                _("Alleen de gevraagde organisatie of de vrager legt het antwoord vast."),
                ErrorCode.NOT_YOUR_CONSULTATION,
            )
        if locked.answered:
            raise _error(
                NON_FIELD_ERRORS,
                _("Deze raadpleging is al beantwoord."),
                ErrorCode.ALREADY_ANSWERED,
            )
        if len(answer) < 2:
            raise _error("answer", _("Wat is het antwoord?"), ErrorCode.ANSWER_MISSING)
        at = _moment(answered_at, field="answered_at", not_before=locked.requested_at)
        if by_addressee:
            involvement_touch(family_system=family, organisation=user.organisation, at=at)
            locked.answer_disclosure = sharing_services.disclosure_create_for_record(
                user=user,
                family_system=family,
                to_organisation=locked.requesting_organisation,
                legal_basis=_basis(legal_basis),
                moment=MOMENT,
                necessity=(necessity or "").strip()
                or _("Antwoord op de vraag om %(what)s (Samen op in acuut).")
                % {"what": str(locked.get_kind_display()).lower()},
                person_ids=selectors.family_member_ids(family_system=family),
                channel=channel,
            )
        locked.answer = answer
        locked.answered_at = at
        locked.answered_by = user
        locked.answered_by_organisation = user.organisation
        locked.full_clean()
        locked.save(
            update_fields=[
                "answer",
                "answered_at",
                "answered_by",
                "answered_by_organisation",
                "answer_disclosure",
            ]
        )
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=CONSULTATION,
            object_id=locked.pk,
            episode=locked.episode,
            purpose="antwoord",
            channel=channel,
        )
    for f in Consultation._meta.concrete_fields:
        setattr(consultation, f.attname, getattr(locked, f.attname))
    return consultation


def episode_assessment_attach(*, user, episode: AcuteEpisode, channel: str = "WEB"):
    """Veilig Thuis makes the veiligheidsbeoordeling on site: link the one it already started
    for this incident, or start one (context Samen op in acuut) through the assessment app."""
    from voorop.assessment import selectors as assessment_selectors
    from voorop.assessment import services as assessment_services
    from voorop.assessment.choices import Context

    with transaction.atomic():
        locked = _locked(user, episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_2)
        if not assessment_selectors.may_assess(user):
            raise _error(
                NON_FIELD_ERRORS,
                _(
                    "Veilig Thuis (VT-medewerker of vertrouwensarts) maakt de "
                    "veiligheidsbeoordeling."
                ),
                ErrorCode.VT_ONLY,
            )
        if locked.beoordeling is not None and locked.beoordeling.organisation_id == (
            user.organisation_id
        ):
            return locked.beoordeling
        beoordeling = selectors.own_recent_assessment(user=user, episode=locked)
        if beoordeling is None:
            beoordeling = assessment_services.beoordeling_start(
                user=user,
                family_system=locked.family_system,
                context=Context.SAMEN_OP_IN_ACUUT,
                channel=channel,
            )
        locked.beoordeling = beoordeling
        locked.save(update_fields=["beoordeling"])
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            episode=locked,
            purpose="veiligheidsbeoordeling gekoppeld",
            channel=channel,
        )
    _refresh(episode, locked)
    return beoordeling


# --- step 3: (joint) investigation --------------------------------------------------------------


def episode_investigation_agreement_add(
    *,
    user,
    episode: AcuteEpisode,
    act: str,
    by_organisation: Organisation,
    description: str = "",
    sequence: int | None = None,
    joint: bool = False,
    persons: Iterable[Person] = (),
    channel: str = "WEB",
) -> InvestigationAgreement:
    """Agree who does which investigative act, in which order (``sequence``, default: next),
    with whom, and whether police and Veilig Thuis talk with the person together."""
    persons = list(persons)
    with transaction.atomic():
        locked = _locked(user, episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_3)
        if act not in InvestigativeAct.values:
            raise _error("act", _("Kies de onderzoekshandeling."), ErrorCode.UNKNOWN_ACT)
        by_organisation = _participant_organisation(
            locked, by_organisation, user, field="by_organisation"
        )
        for person in persons:
            _family_member(locked, person, "persons")
        if sequence is None:
            last = (
                InvestigationAgreement.objects.filter(episode=locked)
                .order_by("-sequence")
                .values_list("sequence", flat=True)
                .first()
            )
            sequence = (last or 0) + 1
        agreement = InvestigationAgreement(
            episode=locked,
            act=act,
            description=(description or "").strip()[:500],
            by_organisation=by_organisation,
            sequence=sequence,
            joint=bool(joint),
            recorded_by=user,
            recording_organisation=user.organisation,
            created_at=timezone.now(),
        )
        agreement.full_clean()
        agreement.save()
        agreement.persons.set(persons)
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=INVESTIGATION,
            object_id=agreement.pk,
            episode=locked,
            person_ids=[p.pk for p in persons],
            channel=channel,
        )
    return agreement


def episode_child_check_record(
    *,
    user,
    episode: AcuteEpisode,
    child: Person,
    outcome: str,
    injury_suspected: bool = False,
    note: str = "",
    checked_at: dt.datetime | None = None,
    channel: str = "WEB",
) -> ChildCheck:
    """The kindcheck for one child of the household. (Suspected) injury here means the child
    needs a forensic doctor and Forensische Opsporing before step 3 is done."""
    with transaction.atomic():
        locked = _locked(user, episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_3)
        if child.pk not in {c.pk for c in selectors.children(locked)}:
            raise _error(
                "child",
                _("%(name)s is geen kind in dit huishouden.") % {"name": child.full_name},
                ErrorCode.NOT_A_CHILD,
            )
        if outcome not in ChildCheckOutcome.values:
            raise _error("outcome", _("Kies de uitkomst van de kindcheck."), "uitkomst_onbekend")
        if ChildCheck.objects.filter(episode=locked, child=child).exists():
            raise _error(
                "child",
                _("De kindcheck voor %(name)s is al vastgelegd.") % {"name": child.full_name},
                ErrorCode.TWICE,
            )
        check = ChildCheck(
            episode=locked,
            child=child,
            outcome=outcome,
            injury_suspected=bool(injury_suspected),
            note=(note or "").strip()[:500],
            checked_at=_moment(checked_at, field="checked_at", not_before=locked.incident_at),
            checked_by=user,
            organisation=user.organisation,
        )
        check.full_clean()
        check.save()
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=CHILD_CHECK,
            object_id=check.pk,
            episode=locked,
            person_ids=[child.pk],
            channel=channel,
        )
    return check


_FORENSICS_BY_POLICE = gettext_lazy(
    "Alleen de politie maakt foto's en zet een forensisch arts en Forensische Opsporing in."
)


def episode_injury_record(
    *,
    user,
    episode: AcuteEpisode,
    person: Person,
    kind: str,
    photos_taken: bool | None = None,
    forensic_doctor: bool = False,
    forensic_investigation: bool = False,
    note: str = "",
    at: dt.datetime | None = None,
    channel: str = "WEB",
) -> InjuryRecord:
    """Record (suspected) injury of a family member. Photos and forensic engagement are the
    police's acts; for a child, both a forensic doctor and Forensische Opsporing are required
    before step 3 can be completed (``workflow.guard_investigation_complete``)."""
    with transaction.atomic():
        locked = _locked(user, episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_3)
        _family_member(locked, person, "person")
        if kind not in InjuryKind.values:
            raise _error(
                "kind", _("Kies: zichtbaar letsel of vermoeden."), ErrorCode.UNKNOWN_INJURY
            )
        if photos_taken is not None or forensic_doctor or forensic_investigation:
            _check_police(user, str(_FORENSICS_BY_POLICE))
        if InjuryRecord.objects.filter(episode=locked, person=person).exists():
            raise _error(
                "person",
                _("Het letsel van %(name)s is al vastgelegd.") % {"name": person.full_name},
                ErrorCode.TWICE,
            )
        now = _moment(at, field="at", not_before=locked.incident_at)
        injury = InjuryRecord(
            episode=locked,
            person=person,
            is_child=selectors.is_minor(person, timezone.localdate(locked.incident_at)),
            kind=kind,
            photos_taken=photos_taken,
            forensic_doctor_at=now if forensic_doctor else None,
            forensic_investigation_at=now if forensic_investigation else None,
            note=(note or "").strip()[:500],
            recorded_by=user,
            organisation=user.organisation,
            created_at=now,
        )
        injury.full_clean()
        injury.save()
        _log(
            user=user,
            action=AccessAction.CREATE,
            object_type=INJURY,
            object_id=injury.pk,
            episode=locked,
            person_ids=[person.pk],
            channel=channel,
        )
    return injury


def episode_injury_forensics(
    *,
    user,
    injury: InjuryRecord,
    forensic_doctor: bool = False,
    forensic_investigation: bool = False,
    photos_taken: bool | None = None,
    at: dt.datetime | None = None,
    channel: str = "WEB",
) -> InjuryRecord:
    """The police engage a forensic doctor and/or Forensische Opsporing (or took photos) for a
    recorded injury. What was recorded earlier stays."""
    with transaction.atomic():
        locked = _locked(user, injury.episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_3)
        _check_police(user, str(_FORENSICS_BY_POLICE))
        row = InjuryRecord.objects.select_for_update().get(pk=injury.pk, episode=locked)
        now = _moment(at, field="at", not_before=locked.incident_at)
        changed = []
        if forensic_doctor and row.forensic_doctor_at is None:
            row.forensic_doctor_at = now
            changed.append("forensic_doctor_at")
        if forensic_investigation and row.forensic_investigation_at is None:
            row.forensic_investigation_at = now
            changed.append("forensic_investigation_at")
        if photos_taken is not None and row.photos_taken != photos_taken:
            row.photos_taken = photos_taken
            changed.append("photos_taken")
        if changed:
            row.save(update_fields=changed)
            _log(
                user=user,
                action=AccessAction.UPDATE,
                object_type=INJURY,
                object_id=row.pk,
                episode=locked,
                person_ids=[row.person_id],
                channel=channel,
            )
    for f in InjuryRecord._meta.concrete_fields:
        setattr(injury, f.attname, getattr(row, f.attname))
    return injury


def episode_crime_scene_set(
    *, user, episode: AcuteEpisode, is_crime_scene: bool, note: str = "", channel: str = "WEB"
) -> AcuteEpisode:
    """The police decide — after a phone call with forensic and/or tactical investigation —
    whether the home is treated as a crime scene."""
    with transaction.atomic():
        locked = _locked(user, episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_3)
        _check_police(user, _("De politie bepaalt of de woning een plaats delict is."))
        locked.home_crime_scene = bool(is_crime_scene)
        locked.crime_scene_note = (note or "").strip()[:500]
        locked.crime_scene_recorded_at = timezone.now()
        locked.save(
            update_fields=["home_crime_scene", "crime_scene_note", "crime_scene_recorded_at"]
        )
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            episode=locked,
            purpose="plaats delict",
            channel=channel,
        )
    _refresh(episode, locked)
    return episode


# --- step 4: safety measures, into the veiligheidsplan ------------------------------------------


def _acute_phase(phases: Iterable[str]) -> str | None:
    from voorop.cases.models import Phase

    return Phase.ACUUT if Phase.ACUUT in set(phases) else None


def episode_measure_add(
    *,
    user,
    episode: AcuteEpisode,
    intervention,
    owner_organisation: Organisation,
    owner_user=None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    reassess_on: dt.date | None = None,
    description: str = "",
    note: str = "",
    channel: str = "WEB",
):
    """A measure from the interventiepalet, written into the family's veiligheidsplan with its
    owner and dates (``safetyplan.services.plan_add_intervention``; dates left empty follow
    from the palet), moment Samen op in acuut, reference the episode."""
    from voorop.safetyplan import services as safetyplan

    with transaction.atomic():
        locked = _locked(user, episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_4)
        return safetyplan.plan_add_intervention(
            user=user,
            family_system=locked.family_system,
            intervention=intervention,
            owner_organisation=owner_organisation,
            owner_user=owner_user,
            starts_on=starts_on,
            ends_on=ends_on,
            reassess_on=reassess_on,
            moment=MOMENT,
            moment_reference=locked.reference,
            phase=_acute_phase(intervention.phases or []),
            description=description,
            note=note,
            channel=channel,
        )


def episode_agreement_add(
    *,
    user,
    episode: AcuteEpisode,
    topic: str,
    description: str,
    owner_organisation: Organisation,
    owner_user=None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    reassess_on: dt.date | None = None,
    channel: str = "WEB",
):
    """An agreement of step 4 — who consults whom when, which results are shared with whom,
    temporary measures, who informs whom, until when and the reassessment, who calls whom when
    the unsafety changes — written into the veiligheidsplan (``plan_add_agreement``)."""
    from voorop.cases.models import Phase
    from voorop.safetyplan import services as safetyplan

    with transaction.atomic():
        locked = _locked(user, episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_4)
        return safetyplan.plan_add_agreement(
            user=user,
            family_system=locked.family_system,
            topic=topic,
            description=description,
            owner_organisation=owner_organisation,
            owner_user=owner_user,
            starts_on=starts_on,
            ends_on=ends_on,
            reassess_on=reassess_on,
            moment=MOMENT,
            moment_reference=locked.reference,
            phase=Phase.ACUUT,
            channel=channel,
        )


def episode_contact_set(
    *,
    user,
    episode: AcuteEpisode,
    organisation: Organisation,
    contact_user=None,
    channel: str = "WEB",
) -> AcuteEpisode:
    """Who is the first point of contact for the whole set of measures: recorded on the
    veiligheidsplan (``plan_set_contact``) and on the episode."""
    from voorop.safetyplan import services as safetyplan

    with transaction.atomic():
        locked = _locked(user, episode)
        workflow.edit_check(locked.status, workflow.Edit.STEP_4)
        safetyplan.plan_set_contact(
            user=user,
            family_system=locked.family_system,
            organisation=organisation,
            contact_user=contact_user,
            channel=channel,
        )
        locked.contact_organisation = organisation
        locked.contact_set_at = timezone.now()
        locked.save(update_fields=["contact_organisation", "contact_set_at"])
        _log(
            user=user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=locked.pk,
            episode=locked,
            purpose="eerste aanspreekpunt",
            channel=channel,
        )
    _refresh(episode, locked)
    return episode
