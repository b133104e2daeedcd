"""Reads of Samen op in acuut. Every read of an episode starts from
``voorop.authz.policy.family_systems_for(user)``.

Who sees what (``docs/adr/0009-samen-op-in-acuut.md``):

- An episode and all its steps are seen by the users of its **participants**: the
  organisation that started it and the partner it reached by phone in step 1 (that call makes
  the partner involved in the family system) — as long as the family system is visible to them.
  Anyone else, including other partner organisations involved in the same family, gets the
  same 404 as for a missing episode.
- What one participant brought to the motorkapoverleg is shared with the other through the
  disclosure register: the recipient sees it (with its provenance) only while that disclosure
  is active. The sharer always sees its own.
- A consultation (Raad, OM, reclassering) is seen by the participants (what was asked of whom,
  when, and whether it was answered) and by the addressed organisation, as long as the
  disclosure of the request is active. The text of the question and of the answer is read
  only by the requesting and the addressed organisation.
- The veiligheidsbeoordeling linked in step 2 belongs to Veilig Thuis: the other participant
  sees only whether part A is done and when (the content is shared, if at all, through the
  assessment's own disclosure).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voorop.acuut import workflow
from voorop.acuut.choices import (
    CALLEE_KIND,
    CONSULTATIONS,
    OPEN_STATUSES,
    REMOTE_OUTCOMES,
    STARTER_KINDS,
    CallOutcome,
    ContributionCategory,
    ParticipantRole,
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
from voorop.authz import policy
from voorop.authz.policy import Provenance
from voorop.authz.selectors import is_professional
from voorop.organisations.models import Organisation, OrganisationKind, RegionKind
from voorop.persons.models import FamilyMembership, FamilySystem, Person
from voorop.sharing.models import CoordinationMoment, LegalBasis

#: What the register says a shared contribution or consultation holds.
CONTRIBUTION_SHARED = gettext_lazy("soorten informatie en toelichting uit het motorkapoverleg")
CONSULTATION_SHARED = gettext_lazy("vraag om advies of informatie (Samen op in acuut)")
ANSWER_SHARED = gettext_lazy("antwoord op een raadpleging (Samen op in acuut)")


# --- who ----------------------------------------------------------------------------------------


def _organisation_id(user) -> int | None:
    """The user's partner organisation; None for anyone else (and for inactive users)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    organisation = getattr(user, "organisation", None)
    if organisation is None or not organisation.is_partner:
        return None
    return organisation.pk


def may_start(*, user, family_system: FamilySystem) -> bool:
    """The police or Veilig Thuis, in a casework role, involved in the family system in its own
    right (a 112 incident or an acute melding recorded there makes it involved)."""
    return (
        is_professional(user)
        and user.organisation.kind in STARTER_KINDS
        and policy.is_involved(user, family_system)
    )


def participant_organisation_ids(episode: AcuteEpisode) -> list[int]:
    return list(
        EpisodeParticipant.objects.filter(episode=episode)
        .order_by("since", "id")
        .values_list("organisation_id", flat=True)
    )


def is_participant(*, user, episode: AcuteEpisode) -> bool:
    org_id = _organisation_id(user)
    return org_id is not None and org_id in participant_organisation_ids(episode)


def may_write(*, user, episode: AcuteEpisode) -> bool:
    """A professional of a participant organisation, involved in the family in its own right."""
    return (
        is_professional(user)
        and is_participant(user=user, episode=episode)
        and policy.is_involved(user, episode.family_system)
    )


# --- episodes -----------------------------------------------------------------------------------


def episodes_for(user) -> QuerySet[AcuteEpisode]:
    """The episodes the user's organisation takes part in, in family systems the user may see."""
    org_id = _organisation_id(user)
    if org_id is None:
        return AcuteEpisode.objects.none()
    return AcuteEpisode.objects.filter(
        pk__in=EpisodeParticipant.objects.filter(organisation_id=org_id).values("episode_id"),
        family_system__in=policy.family_systems_for(user),
    )


def _with_details(qs: QuerySet[AcuteEpisode]) -> QuerySet[AcuteEpisode]:
    return qs.select_related(
        "family_system",
        "started_by_organisation",
        "started_by",
        "trigger_melding",
        "beoordeling",
        "contact_organisation",
        "closed_by",
    )


def episode_get(*, user, pk: int) -> AcuteEpisode:
    """One episode the user's organisation takes part in; anything else raises Http404."""
    try:
        return _with_details(episodes_for(user)).get(pk=pk)
    except AcuteEpisode.DoesNotExist:
        raise Http404 from None


def episode_list(
    *, user, open_only: bool = False, closed_only: bool = False
) -> QuerySet[AcuteEpisode]:
    qs = _with_details(episodes_for(user))
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if closed_only:
        qs = qs.exclude(status__in=OPEN_STATUSES)
    return qs.order_by("-started_at", "-id")


def family_open_episode(*, user, family_system: FamilySystem) -> AcuteEpisode | None:
    """The open episode of this family system that the user's organisation takes part in."""
    return (
        episodes_for(user)
        .filter(family_system=family_system, status__in=OPEN_STATUSES)
        .select_related("started_by_organisation")
        .first()
    )


def open_episode_of(*, family_system: FamilySystem) -> AcuteEpisode | None:
    """Any open episode of the family system (for the service's "one at a time" rule)."""
    return (
        AcuteEpisode.objects.filter(family_system=family_system, status__in=OPEN_STATUSES)
        .select_related("started_by_organisation")
        .first()
    )


def family_member_ids(*, family_system: FamilySystem) -> list[int]:
    """The persons of the family system (for the access log)."""
    return sorted(
        FamilyMembership.objects.filter(family_system=family_system).values_list(
            "person_id", flat=True
        )
    )


def family_members_queryset(*, user, family_system: FamilySystem) -> QuerySet[Person]:
    """The members the user may see (all of them for a participant, which is involved), the
    oldest first."""
    return Person.objects.filter(
        pk__in=FamilyMembership.objects.filter(
            family_system=family_system, person__in=policy.persons_for(user)
        ).values("person_id")
    ).order_by("date_of_birth", "surname", "id")


def family_members(*, user, family_system: FamilySystem) -> list[Person]:
    return list(family_members_queryset(user=user, family_system=family_system))


def _adult_from(born: dt.date) -> dt.date:
    """The day someone born on ``born`` turns 18 (29 February: 1 March)."""
    try:
        return born.replace(year=born.year + 18)
    except ValueError:
        return dt.date(born.year + 18, 3, 1)


def is_minor(person: Person, on: dt.date) -> bool:
    return person.date_of_birth is not None and on < _adult_from(person.date_of_birth)


def children(episode: AcuteEpisode) -> list[Person]:
    """The children of the household: current members of the family system who are minors on
    the day of the incident. A member without a date of birth is not counted (the kindcheck
    list says so on the page)."""
    day = timezone.localdate(episode.incident_at)
    current = FamilyMembership.objects.filter(
        Q(until__isnull=True) | Q(until__gte=day), family_system_id=episode.family_system_id
    )
    members = Person.objects.filter(pk__in=current.values("person_id"), date_of_birth__isnull=False)
    return sorted({p for p in members if is_minor(p, day)}, key=lambda p: (p.date_of_birth, p.pk))


def members_without_birth_date(episode: AcuteEpisode) -> list[Person]:
    return list(
        Person.objects.filter(
            memberships__family_system_id=episode.family_system_id,
            memberships__until__isnull=True,
            date_of_birth__isnull=True,
        ).order_by("surname", "id")
    )


def participants(episode: AcuteEpisode) -> list[EpisodeParticipant]:
    return list(
        EpisodeParticipant.objects.filter(episode=episode)
        .select_related("organisation")
        .order_by("since", "id")
    )


def partner_label(episode: AcuteEpisode) -> str:
    """Whom the starter calls, in words."""
    if episode.started_by_organisation.kind == OrganisationKind.POLITIE:
        return _("Veilig Thuis")
    return _("de politie")


def callee_choices(*, user, episode: AcuteEpisode) -> QuerySet[Organisation]:
    """The organisations the user can call in step 1: Veilig Thuis organisations for the
    police, police organisations for Veilig Thuis (the page preselects the one "wie bel ik
    nu?" names)."""
    kind = CALLEE_KIND.get(getattr(user.organisation, "kind", ""), "")
    return Organisation.objects.filter(kind=kind).order_by("name", "id")


def status_changes(episode: AcuteEpisode) -> list[EpisodeStatusChange]:
    return list(
        EpisodeStatusChange.objects.filter(episode=episode)
        .select_related("organisation", "user")
        .order_by("at", "id")
    )


# --- step 1 -------------------------------------------------------------------------------------


def calls(episode: AcuteEpisode) -> list[CallLog]:
    return list(
        CallLog.objects.filter(episode=episode)
        .select_related("caller", "caller_organisation", "callee_organisation")
        .order_by("called_at", "id")
    )


def arrivals(episode: AcuteEpisode) -> list[Arrival]:
    return list(
        Arrival.objects.filter(episode=episode)
        .select_related("organisation")
        .order_by("arrived_at", "id")
    )


def departures(episode: AcuteEpisode) -> list[Departure]:
    return list(
        Departure.objects.filter(episode=episode)
        .select_related("organisation", "consultation_call")
        .order_by("departed_at", "id")
    )


def police_may_leave(episode: AcuteEpisode, at: dt.datetime) -> CallLog | Arrival | None:
    """What allows the police to leave at ``at``: Veilig Thuis's arrival before then, else the
    latest phone or video consultation with Veilig Thuis before then; None if neither."""
    arrival = (
        Arrival.objects.filter(
            episode=episode, organisation__kind=OrganisationKind.VT, arrived_at__lte=at
        )
        .order_by("arrived_at")
        .first()
    )
    if arrival is not None:
        return arrival
    return (
        CallLog.objects.filter(episode=episode, outcome__in=REMOTE_OUTCOMES, called_at__lte=at)
        .filter(
            Q(callee_organisation__kind=OrganisationKind.VT)
            | Q(caller_organisation__kind=OrganisationKind.VT)
        )
        .order_by("-called_at", "-id")
        .first()
    )


def reachability_place(*, user, episode: AcuteEpisode):
    """Where "wie bel ik nu?" asks about: the incident's postcode, else the region of the
    user's organisation (a VT-regio or basisteam), else nowhere (national number)."""
    if episode.postcode:
        return episode.postcode
    region = getattr(user.organisation, "region", None)
    if region is not None and region.kind in (RegionKind.VT_REGIO, RegionKind.BASISTEAM):
        return region
    return ""


def who_to_call(*, user, episode: AcuteEpisode, moment: dt.datetime | None = None):
    """The answer to "wie bel ik nu?" for step 1 (configuration, not case data)."""
    from voorop.reachability import selectors as reachability

    return reachability.who_to_call(
        place=reachability_place(user=user, episode=episode), moment=moment
    )


# --- step 2 -------------------------------------------------------------------------------------


def consultation_lines(*, user, episode: AcuteEpisode, moment: dt.datetime | None = None):
    """Whom the user's organisation may consult in step 2 (Veilig Thuis the Raad; the police
    the OM and the reclassering), each with the first line "wie bel ik nu?" gives for it at
    the incident's place now — after office hours the Raad's urgent line for OTS and
    uithuisplaatsing. ``[(kind, Line)]`` in the order of ``CONSULTATIONS``."""
    kinds = [to for (by, to) in CONSULTATIONS.values() if by == user.organisation.kind]
    found: dict[str, object] = {}
    for line in who_to_call(user=user, episode=episode, moment=moment).lines:
        kind = line.organisation.kind
        if kind in kinds and kind not in found:
            found[kind] = line
    return [(kind, found[kind]) for kind in kinds if kind in found]


def default_legal_basis() -> LegalBasis | None:
    """Art. 6 lid 1 sub d AVG (vital interest): offered first in an acute emergency."""
    return LegalBasis.objects.filter(is_vital_interest=True, active=True).order_by("pk").first()


def legal_bases(*, user, to_organisation: Organisation | None) -> list[LegalBasis]:
    """The bases the user's organisation may share on with ``to_organisation`` for Samen op in
    acuut, the vital-interest basis first."""
    from voorop.sharing import selectors as sharing

    bases = sharing.legal_bases_for(
        user=user, to_organisation=to_organisation, moment=CoordinationMoment.SAMEN_OP_IN_ACUUT
    )
    return sorted(bases, key=lambda b: (not b.is_vital_interest, b.short_label, b.pk))


def recipients(*, user, episode: AcuteEpisode) -> list[Organisation]:
    """Whom the user's organisation shares its motorkapoverleg contribution with: the other
    participants."""
    org_id = getattr(user, "organisation_id", None)
    return [p.organisation for p in participants(episode) if p.organisation_id != org_id]


def shareable_meldingen(*, user, episode: AcuteEpisode):
    """The user's organisation's own meldingen of this family (the only ones it may share)."""
    return (
        policy.own_meldingen_for(user)
        .filter(family_system_id=episode.family_system_id)
        .order_by("-occurred_at", "-id")[:20]
    )


@dataclass(frozen=True)
class ContributionView:
    """A contribution as this user may see it: the own one in full; another party's while
    the disclosure to the user's organisation is active, with provenance."""

    pk: int
    organisation_name: str
    own: bool
    visible: bool
    categories: list[str]
    category_labels: list[str]
    nothing_available: bool
    summary: str
    shared_at: dt.datetime
    shared_with: str
    legal_basis: str
    disclosure_reference: str
    withdrawn: bool
    melding_count: int
    provenance: Provenance | None = None


def _contribution_view(contribution: MotorkapContribution, org_id: int | None) -> ContributionView:
    d = contribution.disclosure
    own = contribution.organisation_id == org_id
    visible = own or (d.to_organisation_id == org_id and d.withdrawn_at is None)
    labels = dict(ContributionCategory.choices)
    return ContributionView(
        pk=contribution.pk,
        organisation_name=contribution.organisation.name,
        own=own,
        visible=visible,
        categories=list(contribution.categories) if visible else [],
        category_labels=[str(labels[c]) for c in contribution.categories if c in labels]
        if visible
        else [],
        nothing_available=contribution.nothing_available if visible else False,
        summary=contribution.summary if visible else "",
        shared_at=contribution.created_at,
        shared_with=d.to_organisation.name,
        legal_basis=d.legal_basis.short_label,
        disclosure_reference=d.reference,
        withdrawn=d.withdrawn_at is not None,
        melding_count=len(d.items.all()) if visible else 0,
        provenance=Provenance(
            organisation=d.from_organisation.name,
            shared_at=d.shared_at,
            legal_basis=d.legal_basis.short_label,
            moment=d.get_moment_display(),
            disclosure_reference=d.reference,
        )
        if visible and not own
        else None,
    )


def contributions(*, user, episode: AcuteEpisode) -> list[ContributionView]:
    """Every contribution of the episode; what the user may not read is blanked (a
    participant always learns *that* the other party shared, never more)."""
    org_id = _organisation_id(user)
    qs = (
        MotorkapContribution.objects.filter(episode=episode)
        .select_related(
            "organisation",
            "disclosure__from_organisation",
            "disclosure__to_organisation",
            "disclosure__legal_basis",
        )
        .prefetch_related("disclosure__items")
        .order_by("created_at", "id")
    )
    return [_contribution_view(c, org_id) for c in qs]


@dataclass(frozen=True)
class ConsultationView:
    pk: int
    episode_id: int
    episode_reference: str
    family_name: str
    family_reference: str
    kind: str
    kind_label: str
    requesting_organisation: str
    addressed_to: str
    requested_at: dt.datetime
    after_hours: bool
    line_used: str
    urgent_request: str
    urgent_request_label: str
    answered_at: dt.datetime | None
    answered_by_organisation: str
    question: str | None
    answer: str | None
    legal_basis: str
    disclosure_reference: str
    withdrawn: bool
    may_answer: bool
    is_addressee: bool


class _InvolvedIn:
    """Whether the user's organisation is involved in a family system in its own right,
    asked once per family system however many consultations a page shows."""

    def __init__(self, user) -> None:
        self.user = user
        self.known: dict[int, bool] = {}

    def __call__(self, family_system: FamilySystem) -> bool:
        if family_system.pk not in self.known:
            self.known[family_system.pk] = policy.is_involved(self.user, family_system)
        return self.known[family_system.pk]


def _consultation_view(
    c: Consultation, user, involved_in: _InvolvedIn | None = None
) -> ConsultationView:
    org_id = _organisation_id(user)
    reads_text = org_id in (c.requesting_organisation_id, c.addressed_to_id)
    is_addressee = org_id == c.addressed_to_id
    withdrawn = c.disclosure.withdrawn_at is not None
    involved_in = involved_in or _InvolvedIn(user)
    may_answer = (
        not c.answered
        and is_professional(user)
        and (
            (is_addressee and not withdrawn)
            or (org_id == c.requesting_organisation_id and involved_in(c.episode.family_system))
        )
    )
    return ConsultationView(
        pk=c.pk,
        episode_id=c.episode_id,
        episode_reference=c.episode.reference,
        family_name=c.episode.family_system.name,
        family_reference=c.episode.family_system.reference,
        kind=c.kind,
        kind_label=c.get_kind_display(),
        requesting_organisation=c.requesting_organisation.name,
        addressed_to=c.addressed_to.name,
        requested_at=c.requested_at,
        after_hours=c.after_hours,
        line_used=c.line_used,
        urgent_request=c.urgent_request,
        urgent_request_label=c.get_urgent_request_display(),
        answered_at=c.answered_at,
        answered_by_organisation=c.answered_by_organisation.name
        if c.answered_by_organisation
        else "",
        question=c.question if reads_text else None,
        answer=c.answer if reads_text and c.answered else None,
        legal_basis=c.disclosure.legal_basis.short_label,
        disclosure_reference=c.disclosure.reference,
        withdrawn=withdrawn,
        may_answer=may_answer,
        is_addressee=is_addressee,
    )


def _consultation_qs() -> QuerySet[Consultation]:
    return Consultation.objects.select_related(
        "episode__family_system",
        "requesting_organisation",
        "addressed_to",
        "answered_by_organisation",
        "disclosure__legal_basis",
    )


def consultations(*, user, episode: AcuteEpisode) -> list[ConsultationView]:
    """The consultations of an episode (``episode`` from ``episode_get``)."""
    qs = _consultation_qs().filter(episode=episode).order_by("requested_at", "id")
    involved_in = _InvolvedIn(user)
    return [_consultation_view(c, user, involved_in) for c in qs]


def consultations_addressed_to(user) -> QuerySet[Consultation]:
    """Requests addressed to the user's organisation, while their disclosure is active."""
    org_id = _organisation_id(user)
    if org_id is None:
        return Consultation.objects.none()
    return _consultation_qs().filter(addressed_to_id=org_id, disclosure__withdrawn_at__isnull=True)


def consultation_list(*, user) -> QuerySet[Consultation]:
    """The requests to the user's organisation, those still to be answered first, then the
    newest (for a paginated list: ``consultation_views`` turns a page into views)."""
    return consultations_addressed_to(user).order_by(
        F("answered_at").asc(nulls_first=True), "-requested_at", "-id"
    )


def consultation_views(*, user, consultations: Iterable[Consultation]) -> list[ConsultationView]:
    involved_in = _InvolvedIn(user)
    return [_consultation_view(c, user, involved_in) for c in consultations]


def consultation_get(*, user, pk: int) -> tuple[Consultation, ConsultationView]:
    """A consultation the user may see: addressed to the user's organisation (disclosure
    active), or of an episode the user's organisation takes part in. Else Http404."""
    org_id = _organisation_id(user)
    if org_id is None:
        raise Http404
    visible = consultations_addressed_to(user).filter(pk=pk).first()
    if visible is None:
        visible = _consultation_qs().filter(pk=pk, episode__in=episodes_for(user)).first()
    if visible is None:
        raise Http404
    return visible, _consultation_view(visible, user)


@dataclass(frozen=True)
class AssessmentStatus:
    """What every participant sees of Veilig Thuis's veiligheidsbeoordeling: that it exists,
    its reference and status, when part A was done. Never its content."""

    reference: str
    status_label: str
    part_a_done_at: dt.datetime | None
    own: bool
    url: str


def assessment_status(*, user, episode: AcuteEpisode) -> AssessmentStatus | None:
    beoordeling = episode.beoordeling
    if beoordeling is None:
        return None
    own = beoordeling.organisation_id == _organisation_id(user)
    return AssessmentStatus(
        reference=beoordeling.reference,
        status_label=beoordeling.get_status_display(),
        part_a_done_at=beoordeling.part_a_completed_at,
        own=own,
        url=reverse("assessment:detail", args=[episode.family_system_id, beoordeling.pk])
        if own
        else "",
    )


def own_recent_assessment(*, user, episode: AcuteEpisode):
    """An own veiligheidsbeoordeling for Samen op in acuut already started for this incident
    (from an hour before it), to link rather than start a second one."""
    from voorop.assessment import selectors as assessment
    from voorop.assessment.choices import Context

    return (
        assessment.own_beoordelingen(user)
        .filter(
            family_system_id=episode.family_system_id,
            context=Context.SAMEN_OP_IN_ACUUT,
            started_at__gte=episode.incident_at - dt.timedelta(hours=1),
        )
        .order_by("-started_at", "-id")
        .first()
    )


# --- step 3 -------------------------------------------------------------------------------------


def investigation_agreements(episode: AcuteEpisode) -> list[InvestigationAgreement]:
    return list(
        InvestigationAgreement.objects.filter(episode=episode)
        .select_related("by_organisation")
        .prefetch_related(Prefetch("persons", queryset=Person.objects.order_by("date_of_birth")))
        .order_by("sequence", "id")
    )


def child_checks(episode: AcuteEpisode) -> dict[int, ChildCheck]:
    return {
        c.child_id: c
        for c in ChildCheck.objects.filter(episode=episode).select_related("organisation")
    }


def injuries(episode: AcuteEpisode) -> list[InjuryRecord]:
    return list(
        InjuryRecord.objects.filter(episode=episode)
        .select_related("person", "organisation")
        .order_by("created_at", "id")
    )


def injury_get(*, episode: AcuteEpisode, pk: int) -> InjuryRecord:
    try:
        return InjuryRecord.objects.select_related("person").get(episode=episode, pk=pk)
    except InjuryRecord.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class ChildRow:
    child: Person
    check: ChildCheck | None
    injury: InjuryRecord | None


def child_rows(episode: AcuteEpisode) -> list[ChildRow]:
    checks = child_checks(episode)
    injured = {i.person_id: i for i in injuries(episode)}
    return [
        ChildRow(child=c, check=checks.get(c.pk), injury=injured.get(c.pk))
        for c in children(episode)
    ]


# --- step 4 -------------------------------------------------------------------------------------


def _episode_plan_items(episode: AcuteEpisode):
    from voorop.safetyplan.models import PlanItem, PlanItemStatus

    return PlanItem.objects.filter(
        plan__family_system_id=episode.family_system_id,
        moment=CoordinationMoment.SAMEN_OP_IN_ACUUT,
        moment_reference=episode.reference,
    ).exclude(status=PlanItemStatus.CANCELLED)


def plan_items(*, user, episode: AcuteEpisode):
    """The measures and agreements of this episode in the veiligheidsplan, as the plan shows
    them to the user (``safetyplan.selectors.PlanItemView``)."""
    from voorop.safetyplan import selectors as safetyplan

    views = safetyplan.plan_items(user=user, family_system=episode.family_system)
    return [
        v
        for v in views
        if v.moment == CoordinationMoment.SAMEN_OP_IN_ACUUT
        and v.moment_reference == episode.reference
    ]


def acute_interventions():
    """The interventiepalet entries that can be used in the acute phase."""
    from voorop.cases.models import Phase
    from voorop.safetyplan import selectors as safetyplan

    return safetyplan.intervention_list(phase=Phase.ACUUT)


# --- the facts the guards read ------------------------------------------------------------------


def episode_facts(episode: AcuteEpisode) -> workflow.Facts:
    """What ``workflow``'s guards look at, about this episode, now."""
    from voorop.safetyplan.models import PlanItemKind

    people = participants(episode)
    partner_ids = [p.organisation_id for p in people if p.role == ParticipantRole.PARTNER]
    contributed = set(
        MotorkapContribution.objects.filter(episode=episode).values_list(
            "organisation_id", flat=True
        )
    )
    episode_calls = CallLog.objects.filter(episode=episode)
    checks = child_checks(episode)
    kids = children(episode)
    injury_by_person = {i.person_id: i for i in injuries(episode)}
    gaps: list[workflow.InjuryGap] = []
    for child in kids:
        injury = injury_by_person.get(child.pk)
        check = checks.get(child.pk)
        needs = (injury is not None) or (check is not None and check.injury_suspected)
        if not needs:
            continue
        missing = []
        if injury is None or injury.forensic_doctor_at is None:
            missing.append(_("forensisch arts"))
        if injury is None or injury.forensic_investigation_at is None:
            missing.append(_("Forensische Opsporing"))
        if missing:
            gaps.append(workflow.InjuryGap(name=child.full_name, missing=tuple(missing)))
    items = list(_episode_plan_items(episode).values("kind", "topic", "reassess_on", "ends_on"))
    beoordeling = episode.beoordeling
    return workflow.Facts(
        status=episode.status,
        partner_label=partner_label(episode),
        partner_coming=episode_calls.filter(outcome=CallOutcome.ON_SITE).exists(),
        remote_consultation=episode_calls.filter(outcome__in=REMOTE_OUTCOMES).exists(),
        partner_arrived=Arrival.objects.filter(
            episode=episode, organisation_id__in=partner_ids
        ).exists()
        if partner_ids
        else False,
        has_partner=bool(partner_ids),
        contributors_missing=tuple(
            p.organisation.name for p in people if p.organisation_id not in contributed
        ),
        investigation_agreements=InvestigationAgreement.objects.filter(episode=episode).count(),
        children_unchecked=tuple(c.full_name for c in kids if c.pk not in checks),
        injury_gaps=tuple(gaps),
        measures=sum(1 for i in items if i["kind"] == PlanItemKind.INTERVENTION),
        agreement_topics=frozenset(i["topic"] for i in items if i["topic"]),
        reassessment_set=any(i["reassess_on"] is not None for i in items),
        contact_set=episode.contact_set_at is not None,
        assessment_part_a_done=beoordeling is not None
        and beoordeling.part_a_completed_at is not None,
        investigation_done=episode.investigation_done,
        everyone_safe=episode.everyone_safe,
        handover_route=episode.handover_route,
    )


@dataclass(frozen=True)
class NextStep:
    """A transition from the current status with what it still needs (for the page)."""

    transition: workflow.Transition
    problems: list[workflow.Problem]

    @property
    def possible(self) -> bool:
        return not self.problems


def next_steps(episode: AcuteEpisode, facts: workflow.Facts | None = None) -> list[NextStep]:
    """The forward transitions from the current status (not afbreken, not afsluiten: step 5
    has its own form), each with what it still needs."""
    facts = facts or episode_facts(episode)
    return [
        NextStep(transition=t, problems=t.guard(facts))
        for t in workflow.transitions_from(episode.status)
        if t.service == "episode_transition"
    ]


# --- metrics ------------------------------------------------------------------------------------


def vt_involvement_time(episode: AcuteEpisode) -> dt.timedelta | None:
    """How long from the incident until Veilig Thuis was involved (reached by phone, or
    started the episode itself); None while Veilig Thuis has not been reached."""
    if episode.vt_involved_at is None:
        return None
    return max(episode.vt_involved_at - episode.incident_at, dt.timedelta(0))


VT_STARTED = "VT_GESTART"


@dataclass(frozen=True)
class VtInvolvementTime:
    """One episode in the monitoring of "time from incident to Veilig Thuis involved". No
    person data: identifiers, times and the way Veilig Thuis took part."""

    episode_id: int
    reference: str
    started_by_kind: str
    status: str
    incident_at: dt.datetime
    vt_involved_at: dt.datetime | None
    duration: dt.timedelta | None
    mode: str  # ON_SITE / PHONE / VIDEO (the first call that reached VT), VT_GESTART, or ""

    @property
    def minutes(self) -> int | None:
        return None if self.duration is None else int(self.duration.total_seconds() // 60)


def vt_involvement_times(
    *,
    started_from: dt.datetime | None = None,
    started_until: dt.datetime | None = None,
    episodes: Iterable[AcuteEpisode] | None = None,
) -> list[VtInvolvementTime]:
    """Per episode (all, or those started in a period, or the given ones): the time from
    incident to Veilig Thuis involved, and how Veilig Thuis took part. For monitoring, which
    aggregates these per region and period; it holds no case content."""
    if episodes is None:
        qs = AcuteEpisode.objects.select_related("started_by_organisation")
        if started_from is not None:
            qs = qs.filter(started_at__gte=started_from)
        if started_until is not None:
            qs = qs.filter(started_at__lt=started_until)
        episodes = qs.order_by("started_at", "id")
    episodes = list(episodes)
    first_vt_call: dict[int, str] = {}
    for call in (
        CallLog.objects.filter(
            episode_id__in=[e.pk for e in episodes],
            callee_organisation__kind=OrganisationKind.VT,
        )
        .exclude(outcome=CallOutcome.NOT_REACHABLE)
        .order_by("called_at", "id")
        .values("episode_id", "outcome")
    ):
        first_vt_call.setdefault(call["episode_id"], call["outcome"])
    rows = []
    for e in episodes:
        started_by_vt = e.started_by_organisation.kind == OrganisationKind.VT
        rows.append(
            VtInvolvementTime(
                episode_id=e.pk,
                reference=e.reference,
                started_by_kind=e.started_by_organisation.kind,
                status=e.status,
                incident_at=e.incident_at,
                vt_involved_at=e.vt_involved_at,
                duration=vt_involvement_time(e),
                mode=VT_STARTED if started_by_vt else first_vt_call.get(e.pk, ""),
            )
        )
    return rows


# --- for the disclosure register ----------------------------------------------------------------


def shared_records(disclosure_ids: list[int]):
    """The register's provider (``voorop.sharing.records``): which disclosures share a
    motorkapoverleg contribution or a consultation (request or answer). Never the content."""
    from voorop.sharing.records import SharedRecord

    found: dict[int, list[SharedRecord]] = {}
    for c in MotorkapContribution.objects.filter(disclosure_id__in=disclosure_ids).select_related(
        "episode", "organisation"
    ):
        found.setdefault(c.disclosure_id, []).append(
            SharedRecord(
                kind="samen-op-bijdrage",
                record_id=c.pk,
                label=_("Motorkapoverleg %(ref)s: bijdrage van %(org)s")
                % {"ref": c.episode.reference, "org": c.organisation.name},
                shared=str(CONTRIBUTION_SHARED),
                url=reverse("acuut:step", args=[c.episode_id, 2]),
            )
        )
    for consultation in Consultation.objects.filter(
        Q(disclosure_id__in=disclosure_ids) | Q(answer_disclosure_id__in=disclosure_ids)
    ).select_related("episode"):
        label = _("%(kind)s (%(ref)s)") % {
            "kind": consultation.get_kind_display(),
            "ref": consultation.episode.reference,
        }
        url = reverse("acuut:consultation", args=[consultation.pk])
        if consultation.disclosure_id in disclosure_ids:
            found.setdefault(consultation.disclosure_id, []).append(
                SharedRecord(
                    kind="samen-op-raadpleging",
                    record_id=consultation.pk,
                    label=label,
                    shared=str(CONSULTATION_SHARED),
                    url=url,
                )
            )
        if consultation.answer_disclosure_id in disclosure_ids:
            found.setdefault(consultation.answer_disclosure_id, []).append(
                SharedRecord(
                    kind="samen-op-antwoord",
                    record_id=consultation.pk,
                    label=label,
                    shared=str(ANSWER_SHARED),
                    url=url,
                )
            )
    return found
